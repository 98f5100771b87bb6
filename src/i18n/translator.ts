import { z } from 'zod';
import en from './en.ts';
import ru from './ru.ts';
import kk from './kk.ts';
import { localeInfo, type Locale } from './locales.ts';

type PluralMessage = { one: string; other: string; few?: string; many?: string };
type Source = typeof en;
export type MessageKey = keyof Source;
/** A translation: every key of the English dictionary, with a string (or plural forms) for each. */
export type Dictionary = { [K in MessageKey]: Source[K] extends string ? string : PluralMessage };
type Vars = Record<string, string | number>;

const pluralSchema = z.strictObject({ one: z.string().min(1), other: z.string().min(1), few: z.string().min(1).optional(), many: z.string().min(1).optional() });
const dictionarySchema = z.strictObject(
  Object.fromEntries(
    Object.entries(en).map(([key, value]) => [key, typeof value === 'string' ? z.string().min(1) : pluralSchema]),
  ) as unknown as Record<MessageKey, z.ZodType>,
);

function load(locale: Locale, dictionary: unknown): Dictionary {
  const parsed = dictionarySchema.safeParse(dictionary);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.') || '(keys)'}: ${issue.message}`);
    throw new Error(`The ${locale} dictionary in src/i18n/${locale}.ts is incomplete:\n  ${problems.join('\n  ')}`);
  }
  return parsed.data as Dictionary;
}

const dictionaries: Record<Locale, Dictionary> = { en: load('en', en), ru: load('ru', ru), kk: load('kk', kk) };

export function isMessageKey(value: unknown): value is MessageKey {
  return typeof value === 'string' && Object.hasOwn(en, value);
}

export type Translator = {
  (key: MessageKey, vars?: Vars): string;
  locale: Locale;
  /** Formats a date in the locale, e.g. "5 January 2022", "5 января 2022 г.". */
  date: (value: Date) => string;
  /** The name of a language in this locale's words (for "the original is in …"). */
  languageName: (locale: Locale) => string;
};

function interpolate(message: string, vars: Vars = {}): string {
  return message.replace(/\{(\w+)\}/g, (match, name: string) => (name in vars ? String(vars[name]) : match));
}

function createTranslator(locale: Locale): Translator {
  const dictionary = dictionaries[locale];
  const plurals = new Intl.PluralRules(localeInfo[locale].intl);
  const dates = new Intl.DateTimeFormat(localeInfo[locale].intl, { dateStyle: 'long', timeZone: 'UTC' });
  const languages = new Intl.DisplayNames([localeInfo[locale].intl], { type: 'language' });
  const numbers = new Intl.NumberFormat(localeInfo[locale].intl);
  const t = ((key: MessageKey, vars?: Vars) => {
    const message = dictionary[key] as string | PluralMessage;
    // Numbers are shown in the locale's digits grouping (1,234 / 1 234).
    const shown = vars && Object.fromEntries(Object.entries(vars).map(([name, value]) => [name, typeof value === 'number' ? numbers.format(value) : value]));
    if (typeof message === 'string') return interpolate(message, shown);
    const category = plurals.select(Number(vars?.count ?? 0)) as keyof PluralMessage;
    return interpolate(message[category] ?? message.other, shown);
  }) as Translator;
  t.locale = locale;
  t.date = (value) => dates.format(value);
  t.languageName = (other) => languages.of(other) ?? localeInfo[other].name;
  return t;
}

// Built once per language: a translator holds only immutable Intl formatters and its dictionary.
const translators: Record<Locale, Translator> = { en: createTranslator('en'), ru: createTranslator('ru'), kk: createTranslator('kk') };

export function getTranslator(locale: Locale): Translator {
  return translators[locale];
}
