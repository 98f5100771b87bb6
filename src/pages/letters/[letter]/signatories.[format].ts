import type { APIRoute } from 'astro';
import { listLetterSlugs } from '#lib/content/letters.ts';
import { signatoriesCsv, signatoriesJson } from '#lib/export/public-export.ts';
import { publicSignatories } from '#lib/runtime/signatories.ts';

export const prerender = false;

/** The public list as signatories.json or signatories.csv: public fields only, never contact details. */
export const GET: APIRoute = async ({ params }) => {
  const { letter = '', format } = params;
  if ((format !== 'json' && format !== 'csv') || !(await listLetterSlugs()).includes(letter)) {
    return new Response('Not found.\n', { status: 404, headers: { 'Content-Type': 'text/plain; charset=utf-8' } });
  }
  const signatories = publicSignatories.all(letter);
  const headers = { 'Cache-Control': 'public, max-age=60' };
  return format === 'json'
    ? new Response(signatoriesJson(letter, signatories), { headers: { ...headers, 'Content-Type': 'application/json; charset=utf-8' } })
    : new Response(signatoriesCsv(signatories), {
        headers: { ...headers, 'Content-Type': 'text/csv; charset=utf-8', 'Content-Disposition': `attachment; filename="${letter}-signatories.csv"` },
      });
};
