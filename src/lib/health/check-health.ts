import { count, eq, min, sql } from 'drizzle-orm';
import type { Database } from '#db/client.ts';
import { outbox } from '#db/schema/index.ts';
import journal from '#db/migrations/meta/_journal.json' with { type: 'json' };
import type { ReplicationStatus } from './replication-status.ts';

/** Mail queued longer than this means the queue is stuck: SMTP down, refused credentials, a dead worker. */
export const stuckMailSeconds = 15 * 60;

export type Health = {
  /**
   * `degraded`: pages are served but mail is not going out, or the replica is further behind than
   * REPLICA_MAX_LAG_SECONDS. `failing`: the database is unusable.
   */
  status: 'ok' | 'degraded' | 'failing';
  database: 'ok' | 'unreachable' | 'not migrated';
  migrations: { applied: number; expected: number };
  mail?: { queued: number; oldestQueuedSeconds: number; failed: number };
  /** Continuous replication: how far behind the replica is, or `off`. */
  replica: { lagSeconds: number } | 'off';
};

function readMail(db: Database, now: Date): NonNullable<Health['mail']> {
  const queued = db.select({ n: count(), oldest: min(outbox.createdAt) }).from(outbox).where(eq(outbox.status, 'queued')).get();
  const failed = db.select({ n: count() }).from(outbox).where(eq(outbox.status, 'failed')).get();
  const oldest = queued?.oldest ? Math.max(0, Math.round((now.getTime() - queued.oldest.getTime()) / 1000)) : 0;
  return { queued: queued?.n ?? 0, oldestQueuedSeconds: oldest, failed: failed?.n ?? 0 };
}

/** Reads the database: reachable, every migration this build knows about applied, and mail moving; and the replica's lag. */
export function checkHealth(db: Database, now = new Date(), replication: ReplicationStatus = 'off'): Health {
  const expected = journal.entries.length;
  const replica = replication === 'off' ? 'off' : { lagSeconds: replication.lagSeconds };
  const replicaBehind = replication !== 'off' && !replication.ok;
  try {
    const row = db.get<{ applied: number }>(sql`select count(*) as applied from __drizzle_migrations`);
    const applied = row?.applied ?? 0;
    const migrations = { applied, expected };
    if (applied < expected) return { status: 'failing', database: 'not migrated', migrations, replica };
    const mail = readMail(db, now);
    const degraded = mail.oldestQueuedSeconds > stuckMailSeconds || replicaBehind;
    return { status: degraded ? 'degraded' : 'ok', database: 'ok', migrations, mail, replica };
  } catch {
    return { status: 'failing', database: 'unreachable', migrations: { applied: 0, expected }, replica };
  }
}
