import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Config } from '#lib/config/config.ts';
import { isAllowedHost } from '#lib/http/allowed-host.ts';
import { securityHeaders } from '#lib/http/security-headers.ts';

/** The largest form we read: every field of the sign form at its limit fits several times over. */
export const bodyLimitBytes = 64 * 1024;
/** Past the limit a body is still read and dropped up to this size, so the client gets to read our 413. */
const drainLimitBytes = 1024 * 1024;

function refuse(res: ServerResponse, status: number, text: string, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store', ...headers }).end(`${text}\n`);
}

/**
 * Refuses a request whose body is still arriving: reads and drops the body first (up to a limit)
 * and answers once it is in, so the client, still sending, gets to read the answer instead of a
 * broken pipe. A body past the limit is cut off.
 */
function refuseAfterBody(req: IncomingMessage, res: ServerResponse, status: number, text: string): void {
  let received = 0;
  req.on('data', (chunk: Buffer) => {
    received += chunk.length;
    if (received > drainLimitBytes) req.destroy();
  });
  req.on('end', () => refuse(res, status, text, { Connection: 'close' }));
}

/**
 * What every request meets before Astro sees it, in the built server (src/server/entry.ts) and
 * under `astro dev` alike (astro.config.mjs): the security headers on every answer, static files
 * included; a request target in origin form only (`//ru/…`, `/\ru/…` and `http://host/…` are
 * refused, so no two spellings of an address can stand for different pages in a cache); the
 * Host check; and the body limit. Calls `next` when the request may go on. Under `astro dev`
 * (`devServer`), the policy also lets Vite's own client run.
 */
export function guardRequest(config: Config, req: IncomingMessage, res: ServerResponse, next: () => void, options: { devServer?: boolean } = {}): void {
  for (const [name, value] of Object.entries(securityHeaders(config, options))) res.setHeader(name, value);
  const target = req.url ?? '';
  if (!target.startsWith('/') || target.startsWith('//') || target.startsWith('/\\')) {
    return refuse(res, 400, 'The request target must be a path that starts with a single "/".');
  }
  // Uptime checks may use any name; everything else must be addressed to this site.
  if (!isAllowedHost(req.headers.host, config) && target !== '/healthz') {
    return refuse(res, 421, `This server only answers for ${config.siteUrl.host}.`);
  }
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    // Every browser sends a form with its length; a body without one could not be bounded before it is read.
    if (req.headers['transfer-encoding'] !== undefined) return refuseAfterBody(req, res, 411, 'Send the form with a Content-Length.');
    if (Number(req.headers['content-length'] ?? 0) > bodyLimitBytes) return refuseAfterBody(req, res, 413, 'The form is too large to be read.');
  }
  next();
}
