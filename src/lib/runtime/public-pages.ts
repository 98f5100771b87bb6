import { stampedPageLifetime } from './form-stamp.ts';

/**
 * Public pages are the same for every reader, so they are kept: by the server's page cache (see
 * src/server/page-cache.ts) and briefly by browsers and any proxy in front. Whoever keeps them
 * hears here when a letter's list changed (a signature published, corrected, hidden or
 * withdrawn, the letter delivered): this process then drops its copies at once, and copies
 * elsewhere expire within seconds.
 */
type Listener = (tags: string[]) => void;
const listeners: Listener[] = [];

export function onPublicPagesChanged(listener: Listener): void {
  listeners.push(listener);
}

export const letterTag = (letter: string) => `letter:${letter}`;

export function publicPagesChanged(letter: string): void {
  for (const listener of listeners) listener([letterTag(letter)]);
}

/** How long a public page without a sign form stays fresh, and may then be served while it is fetched again. */
const freshSeconds = 5;
const staleSeconds = 30;

/**
 * The headers of a public page about `letter`: `Cache-Control` for browsers and proxies, and the
 * page cache's own (how long, under which tag), which the server strips before sending. A page
 * with the sign form is kept only until its form's stamp (see form-stamp.ts) and never served
 * stale, so no copy outlives the moment its stamp names.
 */
export function sharedPageHeaders(letter: string, options: { signForm: boolean }): Record<string, string> {
  const seconds = options.signForm ? stampedPageLifetime() : freshSeconds;
  return {
    'Cache-Control': options.signForm ? `public, max-age=${Math.floor(seconds)}, must-revalidate` : `public, max-age=${freshSeconds}, stale-while-revalidate=${staleSeconds}`,
    ...pageCacheHeaders(seconds, letter),
  };
}

/** The page cache's headers alone: keep this answer `seconds`, dropped early when `letter`'s list changes. */
export function pageCacheHeaders(seconds: number, letter: string): Record<string, string> {
  return { 'x-page-cache': String(seconds), 'x-page-tags': letterTag(letter) };
}
