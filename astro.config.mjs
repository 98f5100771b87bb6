// @ts-check
import { writeFileSync } from 'node:fs';
import { defineConfig } from 'astro/config';
import node from '@astrojs/node';

// Prerendered pages carry absolute URLs (canonical, Open Graph, feeds), so the site's public
// address is baked in at build time; `npm start` rebuilds when SITE_URL changes.
const site = process.env.SITE_URL || `http://localhost:${process.env.PORT || 4321}`;

let isDev = false;

/**
 * In `astro dev`, migrate the database like the production server does at start; after a build,
 * record the SITE_URL it was made for so `npm start` knows when to rebuild.
 * @type {import('astro').AstroIntegration}
 */
const undersignedRuntime = {
  name: 'undersigned:runtime',
  hooks: {
    'astro:config:setup': ({ command }) => {
      isDev = command === 'dev';
    },
    // Also fired for the build's internal server, which must not touch the database.
    'astro:server:setup': async () => {
      if (!isDev) return;
      const { getConfig } = await import('./src/lib/config/config.ts');
      const { prepareApp } = await import('./src/server/prepare.ts');
      prepareApp(getConfig());
    },
    'astro:build:done': ({ dir }) => {
      writeFileSync(new URL('../build-info.json', dir), JSON.stringify({ site, builtAt: new Date().toISOString() }));
    },
  },
};

export default defineConfig({
  site,
  output: 'static',
  adapter: node({ mode: 'standalone', bodySizeLimit: 64 * 1024 }),
  integrations: [undersignedRuntime],
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
  session: false,
});
