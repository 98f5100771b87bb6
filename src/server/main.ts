/**
 * The production server: one Node process, one SQLite file. Runs migrations, then serves the
 * Astro build (static files and on-demand pages) with compression and security headers, and
 * shuts down gracefully on SIGTERM/SIGINT. Run with `npm start` or `node src/server/main.ts`.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import compression from 'compression';
import { ConfigError, getConfig, type Config } from '#lib/config/config.ts';
import { securityHeaders } from '#lib/http/security-headers.ts';
import { clientIpHeader, resolveClientIp } from '#lib/http/client-ip.ts';
import { closeDatabase } from '#lib/runtime/database.ts';
import { log } from '#lib/log/logger.ts';
import { prepareApp } from './prepare.ts';

const entry = fileURLToPath(new URL('../../dist/server/entry.mjs', import.meta.url));
const shutdownGraceMs = 10_000;

type Handler = (req: IncomingMessage, res: ServerResponse) => void;

async function loadAstroHandler(): Promise<Handler> {
  if (!existsSync(entry)) {
    throw new ConfigError('No build found at dist/server/entry.mjs. Run `npm run build` (or `npm start`, which builds first).');
  }
  // The adapter starts its own server on import unless told not to: this process owns the server.
  process.env.ASTRO_NODE_AUTOSTART = 'disabled';
  const astro = (await import(entry)) as { handler: Handler };
  return astro.handler;
}

function serve(config: Config, astroHandler: Handler) {
  const compress = compression();
  const headers = Object.entries(securityHeaders(config));
  const server = createServer((req, res) => {
    req.headers[clientIpHeader] = resolveClientIp(req.socket.remoteAddress, req.headers['x-forwarded-for'], config.trustProxy);
    for (const [name, value] of headers) res.setHeader(name, value);
    compress(req as never, res as never, () => astroHandler(req, res));
  });
  server.listen(config.port, config.host, () => {
    const address = server.address();
    const port = typeof address === 'object' && address ? address.port : config.port;
    log.info('server.listening', { url: `http://${config.host}:${port}/`, siteUrl: config.siteUrl.href });
  });
  return server;
}

/** Prerendered pages carry the SITE_URL of their build: say so when the server runs under another. */
function warnOnStaleBuild(config: Config): void {
  const info = fileURLToPath(new URL('../../dist/build-info.json', import.meta.url));
  if (!existsSync(info)) return;
  const { site } = JSON.parse(readFileSync(info, 'utf8')) as { site: string };
  if (new URL(site).href !== config.siteUrl.href) {
    log.warn('build.site_mismatch', { builtFor: site, siteUrl: config.siteUrl.href, fix: 'run `npm run build` with this SITE_URL, or use `npm start`' });
  }
}

async function main(): Promise<void> {
  const config = getConfig();
  const app = prepareApp(config);
  warnOnStaleBuild(config);
  const server = serve(config, await loadAstroHandler());

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info('server.stopping', { signal });
    const forced = setTimeout(() => server.closeAllConnections(), shutdownGraceMs).unref();
    server.close(() => {
      clearTimeout(forced);
      // Requests are done; send what is queued while there is time, then close the file.
      void app.stop(shutdownGraceMs).finally(() => {
        closeDatabase();
        log.info('server.stopped');
        process.exit(0);
      });
    });
    server.closeIdleConnections();
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError) {
    process.stderr.write(`${error.message}\n`);
  } else {
    log.error('server.failed', { error });
    console.error(error);
  }
  process.exit(1);
});
