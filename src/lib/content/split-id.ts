import { isLocale, type Locale } from '#i18n/locales.ts';

/**
 * Splits a content entry id into its language and slug, failing the build with the file named
 * when the language part is not one of the site's locales (e.g. `letters/x/fr.md`).
 */
export function splitId(collection: string, id: string, order: 'slug/locale' | 'locale/slug'): { locale: Locale; slug: string } {
  const parts = id.split('/');
  const [first = '', second = ''] = parts;
  const [locale, slug] = order === 'slug/locale' ? [second, first] : [first, second];
  if (parts.length !== 2 || !isLocale(locale) || !slug) {
    const expected = order === 'slug/locale' ? `${collection}/<slug>/<en|ru|kk>.md` : `${collection}/<en|ru|kk>/<slug>.md`;
    throw new Error(`content/${collection}/${id}.md: "${locale}" is not a site language; files must be named ${expected}`);
  }
  return { locale, slug };
}
