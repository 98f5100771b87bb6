import { getEntry } from 'astro:content';
import { onceWhenBuilt } from './once-when-built.ts';
import type { Locale } from '#i18n/locales.ts';

export type Campaign = {
  name: string;
  tagline: string;
  organizer: string;
  contactEmail: string;
  defaultLetter: string;
  /** Names only staff may publish (see src/lib/signing/publication.ts). */
  wellKnownOrganizations: string[];
  /** How many days the campaign team usually takes to check an entry that waits for review. */
  reviewWithinDays: number;
};

async function readCampaignSettings() {
  const entry = await getEntry('campaign', 'campaign');
  if (!entry) throw new Error('content/campaign.yaml must have a top-level "campaign:" entry; see README.md "Add a campaign".');
  return entry.data;
}

/** The campaign settings from content/campaign.yaml, every language at once. */
export const getCampaignSettings = onceWhenBuilt(readCampaignSettings);

/** The campaign settings from content/campaign.yaml, in one language. */
export async function getCampaign(locale: Locale): Promise<Campaign> {
  const { name, tagline, organizer, contactEmail, defaultLetter, wellKnownOrganizations, reviewWithinDays } = await getCampaignSettings();
  return { name: name[locale], tagline: tagline[locale], organizer: organizer[locale], contactEmail, defaultLetter, wellKnownOrganizations, reviewWithinDays };
}
