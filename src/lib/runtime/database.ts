import { getConfig } from '#lib/config/config.ts';
import { openDatabase, type Database } from '#db/client.ts';

let database: Database | undefined;

/** This process's connection to the SQLite file at DATABASE_PATH, opened on first use. */
export function getDatabase(): Database {
  database ??= openDatabase(getConfig().databasePath);
  return database;
}

/** Whether this process has opened its database: the server has, the build's prerendering has not. */
export const isDatabaseOpen = () => database !== undefined;

export function closeDatabase(): void {
  database?.$client.close();
  database = undefined;
}
