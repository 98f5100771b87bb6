import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { letterSlug } from '../support/forms.ts';
import { rawRequest } from '../support/raw-http.ts';
import { freePort, projectRoot, startServer, type RunningServer } from '../support/server.ts';

let built: RunningServer;
let dev: ChildProcess;
let devUrl: string;
const folder = mkdtempSync(join(tmpdir(), 'undersigned-dev-'));

/** `astro dev`, as `npm run dev` starts it, on a free port with a database of its own. */
async function startDev(): Promise<string> {
  const port = await freePort();
  dev = spawn(process.execPath, ['node_modules/astro/bin/astro.mjs', 'dev', '--port', String(port), '--host', '127.0.0.1'], {
    cwd: projectRoot,
    env: { PATH: process.env.PATH, ASTRO_TELEMETRY_DISABLED: '1', DATABASE_PATH: join(folder, 'dev.db'), PORT: String(port), LOG_LEVEL: 'warn' },
    stdio: 'ignore',
  });
  const url = `http://127.0.0.1:${port}`;
  for (let tries = 0; tries < 120; tries++) {
    const answer = await fetch(`${url}/healthz`).catch(() => undefined);
    if (answer?.ok) return url;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error('astro dev did not start within 30 s');
}

beforeAll(async () => {
  [built, devUrl] = await Promise.all([startServer(), startDev()]);
});
afterAll(async () => {
  dev?.kill('SIGTERM');
  await built?.stop();
  rmSync(folder, { recursive: true, force: true });
});

const securityHeaderNames = ['content-security-policy', 'referrer-policy', 'x-content-type-options', 'x-frame-options', 'cross-origin-opener-policy', 'cross-origin-resource-policy', 'permissions-policy'];
/** The headers, with what only Vite's dev client needs taken out of the policy. */
const securityHeaders = (response: Response) =>
  Object.fromEntries(
    securityHeaderNames.map((name) => [
      name,
      name === 'content-security-policy'
        ? response.headers.get(name)!.replace(" 'unsafe-inline'", '').replace(/; script-src 'self'; connect-src 'self' ws: wss:$/, '')
        : response.headers.get(name),
    ]),
  );

describe('astro dev', () => {
  it('sends the same security headers as the built server, on pages and static files (the policy lets Vite’s client run, nothing more)', async () => {
    for (const path of ['/', `/letters/${letterSlug}/`, '/favicon.svg']) {
      const [fromDev, fromBuilt] = await Promise.all([fetch(`${devUrl}${path}`), built.fetch(path)]);
      expect(fromDev.status, path).toBe(200);
      expect(securityHeaders(fromDev), path).toEqual(securityHeaders(fromBuilt));
      expect(fromDev.headers.get('content-security-policy'), path).toContain("default-src 'none'");
    }
  });

  it('refuses odd request targets, other hosts and oversized forms as the built server does', async () => {
    for (const base of [devUrl, built.url]) {
      expect((await rawRequest(base, 'GET', `//ru/letters/${letterSlug}/`)).status, base).toBe(400);
      // Vite checks the Host first under astro dev (403); our guard answers the same request with 421.
      expect([403, 421], base).toContain((await rawRequest(base, 'GET', '/', { Host: 'rebinding.example' })).status);
      const large = await fetch(`${base}/letters/${letterSlug}/?_action=sign`, {
        method: 'POST',
        headers: { Origin: base, 'Content-Type': 'application/x-www-form-urlencoded' },
        body: `organization=${'x'.repeat(100_000)}`,
      });
      expect(large.status, base).toBe(413);
    }
  });
});
