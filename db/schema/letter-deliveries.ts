import { integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';

/**
 * A letter marked delivered by staff, with the signatory list frozen as it was handed over: the
 * snapshot (CSV) and its SHA-256, published on the letter page so anyone can check it later.
 */
export const letterDeliveries = sqliteTable('letter_deliveries', {
  letter: text().primaryKey(),
  deliveredAt: integer('delivered_at', { mode: 'timestamp_ms' }).notNull(),
  recipients: text().notNull(),
  note: text(),
  deliveredBy: text('delivered_by').notNull(),
  snapshot: text().notNull(),
  snapshotSha256: text('snapshot_sha256').notNull(),
  signatories: integer().notNull(),
});
