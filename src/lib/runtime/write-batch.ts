import { createGroupCommit } from '#db/group-commit.ts';
import { log } from '#lib/log/logger.ts';
import { getDatabase } from './database.ts';

let bound: { client: unknown; write: ReturnType<typeof createGroupCommit> } | undefined;

/**
 * Runs `work` (synchronous writes on this process's database) in the next shared commit with the
 * other writes of this turn of the event loop (see db/group-commit.ts). Sign-ups use it: in a
 * rush, they share one fsync instead of waiting for one each.
 */
export function batchedWrite<T>(work: () => T): Promise<T> {
  const client = getDatabase().$client;
  if (bound?.client !== client) {
    bound = { client, write: createGroupCommit(client, (error, writes) => log.error('write_batch.failed', { error, writes })) };
  }
  return bound.write(work);
}
