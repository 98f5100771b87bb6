import { createCipheriv, randomBytes } from 'node:crypto';
import { parse } from 'node-html-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { query } from '../support/database.ts';
import { formStamp, letterSlug, signUp } from '../support/forms.ts';
import { startServer, type RunningServer } from '../support/server.ts';

// The "check your email" page after a sign-up shows the address the mail went to, carried only in
// the signer's own sealed cookie: no other client, cache or forger can make it show an address.
let server: RunningServer;
beforeAll(async () => {
  server = await startServer({ SIGN_MIN_SECONDS: '0' });
});
afterAll(async () => {
  await server?.stop();
});

const sentPath = (locale = '') => `${locale}/letters/${letterSlug}/sent/`;
const tables = ['signatures', 'signature_tokens', 'outbox', 'form_flashes'];
const counts = () => Object.fromEntries(tables.map((table) => [table, query<{ n: number }>(server.databasePath, `select count(*) as n from ${table}`)[0]!.n]));

async function signUpPosting(fields: Record<string, string>, locale = '') {
  const page = `${locale}/letters/${letterSlug}/`;
  const started = await formStamp(server, page);
  return server.fetch(`${page}?_action=sign`, {
    method: 'POST',
    headers: { Origin: server.url, 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ started, ...fields }),
  });
}

const sentTo = async (response: Response) => parse(await response.text()).querySelector('.sent-to')?.text;

describe('the page after a sign-up', () => {
  it('shows the signer the address typed, once, from a cookie for that page alone, and the sign-up is still one row written', async () => {
    const before = counts();
    const response = await signUpPosting(signUp({ email: 'typo@steppe-typo.kz' }), '/ru');
    expect(response.status).toBe(303);
    expect(response.headers.get('location')).toBe(sentPath('/ru'));
    // One sign-up, one row with its token and its mail; nothing kept for the page.
    const after = counts();
    expect(after).toEqual({ ...before, signatures: before.signatures! + 1, signature_tokens: before.signature_tokens! + 1, outbox: before.outbox! + 1 });

    const setCookie = response.headers.get('set-cookie')!;
    expect(setCookie).toMatch(/^sign-sent=[A-Za-z0-9_-]+;/);
    expect(setCookie).toContain(`Path=${sentPath('/ru')}`);
    expect(setCookie).toContain('Max-Age=600');
    expect(setCookie).toContain('HttpOnly');
    expect(setCookie).toContain('SameSite=Lax');
    // Sealed: the address is not in the cookie as text.
    expect(decodeURIComponent(setCookie)).not.toContain('steppe-typo');

    const cookie = setCookie.split(';')[0]!;
    const page = await server.fetch(sentPath('/ru'), { headers: { Cookie: cookie } });
    expect(page.headers.get('cache-control')).toBe('private, no-store');
    // Read once: the page clears the cookie.
    expect(page.headers.get('set-cookie')).toMatch(/^sign-sent=deleted; Path=\/ru\/letters\/[^;]+\/sent\/;.*Expires=Thu, 01 Jan 1970/);
    const html = parse(await page.text());
    expect(html.querySelector('.sent-to')?.text).toBe('Адрес, который вы указали: typo@steppe-typo.kz');
    expect(html.querySelector(`main a[href="/ru/letters/${letterSlug}/sign/"]`)?.text).toBe('Подписать заново с правильным адресом');
    expect(html.querySelector(`a[href="/ru/letters/${letterSlug}/resend/"]`)).not.toBeNull();
  });

  it('shows no other client the address, whoever asks first', async () => {
    const response = await signUpPosting(signUp({ email: 'private@steppe-private.kz' }));
    const cookie = response.headers.get('set-cookie')!.split(';')[0]!;
    expect(await sentTo(await server.fetch(sentPath(), { headers: { Cookie: cookie } }))).toContain('private@steppe-private.kz');
    for (let other = 0; other < 3; other++) {
      const page = await server.fetch(sentPath());
      expect(page.headers.get('x-astro-cache')).not.toBe('HIT');
      const html = await page.text();
      expect(html).toContain('Check your email');
      expect(html).not.toContain('steppe-private');
    }
  });

  it('ignores a forged, damaged or foreign cookie, and shows the page without an address', async () => {
    const real = (await signUpPosting(signUp({ email: 'real@steppe-real.kz' }))).headers.get('set-cookie')!.split(';')[0]!.split('=')[1]!;
    const flipped = Buffer.from(real, 'base64url');
    flipped[flipped.length - 1]! ^= 1;
    // Sealed the same way, but with a key the server does not have.
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', randomBytes(32), iv);
    cipher.setAAD(Buffer.from('sent-address'));
    const body = Buffer.concat([cipher.update(JSON.stringify({ v: 'forged@attacker.example', x: Date.now() + 60_000 })), cipher.final()]);
    const foreign = Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64url');
    for (const value of [flipped.toString('base64url'), foreign, 'not-a-seal', Buffer.from('{"v":"forged@attacker.example"}').toString('base64url'), 'x'.repeat(5000)]) {
      const page = await server.fetch(sentPath(), { headers: { Cookie: `sign-sent=${value}` } });
      expect(page.status).toBe(200);
      const html = await page.text();
      expect(html).not.toContain('attacker.example');
      expect(parse(html).querySelector('.sent-to')).toBeNull();
    }
  });

  it('is a 404 for a letter that does not exist', async () => {
    expect((await server.fetch('/letters/no-such-letter/sent/')).status).toBe(404);
  });
});
