import { eq } from 'drizzle-orm';
import { signatures } from '#db/schema/index.ts';
import { write } from '#db/write.ts';
import { keyedHash } from '#lib/crypto/tokens.ts';
import { clientNetwork } from '#lib/limits/client-network.ts';
import { consumeLimit } from '#lib/limits/consume-limit.ts';
import type { SigningContext } from './context.ts';
import { openManaged } from './manage-signature.ts';
import { checkWebsiteProof, internetNetwork, proofToken, type ProofNetwork, type ProofOutcome } from './website-proof.ts';

/** Checks an entry may ask for: each makes the server connect to a site its signer chose. */
const checksPerEntry = { limit: 5, windowSeconds: 3600 };
const checksPerClient = { limit: 20, windowSeconds: 3600 };

/**
 * The holder of a manage link asks the server to check that they run the entry's website (see
 * website-proof.ts). A proven entry carries a mark on the public list and in the staff queue; the
 * mark goes when the website changes. Within the limits above, so nobody can make the server a
 * tool for knocking on someone else's site.
 */
export async function proveWebsite(context: SigningContext, token: string, ip: string, network: ProofNetwork = internetNetwork): Promise<ProofOutcome | { proven: false; reason: 'limited' }> {
  const { db, now, secret } = context;
  const { signature } = openManaged(context, db, token);
  const within = write(
    db,
    (tx) =>
      consumeLimit(tx, `proof:entry:${signature.id}`, checksPerEntry, now) && consumeLimit(tx, `proof:client:${keyedHash(secret, clientNetwork(ip))}`, checksPerClient, now),
  );
  if (!within) return { proven: false, reason: 'limited' };
  const outcome = await checkWebsiteProof(signature.website, signature.letter, proofToken(secret, signature.letter, signature.id), network);
  if (outcome.proven) {
    // Only for the website checked: the signer may have changed it while the check ran.
    write(db, (tx) => {
      const current = tx.select({ website: signatures.website }).from(signatures).where(eq(signatures.id, signature.id)).get();
      if (current?.website === signature.website) tx.update(signatures).set({ websiteProvenAt: now }).where(eq(signatures.id, signature.id)).run();
    });
  }
  return outcome;
}
