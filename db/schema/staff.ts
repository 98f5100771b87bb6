import { index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';

/** Staff added with `npm run staff -- add`, besides those in STAFF_EMAILS. Addresses in lower case. */
export const staffAccounts = sqliteTable('staff_accounts', {
  email: text().primaryKey(),
  addedAt: integer('added_at', { mode: 'timestamp_ms' }).notNull(),
});

/** Emailed sign-in links for staff, stored only as SHA-256 hashes: single use, 15 minutes. */
export const staffSignInTokens = sqliteTable(
  'staff_sign_in_tokens',
  {
    id: integer().primaryKey({ autoIncrement: true }),
    email: text().notNull(),
    tokenHash: text('token_hash').notNull().unique(),
    createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull(),
    expiresAt: integer('expires_at', { mode: 'timestamp_ms' }).notNull(),
    usedAt: integer('used_at', { mode: 'timestamp_ms' }),
  },
  (table) => [index('staff_sign_in_tokens_email').on(table.email)],
);

/**
 * A signed-in staff member. The id is the SHA-256 of the random value in the cookie, so the table
 * alone cannot be used to sign in. A session ends when idle for 30 minutes, 12 hours after sign-in,
 * or when ended by its owner; an ended session's row is deleted.
 */
export const staffSessions = sqliteTable(
  'staff_sessions',
  {
    id: text().primaryKey(),
    email: text().notNull(),
    createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull(),
    lastSeenAt: integer('last_seen_at', { mode: 'timestamp_ms' }).notNull(),
    /** The browser, as it named itself, so a staff member can tell their sessions apart. */
    userAgent: text('user_agent').notNull(),
  },
  (table) => [index('staff_sessions_email').on(table.email)],
);

/**
 * What each staff member chose for themselves, whether listed in STAFF_EMAILS or added with the
 * command: the language of the staff area and of the mail sent to them, and whether they get the
 * daily digest of entries waiting for review (and when it last went).
 */
export const staffPreferences = sqliteTable('staff_preferences', {
  email: text().primaryKey(),
  /** Chosen on the account page, or else learned from the language of the first sign-in; null until then. */
  locale: text({ enum: ['en', 'ru', 'kk'] }),
  dailyDigest: integer('daily_digest', { mode: 'boolean' }).notNull().default(true),
  digestSentAt: integer('digest_sent_at', { mode: 'timestamp_ms' }),
});
