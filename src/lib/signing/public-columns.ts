import type { PublicFieldsInput } from './sign-input.ts';
import { organizationKey, searchKey } from './normalize.ts';
import { trustSignal } from './trust-signal.ts';

/** The columns the public fields fill, with what is derived from them (keys for duplicates and search, trust). */
export function publicColumns(input: PublicFieldsInput, emailDomain: string) {
  return {
    organization: input.organization,
    country: input.country,
    website: input.website ?? null,
    orgType: input.orgType,
    statement: input.statement ?? null,
    listing: input.listing,
    organizationKey: organizationKey(input.organization),
    organizationSearch: searchKey(input.organization),
    trust: trustSignal(emailDomain, input.website),
  };
}
