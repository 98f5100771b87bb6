import type { Signature } from '#db/schema/index.ts';

/** An entry's letter, status and public fields: what its holder sees on the confirm and manage pages. */
export type PublicEntry = Pick<Signature, 'letter' | 'status' | 'organization' | 'country' | 'website' | 'orgType' | 'statement' | 'listing'>;

export function publicView(signature: Signature): PublicEntry {
  const { letter, status, organization, country, website, orgType, statement, listing } = signature;
  return { letter, status, organization, country, website, orgType, statement, listing };
}
