import { createHash } from 'node:crypto';
import type { APIRoute } from 'astro';
import { isLocale, localePath } from '#i18n/locales.ts';
import { getTranslator } from '#i18n/translator.ts';
import { countryName } from '#lib/countries/countries.ts';
import { letterFile, letterFileStyle } from '#lib/export/letter-file.ts';
import { getConfig } from '#lib/config/config.ts';
import { currentLetter } from '#lib/runtime/letters.ts';
import { canonicalAddress, keepForEveryone } from '#lib/http/public-cache.ts';
import { publicSignatories } from '#lib/runtime/signatories.ts';

export const prerender = false;

const styleHash = createHash('sha256').update(letterFileStyle).digest('base64');

/**
 * /letters/<slug>/letter-<locale>.html: the letter, its recipients and its signatories in one
 * self-contained file to pass on during a block or a shutdown (see src/lib/export/letter-file.ts).
 */
export const GET: APIRoute = async ({ params, url, cache, redirect }) => {
  const canonical = canonicalAddress(url);
  if (canonical) return redirect(canonical, 301);
  // Not `locale`: the middleware reads that parameter as the [...locale] routes' prefix.
  const locale = params.language;
  const letter = isLocale(locale) ? await currentLetter(params.letter ?? '', locale) : undefined;
  if (!letter || !isLocale(locale)) return new Response('Not found.\n', { status: 404, headers: { 'Content-Type': 'text/plain; charset=utf-8' } });
  const t = getTranslator(locale);
  const now = new Date();
  const site = getConfig().siteUrl;
  const letterUrl = new URL(localePath(locale, `/letters/${letter.slug}/`), site).href;
  const body = letterFile({
    lang: letter.locale,
    title: letter.entry.data.title,
    recipients: letter.entry.data.recipients,
    // Links within the site lead back to it: the file is opened elsewhere.
    bodyHtml: (letter.entry.rendered?.html ?? '').replaceAll('href="/', `href="${site.origin}/`),
    signatories: letter.listPublic ? publicSignatories.all(letter.slug) : [],
    listPublic: letter.listPublic,
    text: {
      to: t('letter.to'),
      signatories: t('list.heading'),
      none: t('list.none'),
      made: t('letterFile.made', { date: t.date(now), url: letterUrl }),
      sign: letter.status === 'open' ? t('letterFile.sign', { url: `${letterUrl}#sign` }) : undefined,
      more: (count) => t('letterFile.more', { count, url: new URL(localePath(locale, `/letters/${letter.slug}/signatories/`), site).href }),
      anonymous: (country) => t('anonymous.label', { country }),
      country: (code) => countryName(code, locale),
    },
  });
  return new Response(body, {
    headers: {
      'Content-Type': 'text/html; charset=utf-8',
      'Content-Disposition': `inline; filename="${letter.slug}-${locale}.html"`,
      // Its own policy: the one inline style, nothing else, as for the site.
      'Content-Security-Policy': `default-src 'none'; style-src 'sha256-${styleHash}'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'`,
      ...keepForEveryone(cache, letter.slug, 'export'),
    },
  });
};
