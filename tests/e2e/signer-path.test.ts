import type { Browser, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { axeViolations } from '../support/axe.ts';
import { mailboxLink } from '../support/mailbox.ts';
import { artifactPath, newPage, siteInBrowser } from '../support/browser.ts';
import { startServerAtOwnUrl } from '../support/server.ts';
import { startSeededServer } from '../load/seed.ts';

// The signer's whole path as a small NGO with a Gmail address walks it, on a phone and at a desk,
// in light and dark, with and without JavaScript. No SMTP_URL: mail waits in the dev mailbox.
const site = siteInBrowser(() => startServerAtOwnUrl({ SIGN_MIN_SECONDS: '0' }));
const letter = '/letters/keep-kazakhstan-online';

/**
 * Looks at the page as it is now at 375 px and 1280 px, light and dark: axe-clean each time, and a
 * screenshot kept. A page shown without JavaScript is checked as served: its HTML is replayed
 * into a page with JavaScript (axe needs it), with the site's own stylesheet.
 */
async function lookAt(browser: Browser, page: Page, label: string, javaScriptEnabled: boolean) {
  const checker = javaScriptEnabled ? page : await newPage(browser, { bypassCSP: true });
  if (!javaScriptEnabled) {
    const html = await page.content();
    await checker.route(page.url(), (route) => route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body: html }));
    await checker.goto(page.url());
  }
  const size = page.viewportSize();
  for (const width of [375, 1280]) {
    for (const scheme of ['light', 'dark'] as const) {
      await checker.setViewportSize({ width, height: 900 });
      await checker.emulateMedia({ colorScheme: scheme });
      expect(await axeViolations(checker), `${label} at ${width} px (${scheme})`).toEqual([]);
      await checker.screenshot({ path: artifactPath('screenshots', `signer-${label}-${width}-${scheme}.png`), fullPage: true });
    }
  }
  if (!javaScriptEnabled) await checker.context().close();
  else if (size) await page.setViewportSize(size);
}

/** Fills the sign form by field ids (the labels are in the page's language); no website: a Gmail-only NGO. */
async function fillSignForm(page: Page, fields: { organization: string; email: string; role: string }) {
  await page.locator('#sign-organization').fill(fields.organization);
  await page.locator('#sign-country').selectOption('KZ');
  await page.locator('#sign-orgType-0').check();
  await page.locator('#sign-listing-0').check();
  await page.locator('#sign-contactName').fill('Айгуль Сапарова');
  await page.locator('#sign-contactRole').fill(fields.role);
  await page.locator('#sign-email').fill(fields.email);
  await page.locator('#sign-consent').check();
}

const gmailSigners = [
  {
    locale: 'ru',
    javaScriptEnabled: true,
    organization: 'Общественный фонд «Степные права»',
    email: 'stepnye.prava@gmail.com',
    role: 'Координатор',
    formNote: ['на Gmail или Mail.ru', 'в течение 3\u00a0дней'],
    confirmNote: ['gmail.com', 'в течение 3\u00a0дней', 'Если нет, подтвердите подпись ниже.'],
    confirmedHeading: 'Подпись подтверждена',
    doneNote: 'в течение 3\u00a0дней',
    shareText: 'Наша организация подписала открытое письмо',
  },
  {
    locale: 'kk',
    javaScriptEnabled: false,
    organization: '«Дала құқығы» қоғамдық қоры',
    email: 'dala.qukygy@gmail.com',
    role: 'Үйлестіруші',
    formNote: ['Gmail немесе Mail.ru', '3\u00a0күн ішінде'],
    confirmNote: ['gmail.com', '3\u00a0күн ішінде', 'Қаламасаңыз, төменде растаңыз.'],
    confirmedHeading: 'Қолтаңба расталды',
    doneNote: '3\u00a0күн ішінде',
    shareText: 'Біздің ұйым',
  },
] as const;

