import { and, asc, eq, inArray, lte } from 'drizzle-orm';
import { filterCondition, type SignatureFilters } from './filters.ts';
import { write } from '#db/write.ts';
import { signatures } from '#db/schema/index.ts';
import { recordAction } from '#lib/audit/record-action.ts';
import type { Staff } from '#lib/auth/context.ts';
import type { SigningContext } from '#lib/signing/context.ts';
import { can, changeStatus, restoredStatus, type SignatureEvent } from '#lib/signing/lifecycle.ts';
import { mailVerification } from '#lib/signing/sign-letter.ts';
import { mailVars, signatureLocale } from '#lib/signing/mail-vars.ts';
import { enqueueMail } from '#lib/mail/enqueue-mail.ts';
import { getTranslator } from '#i18n/translator.ts';
import { localePath } from '#i18n/locales.ts';
import type { SignatureStatus } from '#lib/signing/vocabulary.ts';

export const decisions = ['approve', 'reject', 'hide', 'restore', 'release'] as const satisfies readonly SignatureEvent[];
export type Decision = (typeof decisions)[number];

/** Why staff reject an entry, as its signer is told in their language (see mail.rejected.*). */
export const rejectionReasons = ['could-not-verify', 'not-an-organization', 'duplicate', 'name-of-another', 'statement'] as const;
export type RejectionReason = (typeof rejectionReasons)[number];

const target: Record<Exclude<Decision, 'restore'>, SignatureStatus> = { approve: 'published', reject: 'rejected', hide: 'hidden', release: 'pending' };

export type ModerationResult = { changed: number[]; skipped: number[]; mailed: number };

/**
 * Applies one staff decision to entries of a letter, each through the lifecycle, in one
 * transaction with its audit entry. An entry the decision does not apply to (approving one that
 * is already published, say) is skipped and reported, not an error. Releasing a held entry
 * mails its confirmation link: staff never publish an unconfirmed sign-up. A confirmed signer
 * hears of an approval or a rejection (with the reason staff chose) by mail, in their language;
 * an unconfirmed one is never mailed.
 */
export function moderate(
  context: SigningContext,
  staff: Pick<Staff, 'email'>,
  input: { letter: string; ids: number[]; decision: Decision; note?: string | undefined; reason?: RejectionReason | undefined },
): ModerationResult {
  const { db, now } = context;
  const letter = context.letters.get(input.letter);
  return write(db, (tx) => {
    const rows = tx.select().from(signatures).where(and(eq(signatures.letter, input.letter), inArray(signatures.id, input.ids))).all();
    const changed: number[] = [];
    const before: Record<string, unknown> = {};
    const after: Record<string, unknown> = {};
    let mailed = 0;
    for (const row of rows) {
      if (!can(input.decision, row.status) || (input.decision === 'release' && !letter)) continue;
      const to = input.decision === 'restore' ? restoredStatus(row) : target[input.decision];
      const updated = changeStatus(tx, row, input.decision, to, now);
      if (input.decision === 'release' && letter) mailVerification(context, tx, letter, updated);
      if (letter && row.verifiedAt && row.email && (input.decision === 'approve' || input.decision === 'reject')) {
        const locale = signatureLocale(row);
        const kind = input.decision === 'approve' ? 'approved' : 'rejected';
        const reason = input.decision === 'reject' && input.reason ? getTranslator(locale)(`mail.rejected.reason.${input.reason}`) : '';
        const listUrl = new URL(localePath(locale, `/letters/${letter.slug}/signatories/`), context.siteUrl).href;
        if (enqueueMail(tx, { kind, to: row.email, locale, signatureId: row.id, vars: mailVars(context, letter, row, locale, { link: listUrl, reason }) }, context)) mailed += 1;
      }
      changed.push(row.id);
      before[row.id] = { status: row.status };
      after[row.id] = { status: updated.status };
    }
    if (changed.length > 0) {
      const note = [input.reason && `reason: ${input.reason}`, input.note].filter(Boolean).join('; ') || undefined;
      recordAction(tx, { at: now, staff: staff.email, action: input.decision, letter: input.letter, signatureIds: changed, before, after, note });
    }
    return { changed, skipped: input.ids.filter((id) => !changed.includes(id)), mailed };
  });
}

/** The most entries one "all matching" decision may touch: a filter, not the whole table by accident. */
export const matchingCap = 1000;

/**
 * Applies a decision to every entry of the letter that the queue's filters match (up to
 * `matchingCap`, oldest first), but none newer than `upTo`, the newest the staff member's page
 * showed: an entry signed meanwhile that happens to match is never decided unseen.
 */
export function moderateMatching(
  context: SigningContext,
  staff: Pick<Staff, 'email'>,
  input: { letter: string; filters: SignatureFilters; upTo: number; decision: Decision; note?: string | undefined; reason?: RejectionReason | undefined },
): ModerationResult {
  const where = and(filterCondition(input.letter, input.filters), lte(signatures.id, input.upTo));
  const ids = context.db.select({ id: signatures.id }).from(signatures).where(where).orderBy(asc(signatures.createdAt), asc(signatures.id)).limit(matchingCap).all().map((row) => row.id);
  return ids.length === 0 ? { changed: [], skipped: [], mailed: 0 } : moderate(context, staff, { ...input, ids });
}
