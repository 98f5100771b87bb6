import type { APIRoute } from 'astro';
import { signatoriesCsv, signatoriesJson } from '#lib/export/public-export.ts';
import { currentLetter } from '#lib/runtime/letters.ts';
import { canonicalAddress, keepForEveryone } from '#lib/http/public-cache.ts';
import { publicSignatories } from '#lib/runtime/signatories.ts';

export const prerender = false;

const notFound = (text: string) => new Response(`${text}\n`, { status: 404, headers: { 'Content-Type': 'text/plain; charset=utf-8' } });

/**
 * The public list as signatories.json or signatories.csv: public fields only, never contact
 * details. Built once per change to the list: the route cache keeps it until the list changes.
 */
export const GET: APIRoute = async ({ params, url, cache, redirect }) => {
  const canonical = canonicalAddress(url);
  if (canonical) return redirect(canonical, 301);
  const { letter: slug = '', format } = params;
  const letter = await currentLetter(slug, 'en');
  if ((format !== 'json' && format !== 'csv') || !letter) return notFound('Not found.');
  if (!letter.listPublic) return notFound(`The list of signatories is published on ${letter.listPublicAt?.toISOString().slice(0, 10)}.`);
  const signatories = publicSignatories.all(slug);
  const headers = keepForEveryone(cache, slug, 'export');
  return format === 'json'
    ? new Response(signatoriesJson(slug, signatories), { headers: { ...headers, 'Content-Type': 'application/json; charset=utf-8' } })
    : new Response(signatoriesCsv(signatories), {
        headers: { ...headers, 'Content-Type': 'text/csv; charset=utf-8', 'Content-Disposition': `attachment; filename="${slug}-signatories.csv"` },
      });
};
