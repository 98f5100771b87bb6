import { and, eq, lt, sql } from 'drizzle-orm';
import type { Database } from '#db/client.ts';
import { rateLimits } from '#db/schema/index.ts';

export type LimitRule = { limit: number; windowSeconds: number };

/**
 * Counts one attempt under `key` and says whether it is still within the rule. One upsert, so
 * concurrent requests cannot both slip under the limit.
 *
 * The count is a sliding window: the previous fixed window still counts for the part of it that
 * lies within the last `windowSeconds`. With plain fixed windows, a client could spend its whole
 * allowance just before the hour turns and again just after it.
 */
export function consumeLimit(db: Pick<Database, 'insert' | 'select'>, key: string, rule: LimitRule, now = new Date()): boolean {
  const windowMs = rule.windowSeconds * 1000;
  const windowStart = Math.floor(now.getTime() / windowMs) * windowMs;
  const current = db
    .insert(rateLimits)
    .values({ key, windowStart: new Date(windowStart), count: 1 })
    .onConflictDoUpdate({ target: [rateLimits.key, rateLimits.windowStart], set: { count: sql`${rateLimits.count} + 1` } })
    .returning({ count: rateLimits.count })
    .get().count;
  const previous =
    db
      .select({ count: rateLimits.count })
      .from(rateLimits)
      .where(and(eq(rateLimits.key, key), eq(rateLimits.windowStart, new Date(windowStart - windowMs))))
      .get()?.count ?? 0;
  const previousShare = 1 - (now.getTime() - windowStart) / windowMs;
  return current + previous * previousShare <= rule.limit;
}

/** Forgets windows older than two days (the longest window and the one before it): the hashed keys are not kept longer than they are useful. */
export function pruneLimits(db: Database, now = new Date()): number {
  return db.delete(rateLimits).where(lt(rateLimits.windowStart, new Date(now.getTime() - 48 * 3600 * 1000))).run().changes;
}
