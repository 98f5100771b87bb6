import type { APIRoute } from 'astro';
import { currentSnapshot } from '#lib/runtime/letters.ts';
import { canonicalAddress, keepForEveryone } from '#lib/http/public-cache.ts';

export const prerender = false;

/**
 * The signatory list exactly as it was delivered: the bytes whose SHA-256 the letter page shows,
 * so anyone can check that the delivered list was not altered afterwards.
 */
export const GET: APIRoute = ({ params, url, cache, redirect }) => {
  const canonical = canonicalAddress(url);
  if (canonical) return redirect(canonical, 301);
  const snapshot = currentSnapshot(params.letter ?? '');
  if (!snapshot) return new Response('This letter has not been delivered.\n', { status: 404, headers: { 'Content-Type': 'text/plain; charset=utf-8' } });
  return new Response(snapshot.snapshot, {
    headers: {
      'Content-Type': 'text/csv; charset=utf-8',
      'Content-Disposition': `attachment; filename="${params.letter}-as-delivered.csv"`,
      ...keepForEveryone(cache, params.letter ?? '', 'export'),
      ETag: `"${snapshot.sha256}"`,
    },
  });
};
