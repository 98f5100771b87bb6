import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { projectRoot } from './server.ts';

export const nginxPath = process.env.NGINX_PATH ?? '/usr/sbin/nginx';

export type RunningProxy = { url: string; stop: () => Promise<void> };

/**
 * Runs Debian's nginx on loopback with deploy/nginx.conf as shipped, changed only where a test
 * must: the port it listens on, the site's port, and where it keeps its cache and files.
 */
export async function startNginx(port: number, sitePort: number): Promise<RunningProxy> {
  if (!existsSync(nginxPath)) throw new Error(`nginx is not installed at ${nginxPath}: apt-get install nginx (.ci/run does), or set NGINX_PATH.`);
  const dir = mkdtempSync(join(tmpdir(), 'undersigned-nginx-'));
  for (const folder of ['cache', 'temp']) mkdirSync(join(dir, folder));
  const site = readFileSync(join(projectRoot, 'deploy/nginx.conf'), 'utf8')
    .replace('listen 80;', `listen 127.0.0.1:${port};`)
    .replace('server 127.0.0.1:4321;', `server 127.0.0.1:${sitePort};`)
    .replace('/var/cache/nginx/undersigned', join(dir, 'cache'));
  writeFileSync(join(dir, 'undersigned.conf'), site);
  writeFileSync(
    join(dir, 'nginx.conf'),
    [
      // As root (CI, this sandbox), workers would otherwise run as a user who cannot use these folders.
      ...(process.getuid?.() === 0 ? ['user root;'] : []),
      'daemon off;',
      'worker_processes 1;',
      `pid ${join(dir, 'nginx.pid')};`,
      `error_log ${join(dir, 'error.log')} warn;`,
      'events { worker_connections 512; }',
      'http {',
      '  access_log off;',
      ...['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'].map((kind) => `  ${kind}_temp_path ${join(dir, 'temp', kind)};`),
      `  include ${join(dir, 'undersigned.conf')};`,
      '}',
    ].join('\n'),
  );
  const child = spawn(nginxPath, ['-p', dir, '-c', join(dir, 'nginx.conf'), '-e', join(dir, 'error.log')], { stdio: 'ignore' });
  const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
  const url = `http://127.0.0.1:${port}`;
  for (let tries = 0; ; tries++) {
    if (child.exitCode !== null || tries > 100) throw new Error(`nginx did not start:\n${existsSync(join(dir, 'error.log')) ? readFileSync(join(dir, 'error.log'), 'utf8') : ''}`);
    if (await fetch(`${url}/healthz`).then((answer) => answer.ok, () => false)) break;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return {
    url,
    stop: async () => {
      child.kill('SIGQUIT');
      await exited;
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
