import { randomBytes } from 'node:crypto';
import { eq, lt } from 'drizzle-orm';
import type { Database } from '#db/client.ts';
import { formFlashes } from '#db/schema/index.ts';
import { hashToken } from '#lib/crypto/tokens.ts';

export const flashLifetimeMs = 10 * 60 * 1000;

/** Keeps a form's outcome for the page the browser is redirected to; returns the cookie value. */
export function saveFlash(db: Database, payload: unknown, now = new Date()): string {
  const cookie = randomBytes(24).toString('base64url');
  db.insert(formFlashes)
    .values({ id: hashToken(cookie), payload: JSON.stringify(payload), expiresAt: new Date(now.getTime() + flashLifetimeMs) })
    .run();
  return cookie;
}

/** Reads a kept outcome once: it is deleted as it is read, and ignored once expired. */
export function takeFlash(db: Database, cookie: string, now = new Date()): unknown {
  const row = db.delete(formFlashes).where(eq(formFlashes.id, hashToken(cookie))).returning().get();
  if (!row || row.expiresAt <= now) return undefined;
  return JSON.parse(row.payload) as unknown;
}

export function pruneFlashes(db: Database, now = new Date()): number {
  return db.delete(formFlashes).where(lt(formFlashes.expiresAt, now)).run().changes;
}
