import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

/**
 * The three languages say the same thing: the letter names as many recipients and makes as many
 * requests in each; every figure one language states in the letter, an article, a page or the
 * timeline appears in the others; every article ends with its sources, as many in each language.
 * Read from the markdown itself, as an editor leaves it.
 */

const locales = ['en', 'ru', 'kk'] as const;
type Locale = (typeof locales)[number];

const contentDir = fileURLToPath(new URL('../../content/', import.meta.url));
const sourcesHeading: Record<Locale, string> = { en: 'Sources', ru: 'Источники', kk: 'Дереккөздер' };

type Markdown = { data: Record<string, unknown>; body: string };

function readMarkdown(file: string): Markdown {
  const text = readFileSync(file, 'utf8');
  const match = /^---\r?\n([\s\S]*?)\r?\n---\r?\n?([\s\S]*)$/.exec(text);
  if (!match) throw new Error(`${file}: no frontmatter`);
  return { data: (parse(match[1] ?? '') ?? {}) as Record<string, unknown>, body: match[2] ?? '' };
}

const strings = (value: unknown): string[] =>
  typeof value === 'string' ? [value] : Array.isArray(value) ? value.flatMap(strings) : [];

/** The numbered items of a markdown body: the letter's requests. */
const numberedItems = (body: string) => body.split('\n').filter((line) => /^\s*\d+\.\s/.test(line));

/**
 * Every number a text states, written one way: thin and non-breaking spaces and, in English,
 * commas between groups of thousands are dropped (12 000, 12,000 → 12000); a decimal comma is
 * a point (410,7 → 410.7). The numbers that only count a list's items, and link targets, are
 * left out.
 */
export function statedNumbers(text: string, locale: Locale): Set<string> {
  let plain = text
    .replace(/\]\([^)]*\)/g, ']')
    .replace(/^\s*\d+\.\s/gm, '')
    .replace(/[\u00a0\u202f\u2007\u2009]/g, ' ');
  plain = plain.replace(/(?<![\d.,:])\d{1,3}(?:[ ,]\d{3})+(?![\d]|[.,]\d)/g, (group) =>
    locale === 'en' || !group.includes(',') ? group.replace(/[ ,]/g, '') : group,
  );
  const decimal = locale === 'en' ? /\d+(?:\.\d+)?/g : /\d+(?:,\d+)?/g;
  return new Set([...plain.matchAll(decimal)].map(([number]) => String(Number(number.replace(',', '.')))));
}

function missingNumbers(texts: Record<Locale, string>): string[] {
  const numbers = Object.fromEntries(locales.map((locale) => [locale, statedNumbers(texts[locale], locale)])) as Record<Locale, Set<string>>;
  return locales.flatMap((from) =>
    locales
      .filter((to) => to !== from)
      .flatMap((to) => [...numbers[from]].filter((number) => !numbers[to].has(number)).map((number) => `${number} is in ${from} but not in ${to}`)),
  );
}

describe('number reading', () => {
  it('reads typographic spaces, decimal commas and English thousands the same way', () => {
    expect([...statedNumbers('410,7\u00a0млн; 12\u00a0000 арестов; 12 000; 5%', 'ru')]).toEqual(['410.7', '12000', '5']);
    expect([...statedNumbers('US$410.7 million; 12,000 arrests; 2,030 troops', 'en')]).toEqual(['410.7', '12000', '2030']);
    expect([...statedNumbers('2021, 182 and 34; 41-1; 14:30 UTC', 'en')]).toEqual(['2021', '182', '34', '41', '1', '14', '30']);
    expect([...statedNumbers('1. a request\n2. [a link](/articles/2022/)', 'en')]).toEqual([]);
  });
});

const letters = readdirSync(join(contentDir, 'letters'));

