import { eq } from 'drizzle-orm';
import { write } from '#db/write.ts';
import { signatureTokens } from '#db/schema/index.ts';
import { enqueueMail } from '#lib/mail/enqueue-mail.ts';
import { SigningError, type SigningContext } from './context.ts';
import { mailVars, signatureLocale } from './mail-vars.ts';
import { publicView, type PublicEntry } from './public-view.ts';
import { publicColumns } from './public-columns.ts';
import type { ConfirmInput } from './sign-input.ts';
import { reviewReason } from './publication.ts';
import { findByToken, issueToken, manageTokenExpiry } from './tokens.ts';
import { changeStatus } from './lifecycle.ts';
import type { TrustSignal } from './vocabulary.ts';

export type Confirmation = { letter: string; organization: string; status: 'published' | 'verified' };

/**
 * Confirms a pending signature with the token from its email (POST only: mail scanners follow
 * links), publishing exactly the public fields the confirmer saw and possibly changed on the
 * confirm page, with the contact name and role it showed: whoever typed the sign-up, the holder of
 * the address decides. It is public at
 * once only when nothing but its own domain speaks for it (see publication.ts); anything else
 * waits for staff, with the reason kept for them. A duplicate of an organization already on the
 * list is no exception: it waits for staff too, and the confirmer is told only what every
 * confirmer is told, so no answer reveals who else signed. The signer is mailed a private link
 * to manage the entry.
 */
export function confirmSignature(context: SigningContext, input: ConfirmInput): Confirmation {
  const { db, now } = context;
  return write(db, (tx) => {
    const { token: row, signature } = findByToken(tx, input.token, 'verify', now);
    const letter = context.letters.get(signature.letter);
    if (!letter || signature.status !== 'pending') throw new SigningError('used-token');
    tx.update(signatureTokens).set({ usedAt: now }).where(eq(signatureTokens.id, row.id)).run();

    const chosen = publicColumns(input, signature.emailDomain);
    const reason = reviewReason(tx, letter, { ...signature, ...chosen }, context.campaign.wellKnownOrganizations);
    const status: Confirmation['status'] = reason ? 'verified' : 'published';
    const contact = { contactName: input.contactName, contactRole: input.contactRole };
    const confirmed = changeStatus(tx, signature, 'confirm', status, now, { ...chosen, ...contact, reviewReason: reason ?? null });
    const locale = signatureLocale(confirmed);
    const { link, tokenId } = issueToken(tx, context, confirmed, 'manage', manageTokenExpiry(now, letter.closesAt));
    enqueueMail(
      tx,
      { kind: 'confirmed', to: confirmed.email ?? '', locale, signatureId: confirmed.id, tokenId, vars: mailVars(context, letter, confirmed, locale, { link, published: status === 'published' }) },
      context,
    );
    return { letter: letter.slug, organization: confirmed.organization, status };
  });
}

/**
 * Looks a confirmation link up without using it, for the page that shows what will be
 * published and the confirm button. It carries the entry's own address domain and trust signal,
 * so the page can say whether the address alone makes the entry wait for review: only the
 * confirmer's own details, never anything about other entries (see publication.ts).
 */
export function checkVerifyToken(
  context: Pick<SigningContext, 'db' | 'now'>,
  token: string,
): PublicEntry & { contactName: string; contactRole: string; emailDomain: string; trust: TrustSignal } {
  const { signature } = findByToken(context.db, token, 'verify', context.now);
  if (signature.status !== 'pending') throw new SigningError('used-token');
  return { ...publicView(signature), contactName: signature.contactName ?? '', contactRole: signature.contactRole ?? '', emailDomain: signature.emailDomain, trust: signature.trust };
}
