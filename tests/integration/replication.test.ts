import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { query } from '../support/database.ts';
import { letterSlug, sign, signUp, submitPageForm } from '../support/forms.ts';
import { builtSiteUrl, projectRoot, startServer, type RunningServer } from '../support/server.ts';
import { cleanupAfterEach } from '../support/cleanup.ts';
import { linkIn, startSmtp } from '../support/smtp.ts';
import { litestreamBinary } from '#lib/replication/litestream.ts';

/** Litestream ships for Linux x64 only (an optional dependency): elsewhere these tests cannot run. */
const withoutLitestream = !litestreamBinary(projectRoot);

const { later, tempDir, started } = cleanupAfterEach('undersigned-replica-');
type Health = { status: string; replica: { lagSeconds: number } | 'off' };
const health = async (server: RunningServer) => (await server.fetch('/healthz')).json() as Promise<Health>;

/** `npm run restore -- <url> <file> [...]`, as a volunteer would type it. */
function restore(...args: string[]) {
  const run = spawnSync(process.execPath, ['src/cli/restore.ts', ...args], { cwd: projectRoot, encoding: 'utf8', env: { PATH: process.env.PATH } });
  return { status: run.status, output: `${run.stdout}${run.stderr}` };
}
const emailsIn = (path: string) => query<{ email: string }>(path, 'select email from signatures order by id').map((row) => row.email);

async function until<T>(what: string, probe: () => Promise<T | undefined> | T | undefined, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/** Resolves once a restore of the replica's latest state holds `email`: it has been uploaded. */
async function replicated(replicaUrl: string, email: string): Promise<void> {
  const dir = tempDir();
  let attempt = 0;
  await until(`${email} on the replica`, () => {
    const target = join(dir, `probe-${attempt++}.db`);
    return restore(replicaUrl, target).status === 0 && emailsIn(target).includes(email) ? true : undefined;
  });
}

describe.skipIf(withoutLitestream)('replication to a folder with Litestream (REPLICA_URL=file://…)', () => {
  it('restores the list on a new path, where the site starts and the links already mailed still work', async () => {
    const dir = tempDir();
    const replicaUrl = pathToFileURL(join(dir, 'replica')).href;
    const smtp = await startSmtp();
    later(() => smtp.close());
    const env = { SMTP_URL: smtp.url, SIGN_MIN_SECONDS: '0' };
    const first = await started(startServer({ ...env, REPLICA_URL: replicaUrl }));
    const fields = signUp();
    await sign(first, fields);
    const verify = await smtp.waitFor((mail) => mail.to.includes(fields.email!) && /\/confirm\/\?token=/.test(mail.text));
    expect(await first.stop()).toBe(0);

    const target = join(dir, 'new-machine', 'undersigned.db');
    const restored = restore(replicaUrl, target);
    expect(restored.output).toMatch(/1 signatures, .*integrity ok/);
    expect(restored.status).toBe(0);
    expect(statSync(target).mode & 0o777).toBe(0o600);
    expect(existsSync(`${target}-wal`)).toBe(false);

    const second = await started(startServer({ ...env, DATABASE_PATH: target }));
    expect(emailsIn(target)).toEqual([fields.email]);
    await submitPageForm(second, linkIn(verify, '/confirm/'), '_action=confirm');
    expect(query<{ status: string }>(target, 'select status from signatures')[0]?.status).toMatch(/published|verified/);
    const list = await (await second.fetch(`/letters/${letterSlug}/signatories/`)).text();
    expect(list).toContain(fields.organization);
  });

  it('restores the list as it was at a moment (--timestamp)', async () => {
    const dir = tempDir();
    const replicaUrl = pathToFileURL(join(dir, 'replica')).href;
    const server = await startServer({ SIGN_MIN_SECONDS: '0', REPLICA_URL: replicaUrl });
    const before = signUp();
    await sign(server, before);
    await replicated(replicaUrl, before.email!);
    const moment = new Date();
    // The next upload is stamped at least a moment later than `moment`.
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    const after = signUp();
    await sign(server, after);
    expect(await server.stop()).toBe(0);

    const then = join(dir, 'then.db');
    expect(restore(replicaUrl, then, '--timestamp', moment.toISOString()).status).toBe(0);
    expect(emailsIn(then)).toEqual([before.email]);
    const latest = join(dir, 'latest.db');
    expect(restore(replicaUrl, latest).status).toBe(0);
    expect(emailsIn(latest)).toEqual([before.email, after.email]);
  });

  it('restores up to just before an upload the lost machine left half-written, and says so', async () => {
    const dir = tempDir();
    const replicaUrl = pathToFileURL(join(dir, 'replica')).href;
    const server = await startServer({ SIGN_MIN_SECONDS: '0', REPLICA_URL: replicaUrl });
    const before = signUp();
    await sign(server, before);
    await replicated(replicaUrl, before.email!);
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    const cutOff = signUp();
    await sign(server, cutOff);
    await replicated(replicaUrl, cutOff.email!);
    await server.kill();
    // The newest segment, as a connection cut mid-upload leaves it.
    const walFolder = join(dir, 'replica', 'generations', readdirSync(join(dir, 'replica', 'generations'))[0]!, 'wal');
    const newest = join(walFolder, readdirSync(walFolder).sort().at(-1)!);
    truncateSync(newest, Math.floor(statSync(newest).size / 2));

    const target = join(dir, 'restored.db');
    const restored = restore(replicaUrl, target);
    expect(restored.output).toMatch(/newest upload \(WAL \d+, offset \d+, at [^)]+\) was cut off[\s\S]*integrity ok/);
    expect(restored.status).toBe(0);
    // Everything up to the second before the cut-off upload (the sign-up after it may share that second).
    expect(emailsIn(target)).toContain(before.email);
  });

  it('never restores over a database, nor beside a -wal left by one', async () => {
    const dir = tempDir();
    const replicaUrl = pathToFileURL(join(dir, 'replica')).href;
    const server = await startServer({ REPLICA_URL: replicaUrl });
    await until('a replica', async () => ((await health(server)).replica as { lagSeconds: number }).lagSeconds === 0 && existsSync(join(dir, 'replica', 'generations')) ? true : undefined);
    expect(await server.stop()).toBe(0);

    const existing = join(dir, 'existing.db');
    writeFileSync(existing, 'precious');
    const refused = restore(replicaUrl, existing);
    expect(refused.status).toBe(1);
    expect(refused.output).toContain('already exists');
    expect(readFileSync(existing, 'utf8')).toBe('precious');

    const beside = join(dir, 'beside.db');
    writeFileSync(`${beside}-wal`, 'stale');
    expect(restore(replicaUrl, beside)).toMatchObject({ status: 1, output: expect.stringContaining(`${beside}-wal already exists`) });
    expect(existsSync(beside)).toBe(false);
    expect(restore(`${replicaUrl}-nothing-here`, join(dir, 'none.db'))).toMatchObject({ status: 1, output: expect.stringContaining('nothing to restore') });
  });
});

