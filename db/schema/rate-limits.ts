import { integer, primaryKey, sqliteTable, text } from 'drizzle-orm/sqlite-core';

/** Counters per fixed window (read as a sliding window by consumeLimit). Keys hold keyed hashes (HMAC) of IPs and addresses, never the raw values. */
export const rateLimits = sqliteTable(
  'rate_limits',
  {
    key: text().notNull(),
    windowStart: integer('window_start', { mode: 'timestamp_ms' }).notNull(),
    count: integer().notNull(),
  },
  (table) => [primaryKey({ columns: [table.key, table.windowStart] })],
);
