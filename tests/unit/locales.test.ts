import { describe, expect, it } from 'vitest';
import { localeFromPath, localePath, translatePath } from '#i18n/locales.ts';
import { getTranslator } from '#i18n/translator.ts';

describe('language in URLs', () => {
  it('reads the language from the first path segment, English when there is none', () => {
    expect(localeFromPath('/ru/faq/')).toBe('ru');
    expect(localeFromPath('/kk/')).toBe('kk');
    expect(localeFromPath('/faq/')).toBe('en');
    expect(localeFromPath('/russia/')).toBe('en');
  });
  it('keeps the reader on the same page when switching language', () => {
    expect(translatePath('/articles/x/', 'ru')).toBe('/ru/articles/x/');
    expect(translatePath('/ru/articles/x/', 'kk')).toBe('/kk/articles/x/');
    expect(translatePath('/kk/', 'en')).toBe('/');
    expect(translatePath('/ru', 'en')).toBe('/');
  });
  it('prefixes only the non-default languages', () => {
    expect(localePath('en', '/timeline/')).toBe('/timeline/');
    expect(localePath('ru', 'timeline/')).toBe('/ru/timeline/');
  });
});

describe('translated UI strings', () => {
  it('fills in values and formats dates in each language', () => {
    const date = new Date('2022-01-05T00:00:00Z');
    expect(getTranslator('en')('letter.status.open', { date: getTranslator('en').date(date) })).toBe('Open for signatures until 5 January 2022');
    expect(getTranslator('ru').date(date)).toBe('5 января 2022 г.');
    expect(getTranslator('kk').date(date)).toContain('қаңтар');
  });
  it('names a language in the reader’s own words', () => {
    expect(getTranslator('ru').languageName('en')).toBe('английский');
    expect(getTranslator('en').languageName('kk')).toBe('Kazakh');
  });
});
