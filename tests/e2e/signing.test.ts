import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { axeViolations } from '../support/axe.ts';
import { mailboxLink } from '../support/mailbox.ts';
import { artifactPath, newPage, siteInBrowser } from '../support/browser.ts';
import { startServerAtOwnUrl } from '../support/server.ts';

// No SMTP_URL: the newcomer's setup, where mail waits in the dev mailbox.
const site = siteInBrowser(() => startServerAtOwnUrl({ SIGN_MIN_SECONDS: '0' }));

async function expectAccessible(page: Page, label: string) {
  for (const scheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    expect(await axeViolations(page), `${label} (${scheme})`).toEqual([]);
  }
  await page.screenshot({ path: artifactPath('screenshots', `signing-${label}.png`), fullPage: true });
}

/** Fills the sign form the way a person does, by its visible labels; the website is at the address's own domain. */
async function fillSignForm(page: Page, organization: string, email: string) {
  await page.getByLabel('Organization name').fill(organization);
  await page.getByLabel('Country', { exact: true }).selectOption({ label: 'Kazakhstan' });
  await page.getByLabel('Website (optional)').fill(email.split('@')[1]!);
  await page.getByLabel('Non-governmental organization').check();
  await page.getByLabel('Public statement (optional)').fill('People need the internet most in a crisis.');
  await page.getByLabel('By name').check();
  await page.getByLabel('Your name').fill('Saule Contact');
  await page.getByLabel('Your role in the organization').fill('Coordinator');
  await page.getByLabel('Email address').fill(email);
  await page.getByLabel(/I agree to the privacy policy/).check();
}

describe.each([
  { javaScriptEnabled: true, label: 'with JavaScript' },
  { javaScriptEnabled: false, label: 'without JavaScript' },
])('an NGO $label', ({ javaScriptEnabled }) => {
  const tag = javaScriptEnabled ? 'js' : 'nojs';
  const organization = `Steppe Watch ${tag}`;
  const email = `saule-${tag}@steppewatch-${tag}.kz`;

  it('signs, confirms from the emailed link, and finds itself on the list', async () => {
    const page = await newPage(site.browser, { javaScriptEnabled, bypassCSP: true });
    await page.goto(site.server.url);
    await page.getByRole('link', { name: 'Sign for your organization' }).click();
    await page.waitForURL(/\/letters\/[^/]+\/sign\/$/);

    await fillSignForm(page, organization, email);
    await page.getByRole('button', { name: 'Sign the letter' }).click();
    await page.getByRole('heading', { name: 'Check your email' }).waitFor();
    expect(page.url()).not.toContain('_action');

    // The page after it shows the address typed, once: refreshing shows the page again without
    // it, and submits nothing.
    expect(page.url()).toMatch(/\/letters\/[^/]+\/sent\/$/);
    expect(await page.locator('.sent-to').textContent()).toContain(email);
    await page.reload();
    expect(await page.getByRole('heading', { name: 'Check your email' }).count()).toBe(1);
    expect(await page.locator('.sent-to').count()).toBe(0);

    const confirmLink = await mailboxLink(page, site.server.url, email, /\/confirm\/\?token=/);
    await page.waitForTimeout(1200);
    await page.reload();
    expect(await page.locator('article.card', { hasText: email }).count(), 'one sign-up, one mail').toBe(1);
    await page.locator(`a[href="${confirmLink}"]`).first().click();
    await page.getByRole('button', { name: 'Confirm' }).waitFor();
    // The page shows the entry as the list will show it, in fields the signer can still change.
    expect(await page.locator('.preview .org').textContent()).toBe(organization);
    expect(await page.getByLabel('Organization name').inputValue()).toBe(organization);
    await page.getByRole('button', { name: 'Confirm' }).click();
    await page.getByText(`Thank you. ${organization} is now on the list of signatories.`).waitFor();

    await page.getByRole('link', { name: 'See the signatories' }).click();
    await page.locator('.signatories li', { hasText: organization }).waitFor();
    expect(await page.textContent('main')).not.toContain(email);
    await page.context().close();
  });
});

