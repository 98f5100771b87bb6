import type { Config } from '#lib/config/config.ts';

/**
 * Under `astro dev` only: Vite's client (a script from the dev server, with a socket back to it
 * for reloads) and the styles it injects inline. Nothing of the site needs them.
 */
const viteDevClient = ["script-src 'self'", "connect-src 'self' ws: wss:"];

/**
 * Headers for every response, static files included. The site loads nothing from other
 * origins and runs no script, so the policy can deny everything but our own CSS and images.
 * `astro dev` sends the same, with only what its own tooling needs added (see viteDevClient).
 */
export function securityHeaders(config: Pick<Config, 'hsts'>, options: { devServer?: boolean } = {}): Record<string, string> {
  const headers: Record<string, string> = {
    'Content-Security-Policy': [
      "default-src 'none'",
      options.devServer ? "style-src 'self' 'unsafe-inline'" : "style-src 'self'",
      "img-src 'self'",
      "form-action 'self'",
      "base-uri 'none'",
      "frame-ancestors 'none'",
      ...(options.devServer ? viteDevClient : []),
    ].join('; '),
    // Nothing reaches other sites; pages behind emailed links tighten this to no-referrer.
    'Referrer-Policy': 'same-origin',
    'X-Content-Type-Options': 'nosniff',
    'X-Frame-Options': 'DENY',
    'Cross-Origin-Opener-Policy': 'same-origin',
    'Cross-Origin-Resource-Policy': 'same-origin',
    'Permissions-Policy': 'camera=(), microphone=(), geolocation=(), browsing-topics=()',
  };
  if (config.hsts) headers['Strict-Transport-Security'] = 'max-age=63072000; includeSubDomains';
  return headers;
}
