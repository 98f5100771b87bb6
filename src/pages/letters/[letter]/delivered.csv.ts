import type { APIRoute } from 'astro';
import { currentDeliveredList } from '#lib/runtime/letters.ts';
import { canonicalAddress, keepForEveryone } from '#lib/http/public-cache.ts';

export const prerender = false;

/**
 * The signatory list as it was delivered, entry by entry with the hashes its fingerprint covers,
 * so anyone can check that it was not altered afterwards; an entry its signer has since made
 * anonymous or withdrawn shows only its hash (see src/lib/delivery/delivered-list.ts).
 */
export const GET: APIRoute = ({ params, url, cache, redirect }) => {
  const canonical = canonicalAddress(url);
  if (canonical) return redirect(canonical, 301);
  const list = currentDeliveredList(params.letter ?? '');
  if (!list) return new Response('This letter has not been delivered.\n', { status: 404, headers: { 'Content-Type': 'text/plain; charset=utf-8' } });
  return new Response(list, {
    headers: {
      'Content-Type': 'text/csv; charset=utf-8',
      'Content-Disposition': `attachment; filename="${params.letter}-as-delivered.csv"`,
      ...keepForEveryone(cache, params.letter ?? '', 'export'),
    },
  });
};
