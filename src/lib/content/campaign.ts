import { getEntry } from 'astro:content';
import type { Locale } from '#i18n/locales.ts';

export type Campaign = {
  name: string;
  tagline: string;
  organizer: string;
  contactEmail: string;
  defaultLetter: string;
};

/** The campaign settings from content/campaign.yaml, in one language. */
export async function getCampaign(locale: Locale): Promise<Campaign> {
  const entry = await getEntry('campaign', 'campaign');
  if (!entry) throw new Error('content/campaign.yaml must have a top-level "campaign:" entry; see README.md "Add a campaign".');
  const { name, tagline, organizer, contactEmail, defaultLetter } = entry.data;
  return { name: name[locale], tagline: tagline[locale], organizer: organizer[locale], contactEmail, defaultLetter };
}
