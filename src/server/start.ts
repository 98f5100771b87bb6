/**
 * `npm start`: builds the site when there is no build, or when the sources or SITE_URL changed
 * since the last one (prerendered pages carry the site's address), then runs the built server,
 * dist/server/entry.mjs, in this process.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { loadEnvFile } from '#lib/config/load-env-file.ts';
import { siteUrlFromEnvironment } from './site-url.ts';

const root = fileURLToPath(new URL('../../', import.meta.url));
const buildInfo = join(root, 'dist/build-info.json');
const entry = join(root, 'dist/server/entry.mjs');
const sources = ['src', 'content', 'db', 'public', 'astro.config.mjs', 'package.json'];

function newestChange(path: string): number {
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return readdirSync(path).reduce((newest, name) => Math.max(newest, newestChange(join(path, name))), stat.mtimeMs);
}

function sameUrl(a: string | undefined, b: string): boolean {
  try {
    return a !== undefined && new URL(a).href === new URL(b).href;
  } catch {
    return false;
  }
}

function whyRebuild(siteUrl: string): string | undefined {
  if (!existsSync(buildInfo) || !existsSync(entry)) return 'there is no build yet';
  const built = JSON.parse(readFileSync(buildInfo, 'utf8')) as { site?: string };
  if (!sameUrl(built.site, siteUrl)) return `SITE_URL changed from ${built.site} to ${siteUrl}`;
  const builtAt = statSync(buildInfo).mtimeMs;
  const changed = sources.find((source) => existsSync(join(root, source)) && newestChange(join(root, source)) > builtAt);
  return changed ? `${changed} changed since the last build` : undefined;
}

loadEnvFile(join(root, '.env'));
const siteUrl = siteUrlFromEnvironment();
if (!URL.canParse(siteUrl)) {
  process.stderr.write(`SITE_URL must be an absolute http(s) URL, e.g. https://letter.example.org (it is "${siteUrl}").\n`);
  process.exit(1);
}
const reason = whyRebuild(siteUrl);
if (reason) {
  process.stdout.write(`Building the site first: ${reason}.\n`);
  // With this process's Node (24), whichever Node comes first on PATH.
  const build = spawnSync(process.execPath, [join(root, 'node_modules/astro/bin/astro.mjs'), 'build'], {
    cwd: root,
    stdio: 'inherit',
    env: { ...process.env, ASTRO_TELEMETRY_DISABLED: '1' },
  });
  if (build.status !== 0) process.exit(build.status ?? 1);
}
await import(pathToFileURL(entry).href);
