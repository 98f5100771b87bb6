import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

/**
 * The FAQ states in words how long the review usually takes; the sign form and the confirm page
 * take the figure from content/campaign.yaml. An editor who changes one must change the other.
 */
const contentDir = fileURLToPath(new URL('../../content/', import.meta.url));
const campaign = parse(readFileSync(`${contentDir}campaign.yaml`, 'utf8')) as { campaign: { reviewWithinDays?: number } };
const days = campaign.campaign.reviewWithinDays ?? 3;

/** How each language says "usually within N days" in the FAQ's answer on review. */
const reviewSentence = {
  en: /usually checks a waiting signature within (\d+) days?/,
  ru: /проверяет подпись в течение (\d+)[\s\u00a0](?:дня|дней)/,
  kk: /әдетте расталғаннан кейін (\d+) күн ішінде/,
} as const;

describe('the FAQ on review', () => {
  it.each(Object.entries(reviewSentence))('in %s gives the number of days set in campaign.yaml', (locale, sentence) => {
    const faq = readFileSync(`${contentDir}pages/${locale}/faq.md`, 'utf8');
    const match = sentence.exec(faq);
    expect(match, `content/pages/${locale}/faq.md no longer says how long the review takes`).not.toBeNull();
    expect(Number(match![1])).toBe(days);
  });

  it('reads a number the campaign schema accepts', () => {
    expect(Number.isInteger(days) && days >= 1 && days <= 60).toBe(true);
  });
});
