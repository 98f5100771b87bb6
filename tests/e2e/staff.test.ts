import { readFileSync } from 'node:fs';
import type { Page, Request } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { axeViolations } from '../support/axe.ts';
import { mailboxLink, mailboxLinks } from '../support/mailbox.ts';
import { artifactPath, newPage, siteInBrowser } from '../support/browser.ts';
import { query } from '../support/database.ts';
import { startServerAtOwnUrl } from '../support/server.ts';

// A new user's setup: no SMTP server, so sign-in links and signers' mail wait in the dev mailbox.
const staff = 'team@campaign.example';
const russianStaff = 'komanda@campaign.example';
const site = siteInBrowser(() => startServerAtOwnUrl({ SIGN_MIN_SECONDS: '0', STAFF_EMAILS: `${staff}, ${russianStaff}` }));
const letter = 'keep-kazakhstan-online';
const widths = [375, 1280] as const;

/**
 * Axe in light and dark at a phone's and a desk's width, a screenshot of each, and no sideways
 * scrolling. Axe runs as a script, so a page without JavaScript is only looked at; the same
 * pages are checked by axe in the Russian run.
 */
async function expectReadable(page: Page, label: string, { axe = true } = {}) {
  for (const width of widths) {
    await page.setViewportSize({ width, height: 900 });
    for (const scheme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme: scheme });
      if (axe) expect(await axeViolations(page), `${label} at ${width} px (${scheme})`).toEqual([]);
      await page.screenshot({ path: artifactPath('screenshots', `staff-${label}-${width}-${scheme}.png`), fullPage: true });
    }
    expect(await page.evaluate(() => document.documentElement.scrollWidth), `${label} at ${width} px scrolls sideways`).toBeLessThanOrEqual(width);
  }
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.emulateMedia({ colorScheme: 'light' });
}

