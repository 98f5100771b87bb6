import { keyedHash, sameDigest } from '#lib/crypto/tokens.ts';

/** A form older than this is sent back to be checked and sent again: its stamp may be replayed. */
export const formMaxAgeSeconds = 24 * 3600;

/** A render time the browser cannot forge: "<ms>.<hmac>". */
export function signTimestamp(secret: string, now = new Date()): string {
  const time = String(now.getTime());
  return `${time}.${keyedHash(secret, `form-started:${time}`)}`;
}

/**
 * Seconds since the form was rendered, or undefined when the value is missing, forged or from
 * the future. Bots post instantly or replay without a render. The signature is compared in
 * constant time.
 */
export function secondsSinceRender(secret: string, value: string | undefined, now = new Date()): number | undefined {
  const [time, mac, extra] = (value ?? '').split('.');
  if (!time || !mac || extra !== undefined || !/^\d{1,15}$/.test(time) || !sameDigest(keyedHash(secret, `form-started:${time}`), mac)) return undefined;
  const seconds = (now.getTime() - Number(time)) / 1000;
  return seconds >= 0 ? seconds : undefined;
}
