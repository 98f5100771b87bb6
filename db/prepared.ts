import type Sqlite from 'better-sqlite3';

/** A drizzle database or one of its transactions: they share one session, on one connection. */
export type Drizzle = object;
const sessionOf = (db: Drizzle) => (db as { session: { client: Sqlite.Database } }).session;

const kept = new WeakMap<object, Map<string, unknown>>();

/**
 * drizzle builds a query's SQL anew on every call, and for the short queries of a sign-up that
 * costs more than SQLite takes to run them. So a hot query is built once
 * per connection, with placeholders for what changes (`sql.placeholder`), and kept by name.
 * The key is the session, so a query prepared in one transaction serves the next.
 */
export function preparedOnce<T>(db: Drizzle, name: string, build: () => T): T {
  const session = sessionOf(db);
  let queries = kept.get(session);
  if (!queries) kept.set(session, (queries = new Map()));
  let query = queries.get(name) as T | undefined;
  if (query === undefined) queries.set(name, (query = build()));
  return query;
}

/** The better-sqlite3 connection under a drizzle database or transaction, for a statement drizzle cannot express. */
export const connectionOf = (db: Drizzle): Sqlite.Database => sessionOf(db).client;
