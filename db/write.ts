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

type Job = { work: (tx: Transaction) => unknown; resolve: (value: unknown) => void; reject: (error: unknown) => void };
const waiting = new WeakMap<Database, Job[]>();

/**
 * `write`, sharing one commit with the other writes queued in the same turn of the event loop,
 * for the writes a crowd makes at once (sign-ups, resends). With synchronous=FULL every commit
 * waits for the disk to flush, and in a rush that wait, not the work, is the limit: here a rush's
 * writes wait for one flush together (measured: 400 → 580 sign-ups/s at 200 clients). Each runs
 * in a savepoint of its own, so one that throws undoes only itself. The promise settles once the
 * shared commit is on disk: nothing is acknowledged before.
 */
export function writeTogether<T>(db: Database, work: (tx: Transaction) => T): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    let jobs = waiting.get(db);
    if (!jobs) {
      waiting.set(db, (jobs = []));
      setImmediate(() => commitTogether(db));
    }
    jobs.push({ work, resolve: resolve as (value: unknown) => void, reject });
  });
}

function commitTogether(db: Database): void {
  const jobs = waiting.get(db) ?? [];
  waiting.delete(db);
  let outcomes: ({ value: unknown } | { error: unknown })[];
  try {
    outcomes = write(db, (tx) =>
      jobs.map((job) => {
        try {
          // A transaction inside a transaction is a savepoint.
          return { value: tx.transaction((savepoint) => job.work(savepoint)) };
        } catch (error) {
          return { error };
        }
      }),
    );
  } catch (error) {
    // The commit itself failed (disk full, database locked past the busy timeout): none was kept.
    for (const job of jobs) job.reject(error);
    return;
  }
  jobs.forEach((job, index) => {
    const outcome = outcomes[index]!;
    if ('error' in outcome) job.reject(outcome.error);
    else job.resolve(outcome.value);
  });
}
