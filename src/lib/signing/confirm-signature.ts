import { eq } from 'drizzle-orm';
import { write } from '#db/write.ts';
import { outbox, signatureTokens, signatures } from '#db/schema/index.ts';
import { enqueueMail } from '#lib/mail/enqueue-mail.ts';
import { SigningError, type SigningContext } from './context.ts';
import { mailVars, signatureLocale } from './mail-vars.ts';
import { publicView, type PublicEntry } from './public-view.ts';
import { publicColumns } from './public-columns.ts';
import type { ConfirmInput } from './sign-input.ts';
import { mailManageLink } from './sign-letter.ts';
import { findSignedOrganization } from './signed-organization.ts';
import { findByToken, issueToken, manageTokenExpiry } from './tokens.ts';
import { changeStatus } from './lifecycle.ts';
import { isFreeMail, publishesAtOnce } from './trust-signal.ts';

export type Confirmation = { letter: string; organization: string; status: 'published' | 'verified' };

/**
 * Confirms a pending signature with the token from its email (POST only: mail scanners follow
 * links), publishing exactly the public fields the confirmer saw and possibly changed on the
 * confirm page: whoever typed the sign-up, the holder of the address decides. It is public at
 * once only from an address at the organization's own domain (and where the letter does not
 * wait for approval anyway); anything else waits for staff. The signer is mailed a
 * private link to manage the entry. When the same organization has meanwhile been confirmed
 * from another address at its domain, this one is not added and that signer gets a reminder.
 */
export function confirmSignature(context: SigningContext, input: ConfirmInput): Confirmation {
  const { db, now } = context;
  const outcome = write(db, (tx) => {
    const { token: row, signature } = findByToken(tx, input.token, 'verify', now);
    const letter = context.letters.get(signature.letter);
    if (!letter || signature.status !== 'pending') throw new SigningError('used-token');
    tx.update(signatureTokens).set({ usedAt: now }).where(eq(signatureTokens.id, row.id)).run();

    const chosen = publicColumns(input, signature.emailDomain);
    const signedHere = isFreeMail(signature.emailDomain)
      ? undefined
      : findSignedOrganization(tx, letter.slug, signature.emailDomain, chosen.organizationKey, signature.id);
    if (signedHere) {
      tx.delete(outbox).where(eq(outbox.signatureId, signature.id)).run();
      tx.delete(signatures).where(eq(signatures.id, signature.id)).run();
      if (signedHere.email) mailManageLink(context, tx, letter, signedHere, 'manage-reminder', signedHere.email);
      return 'organization-signed' as const;
    }

    const status: Confirmation['status'] = letter.publication === 'on-verification' && publishesAtOnce(chosen.trust) ? 'published' : 'verified';
    const confirmed = changeStatus(tx, signature, 'confirm', status, now, chosen);
    const locale = signatureLocale(confirmed);
    const { link, tokenId } = issueToken(tx, context, confirmed, 'manage', manageTokenExpiry(now, letter.closesAt));
    enqueueMail(
      tx,
      { kind: 'confirmed', to: confirmed.email ?? '', locale, signatureId: confirmed.id, tokenId, vars: mailVars(context, letter, confirmed, locale, { link, published: status === 'published' }) },
      context,
    );
    return { letter: letter.slug, organization: confirmed.organization, status };
  });
  // Thrown after the transaction, so the removal and the reminder are kept.
  if (outcome === 'organization-signed') throw new SigningError('organization-signed');
  return outcome;
}

/**
 * Looks a confirmation link up without using it, for the page that shows what will be
 * published and the confirm button.
 */
export function checkVerifyToken(context: Pick<SigningContext, 'db' | 'now'>, token: string): PublicEntry {
  const { signature } = findByToken(context.db, token, 'verify', context.now);
  if (signature.status !== 'pending') throw new SigningError('used-token');
  return publicView(signature);
}
