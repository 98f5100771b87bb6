import { and, eq, inArray, ne, sql } from 'drizzle-orm';
import { preparedOnce } from '#db/prepared.ts';
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
  // In every sign-up from an organization's own domain: built once (see db/prepared.ts).
  const confirmedAtDomain = preparedOnce(tx, 'signatures.confirmedAtDomain', () =>
    tx
      .select()
      .from(signatures)
      .where(
        and(
          eq(signatures.letter, sql.placeholder('letter')),
          eq(signatures.emailDomain, sql.placeholder('domain')),
          inArray(signatures.status, ['verified', 'published']),
          ne(signatures.id, sql.placeholder('except')),
        ),
      )
      .prepare(),
  );
  // Row ids start at 1: 0 excepts none.
  return confirmedAtDomain.all({ letter, domain, except: except ?? 0 }).find((other) => sameOrganization(other.organizationKey, organizationKey));
}
