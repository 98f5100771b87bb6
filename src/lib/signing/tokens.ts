import { and, eq, isNull, sql } from 'drizzle-orm';
import { preparedOnce } from '#db/prepared.ts';
import type { Database } from '#db/client.ts';
import { signatureTokens, signatures, type Signature } from '#db/schema/index.ts';
import type { TokenPurpose } from './vocabulary.ts';
import { localePath, isLocale, type Locale } from '#i18n/locales.ts';
import { hashToken, newToken, sameDigest } from '#lib/crypto/tokens.ts';
import { SigningError, type SigningContext } from './context.ts';

type Tx = Pick<Database, 'insert' | 'update' | 'select'>;

export const verifyTokenDays = 7;
/** A manage link works while the letter is open and for 30 days after it closes. */
export const manageTokenGraceDays = 30;
const day = 24 * 3600 * 1000;

/**
 * Issues a fresh token for a signature. A new confirmation link revokes the earlier unused ones,
 * so only the newest emailed link confirms. Manage links are never revoked by a new one: anyone
 * can make the site mail a signer again, and that must not break the link the signer keeps.
 * Returns the absolute link for the email, and the token's row id for the outbox (which
 * replaces a link that expires before its mail goes out).
 */
export function issueToken(
  tx: Tx,
  context: Pick<SigningContext, 'now' | 'siteUrl'>,
  signature: Pick<Signature, 'id' | 'locale'>,
  purpose: TokenPurpose,
  expiresAt: Date,
): { link: string; tokenId: number } {
  const { now, siteUrl } = context;
  // Both run in every sign-up: built once (see db/prepared.ts).
  if (purpose === 'verify') {
    preparedOnce(tx, 'signatureTokens.revokeUnused', () =>
      tx
        .update(signatureTokens)
        .set({ usedAt: sql`${sql.placeholder('nowMs')}` })
        .where(and(eq(signatureTokens.signatureId, sql.placeholder('signatureId')), eq(signatureTokens.purpose, sql.placeholder('purpose')), isNull(signatureTokens.usedAt)))
        .prepare(),
    ).run({ nowMs: now.getTime(), signatureId: signature.id, purpose });
  }
  const { token, hash } = newToken();
  const { id: tokenId } = preparedOnce(tx, 'signatureTokens.insert', () =>
    tx
      .insert(signatureTokens)
      .values({ signatureId: sql.placeholder('signatureId'), purpose: sql.placeholder('purpose'), tokenHash: sql.placeholder('hash'), createdAt: sql.placeholder('now'), expiresAt: sql.placeholder('expiresAt') })
      .returning({ id: signatureTokens.id })
      .prepare(),
  ).get({ signatureId: signature.id, purpose, hash, now, expiresAt })!;
  const locale: Locale = isLocale(signature.locale) ? signature.locale : 'en';
  const path = localePath(locale, purpose === 'verify' ? '/confirm/' : '/manage/');
  return { link: new URL(`${path}?token=${token}`, siteUrl).href, tokenId };
}

export function verifyTokenExpiry(now: Date): Date {
  return new Date(now.getTime() + verifyTokenDays * day);
}

export function manageTokenExpiry(now: Date, closesAt: Date): Date {
  return new Date(Math.max(now.getTime(), closesAt.getTime()) + manageTokenGraceDays * day);
}

/**
 * The signature a token opens, checked: known, of this purpose, unused, unexpired. The row is
 * found by the token's hash and the hashes compared again in constant time.
 */
export function findByToken(tx: Tx, token: string, purpose: TokenPurpose, now: Date) {
  const hash = hashToken(token);
  const row = tx
    .select({ token: signatureTokens, signature: signatures })
    .from(signatureTokens)
    .innerJoin(signatures, eq(signatures.id, signatureTokens.signatureId))
    .where(and(eq(signatureTokens.tokenHash, hash), eq(signatureTokens.purpose, purpose)))
    .get();
  if (!row || !sameDigest(row.token.tokenHash, hash)) throw new SigningError('invalid-token');
  if (row.token.usedAt) throw new SigningError('used-token');
  if (row.token.expiresAt <= now) throw new SigningError('expired-token');
  return row;
}
