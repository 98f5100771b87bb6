import type { APIRoute } from 'astro';
import { currentSnapshot } from '#lib/runtime/letters.ts';
import { pageCacheHeaders } from '#lib/runtime/public-pages.ts';

export const prerender = false;

/**
 * The signatory list exactly as it was delivered: the bytes whose SHA-256 the letter page shows,
 * so anyone can check that the delivered list was not altered afterwards.
 */
export const GET: APIRoute = ({ params }) => {
  const snapshot = currentSnapshot(params.letter ?? '');
  if (!snapshot) return new Response('This letter has not been delivered.\n', { status: 404, headers: { 'Content-Type': 'text/plain; charset=utf-8' } });
  return new Response(snapshot.snapshot, {
    headers: {
      'Content-Type': 'text/csv; charset=utf-8',
      'Content-Disposition': `attachment; filename="${params.letter}-as-delivered.csv"`,
      'Cache-Control': 'public, max-age=3600',
      ETag: `"${snapshot.sha256}"`,
      ...pageCacheHeaders(3600, params.letter ?? ''),
    },
  });
};
