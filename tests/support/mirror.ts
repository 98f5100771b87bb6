import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { projectRoot, type RunningServer } from './server.ts';

/** Runs `npm run mirror`'s script against a running server; returns the folder and what it printed. */
export function makeMirror(server: RunningServer, dir = join(mkdtempSync(join(tmpdir(), 'undersigned-mirror-')), 'copy')): { dir: string; status: number | null; output: string } {
  const result = spawnSync(process.execPath, ['src/cli/mirror.ts', dir, '--from', server.url], {
    cwd: projectRoot,
    env: { PATH: process.env.PATH, DATABASE_PATH: server.databasePath },
    encoding: 'utf8',
    timeout: 120_000,
  });
  return { dir, status: result.status, output: result.stdout + result.stderr };
}

/** Every file under `dir`, as paths relative to it. */
export function filesIn(dir: string, prefix = ''): string[] {
  return readdirSync(join(dir, prefix), { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? filesIn(dir, join(prefix, entry.name)) : [join(prefix, entry.name)],
  );
}
