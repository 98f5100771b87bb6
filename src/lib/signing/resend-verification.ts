import { and, eq } from 'drizzle-orm';
import { writeTogether } from '#db/write.ts';
import { signatures } from '#db/schema/index.ts';
import { keyedHash } from '#lib/crypto/tokens.ts';
import { clientNetwork } from '#lib/limits/client-network.ts';
import { consumeLimit } from '#lib/limits/consume-limit.ts';
import { limits } from '#lib/limits/policies.ts';
import { SigningError, type SigningContext } from './context.ts';
import { emailKey } from './normalize.ts';
import { mailVerification } from './sign-letter.ts';

/**
 * Mails a fresh confirmation link to an address with a pending sign-up on this letter. The
 * caller answers the same whether or not one was found; the result is for the log only.
 */
export async function resendVerification(context: SigningContext, input: { letter: string; email: string }, ip: string): Promise<'sent' | 'nothing-pending' | 'limited'> {
  const { db, now, secret } = context;
  const letter = context.letters.get(input.letter);
  if (!letter) throw new SigningError('unknown-letter');
  const key = emailKey(input.email);
  const network = clientNetwork(ip);
  return writeTogether(db, (tx) => {
    const withinLimits =
      consumeLimit(tx, `resend:client:${keyedHash(secret, network)}`, limits.resendPerClient, now) &&
      consumeLimit(tx, `resend:email:${keyedHash(secret, `${key}|${network}`)}`, limits.resendPerEmail, now);
    if (!withinLimits) return 'limited';
    const pending = tx
      .select()
      .from(signatures)
      .where(and(eq(signatures.letter, letter.slug), eq(signatures.emailKey, key), eq(signatures.status, 'pending')))
      .get();
    if (!pending?.email) return 'nothing-pending';
    mailVerification(context, tx, letter, pending, network);
    return 'sent';
  });
}
