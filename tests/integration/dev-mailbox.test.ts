import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sign, signUp } from '../support/forms.ts';
import { startNginx, type RunningProxy } from '../support/nginx.ts';
import { rawRequest } from '../support/raw-http.ts';
import { freePort, startServer, type RunningServer } from '../support/server.ts';

let server: RunningServer;
let proxy: RunningProxy;
let proxyPort: number;

beforeAll(async () => {
  proxyPort = await freePort();
  // A staging copy left without NODE_ENV=production and without SMTP_URL, behind a reverse proxy
  // on the same machine that the operator did not tell it about (TRUST_PROXY=0): every request
  // reaches it from 127.0.0.1. Its name is the proxy's, as the public would use it.
  server = await startServer({ SIGN_MIN_SECONDS: '0', TRUST_PROXY: '0', SITE_URL: `http://staging.localtest.example:${proxyPort}` });
  proxy = await startNginx(proxyPort, Number(new URL(server.url).port));
  // Mail to show: a sign-up's confirmation link.
  await sign(server, signUp({ email: 'kept@mailbox.kz', website: 'mailbox.kz' }));
});
afterAll(async () => {
  await proxy?.stop();
  await server?.stop();
});

const mailbox = '/dev/mailbox/';
const direct = (headers: Record<string, string> = {}) => rawRequest(server.url, 'GET', mailbox, headers);

describe('the dev mailbox', () => {
  it('is not served through a reverse proxy on the same machine, though its socket is loopback', async () => {
    // deploy/nginx.conf as shipped: it passes the Host it was asked for and appends X-Forwarded-For.
    const answer = await fetch(`http://127.0.0.1:${proxyPort}${mailbox}`);
    const body = await answer.text();
    expect(answer.status).toBe(404);
    expect(body).not.toContain('/confirm/?token=');
  });

  it('is not served for the site’s public name, even from this machine', async () => {
    const answer = await direct({ Host: `staging.localtest.example:${proxyPort}` });
    expect(answer.status).toBe(404);
    expect(answer.raw).not.toContain('/confirm/?token=');
  });

  it.each([
    ['X-Forwarded-For', '203.0.113.7'],
    ['X-Forwarded-Host', 'staging.localtest.example'],
    ['X-Forwarded-Proto', 'https'],
    ['Forwarded', 'for=203.0.113.7;proto=https'],
    ['X-Real-IP', '203.0.113.7'],
    ['Via', '1.1 proxy'],
  ])('is not served to a request carrying %s, as a proxy adds it', async (name, value) => {
    const answer = await direct({ Host: 'localhost:4321', [name]: value });
    expect(answer.status).toBe(404);
    expect(answer.raw).not.toContain('/confirm/?token=');
  });

  it('is served to a browser on this machine, at localhost, 127.0.0.1 or [::1] on any port', async () => {
    for (const host of ['localhost:4321', 'localhost', '127.0.0.1:5173', '[::1]:4321']) {
      const answer = await direct({ Host: host });
      expect(answer.status, host).toBe(200);
      expect(answer.raw, host).toContain('/confirm/?token=');
    }
  });
});
