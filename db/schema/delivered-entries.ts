import { integer, primaryKey, sqliteTable, text } from 'drizzle-orm/sqlite-core';

/**
 * One entry of a letter's list as it was delivered, in its place on the list. The fingerprint the
 * letter page shows covers each entry's hash, not its text: the hash of a random salt and the
 * entry's public fields (see src/lib/delivery/delivered-list.ts). So an entry its signer later
 * lists anonymously or withdraws can leave the public copy, keeping only its hash, and the
 * fingerprint still checks; without the salt, nobody can test a guessed name against the hash.
 */
export const deliveredEntries = sqliteTable(
  'delivered_entries',
  {
    letter: text().notNull(),
    position: integer().notNull(),
    signatureId: integer('signature_id'),
    /** 128 random bits, hex: public while the entry is. */
    salt: text().notNull(),
    /** JSON array of the public fields as delivered (see deliveredColumns). */
    fields: text().notNull(),
    /** SHA-256, hex, of the salt, a line feed and `fields`. */
    entryHash: text('entry_hash').notNull(),
  },
  (table) => [primaryKey({ columns: [table.letter, table.position] })],
);
