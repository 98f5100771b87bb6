import type { APIRoute } from 'astro';
import { checkHealth } from '#lib/health/check-health.ts';
import { getDatabase } from '#lib/runtime/database.ts';

export const prerender = false;

/** For load balancers and uptime checks: 200 with the database checked, 503 when it is not usable. */
export const GET: APIRoute = () => {
  const health = checkHealth(getDatabase());
  return Response.json(health, {
    status: health.status === 'ok' ? 200 : 503,
    headers: { 'Cache-Control': 'no-store' },
  });
};
