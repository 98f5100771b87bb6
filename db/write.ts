import type { Database } from './client.ts';

/** A drizzle transaction on the app's database, as `write` hands it to its work. */
export type Transaction = Parameters<Parameters<Database['transaction']>[0]>[0];

/**
 * The one way this app writes: `work` runs in a transaction that takes SQLite's write lock at
 * BEGIN (IMMEDIATE). A DEFERRED transaction that reads first and writes later fails at once with
 * SQLITE_BUSY when another connection wrote in between, and no busy timeout can help it; an
 * IMMEDIATE one waits for its turn (busy_timeout, see client.ts) and then cannot be overtaken.
 * `work` must be synchronous; what it throws rolls everything back and is thrown on.
 *
 * Nothing else needs doing after the commit: triggers record every change the public can see
 * in `public_changes` within the same transaction, and the page cache reads them (see
 * db/schema/public-changes.ts). A test keeps `.transaction(` out of the rest of the code.
 */
export function write<T>(db: Database, work: (tx: Transaction) => T): T {
  return db.transaction(work, { behavior: 'immediate' });
}
