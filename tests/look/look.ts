/**
 * Screenshots of the signer's pages as a first-time signer sees them on a phone (375 px) and at a
 * desk (1280 px), for comparing a change before and after: `node tests/look/look.ts <dir>` with the
 * site built. Not a test: it asserts nothing, it only keeps pictures to look at.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Page } from 'playwright-core';
import { startSeededServer } from '../load/seed.ts';
import { projectRoot } from '../support/server.ts';

const out = join(projectRoot, 'test-results', 'look', process.argv[2] ?? 'after');
mkdirSync(out, { recursive: true });
const server = await startSeededServer(150, { SIGN_MIN_SECONDS: '0', SITE_URL: 'http://localhost:4321' });
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'] });
const base = server.url;
const letter = '/letters/keep-kazakhstan-online';

async function shoot(page: Page, name: string, fullPage = true) {
  await page.screenshot({ path: join(out, `${name}.png`), fullPage });
}

async function mailboxLink(page: Page, email: string, path: RegExp): Promise<string> {
  for (let attempt = 0; attempt < 50; attempt++) {
    await page.goto(`${base}/dev/mailbox/`);
    const links = page.locator('article.card', { hasText: email }).getByRole('link', { name: path });
    if ((await links.count()) > 0) {
      const href = new URL((await links.first().getAttribute('href'))!);
      return `${base}${href.pathname}${href.search}`;
    }
    await page.waitForTimeout(200);
  }
  throw new Error(`no mail to ${email}`);
}

/** Signs on the phone from Gmail and goes through confirm and manage, keeping a picture of each step. */
async function signerPath(locale: 'ru' | 'kk', javaScriptEnabled: boolean) {
  const context = await browser.newContext({ viewport: { width: 375, height: 740 }, javaScriptEnabled });
  const page = await context.newPage();
  const prefix = `/${locale}`;
  await page.goto(`${base}${prefix}/`);
  await shoot(page, `${locale}-375-home-top`, false);
  await page.goto(`${base}${prefix}${letter}/`);
  await shoot(page, `${locale}-375-letter-top`, false);
  const header = await page.locator('header.site-header').boundingBox();
  writeFileSync(join(out, `${locale}-375-header-height.txt`), `${header?.height}\n`);
  await page.goto(`${base}${prefix}${letter}/sign/`);
  const email = `steppe.${locale}@gmail.com`;
  await page.locator('#sign-organization').fill(locale === 'ru' ? 'Общественный фонд «Степные права»' : '«Дала құқығы» қоғамдық қоры');
  await page.locator('#sign-country').selectOption('KZ');
  await page.locator('#sign-orgType-0').check();
  await page.locator('#sign-listing-0').check();
  await page.locator('#sign-contactName').fill('Айгуль');
  await page.locator('#sign-contactRole').fill(locale === 'ru' ? 'Координатор' : 'Үйлестіруші');
  await page.locator('#sign-email').fill(email);
  await page.locator('#sign-email').scrollIntoViewIfNeeded();
  await shoot(page, `${locale}-375-sign-form-email`, false);
  await page.locator('#sign-consent').check();
  await page.locator('form.sign-form button[type="submit"]').click();
  await page.waitForLoadState('load');
  await shoot(page, `${locale}-375-sent`);
  await shoot(page, `${locale}-375-sent-top`, false);
  const confirm = await mailboxLink(page, email, /\/confirm\/\?token=/);
  await page.goto(confirm);
  await shoot(page, `${locale}-375-confirm`);
  if ((await page.locator('.review-notice').count()) > 0) await page.locator('.review-notice').screenshot({ path: join(out, `${locale}-375-confirm-review-notice.png`) });
  else await shoot(page, `${locale}-375-confirm-top`, false);
  await page.locator('main form button[type="submit"]').last().click();
  await page.waitForLoadState('load');
  await shoot(page, `${locale}-375-confirmed`);
  await shoot(page, `${locale}-375-confirmed-top`, false);
  const manage = await mailboxLink(page, email, /\/manage\/\?token=/);
  await page.goto(manage);
  await shoot(page, `${locale}-375-manage`);
  await page.locator('.withdraw button, .withdraw a.button').first().click();
  await page.waitForLoadState('load');
  await shoot(page, `${locale}-375-withdraw-step`);
  await shoot(page, `${locale}-375-withdraw-step-top`, false);
  await context.close();
}

await signerPath('ru', true);
await signerPath('kk', false);

for (const locale of ['en', 'ru', 'kk']) {
  const prefix = locale === 'en' ? '' : `/${locale}`;
  for (const width of [375, 1280]) {
    for (const scheme of ['light', 'dark'] as const) {
      const context = await browser.newContext({ viewport: { width, height: 800 }, colorScheme: scheme });
      const page = await context.newPage();
      await page.goto(`${base}${prefix}${letter}/`);
      await shoot(page, `${locale}-${width}-${scheme}-header`, false);
      const header = await page.locator('header.site-header').boundingBox();
      writeFileSync(join(out, `${locale}-${width}-${scheme}-header-height.txt`), `${header?.height}\n`);
      await context.close();
    }
  }
}

{
  const context = await browser.newContext({ viewport: { width: 375, height: 740 } });
  const page = await context.newPage();
  await page.goto(`${base}/ru${letter}/signatories/?q=${encodeURIComponent('нет такой')}`);
  await shoot(page, 'ru-375-search-empty');
  await page.goto(`${base}/ru${letter}/signatories/`);
  await shoot(page, 'ru-375-signatories');
  await page.goto(`${base}/ru/articles/who-cut-the-connection/`);
  await shoot(page, 'ru-375-article');
  await page.goto(`${base}/ru/faq/`);
  await shoot(page, 'ru-375-faq');
  await page.goto(`${base}/kk/faq/`);
  await shoot(page, 'kk-375-faq');
  await page.goto(`${base}/ru${letter}/`);
  await page.emulateMedia({ media: 'print' });
  await page.pdf({ path: join(out, 'ru-letter-print.pdf'), format: 'A4' });
  await shoot(page, 'ru-375-letter-print-media');
  await context.close();
}

await browser.close();
await server.stop();
console.log(`screenshots in ${out}`);
