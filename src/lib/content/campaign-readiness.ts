import type { Locale } from '#i18n/locales.ts';
import { isLoopback } from '#lib/http/client-address.ts';

/**
 * What content/campaign.yaml ships with. They let a newcomer run the site at once, but a public
 * site must say who really runs it and where to write: readers decide whether to trust a letter
 * by who stands behind it.
 */
export const exampleCampaign = {
  organizer: {
    en: 'a coalition of civil-society organizations',
    ru: 'коалиция организаций гражданского общества',
    kk: 'азаматтық қоғам ұйымдарының коалициясы',
  } satisfies Record<Locale, string>,
  contactEmail: 'contact@undersigned.example',
};

/** Domains reserved for examples and tests (RFC 2606, RFC 6761): nobody reads mail there. */
const exampleDomain = /(?:^|\.)(?:example|test|invalid|localhost)$|^example\.(?:com|net|org)$/i;

/** Whether the site is meant for the public: https on a name other than this machine's own. */
export function isPublicSite(siteUrl: URL): boolean {
  const host = siteUrl.hostname.replace(/^\[|\]$/g, '');
  return siteUrl.protocol === 'https:' && host !== 'localhost' && !host.endsWith('.localhost') && !isLoopback(host);
}

/** The fields of content/campaign.yaml that still hold example values, each with what to do. */
export function unfinishedCampaignFields(campaign: { organizer: Record<Locale, string>; contactEmail: string }): string[] {
  const unfinished: string[] = [];
  for (const [locale, example] of Object.entries(exampleCampaign.organizer) as [Locale, string][]) {
    if (campaign.organizer[locale].trim().toLowerCase() === example.toLowerCase()) {
      unfinished.push(`campaign.organizer.${locale} is still the example "${example}": name the organizations that run the campaign.`);
    }
  }
  const domain = campaign.contactEmail.split('@').pop() ?? '';
  if (exampleDomain.test(domain)) {
    unfinished.push(`campaign.contactEmail is still an example address (${campaign.contactEmail}): give one the campaign team reads.`);
  }
  return unfinished;
}
