import { and, eq, isNull } from 'drizzle-orm';
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
  if (purpose === 'verify') {
    tx.update(signatureTokens)
      .set({ usedAt: now })
      .where(and(eq(signatureTokens.signatureId, signature.id), eq(signatureTokens.purpose, purpose), isNull(signatureTokens.usedAt)))
      .run();
  }
  const { token, hash } = newToken();
  const { id: tokenId } = tx
    .insert(signatureTokens)
    .values({ signatureId: signature.id, purpose, tokenHash: hash, createdAt: now, expiresAt })
    .returning({ id: signatureTokens.id })
    .get();
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
