import { describe, expect, it } from 'vitest';
import { axeViolations } from '../support/axe.ts';
import { artifactPath, newPage, siteInBrowser } from '../support/browser.ts';
import { content, locales, prefix } from '../support/content.ts';

const site = siteInBrowser();

/** One page of each kind the site has. */
const pageTypes: Record<string, string> = {
  home: '/',
  letter: `/letters/${content.letters[0]}/`,
  sign: `/letters/${content.letters[0]}/sign/`,
  signatories: `/letters/${content.letters[0]}/signatories/`,
  resend: `/letters/${content.letters[0]}/resend/`,
  articles: '/articles/',
  article: `/articles/${content.articles[0]}/`,
  timeline: '/timeline/',
  about: '/about/',
  privacy: '/privacy/',
  faq: '/faq/',
  'not-found': '/no-such-page/',
};

describe.each(locales)('every page type in %s', (locale) => {
  it.each(Object.entries(pageTypes))('%s has no axe violations in light and dark mode, and fits 320 px', async (name, path) => {
    for (const colorScheme of ['light', 'dark'] as const) {
      // bypassCSP lets the test inject axe: the site itself allows no script at all.
      const page = await newPage(site.browser, { colorScheme, bypassCSP: true });
      const response = await page.goto(`${site.server.url}${prefix(locale)}${path}`);
      expect(response?.status()).toBe(name === 'not-found' ? 404 : 200);
      expect(await axeViolations(page), `${locale} ${name} ${colorScheme}`).toEqual([]);

      for (const width of [375, 1280]) {
        await page.setViewportSize({ width, height: 900 });
        await page.screenshot({ path: artifactPath('screenshots', `${locale}-${name}-${width}-${colorScheme}.png`), fullPage: true });
      }
      await page.setViewportSize({ width: 320, height: 800 });
      expect(await page.evaluate(() => document.documentElement.scrollWidth), `${locale} ${name} overflows at 320 px`).toBeLessThanOrEqual(320);
      await page.context().close();
    }
  });
});

describe('printing the letter', () => {
  it('prints the letter without navigation, footer or buttons', async () => {
    const page = await newPage(site.browser);
    await page.goto(`${site.server.url}${pageTypes.letter}`);
    await page.emulateMedia({ media: 'print' });
    const hidden = await page.evaluate(() =>
      ['.site-header', '.site-footer', '.skip-link'].map((selector) => getComputedStyle(document.querySelector(selector)!).display),
    );
    expect(hidden).toEqual(['none', 'none', 'none']);
    expect(await page.locator('article.letter h1').isVisible()).toBe(true);
    await page.pdf({ path: artifactPath('letter-print.pdf'), format: 'A4' });
    await page.context().close();
  });
});
