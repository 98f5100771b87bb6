import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/** A new secret for an emailed link: 256 random bits, URL-safe; only its hash is ever stored. */
export function newToken(): { token: string; hash: string } {
  const token = randomBytes(32).toString('base64url');
  return { token, hash: hashToken(token) };
}

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** Compares two hex digests in constant time. */
export function sameDigest(a: string, b: string): boolean {
  const left = Buffer.from(a, 'hex');
  const right = Buffer.from(b, 'hex');
  return left.length === right.length && left.length > 0 && timingSafeEqual(left, right);
}

/** A keyed one-way hash (HMAC-SHA256): lets us count by IP or address without storing either. */
export function keyedHash(secret: string, value: string): string {
  return createHmac('sha256', secret).update(value).digest('hex');
}

/** Tokens are URL-safe base64 of 32 bytes: anything else is rejected before touching the database. */
export const tokenPattern = /^[A-Za-z0-9_-]{43}$/;
