import { and, eq, gt, inArray, isNull, lt, notExists, or, sql } from 'drizzle-orm';
import { write } from '#db/write.ts';
import type { Database } from '#db/client.ts';
import { outbox, signatureTokens, signatures } from '#db/schema/index.ts';
import { verifyTokenDays } from './tokens.ts';

const batch = 500;

/**
 * The lifecycle's `expire`. Unconfirmed means nothing, and is not kept: removes pending sign-ups whose confirmation link
 * has expired, and held ones once a link would have, with their tokens and mail, so the contact
 * details of someone who never confirmed (perhaps typed by somebody else) leave the database.
 * Returns how many were removed.
 */
export function expireUnconfirmed(db: Database, now = new Date()): number {
  const heldSince = new Date(now.getTime() - verifyTokenDays * 24 * 3600 * 1000);
  const liveLink = db
    .select({ one: sql`1` })
    .from(signatureTokens)
    .where(
      and(
        eq(signatureTokens.signatureId, signatures.id),
        eq(signatureTokens.purpose, 'verify'),
        isNull(signatureTokens.usedAt),
        gt(signatureTokens.expiresAt, now),
      ),
    );
  let removed = 0;
  for (;;) {
    const count = write(db, (tx) => {
      const ids = tx
        .select({ id: signatures.id })
        .from(signatures)
        .where(or(and(eq(signatures.status, 'pending'), notExists(liveLink)), and(eq(signatures.status, 'held'), lt(signatures.updatedAt, heldSince))))
        .limit(batch)
        .all()
        .map((row) => row.id);
      if (ids.length > 0) {
        tx.delete(outbox).where(inArray(outbox.signatureId, ids)).run();
        tx.delete(signatures).where(inArray(signatures.id, ids)).run();
      }
      return ids.length;
    });
    removed += count;
    if (count < batch) return removed;
  }
}
