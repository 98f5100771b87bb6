import { eq } from 'drizzle-orm';
import { signatureTokens, signatures, type Signature } from '#db/schema/index.ts';
import { SigningError, type SigningContext } from './context.ts';
import { publicColumns } from './public-columns.ts';
import type { UpdateInput } from './sign-input.ts';
import { findByToken } from './tokens.ts';

export type ManagedSignature = Pick<
  Signature,
  'letter' | 'status' | 'organization' | 'country' | 'website' | 'orgType' | 'statement' | 'listing'
>;

type Tx = Parameters<Parameters<SigningContext['db']['transaction']>[0]>[0];

/** The entry a manage link opens; refused once withdrawn or rejected, or when its letter has closed. */
function openManaged(context: SigningContext, tx: Tx | SigningContext['db'], token: string) {
  const { signature } = findByToken(tx, token, 'manage', context.now);
  const letter = context.letters.get(signature.letter);
  if (!letter || signature.status === 'withdrawn' || signature.status === 'rejected') throw new SigningError('invalid-token');
  return { signature, letter };
}

function publicView(signature: Signature): ManagedSignature {
  const { letter, status, organization, country, website, orgType, statement, listing } = signature;
  return { letter, status, organization, country, website, orgType, statement, listing };
}

/** The public fields of the entry, to fill the manage form. */
export function findManagedSignature(context: SigningContext, token: string): ManagedSignature & { letterOpen: boolean } {
  const { signature, letter } = openManaged(context, context.db, token);
  return { ...publicView(signature), letterOpen: letter.status === 'open' };
}

/**
 * Corrects the public fields while the letter is open. Where staff approve entries, a corrected
 * entry goes back to them before it is public again.
 */
export function updateSignature(context: SigningContext, input: UpdateInput): ManagedSignature {
  const { db, now } = context;
  return db.transaction((tx) => {
    const { signature, letter } = openManaged(context, tx, input.token);
    if (letter.status !== 'open') throw new SigningError('closed');
    const backToReview = letter.publication === 'after-approval' && signature.status === 'published';
    const updated = tx
      .update(signatures)
      .set({
        ...publicColumns(input, signature.emailDomain),
        updatedAt: now,
        ...(backToReview ? { status: 'verified' as const, publishedAt: null } : {}),
      })
      .where(eq(signatures.id, signature.id))
      .returning()
      .get();
    return publicView(updated);
  });
}

/** Withdraws the signature: off the public list at once, and every link for it stops working. */
export function withdrawSignature(context: SigningContext, token: string): { letter: string } {
  const { db, now } = context;
  return db.transaction((tx) => {
    const { signature, letter } = openManaged(context, tx, token);
    if (letter.status !== 'open') throw new SigningError('closed');
    tx.update(signatures).set({ status: 'withdrawn', withdrawnAt: now, publishedAt: null, updatedAt: now }).where(eq(signatures.id, signature.id)).run();
    tx.update(signatureTokens).set({ usedAt: now }).where(eq(signatureTokens.signatureId, signature.id)).run();
    return { letter: signature.letter };
  });
}
