import { spawnSync } from 'node:child_process';
import { copyFileSync, rmSync, statSync } from 'node:fs';
import { createServer, type Socket } from 'node:net';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { query } from '../support/database.ts';
import { copyProject } from '../support/fixture-project.ts';
import { formStamp, letterSlug, sign, signUp, submitForm, submitPageForm } from '../support/forms.ts';
import { cleanupAfterEach } from '../support/cleanup.ts';
import { freePort, projectRoot, startServer, type RunningServer } from '../support/server.ts';
import { linkIn, startSmtp } from '../support/smtp.ts';

const { later, tempDir, started } = cleanupAfterEach('undersigned-ops-');
const mode = (path: string) => statSync(path).mode & 0o777;
const health = async (server: RunningServer) => (await server.fetch('/healthz')).json() as Promise<Record<string, unknown>>;
const page = `/letters/${letterSlug}/`;

describe('the built server, started as `node dist/server/entry.mjs`', () => {
  it('migrates a new database, readable by its owner only, and serves pages and files with its security headers', async () => {
    const databasePath = join(tempDir(), 'private', 'undersigned.db');
    const server = await started(startServer({ DATABASE_PATH: databasePath }));
    for (const path of ['/', page, `/ru${page}signatories/`, '/favicon.svg']) {
      const response = await server.fetch(path);
      expect(response.status, path).toBe(200);
      expect(response.headers.get('content-security-policy'), path).toContain("default-src 'none'");
      expect(response.headers.get('x-content-type-options'), path).toBe('nosniff');
    }
    expect(await health(server)).toMatchObject({ status: 'ok', database: 'ok', mail: { queued: 0, oldestQueuedSeconds: 0, failed: 0 } });
    expect(mode(join(databasePath, '..'))).toBe(0o700);
    expect(mode(databasePath)).toBe(0o600);
  });

  it('is what `npm start` runs on a fresh clone, after building it first', async () => {
    const root = copyProject();
    later(() => rmSync(root, { recursive: true, force: true }));
    const server = await started(startServer({ SITE_URL: 'http://localhost:4321' }, root, 'src/server/start.ts'));
    expect(server.logs.join('\n')).toContain('Building the site first: there is no build yet.');
    expect((await server.fetch(page)).status).toBe(200);
    expect(await health(server)).toMatchObject({ status: 'ok' });
  }, 120_000);
});

describe('the client address the limits count', () => {
  const signFrom = async (server: RunningServer, stamp: string, n: number, headers: Record<string, string>) =>
    submitForm(server, `${page}?_action=sign`, { started: stamp, ...signUp({ email: `a${n}@ip-test${n}.kz`, website: `ip-test${n}.kz` }) }, { headers });
  const statusOf = (server: RunningServer, n: number) =>
    query<{ status: string; held_reason: string | null }>(server.databasePath, 'select status, held_reason from signatures where email = ?', `a${n}@ip-test${n}.kz`)[0];

  it('cannot be chosen by a client with a header when no proxy is trusted', async () => {
    const server = await started(startServer({ SIGN_MIN_SECONDS: '0' }));
    const stamp = await formStamp(server, page);
    for (let n = 1; n <= 21; n++) {
      await signFrom(server, stamp, n, { 'X-Forwarded-For': `192.0.2.${n}`, 'X-Real-IP': `192.0.2.${n}`, 'X-Undersigned-Client-Ip': `192.0.2.${n}` });
    }
    // Twenty sign-ups an hour from one client: the 21st is not stored, whatever the headers claimed.
    // (From the fourth on, one stamp from one network is held as a replay: stored, never mailed.)
    expect(statusOf(server, 20)).toBeDefined();
    expect(statusOf(server, 21)).toBeUndefined();
  });

  it('is the one the trusted proxy appended, not one the client wrote before it', async () => {
    const server = await started(startServer({ SIGN_MIN_SECONDS: '0', TRUST_PROXY: '1' }));
    const stamp = await formStamp(server, page);
    for (let n = 1; n <= 21; n++) await signFrom(server, stamp, n, { 'X-Forwarded-For': `2001:db8::${n}, 192.0.2.77` });
    await signFrom(server, stamp, 22, { 'X-Forwarded-For': '192.0.2.78' });
    expect(statusOf(server, 21)).toBeUndefined();
    expect(statusOf(server, 22)?.status).toBe('pending');
  });
});

describe('the health check', () => {
  it('reports mail stuck in the queue as degraded, with the age of the oldest mail', async () => {
    const unreachable = await freePort();
    const server = await started(startServer({ SMTP_URL: `smtp://127.0.0.1:${unreachable}`, SIGN_MIN_SECONDS: '0' }));
    await sign(server, signUp({ email: 'stuck@queue.kz', website: 'queue.kz' }));
    expect(await health(server)).toMatchObject({ status: 'ok', mail: { queued: 1, failed: 0 } });
    // Twenty minutes later, the SMTP server still down:
    query(server.databasePath, 'update outbox set created_at = created_at - 1200000');
    const response = await server.fetch('/healthz');
    expect(response.status).toBe(200);
    const report = (await response.json()) as { status: string; mail: { queued: number; oldestQueuedSeconds: number } };
    expect(report.status).toBe('degraded');
    expect(report.mail.queued).toBe(1);
    expect(report.mail.oldestQueuedSeconds).toBeGreaterThanOrEqual(1200);
  });
});

