import { fileURLToPath } from 'node:url';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import type { Database } from './client.ts';

export const migrationsFolder = fileURLToPath(new URL('./migrations', import.meta.url));

/**
 * Applies pending migrations. drizzle runs them in one transaction, where a migration's own
 * `PRAGMA foreign_keys=OFF` has no effect, so foreign keys are switched off around the run and
 * checked afterwards: a violation aborts start-up instead of leaving a half-consistent file.
 */
export function migrateDatabase(db: Database): void {
  const sqlite = db.$client;
  sqlite.pragma('foreign_keys = OFF');
  try {
    migrate(db, { migrationsFolder });
    const violations = sqlite.pragma('foreign_key_check') as unknown[];
    if (violations.length > 0) {
      throw new Error(
        `Migration left ${violations.length} foreign-key violations (${JSON.stringify(violations.slice(0, 3))}). ` +
          'Restore the backup taken before the upgrade and report the migration.',
      );
    }
  } finally {
    sqlite.pragma('foreign_keys = ON');
  }
}
