import { keyedHash, sameDigest } from '#lib/crypto/tokens.ts';

/** A form older than this is sent back to be checked and sent again: its stamp may be replayed. */
export const formMaxAgeSeconds = 6 * 3600;

/** A moment the browser cannot forge: "<ms>.<hmac>". */
export function signTimestamp(secret: string, now = new Date()): string {
  const time = String(now.getTime());
  return `${time}.${keyedHash(secret, `form-started:${time}`)}`;
}

/**
 * Seconds since the stamped moment, or undefined when the value is missing or forged. Negative
 * when the moment is still ahead: shared pages are stamped with the end of the window they are
 * handed out in (see form-stamp.ts). Bots post instantly or replay without a render. The
 * signature is compared in constant time.
 */
export function secondsSinceRender(secret: string, value: string | undefined, now = new Date()): number | undefined {
  const [time, mac, extra] = (value ?? '').split('.');
  if (!time || !mac || extra !== undefined || !/^\d{1,15}$/.test(time) || !sameDigest(keyedHash(secret, `form-started:${time}`), mac)) return undefined;
  return (now.getTime() - Number(time)) / 1000;
}
