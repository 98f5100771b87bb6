/**
 * Draws the share images (public/share/<locale>.png, 1200×630) from content/campaign.yaml with
 * the local Chromium, so social previews need no image service. Run after editing the campaign's
 * name or tagline: `npm run share-image` (CHROMIUM_PATH overrides /usr/bin/chromium).
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import type { Locale } from '#i18n/locales.ts';
import { escapeHtml } from '#lib/http/escape-html.ts';
import { readCampaign, root } from './support.ts';

const campaign = readCampaign();
const page = (locale: Locale) => `<!doctype html><html lang="${locale}"><meta charset="utf-8"><style>
  body { margin: 0; width: 1200px; height: 630px; display: flex; flex-direction: column; justify-content: center;
         padding: 0 90px; box-sizing: border-box; background: #00586b; color: #fff;
         font-family: 'DejaVu Sans', 'Noto Sans', sans-serif; }
  .mark { width: 84px; height: 84px; border-radius: 14px; background: #fff; display: grid; place-items: center; margin-bottom: 40px; }
  h1 { font-size: 68px; line-height: 1.1; margin: 0 0 28px; }
  p { font-size: 34px; line-height: 1.35; margin: 0; opacity: .95; }
</style><div class="mark"><svg width="56" height="56" viewBox="0 0 32 32"><path d="M8 17l5 5 11-12" fill="none" stroke="#00586b" stroke-width="3.5" stroke-linecap="round" stroke-linejoin="round"/></svg></div>
<h1>${escapeHtml(campaign.name[locale])}</h1><p>${escapeHtml(campaign.tagline[locale])}</p></html>`;

const outDir = join(root, 'public/share/');
mkdirSync(outDir, { recursive: true });
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
});
const tab = await browser.newPage({ viewport: { width: 1200, height: 630 } });
for (const locale of ['en', 'ru', 'kk'] as const) {
  await tab.setContent(page(locale));
  await tab.screenshot({ path: `${outDir}${locale}.png` });
  process.stdout.write(`wrote public/share/${locale}.png\n`);
}
await browser.close();
