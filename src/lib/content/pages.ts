import { getCollection, type CollectionEntry } from 'astro:content';
import type { Locale } from '#i18n/locales.ts';
import { pickTranslation, type Translated } from '#lib/campaign/pick-translation.ts';
import { splitId } from './split-id.ts';

export type PageEntry = CollectionEntry<'pages'>;

/** The names of the site's text pages (about, privacy, faq, …), from content/pages/<locale>/. */
export async function listPageNames(): Promise<string[]> {
  const names = new Set((await getCollection('pages')).map((entry) => splitId('pages', entry.id, 'locale/slug').slug));
  return [...names];
}

export async function getPage(name: string, locale: Locale): Promise<Translated<PageEntry> | undefined> {
  const versions: Partial<Record<Locale, PageEntry>> = {};
  for (const entry of await getCollection('pages')) {
    const id = splitId('pages', entry.id, 'locale/slug');
    if (id.slug === name) versions[id.locale] = entry;
  }
  return pickTranslation(versions, locale);
}
