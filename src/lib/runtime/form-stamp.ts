import { getAppSecret } from '#lib/crypto/app-secret.ts';
import { signTimestamp } from '#lib/forms/form-timestamp.ts';
import { getDatabase } from './database.ts';

/**
 * Pages with the sign form are shared: everyone who asks within a few seconds gets the same
 * bytes, from the server's cache or from a proxy in front. So the stamp cannot be the moment of
 * the render. It is a moment ahead instead, and no copy of the page is handed out after it: the
 * server keeps the page `stampedPageLifetime` seconds, and `stampLeadSeconds` leaves the render
 * and delivery two more seconds before the stamp's moment. Every copy therefore reaches its
 * reader before the moment its stamp names, and "sent sooner than SIGN_MIN_SECONDS after the
 * stamp" still means "sooner than that after the form reached whoever sent it": the check keeps
 * its full strength. A person waits at most this lead longer before a sign-up counts as
 * unhurried, and fills in six fields meanwhile.
 */
export const stampedPageLifetime = 2;
export const stampLeadSeconds = 4;

/** The signed stamp for a sign form's hidden `started` field: a moment `stampLeadSeconds` ahead. */
export function formStartedStamp(now = new Date()): string {
  return signTimestamp(getAppSecret(getDatabase()), new Date(now.getTime() + stampLeadSeconds * 1000));
}
