import type { Locale } from '#i18n/locales.ts';
import { locales } from '#i18n/locales.ts';
import type { LetterInfo } from '#lib/signing/context.ts';
import { getLetter, listLetterSlugs } from './letters.ts';
import { getCampaign } from './campaign.ts';

/** Every letter as signing sees it: titles in each language, status at `now`, publication rule. */
export async function getLetterDirectory(now = new Date()): Promise<Map<string, LetterInfo>> {
  const directory = new Map<string, LetterInfo>();
  for (const slug of await listLetterSlugs()) {
    const versions = await Promise.all(locales.map((locale) => getLetter(slug, locale, now)));
    const [first] = versions;
    if (!first) continue;
    const canonical = versions.find((version) => version?.locale === first.canonicalLocale) ?? first;
    directory.set(slug, {
      slug,
      title: Object.fromEntries(locales.map((locale, index) => [locale, versions[index]!.entry.data.title])) as Record<Locale, string>,
      status: first.status,
      closesAt: canonical.entry.data.closesAt,
      publication: canonical.entry.data.publication,
    });
  }
  return directory;
}

/** The campaign's name in every language and its contact address, for mail. */
export async function getCampaignForMail(): Promise<{ name: Record<Locale, string>; contactEmail: string }> {
  const all = await Promise.all(locales.map((locale) => getCampaign(locale)));
  return {
    name: Object.fromEntries(locales.map((locale, index) => [locale, all[index]!.name])) as Record<Locale, string>,
    contactEmail: all[0]!.contactEmail,
  };
}
