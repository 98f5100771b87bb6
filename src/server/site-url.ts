/**
 * The site's public address as the build bakes it into prerendered pages: SITE_URL, or the
 * local address a first run serves on. Read by astro.config.mjs and by `npm start` (which
 * rebuilds when it changes); the server itself validates it with the rest of the configuration.
 */
export function siteUrlFromEnvironment(env: NodeJS.ProcessEnv = process.env): string {
  return env.SITE_URL || `http://localhost:${env.PORT || 4321}`;
}