describe('/healthz and replication', () => {
  it('says the replica is off when REPLICA_URL is not set', async () => {
    const server = await started(startServer());
    expect(await health(server)).toMatchObject({ status: 'ok', replica: 'off' });
  });

  it.skipIf(withoutLitestream)('reports the lag, and degraded once the replica is further behind than REPLICA_MAX_LAG_SECONDS', async () => {
    const dir = tempDir();
    const good = await started(startServer({ REPLICA_URL: pathToFileURL(join(dir, 'replica')).href }));
    await until('the replica to be current', async () => ((await health(good)).replica as { lagSeconds: number }).lagSeconds === 0 || undefined);
    expect(await health(good)).toMatchObject({ status: 'ok', replica: { lagSeconds: 0 } });
    expect(readFileSync(join(dirnameOf(good.databasePath), '.undersigned.db-litestream.yml'), 'utf8')).toContain('url: "${REPLICA_URL}"');
    expect(statSync(join(dirnameOf(good.databasePath), '.undersigned.db-litestream.yml')).mode & 0o777).toBe(0o600);

    // A replica folder that cannot be made (its parent is a file): nothing is ever uploaded.
    writeFileSync(join(dir, 'not-a-folder'), '');
    const stuck = await started(startServer({ REPLICA_URL: pathToFileURL(join(dir, 'not-a-folder', 'replica')).href, REPLICA_MAX_LAG_SECONDS: '1' }));
    const degraded = await until('degraded', async () => {
      const now = await health(stuck);
      return now.status === 'degraded' ? now : undefined;
    });
    expect((degraded.replica as { lagSeconds: number }).lagSeconds).toBeGreaterThanOrEqual(1);
  });
});

const dirnameOf = (path: string) => join(path, '..');

describe('a build made for another address', () => {
  const production = { NODE_ENV: 'production', SMTP_URL: 'smtp://127.0.0.1:1', MAIL_FROM: 'Campaign <letter@example.org>' };

  it('does not start as a public site, and names both addresses and the command that fixes it', async () => {
    const attempt = startServer({ ...production, SITE_URL: 'https://letter.example.org' });
    await expect(attempt).rejects.toThrow(
      new RegExp(`made for ${builtSiteUrl.origin.replace(/[.]/g, '\\.')}, but SITE_URL is https://letter\\.example\\.org:[\\s\\S]*NODE_ENV=production SITE_URL=https://letter\\.example\\.org npm run build`),
    );
  });

  it('starts on this machine with a warning', async () => {
    const server = await started(startServer({ ...production, SITE_URL: 'http://localhost:4999' }));
    expect(server.logs.join('\n')).toContain('"build.site_mismatch"');
  });
});
