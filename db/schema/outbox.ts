import { index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { signatureTokens } from './signature-tokens.ts';
import { signatures } from './signatures.ts';

/**
 * `superseded`: not sent because the link it carried was replaced or used before its turn came.
 * `failed`: refused for good (5xx) or out of attempts; visible in /healthz.
 */
export const outboxStatuses = ['queued', 'sent', 'failed', 'superseded'] as const;
export type OutboxStatus = (typeof outboxStatuses)[number];

/**
 * Mail waiting to be sent, written in the same transaction as the change that causes it, so a
 * signature and its email are stored together or not at all. A worker claims one mail at a time
 * with a lease (so two processes never send the same mail), sends, retries with backoff, and
 * blanks the bodies (which hold live links) once the message is handed over.
 */
export const outbox = sqliteTable(
  'outbox',
  {
    id: integer().primaryKey({ autoIncrement: true }),
    signatureId: integer('signature_id').references(() => signatures.id, { onDelete: 'set null' }),
    /** The emailed token the body links to, so a link that expired in the queue can be replaced. */
    tokenId: integer('token_id').references(() => signatureTokens.id, { onDelete: 'set null' }),
    kind: text().notNull(),
    recipient: text().notNull(),
    subject: text().notNull(),
    textBody: text('text_body'),
    htmlBody: text('html_body'),
    status: text({ enum: outboxStatuses }).notNull().default('queued'),
    attempts: integer().notNull().default(0),
    nextAttemptAt: integer('next_attempt_at', { mode: 'timestamp_ms' }).notNull(),
    /** Which worker holds the mail, and until when: a claim that outlives its sender expires. */
    leaseOwner: text('lease_owner'),
    leaseUntil: integer('lease_until', { mode: 'timestamp_ms' }),
    lastError: text('last_error'),
    createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull(),
    sentAt: integer('sent_at', { mode: 'timestamp_ms' }),
  },
  (table) => [index('outbox_due').on(table.status, table.nextAttemptAt), index('outbox_status_created').on(table.status, table.createdAt)],
);
