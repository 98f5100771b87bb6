import { getEntry } from 'astro:content';
import type { Locale } from '#i18n/locales.ts';

export type Campaign = {
  name: string;
  tagline: string;
  organizer: string;
  contactEmail: string;
  defaultLetter: string;
};

async function readCampaignSettings() {
  const entry = await getEntry('campaign', 'campaign');
  if (!entry) throw new Error('content/campaign.yaml must have a top-level "campaign:" entry; see README.md "Add a campaign".');
  return entry.data;
}

// Read once in the built server, whose content cannot change while it runs; on every call under `astro dev`.
let builtSettings: ReturnType<typeof readCampaignSettings> | undefined;

/** The campaign settings from content/campaign.yaml, every language at once. */
export function getCampaignSettings(): ReturnType<typeof readCampaignSettings> {
  if (import.meta.env.DEV) return readCampaignSettings();
  builtSettings ??= readCampaignSettings();
  return builtSettings;
}

/** The campaign settings from content/campaign.yaml, in one language. */
export async function getCampaign(locale: Locale): Promise<Campaign> {
  const { name, tagline, organizer, contactEmail, defaultLetter } = await getCampaignSettings();
  return { name: name[locale], tagline: tagline[locale], organizer: organizer[locale], contactEmail, defaultLetter };
}
