import { spawnSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formStamp, letterSlug, signAndConfirm, signUp, submitForm } from '../support/forms.ts';
import { rawRequest } from '../support/raw-http.ts';
import { projectRoot, startServer, type RunningServer } from '../support/server.ts';
import { startSmtp, type SmtpCapture } from '../support/smtp.ts';

let smtp: SmtpCapture;
let server: RunningServer;

beforeAll(async () => {
  smtp = await startSmtp();
  server = await startServer({ SMTP_URL: smtp.url, SIGN_MIN_SECONDS: '0', MAIL_RETRY_SECONDS: '0.2' });
});
afterAll(async () => {
  await server?.stop();
  await smtp?.close();
});

const letterPage = `/letters/${letterSlug}/`;
const signPage = `/letters/${letterSlug}/sign/`;
const listPage = `/letters/${letterSlug}/signatories/`;
const json = `/letters/${letterSlug}/signatories.json`;
const exports = [json, `/letters/${letterSlug}/signatories.csv`, `/letters/${letterSlug}/letter-en.html`];
const kept = (response: Response) => response.headers.get('x-astro-cache');

describe('public pages kept by the server', () => {
  it('answer the next reader from the kept copy, and tell proxies and browsers how long to keep them', async () => {
    const first = await server.fetch(listPage);
    const html = await first.text();
    const second = await server.fetch(listPage);
    expect(kept(second)).toBe('HIT');
    expect(second.headers.get('cache-control')).toBe('public, max-age=5, stale-while-revalidate=30');
    expect(await second.text()).toBe(html);
    expect((await server.fetch(json)).headers.get('cache-control')).toBe('public, max-age=10, stale-while-revalidate=60');
  });

  it('send a page with the sign form to nobody who could keep it past its stamp', async () => {
    const page = await server.fetch(signPage);
    const stamp = Number((await page.text()).match(/name="started" value="(\d+)\./)![1]);
    expect(page.headers.get('cache-control')).toBe('public, must-revalidate');
    expect(Date.parse(page.headers.get('expires')!)).toBeLessThanOrEqual(stamp);
  });

  it('answer junk queries from the page they name, or redirect them there, so no junk makes a new page', async () => {
    await server.fetch(json);
    // Parameters no page reads are not part of any page's address: the kept copy answers.
    for (const junk of ['?r=1', '?utm_source=x&x=y', '?token=abc', '?_=1732800000']) expect(kept(await server.fetch(`${json}${junk}`)), junk).toBe('HIT');
    // Parameters some page reads, sent to one that does not, are sent back to its own address.
    for (const junk of ['?q=x', '?page=2', '?done=sign', '?result=sign']) {
      const response = await server.fetch(`${json}${junk}`);
      expect(response.status, junk).toBe(301);
      expect(response.headers.get('location'), junk).toBe(json);
    }
    // A parameter the list reads is a page of its own; a value it cannot have is sent back to one it can.
    expect((await server.fetch(`${listPage}?country=KZ&page=0x1&utm_source=x`)).headers.get('location')).toBe(`${listPage}?country=KZ&utm_source=x`);
    expect((await server.fetch(`${listPage}?country=XX`)).headers.get('location')).toBe(listPage);
    expect((await server.fetch(`${listPage}?page=99`)).headers.get('location')).toBe(`${listPage}?page=1`);
    expect((await server.fetch(`${listPage}?q=${'long'.repeat(40)}`)).headers.get('location')).toBe(listPage);
    expect((await server.fetch(`${letterPage}?done=nonsense`)).headers.get('location')).toBe(letterPage);
  });

  it('answer a HEAD from the kept copy and keep nothing empty: a GET after it gets the whole export', async () => {
    for (const path of exports) {
      const head = await server.fetch(path, { method: 'HEAD' });
      expect(head.status, path).toBe(200);
      const body = await (await server.fetch(path)).text();
      expect(body.length, path).toBeGreaterThan(40);
    }
  });

  it('show a newly published signature at once: the letter page, the list and the exports', async () => {
    const paths = [letterPage, listPage, ...exports];
    const before = await Promise.all(paths.map(async (path) => (await server.fetch(path)).text()));
    for (const page of before) expect(page).not.toContain('Prairie Signal Union');
    expect(kept(await server.fetch(listPage))).toBe('HIT');
    await signAndConfirm(server, smtp, signUp({ organization: 'Prairie Signal Union', email: 'ops@prairiesignal.kz', website: 'prairiesignal.kz' }));
    for (const path of paths) expect(await (await server.fetch(path)).text(), path).toContain('Prairie Signal Union');
  });

  it('show a change made by another process, through the database file, within seconds', async () => {
    const other = await startServer({ DATABASE_PATH: server.databasePath, SMTP_URL: smtp.url, SIGN_MIN_SECONDS: '0' });
    try {
      await server.fetch(listPage);
      expect(kept(await server.fetch(listPage))).toBe('HIT');
      await signAndConfirm(other, smtp, signUp({ organization: 'Far Shore Collective', email: 'hq@farshore.kz', website: 'farshore.kz' }));
      expect(await (await server.fetch(listPage)).text()).toContain('Far Shore Collective');
    } finally {
      await other.stop();
    }
    // An operator's command changes the list too: staff hide the entry in the file, as any process could.
    await server.fetch(json);
    const hide = spawnSync(process.execPath, ['-e', `require('better-sqlite3')(process.argv[1]).prepare("update signatures set status = 'hidden' where organization = 'Far Shore Collective'").run()`, server.databasePath], { cwd: projectRoot });
    expect(hide.status).toBe(0);
    expect(await (await server.fetch(json)).text()).not.toContain('Far Shore Collective');
  });

  it('after a sign-up, keep no copy of the "check your email" page, which shows only its own visitor the address typed', async () => {
    const fields = signUp();
    const response = await server.fetch(`${letterPage}?_action=sign`, {
      method: 'POST',
      headers: { Origin: server.url, 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ started: await formStamp(server, letterPage), ...fields }),
    });
    expect(response.status).toBe(303);
    const location = response.headers.get('location')!;
    expect(location).toBe(`/letters/${letterSlug}/sent/`);
    const cookie = response.headers.get('set-cookie')!.split(';')[0]!;
    const own = await server.fetch(location, { headers: { Cookie: cookie } });
    expect(own.headers.get('cache-control')).toBe('private, no-store');
    expect(kept(own)).not.toBe('HIT');
    expect(await own.text()).toContain(fields.email!);
    for (let reader = 0; reader < 2; reader++) {
      const other = await server.fetch(location);
      expect(kept(other)).not.toBe('HIT');
      const html = await other.text();
      expect(html).toContain('Check your email');
      expect(html).not.toContain(fields.email!);
    }
    expect(await (await server.fetch(letterPage)).text()).not.toContain('Check your email');
  });

  it("never keep a page that shows one visitor's form result, nor show it to anyone else", async () => {
    await server.fetch(letterPage);
    const typed = signUp({ organization: 'Mistyped Collective', email: 'not-an-address' });
    const result = await submitForm(server, `${letterPage}?_action=sign`, { started: await formStamp(server, letterPage), ...typed });
    expect(result.location).toBe(`${letterPage}?result=sign#sign`);
    expect(result.html).toContain('Mistyped Collective');
    expect(result.html).toMatch(/class="error-summary/);
    for (const cookie of ['form-result=whatever', '']) {
      const again = await server.fetch(result.location!, { headers: { Cookie: cookie } });
      expect(kept(again)).not.toBe('HIT');
      expect(again.headers.get('cache-control')).toBe('no-store');
      expect(await again.text()).not.toContain('Mistyped Collective');
    }
    const stranger = await (await server.fetch(letterPage)).text();
    expect(stranger).not.toContain('Mistyped Collective');
    expect(stranger).not.toMatch(/class="error-summary/);
  });
});

describe('odd request targets', () => {
  it('are refused, and no spelling of an address can change what another address serves', async () => {
    const host = new URL(server.url).host;
    for (const target of [`//ru${signPage}`, `/\\ru${signPage}`, `http://${host}/ru${signPage}`, `http://elsewhere.example${listPage}`, '*']) {
      for (let attempt = 0; attempt < 4; attempt++) expect((await rawRequest(server.url, 'GET', target)).status, target).toBe(400);
    }
    const page = await (await server.fetch(signPage)).text();
    expect(page).toMatch(/<html lang="en"/);
    expect((await (await server.fetch(listPage)).text())).toMatch(/<h1>Signatories<\/h1>/);
  });
});

describe('a stranger sending thousands of distinct queries', () => {
  // A server whose heap may not pass 64 MB: anything a request leaves behind (8 KB of query
  // here, 96 MB over the flood) would exhaust it and kill the server, whatever else the machine
  // is doing. Resident memory, by contrast, moves with the load of the machine, so it is not
  // what this test reads.
  let small: RunningServer;
  beforeAll(async () => {
    small = await startServer({ NODE_OPTIONS: '--max-old-space-size=64', SMTP_URL: smtp.url });
  });
  afterAll(async () => {
    await small?.stop();
  });

  it('keeps the server alive within a small heap, and the exports are built once', async () => {
    const targets = [letterPage, ...exports];
    const long = 'x'.repeat(2_000);
    let sent = 0;
    const worker = async () => {
      while (sent < 12_000) {
        const n = sent++;
        const query = new URLSearchParams({ q: `${long}${n}`, page: String(n), token: `${long}${n}`, done: `${long}${n}` });
        const response = await small.fetch(`${targets[n % targets.length]}?${query}`);
        expect(response.status).toBe(301);
        await response.arrayBuffer();
      }
    };
    for (const path of targets) await small.fetch(path);
    await Promise.all(Array.from({ length: 16 }, worker));
    for (const path of exports) expect(kept(await small.fetch(path)), path).toBe('HIT');
    expect(small.logs.join('\n')).not.toMatch(/heap out of memory/i);
    // Tens of seconds on a busy machine running the other test files alongside.
  }, 240_000);
});
