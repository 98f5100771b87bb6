import { and, eq, inArray, ne } from 'drizzle-orm';
import { signatures, type Signature } from '#db/schema/index.ts';
import type { SigningContext } from './context.ts';
import { sameOrganization } from './normalize.ts';

type Reader = Pick<SigningContext['db'], 'select'>;

/**
 * The confirmed signature of the same organization from the same (non-free-mail) domain, if
 * any. Only a confirmed signature counts: a pending one is a claim nobody has proved, and it
 * must not lock out the organization's real staff.
 */
export function findSignedOrganization(tx: Reader, letter: string, domain: string, organizationKey: string, except?: number): Signature | undefined {
  return tx
    .select()
    .from(signatures)
    .where(
      and(
        eq(signatures.letter, letter),
        eq(signatures.emailDomain, domain),
        inArray(signatures.status, ['verified', 'published']),
        except === undefined ? undefined : ne(signatures.id, except),
      ),
    )
    .all()
    .find((other) => sameOrganization(other.organizationKey, organizationKey));
}
