import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { axeViolations } from '../support/axe.ts';
import { newPage, siteInBrowser } from '../support/browser.ts';
import { startSeededServer } from '../load/seed.ts';
import { letterSlug } from '../support/forms.ts';
import { makeMirror } from '../support/mirror.ts';

const site = siteInBrowser(() => startSeededServer(30));
let mirrorDir: string;

beforeAll(async () => {
  const mirror = makeMirror(site.server);
  expect(mirror.status, mirror.output).toBe(0);
  mirrorDir = mirror.dir;
}, 120_000);

/** Opens a file:// page and records every request that would leave the file system. */
async function openOffline(url: string): Promise<{ page: Page; network: string[] }> {
  const page = await newPage(site.browser, { bypassCSP: true });
  const network: string[] = [];
  await page.context().route('**/*', (route) => {
    const target = route.request().url();
    if (target.startsWith('file:')) return route.continue();
    network.push(target);
    return route.abort();
  });
  await page.goto(url);
  return { page, network };
}

describe('the mirror, opened from the file system in Chromium', () => {
  it.each([
    ['home', 'index.html'],
    ['letter (ru)', `ru/letters/${letterSlug}/index.html`],
    ['signatories (kk)', `kk/letters/${letterSlug}/signatories/index.html`],
    ['article', 'articles/index.html'],
  ])('%s loads nothing from the network, is styled, and has no axe violations', async (_name, file) => {
    const { page, network } = await openOffline(pathToFileURL(join(mirrorDir, file)).href);
    expect(network).toEqual([]);
    // The stylesheet came from the copy: the header is laid out, not the browser's default.
    expect(await page.evaluate(() => getComputedStyle(document.body).fontFamily)).not.toBe('"Times New Roman"');
    expect(await page.evaluate(() => document.styleSheets.length)).toBeGreaterThan(0);
    expect(await axeViolations(page)).toEqual([]);
    await page.context().close();
  });

  it('follows its own links from the home page to the letter and back', async () => {
    const { page, network } = await openOffline(pathToFileURL(join(mirrorDir, 'index.html')).href);
    await page.locator(`a[href$="letters/${letterSlug}/index.html"]`).first().click();
    expect(page.url()).toContain(`/letters/${letterSlug}/index.html`);
    expect(await page.locator('#sign [role="note"]').textContent()).toContain('contact@undersigned.example');
    expect(network).toEqual([]);
    await page.context().close();
  });
});

describe('the single-file letter, saved and opened from the file system', () => {
  it('shows the letter and its list without any network', async () => {
    const html = await (await site.server.fetch(`/letters/${letterSlug}/letter-kk.html`)).text();
    const file = join(mkdtempSync(join(tmpdir(), 'undersigned-letter-')), 'letter-kk.html');
    writeFileSync(file, html);
    const { page, network } = await openOffline(pathToFileURL(file).href);
    expect(network).toEqual([]);
    expect(await page.locator('html').getAttribute('lang')).toBe('kk');
    expect(await page.locator('h1').isVisible()).toBe(true);
    expect(await page.locator('ul li').count()).toBeGreaterThanOrEqual(5);
    expect(await page.locator('ol.signatories li').count()).toBe(30);
    expect(await page.locator('ol.signatories').textContent()).toContain('Civic Voice Association 1 (');
    expect(await axeViolations(page)).toEqual([]);
    await page.context().close();
  });
});
