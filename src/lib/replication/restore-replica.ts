import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, linkSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import Sqlite from 'better-sqlite3';
import { litestreamConfig, writePrivately } from './litestream.ts';

export class RestoreError extends Error {
  override name = 'RestoreError';
}

export type Restored = { signatures: number; lastChange: string | undefined; bytes: number };

/**
 * Restores the database replicated at `replicaUrl` (its latest state, or as it was at `timestamp`)
 * into `target` with Litestream, checks it with `PRAGMA integrity_check`, and puts it in place with
 * mode 0600. It never overwrites: not a file, and not a `-wal` left beside the target (SQLite would
 * replay it into the restored file). Restored to a temporary file first, then linked into place,
 * so `target` never exists half-written. `keyPath` and `endpoint` are REPLICA_KEY_PATH and
 * REPLICA_ENDPOINT, passed to Litestream through its environment as the server does.
 */
export function restoreReplica(options: {
  binary: string;
  replicaUrl: string;
  target: string;
  timestamp?: string;
  keyPath?: string;
  endpoint?: string;
}): Restored {
  const target = resolve(options.target);
  for (const file of [target, `${target}-wal`, `${target}-shm`, `${target}-journal`]) {
    if (existsSync(file)) throw new RestoreError(`${file} already exists. Restore to a new file name; a restore never overwrites one.`);
  }
  if (options.timestamp !== undefined && Number.isNaN(Date.parse(options.timestamp))) {
    throw new RestoreError(`--timestamp must be a moment in RFC 3339 form, e.g. 2026-12-03T04:15:00Z (it is "${options.timestamp}").`);
  }
  mkdirSync(dirname(target), { recursive: true, mode: 0o700 });
  const work = mkdtempSync(join(dirname(target), `.${basename(target)}-restoring-`));
  try {
    const restored = join(work, 'restored.db');
    const config = join(work, 'litestream.yml');
    writePrivately(config, litestreamConfig(target, { keyPath: options.keyPath, endpoint: options.endpoint }));
    const args = ['restore', '-config', config, '-o', restored, ...(options.timestamp ? ['-timestamp', new Date(options.timestamp).toISOString()] : []), target];
    const run = spawnSync(options.binary, args, {
      env: {
        ...process.env,
        REPLICA_URL: options.replicaUrl,
        ...(options.keyPath ? { REPLICA_KEY_PATH: options.keyPath } : {}),
        ...(options.endpoint ? { REPLICA_ENDPOINT: options.endpoint } : {}),
      },
      encoding: 'utf8',
      timeout: 30 * 60_000,
    });
    const said = `${run.stdout ?? ''}${run.stderr ?? ''}`.trim();
    if (run.status !== 0 || !existsSync(restored)) {
      if (/no matching backups|no snapshots available|no generation/i.test(said)) {
        throw new RestoreError(`There is nothing to restore at ${options.replicaUrl}${options.timestamp ? ` as of ${options.timestamp}` : ''}: no snapshot there. Check the URL (and REPLICA_KEY_PATH, REPLICA_ENDPOINT).\n${said}`);
      }
      throw new RestoreError(`Litestream could not restore from ${options.replicaUrl}:\n${said || run.error?.message || `exit ${run.status}`}`);
    }
    chmodSync(restored, 0o600);
    const result = check(restored);
    try {
      // A hard link fails if the target appeared meanwhile: nothing is ever overwritten.
      linkSync(restored, target);
    } catch (error) {
      throw new RestoreError(`Could not put the restored database at ${target}: ${(error as Error).message}`);
    }
    return result;
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

function check(path: string): Restored {
  const db = new Sqlite(path, { fileMustExist: true });
  try {
    const integrity = db.pragma('integrity_check', { simple: true });
    if (integrity !== 'ok') throw new RestoreError(`The restored database failed its integrity check (${String(integrity)}); nothing was written. Try an earlier --timestamp.`);
    const { signatures } = db.prepare('select count(*) as signatures from signatures').get() as { signatures: number };
    const { last } = db.prepare('select max(updated_at) as last from signatures').get() as { last: number | null };
    const { bytes } = db.prepare('select page_count * page_size as bytes from pragma_page_count(), pragma_page_size()').get() as { bytes: number };
    return { signatures, lastChange: last ? new Date(last).toISOString() : undefined, bytes };
  } finally {
    db.close();
  }
}
