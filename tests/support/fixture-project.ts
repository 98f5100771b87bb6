import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { projectRoot } from './server.ts';

/**
 * A throwaway copy of the project (sources, content, config; node_modules linked entry by entry
 * so Astro's content cache stays inside the copy) for builds with altered content.
 */
export function copyProject(): string {
  const root = mkdtempSync(join(tmpdir(), 'undersigned-fixture-'));
  for (const entry of ['src', 'content', 'db', 'public', 'astro.config.mjs', 'package.json', 'tsconfig.json']) {
    cpSync(join(projectRoot, entry), join(root, entry), { recursive: true });
  }
  mkdirSync(join(root, 'node_modules'));
  for (const name of readdirSync(join(projectRoot, 'node_modules'))) {
    if (name !== '.astro' && name !== '.vite') symlinkSync(join(projectRoot, 'node_modules', name), join(root, 'node_modules', name));
  }
  return root;
}

/** Runs the Astro CLI in a project copy; returns its exit status and everything it printed. */
export function runAstro(root: string, command: 'build' | 'sync'): { status: number | null; output: string } {
  const result = spawnSync(join(projectRoot, 'node_modules/.bin/astro'), [command], {
    cwd: root,
    encoding: 'utf8',
    env: { ...process.env, ASTRO_TELEMETRY_DISABLED: '1', FORCE_COLOR: '0', NO_COLOR: '1' },
  });
  return { status: result.status, output: `${result.stdout}\n${result.stderr}` };
}
