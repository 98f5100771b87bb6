/**
 * `npm run bench`: the built server on loopback against the machine's own limits, in one table.
 * Every figure stands beside a baseline measured in the same run (a bare node:http server, the
 * same sign-up writes without HTTP, a static file of the same size, one plain query), so the
 * ratios mean the same on any machine. A script, not a test: it fails on nothing but a broken run.
 * BENCH_SECONDS (default 10) sets each measurement's length; BENCH_ONLY (a comma-separated subset of
 * signups, mail, reading, export, weight, start) runs part of the table while working on one figure.
 */
import { spawn } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import Sqlite from 'better-sqlite3';
import { SMTPServer } from 'smtp-server';
import { openDatabase } from '#db/client.ts';
import { migrateDatabase } from '#db/migrate.ts';
import { staffSessions } from '#db/schema/index.ts';
import { signTimestamp } from '#lib/forms/form-timestamp.ts';
import { signLetter } from '#lib/signing/sign-letter.ts';
import { formStamp, letterSlug } from '../support/forms.ts';
import { freePort, projectRoot, startServer, type RunningServer } from '../support/server.ts';
import { seedSignatures } from './seed.ts';

const seconds = Number(process.env.BENCH_SECONDS ?? 10);
const letter = letterSlug;
const work = mkdtempSync(join(tmpdir(), 'undersigned-bench-'));
const table: string[][] = [];
const row = (...cells: (string | number)[]) => table.push(cells.map(String));
const perSecond = (value: number) => Math.round(value).toLocaleString('en');
const ratio = (value: number, baseline: number) => `${Math.round((100 * value) / baseline)}%`;
const sections = new Set((process.env.BENCH_ONLY ?? 'signups,mail,reading,export,weight,start').split(','));

