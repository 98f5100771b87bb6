import { closeSync, existsSync, mkdirSync, openSync, rmSync } from 'node:fs';
import { dirname } from 'node:path';
import Sqlite from 'better-sqlite3';

export class BackupError extends Error {
  override name = 'BackupError';
}

/**
 * Copies the live database to `target` with SQLite's online backup, which is safe while the
 * server reads and writes, then checks the copy with `PRAGMA integrity_check`. The copy is one
 * self-contained file (no -wal beside it), readable only by its owner, like the original. A copy
 * that fails the check is deleted and the reason thrown.
 */
export async function backupDatabase(source: string, target: string): Promise<{ bytes: number; signatures: number }> {
  if (!existsSync(source)) throw new BackupError(`There is no database at ${source}. Check DATABASE_PATH.`);
  if (existsSync(target)) throw new BackupError(`${target} already exists. Choose a new file name; a backup never overwrites one.`);
  mkdirSync(dirname(target), { recursive: true, mode: 0o700 });
  // Created empty with owner-only permissions before any data is written into it.
  closeSync(openSync(target, 'wx', 0o600));

  const live = new Sqlite(source, { fileMustExist: true });
  try {
    await live.backup(target);
  } catch (error) {
    rmSync(target, { force: true });
    throw new BackupError(`The backup could not be written to ${target}: ${(error as Error).message}`);
  } finally {
    live.close();
  }

  const copy = new Sqlite(target, { fileMustExist: true });
  try {
    copy.pragma('journal_mode = DELETE');
    const integrity = copy.pragma('integrity_check', { simple: true });
    if (integrity !== 'ok') {
      throw new BackupError(`The copy at ${target} failed its integrity check (${String(integrity)}); it was deleted. Try again.`);
    }
    const { signatures } = copy.prepare('select count(*) as signatures from signatures').get() as { signatures: number };
    const { bytes } = copy.prepare('select page_count * page_size as bytes from pragma_page_count(), pragma_page_size()').get() as { bytes: number };
    return { bytes, signatures };
  } catch (error) {
    copy.close();
    rmSync(target, { force: true });
    throw error;
  } finally {
    if (copy.open) copy.close();
  }
}
