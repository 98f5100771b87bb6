import { createGroupCommit, sharedWriteLock } from '#db/group-commit.ts';
import { log } from '#lib/log/logger.ts';
import { getDatabase } from './database.ts';

let bound: { client: unknown; write: ReturnType<typeof createGroupCommit> } | undefined;
/** The lock this process's HTTP threads share for their commits (see run-server.ts). */
let writeLock = new SharedArrayBuffer(Int32Array.BYTES_PER_ELEMENT);

export const writeLockBuffer = () => writeLock;

/** In one of the server's other threads: take turns with the first thread's commits. */
export function shareWriteLock(buffer: SharedArrayBuffer): void {
  writeLock = buffer;
  bound = undefined;
}

/**
 * Runs `work` (synchronous writes on this process's database) in the next shared commit with the
 * other writes of this turn of the event loop (see db/group-commit.ts). Sign-ups use it: in a
 * rush, they share one fsync instead of waiting for one each.
 */
export function batchedWrite<T>(work: () => T): Promise<T> {
  const client = getDatabase().$client;
  if (bound?.client !== client) {
    bound = { client, write: createGroupCommit(client, (error, writes) => log.error('write_batch.failed', { error, writes }), sharedWriteLock(writeLock)) };
  }
  return bound.write(work);
}
