import { index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { signatures } from './signatures.ts';

export const outboxStatuses = ['queued', 'sent', 'failed'] as const;

/**
 * Mail waiting to be sent, written in the same transaction as the change that causes it, so a
 * signature and its email are stored together or not at all. The worker sends, retries with
 * backoff, and blanks the bodies (which hold live links) once the message is handed over.
 */
export const outbox = sqliteTable(
  'outbox',
  {
    id: integer().primaryKey({ autoIncrement: true }),
    signatureId: integer('signature_id').references(() => signatures.id, { onDelete: 'set null' }),
    kind: text().notNull(),
    recipient: text().notNull(),
    subject: text().notNull(),
    textBody: text('text_body'),
    htmlBody: text('html_body'),
    status: text({ enum: outboxStatuses }).notNull().default('queued'),
    attempts: integer().notNull().default(0),
    nextAttemptAt: integer('next_attempt_at', { mode: 'timestamp_ms' }).notNull(),
    lastError: text('last_error'),
    createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull(),
    sentAt: integer('sent_at', { mode: 'timestamp_ms' }),
  },
  (table) => [index('outbox_due').on(table.status, table.nextAttemptAt)],
);
