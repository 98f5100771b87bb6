import { keyedHash } from '#lib/crypto/tokens.ts';

/** A render time the browser cannot forge: "<ms>.<hmac>". */
export function signTimestamp(secret: string, now = new Date()): string {
  const time = String(now.getTime());
  return `${time}.${keyedHash(secret, `form-started:${time}`)}`;
}

/**
 * Seconds since the form was rendered, or undefined when the value is missing, forged or from
 * the future. Bots post instantly or replay without a render.
 */
export function secondsSinceRender(secret: string, value: string | undefined, now = new Date()): number | undefined {
  const [time, mac] = (value ?? '').split('.');
  if (!time || !mac || !/^\d{1,15}$/.test(time) || keyedHash(secret, `form-started:${time}`) !== mac) return undefined;
  const seconds = (now.getTime() - Number(time)) / 1000;
  return seconds >= 0 ? seconds : undefined;
}
