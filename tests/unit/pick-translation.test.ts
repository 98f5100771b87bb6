import { describe, expect, it } from 'vitest';
import { pickTranslation } from '#lib/campaign/pick-translation.ts';

describe('choosing which language version a reader sees', () => {
  it('gives the reader their own language when it exists', () => {
    expect(pickTranslation({ en: 'en', ru: 'ru', kk: 'kk' }, 'kk')).toEqual({ entry: 'kk', locale: 'kk', isFallback: false });
  });
  it('falls back to the original language, marked as a fallback, when a translation is missing', () => {
    expect(pickTranslation({ en: 'en', ru: 'ru' }, 'kk', 'ru')).toEqual({ entry: 'ru', locale: 'ru', isFallback: true });
  });
  it('falls back to English, then to any version, when the original is missing too', () => {
    expect(pickTranslation({ en: 'en', kk: 'kk' }, 'ru', 'ru')).toMatchObject({ locale: 'en', isFallback: true });
    expect(pickTranslation({ kk: 'kk' }, 'ru')).toMatchObject({ locale: 'kk', isFallback: true });
  });
  it('finds nothing when there is no version at all', () => {
    expect(pickTranslation({}, 'en')).toBeUndefined();
  });
});