/** A mail server that takes every message and keeps nothing, so mail costs the server what it would in production. */
async function mailSink(): Promise<{ url: string; close: () => Promise<void> }> {
  const server = new SMTPServer({ authOptional: true, disabledCommands: ['STARTTLS'], logger: false, onData: (stream, _s, done) => stream.on('end', () => done()).resume() });
  server.on('error', () => {}); // a client resetting its connection is not this server's failure
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.server.address() as { port: number };
  return { url: `smtp://127.0.0.1:${port}`, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

async function load(url: string, connections: number, options: Partial<autocannon.Options> = {}) {
  const result = await autocannon({ url, connections, duration: seconds, ...options });
  return { rate: result.requests.average, p99: result.latency.p99, non2xx: result.non2xx, errors: result.errors + result.timeouts };
}

const sink = await mailSink();

// --- Baselines -----------------------------------------------------------------------------
if (sections.has('signups')) {
  const barePort = await freePort();
  const bare = spawn(process.execPath, ['-e', `require('node:http').createServer((q, s) => s.end('ok')).listen(${barePort}, '127.0.0.1')`], { stdio: 'ignore' });
  await new Promise((resolve) => setTimeout(resolve, 300));
  const bareRate = { 50: await load(`http://127.0.0.1:${barePort}/`, 50), 200: await load(`http://127.0.0.1:${barePort}/`, 200) };
  bare.kill();

  /** The same sign-up writes as the server makes, in this process with no HTTP, one after another: a commit each. */
  async function rawSignUps(count: number): Promise<number> {
    const db = openDatabase(join(work, 'raw.db'));
    migrateDatabase(db, projectRoot);
    const secret = 'bench';
    const now = new Date();
    const context = {
      db, now, secret, siteUrl: new URL('http://localhost'),
      letters: new Map([[letter, { slug: letter, title: { en: 'L', ru: 'L', kk: 'L' }, status: 'open' as const, closesAt: new Date('2030-01-01'), publication: 'on-verification' as const, recipients: { en: ['R'], ru: ['R'], kk: ['R'] } }]]),
      campaign: { name: { en: 'C', ru: 'C', kk: 'C' }, contactEmail: 'c@example.org', wellKnownOrganizations: [] },
    };
    const started = performance.now();
    for (let n = 0; n < count; n++) {
      await signLetter(
        context,
        {
          letter, organization: `Raw Org ${n}`, country: 'KZ', website: `https://raw${n}.example.org/`, orgType: 'ngo', statement: undefined, listing: 'named',
          contactName: 'Dana', contactRole: 'Director', email: `dana@raw${n}.example.org`, consent: 'on', fax: undefined, started: signTimestamp(secret, new Date(now.getTime() - 60_000)),
        },
        { ip: `2001:db8:${(n >> 16).toString(16)}:${(n & 0xffff).toString(16)}::1`, locale: 'en', minSeconds: 3 },
      );
    }
    const rate = count / ((performance.now() - started) / 1000);
    db.$client.close();
    return rate;
  }
  const rawRate = await rawSignUps(3000);

  // --- Sign-ups through the server -----------------------------------------------------------
  const signServer = await startServer({ DATABASE_PATH: join(work, 'sign.db'), SMTP_URL: sink.url, TRUST_PROXY: '1' });
  const stamp = await formStamp(signServer, `/letters/${letter}/`);
  await new Promise((resolve) => setTimeout(resolve, Math.max(0, Number(stamp.split('.')[0]) + 3100 - Date.now())));
  let next = 0;

  type PairContext = { started?: number; location?: string; cookie?: string };

  async function signUps(connections: number) {
    const pairs: number[] = [];
    let ok = 0;
    let failed = 0;
    const result = await autocannon({
      url: signServer.url,
      connections,
      duration: seconds,
      requests: [
        {
          method: 'POST',
          path: `/letters/${letter}/?_action=sign`,
          setupRequest: (req, raw) => {
            const context = raw as PairContext;
            const n = next++;
            context.started = performance.now();
            req.headers = { ...req.headers, 'content-type': 'application/x-www-form-urlencoded', origin: signServer.url, 'x-forwarded-for': `2001:db8:${(n >> 16).toString(16)}:${(n & 0xffff).toString(16)}::1` };
            req.body = new URLSearchParams({
              letter, organization: `Bench Association ${n}`, country: 'KZ', website: `bench${n}.example.org`, orgType: 'ngo', statement: '', listing: 'named',
              contactName: 'Bench Signer', contactRole: 'Director', email: `signer@bench${n}.example.org`, consent: 'on', started: stamp,
            }).toString();
            return req;
          },
          onResponse: (status, _body, raw, headers) => {
            const context = raw as PairContext;
            context.location = status === 303 ? (headers as Record<string, string>).location : undefined;
            context.cookie = (headers as Record<string, string | undefined>)['set-cookie']?.toString().split(';')[0];
          },
        },
        {
          method: 'GET',
          setupRequest: (req, raw) => {
            const context = raw as PairContext;
            if (!context.location) return undefined as never;
            req.path = context.location.split('#')[0]!;
            req.headers = { ...req.headers, ...(context.cookie ? { cookie: context.cookie } : {}) };
            return req;
          },
          onResponse: (status, body, raw) => {
            const context = raw as PairContext;
            if (status === 200 && body.includes('Check your email')) {
              ok += 1;
              pairs.push(performance.now() - (context.started ?? 0));
            } else failed += 1;
          },
        },
      ],
    });
    pairs.sort((a, b) => a - b);
    const at = (p: number) => Math.round(pairs[Math.min(pairs.length - 1, Math.floor((p / 100) * pairs.length))] ?? 0);
    return { rate: ok / seconds, p50: at(50), p99: at(99), failed, timeouts: result.timeouts, errors: result.errors };
  }
  /** Errors the server logged (a failed thread, a failed commit): a fast run with these is not a good run. */
  const serverErrors = () => signServer.logs.filter((line) => line.includes('"level":"error"')).length;
  for (const connections of [50, 200] as const) {
    const errorsBefore = serverErrors();
    const run = await signUps(connections);
    row(`sign-ups/s, ${connections} clients (POST + GET)`, perSecond(run.rate), `p50 ${run.p50} ms, p99 ${run.p99} ms, ${run.failed} wrong answers, ${run.timeouts} timeouts (10 s), ${run.errors} connection errors, ${serverErrors() - errorsBefore} server errors`, `bare node:http ${perSecond(bareRate[connections].rate)} req/s; same writes in-process ${perSecond(rawRate)}/s`, ratio(run.rate, rawRate) + ' of in-process');
  }
  await signServer.stop();
}

// --- Mail drain: a rush of sign-ups, mailed through a provider across the internet -----------
if (sections.has('mail')) {
  const rush = Number(process.env.BENCH_MAIL_RUSH ?? 3000);
  const replyDelayMs = 50;
  /** When the SMTP server answered 250 to each recipient's message. */
  const accepted = new Map<string, number>();
  const later = (callback: () => void) => setTimeout(callback, replyDelayMs);
  // Every reply 50 ms late, as from a provider 50 ms away: greeting, MAIL, RCPT and the end of DATA.
  const provider = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    maxClients: 1000,
    onConnect: (_session, callback) => later(callback),
    onMailFrom: (_address, _session, callback) => later(callback),
    onRcptTo: (_address, _session, callback) => later(callback),
    onData: (stream, session, callback) => {
      stream.resume();
      stream.on('end', () =>
        later(() => {
          for (const rcpt of session.envelope.rcptTo) accepted.set(rcpt.address, performance.now());
          callback();
        }),
      );
    },
  });
  provider.on('error', () => {});
  await new Promise<void>((resolve) => provider.listen(0, '127.0.0.1', resolve));
  const providerPort = (provider.server.address() as { port: number }).port;
  const mailServer = await startServer({ DATABASE_PATH: join(work, 'mail.db'), SMTP_URL: `smtp://127.0.0.1:${providerPort}`, TRUST_PROXY: '1', SIGN_MIN_SECONDS: '0' });
  const stamp = await formStamp(mailServer, `/letters/${letter}/`);
  const answered = new Map<string, number>();
  let next = 0;
  const rushStarted = performance.now();
  await Promise.all(
    Array.from({ length: 200 }, async () => {
      while (next < rush) {
        const n = next++;
        const email = `desk@rush${n}.example.org`;
        const response = await fetch(`${mailServer.url}/letters/${letter}/?_action=sign`, {
          method: 'POST',
          redirect: 'manual',
          headers: { 'content-type': 'application/x-www-form-urlencoded', origin: mailServer.url, 'x-forwarded-for': `2001:db8:${(n >> 16).toString(16)}:${(n & 0xffff).toString(16)}::1` },
          body: new URLSearchParams({ letter, organization: `Rush Association ${n}`, country: 'KZ', website: `rush${n}.example.org`, orgType: 'ngo', statement: '', listing: 'named', contactName: 'Rush Signer', contactRole: 'Director', email, consent: 'on', started: stamp }),
        });
        await response.arrayBuffer();
        if (response.status === 303) answered.set(email, performance.now());
      }
    }),
  );
  const rushSeconds = (performance.now() - rushStarted) / 1000;
  const deadline = Date.now() + 300_000;
  while (accepted.size < answered.size && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 200));
  const delays = [...answered].filter(([email]) => accepted.has(email)).map(([email, at]) => accepted.get(email)! - at).sort((a, b) => a - b);
  const at = (p: number) => Math.round(delays[Math.min(delays.length - 1, Math.floor((p / 100) * delays.length))] ?? 0);
  const times = [...accepted.values()];
  const drainSeconds = (Math.max(...times) - Math.min(...times)) / 1000;
  row(
    `mail drain: ${rush.toLocaleString('en')} sign-ups, SMTP replies 50 ms late`,
    `${perSecond(accepted.size / drainSeconds)} mails/s`,
    `sign-up answered → SMTP 250: p50 ${(at(50) / 1000).toFixed(1)} s, p99 ${(at(99) / 1000).toFixed(1)} s; ${accepted.size}/${answered.size} mailed; the rush itself took ${rushSeconds.toFixed(1)} s`,
    `one connection, one mail at a time: ${perSecond(1000 / (4 * replyDelayMs))} mails/s`,
    '',
  );
  await mailServer.stop();
  await new Promise<void>((resolve) => provider.close(() => resolve()));
}

