import { sql } from 'drizzle-orm';
import { index, integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { listings, orgTypes, reviewReasons, signatureStatuses, trustSignals } from '../../src/lib/signing/vocabulary.ts';

/**
 * One organization's signature on one letter. Public fields (organization … listing) are kept
 * apart from contact fields (contact_name, contact_role, email), which no public page reads.
 */
export const signatures = sqliteTable(
  'signatures',
  {
    id: integer().primaryKey({ autoIncrement: true }),
    letter: text().notNull(),
    status: text({ enum: signatureStatuses }).notNull().default('pending'),
    // public
    organization: text().notNull(),
    country: text().notNull(),
    website: text(),
    orgType: text('org_type', { enum: orgTypes }).notNull(),
    statement: text(),
    listing: text({ enum: listings }).notNull(),
    // contact: private, nullable so a retention purge can clear them
    contactName: text('contact_name'),
    contactRole: text('contact_role'),
    email: text(),
    // derived, for duplicates, search and trust
    emailKey: text('email_key').notNull(),
    emailDomain: text('email_domain').notNull(),
    organizationKey: text('organization_key').notNull(),
    organizationSearch: text('organization_search').notNull(),
    trust: text({ enum: trustSignals }).notNull(),
    heldReason: text('held_reason'),
    /** Why a confirmed entry waits for staff (see src/lib/signing/publication.ts); kept after the decision. */
    reviewReason: text('review_reason', { enum: reviewReasons }),
    /** When the signer proved control of the website (a file at its /.well-known/ or a DNS record). */
    websiteProvenAt: integer('website_proven_at', { mode: 'timestamp_ms' }),
    /** 24 bits of a keyed hash of the signer's network, for staff to see bursts; never the address (see sign-letter.ts). */
    clientHash: text('client_hash'),
    locale: text().notNull(),
    createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull(),
    updatedAt: integer('updated_at', { mode: 'timestamp_ms' }).notNull(),
    verifiedAt: integer('verified_at', { mode: 'timestamp_ms' }),
    publishedAt: integer('published_at', { mode: 'timestamp_ms' }),
    withdrawnAt: integer('withdrawn_at', { mode: 'timestamp_ms' }),
  },
  (table) => [
    // One live signature per address per letter; a withdrawn one does not block signing again.
    uniqueIndex('signatures_letter_email_live').on(table.letter, table.emailKey).where(sql`${table.status} <> 'withdrawn'`),
    index('signatures_letter_status_published').on(table.letter, table.status, table.publishedAt),
    index('signatures_letter_domain').on(table.letter, table.emailDomain),
    index('signatures_letter_client').on(table.letter, table.clientHash, table.createdAt),
    index('signatures_letter_created').on(table.letter, table.createdAt),
    index('signatures_letter_organization').on(table.letter, table.organizationKey),
  ],
);

export type Signature = typeof signatures.$inferSelect;
