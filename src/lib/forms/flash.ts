import { randomBytes } from 'node:crypto';
import { eq, lt } from 'drizzle-orm';
import type { Database } from '#db/client.ts';
import { formFlashes } from '#db/schema/index.ts';
import { hashToken, keyedHash } from '#lib/crypto/tokens.ts';
import { clientNetwork } from '#lib/limits/client-network.ts';
import { consumeLimit } from '#lib/limits/consume-limit.ts';
import { limits } from '#lib/limits/policies.ts';

export const flashLifetimeMs = 10 * 60 * 1000;

/**
 * Keeps a form's outcome for the page the browser is redirected to; returns the cookie value.
 * A person reads theirs at once; a bot never does, so each client may leave only a few unread
 * at a time, and past that nothing is stored (the redirect still happens).
 */
export function saveFlash(db: Database, payload: unknown, from: { client: string; secret: string }, now = new Date()): string | undefined {
  if (!consumeLimit(db, `flash:client:${keyedHash(from.secret, clientNetwork(from.client))}`, limits.flashesPerClient, now)) return undefined;
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
