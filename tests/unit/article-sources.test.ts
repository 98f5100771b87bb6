import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

/**
 * Sources at the end of articles are links where the campaign's research notes give an address
 * (and only there: no address is guessed). The three languages link the same sources.
 */
const articlesDir = fileURLToPath(new URL('../../content/articles/', import.meta.url));
const heading = { en: '## Sources', ru: '## Источники', kk: '## Дереккөздер' } as const;

function sourceLinks(locale: keyof typeof heading, file: string): string[] {
  const text = readFileSync(`${articlesDir}${locale}/${file}`, 'utf8');
  const sources = text.slice(text.indexOf(heading[locale]));
  return [...sources.matchAll(/^- \[[^\]]+\]\((https:\/\/[^)\s]+)\)$/gm)].map((match) => match[1]!).sort();
}

describe('article sources', () => {
  it.each(readdirSync(`${articlesDir}en`))('%s links the same sources, over https, in every language', (file) => {
    const english = sourceLinks('en', file);
    expect(sourceLinks('ru', file)).toEqual(english);
    expect(sourceLinks('kk', file)).toEqual(english);
  });

  it('links sources in the articles at all', () => {
    expect(readdirSync(`${articlesDir}en`).flatMap((file) => sourceLinks('en', file)).length).toBeGreaterThan(10);
  });
});
