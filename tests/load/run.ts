/**
 * `npm run test:load`: the built server on loopback under a crowd of signers and readers, three
 * times: steady; killed with SIGKILL mid-run and restarted; with its SMTP server down for a
 * while. Then it checks that every acknowledged sign-up is stored exactly once with its mail,
 * that no answer was a 5xx, that the file passes `integrity_check`, and that every mail was
 * delivered exactly once. Prints the figures; exits 1 when a check fails.
 *
 * LOAD_SECONDS (default 30) sets each run's length; SIGNERS (200) and READERS (50) the crowd.
 * The server keeps its abuse limits as configured by default: the crowd has distinct addresses.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readConfig } from '#lib/config/config.ts';
import { freePort, startServer, type RunningServer } from '../support/server.ts';
import { startSmtp, type ReceivedMail, type SmtpCapture } from '../support/smtp.ts';
import { closeCrowd, newTally, percentile, reader, signer } from './crowd.ts';
import { mailDrained, readOutcome, type Outcome } from './outcome.ts';

const seconds = Number(process.env.LOAD_SECONDS ?? 30);
const signers = Number(process.env.SIGNERS ?? 200);
const readers = Number(process.env.READERS ?? 50);
/** The server's default SIGN_MIN_SECONDS: a sign-up posted sooner after the form was shown is held. */
const minSeconds = 3;

type Stage = {
  server: () => RunningServer;
  /** Milliseconds since the crowd started. */
  at: (fraction: number) => Promise<void>;
  crash: () => Promise<number>;
  smtpDown: () => Promise<void>;
  smtpUp: () => Promise<number>;
};

type Result = { name: string; outcome: Outcome; tally: ReturnType<typeof newTally>; drained: boolean; notes: string[]; crashes: number };

async function scenario(name: string, script: (stage: Stage) => Promise<string[]>): Promise<Result> {
  const dir = mkdtempSync(join(tmpdir(), `undersigned-load-${name}-`));
  const port = await freePort();
  let smtp: SmtpCapture | undefined = await startSmtp();
  const smtpPort = smtp.port;
  const received: ReceivedMail[][] = [smtp.received];
  const env = {
    PORT: String(port),
    SITE_URL: `http://127.0.0.1:${port}`,
    DATABASE_PATH: join(dir, 'undersigned.db'),
    TRUST_PROXY: '1',
    SMTP_URL: smtp.url,
    MAIL_RETRY_SECONDS: '0.5',
  };
  let server = await startServer(env);
  const run = `${name}${Date.now().toString(36)}`;
  const tally = newTally();
  const startedAt = Date.now();
  const until = startedAt + seconds * 1000;
  const base = () => new URL(server.url);
  let smtpDownAt = 0;
  let crashes = 0;

  const crowd = [
    ...Array.from({ length: signers }, (_, vu) => signer({ base, vu: vu + 1, run, until, minSeconds, tally })),
    ...Array.from({ length: readers }, (_, vu) => reader({ base, vu, until, tally })),
  ];
  const notes = await script({
    server: () => server,
    at: (fraction) => new Promise((resolve) => setTimeout(resolve, Math.max(0, startedAt + fraction * seconds * 1000 - Date.now()))),
    crash: async () => {
      crashes += 1;
      const down = Date.now();
      await server.kill();
      server = await startServer(env);
      return Date.now() - down;
    },
    smtpDown: async () => {
      smtpDownAt = Date.now();
      await smtp?.close();
      smtp = undefined;
    },
    smtpUp: async () => {
      smtp = await startSmtp(smtpPort);
      received.push(smtp.received);
      return Date.now() - smtpDownAt;
    },
  });
  await Promise.all(crowd);

  const drained = await mailDrained(env.DATABASE_PATH, run, 120_000);
  // Give the mail server a moment to finish parsing what it accepted last.
  await new Promise((resolve) => setTimeout(resolve, 500));
  const outcome = readOutcome(env.DATABASE_PATH, run, tally, received.flat());
  await server.stop();
  await smtp?.close();
  rmSync(dir, { recursive: true, force: true });
  return { name, outcome, tally, drained, notes, crashes };
}

/** Mails in flight at once, as the servers here run (MAIL_CONNECTIONS unset). */
const mailConnections = readConfig({}).mailConnections;

