import { lt, sql } from 'drizzle-orm';
import type { Database } from '#db/client.ts';
import { rateLimits } from '#db/schema/index.ts';

export type LimitRule = { limit: number; windowSeconds: number };

/**
 * Counts one attempt under `key` in the current fixed window and says whether it is still within
 * the rule. One upsert, so concurrent requests cannot both slip under the limit.
 */
export function consumeLimit(db: Pick<Database, 'insert'>, key: string, rule: LimitRule, now = new Date()): boolean {
  const windowMs = rule.windowSeconds * 1000;
  const windowStart = new Date(Math.floor(now.getTime() / windowMs) * windowMs);
  const row = db
    .insert(rateLimits)
    .values({ key, windowStart, count: 1 })
    .onConflictDoUpdate({ target: [rateLimits.key, rateLimits.windowStart], set: { count: sql`${rateLimits.count} + 1` } })
    .returning({ count: rateLimits.count })
    .get();
  return row.count <= rule.limit;
}

/** Forgets windows older than a day: the hashed keys are not kept longer than they are useful. */
export function pruneLimits(db: Database, now = new Date()): number {
  return db.delete(rateLimits).where(lt(rateLimits.windowStart, new Date(now.getTime() - 24 * 3600 * 1000))).run().changes;
}
