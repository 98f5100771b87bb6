import { eq } from 'drizzle-orm';
import { write, type Transaction } from '#db/write.ts';
import { signatureTokens, signatures } from '#db/schema/index.ts';
import { SigningError, type SigningContext } from './context.ts';
import { publicView, type PublicEntry } from './public-view.ts';
import { publicColumns } from './public-columns.ts';
import type { UpdateInput } from './sign-input.ts';
import { findByToken } from './tokens.ts';
import { changeStatus } from './lifecycle.ts';
import { trustReason } from './publication.ts';
import { proofPath, proofRecord, proofToken } from './website-proof.ts';

export type ManagedSignature = PublicEntry;

/** The entry a manage link opens; refused once withdrawn or rejected. */
export function openManaged(context: SigningContext, tx: Transaction | SigningContext['db'], token: string) {
  const { signature } = findByToken(tx, token, 'manage', context.now);
  const letter = context.letters.get(signature.letter);
  if (!letter || signature.status === 'withdrawn' || signature.status === 'rejected') throw new SigningError('invalid-token');
  return { signature, letter };
}

/** The public fields of the entry, to fill the manage form, and how its signer can prove the website (see website-proof.ts). */
export function findManagedSignature(context: SigningContext, token: string): ManagedSignature & { letterOpen: boolean; proof: WebsiteProof | undefined } {
  const { signature, letter } = openManaged(context, context.db, token);
  const proof = signature.website
    ? {
        token: proofToken(context.secret, signature.letter, signature.id),
        fileUrl: new URL(proofPath(signature.letter), `https://${new URL(signature.website).host}`).href,
        record: proofRecord(signature.website),
        provenAt: signature.websiteProvenAt,
      }
    : undefined;
  return { ...publicView(signature), letterOpen: letter.status === 'open', proof };
}

export type WebsiteProof = { token: string; fileUrl: string; record: string; provenAt: Date | null };

/**
 * Corrects the public fields while the letter is open.
 */
export function updateSignature(context: SigningContext, input: UpdateInput): ManagedSignature {
  const { db, now } = context;
  return write(db, (tx) => {
    const { signature, letter } = openManaged(context, tx, input.token);
    if (letter.status !== 'open') throw new SigningError('closed');
    const corrected = publicColumns(input, signature.emailDomain);
    // A published entry goes back to staff before it is public again when its name changes (a
    // domain proves who holds a mailbox, not whose name it is), when the correction moves it off
    // its own domain, or where staff approve every entry.
    const renamed = corrected.organizationKey !== signature.organizationKey;
    const reason = signature.status !== 'published' ? undefined : renamed ? 'renamed' : trustReason(letter, corrected.trust);
    // A proof holds for the website it was made for.
    const proof = corrected.website === signature.website ? {} : { websiteProvenAt: null };
    const updated = reason
      ? changeStatus(tx, signature, 'review', 'verified', now, { ...corrected, ...proof, reviewReason: reason })
      : tx.update(signatures).set({ ...corrected, ...proof, updatedAt: now }).where(eq(signatures.id, signature.id)).returning().get();
    return publicView(updated);
  });
}

/**
 * Lists the organization as "an organization from <country>" only, with no name, website or
 * statement: allowed at any time, also after the letter closed, for a signer who is no longer
 * safe being named.
 */
export function listAnonymously(context: SigningContext, token: string): ManagedSignature {
  const { db, now } = context;
  return write(db, (tx) => {
    const { signature } = openManaged(context, tx, token);
    const updated = tx.update(signatures).set({ listing: 'anonymous', updatedAt: now }).where(eq(signatures.id, signature.id)).returning().get();
    return publicView(updated);
  });
}

/**
 * Withdraws the signature, at any time (the privacy page promises it): off the public list at
 * once, and every link for it stops working.
 */
export function withdrawSignature(context: SigningContext, token: string): { letter: string } {
  const { db, now } = context;
  return write(db, (tx) => {
    const { signature } = openManaged(context, tx, token);
    changeStatus(tx, signature, 'withdraw', 'withdrawn', now);
    tx.update(signatureTokens).set({ usedAt: now }).where(eq(signatureTokens.signatureId, signature.id)).run();
    return { letter: signature.letter };
  });
}
