import type { Config } from '#lib/config/config.ts';
import { migrateDatabase } from '#db/migrate.ts';
import { getDatabase } from '#lib/runtime/database.ts';
import { log } from '#lib/log/logger.ts';

/** What the process needs before it serves a request: a migrated database. */
export function prepareApp(config: Config): void {
  const db = getDatabase();
  migrateDatabase(db);
  log.info('database.ready', { path: config.databasePath });
}
