import type { Locale } from '#i18n/locales.ts';
import { locales } from '#i18n/locales.ts';
import type { LetterInfo, SigningContext } from '#lib/signing/context.ts';
import { letterStatus } from '#lib/campaign/letter-status.ts';
import { lettersBySlug } from './letters.ts';
import { getCampaign } from './campaign.ts';

/**
 * Every letter as signing sees it: titles in each language (the original where one is missing),
 * status at `now` (delivered once staff recorded it) and the publication rule, both from the
 * original. One pass over the collection.
 */
export async function getLetterDirectory(now = new Date(), deliveries: ReadonlyMap<string, Date> = new Map()): Promise<Map<string, LetterInfo>> {
  const directory = new Map<string, LetterInfo>();
  for (const [slug, versions] of await lettersBySlug()) {
    const original = Object.values(versions)[0]!.data.canonicalLocale;
    const { data } = versions[original]!;
    directory.set(slug, {
      slug,
      title: Object.fromEntries(locales.map((locale) => [locale, (versions[locale] ?? versions[original]!).data.title])) as Record<Locale, string>,
      recipients: Object.fromEntries(locales.map((locale) => [locale, (versions[locale] ?? versions[original]!).data.recipients])) as Record<Locale, string[]>,
      status: letterStatus({ ...data, deliveredAt: data.deliveredAt ?? deliveries.get(slug) }, now),
      closesAt: data.closesAt,
      publication: data.publication,
    });
  }
  return directory;
}

/** The campaign as signing needs it: its name in every language and contact address (for mail), and the well-known organizations whose names need staff. */
export async function getCampaignForSigning(): Promise<SigningContext['campaign']> {
  const all = await Promise.all(locales.map((locale) => getCampaign(locale)));
  return {
    name: Object.fromEntries(locales.map((locale, index) => [locale, all[index]!.name])) as Record<Locale, string>,
    contactEmail: all[0]!.contactEmail,
    wellKnownOrganizations: all[0]!.wellKnownOrganizations,
  };
}
