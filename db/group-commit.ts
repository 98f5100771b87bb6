import type Sqlite from 'better-sqlite3';

type Job = { work: () => unknown; resolve: (value: unknown) => void; reject: (error: unknown) => void };

/**
 * Group commit for one connection. `write(work)` runs `work` (synchronous writes, such as a
 * sign-up) in one IMMEDIATE transaction with every other write that arrives in the same turn of
 * the event loop, so a rush pays for one fsync per batch instead of one each. Each write runs in
 * a savepoint of its own, so one that throws undoes only itself. The promise settles, with the
 * write's own result or error, once the shared commit is on disk (synchronous=FULL): nothing is
 * acknowledged before.
 */
export function createGroupCommit(sqlite: Sqlite.Database, onBatchFailed: (error: unknown, writes: number) => void = () => {}) {
  let waiting: Job[] = [];

  function commitWaiting(): void {
    const jobs = waiting;
    waiting = [];
    const outcomes: ({ value: unknown } | { error: unknown })[] = [];
    try {
      sqlite
        .transaction(() => {
          for (const job of jobs) {
            try {
              // A transaction inside a transaction is a savepoint.
              outcomes.push({ value: sqlite.transaction(job.work)() });
            } catch (error) {
              outcomes.push({ error });
            }
          }
        })
        .immediate();
    } catch (error) {
      // The commit itself failed (disk full, database locked past the busy timeout): none was kept.
      onBatchFailed(error, jobs.length);
      for (const job of jobs) job.reject(error);
      return;
    }
    jobs.forEach((job, index) => {
      const outcome = outcomes[index]!;
      if ('error' in outcome) job.reject(outcome.error);
      else job.resolve(outcome.value);
    });
  }

  return function write<T>(work: () => T): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      waiting.push({ work, resolve: resolve as (value: unknown) => void, reject });
      if (waiting.length === 1) setImmediate(commitWaiting);
    });
  };
}
