import { describe, expect, it } from 'vitest';
import { newPage, siteInBrowser } from '../support/browser.ts';

const site = siteInBrowser();

describe.each([
  { javaScriptEnabled: true, label: 'with JavaScript' },
  { javaScriptEnabled: false, label: 'without JavaScript' },
])('a reader $label', ({ javaScriptEnabled }) => {
  it('goes from the home page to the letter, to an article, and reads it in Russian and Kazakh', async () => {
    const page = await newPage(site.browser, { javaScriptEnabled });
    const foreignRequests: string[] = [];
    page.on('request', (request) => {
      if (new URL(request.url()).origin !== site.server.url) foreignRequests.push(request.url());
    });

    await page.goto(site.server.url);
    await expect.poll(() => page.locator('h1').textContent()).toBeTruthy();
    await page.getByRole('link', { name: 'Read the full letter' }).click();
    await page.waitForURL(/\/letters\/[^/]+\/$/);
    expect(await page.locator('h1').textContent()).toMatch(/open letter/i);
    expect(await page.getByRole('heading', { name: 'To', exact: true }).isVisible()).toBe(true);

    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Background' }).click();
    await page.waitForURL(/\/articles\/$/);
    const firstArticle = page.locator('.card h2 a').first();
    const articleHref = await firstArticle.getAttribute('href');
    await firstArticle.click();
    await page.waitForURL(`**${articleHref}`);

    await page.getByRole('navigation', { name: 'Language' }).getByRole('link', { name: 'Русский' }).click();
    await page.waitForURL(`**/ru${articleHref}`);
    expect(await page.locator('html').getAttribute('lang')).toBe('ru');
    expect(await page.getByRole('navigation', { name: 'Язык' }).getByRole('link', { name: 'Русский' }).getAttribute('aria-current')).toBe('page');

    await page.getByRole('navigation', { name: 'Язык' }).getByRole('link', { name: 'Қазақша' }).click();
    await page.waitForURL(`**/kk${articleHref}`);
    expect(await page.locator('html').getAttribute('lang')).toBe('kk');
    await page.getByRole('link', { name: 'Басты бет' }).or(page.locator('.site-name')).first().click();
    await page.waitForURL(/\/kk\/$/);

    expect(foreignRequests).toEqual([]);
    await page.context().close();
  });
});

describe('the skip link', () => {
  it('is the first thing a keyboard reaches and moves focus to the content', async () => {
    const page = await newPage(site.browser);
    await page.goto(`${site.server.url}/timeline/`);
    await page.keyboard.press('Tab');
    const focused = page.locator(':focus');
    expect(await focused.textContent()).toBe('Skip to content');
    expect(await focused.isVisible()).toBe(true);
    await page.keyboard.press('Enter');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('main');
    await page.context().close();
  });
});
