import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { parse } from 'node-html-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSeededServer } from '../load/seed.ts';
import { references } from '../support/crawl.ts';
import { letterSlug } from '../support/forms.ts';
import { filesIn, makeMirror } from '../support/mirror.ts';
import type { RunningServer } from '../support/server.ts';

let server: RunningServer;
let mirror: ReturnType<typeof makeMirror>;

beforeAll(async () => {
  server = await startSeededServer(3000);
  mirror = makeMirror(server);
}, 180_000);
afterAll(() => server?.stop());

describe('the single-file letter', () => {
  it('holds the letter, its recipients and as much of the list as fits in 100 KB, and needs nothing else', async () => {
    for (const locale of ['en', 'ru', 'kk']) {
      const response = await server.fetch(`/letters/${letterSlug}/letter-${locale}.html`);
      expect(response.status).toBe(200);
      const html = await response.text();
      expect(Buffer.byteLength(html), locale).toBeLessThan(100_000);
      const page = parse(html);
      expect(page.querySelector('html')?.getAttribute('lang')).toBe(locale);
      expect(page.querySelector('h1')?.text.length).toBeGreaterThan(10);
      expect(page.querySelectorAll('ul li').length).toBeGreaterThanOrEqual(5);
      expect(page.querySelectorAll('ol.signatories li').length).toBeGreaterThan(500);
      // 3,000 signatures do not fit: the rest are counted, with the address of the whole list.
      expect(page.querySelector('ol.signatories + p.more')?.text).toMatch(/\d/);
      expect(page.querySelector('ol.signatories + p.more')?.text).toContain(`/letters/${letterSlug}/signatories/`);
      expect(page.querySelectorAll('script, link, img, iframe, object')).toHaveLength(0);
      expect(page.querySelectorAll('a[href^="/"]')).toHaveLength(0);
      expect(response.headers.get('content-security-policy')).toMatch(/^default-src 'none'; style-src 'sha256-/);
    }
  });

  it('is linked from the letter page in each language', async () => {
    const page = parse(await (await server.fetch(`/ru/letters/${letterSlug}/`)).text());
    expect(page.querySelector(`a[href="/letters/${letterSlug}/letter-ru.html"]`)?.hasAttribute('download')).toBe(true);
  });

  it('answers 404 for a language the site does not have', async () => {
    expect((await server.fetch(`/letters/${letterSlug}/letter-fr.html`)).status).toBe(404);
  });
});

describe('npm run mirror', () => {
  it('copies every public page in all three languages, with the current list', () => {
    expect(mirror.status, mirror.output).toBe(0);
    const files = filesIn(mirror.dir);
    for (const expected of [
      'index.html', 'ru/index.html', 'kk/index.html', `letters/${letterSlug}/index.html`, `kk/letters/${letterSlug}/signatories/index.html`,
      'articles/index.html', 'ru/timeline/index.html', 'kk/faq/index.html', 'privacy/index.html', `letters/${letterSlug}/letter-kk.html`,
    ]) {
      expect(files, expected).toContain(expected);
    }
    // 3,000 signatures, 50 to a page: every page of the list is in the copy.
    expect(files.filter((file) => file.startsWith(`letters/${letterSlug}/signatories/`) && file.endsWith('index.html')).length).toBeGreaterThanOrEqual(60);
    const listPage = readFileSync(join(mirror.dir, `letters/${letterSlug}/signatories/index.html`), 'utf8');
    expect(listPage).toContain('Civic Voice Association 1');
  });

  it('has every link inside the copy resolve to a file of the copy', () => {
    const pages = filesIn(mirror.dir).filter((file) => file.endsWith('.html'));
    const broken: string[] = [];
    for (const file of pages) {
      const html = readFileSync(join(mirror.dir, file), 'utf8');
      const root = parse(html);
      for (const target of references(html)) {
        if (/^(?:https?:|mailto:|#)/.test(target)) continue;
        const path = join(mirror.dir, dirname(file), target.split('#')[0]!.split('?')[0]!);
        if (!existsSync(path)) broken.push(`${file} → ${target}`);
      }
      // Absolute links may only lead back to the site itself.
      for (const element of root.querySelectorAll('a[href^="/"], link[href^="/"][rel~="stylesheet"]')) broken.push(`${file} → ${element.getAttribute('href')}`);
    }
    expect(broken).toEqual([]);
  });

  it('takes no input: no form, a note on every page, and directions to sign on the letter page', () => {
    for (const file of filesIn(mirror.dir).filter((name) => name.endsWith('index.html'))) {
      const root = parse(readFileSync(join(mirror.dir, file), 'utf8'));
      expect(root.querySelectorAll('form'), file).toHaveLength(0);
      expect(root.querySelector('[role="note"]')?.text, file).toMatch(/copy|копия|көшірме/i);
    }
    const letter = parse(readFileSync(join(mirror.dir, `letters/${letterSlug}/index.html`), 'utf8'));
    const directions = letter.querySelector('#sign [role="note"]')?.text ?? '';
    expect(directions).toContain(`/letters/${letterSlug}/`);
    expect(directions).toContain('contact@undersigned.example');
    // Nothing left that speaks of a form: the intro to signing goes with it.
    expect(letter.querySelector('#sign')?.text).not.toContain('It takes about a minute');
  });

  it('holds nothing private: no staff, confirmation or manage pages, and no contact details', () => {
    const files = filesIn(mirror.dir);
    expect(files.filter((file) => /admin|confirm|manage|mailbox|_actions|\/sign\//.test(file))).toEqual([]);
    for (const file of files.filter((name) => name.endsWith('.html'))) expect(readFileSync(join(mirror.dir, file), 'utf8'), file).not.toMatch(/@org\d+\.example\.org/);
  });

  it('refuses to write into a folder that already holds files', () => {
    const again = makeMirror(server, mirror.dir);
    expect(again.status).toBe(2);
    expect(again.output).toContain('is not empty');
  });
});
