import { eq } from 'drizzle-orm';
import { write } from '#db/write.ts';
import { signatures } from '#db/schema/index.ts';
import { recordAction } from '#lib/audit/record-action.ts';
import type { Staff } from '#lib/auth/context.ts';
import type { SigningContext } from '#lib/signing/context.ts';
import { publicColumns } from '#lib/signing/public-columns.ts';
import type { PublicFieldsInput } from '#lib/signing/sign-input.ts';

export class ModerationError extends Error {
  override name = 'ModerationError';
  readonly code: 'not-found' | 'anonymity';
  constructor(code: ModerationError['code']) {
    super(code === 'anonymity' ? 'Only the signer can list an anonymous entry by name.' : 'There is no such entry.');
    this.code = code;
  }
}

const editable = ['organization', 'country', 'website', 'orgType', 'statement', 'listing'] as const;

/**
 * Staff correct an entry's public fields (a typo, an offensive statement), with the values before
 * and after in the audit log. They may make a named entry anonymous, never the reverse: only the
 * signer can choose to be named. Returns the entry's letter.
 */
export function editEntry(context: SigningContext, staff: Pick<Staff, 'email'>, id: number, input: PublicFieldsInput & { note?: string | undefined }): string {
  const { db, now } = context;
  return write(db, (tx) => {
    const row = tx.select().from(signatures).where(eq(signatures.id, id)).get();
    if (!row) throw new ModerationError('not-found');
    if (row.listing === 'anonymous' && input.listing === 'named') throw new ModerationError('anonymity');
    const columns = publicColumns(input, row.emailDomain);
    const changed = editable.filter((field) => (row[field] ?? null) !== (columns[field] ?? null));
    if (changed.length === 0) return row.letter;
    tx.update(signatures).set({ ...columns, updatedAt: now }).where(eq(signatures.id, id)).run();
    recordAction(tx, {
      at: now,
      staff: staff.email,
      action: 'edit',
      letter: row.letter,
      signatureIds: [id],
      before: { [id]: Object.fromEntries(changed.map((field) => [field, row[field]])) },
      after: { [id]: Object.fromEntries(changed.map((field) => [field, columns[field]])) },
      note: input.note,
    });
    return row.letter;
  });
}
