import { getAppSecret } from '#lib/crypto/app-secret.ts';
import { signTimestamp } from '#lib/forms/form-timestamp.ts';
import { getDatabase } from './database.ts';

/**
 * Pages with the sign form are shared: every reader within one window of this many seconds gets
 * the same bytes, from the page cache here or from a proxy in front. So the stamp cannot be the
 * moment of the render. It is the window's end instead, and a page with it is kept nowhere past
 * that end (see `stampedPageLifetime`). Every copy is therefore handed out before the moment its
 * stamp names, and "sent sooner than SIGN_MIN_SECONDS after the stamp" still means "sooner than
 * that after the form reached whoever sent it": the check keeps its full strength. A person waits
 * at most this much longer before a sign-up counts as unhurried, and fills in six fields meanwhile.
 */
export const stampWindowSeconds = 3;
const windowMs = stampWindowSeconds * 1000;

/** The end of the window `now` falls in (a window starting exactly at `now` has not begun). */
const windowEnd = (now: Date) => (Math.floor(now.getTime() / windowMs) + 1) * windowMs;

/** The signed stamp for a sign form's hidden `started` field: the end of the current window. */
export function formStartedStamp(now = new Date()): string {
  return signTimestamp(getAppSecret(getDatabase()), new Date(windowEnd(now)));
}

/**
 * Seconds a page holding a form stamped now may be kept, by anyone: until its stamp's moment. A
 * page computes this before its form renders, so a render that crosses into the next window only
 * makes the stamp later, never the lifetime longer.
 */
export function stampedPageLifetime(now = new Date()): number {
  return (windowEnd(now) - now.getTime()) / 1000;
}
