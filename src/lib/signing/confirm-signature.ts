import { eq } from 'drizzle-orm';
import { signatureTokens, signatures } from '#db/schema/index.ts';
import { enqueueMail } from '#lib/mail/enqueue-mail.ts';
import { SigningError, type SigningContext } from './context.ts';
import { mailVars, signatureLocale } from './mail-vars.ts';
import { findByToken, issueToken, manageTokenExpiry } from './tokens.ts';

export type Confirmation = { letter: string; organization: string; status: 'published' | 'verified' };

/**
 * Confirms a pending signature with the token from its email (POST only: mail scanners follow
 * links). It counts at once, or waits for staff when the letter publishes only after approval.
 * The token is spent; the signer is mailed a private link to manage the entry.
 */
export function confirmSignature(context: SigningContext, token: string): Confirmation {
  const { db, now } = context;
  return db.transaction((tx) => {
    const { token: row, signature } = findByToken(tx, token, 'verify', now);
    const letter = context.letters.get(signature.letter);
    if (!letter || signature.status !== 'pending') throw new SigningError('used-token');
    tx.update(signatureTokens).set({ usedAt: now }).where(eq(signatureTokens.id, row.id)).run();
    const status = letter.publication === 'after-approval' ? 'verified' : 'published';
    tx.update(signatures)
      .set({ status, verifiedAt: now, publishedAt: status === 'published' ? now : null, updatedAt: now })
      .where(eq(signatures.id, signature.id))
      .run();
    const locale = signatureLocale(signature);
    const { link, tokenId } = issueToken(tx, context, signature, 'manage', manageTokenExpiry(now, letter.closesAt));
    enqueueMail(
      tx,
      { kind: 'confirmed', to: signature.email ?? '', locale, signatureId: signature.id, tokenId, vars: mailVars(context, letter, signature, locale, { link, published: status === 'published' }) },
      now,
    );
    return { letter: letter.slug, organization: signature.organization, status };
  });
}

/** Looks a confirmation link up without using it, for the page that shows the confirm button. */
export function checkVerifyToken(context: Pick<SigningContext, 'db' | 'now'>, token: string): { letter: string; organization: string } {
  const { signature } = findByToken(context.db, token, 'verify', context.now);
  if (signature.status !== 'pending') throw new SigningError('used-token');
  return { letter: signature.letter, organization: signature.organization };
}