describe.each(letters)('the letter %s', (slug) => {
  const letter = Object.fromEntries(locales.map((locale) => [locale, readMarkdown(join(contentDir, 'letters', slug, `${locale}.md`))])) as Record<Locale, Markdown>;

  it('names the same number of recipients in every language', () => {
    const counts = locales.map((locale) => strings(letter[locale].data.recipients).length);
    expect(counts[0]).toBeGreaterThan(0);
    expect(Object.fromEntries(locales.map((locale, i) => [locale, counts[i]]))).toEqual(Object.fromEntries(locales.map((locale) => [locale, counts[0]])));
  });

  it('makes the same number of requests in every language', () => {
    const counts = locales.map((locale) => numberedItems(letter[locale].body).length);
    expect(counts[0]).toBeGreaterThan(0);
    expect(Object.fromEntries(locales.map((locale, i) => [locale, counts[i]]))).toEqual(Object.fromEntries(locales.map((locale) => [locale, counts[0]])));
  });

  it('states the same figures in every language', () => {
    const text = (locale: Locale) => {
      const { data, body } = letter[locale];
      return [...strings(data.title), ...strings(data.summary), ...strings(data.recipients), body].join('\n');
    };
    expect(missingNumbers({ en: text('en'), ru: text('ru'), kk: text('kk') })).toEqual([]);
  });
});

const articleSlugs = [...new Set(locales.flatMap((locale) => readdirSync(join(contentDir, 'articles', locale)).map((file) => file.replace(/\.md$/, ''))))];

/** The list under the article's sources heading. */
function sourcesOf(body: string, locale: Locale): string[] | undefined {
  const lines = body.split('\n');
  const start = lines.findIndex((line) => line.trim() === `## ${sourcesHeading[locale]}`);
  if (start < 0) return undefined;
  const rest = lines.slice(start + 1);
  const end = rest.findIndex((line) => /^#{1,2}\s/.test(line));
  return (end < 0 ? rest : rest.slice(0, end)).filter((line) => /^\s*[-*]\s+\S/.test(line));
}

describe.each(articleSlugs)('the article %s', (slug) => {
  const file = (locale: Locale) => join(contentDir, 'articles', locale, `${slug}.md`);

  it('exists in every language', () => {
    expect(locales.filter((locale) => !existsSync(file(locale)))).toEqual([]);
  });

  it('states the same figures in every language', () => {
    const text = (locale: Locale) => {
      const { data, body } = readMarkdown(file(locale));
      return [...strings(data.title), ...strings(data.summary), body].join('\n');
    };
    expect(missingNumbers({ en: text('en'), ru: text('ru'), kk: text('kk') })).toEqual([]);
  });

  it('ends with its sources, as many in every language', () => {
    const counts = Object.fromEntries(locales.map((locale) => [locale, sourcesOf(readMarkdown(file(locale)).body, locale)?.length ?? 0]));
    for (const locale of locales) expect(counts[locale], `${locale}: a "## ${sourcesHeading[locale]}" list`).toBeGreaterThan(0);
    expect(counts).toEqual(Object.fromEntries(locales.map((locale) => [locale, counts.en])));
  });
});

const pageNames = [...new Set(locales.flatMap((locale) => readdirSync(join(contentDir, 'pages', locale)).map((file) => file.replace(/\.md$/, ''))))];

describe.each(pageNames)('the page %s', (name) => {
  it('states the same figures in every language', () => {
    const text = (locale: Locale) => {
      const { data, body } = readMarkdown(join(contentDir, 'pages', locale, `${name}.md`));
      return [...strings(data.title), ...strings(data.description), body].join('\n');
    };
    expect(missingNumbers({ en: text('en'), ru: text('ru'), kk: text('kk') })).toEqual([]);
  });
});

describe('the timeline', () => {
  const timeline = Object.fromEntries(locales.map((locale) => [locale, readMarkdown(join(contentDir, 'timeline', `${locale}.md`))])) as Record<Locale, Markdown>;

  it('lists the same number of events in every language', () => {
    const events = Object.fromEntries(locales.map((locale) => [locale, Array.isArray(timeline[locale].data.events) ? timeline[locale].data.events.length : 0]));
    expect(events.en).toBeGreaterThan(0);
    expect(events).toEqual(Object.fromEntries(locales.map((locale) => [locale, events.en])));
  });

  it('states the same figures in every language', () => {
    const text = (locale: Locale) => {
      const events = Array.isArray(timeline[locale].data.events) ? (timeline[locale].data.events as Record<string, unknown>[]) : [];
      return [...strings(timeline[locale].data.title), ...strings(timeline[locale].data.summary), ...events.flatMap((event) => [event.title, event.text, event.source, event.time].flatMap(strings)), timeline[locale].body].join('\n');
    };
    expect(missingNumbers({ en: text('en'), ru: text('ru'), kk: text('kk') })).toEqual([]);
  });
});
