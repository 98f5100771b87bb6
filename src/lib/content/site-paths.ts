import { locales, type Locale } from '#i18n/locales.ts';
import { listArticles } from './articles.ts';
import { getLetter, listLetterSlugs } from './letters.ts';
import { listPageNames } from './pages.ts';

export type SitePath = {
  /** The path in the default locale, e.g. '/articles/what-happened/'. */
  path: string;
  /** Languages the page is written in (an untranslated article still has a page in every locale). */
  locales: Locale[];
  lastModified?: Date;
};

/** Every public page of the site, for the sitemap. */
export async function listSitePaths(): Promise<SitePath[]> {
  const all = [...locales];
  const paths: SitePath[] = [
    { path: '/', locales: all },
    { path: '/articles/', locales: all },
    { path: '/timeline/', locales: all },
  ];
  for (const slug of await listLetterSlugs()) {
    paths.push({ path: `/letters/${slug}/`, locales: (await getLetter(slug, 'en'))!.locales });
  }
  for (const name of await listPageNames()) paths.push({ path: `/${name}/`, locales: all });
  const articles = await Promise.all(all.map((locale) => listArticles(locale)));
  for (const article of articles[0] ?? []) {
    const translatedIn = all.filter((_, index) => articles[index]?.some((a) => a.slug === article.slug && !a.isFallback));
    paths.push({ path: `/articles/${article.slug}/`, locales: translatedIn, lastModified: article.entry.data.date });
  }
  return paths;
}
