import { checkHealth, type Health } from '#lib/health/check-health.ts';
import { replicationStatus } from '#lib/health/replication-status.ts';
import { getDatabase } from './database.ts';

/** The health of this process's database, mail queue and replica, for /healthz. */
export function currentHealth(): Health {
  return checkHealth(getDatabase(), new Date(), replicationStatus());
}