describe('stopping the server', () => {
  it('takes under 10 seconds after SIGTERM even while the SMTP server hangs, and keeps the unsent mail queued', async () => {
    const sockets = new Set<Socket>();
    // Accepts connections and never says a word, like a mail server that has frozen.
    const frozen = createServer((socket) => sockets.add(socket));
    await new Promise<void>((resolve) => frozen.listen(0, '127.0.0.1', resolve));
    later(() => new Promise((resolve) => { sockets.forEach((socket) => socket.destroy()); frozen.close(resolve); }));
    const databasePath = join(tempDir(), 'undersigned.db');
    const port = (frozen.address() as { port: number }).port;
    const server = await startServer({ SMTP_URL: `smtp://127.0.0.1:${port}`, SIGN_MIN_SECONDS: '0', DATABASE_PATH: databasePath });
    await sign(server, signUp({ email: 'frozen@mail.kz', website: 'mail.kz' }));
    for (let i = 0; i < 50 && sockets.size === 0; i++) await new Promise((resolve) => setTimeout(resolve, 100));
    expect(sockets.size).toBeGreaterThan(0);

    const stopping = Date.now();
    expect(await server.stop()).toBe(0);
    expect(Date.now() - stopping).toBeLessThan(10_000);
    expect(query<{ status: string }>(databasePath, "select status from outbox where recipient = 'frozen@mail.kz'")[0]?.status).toBe('queued');
  }, 30_000);
});

describe('the logs', () => {
  it('hold no token, private link or email address, even when a page behind an emailed link fails', async () => {
    const smtp = await startSmtp();
    later(() => smtp.close());
    const server = await started(startServer({ SMTP_URL: smtp.url, SIGN_MIN_SECONDS: '0' }));
    await sign(server, signUp({ email: 'private.person@logs.kz', website: 'logs.kz' }));
    const link = linkIn(await smtp.waitFor((mail) => mail.to.includes('private.person@logs.kz')), '/confirm/');
    const token = link.searchParams.get('token')!;

    // Break the database under the server: the next read of a token fails unexpectedly.
    query(server.databasePath, 'alter table signature_tokens rename to signature_tokens_gone');
    expect((await server.fetch(link.pathname + link.search)).status).toBe(500);
    await submitForm(server, `${link.pathname}?_action=confirm`, { token });
    await new Promise((resolve) => setTimeout(resolve, 300));

    const output = server.logs.join('\n');
    expect(output).not.toContain(token);
    expect(output).not.toContain('private.person');
    expect(output).not.toMatch(/confirm\/\?token=/);
    const lines = server.logs.filter((line) => line.startsWith('{'));
    expect(lines.length).toBeGreaterThan(3);
    const errors = lines.map((line) => JSON.parse(line) as { level: string; error?: { stack?: string }; message?: string }).filter((line) => line.level === 'error');
    expect(errors.length).toBeGreaterThan(0);
    // Server-side errors keep their stack, redacted.
    expect(errors.some((line) => (line.error?.stack ?? line.message ?? '').includes('signature_tokens'))).toBe(true);
  });
});

describe('a backup', () => {
  it('copies the live database, checked and readable by its owner only, and the copy restores a working site', async () => {
    const smtp = await startSmtp();
    later(() => smtp.close());
    const server = await started(startServer({ SMTP_URL: smtp.url, SIGN_MIN_SECONDS: '0' }));
    await sign(server, signUp({ organization: 'Backup Rights Bureau', email: 'office@backup-bureau.kz', website: 'backup-bureau.kz' }));
    const link = linkIn(await smtp.waitFor((mail) => mail.to.includes('office@backup-bureau.kz')), '/confirm/');

    const target = join(tempDir(), 'nightly', 'undersigned.db');
    const backup = () => spawnSync(process.execPath, ['src/cli/backup.ts', target], { cwd: projectRoot, env: { PATH: process.env.PATH, DATABASE_PATH: server.databasePath }, encoding: 'utf8' });
    const first = backup();
    expect(first.stderr).toBe('');
    expect(first.status).toBe(0);
    expect(first.stdout).toMatch(/1 signatures, integrity ok/);
    expect(mode(target)).toBe(0o600);
    const again = backup();
    expect(again.status).toBe(1);
    expect(again.stderr).toContain('already exists');

    // Restore: the copy becomes the database of a new server, and the emailed link still works there.
    const restoredPath = join(tempDir(), 'restored.db');
    copyFileSync(target, restoredPath);
    const restored = await started(startServer({ DATABASE_PATH: restoredPath }));
    const confirmed = await submitPageForm(restored, link, '_action=confirm');
    expect(confirmed.html).toContain('Backup Rights Bureau is now on the list of signatories');
    expect(await (await restored.fetch(`${page}signatories/`)).text()).toContain('Backup Rights Bureau');
  });
});
