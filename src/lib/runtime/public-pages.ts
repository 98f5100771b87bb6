import { stampedPageLifetime } from './form-stamp.ts';

/**
 * Public pages are the same for every reader, so they are kept: by the server's page cache (see
 * src/server/page-cache.ts) and briefly by browsers and any proxy in front. Whoever keeps them
 * learns here when a letter's list changed (a signature published, corrected, hidden or
 * withdrawn, the letter delivered): the server then renders its copies again at once, and
 * copies elsewhere expire within seconds.
 *
 * The server answers from several threads, each with its own copies, and a change made in one
 * must count in every other before its next request. So the marks of change live in memory the
 * threads share: a counter per slot, a tag's slot being its hash (two tags that share a slot only
 * drop each other's copies early).
 */
const slots = 64;
let marks = new Int32Array(new SharedArrayBuffer(slots * Int32Array.BYTES_PER_ELEMENT));

/** The shared marks, to hand to the server's other threads. */
export const publicPageMarks = () => marks.buffer as SharedArrayBuffer;

/** In one of the server's other threads: count changes in the marks the first thread shares. */
export function sharePublicPageMarks(buffer: SharedArrayBuffer): void {
  marks = new Int32Array(buffer);
}

function slotOf(tag: string): number {
  let hash = 0;
  for (let index = 0; index < tag.length; index++) hash = (Math.imul(hash, 31) + tag.charCodeAt(index)) | 0;
  return (hash >>> 0) % slots;
}

export const letterTag = (letter: string) => `letter:${letter}`;

export function publicPagesChanged(letter: string): void {
  Atomics.add(marks, slotOf(letterTag(letter)), 1);
}

/** For the page cache: the marks as a render begins, and whether a copy's tags have moved on since. */
export const publicPageChanges = {
  snapshot: () => marks.slice(),
  unchangedSince: (seen: Int32Array, tags: readonly string[]) => tags.every((tag) => Atomics.load(marks, slotOf(tag)) === seen[slotOf(tag)]),
};

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
