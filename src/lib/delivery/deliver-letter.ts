import { write } from '#db/write.ts';
import { and, eq, isNotNull } from 'drizzle-orm';
import { letterDeliveries, signatures } from '#db/schema/index.ts';
import { recordAction } from '#lib/audit/record-action.ts';
import type { Staff } from '#lib/auth/context.ts';
import { getTranslator } from '#i18n/translator.ts';
import { enqueueMail } from '#lib/mail/enqueue-mail.ts';
import type { SigningContext } from '#lib/signing/context.ts';
import { signatureLocale } from '#lib/signing/mail-vars.ts';
import { freezeList } from './delivered-list.ts';

export class DeliveryError extends Error {
  override name = 'DeliveryError';
  readonly code: 'unknown-letter' | 'already-delivered' | 'future-date';
  constructor(code: DeliveryError['code']) {
    super(
      { 'already-delivered': 'This letter has already been marked delivered.', 'unknown-letter': 'There is no such letter.', 'future-date': 'A delivery cannot be recorded before it happens: the date is in the future.' }[code],
    );
    this.code = code;
  }
}

export const snapshotPath = (letter: string) => `/letters/${letter}/delivered.csv`;

/**
 * Records that a letter was delivered: when, to whom, with a note. The public list is frozen as
 * it was handed over, entry by entry (see delivered-list.ts), and its fingerprint kept beside it,
 * for the letter page to show and anyone to check later. Every signer on the list is mailed, in
 * their language; signing closes. All in one transaction with its audit entry.
 */
export function deliverLetter(
  context: SigningContext,
  staff: Pick<Staff, 'email'>,
  input: { letter: string; deliveredOn: Date; recipients: string; note?: string | undefined },
): { snapshotSha256: string; signatories: number; mailed: number } {
  const { db, now } = context;
  const letter = context.letters.get(input.letter);
  if (!letter) throw new DeliveryError('unknown-letter');
  // A day's grace: the date is a calendar day, entered wherever the staff member is.
  if (input.deliveredOn.getTime() > now.getTime() + 24 * 3600 * 1000) throw new DeliveryError('future-date');
  return write(db, (tx) => {
    if (tx.select().from(letterDeliveries).where(eq(letterDeliveries.letter, input.letter)).get()) throw new DeliveryError('already-delivered');
    const { fingerprint: snapshotSha256, entries } = freezeList(tx, input.letter);
    tx.insert(letterDeliveries)
      .values({ letter: input.letter, deliveredAt: input.deliveredOn, recipients: input.recipients, note: input.note ?? null, deliveredBy: staff.email, snapshot: '', snapshotSha256, signatories: entries })
      .run();
    let mailed = 0;
    const signers = tx.select().from(signatures).where(and(eq(signatures.letter, input.letter), eq(signatures.status, 'published'), isNotNull(signatures.email))).all();
    for (const signer of signers) {
      const locale = signatureLocale(signer);
      const t = getTranslator(locale);
      const queued = enqueueMail(
        tx,
        {
          kind: 'delivered',
          to: signer.email!,
          locale,
          signatureId: signer.id,
          vars: {
            letter: letter.title[locale],
            campaign: context.campaign.name[locale],
            site: context.siteUrl.host,
            date: t.date(input.deliveredOn),
            recipients: input.recipients,
            link: new URL(snapshotPath(input.letter), context.siteUrl).href,
          },
        },
        context,
      );
      if (queued) mailed += 1;
    }
    recordAction(tx, {
      at: now,
      staff: staff.email,
      action: 'deliver',
      letter: input.letter,
      after: { delivery: { deliveredOn: input.deliveredOn.toISOString().slice(0, 10), recipients: input.recipients, snapshotSha256, signatories: entries, mailed } },
      note: input.note,
    });
    return { snapshotSha256, signatories: entries, mailed };
  });
}
