/**
 * `npm run test:recovery`: recovery drills for continuous replication (Litestream, REPLICA_URL).
 * The built server runs on loopback on a database already holding RECOVERY_SIZES signatures,
 * replicating to a folder (file://) or to an SFTP server on loopback, under a crowd of signers
 * (as `npm run test:load`: client addresses from 2001:db8::/32 and 192.0.2.0/24, in headers
 * only, through TRUST_PROXY=1). Then, per run:
 *
 * - crash: the server is killed (SIGKILL); Litestream, told by the kernel, uploads what is left
 *   and stops. Restored on a new path, every acknowledged sign-up is there once with its mail,
 *   and the links in the mails sent confirm on the restored site.
 * - loss: the server and Litestream are killed together, as when the machine is lost. Restored,
 *   at most the sign-ups of Litestream's sync interval plus a second are missing.
 * - sftp-crash, sftp-loss: the same against the SFTP replica.
 * - outage: the replica folder disappears for OUTAGE_SECONDS (30) under load: no 5xx, /healthz
 *   says degraded, the replica catches up once it is back, and nothing is missing.
 *
 * Prints the recovery point (seconds and sign-ups lost) and recovery time (restore + start) of
 * each run; exits 1 when a check fails. LOAD_SECONDS (20), SIGNERS (200), READERS (20),
 * RECOVERY_SIZES (10000,100000), RECOVERY_RUNS (crash,loss,sftp-crash,sftp-loss,outage).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { submitPageForm } from '../support/forms.ts';
import { freePort, projectRoot, startServer, type RunningServer } from '../support/server.ts';
import { linkIn, startSmtp } from '../support/smtp.ts';
import { query } from '../support/database.ts';
import { closeCrowd, newTally, reader, signer, type Tally } from '../load/crowd.ts';
import { readOutcome } from '../load/outcome.ts';
import { seedSignatures } from '../load/seed.ts';
import { startSftp, type SftpServer } from './sftp.ts';

const seconds = Number(process.env.LOAD_SECONDS ?? 20);
const signers = Number(process.env.SIGNERS ?? 200);
const readers = Number(process.env.READERS ?? 20);
const outageSeconds = Number(process.env.OUTAGE_SECONDS ?? 30);
const sizes = (process.env.RECOVERY_SIZES ?? '10000,100000').split(',').map(Number);
const runs = (process.env.RECOVERY_RUNS ?? 'crash,loss,sftp-crash,sftp-loss,outage').split(',');
const minSeconds = 3;
/** Litestream's sync interval (its default): the most a lost machine may take with it, plus a second. */
const syncSeconds = 1;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const work = mkdtempSync(join(tmpdir(), 'undersigned-recovery-'));

type Row = {
  run: string;
  size: number;
  rate: number;
  acknowledged: number;
  missing: number;
  lostWrites: number;
  allowed: number;
  pointSeconds: number;
  restoreSeconds: number;
  startSeconds: number;
  notes: string[];
  problems: string[];
};

