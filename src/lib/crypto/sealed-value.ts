import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';

/**
 * A short value sealed for a cookie: AES-256-GCM under a key derived from the server secret for
 * one purpose, with its expiry inside the seal. Nobody without the secret can read or forge it,
 * and a seal made for one purpose opens for no other. Nothing is stored: the cookie is the state.
 */
const ivBytes = 12;
const tagBytes = 16;

function keyFor(secret: string, purpose: string): Buffer {
  return Buffer.from(hkdfSync('sha256', secret, 'undersigned sealed value', purpose, 32));
}

export function sealValue(secret: string, purpose: string, value: string, expiresAt: Date): string {
  const iv = randomBytes(ivBytes);
  const cipher = createCipheriv('aes-256-gcm', keyFor(secret, purpose), iv);
  cipher.setAAD(Buffer.from(purpose));
  const body = Buffer.concat([cipher.update(JSON.stringify({ v: value, x: expiresAt.getTime() }), 'utf8'), cipher.final()]);
  return Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64url');
}

/** The sealed value, or undefined when the seal is forged, damaged, for another purpose or expired. */
export function openSealedValue(secret: string, purpose: string, sealed: string, now = new Date()): string | undefined {
  if (!/^[A-Za-z0-9_-]{40,2000}$/.test(sealed)) return undefined;
  const bytes = Buffer.from(sealed, 'base64url');
  try {
    const decipher = createDecipheriv('aes-256-gcm', keyFor(secret, purpose), bytes.subarray(0, ivBytes));
    decipher.setAAD(Buffer.from(purpose));
    decipher.setAuthTag(bytes.subarray(ivBytes, ivBytes + tagBytes));
    const plain = Buffer.concat([decipher.update(bytes.subarray(ivBytes + tagBytes)), decipher.final()]).toString('utf8');
    const { v, x } = JSON.parse(plain) as { v: unknown; x: unknown };
    return typeof v === 'string' && typeof x === 'number' && x > now.getTime() ? v : undefined;
  } catch {
    return undefined;
  }
}
