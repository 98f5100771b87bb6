import { getTableName, lt } from 'drizzle-orm';
import { connectionOf, type Drizzle } from '#db/prepared.ts';
import type { Database } from '#db/client.ts';
import { rateLimits } from '#db/schema/index.ts';

/** Counts this attempt in its window and reads the window before. */
const countAttempt = `
  insert into ${getTableName(rateLimits)} (key, window_start, count) values (@key, @start, 1)
  on conflict (key, window_start) do update set count = count + 1
  returning count, (select p.count from ${getTableName(rateLimits)} p where p.key = @key and p.window_start = @previousStart) as previous`;

export type LimitRule = { limit: number; windowSeconds: number };

/**
 * Counts one attempt under `key` and says whether it is still within the rule. One upsert, so
 * concurrent requests cannot both slip under the limit.
 *
 * The count is a sliding window: the previous fixed window still counts for the part of it that
 * lies within the last `windowSeconds`. With plain fixed windows, a client could spend its whole
 * allowance just before the hour turns and again just after it.
 */
export function consumeLimit(db: Drizzle, key: string, rule: LimitRule, now = new Date()): boolean {
  const windowMs = rule.windowSeconds * 1000;
  const windowStart = Math.floor(now.getTime() / windowMs) * windowMs;
  // Five times in a sign-up: one statement, prepared once (db/client.ts keeps it by its text).
  const { count, previous } = connectionOf(db).prepare(countAttempt).get({ key, start: windowStart, previousStart: windowStart - windowMs }) as { count: number; previous: number | null };
  const previousShare = 1 - (now.getTime() - windowStart) / windowMs;
  return count + (previous ?? 0) * previousShare <= rule.limit;
}

/** Forgets windows older than two days (the longest window and the one before it): the hashed keys are not kept longer than they are useful. */
export function pruneLimits(db: Database, now = new Date()): number {
  return db.delete(rateLimits).where(lt(rateLimits.windowStart, new Date(now.getTime() - 48 * 3600 * 1000))).run().changes;
}
