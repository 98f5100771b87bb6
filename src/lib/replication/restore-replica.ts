import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, linkSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import Sqlite from 'better-sqlite3';
import { litestreamConfig, writePrivately } from './litestream.ts';

export class RestoreError extends Error {
  override name = 'RestoreError';
}

export type Restored = {
  signatures: number;
  lastChange: string | undefined;
  bytes: number;
  /** When the replica's newest upload was cut off (a machine lost mid-upload): what was left out. */
  stoppedBefore?: { generation: string; index: number; offset: number; uploadedAt: string };
};

/** Litestream's words when a WAL segment on the replica ends early: an upload the lost machine never finished. */
const cutOffSegment = /cannot download wal ([0-9a-f]{16})\/([0-9a-f]{8}): (?:unexpected )?EOF/;

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
    const litestream = (args: string[]) => {
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
      return { ok: run.status === 0, said: `${run.stdout ?? ''}${run.stderr ?? ''}`.trim() || run.error?.message || `exit ${run.status}` };
    };
    const restoreTo = (timestamp: string | undefined, generation?: string) =>
      litestream(['restore', '-config', config, '-o', restored, ...(generation ? ['-generation', generation] : []), ...(timestamp ? ['-timestamp', new Date(timestamp).toISOString()] : []), target]);
    let run = restoreTo(options.timestamp);
    let stoppedBefore: Restored['stoppedBefore'];
    const cut = cutOffSegment.exec(run.said);
    if (!run.ok && cut) {
      // A machine lost in the middle of an upload leaves its last WAL segment half-written (seen
      // on SFTP replicas). Restore up to just before that upload, and say so.
      const [, generation, hexIndex] = cut as unknown as [string, string, string];
      const index = parseInt(hexIndex, 16);
      const segments = litestream(['wal', '-config', config, '-generation', generation, target])
        .said.split('\n')
        .map((line) => line.trim().split(/\s+/))
        .filter((columns) => columns.length === 6 && columns[1] === generation && Number(columns[2]) === index)
        .map((columns) => ({ offset: Number(columns[3]), uploadedAt: columns[5]! }))
        .sort((a, b) => a.offset - b.offset);
      const newest = segments.at(-1);
      if (newest && !Number.isNaN(Date.parse(newest.uploadedAt))) {
        const before = new Date(Date.parse(newest.uploadedAt) - 1).toISOString();
        const timestamp = options.timestamp && Date.parse(options.timestamp) < Date.parse(before) ? options.timestamp : before;
        rmSync(restored, { force: true });
        run = restoreTo(timestamp, generation);
        if (run.ok) stoppedBefore = { generation, index, offset: newest.offset, uploadedAt: newest.uploadedAt };
      }
    }
    const said = run.said;
    if (!run.ok || !existsSync(restored)) {
      if (/no matching backups|no snapshots available|no generation/i.test(said)) {
        throw new RestoreError(`There is nothing to restore at ${options.replicaUrl}${options.timestamp ? ` as of ${options.timestamp}` : ''}: no snapshot there. Check the URL (and REPLICA_KEY_PATH, REPLICA_ENDPOINT).\n${said}`);
      }
      throw new RestoreError(`Litestream could not restore from ${options.replicaUrl}:\n${said}`);
    }
    chmodSync(restored, 0o600);
    const result = check(restored);
    try {
      // A hard link fails if the target appeared meanwhile: nothing is ever overwritten.
      linkSync(restored, target);
    } catch (error) {
      throw new RestoreError(`Could not put the restored database at ${target}: ${(error as Error).message}`);
    }
    return { ...result, ...(stoppedBefore ? { stoppedBefore } : {}) };
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