describe.each(gmailSigners)('a small NGO with a Gmail address, in $locale (JavaScript: $javaScriptEnabled)', (signer) => {
  const { locale, javaScriptEnabled } = signer;
  const tag = `${locale}-${javaScriptEnabled ? 'js' : 'nojs'}`;

  it('is told before and after confirming that the campaign team checks the entry, and in how many days', async () => {
    const page = await newPage(site.browser, { javaScriptEnabled, bypassCSP: javaScriptEnabled, viewport: { width: 375, height: 800 } });
    await page.goto(`${site.server.url}/${locale}${letter}/sign/`);
    const emailHint = (await page.locator('#sign-email-hint').textContent()) ?? '';
    for (const words of signer.formNote) expect(emailHint).toContain(words);
    await lookAt(site.browser, page, `${tag}-sign-form`, javaScriptEnabled);

    await fillSignForm(page, signer);
    await page.locator('form.sign-form button[type="submit"]').click();
    await page.locator('.panel.success').waitFor();

    await page.goto(await mailboxLink(page, site.server.url, signer.email, new RegExp(`/${locale}/confirm/\\?token=`)));
    const notice = (await page.locator('.review-notice').textContent()) ?? '';
    for (const words of signer.confirmNote) expect(notice).toContain(words);
    // No promise that the entry appears "exactly like this": it waits.
    expect(await page.locator('main').textContent()).not.toMatch(/именно так|дәл осылай|exactly/);
    await lookAt(site.browser, page, `${tag}-confirm`, javaScriptEnabled);

    await page.locator('main form button[type="submit"]').click();
    await page.getByRole('heading', { level: 1, name: signer.confirmedHeading }).waitFor();
    expect(await page.locator('.panel.success').textContent()).toContain(signer.doneNote);

    // The share links carry the letter's public address and an invitation in the signer's language,
    // never the emailed link, and are big enough to tap.
    const shareLinks = page.locator('.share a.share-link');
    expect(await shareLinks.count()).toBe(3);
    for (const link of await shareLinks.all()) {
      const href = decodeURIComponent((await link.getAttribute('href'))!);
      expect(href).toContain(`/${locale}${letter}/`);
      expect(href).toContain(signer.shareText);
      expect(href).not.toContain('token');
      expect((await link.boundingBox())!.height).toBeGreaterThanOrEqual(44);
    }
    expect(await page.locator('#share-url').inputValue()).toMatch(new RegExp(`/${locale}${letter}/$`));
    await lookAt(site.browser, page, `${tag}-confirmed`, javaScriptEnabled);
    await page.context().close();
  });

  it('withdraws only after a second step that says what will happen', async () => {
    const page = await newPage(site.browser, { javaScriptEnabled, bypassCSP: javaScriptEnabled, viewport: { width: 375, height: 800 } });
    const manageHref = await mailboxLink(page, site.server.url, signer.email, new RegExp(`/${locale}/manage/\\?token=`));
    await page.goto(manageHref);
    await lookAt(site.browser, page, `${tag}-manage`, javaScriptEnabled);
    await page.locator('.withdraw button').click();
    await page.locator('.withdraw-step').waitFor();
    // Nothing has happened yet: the manage page still opens, and the step offers a way back.
    expect(page.url()).toContain('step=withdraw');
    await lookAt(site.browser, page, `${tag}-withdraw-step`, javaScriptEnabled);
    await page.locator('.withdraw-step a', { hasText: /./ }).last().click();
    await page.locator('.withdraw button').waitFor();

    await page.locator('.withdraw button').click();
    await page.locator('.withdraw-step button.danger').click();
    await page.locator('.panel.success').waitFor();
    await lookAt(site.browser, page, `${tag}-withdrawn`, javaScriptEnabled);
    await page.context().close();
  });
});

/** The text of a PDF, page by page, read back with PDF.js, with runs of white space made one space. */
async function pdfText(pdf: Buffer): Promise<string> {
  const { getDocument } = await import('pdfjs-dist/legacy/build/pdf.mjs');
  const loading = getDocument({ data: new Uint8Array(pdf), useSystemFonts: true });
  const document = await loading.promise;
  const pages: string[] = [];
  for (let number = 1; number <= document.numPages; number++) {
    const content = await (await document.getPage(number)).getTextContent();
    pages.push(content.items.map((item) => ('str' in item ? `${item.str}${item.hasEOL ? ' ' : ''}` : '')).join(''));
  }
  await loading.destroy();
  return pages.join(' ').replace(/\s+/g, ' ');
}

