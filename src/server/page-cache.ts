import { createHash } from 'node:crypto';
import type { IncomingMessage, OutgoingHttpHeaders, ServerResponse } from 'node:http';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

/**
 * Pages opt in by sending these headers, which never leave the server: how many seconds the
 * answer stays fresh, and the tags that drop it early (e.g. "letter:keep-kazakhstan-online").
 */
const secondsHeader = 'x-page-cache';
const tagsHeader = 'x-page-tags';

/** Cookies that make a request personal (a form's result, a staff session): never answered from the cache. */
const personalCookies = /(?:^|;\s*)(?:form-result|undersigned-staff|__Host-undersigned-staff)=/;
const privatePaths = /^\/(?:admin|dev|_actions)(?:[/?]|$)/;

/** Where the cache learns that a list changed, in this thread or another (see #lib/runtime/public-pages.ts). */
export type PageChanges = { snapshot: () => Int32Array; unchangedSince: (seen: Int32Array, tags: readonly string[]) => boolean };

type Entry = {
  status: number;
  headers: OutgoingHttpHeaders;
  body: Buffer;
  etag: string;
  storedAt: number;
  freshUntil: number;
  /** Until when the entry may still be served while one request renders the page again. */
  staleUntil: number;
  tags: string[];
  /** The lists' change marks when its render began: once one of its tags moves on, it is stale. */
  seen: Int32Array;
  br?: Buffer;
  gzip?: Buffer;
};

/** Seconds of `stale-while-revalidate` in a Cache-Control value: the page's own word on serving it stale. */
const staleSeconds = (cacheControl: unknown) => Number(/stale-while-revalidate=(\d+)/.exec(String(cacheControl ?? ''))?.[1] ?? 0);

/**
 * An in-process cache of public pages in front of Astro: a hit is a map lookup and a write of
 * bytes compressed once, with no render and no database read. Only GET and HEAD without a personal
 * cookie are answered from it, and only 200 answers that opted in and set no cookie are kept.
 * While one request renders a page, others for it wait for that render (or get the copy before,
 * if the page allows serving it stale) instead of rendering it too.
 */
