import type { APIRoute } from 'astro';
import { signatoriesCsv, signatoriesJson } from '#lib/export/public-export.ts';
import { currentLetter } from '#lib/runtime/letters.ts';
import { pageCacheHeaders } from '#lib/runtime/public-pages.ts';
import { publicSignatories } from '#lib/runtime/signatories.ts';

export const prerender = false;

const notFound = (text: string) => new Response(`${text}\n`, { status: 404, headers: { 'Content-Type': 'text/plain; charset=utf-8' } });

/**
 * The public list as signatories.json or signatories.csv: public fields only, never contact
 * details. Built once per change to the list: the page cache keeps it, compressed, with an ETag.
 */
export const GET: APIRoute = async ({ params }) => {
  const { letter: slug = '', format } = params;
  const letter = await currentLetter(slug, 'en');
  if ((format !== 'json' && format !== 'csv') || !letter) return notFound('Not found.');
  if (!letter.listPublic) return notFound(`The list of signatories is published on ${letter.listPublicAt?.toISOString().slice(0, 10)}.`);
  const signatories = publicSignatories.all(slug);
  const headers = { 'Cache-Control': 'public, max-age=10, stale-while-revalidate=60', ...pageCacheHeaders(300, slug) };
  return format === 'json'
    ? new Response(signatoriesJson(slug, signatories), { headers: { ...headers, 'Content-Type': 'application/json; charset=utf-8' } })
    : new Response(signatoriesCsv(signatories), {
        headers: { ...headers, 'Content-Type': 'text/csv; charset=utf-8', 'Content-Disposition': `attachment; filename="${slug}-signatories.csv"` },
      });
};
