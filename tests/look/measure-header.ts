import { chromium } from 'playwright-core';
import { startServer } from '../support/server.ts';
const server = await startServer();
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox'] });
for (const width of [375, 768, 1024, 1280]) for (const p of ['', '/ru', '/kk']) {
  const page = await browser.newPage({ viewport: { width, height: 800 } });
  await page.goto(`${server.url}${p}/letters/keep-kazakhstan-online/`);
  const h = await page.locator('header.site-header').boundingBox();
  const nav = await page.locator('.primary-nav > ul').evaluate((el) => ({ sw: el.scrollWidth, cw: el.clientWidth }));
  const body = await page.evaluate(() => document.documentElement.scrollWidth);
  console.log(width, p || '/en', h?.height, JSON.stringify(nav), 'page', body);
  await page.close();
}
await browser.close(); await server.stop();
