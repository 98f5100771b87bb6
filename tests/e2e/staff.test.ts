import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { axeViolations } from '../support/axe.ts';
import { artifactPath, newPage, siteInBrowser } from '../support/browser.ts';
import { startServerAtOwnUrl } from '../support/server.ts';

// A new user's setup: no SMTP server, so the sign-in link waits in the dev mailbox.
const staff = 'team@campaign.example';
const site = siteInBrowser(() => startServerAtOwnUrl({ SIGN_MIN_SECONDS: '0', STAFF_EMAILS: staff }));
const letter = 'keep-kazakhstan-online';

async function expectAccessible(page: Page, label: string) {
  for (const scheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    expect(await axeViolations(page), `${label} (${scheme})`).toEqual([]);
  }
  await page.screenshot({ path: artifactPath('screenshots', `staff-${label}.png`), fullPage: true });
}

/** Every link to `path` in the dev mailbox for an address, newest first. */
async function mailboxLinks(page: Page, email: string, path: RegExp): Promise<string[]> {
  await page.goto(`${site.server.url}/dev/mailbox/`);
  const links = page.locator('article.card', { hasText: email }).getByRole('link', { name: path });
  return Promise.all((await links.all()).map(async (link) => (await link.getAttribute('href'))!));
}

/** The newest link to `path` for an address that is not among `seen`, waiting for its mail to be "sent". */
async function mailboxLink(page: Page, email: string, path: RegExp, seen: string[] = []): Promise<string> {
  for (let attempt = 0; attempt < 50; attempt++) {
    const fresh = (await mailboxLinks(page, email, path)).find((href) => !seen.includes(href));
    if (fresh) return fresh;
    await page.waitForTimeout(200);
  }
  throw new Error(`no new mail to ${email} with a link to ${path}`);
}

/** A signer from a free-mail address, confirmed, waiting for staff. */
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
  await page.goto(await mailboxLink(page, email, /\/confirm\//));
  await page.getByRole('button', { name: 'Confirm' }).click();
  await page.locator('.panel.success').waitFor();
}

async function signIn(page: Page, checkAccessibility = false) {
  const seen = await mailboxLinks(page, staff, /\/admin\/sign-in\//);
  await page.goto(`${site.server.url}/admin/`);
  if (checkAccessibility) await expectAccessible(page, 'sign-in-form');
  await page.getByLabel('Your staff email address').fill(staff);
  await page.getByRole('button', { name: 'Email me a sign-in link' }).click();
  await page.getByText('a sign-in link is on its way').waitFor();
  await page.goto(await mailboxLink(page, staff, /\/admin\/sign-in\//, seen));
  if (checkAccessibility) await expectAccessible(page, 'sign-in-link');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('heading', { name: 'Dashboard' }).waitFor();
}

describe.each([
  { javaScriptEnabled: true, tag: 'js' },
  { javaScriptEnabled: false, tag: 'nojs' },
])('a staff member ($tag)', ({ javaScriptEnabled, tag }) => {
  it('signs in from the mailbox, approves a waiting signature and downloads the exports', async () => {
    const page = await newPage(site.browser, { javaScriptEnabled, bypassCSP: javaScriptEnabled, acceptDownloads: true });
    const organization = `Steppe Freelancers ${tag}`;
    await confirmedFromFreeMail(page, organization, `steppe.freelancers.${tag}@gmail.com`);
    await signIn(page, javaScriptEnabled);
    if (javaScriptEnabled) await expectAccessible(page, 'dashboard');

    await page.getByRole('link', { name: `Signatures: ${letter}` }).click();
    await page.getByLabel('Status').selectOption('verified');
    await page.getByRole('button', { name: 'Filter' }).click();
    await page.getByText('free-mail address').first().waitFor();
    if (javaScriptEnabled) await expectAccessible(page, 'queue');
    await page.getByLabel(new RegExp(`Select #\\d+ ${organization}`)).check();
    await page.getByLabel('Decision').selectOption('approve');
    await page.getByRole('button', { name: 'Apply' }).click();
    await page.getByText('Changed 1').waitFor();

    await page.goto(`${site.server.url}/letters/${letter}/signatories/`);
    await page.locator('.signatories li', { hasText: organization }).waitFor();

    await page.goto(`${site.server.url}/admin/letters/${letter}/?status=published`);
    for (const format of ['CSV', 'TXT'] as const) {
      const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: format, exact: true }).click()]);
      const text = readFileSync((await download.path())!, 'utf8');
      expect(text, format).toContain(organization);
      if (format === 'TXT') expect(text).toContain(`${organization} (Kazakhstan)`);
    }

    await page.getByRole('link', { name: new RegExp(organization) }).click();
    await page.getByRole('heading', { name: new RegExp(organization) }).waitFor();
    if (javaScriptEnabled) {
      await expectAccessible(page, 'entry');
      for (const path of ['/admin/audit/', '/admin/account/', `/admin/letters/${letter}/deliver/`]) {
        await page.goto(`${site.server.url}${path}`);
        await expectAccessible(page, path.split('/').filter(Boolean).at(-1)!);
      }
    }
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('button', { name: 'Email me a sign-in link' }).waitFor();
    await page.context().close();
  });
});

describe('a staff member delivering the letter', () => {
  it('marks it delivered, and the letter page shows the fingerprint of the list as delivered', async () => {
    const page = await newPage(site.browser, { javaScriptEnabled: false });
    await signIn(page);
    await page.goto(`${site.server.url}/admin/letters/${letter}/deliver/`);
    await page.getByLabel('Delivered to').fill('The Presidential Administration of Kazakhstan');
    await page.getByRole('button', { name: 'Mark delivered' }).click();
    await page.getByText(/Recorded\. \d+ signatories in the frozen list/).waitFor();
    await page.goto(`${site.server.url}/letters/${letter}/`);
    expect(await page.locator('.delivery').textContent()).toContain('The Presidential Administration of Kazakhstan');
    expect(await page.locator('.delivery .fingerprint').textContent()).toMatch(/^[0-9a-f]{64}$/);
    await page.context().close();
  });
});
