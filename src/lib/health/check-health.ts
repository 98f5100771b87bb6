import { sql } from 'drizzle-orm';
import type { Database } from '#db/client.ts';
import journal from '#db/migrations/meta/_journal.json' with { type: 'json' };

export type Health = {
  status: 'ok' | 'failing';
  database: 'ok' | 'unreachable' | 'not migrated';
  migrations: { applied: number; expected: number };
};

/** Reads the database once: reachable, and every migration this build knows about applied. */
export function checkHealth(db: Database): Health {
  const expected = journal.entries.length;
  try {
    const row = db.get<{ applied: number }>(sql`select count(*) as applied from __drizzle_migrations`);
    const applied = row?.applied ?? 0;
    const migrated = applied >= expected;
    return {
      status: migrated ? 'ok' : 'failing',
      database: migrated ? 'ok' : 'not migrated',
      migrations: { applied, expected },
    };
  } catch {
    return { status: 'failing', database: 'unreachable', migrations: { applied: 0, expected } };
  }
}
