import { integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';

/**
 * One counter per letter that moves whenever something the public sees of it changes: an entry
 * published, corrected, hidden or withdrawn, the count awaiting review, the letter delivered.
 * SQLite triggers (migration 0005) move it in the same transaction as the change, whichever
 * process or verb makes it, and the server's page cache compares it before serving a kept page
 * (src/server/public-page-cache.ts).
 */
export const publicChanges = sqliteTable('public_changes', {
  letter: text().primaryKey(),
  version: integer().notNull(),
});