async function until<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs: number): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe().catch(() => undefined);
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs / 1000} s waiting for ${what}`);
    await sleep(200);
  }
}

type Health = { status: string; replica: { lagSeconds: number } | 'off' };
const health = async (server: RunningServer) => (await server.fetch('/healthz')).json() as Promise<Health>;
const lagOf = (h: Health) => (h.replica === 'off' ? Number.NaN : h.replica.lagSeconds);

/** Litestream's process id, from the server's log. */
function litestreamPid(server: RunningServer): number {
  const line = server.logs.filter((entry) => entry.includes('"replica.started"')).at(-1);
  if (!line) throw new Error('the server never started Litestream');
  return (JSON.parse(line) as { pid: number }).pid;
}

/** Whether a process is gone (a zombie whose parent died counts as gone). */
function gone(pid: number): boolean {
  try {
    return /^State:\s+Z/m.test(readFileSync(`/proc/${pid}/status`, 'utf8'));
  } catch {
    return true;
  }
}

function restore(url: string, target: string, env: Record<string, string>): { ms: number; status: number | null; output: string } {
  const started = Date.now();
  const run = spawnSync(process.execPath, ['src/cli/restore.ts', url, target], { cwd: projectRoot, encoding: 'utf8', env: { PATH: process.env.PATH, ...env } });
  return { ms: Date.now() - started, status: run.status, output: `${run.stdout}${run.stderr}` };
}

async function drill(run: string, size: number): Promise<Row> {
  const dir = join(work, `${run}-${size}`);
  mkdirSync(dir, { recursive: true });
  const notes: string[] = [];
  const problems: string[] = [];
  const databasePath = join(dir, 'machine-a', 'undersigned.db');
  mkdirSync(join(dir, 'machine-a'), { mode: 0o700 });
  seedSignatures(databasePath, size);

  let sftp: SftpServer | undefined;
  let replicaUrl = pathToFileURL(join(dir, 'replica')).href;
  const replicaEnv: Record<string, string> = {};
  if (run.startsWith('sftp')) {
    sftp = await startSftp(join(dir, 'sftp'));
    replicaUrl = sftp.url(join(dir, 'sftp-replica'));
    replicaEnv.REPLICA_KEY_PATH = sftp.keyPath;
  }
  const smtp = await startSmtp();
  const port = await freePort();
  const server = await startServer({
    PORT: String(port),
    SITE_URL: `http://127.0.0.1:${port}`,
    DATABASE_PATH: databasePath,
    TRUST_PROXY: '1',
    SMTP_URL: smtp.url,
    MAIL_RETRY_SECONDS: '0.5',
    REPLICA_URL: replicaUrl,
    // The outage lasts 30 s: a lag limit under that shows /healthz turning degraded.
    ...(run === 'outage' ? { REPLICA_MAX_LAG_SECONDS: '10' } : {}),
    ...replicaEnv,
  });
  await until('the first snapshot on the replica', async () => (lagOf(await health(server)) === 0 ? true : undefined), 120_000);

  const tally: Tally = newTally();
  const tag = `${run.replace(/\W/g, '')}${size}${Date.now().toString(36)}`;
  const base = () => new URL(server.url);
  const length = run === 'outage' ? Math.max(seconds, outageSeconds + 15) : Math.max(seconds, 12);
  const startedAt = Date.now();
  const end = startedAt + length * 1000;
  const crowd = [
    ...Array.from({ length: signers }, (_, vu) => signer({ base, vu: vu + 1, run: tag, until: end, minSeconds, tally })),
    ...Array.from({ length: readers }, (_, vu) => reader({ base, vu, until: end, tally })),
  ];

  let killedAt = 0;
  if (run === 'outage') {
    // The replica folder disappears (moved away, a file in its place, so it cannot be made again).
    const statuses = new Set<string>();
    let polling = true;
    let maxLag = 0;
    let backAt = 0;
    /** When the lag came back to a sync or two after the replica returned, sign-ups still flowing. */
    let closeAgainAt = 0;
    const poll = (async () => {
      while (polling) {
        const now = await health(server).catch(() => ({ status: 'unanswered', replica: 'off' }) as Health);
        statuses.add(now.status);
        if (now.replica !== 'off') maxLag = Math.max(maxLag, now.replica.lagSeconds);
        if (backAt && !closeAgainAt && now.replica !== 'off' && now.replica.lagSeconds <= 2) closeAgainAt = Date.now();
        await sleep(500);
      }
    })();
    await sleep(Math.max(0, startedAt + minSeconds * 1000 + 2000 - Date.now()));
    const replicaDir = join(dir, 'replica');
    renameSync(replicaDir, `${replicaDir}.away`);
    writeFileSync(replicaDir, '');
    const awayAt = Date.now();
    await sleep(outageSeconds * 1000);
    rmSync(replicaDir);
    renameSync(`${replicaDir}.away`, replicaDir);
    backAt = Date.now();
    notes.push(`replica folder gone for ${((backAt - awayAt) / 1000).toFixed(1)} s`);
    await Promise.all(crowd);
    const caughtUp = await until('the replica to catch up', async () => (lagOf(await health(server)) === 0 ? Date.now() : undefined), 10 * 60_000);
    polling = false;
    await poll;
    const restarts = server.logs.filter((line) => line.includes('"replica.stalled"')).length;
    notes.push(`/healthz said ${[...statuses].join(', ')} (REPLICA_MAX_LAG_SECONDS=10), lag up to ${maxLag} s; Litestream restarted ${restarts} times for a stalled replica; lag back to 2 s or less ${((closeAgainAt - backAt) / 1000).toFixed(1)} s after the replica came back, under load; lag 0 ${((caughtUp - end) / 1000).toFixed(1)} s after the load ended`);
    if (!statuses.has('degraded')) problems.push('/healthz never said degraded during the outage');
    await server.stop();
    killedAt = Date.now();
  } else {
    // The kill comes in the second half of the run at a moment sign-ups are being acknowledged
    // (the crowd signs in waves): the worst moment, with the newest writes not yet replicated.
    await sleep(Math.max(0, startedAt + length * 500 - Date.now()));
    // After some mail went out, so the crash drill can follow mailed links on the restored site.
    while (Date.now() < end - 200 && smtp.received.filter((mail) => mail.to.some((to) => to.includes(tag))).length < 3) await sleep(20);
    const acknowledgedSince = (ms: number) => [...tally.acknowledgedAt.values()].filter((at) => at > Date.now() - ms).length;
    while (Date.now() < end - 200 && acknowledgedSince(500) < signers / 4) await sleep(5);
    killedAt = Date.now();
    if (run.endsWith('loss')) {
      // The machine is lost: Litestream dies with the server, before any last upload.
      process.kill(litestreamPid(server), 'SIGKILL');
      await server.kill();
    } else {
      const pid = litestreamPid(server);
      await server.kill();
      // Litestream got SIGTERM from the kernel (its parent died): it uploads what is left and stops.
      await until('Litestream to finish its last upload and stop', async () => (gone(pid) ? true : undefined), 30_000);
    }
    await Promise.all(crowd);
  }
  const rate = tally.acknowledged.size / ((killedAt - startedAt) / 1000);
  const acks = [...tally.acknowledgedAt.values()].sort((a, b) => a - b);
  notes.push(`first acknowledged ${((acks[0]! - startedAt) / 1000).toFixed(1)} s into the load, killed at ${((killedAt - startedAt) / 1000).toFixed(1)} s; sign latency p50 ${tally.signLatencies.sort((a, b) => a - b)[Math.floor(tally.signLatencies.length / 2)]} ms`);
  notes.push(`${tally.attempted} sign-ups sent, ${tally.acknowledged.size} acknowledged, ${tally.refused} refused, ${tally.networkErrors} unanswered, ${tally.serverErrors} 5xx`);

  // A new machine: another folder, the database restored there from the replica.
  const target = join(dir, 'machine-b', 'undersigned.db');
  const restored = restore(replicaUrl, target, replicaEnv);
  if (restored.status !== 0) problems.push(`restore failed: ${restored.output}`);
  const cutOff = /newest upload \([^)]*\) was cut off/.exec(restored.output)?.[0];
  if (cutOff) notes.push(`restore: the replica's ${cutOff}; restored up to just before it`);
  if (!/integrity ok/.test(restored.output)) problems.push(`restore did not report integrity ok: ${restored.output}`);
  const startAt = Date.now();
  const restarted = await startServer({ DATABASE_PATH: target, SMTP_URL: smtp.url, TRUST_PROXY: '1' });
  const startMs = Date.now() - startAt;

  const outcome = readOutcome(target, tag, tally, smtp.received);
  const missingEmails = [...tally.acknowledged].filter((email) => query<{ n: number }>(target, 'select count(*) as n from signatures where email = ?', email)[0]!.n === 0);
  const oldestMissing = Math.min(...missingEmails.map((email) => tally.acknowledgedAt.get(email)!));
  // The recovery point, from both files: the sign-ups the lost machine's database holds that the
  // restored one does not (acknowledged or not), and how long before the kill the oldest of them
  // was written: everything written before that moment is on the replica.
  const restoredEmails = new Set(query<{ email: string }>(target, 'select email from signatures where email like ?', `%${tag}%`).map((row) => row.email));
  const lost = query<{ email: string; created_at: number }>(databasePath, 'select email, created_at from signatures where email like ?', `%${tag}%`).filter((row) => !restoredEmails.has(row.email));
  const lostWrites = lost.length;
  const pointSeconds = lostWrites > 0 ? (killedAt - Math.min(...lost.map((row) => row.created_at))) / 1000 : 0;
  notes.push(`lost with the machine: ${lostWrites} sign-ups written (${missingEmails.length} of them acknowledged${missingEmails.length ? `, the oldest acknowledged ${((killedAt - oldestMissing) / 1000).toFixed(1)} s before the kill` : ''}), the oldest written ${pointSeconds.toFixed(1)} s before the kill`);
  const allowed = run.endsWith('loss') ? [...tally.acknowledgedAt.values()].filter((at) => at > killedAt - (syncSeconds + 1) * 1000).length : 0;
  if (outcome.duplicated > 0) problems.push(`${outcome.duplicated} sign-ups stored twice`);
  if (outcome.withoutMail > 0) problems.push(`${outcome.withoutMail} restored sign-ups have no mail in the outbox`);
  if (outcome.integrity !== 'ok') problems.push(`integrity_check: ${outcome.integrity}`);
  if (tally.serverErrors > 0) problems.push(`${tally.serverErrors} answers were 5xx`);
  if (outcome.acknowledged === 0) problems.push('no sign-up was acknowledged');
  if (missingEmails.length > allowed) problems.push(`${missingEmails.length} acknowledged sign-ups missing after the restore, more than ${allowed}`);

  if (run.endsWith('crash') || run === 'outage') {
    // The links in mails already sent lead to entries the restored site knows.
    const mails = smtp.received.filter((mail) => /\/confirm\/\?token=/.test(mail.text) && mail.to.some((to) => to.includes(tag))).slice(0, 3);
    for (const mail of mails) {
      const landing = await submitPageForm(restarted, linkIn(mail, '/confirm/'), '_action=confirm').catch((error: Error) => ({ status: 0, html: error.message }));
      const status = query<{ status: string }>(target, 'select status from signatures where email = ?', mail.to[0])[0]?.status;
      if (landing.status !== 303 || !status || status === 'pending') problems.push(`the mailed link for ${mail.to[0]} did not confirm on the restored site (${status})`);
    }
    notes.push(`${mails.length} mailed confirmation links confirmed on the restored site`);
  }
  await restarted.stop();
  await smtp.close();
  await sftp?.stop();
  rmSync(dir, { recursive: true, force: true });
  return {
    run,
    size,
    rate,
    acknowledged: tally.acknowledged.size,
    missing: missingEmails.length,
    lostWrites,
    allowed,
    pointSeconds,
    restoreSeconds: restored.ms / 1000,
    startSeconds: startMs / 1000,
    notes,
    problems,
  };
}

