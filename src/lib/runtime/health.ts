import { checkHealth, type Health } from '#lib/health/check-health.ts';
import { getDatabase } from './database.ts';

/** The health of this process's database and mail queue, for /healthz. */
export function currentHealth(): Health {
  return checkHealth(getDatabase());
}
