/**
 * The words of the signing domain. The database schema takes its enums from here, not the
 * other way round: what a signature can be is the domain's decision.
 */

/**
 * - `pending`: signed, waiting for the address holder to confirm.
 * - `held`: looked like a bot; never mailed, waits for staff or expires.
 * - `verified`: confirmed, waiting for staff approval before it is public.
 * - `published`: on the public list.
 * - `hidden`: taken off the public list by staff, can be restored.
 * - `rejected`: refused by staff.
 * - `withdrawn`: withdrawn by its signer.
 */
export const signatureStatuses = ['pending', 'held', 'verified', 'published', 'hidden', 'rejected', 'withdrawn'] as const;
export type SignatureStatus = (typeof signatureStatuses)[number];

export const orgTypes = ['ngo', 'media', 'academic', 'professional', 'company', 'other'] as const;
export type OrgType = (typeof orgTypes)[number];

export const listings = ['named', 'anonymous'] as const;
export type Listing = (typeof listings)[number];

/** How the contact email relates to the website: a signal for staff, never shown publicly. */
export const trustSignals = ['domain-match', 'domain-mismatch', 'free-mail', 'no-website'] as const;
export type TrustSignal = (typeof trustSignals)[number];

/** What an emailed signer token opens: the confirm page, or the manage page. */
export const tokenPurposes = ['verify', 'manage'] as const;
export type TokenPurpose = (typeof tokenPurposes)[number];

/**
 * Why a confirmed entry waits for staff instead of being published at once (see publication.ts):
 * - `approval-required`: the letter publishes only what staff approve;
 * - `mail-provider`: the address is at a mail provider, where anyone can get one;
 * - `no-website`, `domain-mismatch`: nothing ties the address to the organization's website;
 * - `well-known-name`: the name is, or looks like, one on the campaign's list of well-known organizations;
 * - `name-like-another`: another entry on this letter, from another domain, has this name or one that looks like it;
 * - `domain-used-by-other-name`: an earlier entry from this domain signed with another name;
 * - `same-organization`: the organization already has a confirmed entry from this domain;
 * - `renamed`: a published entry's name was changed by its signer.
 */
export const reviewReasons = [
  'approval-required',
  'mail-provider',
  'no-website',
  'domain-mismatch',
  'well-known-name',
  'name-like-another',
  'domain-used-by-other-name',
  'same-organization',
  'renamed',
] as const;
export type ReviewReason = (typeof reviewReasons)[number];