describe('a director who finds a stranger’s words on the confirm page', () => {
  it('changes them in the browser, without JavaScript, and the list shows only what the director chose', async () => {
    const page = await newPage(site.browser, { javaScriptEnabled: false });
    await page.goto(`${site.server.url}/letters/keep-kazakhstan-online/sign/`);
    await fillSignForm(page, 'Friends of the Shutdown', 'director@shelter-e2e.kz');
    await page.getByRole('button', { name: 'Sign the letter' }).click();
    await page.getByRole('heading', { name: 'Check your email' }).waitFor();

    await page.goto(await mailboxLink(page, site.server.url, 'director@shelter-e2e.kz', /\/confirm\/\?token=/));
    expect(await page.locator('.preview .org').textContent()).toBe('Friends of the Shutdown');
    await page.getByLabel('Organization name').fill('Shelter Network');
    await page.getByLabel('Public statement (optional)').fill('');
    await page.getByLabel('Anonymously').check();
    await page.getByRole('button', { name: 'Confirm' }).click();
    await page.locator('.panel.success').waitFor();

    await page.goto(`${site.server.url}/letters/keep-kazakhstan-online/signatories/`);
    const list = await page.textContent('main');
    expect(list).not.toContain('Friends of the Shutdown');
    expect(list).not.toContain('Shelter Network');
    expect(list).toContain('An organization from Kazakhstan');
    await page.context().close();
  });
});

describe('the sign form', () => {
  it('shows every error next to its field, in an accessible way, keeping what was typed', async () => {
    // JavaScript on only so axe can run: the page itself has no script, so it behaves as without.
    const page = await newPage(site.browser, { bypassCSP: true });
    await page.goto(`${site.server.url}/letters/keep-kazakhstan-online/sign/`);
    await expectAccessible(page, 'form');
    await page.getByLabel('Your name').fill('Kept Name');
    await page.getByLabel('Email address').fill('not-an-address');
    await page.getByRole('button', { name: 'Sign the letter' }).click();
    await page.getByRole('alert').waitFor();
    expect(await page.locator('#sign-organization-error').textContent()).toBe('Fill in this field.');
    expect(await page.locator('#sign-email-error').textContent()).toBe('Enter an email address like name@organization.org.');
    expect(await page.locator('#sign-consent-error').isVisible()).toBe(true);
    expect(await page.getByLabel('Your name').inputValue()).toBe('Kept Name');
    expect(await page.getByLabel('Email address').getAttribute('aria-describedby')).toContain('sign-email-error');
    await expectAccessible(page, 'form-errors');

    // The summary's links take the reader to the field.
    await page.locator('.error-summary a', { hasText: 'Organization name: Fill in this field.' }).click();
    expect(page.url()).toContain('#sign-organization');
    await page.context().close();
  });

  it('shows the confirm and manage pages accessibly, in Russian too', async () => {
    const page = await newPage(site.browser, { bypassCSP: true });
    await page.goto(`${site.server.url}/ru/letters/keep-kazakhstan-online/sign/`);
    await page.getByLabel('Название организации').fill('Правозащитный центр «Степь»');
    await page.getByLabel('Страна').selectOption('KZ');
    await page.locator('#sign-orgType-0').check();
    await page.locator('#sign-listing-1').check();
    await page.locator('#sign-contactName').fill('Айгуль');
    await page.locator('#sign-contactRole').fill('Координатор');
    await page.locator('#sign-email').fill('aigul@step-center.kz');
    await page.locator('#sign-consent').check();
    await page.locator('form.sign-form button[type="submit"]').click();
    await page.locator('.panel.success').waitFor();

    await page.goto(await mailboxLink(page, site.server.url, 'aigul@step-center.kz', /\/ru\/confirm\//));
    expect(await page.locator('html').getAttribute('lang')).toBe('ru');
    await expectAccessible(page, 'confirm-ru');
    await page.locator('form button[type="submit"]').click();
    await page.locator('.panel.success').waitFor();
    await expectAccessible(page, 'confirmed-ru');

    await page.goto(await mailboxLink(page, site.server.url, 'aigul@step-center.kz', /\/ru\/manage\//));
    expect(await page.locator('#manage-organization').inputValue()).toBe('Правозащитный центр «Степь»');
    await expectAccessible(page, 'manage-ru');
    await page.context().close();
  });
});
