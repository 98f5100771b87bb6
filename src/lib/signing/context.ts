import type { Database } from '#db/client.ts';
import type { Locale } from '#i18n/locales.ts';
import type { LetterStatus } from '#lib/campaign/letter-status.ts';

/** What signing needs to know about a letter, taken from its content files. */
export type LetterInfo = {
  slug: string;
  title: Record<Locale, string>;
  status: LetterStatus;
  closesAt: Date;
  publication: 'on-verification' | 'after-approval';
  /** Its recipients in each language, in the letter's order. */
  recipients: Record<Locale, string[]>;
};

/** Everything a signing verb depends on, passed in so the verbs run the same in tests and in the server. */
export type SigningContext = {
  db: Database;
  now: Date;
  siteUrl: URL;
  secret: string;
  letters: ReadonlyMap<string, LetterInfo>;
  campaign: { name: Record<Locale, string>; contactEmail: string; wellKnownOrganizations: readonly string[] };
};

export type SigningErrorCode = 'unknown-letter' | 'closed' | 'invalid-token' | 'expired-token' | 'used-token' | 'stale-form';

/** A refusal the signer can understand; the action maps each code to a message in their language. */
export class SigningError extends Error {
  override name = 'SigningError';
  readonly code: SigningErrorCode;
  constructor(code: SigningErrorCode) {
    super(`signing refused: ${code}`);
    this.code = code;
  }
}
