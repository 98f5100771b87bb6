import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContextOptions, type Page } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { projectRoot, startServer, type RunningServer } from './server.ts';

export const artifactsDir = join(projectRoot, 'test-results');

/** Debian's Chromium, headless, with everything that would phone home switched off. */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
}

export async function newPage(browser: Browser, options: BrowserContextOptions = {}): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, ...options });
  return context.newPage();
}

export function artifactPath(...parts: string[]): string {
  const path = join(artifactsDir, ...parts);
  mkdirSync(join(path, '..'), { recursive: true });
  return path;
}

/**
 * A built server and a browser for the tests of one file, started before them and stopped after.
 * Read `site.server` and `site.browser` inside the tests.
 */
export function siteInBrowser(start: () => Promise<RunningServer> = () => startServer()) {
  const site = {} as { server: RunningServer; browser: Browser };
  beforeAll(async () => {
    site.server = await start();
    site.browser = await launchBrowser();
  });
  afterAll(async () => {
    await site.browser?.close();
    await site.server?.stop();
  });
  return site;
}
