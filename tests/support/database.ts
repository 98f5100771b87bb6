import Sqlite from 'better-sqlite3';

/** Runs one query against the server's SQLite file, to check what was (or was not) written. */
export function query<T>(path: string, sql: string, ...params: unknown[]): T[] {
  const db = new Sqlite(path, { fileMustExist: true });
  try {
    const statement = db.prepare(sql);
    return (statement.reader ? statement.all(...params) : (statement.run(...params), [])) as T[];
  } finally {
    db.close();
  }
}

/** Row counts of the tables a sign-up writes to: equal before and after means nothing was written. */
export function writeCounts(path: string): Record<string, number> {
  return Object.fromEntries(
    ['signatures', 'signature_tokens', 'outbox'].map((table) => [table, query<{ n: number }>(path, `select count(*) as n from ${table}`)[0]!.n]),
  );
}
