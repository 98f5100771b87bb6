import { defaultLocale, locales, type Locale } from '#i18n/locales.ts';

export type Translated<T> = {
  entry: T;
  /** The language the entry is written in. */
  locale: Locale;
  /** True when the reader's language is missing and another language stands in. */
  isFallback: boolean;
};

/**
 * The version of a piece of content to show a reader: their language if it exists, else the
 * original (`preferred`, e.g. a letter's canonical locale), else the default locale, else any.
 */
export function pickTranslation<T>(
  versions: Partial<Record<Locale, T>>,
  wanted: Locale,
  preferred: Locale = defaultLocale,
): Translated<T> | undefined {
  const order = [wanted, preferred, defaultLocale, ...locales];
  for (const locale of order) {
    const entry = versions[locale];
    if (entry !== undefined) return { entry, locale, isFallback: locale !== wanted };
  }
  return undefined;
}
