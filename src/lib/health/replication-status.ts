/**
 * How far the Litestream replica is behind, as the server's replication supervisor
 * (src/server/replicate.ts) last measured it, for /healthz and the staff dashboard. It is this
 * process's view of its own child process, so it lives in memory, not in the database.
 */
export type ReplicationStatus =
  | 'off'
  | {
      /** Seconds since the oldest change the replica has not taken yet was written; 0 when it has taken everything. */
      lagSeconds: number;
      /** Above this, /healthz says `degraded` (REPLICA_MAX_LAG_SECONDS). */
      maxLagSeconds: number;
      /** Whether the replica is within its limit. */
      ok: boolean;
    };

let current: ReplicationStatus = 'off';

/** The replica's lag as last measured (`off` when REPLICA_URL is not set). */
export function replicationStatus(): ReplicationStatus {
  return current;
}

/** Called by the supervisor every second, with whole seconds. */
export function reportReplication(lagSeconds: number, maxLagSeconds: number): void {
  current = { lagSeconds, maxLagSeconds, ok: lagSeconds <= maxLagSeconds };
}

/** Called when replication stops with the server. */
export function reportReplicationOff(): void {
  current = 'off';
}
