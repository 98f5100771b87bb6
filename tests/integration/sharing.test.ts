import { parse } from 'node-html-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSeededServer } from '../load/seed.ts';
import { letterSlug } from '../support/forms.ts';
import { builtSiteUrl, type RunningServer } from '../support/server.ts';

let server: RunningServer;
const page = async (path: string) => parse(await (await server.fetch(path)).text());

beforeAll(async () => {
  // 70 published signatures from 7 countries in turn: KZ, KG, UZ, TJ, RU, DE, US, ten each.
  server = await startSeededServer(70);
});
afterAll(() => server?.stop());

describe('a reader at a glance', () => {
  it('sees the count against the letter’s goal, as text and as a bar, on the home and letter pages', async () => {
    for (const [path, text] of [['/', '70 organizations have signed · the goal is 200 organizations'], [`/ru/letters/${letterSlug}/`, '70 организаций подписали · цель — 200 организаций']] as const) {
      const html = await page(path);
      expect(html.querySelector('#signatory-count')?.text).toBe(text);
      const meter = html.querySelector('meter.goal')!;
      expect([meter.getAttribute('min'), meter.getAttribute('max'), meter.getAttribute('value')]).toEqual(['0', '200', '70']);
      expect(meter.getAttribute('aria-labelledby')).toBe('signatory-count');
    }
  });

  it('sees where signers come from as a chart that screen readers read as names and numbers', async () => {
    const rows = (await page(`/kk/letters/${letterSlug}/signatories/`)).querySelectorAll('.by-country li');
    expect(rows).toHaveLength(7);
    expect(rows.map((row) => row.querySelector('.n')?.text)).toEqual(Array(7).fill('10'));
    expect(rows[0]!.querySelector('a')?.text).toBe('Германия');
    for (const row of rows) {
      const meter = row.querySelector('meter')!;
      expect(meter.getAttribute('aria-hidden')).toBe('true');
      expect(meter.getAttribute('max')).toBe('10');
    }
  });
});

describe('share links', () => {
  it('lead to each app’s share address with the page’s own address, in the reader’s language, and the address can be copied', async () => {
    for (const [path, heading] of [[`/ru/letters/${letterSlug}/`, 'Поделиться'], ['/kk/articles/who-cut-the-connection/', 'Бөлісу'], ['/articles/who-cut-the-connection/', 'Share']] as const) {
      const html = await page(path);
      const share = html.querySelector('.share')!;
      expect(share.querySelector('h2')?.text).toBe(heading);
      const address = new URL(path, builtSiteUrl).href;
      const hrefs = share.querySelectorAll('a').map((link) => link.getAttribute('href')!);
      expect(hrefs[0]).toBe(`https://t.me/share/url?url=${encodeURIComponent(address)}&text=${encodeURIComponent(html.querySelector('h1')!.text)}`);
      expect(decodeURIComponent(hrefs[1]!)).toContain(address);
      expect(hrefs[1]).toMatch(/^https:\/\/wa\.me\/\?text=/);
      expect(hrefs[2]).toMatch(/^mailto:\?subject=/);
      const field = share.querySelector('input#share-url')!;
      expect(field.getAttribute('value')).toBe(address);
      expect(field.hasAttribute('readonly')).toBe(true);
      expect(share.querySelector('label[for="share-url"]')).not.toBeNull();
    }
  });
});
