import { mkdirSync, writeFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { dirname, isAbsolute, posix, relative, resolve, sep } from 'node:path';
import { parse, type HTMLElement } from 'node-html-parser';
import { escapeHtml } from '#lib/http/escape-html.ts';

/**
 * A static copy of the public site for when the site itself is blocked: every public page in
 * every language, the current signatory list and the single-file letters, with relative links
 * so it works from any static host or straight from a USB stick. Built by reading the running
 * server over HTTP, so the copy is exactly what readers see.
 */
export type MirrorOptions = {
  /** Where the server listens, e.g. http://127.0.0.1:4321 */
  from: URL;
  /** The site's public address: the Host the server answers to, and where every copy links back. */
  siteUrl: URL;
  /** Where to write the copy. */
  out: string;
  startPaths: string[];
  /** Text for each language, from the site's dictionaries. */
  notices: (locale: string, page: URL) => { banner: string; sign: string };
};

/** Stops a runaway crawl (a list with hundreds of pages is still well within it). */
const maxFiles = 5000;

/** What a copy never holds: anything personal, any form that writes, and the machine-readable exports. */
const notMirrored = /^\/(?:admin|dev|_actions|confirm|manage|healthz)(?:\/|$)|^\/(?:(?:ru|kk)\/)?(?:confirm|manage)\/|\/(?:sign|resend)\/$|\.(?:json|csv|xml|txt)$/;

/** Escapes that decode to a slash, a backslash or NUL: one path segment that would name another folder. */
const encodedSeparator = /%(?:2f|5c|00)/i;

/**
 * The file a URL is saved as, relative to the copy's folder: folders end in index.html, and a
 * query becomes a folder of its own. Undefined for a path no file of the copy can stand for: an
 * encoded slash or backslash (`..%2F..%2Fpwned.mjs` would decode to `../../pwned.mjs`), a
 * backslash, a dot segment, or a broken percent-escape (decodeURIComponent's URIError).
 */
export function fileFor(url: URL): string | undefined {
  if (url.pathname.includes('\\') || encodedSeparator.test(url.pathname)) return undefined;
  let segments: string[];
  try {
    segments = url.pathname.split('/').map((segment) => decodeURIComponent(segment));
  } catch {
    return undefined;
  }
  if (segments.some((segment) => segment === '.' || segment === '..' || /[/\\\0]/.test(segment))) return undefined;
  let path = segments.join('/');
  if (path.endsWith('/')) path += 'index.html';
  else if (!posix.extname(path)) path += '/index.html';
  const query = [...url.searchParams].sort(([a], [b]) => a.localeCompare(b)).map(([key, value]) => `${key}-${value}`.replace(/[^\p{L}\p{N}_-]+/gu, '_')).join('-');
  if (query) path = posix.join(posix.dirname(path), query, posix.basename(path));
  const file = path.replace(/^\/+/, '');
  // Anything normalizing would change (a doubled slash, a dot segment) is not copied either.
  return posix.normalize(file) === file && !file.startsWith('../') && !posix.isAbsolute(file) ? file : undefined;
}

/** Where `file` goes inside the folder `out`; throws rather than name a path outside it. */
export function pathInside(out: string, file: string): string {
  const root = resolve(out);
  const target = resolve(root, file);
  const within = relative(root, target);
  if (!within || within === '..' || within.startsWith(`..${sep}`) || isAbsolute(within)) {
    throw new Error(`refused to write ${JSON.stringify(file)}: it is not inside ${root}`);
  }
  return target;
}

function get(url: URL, host: string): Promise<{ status: number; type: string; body: Buffer }> {
  // https checks the server's certificate against the --from name, as any client would.
  const request = url.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const req = request(url, { headers: { host, 'accept-encoding': 'identity' } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, type: String(res.headers['content-type'] ?? ''), body: Buffer.concat(chunks) }));
      res.on('error', reject);
    });
    req.setTimeout(30_000, () => req.destroy(new Error(`no answer for ${url.pathname} within 30 s`)));
    req.on('error', reject);
    req.end();
  });
}

