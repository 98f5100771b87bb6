import { lt, sql } from 'drizzle-orm';
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
export function consumeLimit(db: Pick<Database, 'get'>, key: string, rule: LimitRule, now = new Date()): boolean {
  const windowMs = rule.windowSeconds * 1000;
  const windowStart = Math.floor(now.getTime() / windowMs) * windowMs;
  // One statement (it runs in every sign-up and every mail): count this attempt, read the window before.
  const { count, previous } = db.get<{ count: number; previous: number | null }>(sql`
    insert into ${rateLimits} (key, window_start, count) values (${key}, ${windowStart}, 1)
    on conflict (key, window_start) do update set count = count + 1
    returning count, (select p.count from ${rateLimits} p where p.key = ${key} and p.window_start = ${windowStart - windowMs}) as previous`);
  const previousShare = 1 - (now.getTime() - windowStart) / windowMs;
  return count + (previous ?? 0) * previousShare <= rule.limit;
}

/** Forgets windows older than two days (the longest window and the one before it): the hashed keys are not kept longer than they are useful. */
export function pruneLimits(db: Database, now = new Date()): number {
  return db.delete(rateLimits).where(lt(rateLimits.windowStart, new Date(now.getTime() - 48 * 3600 * 1000))).run().changes;
}
