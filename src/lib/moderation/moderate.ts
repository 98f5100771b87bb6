import { and, eq, inArray } from 'drizzle-orm';
import { write } from '#db/write.ts';
import { signatures } from '#db/schema/index.ts';
import { recordAction } from '#lib/audit/record-action.ts';
import type { Staff } from '#lib/auth/context.ts';
import type { SigningContext } from '#lib/signing/context.ts';
import { can, changeStatus, restoredStatus, type SignatureEvent } from '#lib/signing/lifecycle.ts';
import { mailVerification } from '#lib/signing/sign-letter.ts';
import type { SignatureStatus } from '#lib/signing/vocabulary.ts';

export const decisions = ['approve', 'reject', 'hide', 'restore', 'release'] as const satisfies readonly SignatureEvent[];
export type Decision = (typeof decisions)[number];

const target: Record<Exclude<Decision, 'restore'>, SignatureStatus> = { approve: 'published', reject: 'rejected', hide: 'hidden', release: 'pending' };

export type ModerationResult = { changed: number[]; skipped: number[] };

/**
 * Applies one staff decision to entries of a letter, each through the lifecycle, in one
 * transaction with its audit entry. An entry the decision does not apply to (approving one that
 * is already published, say) is skipped and reported, not an error. Releasing a held entry
 * mails its confirmation link: staff never publish an unconfirmed sign-up.
 */
export function moderate(context: SigningContext, staff: Pick<Staff, 'email'>, input: { letter: string; ids: number[]; decision: Decision; note?: string | undefined }): ModerationResult {
  const { db, now } = context;
  const letter = context.letters.get(input.letter);
  return write(db, (tx) => {
    const rows = tx.select().from(signatures).where(and(eq(signatures.letter, input.letter), inArray(signatures.id, input.ids))).all();
    const changed: number[] = [];
    const before: Record<string, unknown> = {};
    const after: Record<string, unknown> = {};
    for (const row of rows) {
      if (!can(input.decision, row.status) || (input.decision === 'release' && !letter)) continue;
      const to = input.decision === 'restore' ? restoredStatus(row) : target[input.decision];
      const updated = changeStatus(tx, row, input.decision, to, now);
      if (input.decision === 'release' && letter) mailVerification(context, tx, letter, updated);
      changed.push(row.id);
      before[row.id] = { status: row.status };
      after[row.id] = { status: updated.status };
    }
    if (changed.length > 0) {
      recordAction(tx, { at: now, staff: staff.email, action: input.decision, letter: input.letter, signatureIds: changed, before, after, note: input.note });
    }
    return { changed, skipped: input.ids.filter((id) => !changed.includes(id)) };
  });
}
