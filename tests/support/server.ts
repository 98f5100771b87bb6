import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const projectRoot = fileURLToPath(new URL('../../', import.meta.url));
/** The address prerendered pages were built for (SITE_URL at build time, by default). */
export const builtSiteUrl = new URL(process.env.SITE_URL ?? 'http://localhost:4321');

/** A TCP port nothing listens on right now. */
export async function freePort(): Promise<number> {
  const { createServer } = await import('node:net');
  return new Promise((resolve, reject) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
    probe.on('error', reject);
  });
}

/**
 * Starts the server on a free port with SITE_URL set to its own address, so the links in its
 * mail lead back to it (for browser tests that follow them).
 */
export async function startServerAtOwnUrl(env: Record<string, string> = {}): Promise<RunningServer> {
  const port = await freePort();
  return startServer({ PORT: String(port), SITE_URL: `http://127.0.0.1:${port}`, ...env });
}

export type RunningServer = {
  /** Where this server listens, e.g. http://127.0.0.1:41234 */
  url: string;
  databasePath: string;
  /** The server's process id, for reading its memory figures from /proc. */
  pid: number;
  /** Every line the server printed so far. */
  logs: string[];
  fetch: (path: string, init?: RequestInit) => Promise<Response>;
  /** SIGTERM, then removes the temporary folder; resolves with the exit code. */
  stop: () => Promise<number | null>;
  /** SIGKILL, as a crash or the OOM killer would: no shutdown, files left as they are. */
  kill: () => Promise<void>;
};

/**
 * Starts the built server (`node dist/server/entry.mjs`, or another `script` such as
 * `npm start`'s src/server/start.ts) on a free port with its own temporary SQLite file.
 */
export async function startServer(env: Record<string, string> = {}, root = projectRoot, script = 'dist/server/entry.mjs'): Promise<RunningServer> {
  const dir = mkdtempSync(join(tmpdir(), 'undersigned-test-'));
  const databasePath = env.DATABASE_PATH ?? join(dir, 'undersigned.db');
  const child: ChildProcess = spawn(process.execPath, [script], {
    cwd: root,
    env: { PATH: process.env.PATH, HOST: '127.0.0.1', PORT: '0', LOG_LEVEL: 'info', NODE_ENV: 'test', DATABASE_PATH: databasePath, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const logs: string[] = [];
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));

  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${logs.join('\n')}`)), 20_000);
    const onLine = (line: string) => {
      logs.push(line);
      if (line.includes('"server.listening"')) {
        clearTimeout(timer);
        const address = (JSON.parse(line) as { url: string }).url;
        resolve(address.replace(/\/$/, ''));
      }
    };
    for (const stream of [child.stdout!, child.stderr!]) {
      let buffer = '';
      stream.setEncoding('utf8');
      stream.on('data', (chunk: string) => {
        buffer += chunk;
        const lines = buffer.split('\n');
        buffer = lines.pop()!;
        lines.filter(Boolean).forEach(onLine);
      });
    }
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`server exited with ${code} before listening:\n${logs.join('\n')}`));
    });
  });

  return {
    url,
    databasePath,
    pid: child.pid!,
    logs,
    fetch: (path, init) => fetch(new URL(path, url), { redirect: 'manual', ...init }),
    stop: async () => {
      if (child.exitCode === null) child.kill('SIGTERM');
      const code = await exited;
      rmSync(dir, { recursive: true, force: true });
      return code;
    },
    kill: async () => {
      if (child.exitCode === null) child.kill('SIGKILL');
      await exited;
    },
  };
}
