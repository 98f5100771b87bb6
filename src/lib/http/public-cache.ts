import type { APIContext } from 'astro';
import { stampedPageLifetime, stampLeadSeconds } from '#lib/runtime/form-stamp.ts';
import { keyedParameters } from './cache-key.ts';

/**
 * How public pages are kept: by Astro's route cache in the server (see
 * src/server/public-page-cache.ts) and by any proxy, CDN or browser that reads their headers.
 *
 * The server's copy is dropped the moment anything the public sees of its letter changes (the
 * tag below; the changes come from SQLite, whatever process made them), so it may live long.
 * Copies elsewhere hear of no change, so their lifetime is short: seconds, then served stale
 * while they fetch again.
 */
export const letterTag = (letter: string) => `letter:${letter}`;

const kept = {
  /** A page: seconds in the server, for others, and stale while revalidating. */
  page: { server: 300, shared: 5, stale: 30 },
  /** An export of the whole list: larger and slower to build, fetched by machines. */
  export: { server: 300, shared: 10, stale: 60 },
} as const;

type Cache = APIContext['cache'];

/**
 * Marks this response as the same for every reader of `letter`'s public pages, and returns the
 * headers that tell others how long to keep it.
 *
 * A page with the sign form carries a stamp of a moment a few seconds ahead (see form-stamp.ts),
 * and nobody may hand it out after that moment, nor serve it stale: the server keeps it
 * `stampedPageLifetime` seconds, and others get an `Expires` no later than its stamp (absolute, so
 * no copy outlives it whatever its age when it left the server). Call this before the form renders.
 */
export function keepForEveryone(cache: Cache, letter: string, kind: 'page' | 'export' | 'sign-form'): Record<string, string> {
  const tags = [letterTag(letter)];
  if (kind === 'sign-form') {
    cache.set({ maxAge: stampedPageLifetime, tags });
    return { 'Cache-Control': 'public, must-revalidate', Expires: new Date(Date.now() + stampLeadSeconds * 1000).toUTCString() };
  }
  const { server, shared, stale } = kept[kind];
  cache.set({ maxAge: server, tags });
  return { 'Cache-Control': `public, max-age=${shared}, stale-while-revalidate=${stale}` };
}

/**
 * For a page the same for everyone but not worth keeping in the server (a search: every query
 * is a page of its own): others may still keep it briefly.
 */
export function shareOnly(cache: Cache): Record<string, string> {
  cache.set(false);
  const { shared, stale } = kept.page;
  return { 'Cache-Control': `public, max-age=${shared}, stale-while-revalidate=${stale}` };
}

type Reader = (value: string) => boolean;

/**
 * The address a public page should have been asked for, when it differs from `url`. Of the
 * parameters that name a page of their own in the route cache (cache-key.ts), only those the page
 * reads (`reads`), with values it accepts, and each once; others do not change the page's key and
 * stay as they are. So no stranger can make the server render and keep pages without end: a page
 * answers any other combination with a redirect to the one it names.
 */
export function canonicalAddress(url: URL, reads: Record<string, Reader> = {}): string | undefined {
  const params = [...url.searchParams];
  const acceptable = ([name, value]: [string, string], index: number) =>
    !keyedParameters.includes(name) ||
    (Object.hasOwn(reads, name) && (value === '' || reads[name]!(value)) && params.findIndex(([first]) => first === name) === index);
  const kept = params.filter(acceptable);
  if (kept.length === params.length) return undefined;
  const search = new URLSearchParams(kept).toString();
  return `${url.pathname}${search ? `?${search}` : ''}`;
}
