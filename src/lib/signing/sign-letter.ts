import { and, eq, ne } from 'drizzle-orm';
import { signatures, type Signature } from '#db/schema/index.ts';
import type { Locale } from '#i18n/locales.ts';
import { keyedHash } from '#lib/crypto/tokens.ts';
import { secondsSinceRender } from '#lib/forms/form-timestamp.ts';
import { consumeLimit } from '#lib/limits/consume-limit.ts';
import { limits } from '#lib/limits/policies.ts';
import { enqueueMail } from '#lib/mail/enqueue-mail.ts';
import { SigningError, type LetterInfo, type SigningContext } from './context.ts';
import { mailVars, signatureLocale } from './mail-vars.ts';
import { emailKey, organizationKey, sameOrganization, splitEmail } from './normalize.ts';
import { publicColumns } from './public-columns.ts';
import type { SignInput } from './sign-input.ts';
import { issueToken, manageTokenExpiry, verifyTokenExpiry } from './tokens.ts';
import { isFreeMail } from './trust-signal.ts';

/** What happened, for the log only: the signer always sees the same "check your email" page. */
export type SignOutcome = 'new' | 'held' | 'repeat-pending' | 'repeat-signed' | 'repeat-elsewhere' | 'repeat-quiet';

/** Why a sign-up is held for staff instead of mailed: a bot's marks, or too many from one source. */
function holdReason(context: SigningContext, input: SignInput, ip: string, minSeconds: number): string | undefined {
  const { db, now, secret } = context;
  if (input.fax) return 'honeypot';
  const seconds = secondsSinceRender(secret, input.started, now);
  if (seconds === undefined) return 'no-form-render';
  if (seconds < minSeconds) return 'too-fast';
  const domain = splitEmail(input.email).domain;
  const withinLimits = [
    consumeLimit(db, `sign:ip:${keyedHash(secret, ip)}`, limits.signPerIp, now),
    consumeLimit(db, `sign:email:${keyedHash(secret, emailKey(input.email))}`, limits.signPerEmail, now),
    isFreeMail(domain) || consumeLimit(db, `sign:domain:${keyedHash(secret, domain)}`, limits.signPerDomain, now),
  ];
  return withinLimits.every(Boolean) ? undefined : 'rate-limit';
}

/**
 * Signs a letter for an organization. A new sign-up is stored as pending with its verification
 * mail in the same transaction. A repeat (same address, or the same organization from the same
 * non-free-mail domain) changes nothing and mails the address that was typed, so nobody learns
 * from the site who has signed.
 */
export function signLetter(
  context: SigningContext,
  input: SignInput,
  request: { ip: string; locale: Locale; minSeconds: number },
): SignOutcome {
  const { db, now } = context;
  const letter = context.letters.get(input.letter);
  if (!letter) throw new SigningError('unknown-letter');
  if (letter.status !== 'open') throw new SigningError('closed');

  const held = holdReason(context, input, request.ip, request.minSeconds);
  const key = emailKey(input.email);
  const domain = splitEmail(input.email).domain;
  const orgKey = organizationKey(input.organization);

  return db.transaction((tx): SignOutcome => {
    const live = and(eq(signatures.letter, letter.slug), ne(signatures.status, 'withdrawn'));
    const sameAddress = tx.select().from(signatures).where(and(live, eq(signatures.emailKey, key))).get();
    if (sameAddress) {
      if (held) return 'repeat-quiet';
      return repeatFromSameAddress(context, tx, letter, sameAddress, input.email);
    }
    if (!isFreeMail(domain)) {
      const sameOrg = tx
        .select()
        .from(signatures)
        .where(and(live, eq(signatures.emailDomain, domain)))
        .all()
        .find((other) => sameOrganization(other.organizationKey, orgKey));
      if (sameOrg) {
        if (held) return 'repeat-quiet';
        return repeatFromSameDomain(context, tx, letter, sameOrg, { email: input.email, locale: request.locale, organization: input.organization, contactName: input.contactName });
      }
    }

    const signature = tx
      .insert(signatures)
      .values({
        letter: letter.slug,
        status: held ? 'held' : 'pending',
        heldReason: held ?? null,
        ...publicColumns(input, domain),
        contactName: input.contactName,
        contactRole: input.contactRole,
        email: input.email,
        emailKey: key,
        emailDomain: domain,
        locale: request.locale,
        createdAt: now,
        updatedAt: now,
      })
      .returning()
      .get();
    if (held) return 'held';
    const { link, tokenId } = issueToken(tx, context, signature, 'verify', verifyTokenExpiry(now));
    enqueueMail(tx, { kind: 'verify', to: input.email, locale: request.locale, signatureId: signature.id, tokenId, vars: mailVars(context, letter, signature, request.locale, { link }) }, now);
    return 'new';
  });
}

type Tx = Parameters<Parameters<SigningContext['db']['transaction']>[0]>[0];

/** The same address again: a pending sign-up gets a fresh confirmation link, a counted one its manage link. */
function repeatFromSameAddress(context: SigningContext, tx: Tx, letter: LetterInfo, existing: Signature, typedEmail: string): SignOutcome {
  const { now } = context;
  const locale = signatureLocale(existing);
  if (existing.status === 'pending') {
    const { link, tokenId } = issueToken(tx, context, existing, 'verify', verifyTokenExpiry(now));
    enqueueMail(tx, { kind: 'verify', to: typedEmail, locale, signatureId: existing.id, tokenId, vars: mailVars(context, letter, existing, locale, { link }) }, now);
    return 'repeat-pending';
  }
  if (existing.status === 'verified' || existing.status === 'published') {
    const { link, tokenId } = issueToken(tx, context, existing, 'manage', manageTokenExpiry(now, letter.closesAt));
    enqueueMail(tx, { kind: 'already-signed', to: typedEmail, locale, signatureId: existing.id, tokenId, vars: mailVars(context, letter, existing, locale, { link }) }, now);
    return 'repeat-signed';
  }
  // Held or rejected: staff decide; mailing again would only help someone flood the address.
  return 'repeat-quiet';
}

/**
 * The same organization from another address at its domain: the new address hears that the
 * organization has already signed (no link: it is not theirs), and the address that signed
 * gets its manage link, in case a colleague needs a change.
 */
function repeatFromSameDomain(
  context: SigningContext,
  tx: Tx,
  letter: LetterInfo,
  existing: Signature,
  newcomer: { email: string; locale: Locale; organization: string; contactName: string },
): SignOutcome {
  const { now } = context;
  enqueueMail(tx, { kind: 'already-signed-elsewhere', to: newcomer.email, locale: newcomer.locale, vars: mailVars(context, letter, newcomer, newcomer.locale) }, now);
  if ((existing.status === 'verified' || existing.status === 'published') && existing.email) {
    const locale = signatureLocale(existing);
    const { link, tokenId } = issueToken(tx, context, existing, 'manage', manageTokenExpiry(now, letter.closesAt));
    enqueueMail(tx, { kind: 'manage-reminder', to: existing.email, locale, signatureId: existing.id, tokenId, vars: mailVars(context, letter, existing, locale, { link }) }, now);
  }
  return 'repeat-elsewhere';
}
