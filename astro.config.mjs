// @ts-check
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'astro/config';
import node from '@astrojs/node';
import { isRunnableDevEnvironment } from 'vite';
import { keyedParameters } from './src/lib/http/cache-key.ts';
import { bodyLimitBytes, guardRequest } from './src/server/guard-request.ts';
import { siteUrlFromEnvironment } from './src/server/site-url.ts';

// Prerendered pages carry absolute URLs (canonical, Open Graph, feeds), so the site's public
// address is baked in at build time; `npm start` rebuilds when SITE_URL changes.
const site = siteUrlFromEnvironment();
const root = fileURLToPath(new URL('./', import.meta.url));

/**
 * The Node adapter with our server entry in place of its own: dist/server/entry.mjs is then the
 * whole server (migrations, mail worker, security headers, client address, shutdown), bundled
 * with the pages, so there is one way to start it and one copy of the domain in the process.
 * @param {Parameters<typeof node>[0]} options
 * @returns {import('astro').AstroIntegration}
 */
function nodeWithOurServer(options) {
  const adapter = node(options);
  const configDone = adapter.hooks['astro:config:done'];
  return {
    ...adapter,
    hooks: {
      ...adapter.hooks,
      'astro:config:done': (params) =>
        configDone?.({
          ...params,
          setAdapter: (settings) => params.setAdapter({ ...settings, serverEntrypoint: new URL('./src/server/entry.ts', import.meta.url) }),
        }),
    },
  };
}

/**
 * `astro dev` meets requests with the built server's guard (security headers, request target,
 * Host, body limit), and prepares the database and starts the mail worker the way the built
 * server does, inside Vite's module graph so pages and worker share one database connection.
 * After a build, records the SITE_URL it was made for so `npm start` knows when to rebuild.
 * @type {import('astro').AstroIntegration}
 */
const undersignedRuntime = {
  name: 'undersigned:runtime',
  hooks: {
    'astro:server:setup': async ({ server }) => {
      const ssr = server.environments.ssr;
      // Also fired for the build's internal server, which has no runner and must not touch the database.
      if (!ssr || !isRunnableDevEnvironment(ssr) || !server.httpServer) return;
      const { runner } = ssr;
      const { getConfig } = await runner.import('/src/lib/config/config.ts');
      const { prepareApp } = await runner.import('/src/server/prepare.ts');
      const config = getConfig();
      server.middlewares.use((req, res, next) => guardRequest(config, req, res, next, { devServer: true }));
      const app = prepareApp(config, root);
      server.httpServer.once('close', () => void app.stop(0));
    },
    'astro:build:done': ({ dir }) => {
      writeFileSync(new URL('../build-info.json', dir), JSON.stringify({ site, builtAt: new Date().toISOString() }));
    },
  },
};

export default defineConfig({
  site,
  output: 'static',
  // guard-request.ts refuses a larger Content-Length first; this is Astro's own check behind it.
  adapter: nodeWithOurServer({ mode: 'standalone', bodySizeLimit: bodyLimitBytes }),
  // Public pages say how long they keep (src/lib/http/public-cache.ts); Astro's memory cache keeps
  // them in the server, told of changes through SQLite (src/server/public-page-cache.ts). Only the
  // query parameters pages read are part of a page's address (cache-key.ts), and a page answers
  // any of them it does not read, or a value it cannot have, with a redirect. At most `max` pages
  // are kept, each bounded (a list page shows 50 entries).
  cache: {
    provider: {
      name: 'public-pages',
      entrypoint: './src/server/public-page-cache.ts',
      config: { max: 500, query: { include: keyedParameters } },
    },
  },
  integrations: [undersignedRuntime],
  // Astro's own lines (a failed render prints the URL, token and all) are redacted like ours.
  logger: { entrypoint: fileURLToPath(new URL('./src/lib/log/astro-destination.ts', import.meta.url)) },
  compressHTML: true,
  trailingSlash: 'ignore',
  build: {
    // One cached stylesheet for every page instead of inline CSS: smaller pages after the first,
    // and a Content-Security-Policy without 'unsafe-inline'.
    inlineStylesheets: 'never',
  },
  i18n: {
    locales: ['en', 'ru', 'kk'],
    defaultLocale: 'en',
    routing: 'manual',
  },
  security: {
    // src/middleware.ts checks Origin against SITE_URL instead: behind a TLS proxy the request
    // URL Astro compares with is http://, and every form POST would be refused.
    checkOrigin: false,
  },
  devToolbar: { enabled: false },
  vite: {
    // Bundled into the server instead of loaded from node_modules: these two alone are some 650
    // module files, and resolving them was most of the time the server took to start.
    ssr: { noExternal: ['drizzle-orm', 'zod'] },
  },
  session: false,
});
