import { integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';

/**
 * The result of a form POST, kept for the GET that follows the redirect (POST/redirect/GET),
 * read once and deleted. The id is the SHA-256 of a random cookie value.
 */
export const formFlashes = sqliteTable('form_flashes', {
  id: text().primaryKey(),
  payload: text().notNull(),
  expiresAt: integer('expires_at', { mode: 'timestamp_ms' }).notNull(),
});
