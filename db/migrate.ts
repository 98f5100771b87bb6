import { join } from 'node:path';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import type { Database } from './client.ts';

/**
 * Where the migrations are, given the project's root folder. The root is passed in rather than
 * derived from this file's location, which differs once the server is bundled into dist/.
 */
export function migrationsFolder(root: string): string {
  return join(root, 'db/migrations');
}

/**
 * Applies pending migrations. drizzle runs them in one transaction, where a migration's own
 * `PRAGMA foreign_keys=OFF` has no effect, so foreign keys are switched off around the run and
 * checked afterwards: a violation aborts start-up instead of leaving a half-consistent file.
 */
export function migrateDatabase(db: Database, root: string): void {
  const sqlite = db.$client;
  sqlite.pragma('foreign_keys = OFF');
  try {
    migrate(db, { migrationsFolder: migrationsFolder(root) });
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