describe('the letter on paper, with 150 organizations on the list', () => {
  const seeded = siteInBrowser(() => startSeededServer(150));
  // As tests/load/seed.ts names them, in the order they signed.
  const entries = Array.from({ length: 150 }, (_, id) =>
    id % 10 === 0 ? undefined : id % 3 === 0 ? `Общественный фонд «Правовая инициатива» №${id}` : `Civic Voice Association ${id}`,
  );
  const named = (text: string, name: string) => new RegExp(`${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?!\\d)`).test(text);
  const screenOnly = [/the goal is/i, /have signed/, /awaiting review/, /Page \d+ of/, /Share/, /WhatsApp · /, /Sign for your organization/, /Sign the letter/];

  it('prints the letter page with its names right under “Signed,” and then “…and N more” with the address of the whole list', async () => {
    const page = await newPage(seeded.browser, { bypassCSP: true });
    await page.goto(`${seeded.server.url}${letter}/`);
    await page.emulateMedia({ media: 'print' });
    await page.screenshot({ path: artifactPath('screenshots', 'signer-letter-print-media-1280.png'), fullPage: true });
    const pdf = await page.pdf({ path: artifactPath('signer-letter-print.pdf'), format: 'A4' });
    const text = await pdfText(pdf);
    expect(text).toMatch(/Signed, 1\. An organization from Kazakhstan 2\. Civic Voice Association 1 /);
    for (const name of entries.slice(0, 50)) if (name) expect(named(text, name), name).toBe(true);
    for (const name of entries.slice(50)) if (name) expect(named(text, name), name).toBe(false);
    expect(text).toMatch(/…and 100 more organizations\. The full list: http\S+\/letters\/keep-kazakhstan-online\/signatories\//);
    for (const words of screenOnly) expect(text).not.toMatch(words);
    await page.context().close();
  });

  it('prints every name from the print page, linked from the letter page, kept like other public pages', async () => {
    const page = await newPage(seeded.browser, { bypassCSP: true });
    await page.goto(`${seeded.server.url}/ru${letter}/`);
    await page.locator(`a[href="/ru${letter}/print/"]`).click();
    await page.waitForURL(/\/print\/$/);
    const response = await seeded.server.fetch(`/ru${letter}/print/`);
    expect(response.headers.get('cache-control')).toBe('public, max-age=5, stale-while-revalidate=30');
    await lookAt(seeded.browser, page, 'print-page', true);
    await page.emulateMedia({ media: 'print' });
    const text = await pdfText(await page.pdf({ path: artifactPath('signer-print-page-ru.pdf'), format: 'A4' }));
    for (const name of entries) if (name) expect(named(text, name), name).toBe(true);
    expect(text.match(/Организация \(страна:/g)).toHaveLength(15);
    expect(text).toContain('подписали 150 организаций');
    expect(text).not.toMatch(/цель|ожидают проверки|Поделиться/);
    await page.context().close();
  });
});

describe('the header', () => {
  it.each([
    { language: 'English', locale: '' },
    { language: 'Russian', locale: '/ru' },
    { language: 'Kazakh', locale: '/kk' },
  ])('in $language takes two rows on a phone, folds the rest into “More” without JavaScript, and one menu row at a desk', async ({ locale }) => {
    const page = await newPage(site.browser, { javaScriptEnabled: false, viewport: { width: 375, height: 800 } });
    await page.goto(`${site.server.url}${locale}${letter}/`);
    const header = page.locator('header.site-header');
    expect((await header.boundingBox())!.height).toBeLessThanOrEqual(100);
    const rowTops = async () => new Set(await page.locator('.primary-nav > ul > li:visible').evaluateAll((items) => items.map((item) => Math.round(item.getBoundingClientRect().top))));
    expect((await rowTops()).size).toBe(1);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
    // "Sign" leads to the form; the folded items open from "More", with no script.
    expect(await page.locator('.primary-nav a.nav-sign').getAttribute('href')).toBe(`${locale}${letter}/sign/`);
    await page.locator('.nav-more summary').click();
    await page.locator('.nav-more a').last().click();
    await page.waitForURL(new RegExp(`${locale}/faq/$`));
    await page.screenshot({ path: artifactPath('screenshots', `signer-header-${locale.slice(1) || 'en'}-375.png`) });

    await page.setViewportSize({ width: 1280, height: 800 });
    expect((await rowTops()).size).toBe(1);
    expect(await page.locator('.primary-nav > ul > li:visible').count()).toBe(6);
    await page.screenshot({ path: artifactPath('screenshots', `signer-header-${locale.slice(1) || 'en'}-1280.png`) });
    await page.context().close();
  });
});
