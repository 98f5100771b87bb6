import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formStamp, letterSlug, signAndConfirm, signUp, submitForm } from '../support/forms.ts';
import { startServer, type RunningServer } from '../support/server.ts';
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
const listPage = `/letters/${letterSlug}/signatories/`;
const json = `/letters/${letterSlug}/signatories.json`;


describe('public pages kept by the server', () => {
  it('answer the next reader from the kept copy, which revalidates with its ETag', async () => {
    const first = await server.fetch(listPage);
    const firstHtml = await first.text();
    const second = await server.fetch(listPage);
    expect(second.headers.get('age')).not.toBeNull();
    expect(second.headers.get('cache-control')).toBe('public, max-age=5, stale-while-revalidate=30');
    expect(await second.text()).toBe(firstHtml);
    const etag = second.headers.get('etag');
    expect(etag).toBeTruthy();
    const revalidated = await server.fetch(listPage, { headers: { 'If-None-Match': etag! } });
    expect(revalidated.status).toBe(304);
    expect(await revalidated.text()).toBe('');
  });

  it('answer a query string the page does not read from the same kept copy, so junk queries cannot force rebuilds', async () => {
    await server.fetch(json);
    for (const junk of ['?r=1', '?r=2&x=y', '?_=1732800000']) {
      const response = await server.fetch(`${json}${junk}`);
      expect(response.headers.get('age'), junk).not.toBeNull();
    }
    // A parameter the list reads is still a page of its own.
    const filtered = await server.fetch(`${listPage}?country=KZ&utm_source=x`);
    expect(filtered.headers.get('age')).toBeNull();
    expect((await server.fetch(`${listPage}?utm_source=y&country=KZ`)).headers.get('age')).not.toBeNull();
  });

  it('are sent compressed, with what the server kept inside', async () => {
    for (const encoding of ['br', 'gzip']) {
      const response = await server.fetch(json, { headers: { 'Accept-Encoding': encoding } });
      expect(response.headers.get('content-encoding')).toBe(encoding);
      expect(response.headers.get('vary')).toMatch(/Accept-Encoding/i);
      expect(JSON.parse(await response.text())).toHaveProperty('signatories');
    }
  });

  it('show a newly published signature at once: the letter page, the list and the export', async () => {
    const before = await Promise.all([letterPage, listPage, json].map(async (path) => (await server.fetch(path)).text()));
    const exportTag = (await server.fetch(json)).headers.get('etag');
    const fields = signUp({ organization: 'Prairie Signal Union', email: 'ops@prairiesignal.kz', website: 'prairiesignal.kz' });
    for (const page of before) expect(page).not.toContain('Prairie Signal Union');
    await signAndConfirm(server, smtp, fields);
    for (const path of [letterPage, listPage, json]) expect(await (await server.fetch(path)).text(), path).toContain('Prairie Signal Union');
    expect((await server.fetch(json)).headers.get('etag')).not.toBe(exportTag);
  });

  it('after a sign-up, show everyone the same "check your email" page, with no cookie', async () => {
    const response = await server.fetch(`${letterPage}?_action=sign`, {
      method: 'POST',
      headers: { Origin: server.url, 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ started: await formStamp(server, letterPage), ...signUp() }),
      redirect: 'manual',
    });
    expect(response.status).toBe(303);
    expect(response.headers.get('set-cookie')).toBeNull();
    const location = response.headers.get('location')!;
    expect(location).toBe(`${letterPage}?done=sign#sign`);
    for (let reader = 0; reader < 2; reader++) expect(await (await server.fetch(location)).text()).toContain('Check your email');
    expect(await (await server.fetch(letterPage)).text()).not.toContain('Check your email');
  });

  it("never keep a page that shows one visitor's form result, nor show it to anyone else", async () => {
    await server.fetch(letterPage);
    const typed = signUp({ organization: 'Mistyped Collective', email: 'not-an-address' });
    const result = await submitForm(server, `${letterPage}?_action=sign`, { started: await formStamp(server, letterPage), ...typed });
    expect(result.html).toContain('Mistyped Collective');
    expect(result.html).toMatch(/class="error-summary/);
    const personal = await server.fetch(result.location!, { headers: { Cookie: 'form-result=whatever' } });
    expect(personal.headers.get('age')).toBeNull();
    expect(personal.headers.get('cache-control')).toBe('no-store');
    const stranger = await (await server.fetch(letterPage)).text();
    expect(stranger).not.toContain('Mistyped Collective');
    expect(stranger).not.toMatch(/class="error-summary/);
  });

  it('never answer a request that carries a staff session from the kept copy', async () => {
    await server.fetch(listPage);
    const staff = await server.fetch(listPage, { headers: { Cookie: 'undersigned-staff=anything' } });
    expect(staff.headers.get('age')).toBeNull();
  });
});
