/** The site's languages. English is the default and has no URL prefix. */
export const locales = ['en', 'ru', 'kk'] as const;
export type Locale = (typeof locales)[number];
export const defaultLocale: Locale = 'en';

/** `short` is what the language switcher shows on a phone, where the full names would take a row of their own. */
export const localeInfo: Record<Locale, { name: string; short: string; intl: string; ogLocale: string }> = {
  en: { name: 'English', short: 'Eng', intl: 'en-GB', ogLocale: 'en_GB' },
  ru: { name: 'Русский', short: 'Рус', intl: 'ru', ogLocale: 'ru_RU' },
  kk: { name: 'Қазақша', short: 'Қаз', intl: 'kk', ogLocale: 'kk_KZ' },
};

export function isLocale(value: unknown): value is Locale {
  return typeof value === 'string' && (locales as readonly string[]).includes(value);
}

/** The URL prefix of a locale: '' for the default, '/ru' and '/kk' for the others. */
export function localePrefix(locale: Locale): string {
  return locale === defaultLocale ? '' : `/${locale}`;
}

/** A site path in a locale: localePath('ru', '/timeline/') → '/ru/timeline/'. */
export function localePath(locale: Locale, path: string): string {
  return `${localePrefix(locale)}${path.startsWith('/') ? path : `/${path}`}`;
}

/** The locale a URL path is in, from its first segment. */
export function localeFromPath(pathname: string): Locale {
  const first = pathname.split('/')[1];
  return isLocale(first) && first !== defaultLocale ? first : defaultLocale;
}

/** The same page in another language: '/ru/faq/' → '/kk/faq/'. */
export function translatePath(pathname: string, target: Locale): string {
  const current = localeFromPath(pathname);
  const rest = current === defaultLocale ? pathname : pathname.slice(current.length + 1) || '/';
  return localePath(target, rest);
}

/** getStaticPaths params for a `[...locale]` route: undefined for the default locale. */
export function localeParams(): { params: { locale: string | undefined } }[] {
  return locales.map((locale) => ({ params: { locale: locale === defaultLocale ? undefined : locale } }));
}
