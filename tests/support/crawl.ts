import { parse } from 'node-html-parser';
import { builtSiteUrl, type RunningServer } from './server.ts';

export type CrawlResult = {
  /** Internal paths that answered, with their status and the page that linked them first. */
  visited: Map<string, { status: number; contentType: string; from: string }>;
  /** Every reference to an origin other than the site's own: `page → url`. */
  foreign: string[];
  /** HTML bodies by path, for further checks. */
  html: Map<string, string>;
};

const referenceSelectors: [selector: string, attribute: string][] = [
  ['a', 'href'],
  ['link', 'href'],
  ['img', 'src'],
  ['img', 'srcset'],
  ['source', 'srcset'],
  ['script', 'src'],
  ['iframe', 'src'],
  ['form', 'action'],
  ['meta[property^="og:"]', 'content'],
  ['meta[name^="twitter:"]', 'content'],
];

/** Everything an HTML page points at: links, assets, form targets, share metadata. */
export function references(html: string): string[] {
  const root = parse(html);
  const found: string[] = [];
  for (const [selector, attribute] of referenceSelectors) {
    for (const element of root.querySelectorAll(selector)) {
      const value = element.getAttribute(attribute);
      if (!value) continue;
      if (attribute === 'srcset') found.push(...value.split(',').map((candidate) => candidate.trim().split(/\s+/)[0]!));
      else if (attribute !== 'content' || /^(https?:)?\/\//.test(value)) found.push(value);
    }
  }
  // url(...) in inline styles would also be a request.
  for (const match of html.matchAll(/url\(\s*['"]?([^'")]+)/g)) found.push(match[1]!);
  return found;
}

/** Breadth-first from `start` over every internal reference, checking each answers. */
export async function crawl(server: RunningServer, start = '/'): Promise<CrawlResult> {
  const own = new Set([new URL(server.url).origin, builtSiteUrl.origin]);
  const visited: CrawlResult['visited'] = new Map();
  const html = new Map<string, string>();
  const foreign: string[] = [];
  const queue: { path: string; from: string }[] = [{ path: start, from: '(start)' }];

  while (queue.length > 0) {
    const { path, from } = queue.shift()!;
    if (visited.has(path)) continue;
    const response = await server.fetch(path);
    const contentType = response.headers.get('content-type') ?? '';
    visited.set(path, { status: response.status, contentType, from });
    if (!contentType.includes('text/html') || response.status !== 200) {
      await response.body?.cancel();
      continue;
    }
    const body = await response.text();
    html.set(path, body);
    for (const reference of references(body)) {
      if (reference.startsWith('mailto:') || reference.startsWith('#')) continue;
      const target = new URL(reference, new URL(path, server.url));
      if (!own.has(target.origin)) {
        foreign.push(`${path} → ${reference}`);
        continue;
      }
      const next = target.pathname + target.search;
      if (!visited.has(next)) queue.push({ path: next, from: path });
    }
  }
  return { visited, foreign, html };
}