// --- Reading, with 10,000 published signatures ----------------------------------------------
if (sections.has('reading')) {
  const readDb = join(work, 'read.db');
  seedSignatures(readDb, 10_000);
  const readServer = await startServer({ DATABASE_PATH: readDb, SMTP_URL: sink.url });
  const staticDir = join(projectRoot, 'dist/client/__bench');
  mkdirSync(staticDir, { recursive: true });
  try {
    for (const [name, path] of [['home', '/'], ['letter page', `/letters/${letter}/`], ['list, country KZ', `/letters/${letter}/signatories/?country=KZ`], ['signatories.json', `/letters/${letter}/signatories.json`]] as const) {
      const body = Buffer.from(await (await readServer.fetch(path)).arrayBuffer());
      const file = `${name.replace(/\W+/g, '-')}.html`;
      writeFileSync(join(staticDir, file), body);
      const headers = { 'accept-encoding': 'gzip, deflate, br' };
      const page = await load(`${readServer.url}${path}`, 50, { headers });
      const same = await load(`${readServer.url}/__bench/${file}`, 50, { headers });
      row(`${name} (10,000 signatures), req/s`, perSecond(page.rate), `p99 ${page.p99} ms, ${(body.length / 1024).toFixed(0)} KB${page.non2xx + page.errors ? `, ${page.non2xx + page.errors} failed` : ''}`, `static file of that size ${perSecond(same.rate)} req/s, p99 ${same.p99} ms`, ratio(page.rate, same.rate));
    }
  } finally {
    rmSync(staticDir, { recursive: true, force: true });
    await readServer.stop();
  }
}

