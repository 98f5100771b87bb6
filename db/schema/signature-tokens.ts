import { index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { signatures } from './signatures.ts';

import { tokenPurposes } from '../../src/lib/signing/vocabulary.ts';

/** Emailed secrets, stored only as SHA-256 hashes: to confirm a signature, or to manage it. */
export const signatureTokens = sqliteTable(
  'signature_tokens',
  {
    id: integer().primaryKey({ autoIncrement: true }),
    signatureId: integer('signature_id')
      .notNull()
      .references(() => signatures.id, { onDelete: 'cascade' }),
    purpose: text({ enum: tokenPurposes }).notNull(),
    tokenHash: text('token_hash').notNull().unique(),
    createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull(),
    expiresAt: integer('expires_at', { mode: 'timestamp_ms' }).notNull(),
    usedAt: integer('used_at', { mode: 'timestamp_ms' }),
  },
  (table) => [index('signature_tokens_signature').on(table.signatureId, table.purpose)],
);
