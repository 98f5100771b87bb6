import { getCollection, type CollectionEntry } from 'astro:content';
import type { Locale } from '#i18n/locales.ts';
import { letterStatus, type LetterStatus } from '#lib/campaign/letter-status.ts';
import { pickTranslation } from '#lib/campaign/pick-translation.ts';
import { onceWhenBuilt } from './once-when-built.ts';
import { splitId } from './split-id.ts';

export type LetterEntry = CollectionEntry<'letters'>;

/** A delivery staff recorded (see deliver-letter.ts). */
export type LetterDelivery = { deliveredAt: Date; recipients: string; snapshotSha256: string; signatories: number };

export type Letter = {
  slug: string;
  entry: LetterEntry;
  /** The language of `entry`. */
  locale: Locale;
  isFallback: boolean;
  canonicalLocale: Locale;
  status: LetterStatus;
  /** When the letter was delivered, from its frontmatter or from staff marking it delivered. */
  deliveredAt: Date | undefined;
  delivery: LetterDelivery | undefined;
  /** Whether the list of signatories may be shown; false until `signatoriesPublicAt` (the count may show). */
  listPublic: boolean;
  listPublicAt: Date | undefined;
  /** Every language this letter is written in. */
  locales: Locale[];
};

type LettersBySlug = Map<string, Partial<Record<Locale, LetterEntry>>>;

/** Every letter's language versions by slug, checked for one shared canonical locale. */
export const lettersBySlug = onceWhenBuilt(groupLetters);

async function groupLetters(): Promise<LettersBySlug> {
  const bySlug = new Map<string, Partial<Record<Locale, LetterEntry>>>();
  for (const entry of await getCollection('letters')) {
    const { slug, locale } = splitId('letters', entry.id, 'slug/locale');
    bySlug.set(slug, { ...bySlug.get(slug), [locale]: entry });
  }
  for (const [slug, versions] of bySlug) {
    const canonical = new Set(Object.values(versions).map((entry) => entry.data.canonicalLocale));
    const [only] = canonical;
    if (canonical.size !== 1 || !only || !versions[only]) {
      throw new Error(
        `content/letters/${slug}/: every language file must name the same canonicalLocale, and that file must exist (found ${[...canonical].join(', ')}).`,
      );
    }
  }
  return bySlug;
}

export async function listLetterSlugs(): Promise<string[]> {
  return [...(await lettersBySlug()).keys()];
}

/** A letter in the reader's language (or its original), with its status at `now`, given its recorded delivery if any. */
export async function getLetter(slug: string, locale: Locale, now = new Date(), delivery?: LetterDelivery): Promise<Letter | undefined> {
  const versions = (await lettersBySlug()).get(slug);
  if (!versions) return undefined;
  const canonicalLocale = Object.values(versions)[0]!.data.canonicalLocale;
  const picked = pickTranslation(versions, locale, canonicalLocale);
  if (!picked) return undefined;
  const canonical = versions[canonicalLocale]!.data;
  const deliveredAt = canonical.deliveredAt ?? delivery?.deliveredAt;
  return {
    slug,
    entry: picked.entry,
    locale: picked.locale,
    isFallback: picked.isFallback,
    canonicalLocale,
    // Dates come from the original so translations cannot disagree about when signing closes.
    status: letterStatus({ ...canonical, deliveredAt }, now),
    deliveredAt,
    delivery,
    listPublic: !canonical.signatoriesPublicAt || now >= canonical.signatoriesPublicAt,
    listPublicAt: canonical.signatoriesPublicAt,
    locales: Object.keys(versions) as Locale[],
  };
}

/** The letter's first paragraph as plain text, for the home page and previews. */
export function letterOpening(entry: LetterEntry): string {
  const body = entry.body ?? '';
  const paragraph = body.split(/\n\s*\n/).find((block) => block.trim() && !block.trim().startsWith('#')) ?? '';
  return paragraph
    .replace(/\[([^\]]+)\]\([^)]*\)/g, '$1')
    .replace(/[*_`]/g, '')
    .replace(/\s+/g, ' ')
    .trim();
}
