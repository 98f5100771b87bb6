import type Sqlite from 'better-sqlite3';

/** Turns at the file for the commits of the threads of one process (see `sharedWriteLock`). */
export type WriteLock = { tryTake: () => boolean; release: () => void; released: () => Promise<unknown> };

const unshared: WriteLock = { tryTake: () => true, release: () => {}, released: async () => {} };

/**
 * A lock the threads of one process share, so that their commits take turns at the file instead
 * of meeting SQLite's busy handler, which sleeps 1, 2, 5, 10… ms between tries with the thread
 * stopped. A thread that finds it taken goes on serving requests (its batch grows meanwhile) and
 * tries again the moment the holder lets go.
 */
export function sharedWriteLock(buffer: SharedArrayBuffer): WriteLock {
  const cell = new Int32Array(buffer, 0, 1);
  return {
    tryTake: () => Atomics.compareExchange(cell, 0, 0, 1) === 0,
    release: () => {
      Atomics.store(cell, 0, 0);
      Atomics.notify(cell, 0);
    },
    released: () => {
      // Let go between the try and this wait: no wait at all. The timeout is a guard, not a rhythm.
      const wait = Atomics.waitAsync(cell, 0, 1, 20);
      return wait.async ? wait.value : Promise.resolve();
    },
  };
}

/** How long a batch waits for its turn before it leaves the wait to SQLite's busy timeout. */
const maxTurnWaitMs = 5_000;

type Job = { work: () => unknown; resolve: (value: unknown) => void; reject: (error: unknown) => void };

/**
 * Group commit for one connection. `write(work)` runs `work` (synchronous writes, such as a
 * sign-up) in one IMMEDIATE transaction with every other write that arrives in the same turn of
 * the event loop, so a rush pays for one fsync per batch instead of one each. Each write runs in
 * a savepoint of its own, so one that throws undoes only itself. The promise settles, with the
 * write's own result or error, once the shared commit is on disk (synchronous=FULL): nothing is
 * acknowledged before. With `lock`, connections in other threads of the process take turns.
 */
export function createGroupCommit(sqlite: Sqlite.Database, onBatchFailed: (error: unknown, writes: number) => void = () => {}, lock: WriteLock = unshared) {
  let waiting: Job[] = [];
  let waitingSince = 0;

  function commitWaiting(): void {
    const held = lock.tryTake();
    if (!held && performance.now() - waitingSince < maxTurnWaitMs) {
      void lock.released().then(commitWaiting);
      return;
    }
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
    } finally {
      if (held) lock.release();
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
      if (waiting.length === 1) {
        waitingSince = performance.now();
        setImmediate(commitWaiting);
      }
    });
  };
}
