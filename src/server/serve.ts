/**
 * The whole server: one process, one thread, one database connection. It adds to the Node
 * adapter's handler only what the adapter does not do: migrations, the mail worker and
 * housekeeping (prepare.ts), the request guard shared with `astro dev` (guard-request.ts),
 * compression, and a bounded shutdown. A bad configuration stops the start with a message naming
 * the setting.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { join } from 'node:path';
import { formatWithOptions } from 'node:util';
import compression from 'compression';
import { ConfigError, getConfig, listenOrigin, type Config } from '#lib/config/config.ts';
import { getCampaignSettings } from '#lib/content/campaign.ts';
import { isPublicSite, unfinishedCampaignFields } from '#lib/content/campaign-readiness.ts';
import { withBackpressure } from '#lib/http/backpressure.ts';
import { log } from '#lib/log/logger.ts';
import { closeDatabase, getDatabase } from '#lib/runtime/database.ts';
import { guardRequest } from './guard-request.ts';
import { prepareApp } from './prepare.ts';
import { requireLitestream } from '#lib/replication/litestream.ts';
import { startReplication, type Replication } from './replicate.ts';

/** From SIGTERM to exit, under the 10 s a supervisor (systemd, Docker) waits before SIGKILL. */
const shutdownBudgetMs = 9_000;
/** Of that budget, how long requests in flight may take before their connections are closed. */
const requestDrainMs = 4_000;
/** Of that budget, what is kept for Litestream's last upload when replication is on. */
const litestreamStopMs = 3_000;

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

/** Why a public production site must not start while content/campaign.yaml still holds its example values, if it must not. */
async function campaignNotReady(config: Config): Promise<string | undefined> {
  if (!config.production || !isPublicSite(config.siteUrl)) return undefined;
  const unfinished = unfinishedCampaignFields(await getCampaignSettings());
  if (unfinished.length === 0) return undefined;
  return (
    `content/campaign.yaml is not ready for a public site (${config.siteUrl.origin}):\n${unfinished.map((line) => `- ${line}`).join('\n')}\n` +
    'Edit the file, rebuild (npm run build) and start again.'
  );
}

/**
 * Prerendered pages carry the SITE_URL of their build (canonical, og:url, feed, sitemap, share
 * links). A public site started under another address would send readers to the wrong one: it
 * refuses to start. A local run only says so.
 */
function wrongBuildSite(config: Config, root: string): string | undefined {
  const info = join(root, 'dist/build-info.json');
  if (!existsSync(info)) return undefined;
  const { site } = JSON.parse(readFileSync(info, 'utf8')) as { site: string };
  if (new URL(site).href === config.siteUrl.href) return undefined;
  const shown = (url: URL) => (url.pathname === '/' ? url.origin : url.href);
  const built = shown(new URL(site));
  const wanted = shown(config.siteUrl);
  const fix = `${config.production ? 'NODE_ENV=production ' : ''}SITE_URL=${wanted} npm run build`;
  if (config.production && isPublicSite(config.siteUrl)) {
    return (
      `This build was made for ${built}, but SITE_URL is ${wanted}: its pages would link readers to ${built}.\n` +
      `Build for this address and start again: ${fix} (or start with \`npm start\`, which rebuilds when SITE_URL changes).`
    );
  }
  log.warn('build.site_mismatch', { builtFor: site, siteUrl: config.siteUrl.href, fix: `run \`${fix}\`, or use \`npm start\`` });
  return undefined;
}

/**
 * compression's negotiator (0.6) reads a weight only when written `q=`, so `br;Q=0` got brotli.
 * Content codings and the weight's name are case-insensitive (RFC 9110, 12.4.2 and 12.5.3): it
 * is given the header in lower case.
 */
function lowerCaseAcceptEncoding(req: IncomingMessage): void {
  const accept = req.headers['accept-encoding'];
  if (accept) req.headers['accept-encoding'] = accept.toLowerCase();
}

async function serve(root: string): Promise<void> {
  const config = getConfig();
  // A public site refuses to start for every reason at once, so one round of fixes is enough.
  const refusals = [wrongBuildSite(config, root), await campaignNotReady(config)].filter((reason) => reason !== undefined);
  if (refusals.length > 0) throw new ConfigError(refusals.join('\n\n'));
  const litestream = config.replica ? requireLitestream(root) : undefined;
  routeConsoleToLog();
  const app = prepareApp(config, root);
  const replication: Replication | undefined =
    config.replica && litestream ? startReplication({ db: getDatabase(), databasePath: config.databasePath, replica: config.replica, binary: litestream }) : undefined;

  // The adapter's module starts a server of its own on import unless told not to.
  process.env.ASTRO_NODE_AUTOSTART = 'disabled';
  const { handler: astro } = (await import('@astrojs/node/server.js')) as { handler: (req: IncomingMessage, res: ServerResponse) => void };
  const compress = compression();
  const server = createServer((req, res) =>
    guardRequest(config, req, res, () => {
      lowerCaseAcceptEncoding(req);
      compress(req as never, res as never, () => withBackpressure(res, () => astro(req, res)));
    }),
  );
  // A reverse proxy keeps connections to us open for reuse (nginx: 60 s idle). If we closed one
  // first, a request it sent on it at that moment would fail; so we wait longer than it does.
  server.keepAliveTimeout = 65_000;
  server.on('error', (error) => {
    log.error('server.failed', { error, host: config.host, port: config.port });
    process.exit(1);
  });
  await new Promise<void>((resolve) => server.listen(config.port, config.host, resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  log.info('server.listening', { url: `${listenOrigin(config, port)}/`, siteUrl: config.siteUrl.href });

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    const deadline = Date.now() + shutdownBudgetMs;
    log.info('server.stopping', { signal });
    // Stop taking connections, let requests in flight finish (then close what is left), send
    // what is queued while time remains, and close the file.
    const forceClose = setTimeout(() => server.closeAllConnections(), requestDrainMs).unref();
    server.close(() => {
      clearTimeout(forceClose);
      void app
        .stop(Math.max(0, deadline - Date.now() - (replication ? litestreamStopMs : 0)))
        .finally(async () => {
          // The database first, then Litestream: its last upload then holds the last write.
          closeDatabase();
          await replication?.stop(Math.max(0, deadline - Date.now()));
        })
        .finally(() => {
          log.info('server.stopped');
          process.exit(0);
        });
    });
    server.closeIdleConnections();
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
}

/** Runs the server from the project's folder `root` (for the migrations and the build's record); exits on a failed start. */
export async function runServer(root: string): Promise<void> {
  try {
    await serve(root);
  } catch (error) {
    if (error instanceof ConfigError) process.stderr.write(`${error.message}\n`);
    else log.error('server.failed', { error });
    process.exit(1);
  }
}
