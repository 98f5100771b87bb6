import { existsSync, readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { join } from 'node:path';
import { formatWithOptions } from 'node:util';
import { isMainThread, parentPort, threadId, Worker, workerData } from 'node:worker_threads';
import compression from 'compression';
import { ConfigError, getConfig, listenOrigin, type Config } from '#lib/config/config.ts';
import { getCampaignSettings } from '#lib/content/campaign.ts';
import { isPublicSite, unfinishedCampaignFields } from '#lib/content/campaign-readiness.ts';
import { isAllowedHost } from '#lib/http/allowed-host.ts';
import { withBackpressure } from '#lib/http/backpressure.ts';
import { resolveClientAddress, withClientAddress } from '#lib/http/client-address.ts';
import { securityHeaders } from '#lib/http/security-headers.ts';
import { log } from '#lib/log/logger.ts';
import { closeDatabase } from '#lib/runtime/database.ts';
import { shareWriteLock, writeLockBuffer } from '#lib/runtime/write-batch.ts';
import { publicPageChanges, publicPageMarks, sharePublicPageMarks } from '#lib/runtime/public-pages.ts';
import { createPageCache } from './page-cache.ts';
import { prepareApp } from './prepare.ts';
import { bufferBody } from './request-body.ts';

/** From SIGTERM to exit, under the 10 s a supervisor (systemd, Docker) waits before SIGKILL. */
const shutdownBudgetMs = 9_000;
/** Of that budget, how long requests in flight may take before their connections are closed. */
const requestDrainMs = 4_000;

type Handler = (req: IncomingMessage, res: ServerResponse) => void;
/** What the first thread tells each other HTTP thread: the port, the page cache's change marks, the commit lock. */
type ThreadData = { port: number; marks: SharedArrayBuffer; writeLock: SharedArrayBuffer };

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

/**
 * Answers HTTP on `port`. With `shared`, other threads of this process listen on the same port
 * (SO_REUSEPORT) and the kernel spreads connections among them.
 */
function listen(config: Config, astroHandler: Handler, port: number, shared: boolean) {
  const compress = compression();
  const headers = Object.entries(securityHeaders(config));
  // The query parameters public pages read: results, the list's filters, and emailed links' tokens.
  const pages = createPageCache({ changes: publicPageChanges, queryKeys: ['done', 'q', 'country', 'page', 'token'] });
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
  const listening = new Promise<number>((resolve) => {
    server.listen({ port, host: config.host, reusePort: shared }, () => {
      const address = server.address();
      resolve(typeof address === 'object' && address ? address.port : port);
    });
  });
  return { server, listening };
}

/** Stops taking connections, gives requests in flight `requestDrainMs`, then closes the rest. */
function closeServer(server: ReturnType<typeof createServer>): Promise<void> {
  return new Promise((resolve) => {
    const forceClose = setTimeout(() => server.closeAllConnections(), requestDrainMs).unref();
    server.close(() => {
      clearTimeout(forceClose);
      resolve();
    });
    server.closeIdleConnections();
  });
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
 * cache, from HTTP_THREADS threads of this one process on one port (the first thread also sends
 * mail and keeps house; `entry` is the module the others start from). On SIGTERM/SIGINT it
 * finishes requests and queued mail within the shutdown budget, then closes the database. A bad
 * configuration stops the start with a message naming the setting.
 */
export async function runServer(root: string, entry: URL): Promise<void> {
  try {
    if (isMainThread) await serve(getConfig(), root, entry);
    else await serveThread(getConfig(), workerData as ThreadData);
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

/**
 * One of the other HTTP threads: it shares the port, the database file and the cache's change
 * marks with the first thread, and leaves migrations, mail and housekeeping to it.
 */
async function serveThread(config: Config, { port, marks, writeLock }: ThreadData): Promise<void> {
  routeConsoleToLog();
  sharePublicPageMarks(marks);
  shareWriteLock(writeLock);
  const { server, listening } = listen(config, await loadAstroHandler(), port, true);
  await listening;
  log.info('server.thread_listening', { thread: threadId, port });
  parentPort?.once('message', () => {
    void closeServer(server).then(() => {
      closeDatabase();
      process.exit(0);
    });
  });
}

/**
 * Starts the other HTTP threads on the first thread's port. A thread that fails is logged; the
 * others go on answering.
 */
function startThreads(config: Config, entry: URL, data: ThreadData) {
  return Array.from({ length: config.httpThreads - 1 }, (_, index) => {
    const thread = new Worker(entry, { workerData: data });
    thread.on('error', (error) => log.error('server.thread_failed', { thread: index + 1, error }));
    return { stopped: new Promise<void>((resolve) => thread.once('exit', () => resolve())), stop: () => thread.postMessage('stop') };
  });
}

async function serve(config: Config, root: string, entry: URL): Promise<void> {
  await checkCampaignReady(config);
  routeConsoleToLog();
  const app = prepareApp(config, root);
  warnOnStaleBuild(config, root);
  const { server, listening } = listen(config, await loadAstroHandler(), config.port, config.httpThreads > 1);
  const port = await listening;
  log.info('server.listening', { url: `${listenOrigin(config, port)}/`, siteUrl: config.siteUrl.href, threads: config.httpThreads });
  const threads = startThreads(config, entry, { port, marks: publicPageMarks(), writeLock: writeLockBuffer() });

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    const deadline = Date.now() + shutdownBudgetMs;
    log.info('server.stopping', { signal });
    for (const thread of threads) thread.stop();
    void Promise.all([closeServer(server), ...threads.map((thread) => thread.stopped)]).then(() =>
      // Requests are done; send what is queued while there is time, then close the file.
      app.stop(Math.max(0, deadline - Date.now())).finally(() => {
        closeDatabase();
        log.info('server.stopped');
        process.exit(0);
      }),
    );
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
}
