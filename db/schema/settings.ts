import { sqliteTable, text } from 'drizzle-orm/sqlite-core';

/** Values the server creates for itself on first start, such as its signing secret. */
export const settings = sqliteTable('settings', {
  key: text().primaryKey(),
  value: text().notNull(),
});