// --- Export of 100,000 signatures ----------------------------------------------------------
const bigDb = join(work, 'big.db');
if (sections.has('export') || sections.has('start')) seedSignatures(bigDb, 100_000);

/** Milliseconds from spawning the server to its first 200 on /healthz. */
async function startTime(databasePath: string): Promise<number> {
  const port = await freePort();
  const started = performance.now();
  const child = spawn(process.execPath, ['dist/server/entry.mjs'], { cwd: projectRoot, env: { PATH: process.env.PATH, HOST: '127.0.0.1', PORT: String(port), DATABASE_PATH: databasePath, NODE_ENV: 'test', SMTP_URL: sink.url }, stdio: 'ignore' });
  for (;;) {
    const ok = await new Promise<boolean>((resolve) => {
      const req = httpRequest({ host: '127.0.0.1', port, path: '/healthz' }, (res) => {
        res.resume();
        resolve(res.statusCode === 200);
      });
      req.on('error', () => resolve(false));
      req.end();
    });
    if (ok) break;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  const elapsed = performance.now() - started;
  child.kill('SIGTERM');
  await new Promise((resolve) => child.once('exit', resolve));
  return elapsed;
}

if (sections.has('export')) {
  const plainStarted = performance.now();
  const plain = new Sqlite(bigDb, { readonly: true });
  const plainRows = plain.prepare('select * from signatures where letter = ?').all(letter).length;
  plain.close();
  const plainSeconds = (performance.now() - plainStarted) / 1000;
  const cookie = randomBytes(32).toString('base64url');
  const staffDb = openDatabase(bigDb);
  staffDb.insert(staffSessions).values({ id: createHash('sha256').update(cookie).digest('hex'), email: 'bench@campaign.example', createdAt: new Date(), lastSeenAt: new Date(), userAgent: 'bench' }).run();
  staffDb.$client.close();
  const exportServer: RunningServer = await startServer({ DATABASE_PATH: bigDb, SMTP_URL: sink.url, STAFF_EMAILS: 'bench@campaign.example' });
  try {
    const status = () => readFileSync(`/proc/${exportServer.pid}/status`, 'utf8');
    const kib = (name: string) => Number(status().match(new RegExp(`${name}:\\s+(\\d+)`))?.[1] ?? 0);
    for (const format of ['csv', 'json', 'txt'] as const) {
      writeFileSync(`/proc/${exportServer.pid}/clear_refs`, '5');
      const before = kib('VmRSS');
      const started = performance.now();
      const response = await exportServer.fetch(`/admin/letters/${letter}/export.${format}`, { headers: { Cookie: `undersigned-staff=${cookie}` } });
      let bytes = 0;
      for await (const chunk of response.body!) bytes += (chunk as Uint8Array).byteLength;
      const took = (performance.now() - started) / 1000;
      row(`export of ${plainRows.toLocaleString('en')} signatures, ${format}`, `${took.toFixed(2)} s`, `${(bytes / 1048576).toFixed(1)} MB; server peak ${(kib('VmHWM') / 1024).toFixed(0)} MB (${((kib('VmHWM') - before) / 1024).toFixed(0)} MB above before)`, `one plain query for the rows: ${plainSeconds.toFixed(2)} s`, `${(took / plainSeconds).toFixed(1)}× the query`);
    }
  } finally {
    await exportServer.stop();
  }
}

// --- Weight of every public page type, in each language ------------------------------------
if (sections.has('weight')) {
  const weightServer = await startServer({ DATABASE_PATH: join(work, 'weight.db'), SMTP_URL: sink.url });
  try {
    const types = [
      ['home', '/'], ['letter', `/letters/${letter}/`], ['sign', `/letters/${letter}/sign/`], ['signatories', `/letters/${letter}/signatories/`],
      ['articles', '/articles/'], ['article', '/articles/what-happened-in-january-2022/'], ['timeline', '/timeline/'], ['about', '/about/'], ['privacy', '/privacy/'], ['faq', '/faq/'],
    ] as const;
    /** Bytes on the wire for a path, as a browser asking for brotli or gzip gets them: status line, headers and compressed body. */
    const transfer = (path: string) =>
      new Promise<{ html: string; bytes: number }>((resolve, reject) => {
        const target = new URL(path, weightServer.url);
        const req = httpRequest({ host: target.hostname, port: target.port, path: target.pathname + target.search, headers: { 'Accept-Encoding': 'br, gzip' } }, (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('end', async () => {
            const raw = Buffer.concat(chunks);
            const { brotliDecompressSync, gunzipSync } = await import('node:zlib');
            const encoding = res.headers['content-encoding'];
            const html = (encoding === 'br' ? brotliDecompressSync(raw) : encoding === 'gzip' ? gunzipSync(raw) : raw).toString('utf8');
            const headerBytes = res.rawHeaders.reduce((sum, part) => sum + part.length + 2, 17);
            resolve({ html, bytes: raw.length + headerBytes });
          });
        });
        req.on('error', reject);
        req.end();
      });
    for (const locale of ['', '/ru', '/kk']) {
      const cells: string[] = [];
      for (const [name, path] of types) {
        const page = await transfer(`${locale}${path}`);
        const assets = [...page.html.matchAll(/<link[^>]+rel="(?:stylesheet|icon)"[^>]*href="([^"]+)"|<img[^>]+src="([^"]+)"/g)].map((match) => match[1] ?? match[2]!);
        let bytes = page.bytes;
        for (const asset of assets) bytes += (await transfer(asset)).bytes;
        cells.push(`${name} ${(bytes / 1024).toFixed(1)} KB/${1 + assets.length}`);
      }
      row(`weight ${locale || '/en'} (KB transferred / requests)`, cells.slice(0, 5).join(', '), cells.slice(5).join(', '), 'budget 30 KB, ≤ 3 requests', '');
    }
  } finally {
    await weightServer.stop();
  }
}

// --- Start ---------------------------------------------------------------------------------
if (sections.has('start')) {
  row('start to first response, fresh database', `${Math.round(await startTime(join(work, 'fresh.db')))} ms`, '', '', '');
  row('start to first response, 100,000 signatures', `${Math.round(await startTime(bigDb))} ms`, '', 'target < 1,500 ms', '');
}

await sink.close();
rmSync(work, { recursive: true, force: true });
console.log(`\nundersigned bench: ${seconds} s per load figure, 2001:db8::/32 clients through TRUST_PROXY=1, loopback\n`);
console.log('| figure | value | detail | baseline | vs baseline |\n| --- | --- | --- | --- | --- |');
for (const cells of table) console.log(`| ${cells.join(' | ')} |`);
