import type { APIRoute } from 'astro';
import { currentHealth } from '#lib/runtime/health.ts';

export const prerender = false;

/**
 * For load balancers and uptime checks: 503 when the database is not usable; 200 otherwise, with
 * `"status":"degraded"` when mail is stuck (the site still serves, so a balancer keeps it in).
 */
export const GET: APIRoute = () => {
  const health = currentHealth();
  return Response.json(health, {
    status: health.status === 'failing' ? 503 : 200,
    headers: { 'Cache-Control': 'no-store' },
  });
};
