import { chmodSync, closeSync, existsSync, mkdirSync, openSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import Sqlite from 'better-sqlite3';
import { drizzle } from 'drizzle-orm/better-sqlite3';
import * as schema from './schema/index.ts';

export type Database = ReturnType<typeof openDatabase>;

/**
 * The file holds contact details: only the server's user may read it. Its folder is created
 * 0700 and the file 0600 (SQLite gives the -wal and -shm files the same mode); a file that
 * exists with looser permissions is tightened.
 */
function createPrivately(path: string): void {
  const folder = dirname(path);
  if (!existsSync(folder)) mkdirSync(folder, { recursive: true, mode: 0o700 });
  if (!existsSync(path)) closeSync(openSync(path, 'a', 0o600));
  for (const file of [path, `${path}-wal`, `${path}-shm`]) {
    if (existsSync(file) && (statSync(file).mode & 0o077) !== 0) chmodSync(file, 0o600);
  }
}

/**
 * Opens (and creates, with its folder) the SQLite file with the pragmas this app relies on:
 * WAL for concurrent readers, synchronous=FULL so a confirmed signature survives power loss,
 * foreign keys enforced, and a busy timeout so the outbox worker and requests wait instead of failing.
 */
export function openDatabase(path: string) {
  if (path !== ':memory:') createPrivately(path);
  const sqlite = new Sqlite(path);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = FULL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  return drizzle({ client: sqlite, schema });
}
