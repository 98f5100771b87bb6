import type { APIRoute } from 'astro';
import { isLocale } from '#i18n/locales.ts';
import { getLetter } from '#lib/content/letters.ts';
import { exportFormats, exportTypes, type ExportFormat } from '#lib/export/staff-export.ts';
import { responseDrained } from '#lib/http/backpressure.ts';
import { readFilters } from '#lib/moderation/filters.ts';
import { staffArea } from '#lib/runtime/staff-area.ts';

export const prerender = false;

/**
 * A staff export (contact details included) of a letter's signatures with the queue's filters,
 * streamed as it is read from the database, no faster than the client takes it. The session
 * check is the middleware's, as for every /admin route; no-store comes from there too.
 */
export const GET: APIRoute = async ({ params, url, locals }) => {
  const format = params.format as ExportFormat;
  const letter = await getLetter(params.letter ?? '', 'en');
  if (!locals.staff || !letter || !exportFormats.includes(format)) return new Response('Not found.\n', { status: 404, headers: { 'Content-Type': 'text/plain; charset=utf-8' } });
  // Country names and the text block in the language asked for (?lang=), or the letter's own.
  const asked = url.searchParams.get('lang');
  const locale = isLocale(asked) ? asked : letter.canonicalLocale;
  const chunks = staffArea.export({ letter: letter.slug, filters: readFilters(url.searchParams), format, locale })[Symbol.iterator]();
  const encoder = new TextEncoder();
  const drained = responseDrained();
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      await drained();
      const next = chunks.next();
      if (next.done) controller.close();
      else controller.enqueue(encoder.encode(next.value));
    },
  });
  const stamp = new Date().toISOString().slice(0, 10);
  return new Response(body, {
    headers: { 'Content-Type': exportTypes[format], 'Content-Disposition': `attachment; filename="${letter.slug}-signatures-${locale}-${stamp}.${format}"` },
  });
};
