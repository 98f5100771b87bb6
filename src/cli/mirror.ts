/**
 * `npm run mirror -- <dir> [--from http://127.0.0.1:4321]`: a static copy of the public site,
 * read from the running server, for anyone to host or pass on when the site is blocked (see
 * src/lib/mirror/mirror-site.ts). --from defaults to the server this configuration starts; an
 * https address reads the site over TLS, its certificate checked.
 */
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { isLocale, locales, localePath } from '#i18n/locales.ts';
import { getTranslator } from '#i18n/translator.ts';
import { listenOrigin } from '#lib/config/config.ts';
import { mirrorSite } from '#lib/mirror/mirror-site.ts';
import { fail, readCampaign, readCliConfig, readLetters } from './support.ts';

const usage = 'Usage: npm run mirror -- <dir> [--from http://127.0.0.1:4321 | --from https://letter.example.org]';
let parsed;
try {
  parsed = parseArgs({ allowPositionals: true, options: { from: { type: 'string' } } });
} catch (error) {
  fail(`${(error as Error).message}\n${usage}`, 2);
}
const [out] = parsed.positionals;
if (!out || parsed.positionals.length > 1) fail(usage, 2);
if (existsSync(out) && readdirSync(out).length > 0) fail(`${out} is not empty: give a new or empty folder, so the copy holds nothing stale.`, 2);

const config = readCliConfig();
const from = URL.parse(parsed.values.from ?? listenOrigin(config, config.port));
if (!from || (from.protocol !== 'http:' && from.protocol !== 'https:')) fail(`--from must be an http or https address, such as https://letter.example.org.\n${usage}`, 2);
const { contactEmail, defaultLetter } = readCampaign();
const letters = [...readLetters().keys()];
const made = new Date();

try {
  const { pages, files, refused } = await mirrorSite({
    from,
    siteUrl: config.siteUrl,
    out,
    startPaths: locales.flatMap((locale) => [localePath(locale, '/'), ...letters.map((slug) => `/letters/${slug}/letter-${locale}.html`)]),
    notices: (lang, page) => {
      const locale = isLocale(lang) ? lang : 'en';
      const t = getTranslator(locale);
      const letter = letters.find((slug) => page.pathname.includes(`/letters/${slug}/`)) ?? defaultLetter;
      return {
        banner: t('mirror.banner', { site: config.siteUrl.host, date: t.date(made), url: page.href }),
        sign: t('mirror.sign', { url: new URL(localePath(locale, `/letters/${letter}/`), config.siteUrl).href, email: contactEmail }),
      };
    },
  });
  process.stdout.write(`Copied ${pages} pages (${files} files) from ${from.origin} into ${out}. Open ${join(out, 'index.html')} to check it.\n`);
  if (refused > 0) {
    process.stdout.write(`${refused} links named no file a copy can hold (an encoded slash or backslash, a broken escape): they point at ${config.siteUrl.origin} instead.\n`);
  }
} catch (error) {
  const unreachable = ['ECONNREFUSED', 'ENOTFOUND', 'EHOSTUNREACH'].includes((error as NodeJS.ErrnoException).code ?? '');
  fail(`Could not copy the site from ${from.origin}: ${(error as Error).message}.${unreachable ? ' Is the server running? Start it with npm start, or pass --from.' : ''}`);
}
