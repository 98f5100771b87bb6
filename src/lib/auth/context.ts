import type { Database } from '#db/client.ts';

/** What the staff verbs depend on, passed in so they run the same in tests and in the server. */
export type AuthContext = {
  db: Database;
  now: Date;
  secret: string;
  siteUrl: URL;
  /** From STAFF_EMAILS, lower case. */
  staffEmails: readonly string[];
  /** The campaign's name in each language. */
  campaignName: Record<import('#i18n/locales.ts').Locale, string>;
};

export type AuthErrorCode = 'invalid-link' | 'expired-link' | 'used-link';

/** A sign-in link that does not work; the page says which way. */
export class AuthError extends Error {
  override name = 'AuthError';
  readonly code: AuthErrorCode;
  constructor(code: AuthErrorCode) {
    super(`staff sign-in refused: ${code}`);
    this.code = code;
  }
}

/** Who is signed in, for the pages and actions of the staff area, in the language they chose. */
export type Staff = { email: string; sessionId: string; locale: import('#i18n/locales.ts').Locale };