/** A signer from a free-mail address, confirmed: the entry waits for staff. */
async function confirmedFromFreeMail(page: Page, organization: string, email: string) {
  await page.goto(`${site.server.url}/letters/${letter}/sign/`);
  await page.getByLabel('Organization name').fill(organization);
  await page.getByLabel('Country', { exact: true }).selectOption({ label: 'Kazakhstan' });
  await page.getByLabel('Non-governmental organization').check();
  await page.getByLabel('Your name').fill('Dana Signer');
  await page.getByLabel('Your role in the organization').fill('Director');
  await page.getByLabel('Email address').fill(email);
  await page.getByLabel(/I agree to the privacy policy/).check();
  await page.getByRole('button', { name: 'Sign the letter' }).click();
  await page.getByRole('heading', { name: 'Check your email' }).waitFor();
  await page.goto(await mailboxLink(page, site.server.url, email, /\/confirm\//));
  await page.getByRole('button', { name: 'Confirm' }).click();
  await page.locator('.panel.success').waitFor();
}

/** Confirmed entries from mail providers, written straight into the database: a backlog to clear. */
function waitingEntries(prefix: string, count: number) {
  const now = Date.now();
  for (let n = 1; n <= count; n++) {
    const email = `${prefix.toLowerCase().replace(/\W+/g, '.')}.${n}@gmail.com`;
    query(
      site.server.databasePath,
      `insert into signatures (letter, status, organization, country, website, org_type, listing, contact_name, contact_role, email, email_key, email_domain,
         organization_key, organization_search, trust, review_reason, locale, created_at, updated_at, verified_at)
       values (?, 'verified', ?, 'KZ', null, 'ngo', 'named', 'Dana', 'Director', ?, ?, 'gmail.com', ?, ?, 'free-mail', 'mail-provider', 'ru', ?, ?, ?)`,
      letter, `${prefix} ${n}`, email, email, `${prefix.toLowerCase()} ${n}`, `${prefix.toLowerCase()} ${n}`, now - n * 1000, now, now - n * 1000,
    );
  }
}

const count = (sql: string, ...params: unknown[]) => query<{ n: number }>(site.server.databasePath, sql, ...params)[0]!.n;

async function signIn(page: Page, email = staff, lang?: 'ru') {
  const seen = await mailboxLinks(page, site.server.url, email, /\/admin\/sign-in\//);
  await page.goto(`${site.server.url}/admin/${lang ? `?lang=${lang}` : ''}`);
  if (lang) await expectReadable(page, `${lang}-sign-in-form`);
  await page.getByLabel(lang ? 'Ваш рабочий адрес электронной почты' : 'Your staff email address').fill(email);
  await page.getByRole('button', { name: lang ? 'Прислать ссылку для входа' : 'Email me a sign-in link' }).click();
  await page.getByText(lang ? 'ссылка для входа уже отправлена' : 'a sign-in link is on its way').waitFor();
  await page.goto(await mailboxLink(page, site.server.url, email, /\/admin\/sign-in\//, seen));
  if (lang) await expectReadable(page, `${lang}-sign-in-link`);
  await page.getByRole('button', { name: lang ? 'Войти' : 'Sign in' }).click();
  await page.getByRole('heading', { name: lang ? 'Сводка' : 'Dashboard' }).waitFor();
}

describe.each([
  { javaScriptEnabled: true, tag: 'js' },
  { javaScriptEnabled: false, tag: 'nojs' },
])('a staff member ($tag)', ({ javaScriptEnabled, tag }) => {
  it('approves a free-mail signer from its row, the signer is mailed, and the exports come in the language asked for', async () => {
    const page = await newPage(site.browser, { javaScriptEnabled, bypassCSP: javaScriptEnabled, acceptDownloads: true });
    const organization = `Steppe Freelancers ${tag}`;
    const signer = `steppe.freelancers.${tag}@gmail.com`;
    await confirmedFromFreeMail(page, organization, signer);
    await signIn(page);

    await page.locator('.todo').getByRole('link', { name: 'Review them' }).click();
    await page.getByRole('link', { name: 'Awaiting approval' }).and(page.locator('[aria-current="page"]')).waitFor();
    const row = page.locator('tr', { hasText: organization });
    await row.getByText('Address at a mail provider').waitFor();
    await row.getByRole('button', { name: 'Approve' }).click();
    await page.getByText('1 entry changed.').waitFor();

    await page.goto(`${site.server.url}/letters/${letter}/signatories/`);
    await page.locator('.signatories li', { hasText: organization }).waitFor();
    const approval = await mailboxLink(page, site.server.url, signer, /\/letters\//);
    expect(approval).toContain(`/letters/${letter}/`);
    expect(await page.locator('article.card', { hasText: signer }).first().textContent()).toContain('it is now on the public list');

    await page.goto(`${site.server.url}/admin/letters/${letter}/?status=published`);
    await page.getByText('Export the entries that match').click();
    const russian = page.locator('.exports li[lang="ru"]');
    for (const [name, format] of [['CSV', 'csv'], ['text block', 'txt']] as const) {
      const [download] = await Promise.all([page.waitForEvent('download'), russian.getByRole('link', { name, exact: true }).click()]);
      const text = readFileSync((await download.path())!, 'utf8');
      expect(text, format).toContain(organization);
      expect(text, format).toContain(format === 'txt' ? `${organization} (Казахстан)` : ',Казахстан,');
    }
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('button', { name: 'Email me a sign-in link' }).waitFor();
    await page.context().close();
  });
});

describe('a staff member with 50 entries waiting', () => {
  it('clears them from a filtered queue in three requests, and the queue reads on a phone', async () => {
    waitingEntries('Batch Union', 50);
    waitingEntries('Other Group', 5);
    const page = await newPage(site.browser, { javaScriptEnabled: false });
    await signIn(page);
    const requests: Request[] = [];
    page.on('request', (request) => {
      // A redirect after a form is part of the same request; the stylesheet is not one staff make.
      if (request.resourceType() === 'document' && !request.redirectedFrom()) requests.push(request);
    });

    await page.locator('.todo').getByRole('link', { name: 'Review them' }).click();
    await page.getByText('Search and filter').click();
    await page.getByLabel('Organization, email or website').fill('Batch Union');
    await page.getByRole('button', { name: 'Show', exact: true }).click();
    await page.getByText('50 entries match.').waitFor();
    await expectReadable(page, 'queue-50-waiting', { axe: false });
    await page.getByRole('button', { name: 'Approve all 50 that match' }).click();
    await page.getByText('50 entries changed.').waitFor();

    expect(requests.map((request) => request.method())).toEqual(['GET', 'GET', 'POST']);
    expect(count("select count(*) as n from signatures where organization like 'Batch Union %' and status = 'published'")).toBe(50);
    expect(count("select count(*) as n from signatures where organization like 'Other Group %' and status = 'verified'")).toBe(5);
    expect(count("select count(*) as n from outbox where kind = 'approved' and recipient like 'batch.union.%'")).toBe(50);
    await page.context().close();
  });
});

describe('a staff member working in Russian', () => {
  it('reads every staff page in Russian, axe-clean, on a phone and at a desk', async () => {
    const page = await newPage(site.browser, { javaScriptEnabled: true, bypassCSP: true });
    await signIn(page, russianStaff, 'ru');
    expect(await page.locator('html').getAttribute('lang')).toBe('ru');
    await expectReadable(page, 'ru-dashboard');
    await page.getByRole('link', { name: 'Подписи', exact: true }).click();
    await page.getByText('Подтверждены по почте и ждут вашего решения').waitFor();
    await expectReadable(page, 'ru-queue');
    await page.locator('tbody tr').first().getByRole('link').first().click();
    await page.getByRole('button', { name: 'Одобрить и открыть следующую' }).waitFor();
    await expectReadable(page, 'ru-entry');
    await page.getByRole('button', { name: 'Одобрить и открыть следующую' }).click();
    await page.getByText(/Готово: решение по №\d+ принято/).waitFor();
    for (const [path, heading] of [['/admin/audit/', 'Журнал действий'], ['/admin/account/', 'Ваша учётная запись'], [`/admin/letters/${letter}/deliver/`, /^Вручение:/]] as const) {
      await page.goto(`${site.server.url}${path}`);
      await page.getByRole('heading', { level: 1, name: heading }).waitFor();
      await expectReadable(page, `ru-${path.split('/').filter(Boolean).at(-1)}`);
    }
    await page.goto(`${site.server.url}/admin/audit/`);
    await page.getByLabel('Действие').selectOption({ label: 'Одобрено' });
    await page.getByRole('button', { name: 'Показать' }).click();
    expect(await page.locator('table.audit tbody tr').first().textContent()).toMatch(/Статус: Ждёт одобрения → В публичном списке/);
    await page.context().close();
    // Eight pages, each run through axe four times: over a minute on a busy machine.
  }, 300_000);
});

describe('a staff member delivering the letter with entries still awaiting approval', () => {
  it('must choose what happens to them, sees what will happen and the mail, and those left out are told', async () => {
    waitingEntries('Late Coalition', 3);
    const waiting = count("select count(*) as n from signatures where status = 'verified'");
    const listed = count("select count(*) as n from signatures where status = 'published'");
    const page = await newPage(site.browser, { javaScriptEnabled: true, bypassCSP: true });
    await signIn(page);
    await page.goto(`${site.server.url}/admin/letters/${letter}/`);
    await page.getByRole('link', { name: 'Mark delivered' }).click();
    await page.getByText(`${waiting} confirmed entries are still awaiting approval`).waitFor();
    await page.getByLabel(/^The President of the Republic of Kazakhstan/).check();
    await page.getByRole('button', { name: 'Next: check what will happen' }).click();
    await page.getByRole('alert').getByText('Choose what happens to the entries awaiting approval.').waitFor();
    await expectReadable(page, 'deliver-choice');

    await page.getByLabel(/^Deliver without them/).check();
    await page.getByRole('button', { name: 'Next: check what will happen' }).click();
    await page.getByRole('heading', { name: 'Check before you deliver: this cannot be undone' }).waitFor();
    expect(await page.locator('main').textContent()).toContain(`${waiting} entries awaiting approval are left out`);
    expect(await page.locator('.mail-preview').first().textContent()).toContain('was delivered on');
    await expectReadable(page, 'deliver-preview');
    // Nothing has happened yet: the letter still takes signatures.
    expect(count('select count(*) as n from letter_deliveries')).toBe(0);

    await page.getByRole('button', { name: `Deliver with ${listed} signatories and send the emails` }).click();
    await page.getByText(`Delivered with ${listed} signatories.`).waitFor();
    expect(count("select count(*) as n from outbox where kind = 'delivered-without'")).toBe(waiting);
    expect(count("select count(*) as n from outbox where kind = 'delivered'")).toBe(listed);
    await page.goto(`${site.server.url}/letters/${letter}/`);
    expect(await page.locator('.delivery').textContent()).toContain('The President of the Republic of Kazakhstan');
    expect(await page.locator('.delivery .fingerprint').textContent()).toMatch(/^[0-9a-f]{64}$/);
    expect(await page.locator('main').textContent()).not.toContain('awaiting review');
    await page.context().close();
  });
});
