import { index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';

/**
 * Every staff action: who, what, on which signatures, when, and the values before and after
 * (JSON). Written in the transaction of the action itself; nothing in the app updates or deletes it.
 */
export const auditLog = sqliteTable(
  'audit_log',
  {
    id: integer().primaryKey({ autoIncrement: true }),
    at: integer({ mode: 'timestamp_ms' }).notNull(),
    staff: text().notNull(),
    action: text().notNull(),
    letter: text(),
    /** JSON array of signature ids. */
    signatureIds: text('signature_ids').notNull().default('[]'),
    /** JSON: the changed values as they were, keyed by signature id. */
    before: text(),
    /** JSON: the changed values as they became, keyed by signature id. */
    after: text(),
    note: text(),
  },
  (table) => [index('audit_log_at').on(table.at)],
);
