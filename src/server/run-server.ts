import { existsSync, readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { join } from 'node:path';
import { formatWithOptions } from 'node:util';
import compression from 'compression';
import { ConfigError, getConfig, type Config } from '#lib/config/config.ts';
import { getCampaignSettings } from '#lib/content/campaign.ts';
import { isPublicSite, unfinishedCampaignFields } from '#lib/content/campaign-readiness.ts';
import { isAllowedHost } from '#lib/http/allowed-host.ts';
import { withBackpressure } from '#lib/http/backpressure.ts';
import { resolveClientAddress, withClientAddress } from '#lib/http/client-address.ts';
import { securityHeaders } from '#lib/http/security-headers.ts';
import { log } from '#lib/log/logger.ts';
import { closeDatabase } from '#lib/runtime/database.ts';
import { onPublicPagesChanged } from '#lib/runtime/public-pages.ts';
import { createPageCache } from './page-cache.ts';
import { prepareApp } from './prepare.ts';
import { bufferBody } from './request-body.ts';

/** From SIGTERM to exit, under the 10 s a supervisor (systemd, Docker) waits before SIGKILL. */
const shutdownBudgetMs = 9_000;
/** Of that budget, how long requests in flight may take before their connections are closed. */
const requestDrainMs = 4_000;

type Handler = (req: IncomingMessage, res: ServerResponse) => void;

/**
 * Libraries print with console.* too (the Node adapter prints the address of a page that failed
 * to render, token and all): their lines go through the same redacted JSON log.
 */
function routeConsoleToLog(): void {
  const line = (args: unknown[]) => ({ message: formatWithOptions({ colors: false }, ...args) });
  console.error = (...args: unknown[]) => log.error('console', line(args));
  console.warn = (...args: unknown[]) => log.warn('console', line(args));
  console.info = console.log = (...args: unknown[]) => log.info('console', line(args));
}

async function loadAstroHandler(): Promise<Handler> {
  // The adapter's module starts a server of its own on import unless told not to.
  process.env.ASTRO_NODE_AUTOSTART = 'disabled';
  const { handler } = await import('@astrojs/node/server.js');
  return handler as Handler;
}

function listen(config: Config, astroHandler: Handler) {
  const compress = compression();
  const headers = Object.entries(securityHeaders(config));
  // The query parameters public pages read: results, the list's filters, and emailed links' tokens.
  const pages = createPageCache({ queryKeys: ['done', 'q', 'country', 'page', 'token'] });
  onPublicPagesChanged((tags) => pages.invalidate(tags));
  const server = createServer((req, res) => {
    for (const [name, value] of headers) res.setHeader(name, value);
    // Uptime checks may use any name; everything else must be addressed to this site.
    if (!isAllowedHost(req.headers.host, config) && req.url !== '/healthz') {
      res.writeHead(421, { 'Content-Type': 'text/plain; charset=utf-8' }).end(`This server only answers for ${config.siteUrl.host}.\n`);
      return;
    }
    const client = resolveClientAddress(req.socket.remoteAddress, req.headers['x-forwarded-for'], config.trustProxy);
    const handle = () =>
      withClientAddress(client, () =>
        pages.handle(req, res, (prepare) =>
          compress(req as never, res as never, () => {
            prepare();
            withBackpressure(res, () => astroHandler(req, res));
          }),
        ),
      );
    if (req.method === 'GET' || req.method === 'HEAD') return handle();
    void bufferBody(req).then(
      (body) => {
        if (body === 'too-large') {
          if (!res.destroyed) res.writeHead(413, { 'Content-Type': 'text/plain; charset=utf-8', Connection: 'close' }).end('The form is too large to be read.\n');
          return;
        }
        (req as IncomingMessage & { body?: Buffer }).body = body;
        handle();
      },
      () => res.destroy(),
    );
  });
  server.on('error', (error) => {
    log.error('server.failed', { error, host: config.host, port: config.port });
    process.exit(1);
  });
  server.listen(config.port, config.host, () => {
    const address = server.address();
    const port = typeof address === 'object' && address ? address.port : config.port;
    log.info('server.listening', { url: `http://${config.host.includes(':') ? `[${config.host}]` : config.host}:${port}/`, siteUrl: config.siteUrl.href });
  });
  return server;
}

/** Prerendered pages carry the SITE_URL of their build: say so when the server runs under another. */
function warnOnStaleBuild(config: Config, root: string): void {
  const info = join(root, 'dist/build-info.json');
  if (!existsSync(info)) return;
  const { site } = JSON.parse(readFileSync(info, 'utf8')) as { site: string };
  if (new URL(site).href !== config.siteUrl.href) {
    log.warn('build.site_mismatch', { builtFor: site, siteUrl: config.siteUrl.href, fix: 'run `npm run build` with this SITE_URL, or use `npm start`' });
  }
}

/**
 * Runs the whole server: migrates the database, starts the outbox worker, serves the site with
 * compression, security headers, the client address resolved and public pages kept in the page
 * cache, and on SIGTERM/SIGINT finishes
 * requests and queued mail within the shutdown budget, then closes the database. A bad
 * configuration stops the start with a message naming the setting.
 */
export async function runServer(root: string): Promise<void> {
  try {
    await serve(getConfig(), root);
  } catch (error) {
    if (error instanceof ConfigError) process.stderr.write(`${error.message}\n`);
    else log.error('server.failed', { error });
    process.exit(1);
  }
}

/** A public production site does not start while content/campaign.yaml still holds its example values. */
async function checkCampaignReady(config: Config): Promise<void> {
  if (!config.production || !isPublicSite(config.siteUrl)) return;
  const unfinished = unfinishedCampaignFields(await getCampaignSettings());
  if (unfinished.length > 0) {
    throw new ConfigError(
      `content/campaign.yaml is not ready for a public site (${config.siteUrl.origin}):\n${unfinished.map((line) => `- ${line}`).join('\n')}\n` +
        'Edit the file, rebuild (npm run build) and start again.',
    );
  }
}

async function serve(config: Config, root: string): Promise<void> {
  await checkCampaignReady(config);
  routeConsoleToLog();
  const app = prepareApp(config, root);
  warnOnStaleBuild(config, root);
  const server = listen(config, await loadAstroHandler());

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    const deadline = Date.now() + shutdownBudgetMs;
    log.info('server.stopping', { signal });
    const forceClose = setTimeout(() => server.closeAllConnections(), requestDrainMs).unref();
    server.close(() => {
      clearTimeout(forceClose);
      // Requests are done; send what is queued while there is time, then close the file.
      void app.stop(Math.max(0, deadline - Date.now())).finally(() => {
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
