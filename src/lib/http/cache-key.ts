/**
 * The query parameters that name a page of their own in the route cache (astro.config.mjs):
 * those the public pages read. Any other parameter is left out of the key, so `?utm_source=…`
 * or `?anything=else` is answered from the same kept copy and can make no new one.
 */
export const keyedParameters = ['q', 'country', 'page', 'done', 'result'];
