import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { query } from '../support/database.ts';
import { formStamp, letterSlug, signAndConfirm, signUp } from '../support/forms.ts';
import { startServer, type RunningServer } from '../support/server.ts';
import { startSmtp, type SmtpCapture } from '../support/smtp.ts';

/**
 * The server answers from several threads of one process on one port; the kernel hands each new
 * connection to one of them. Each thread keeps its own copies of public pages and its own
 * connection to the database, so these tests use a fresh connection per request to reach them all.
 */
let smtp: SmtpCapture;
let server: RunningServer;
const threads = 3;

beforeAll(async () => {
  smtp = await startSmtp();
  server = await startServer({ SMTP_URL: smtp.url, SIGN_MIN_SECONDS: '0', MAIL_RETRY_SECONDS: '0.2', TRUST_PROXY: '1', HTTP_THREADS: String(threads) });
  // The first thread announces the port; the others join it a moment later.
  const deadline = Date.now() + 15_000;
  while (server.logs.filter((line) => line.includes('"server.thread_listening"')).length < threads - 1) {
    if (Date.now() > deadline) throw new Error(`threads did not start:\n${server.logs.join('\n')}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
});
afterAll(async () => {
  await server?.stop();
  await smtp?.close();
});

/** One request on a connection of its own (no keep-alive), so the kernel may pick any thread. */
function freshRequest(path: string, options: { method?: string; headers?: Record<string, string>; body?: string } = {}) {
  const target = new URL(path, server.url);
  return new Promise<{ status: number; body: string }>((resolve, reject) => {
    const req = request({ host: target.hostname, port: target.port, path: target.pathname + target.search, method: options.method ?? 'GET', headers: options.headers, agent: false }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode!, body }));
    });
    req.on('error', reject);
    req.end(options.body);
  });
}

const listPage = `/letters/${letterSlug}/signatories/`;

describe('a server of several threads', () => {
  it('shows a signature confirmed through one thread on every thread at once, from pages each had kept', async () => {
    // Every thread renders and keeps the list before the change.
    const before = await Promise.all(Array.from({ length: 40 }, () => freshRequest(listPage)));
    for (const page of before) expect(page.body).not.toContain('Thread Test Alliance');

    const fields = signUp({ organization: 'Thread Test Alliance', email: 'desk@threadtest.kz', website: 'threadtest.kz' });
    await signAndConfirm(server, smtp, fields);

    // Within the five seconds those copies would otherwise stay fresh, no thread serves one. (One
    // at a time: a request that comes while a thread renders the page anew may get the copy before.)
    for (let n = 0; n < 40; n++) expect((await freshRequest(listPage)).body).toContain('Thread Test Alliance');
  });

  it('stores every sign-up of a burst that lands on all threads at once, each exactly once', async () => {
    const page = `/letters/${letterSlug}/`;
    const started = await formStamp(server, page);
    const burst = Array.from({ length: 90 }, (_, n) => ({ ...signUp({ organization: `Burst Cooperative ${n}`, email: `office@burst${n}.example.org`, website: `burst${n}.example.org` }), started }));
    const answers = await Promise.all(
      burst.map((fields, n) =>
        freshRequest(`${page}?_action=sign`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/x-www-form-urlencoded', Origin: server.url, 'X-Forwarded-For': `192.0.2.${n + 1}` },
          body: new URLSearchParams(fields).toString(),
        }),
      ),
    );
    expect(answers.map((answer) => answer.status)).toEqual(burst.map(() => 303));

    const stored = query<{ organization: string; n: number }>(server.databasePath, "select organization, count(*) as n from signatures where organization like 'Burst Cooperative %' group by organization");
    const [queued] = query<{ n: number }>(server.databasePath, "select count(*) as n from outbox where recipient like 'office@burst%'");
    expect(stored).toHaveLength(90);
    expect(stored.every((row) => row.n === 1)).toBe(true);
    expect(queued!.n).toBe(90);
  });
});
