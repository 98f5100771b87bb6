/**
 * The route cache's provider (see `cache` in astro.config.mjs): Astro's own memory cache, told
 * about changes through SQLite. Before a request may be answered from a kept page, the letters'
 * public-change counters are read (one small indexed query); a letter whose counter moved, in
 * this process or another (a CLI, a second server), has its pages dropped. A page rendered while
 * its letter changed is dropped as soon as it is stored, so no copy outlives the change it missed.
 * HEAD requests share GET's copies, as a proxy's cache does.
 */
import type { CacheProviderFactory } from 'astro';
import memoryProvider from 'astro/cache/memory';
import { letterTag } from '#lib/http/public-cache.ts';
import { publicVersions } from '#lib/runtime/public-changes.ts';

const movedLetters = (before: Map<string, number>, now: Map<string, number>) =>
  [...now].filter(([letter, version]) => before.get(letter) !== version).map(([letter]) => letterTag(letter));

/** The header Astro's memory cache reads to keep a response (set from `Astro.cache.set`); without it, nothing is kept. */
function withoutCacheHeader(response: Response): Response {
  response.headers.delete('CDN-Cache-Control');
  return response;
}

const publicPageCache: CacheProviderFactory = (config) => {
  const memory = memoryProvider(config);
  let seen = new Map<string, number>();

  async function dropMoved(before: Map<string, number>, now: Map<string, number>): Promise<void> {
    const tags = movedLetters(before, now);
    if (tags.length > 0) await memory.invalidate({ tags });
  }

  return {
    name: 'public-pages',
    async onRequest(context, next) {
      const { method } = context.request;
      if (method !== 'GET' && method !== 'HEAD') return next();
      const before = publicVersions();
      await dropMoved(seen, before);
      seen = before;
      // A HEAD is answered from the GET's copy when there is one. What a HEAD renders is never
      // kept: Astro gives an endpoint's HEAD an empty body, which would then be every GET's answer.
      const asked = method === 'HEAD' ? { ...context, request: new Request(context.request.url, { method: 'GET', headers: context.request.headers }) } : context;
      const render = method === 'HEAD' ? async () => withoutCacheHeader(await next()) : next;
      const response = await memory.onRequest!(asked, render);
      if (response.headers.get('X-Astro-Cache') === 'MISS') await dropMoved(before, publicVersions());
      return response;
    },
    invalidate: (options) => memory.invalidate(options),
  };
};

export default publicPageCache;