function failures({ name, outcome, tally, drained, crashes }: Result): string[] {
  const problems: [boolean, string][] = [
    [outcome.lost > 0, `${outcome.lost} acknowledged sign-ups are not in the database`],
    [outcome.duplicated > 0, `${outcome.duplicated} acknowledged sign-ups are stored more than once`],
    [outcome.withoutMail > 0, `${outcome.withoutMail} stored sign-ups have no confirmation mail`],
    [tally.serverErrors > 0, `${tally.serverErrors} answers were 5xx`],
    [outcome.integrity !== 'ok', `integrity_check says ${outcome.integrity}`],
    [!drained || outcome.mails.queued > 0, `${outcome.mails.queued} mails still queued after two minutes`],
    [outcome.mails.failed > 0, `${outcome.mails.failed} mails failed`],
    [outcome.mails.missing > 0, `${outcome.mails.missing} mails marked sent never reached the SMTP server`],
    [outcome.mails.deliveredTwice > 0, `${outcome.mails.deliveredTwice} mails were delivered twice`],
    // The worker has one mail in flight per SMTP connection: a kill can catch at most that many mid-send.
    [outcome.mails.interrupted > crashes * mailConnections, `${outcome.mails.interrupted} mails were caught mid-send by ${crashes} crash(es), more than ${mailConnections} each`],
    [outcome.acknowledged === 0, 'no sign-up was acknowledged at all'],
  ];
  return problems.filter(([failed]) => failed).map(([, message]) => `${name}: ${message}`);
}

const steady = await scenario('steady', async () => []);
const crash = await scenario('crash', async (stage) => {
  // Halfway: the first sign-ups come minSeconds after the start, so by then they are flowing.
  await stage.at(0.5);
  const downMs = await stage.crash();
  return [`SIGKILL at ${Math.round(0.5 * seconds)} s; restarted and listening again after ${downMs} ms`];
});
const outage = await scenario('outage', async (stage) => {
  await stage.at(0.35);
  await stage.smtpDown();
  await stage.at(0.7);
  const downMs = await stage.smtpUp();
  return [`SMTP server down from ${Math.round(0.35 * seconds)} s for ${(downMs / 1000).toFixed(1)} s`];
});
closeCrowd();

const results = [steady, crash, outage];
const columns = ['run', 'sign-ups sent', 'acknowledged', 'stored', 'lost', 'stored, answer cut off', 'refused', '5xx', 'no answer', 'sign-ups/s', 'p50 ms', 'p99 ms', 'reads', 'mails', 'delivered', 'delivered twice', 'mid-send at kill', 'of those, got twice'];
const rows = results.map(({ name, outcome, tally }) => [
  name,
  tally.attempted,
  outcome.acknowledged,
  outcome.stored,
  outcome.lost,
  outcome.storedUnacknowledged,
  tally.refused,
  tally.serverErrors,
  tally.networkErrors,
  (outcome.acknowledged / seconds).toFixed(0),
  percentile(tally.signLatencies, 50),
  percentile(tally.signLatencies, 99),
  tally.reads,
  outcome.mails.total,
  outcome.mails.delivered,
  outcome.mails.deliveredTwice,
  outcome.mails.interrupted,
  outcome.mails.interruptedDeliveredTwice,
]);
console.log(`\n${signers} signers and ${readers} readers for ${seconds} s per run, on loopback\n`);
console.log(`| ${columns.join(' | ')} |\n|${columns.map(() => ' --- ').join('|')}|`);
for (const row of rows) console.log(`| ${row.join(' | ')} |`);
for (const { name, notes, outcome } of results) {
  for (const note of notes) console.log(`${name}: ${note}`);
  console.log(`${name}: integrity_check ${outcome.integrity}; mails sent ${outcome.mails.sent}, failed ${outcome.mails.failed}, still queued ${outcome.mails.queued}`);
}
const problems = results.flatMap(failures);
if (problems.length > 0) {
  console.error(`\nFAILED:\n${problems.map((problem) => `  ${problem}`).join('\n')}`);
  process.exit(1);
}
console.log('\nAll checks passed: nothing acknowledged was lost, no 5xx, every mail delivered once (a mail caught mid-send by a kill goes out again with the same Message-ID).');
