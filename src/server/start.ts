/**
 * `npm start`: builds the site when there is no build, or when the sources or SITE_URL changed
 * since the last one (prerendered pages carry the site's address), then runs the server.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ConfigError, getConfig } from '#lib/config/config.ts';

const root = fileURLToPath(new URL('../../', import.meta.url));
const buildInfo = join(root, 'dist/build-info.json');
const sources = ['src', 'content', 'db', 'public', 'astro.config.mjs', 'package.json'];

function newestChange(path: string): number {
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return readdirSync(path).reduce((newest, name) => Math.max(newest, newestChange(join(path, name))), stat.mtimeMs);
}

function whyRebuild(siteUrl: string): string | undefined {
  if (!existsSync(buildInfo) || !existsSync(join(root, 'dist/server/entry.mjs'))) return 'there is no build yet';
  const built = JSON.parse(readFileSync(buildInfo, 'utf8')) as { site?: string };
  if (!built.site || new URL(built.site).href !== siteUrl) return `SITE_URL changed from ${built.site} to ${siteUrl}`;
  const builtAt = statSync(buildInfo).mtimeMs;
  const changed = sources.find((source) => existsSync(join(root, source)) && newestChange(join(root, source)) > builtAt);
  return changed ? `${changed} changed since the last build` : undefined;
}

try {
  const reason = whyRebuild(getConfig().siteUrl.href);
  if (reason) {
    process.stdout.write(`Building the site first: ${reason}.\n`);
    const build = spawnSync(join(root, 'node_modules/.bin/astro'), ['build'], {
      cwd: root,
      stdio: 'inherit',
      env: { ...process.env, ASTRO_TELEMETRY_DISABLED: '1' },
    });
    if (build.status !== 0) process.exit(build.status ?? 1);
  }
} catch (error) {
  if (!(error instanceof ConfigError)) throw error;
  process.stderr.write(`${error.message}\n`);
  process.exit(1);
}
await import('./main.ts');
