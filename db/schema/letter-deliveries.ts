import { integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';

/**
 * A letter marked delivered by staff, with the fingerprint of its list as it was handed over
 * (the entries are in delivered_entries), published on the letter page so anyone can check it
 * later. `snapshot` holds the whole CSV of deliveries made before entries were kept one by one,
 * and is empty since.
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
