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
 * drizzle asks the driver to prepare every query anew, and for the short queries of a sign-up
 * SQLite's prepare is the largest part of the cost. So the connection keeps its prepared
 * statements by SQL text (the most recent few hundred). A reused statement starts in its default
 * mode: drizzle switches statements to arrays (`raw`) for some queries.
 */
function reuseStatements(sqlite: Sqlite.Database, keep = 500): void {
  const prepare = sqlite.prepare.bind(sqlite) as (source: string) => Sqlite.Statement;
  const kept = new Map<string, Sqlite.Statement>();
  sqlite.prepare = ((source: string) => {
    let statement = kept.get(source);
    if (statement) {
      kept.delete(source);
      if (statement.reader) statement.raw(false).pluck(false).expand(false);
    } else {
      statement = prepare(source);
      if (kept.size >= keep) kept.delete(kept.keys().next().value!);
    }
    kept.set(source, statement);
    return statement;
  }) as typeof sqlite.prepare;
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
  reuseStatements(sqlite);
  return drizzle({ client: sqlite, schema });
}
