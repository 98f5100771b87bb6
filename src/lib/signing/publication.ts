import { and, eq, inArray, like, ne, or } from 'drizzle-orm';
import { getDomain } from 'tldts';
import { signatures } from '#db/schema/index.ts';
import type { Transaction } from '#db/write.ts';
import type { LetterInfo } from './context.ts';
import { organizationKey, sameOrganization } from './normalize.ts';
import type { ReviewReason, SignatureStatus, TrustSignal } from './vocabulary.ts';

/** Entries a name or a domain has been used by: every confirmed one, also those taken off the list. */
const confirmedStatuses: SignatureStatus[] = ['verified', 'published', 'hidden', 'rejected', 'withdrawn'];
/** Entries that still stand for their organization. */
const standingStatuses: SignatureStatus[] = ['verified', 'published', 'hidden'];

type Candidate = { id: number; letter: string; emailDomain: string; organizationKey: string; trust: TrustSignal };

/**
 * Why a confirmed entry must wait for staff, or undefined when it may be public at once. A
 * domain proves who holds a mailbox, not whose name was typed. So an entry is published at once
 * only when its address is at its website's own registrable domain, that domain is not a mail
 * provider, and nothing ties its name to another organization or its domain to another name:
 * - the letter publishes only what staff approve;
 * - the address is at a mail provider, or not at the website's domain, or there is no website;
 * - the name is, or looks like, one of the campaign's well-known organizations (content/campaign.yaml);
 * - another entry on this letter from another domain has this name, or one that folds to it;
 * - an earlier entry from this domain signed with another name;
 * - the organization already has a standing confirmed entry from this domain (a duplicate: staff settle it).
 * Names are compared by their organization key (legal forms, case, punctuation and look-alike
 * letters folded); the well-known list also with a typo's tolerance.
 */
export function reviewReason(tx: Transaction, letter: LetterInfo, entry: Candidate, wellKnown: readonly string[]): ReviewReason | undefined {
  return trustReason(letter, entry.trust) ?? nameReason(tx, entry, wellKnown);
}

/** The reasons the letter's rule and the entry's own address give, with nothing read about other entries. */
export type TrustReason = Extract<ReviewReason, 'approval-required' | 'mail-provider' | 'no-website' | 'domain-mismatch'>;

/** What the letter's rule and the address say alone: staff approve everything, or the address is not at the organization's own domain. */
export function trustReason(letter: Pick<LetterInfo, 'publication'>, trust: TrustSignal): TrustReason | undefined {
  if (letter.publication === 'after-approval') return 'approval-required';
  if (trust === 'free-mail') return 'mail-provider';
  if (trust === 'no-website') return 'no-website';
  if (trust === 'domain-mismatch') return 'domain-mismatch';
  return undefined;
}

/** What ties the name to another organization, or the domain to another name (see reviewReason). */
function nameReason(tx: Transaction, entry: Candidate, wellKnown: readonly string[]): ReviewReason | undefined {
  if (wellKnown.some((name) => sameOrganization(organizationKey(name), entry.organizationKey))) return 'well-known-name';

  const others = and(eq(signatures.letter, entry.letter), ne(signatures.id, entry.id), inArray(signatures.status, confirmedStatuses));
  const sameName = tx.select({ emailDomain: signatures.emailDomain, status: signatures.status }).from(signatures).where(and(others, eq(signatures.organizationKey, entry.organizationKey))).all();
  const registrable = getDomain(entry.emailDomain) ?? entry.emailDomain;
  const atDomain = (domain: string) => (getDomain(domain) ?? domain) === registrable;
  if (sameName.some((other) => !atDomain(other.emailDomain))) return 'name-like-another';

  const fromDomain = tx
    .select({ organizationKey: signatures.organizationKey, status: signatures.status })
    .from(signatures)
    .where(and(others, or(eq(signatures.emailDomain, registrable), like(signatures.emailDomain, `%.${registrable}`))))
    .all();
  if (fromDomain.some((other) => !sameOrganization(other.organizationKey, entry.organizationKey))) return 'domain-used-by-other-name';
  if (fromDomain.some((other) => standingStatuses.includes(other.status))) return 'same-organization';
  return undefined;
}