export function createPageCache(options: { changes: PageChanges; maxBytes?: number; now?: () => number; queryKeys?: readonly string[] }) {
  const { changes } = options;
  // Query strings make keys without end; the oldest copies go once the bytes add up to this.
  const maxBytes = options.maxBytes ?? 64 * 1024 * 1024;
  let bytes = 0;
  const now = options.now ?? Date.now;
  const entries = new Map<string, Entry>();
  /** Renders in progress, by key; each settles when its response is finished. */
  const rendering = new Map<string, Promise<void>>();

  const queryKeys = new Set(options.queryKeys ?? []);
  /**
   * A page's key keeps only the query parameters pages read: `?anything=else` names the same page,
   * so a stranger cannot make the server build an export or a list anew with every request.
   */
  const keyOf = (req: IncomingMessage) => {
    const url = new URL(req.url ?? '/', 'http://key');
    const kept = [...url.searchParams].filter(([name]) => queryKeys.has(name)).sort(([a], [b]) => a.localeCompare(b));
    return `${req.headers.host ?? ''}${url.pathname}${kept.length ? `?${new URLSearchParams(kept)}` : ''}`;
  };
  const eligible = (req: IncomingMessage) =>
    (req.method === 'GET' || req.method === 'HEAD') && !personalCookies.test(req.headers.cookie ?? '') && !privatePaths.test(req.url ?? '');

  const fresh = (entry: Entry) => now() < entry.freshUntil && changes.unchangedSince(entry.seen, entry.tags);
  const sizeOf = (entry: Entry) => entry.body.length + (entry.br?.length ?? 0) + (entry.gzip?.length ?? 0);

  function drop(key: string): void {
    const entry = entries.get(key);
    if (!entry) return;
    bytes -= sizeOf(entry);
    entries.delete(key);
  }

  function store(key: string, entry: Entry): void {
    drop(key);
    entries.set(key, entry);
    bytes += sizeOf(entry);
    for (const oldest of entries.keys()) {
      if (bytes <= maxBytes) break;
      drop(oldest);
    }
  }

  function serve(req: IncomingMessage, res: ServerResponse, entry: Entry): void {
    // Whoever keeps it after us counts its max-age from when we stored it, rounded up.
    const age = String(Math.ceil((now() - entry.storedAt) / 1000));
    const matches = String(req.headers['if-none-match'] ?? '')
      .split(',')
      .some((tag) => tag.trim() === entry.etag);
    if (matches) {
      res.writeHead(304, { ETag: entry.etag, Age: age, 'Cache-Control': entry.headers['cache-control'] ?? 'no-cache', Vary: 'Accept-Encoding' }).end();
      return;
    }
    const accepts = String(req.headers['accept-encoding'] ?? '');
    let body = entry.body;
    const headers: OutgoingHttpHeaders = { ...entry.headers, ETag: entry.etag, Age: age, Vary: 'Accept-Encoding' };
    const before = sizeOf(entry);
    if (/\bbr\b/.test(accepts)) {
      entry.br ??= brotliCompressSync(entry.body, { params: { [constants.BROTLI_PARAM_QUALITY]: entry.body.length > 256_000 ? 5 : 9, [constants.BROTLI_PARAM_SIZE_HINT]: entry.body.length } });
      body = entry.br;
      headers['Content-Encoding'] = 'br';
    } else if (/\bgzip\b/.test(accepts)) {
      entry.gzip ??= gzipSync(entry.body, { level: entry.body.length > 256_000 ? 6 : 9 });
      body = entry.gzip;
      headers['Content-Encoding'] = 'gzip';
    }
    if (entries.get(keyOf(req)) === entry) bytes += sizeOf(entry) - before;
    res.writeHead(entry.status, { ...headers, 'Content-Length': body.length }).end(req.method === 'HEAD' ? undefined : body);
  }

  /** Keeps a copy of what the render writes, uncompressed, when the page opted in. */
  function capture(key: string, res: ServerResponse, seen: Int32Array): void {
    const writeHead = res.writeHead.bind(res) as (status: number, ...rest: unknown[]) => ServerResponse;
    const write = res.write.bind(res) as (chunk: unknown, ...rest: unknown[]) => boolean;
    const end = res.end.bind(res) as (...rest: unknown[]) => ServerResponse;
    let keep: { seconds: number; tags: string[]; headers: OutgoingHttpHeaders; status: number } | undefined;
    const chunks: Buffer[] = [];
    res.writeHead = ((status: number, ...rest: unknown[]) => {
      const given = (rest.find((value) => typeof value === 'object' && value !== null) ?? {}) as OutgoingHttpHeaders;
      const seconds = Number(given[secondsHeader] ?? res.getHeader(secondsHeader) ?? 0);
      const tags = String(given[tagsHeader] ?? res.getHeader(tagsHeader) ?? '').split(',').filter(Boolean);
      delete given[secondsHeader];
      delete given[tagsHeader];
      res.removeHeader(secondsHeader);
      res.removeHeader(tagsHeader);
      const setsCookie = given['set-cookie'] !== undefined || res.getHeader('set-cookie') !== undefined;
      if (status === 200 && seconds > 0 && !setsCookie) {
        const headers = Object.fromEntries(Object.entries({ ...res.getHeaders(), ...given }).map(([name, value]) => [name.toLowerCase(), value]));
        keep = { seconds, tags, status, headers };
      }
      return writeHead(status, ...rest);
    }) as ServerResponse['writeHead'];
    res.write = ((chunk: unknown, ...rest: unknown[]) => {
      if (keep && chunk) chunks.push(Buffer.from(chunk as Uint8Array | string));
      return write(chunk, ...rest);
    }) as ServerResponse['write'];
    res.end = ((...rest: unknown[]) => {
      const chunk = typeof rest[0] === 'function' ? undefined : rest[0];
      if (keep && chunk) chunks.push(Buffer.from(chunk as Uint8Array | string));
      if (keep) {
        const body = Buffer.concat(chunks);
        const { 'content-length': _length, 'content-encoding': _encoding, etag: _etag, 'transfer-encoding': _transfer, vary: _vary, ...headers } = keep.headers;
        const storedAt = now();
        const freshUntil = storedAt + keep.seconds * 1000;
        store(key, {
          status: keep.status,
          headers,
          body,
          etag: typeof keep.headers.etag === 'string' ? keep.headers.etag : `W/"${createHash('sha1').update(body).digest('base64url')}"`,
          storedAt,
          freshUntil,
          staleUntil: freshUntil + staleSeconds(headers['cache-control']) * 1000,
          tags: keep.tags,
          seen,
        });
      } else {
        drop(key);
      }
      return end(...rest);
    }) as ServerResponse['end'];
  }

  /** Renders the page, registered so that other requests for it wait for this one. */
  function renderOnce(req: IncomingMessage, res: ServerResponse, render: (prepare: () => void) => void): void {
    const key = keyOf(req);
    let settle = () => {};
    rendering.set(
      key,
      new Promise<void>((resolve) => {
        settle = resolve;
      }),
    );
    res.once('close', () => {
      rendering.delete(key);
      settle();
    });
    // Marks from before the render: a change during it leaves the copy stale at once.
    const seen = changes.snapshot();
    render(() => capture(key, res, seen));
  }

  return {
    /**
     * Answers from the cache when it can. Otherwise `render(prepare)` writes the response and
     * calls `prepare()` once its own wrappers (compression) are in place, so that the copy kept
     * is what the page rendered, before compression.
     */
    handle(req: IncomingMessage, res: ServerResponse, render: (prepare: () => void) => void): void {
      if (!eligible(req)) return render(() => {});
      const key = keyOf(req);
      const entry = entries.get(key);
      if (entry && fresh(entry)) return serve(req, res, entry);
      const pending = rendering.get(key);
      if (!pending) return renderOnce(req, res, render);
      if (entry && now() < entry.staleUntil) return serve(req, res, entry);
      void pending.then(() => {
        const rendered = entries.get(key);
        if (rendered && fresh(rendered)) serve(req, res, rendered);
        else renderOnce(req, res, render);
      });
    },
  };
}