const rows: Row[] = [];
try {
  for (const size of sizes) {
    for (const run of runs) {
      if (run === 'outage' && size !== sizes[0]) continue;
      process.stdout.write(`\n== ${run} at ${size} signatures ==\n`);
      rows.push(await drill(run, size));
    }
  }
} finally {
  closeCrowd();
  rmSync(work, { recursive: true, force: true });
}

const columns = ['run', 'signatures', 'sign-ups/s', 'acknowledged', 'acknowledged, missing after restore', 'allowed', 'written, missing', 'recovery point s', 'restore s', 'start s', 'recovery time s'];
console.log(`\n${signers} signers and ${readers} readers, ${seconds} s of load per run, replicating with Litestream, on loopback\n`);
console.log(`| ${columns.join(' | ')} |\n|${columns.map(() => ' --- ').join('|')}|`);
for (const row of rows) {
  console.log(
    `| ${[row.run, row.size, row.rate.toFixed(0), row.acknowledged, row.missing, row.allowed, row.lostWrites, row.pointSeconds.toFixed(1), row.restoreSeconds.toFixed(1), row.startSeconds.toFixed(1), (row.restoreSeconds + row.startSeconds).toFixed(1)].join(' | ')} |`,
  );
}
for (const row of rows) for (const note of row.notes) console.log(`${row.run} ${row.size}: ${note}`);
const problems = rows.flatMap((row) => row.problems.map((problem) => `${row.run} ${row.size}: ${problem}`));
if (problems.length > 0) {
  console.error(`\nFAILED:\n${problems.map((problem) => `  ${problem}`).join('\n')}`);
  process.exit(1);
}
console.log('\nAll checks passed: every restore passed integrity_check; nothing acknowledged was lost but what a lost machine may take (its sync interval plus a second).');
process.exit(0);
