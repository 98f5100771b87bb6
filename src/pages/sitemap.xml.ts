import { Readable } from 'node:stream';
import type { APIRoute } from 'astro';
import { SitemapStream, streamToPromise } from 'sitemap';
import { localePath, locales } from '#i18n/locales.ts';
import { listSitePaths } from '#lib/content/site-paths.ts';

export const prerender = true;

/** Every page in every language, each with hreflang links to its real translations. */
export const GET: APIRoute = async ({ site }) => {
  const entries = (await listSitePaths()).flatMap(({ path, locales: translated, lastModified }) =>
    locales.map((locale) => ({
      url: localePath(locale, path),
      lastmod: lastModified?.toISOString(),
      links: translated.map((lang) => ({ lang, url: localePath(lang, path) })),
    })),
  );
  const stream = new SitemapStream({ hostname: site!.href, xmlns: { xhtml: true, news: false, image: false, video: false } });
  const xml = await streamToPromise(Readable.from(entries).pipe(stream));
  return new Response(xml.toString(), { headers: { 'Content-Type': 'application/xml; charset=utf-8' } });
};