export async function mirrorSite(options: MirrorOptions): Promise<{ files: number; pages: number; refused: number }> {
  const { from, siteUrl, out } = options;
  if (from.protocol !== 'http:' && from.protocol !== 'https:') throw new Error(`${from.href} is not an http or https address`);
  const madeFor = (path: string) => new URL(path, siteUrl);
  const queue = options.startPaths.map((path) => madeFor(path));
  const seen = new Set(queue.map((url) => url.href));
  let files = 0;
  let pages = 0;
  /** Same-site links no file of the copy can stand for: left pointing at the site. */
  let refused = 0;

  /** Queues a same-site link for copying and says where it points from `fromFile`; other links lead back to the site. */
  const localLink = (raw: string, fromFile: string, base: URL): string | undefined => {
    if (/^(?:#|mailto:|tel:|data:)/.test(raw)) return undefined;
    let target: URL;
    try {
      target = new URL(raw, base);
    } catch {
      return undefined;
    }
    if (target.origin !== siteUrl.origin) return undefined;
    if (notMirrored.test(target.pathname)) return target.href;
    const file = fileFor(target);
    if (file === undefined) {
      refused += 1;
      return target.href;
    }
    const key = new URL(target.pathname + target.search, siteUrl).href;
    if (!seen.has(key)) {
      if (seen.size >= maxFiles) return target.href;
      seen.add(key);
      queue.push(new URL(key));
    }
    return (posix.relative(posix.dirname(fromFile), file) || posix.basename(file)) + target.hash;
  };

  while (queue.length > 0) {
    const url = queue.shift()!;
    const answer = await get(new URL(url.pathname + url.search, from), siteUrl.host);
    if (answer.status !== 200) {
      if (options.startPaths.includes(url.pathname)) throw new Error(`${url.pathname} answered ${answer.status}`);
      continue;
    }
    const file = fileFor(url);
    if (file === undefined) throw new Error(`${url.pathname} names no file a copy can hold`);
    const path = pathInside(out, file);
    let body: string | Buffer = answer.body;
    if (answer.type.startsWith('text/html')) {
      body = rewritePage(answer.body.toString('utf8'), url, file, localLink, options.notices);
      pages += 1;
    }
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, body);
    files += 1;
  }
  return { files, pages, refused };
}

function rewritePage(
  html: string,
  url: URL,
  file: string,
  localLink: (raw: string, fromFile: string, base: URL) => string | undefined,
  notices: MirrorOptions['notices'],
): string {
  const root = parse(html, { comment: false });
  const locale = root.querySelector('html')?.getAttribute('lang') ?? 'en';
  const text = notices(locale, url);
  for (const element of root.querySelectorAll('a[href], link[href], img[src]')) {
    const attribute = element.tagName === 'IMG' ? 'src' : 'href';
    const rel = element.getAttribute('rel') ?? '';
    // Metadata that names the site (canonical, translations, feeds) keeps pointing at it, in full:
    // from a file, "/rss.xml" would name a file at the root of the reader's disk.
    if (element.tagName === 'LINK' && !/\b(?:stylesheet|icon)\b/.test(rel)) {
      element.setAttribute(attribute, new URL(element.getAttribute(attribute)!, url).href);
      continue;
    }
    const rewritten = localLink(element.getAttribute(attribute)!, file, url);
    if (rewritten !== undefined) element.setAttribute(attribute, rewritten);
  }
  // A copy takes no input. The sign form (and what it says about itself) becomes directions to
  // the site and to the campaign by mail.
  if (root.querySelector('#sign form')) for (const line of root.querySelectorAll('#sign > p')) line.remove();
  for (const form of root.querySelectorAll('form')) {
    if (form.closest('#sign')) form.replaceWith(paragraph(text.sign));
    else form.remove();
  }
  const main = root.querySelector('main') ?? root.querySelector('body');
  (main as HTMLElement | null)?.insertAdjacentHTML('afterbegin', `<div class="wrap">${paragraph(text.banner)}</div>`);
  return root.toString();
}

const paragraph = (text: string) => `<p class="note" role="note">${escapeHtml(text)}</p>`;
