import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Sqlite from 'better-sqlite3';
import { drizzle } from 'drizzle-orm/better-sqlite3';
import * as schema from './schema/index.ts';

export type Database = ReturnType<typeof openDatabase>;

/**
 * Opens (and creates, with its folder) the SQLite file with the pragmas this app relies on:
 * WAL for concurrent readers, synchronous=FULL so a confirmed signature survives power loss,
 * foreign keys enforced, and a busy timeout so the outbox worker and requests wait instead of failing.
 */
export function openDatabase(path: string) {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const sqlite = new Sqlite(path);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = FULL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  return drizzle({ client: sqlite, schema });
}
