import { getCollection, type CollectionEntry } from 'astro:content';
import type { Locale } from '#i18n/locales.ts';
import { pickTranslation } from '#lib/campaign/pick-translation.ts';
import { splitId } from './split-id.ts';

export type ArticleEntry = CollectionEntry<'articles'>;
export type Article = { slug: string; entry: ArticleEntry; locale: Locale; isFallback: boolean };

async function articlesBySlug(): Promise<Map<string, Partial<Record<Locale, ArticleEntry>>>> {
  const bySlug = new Map<string, Partial<Record<Locale, ArticleEntry>>>();
  for (const entry of await getCollection('articles')) {
    const { slug, locale } = splitId('articles', entry.id, 'locale/slug');
    bySlug.set(slug, { ...bySlug.get(slug), [locale]: entry });
  }
  return bySlug;
}

/**
 * Every article for a reader, newest first: in their language where it exists, otherwise in its
 * original language (`isFallback`), so an untranslated article is still listed and readable.
 */
export async function listArticles(locale: Locale): Promise<Article[]> {
  const articles: Article[] = [];
  for (const [slug, versions] of await articlesBySlug()) {
    const picked = pickTranslation(versions, locale);
    if (picked) articles.push({ slug, ...picked });
  }
  return articles.sort((a, b) => b.entry.data.date.getTime() - a.entry.data.date.getTime());
}

export async function getArticle(slug: string, locale: Locale): Promise<Article | undefined> {
  const versions = (await articlesBySlug()).get(slug);
  const picked = versions && pickTranslation(versions, locale);
  return picked && { slug, ...picked };
}
