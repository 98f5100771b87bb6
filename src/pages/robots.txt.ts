import type { APIRoute } from 'astro';
import { localePath, locales } from '#i18n/locales.ts';

export const prerender = true;

/** Pages behind emailed links (they also send X-Robots-Tag: noindex) and the dev mailbox stay out of search engines. */
const privatePaths = ['/dev/', '/admin/', ...locales.flatMap((locale) => ['/confirm/', '/manage/'].map((path) => localePath(locale, path)))];

export const GET: APIRoute = ({ site }) =>
  new Response(
    `User-agent: *\nAllow: /\n${privatePaths.map((path) => `Disallow: ${path}`).join('\n')}\n\nSitemap: ${new URL('/sitemap.xml', site).href}\n`,
    { headers: { 'Content-Type': 'text/plain; charset=utf-8' } },
  );
