import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { query } from '../support/database.ts';
import { formFields, letterSlug, signUp } from '../support/forms.ts';
import { startNginx, type RunningProxy } from '../support/nginx.ts';
import { rawRequest } from '../support/raw-http.ts';
import { freePort, startServer, type RunningServer } from '../support/server.ts';
import { linkIn, startSmtp, type SmtpCapture } from '../support/smtp.ts';

let smtp: SmtpCapture;
let server: RunningServer;
let proxy: RunningProxy;

beforeAll(async () => {
  smtp = await startSmtp();
  const proxyPort = await freePort();
  // As deployed: the site knows its public address (nginx's) and trusts the one proxy in front.
  server = await startServer({ SMTP_URL: smtp.url, SIGN_MIN_SECONDS: '0', TRUST_PROXY: '1', SITE_URL: `http://127.0.0.1:${proxyPort}` });
  proxy = await startNginx(proxyPort, Number(new URL(server.url).port));
});
afterAll(async () => {
  await proxy?.stop();
  await server?.stop();
  await smtp?.close();
});

const letterPage = `/letters/${letterSlug}/`;
const signPage = `/letters/${letterSlug}/sign/`;
const listPage = `/letters/${letterSlug}/signatories/`;
const exports = [`/letters/${letterSlug}/signatories.json`, `/letters/${letterSlug}/signatories.csv`, `/letters/${letterSlug}/letter-en.html`];
const viaProxy = (path: string, init?: RequestInit) => fetch(`${proxy.url}${path}`, { redirect: 'manual', ...init });
const cacheStatus = (response: Response) => response.headers.get('x-cache-status');

/** Posts a form through the proxy as a browser without JavaScript would; returns the redirect's target. */
async function postThroughProxy(path: string, fields: Record<string, string>, headers: Record<string, string> = {}) {
  const response = await viaProxy(path, { method: 'POST', headers: { Origin: proxy.url, 'Content-Type': 'application/x-www-form-urlencoded', ...headers }, body: new URLSearchParams(fields) });
  expect(response.status, path).toBe(303);
  return response.headers.get('location')!;
}

describe('the site behind deploy/nginx.conf', () => {
  it('serves pages and exports, public ones from the proxy’s cache, compressed as asked', async () => {
    for (const path of ['/', letterPage, listPage, '/ru/', ...exports]) {
      const first = await viaProxy(path);
      expect(first.status, path).toBe(200);
      await first.arrayBuffer();
    }
    const again = await viaProxy(listPage, { headers: { 'Accept-Encoding': 'gzip' } });
    await again.arrayBuffer();
    const kept = await viaProxy(listPage, { headers: { 'Accept-Encoding': 'gzip' } });
    expect(cacheStatus(kept)).toBe('HIT');
    expect(kept.headers.get('content-encoding')).toBe('gzip');
    expect(await kept.text()).toContain('<h1>Signatories</h1>');
  });

  it('keeps nothing personal: staff pages, emailed links, form results, anything that sets a cookie', async () => {
    for (const path of ['/admin/', '/confirm/?token=x', '/manage/?token=x', `${letterPage}?result=sign`, '/dev/mailbox/']) {
      for (let attempt = 0; attempt < 2; attempt++) {
        const response = await viaProxy(path);
        await response.arrayBuffer();
        expect(cacheStatus(response), path).not.toBe('HIT');
      }
    }
  });

  it('lets no odd request target change what an address serves, and no HEAD empty an export', async () => {
    const host = new URL(proxy.url).host;
    // The site refuses the first two; nginx reads an absolute target as the address it names, so
    // the third is the Russian page under its own key, and the fourth names another site.
    for (const target of [`//ru${signPage}`, `/\\ru${signPage}`, `http://${host}/ru${signPage}`, `http://elsewhere.example${signPage}`]) {
      for (let attempt = 0; attempt < 4; attempt++) await rawRequest(proxy.url, 'GET', target);
    }
    expect((await rawRequest(proxy.url, 'GET', `//ru${signPage}`)).status).toBe(400);
    expect((await rawRequest(proxy.url, 'GET', `http://elsewhere.example${signPage}`)).status).toBe(421);
    expect(await (await viaProxy(signPage)).text()).toMatch(/<html lang="en"/);
    expect(await (await viaProxy(`/ru${signPage}`)).text()).toMatch(/<html lang="ru"/);
    for (const path of exports) {
      expect((await viaProxy(path, { method: 'HEAD' })).status, path).toBe(200);
      expect((await (await viaProxy(path)).text()).length, path).toBeGreaterThan(40);
    }
  });

  it('counts the client address nginx saw, not one the client wrote', async () => {
    const stamp = (await (await viaProxy(signPage)).text()).match(/name="started" value="([^"]+)"/)![1]!;
    for (const [n, spoofed] of ['192.0.2.10', '192.0.2.200'].entries()) {
      await postThroughProxy(`${signPage}?_action=sign`, { started: stamp, ...signUp({ email: `spoof${n}@spoofed${n}.kz`, website: `spoofed${n}.kz` }) }, { 'X-Forwarded-For': spoofed });
    }
    const marks = query<{ client_hash: string }>(server.databasePath, "select client_hash from signatures where email like 'spoof%' order by id");
    expect(marks).toHaveLength(2);
    expect(marks[0]!.client_hash).toBe(marks[1]!.client_hash);
  });

  it('takes a sign-up and its confirmation, and shows the signature on the public list within seconds', async () => {
    const stamp = (await (await viaProxy(letterPage)).text()).match(/name="started" value="([^"]+)"/)![1]!;
    await (await viaProxy(listPage)).text();
    const fields = signUp({ organization: 'Proxy Steppe Network', email: 'desk@proxysteppe.kz', website: 'proxysteppe.kz' });
    expect(await postThroughProxy(`${letterPage}?_action=sign`, { started: stamp, ...fields })).toBe(`${letterPage}sent/`);
    const mail = await smtp.waitFor((candidate) => candidate.to.includes(fields.email!));
    const link = linkIn(mail, '/confirm/');
    expect(link.origin).toBe(proxy.url);
    const { action, fields: shown } = formFields(await (await viaProxy(link.pathname + link.search)).text(), '_action=confirm');
    await postThroughProxy(action, shown);
    expect(query<{ status: string }>(server.databasePath, 'select status from signatures where email = ?', fields.email)[0]?.status).toBe('published');
    // The proxy keeps the list for seconds at most (max-age=5, then one request fetches it anew).
    const deadline = Date.now() + 15_000;
    let list = '';
    while (!list.includes('Proxy Steppe Network') && Date.now() < deadline) {
      list = await (await viaProxy(listPage)).text();
      if (!list.includes('Proxy Steppe Network')) await new Promise((resolve) => setTimeout(resolve, 500));
    }
    expect(list).toContain('Proxy Steppe Network');
  });
});
