import { write } from '#db/write.ts';
import { and, eq, isNotNull } from 'drizzle-orm';
import { letterDeliveries, signatures } from '#db/schema/index.ts';
import { recordAction } from '#lib/audit/record-action.ts';
import type { Staff } from '#lib/auth/context.ts';
import { getTranslator } from '#i18n/translator.ts';
import { enqueueMail } from '#lib/mail/enqueue-mail.ts';
import type { SigningContext } from '#lib/signing/context.ts';
import { signatureLocale } from '#lib/signing/mail-vars.ts';
import { localeInfo, localePath, type Locale } from '#i18n/locales.ts';
import { freezeList } from './delivered-list.ts';

export class DeliveryError extends Error {
  override name = 'DeliveryError';
  readonly code: 'unknown-letter' | 'already-delivered' | 'future-date' | 'backlog-undecided' | 'no-recipients';
  constructor(code: DeliveryError['code']) {
    super(code);
    this.code = code;
  }
}

export const snapshotPath = (letter: string) => `/letters/${letter}/delivered.csv`;

/**
 * Whom a letter was delivered to, in a language: the recipients staff picked from the letter's
 * own list (stored as their places in it, so every language names them in its own words). A
 * delivery recorded before recipients were picked kept the text staff typed.
 */
export function deliveredTo(stored: string, recipients: readonly string[], locale: Locale): string {
  let picked: unknown;
  try {
    picked = JSON.parse(stored);
  } catch {
    return stored;
  }
  if (!Array.isArray(picked) || !picked.every((index) => Number.isInteger(index) && recipients[index] !== undefined)) return stored;
  return new Intl.ListFormat(localeInfo[locale].intl, { type: 'conjunction' }).format(picked.map((index: number) => recipients[index]!));
}

export type DeliveryInput = {
  letter: string;
  deliveredOn: Date;
  /** Places in the letter's list of recipients. */
  recipients: number[];
  note?: string | undefined;
  /** What to do with confirmed entries still awaiting review: staff must say, when there are any. */
  backlog?: 'without' | undefined;
};

/**
 * Records that a letter was delivered: when, to whom, with a note. The public list is frozen as
 * it was handed over, entry by entry (see delivered-list.ts), and its fingerprint kept beside it,
 * for the letter page to show and anyone to check later. Confirmed entries still awaiting review
 * are not on it, and staff must have chosen to deliver without them; their signers are told so.
 * Every signer on the list is mailed, in their language, with the letter page's address; signing
 * closes. All in one transaction with its audit entry.
 */
export function deliverLetter(
  context: SigningContext,
  staff: Pick<Staff, 'email'>,
  input: DeliveryInput,
): { snapshotSha256: string; signatories: number; mailed: number; leftOut: number } {
  const { db, now } = context;
  const letter = context.letters.get(input.letter);
  if (!letter) throw new DeliveryError('unknown-letter');
  // A day's grace: the date is a calendar day, entered wherever the staff member is.
  if (input.deliveredOn.getTime() > now.getTime() + 24 * 3600 * 1000) throw new DeliveryError('future-date');
  const picked = [...new Set(input.recipients)].filter((index) => letter.recipients.en[index] !== undefined).sort((a, b) => a - b);
  if (picked.length === 0) throw new DeliveryError('no-recipients');
  return write(db, (tx) => {
    if (tx.select().from(letterDeliveries).where(eq(letterDeliveries.letter, input.letter)).get()) throw new DeliveryError('already-delivered');
    const waiting = tx.select().from(signatures).where(and(eq(signatures.letter, input.letter), eq(signatures.status, 'verified'))).all();
    if (waiting.length > 0 && input.backlog !== 'without') throw new DeliveryError('backlog-undecided');
    const { fingerprint: snapshotSha256, entries } = freezeList(tx, input.letter);
    const recipients = JSON.stringify(picked);
    tx.insert(letterDeliveries)
      .values({ letter: input.letter, deliveredAt: input.deliveredOn, recipients, note: input.note ?? null, deliveredBy: staff.email, snapshot: '', snapshotSha256, signatories: entries })
      .run();
    const mailSigners = (kind: 'delivered' | 'delivered-without', signers: (typeof waiting)[number][]) => {
      let mailed = 0;
      for (const signer of signers) {
        if (!signer.email) continue;
        const locale = signatureLocale(signer);
        const t = getTranslator(locale);
        const vars = {
          letter: letter.title[locale],
          campaign: context.campaign.name[locale],
          site: context.siteUrl.host,
          date: t.date(input.deliveredOn),
          recipients: deliveredTo(recipients, letter.recipients[locale], locale),
          link: new URL(localePath(locale, `/letters/${input.letter}/`), context.siteUrl).href,
        };
        if (enqueueMail(tx, { kind, to: signer.email, locale, signatureId: signer.id, vars }, context)) mailed += 1;
      }
      return mailed;
    };
    const listed = tx.select().from(signatures).where(and(eq(signatures.letter, input.letter), eq(signatures.status, 'published'), isNotNull(signatures.email))).all();
    const mailed = mailSigners('delivered', listed);
    mailSigners('delivered-without', waiting);
    recordAction(tx, {
      at: now,
      staff: staff.email,
      action: 'deliver',
      letter: input.letter,
      after: { delivery: { deliveredOn: input.deliveredOn.toISOString().slice(0, 10), recipients: deliveredTo(recipients, letter.recipients.en, 'en'), snapshotSha256, signatories: entries, mailed, leftOut: waiting.length } },
      note: input.note,
    });
    return { snapshotSha256, signatories: entries, mailed, leftOut: waiting.length };
  });
}
