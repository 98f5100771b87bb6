import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { sign, signUp } from '../support/forms.ts';
import { projectRoot, startServer } from '../support/server.ts';
import { startSmtp } from '../support/smtp.ts';

function runServer(env: Record<string, string>) {
  return spawnSync(process.execPath, ['dist/server/entry.mjs'], { cwd: projectRoot, env: { PATH: process.env.PATH, PORT: '0', HOST: '127.0.0.1', ...env }, encoding: 'utf8', timeout: 20_000 });
}

describe('starting the server', () => {
  it('refuses to start in production without SMTP_URL, saying what to set', () => {
    const result = runServer({ NODE_ENV: 'production', SITE_URL: 'https://letter.example.org', DATABASE_PATH: '/tmp/never-created.db' });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('SMTP_URL is required when NODE_ENV=production');
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });

  it('refuses to start as a public https site while content/campaign.yaml holds its example organizer and contact, naming the file and the fields', () => {
    const result = runServer({ NODE_ENV: 'production', SITE_URL: 'https://letter.example.org', SMTP_URL: 'smtp://127.0.0.1:9', MAIL_FROM: 'Letter <letter@ngo.kz>', DATABASE_PATH: '/tmp/never-created.db' });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('content/campaign.yaml is not ready for a public site');
    expect(result.stderr).toContain('campaign.organizer.en');
    expect(result.stderr).toContain('campaign.organizer.kk');
    expect(result.stderr).toContain('campaign.contactEmail is still an example address (contact@undersigned.example)');
    expect(result.stderr).not.toMatch(/\n\s+at /);
    expect(existsSync('/tmp/never-created.db')).toBe(false);
  });

  it('starts in production on http://localhost with the example campaign values, for a local try', async () => {
    const smtp = await startSmtp();
    const server = await startServer({ NODE_ENV: 'production', SITE_URL: 'http://localhost:4321', SMTP_URL: smtp.url, MAIL_FROM: 'Letter <letter@ngo.kz>' });
    try {
      expect((await server.fetch('/healthz')).status).toBe(200);
    } finally {
      await server.stop();
      await smtp.close();
    }
  });

  it('refuses to start with a malformed variable, naming it', () => {
    const result = runServer({ PORT: 'eighty', DATABASE_PATH: '/tmp/never-created.db' });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('PORT');
  });

  it('keeps mail in the dev mailbox when no SMTP server is configured, and prints the link', async () => {
    const server = await startServer({ SIGN_MIN_SECONDS: '0' });
    try {
      await sign(server, signUp({ organization: 'Mailbox Test Org', email: 'newcomer@firstrun.kz', website: 'firstrun.kz' }));
      let mailbox = '';
      for (let i = 0; i < 30 && !mailbox.includes('newcomer@firstrun.kz'); i++) {
        await new Promise((resolve) => setTimeout(resolve, 200));
        mailbox = await (await server.fetch('/dev/mailbox/')).text();
      }
      expect(mailbox).toContain('Confirm your signature on “Keep Kazakhstan online');
      expect(mailbox).toMatch(/<a href="http:\/\/localhost:4321\/confirm\/\?token=[A-Za-z0-9_-]{43}">/);
      expect(server.logs.some((line) => /^\s+http:\/\/localhost:4321\/confirm\/\?token=/.test(line))).toBe(true);
    } finally {
      await server.stop();
    }
  });

  it('has no dev mailbox once a real SMTP server is configured', async () => {
    const smtp = await startSmtp();
    const server = await startServer({ SMTP_URL: smtp.url });
    try {
      expect((await server.fetch('/dev/mailbox/')).status).toBe(404);
    } finally {
      await server.stop();
      await smtp.close();
    }
  });

  it('stops cleanly on SIGTERM, sending queued mail first', async () => {
    const smtp = await startSmtp();
    const server = await startServer({ SMTP_URL: smtp.url, SIGN_MIN_SECONDS: '0' });
    await sign(server, signUp({ email: 'last@shutdown.kz', website: 'shutdown.kz' }));
    const code = await server.stop();
    expect(code).toBe(0);
    expect(server.logs.some((line) => line.includes('"server.stopped"'))).toBe(true);
    expect(smtp.received.some((mail) => mail.to.includes('last@shutdown.kz'))).toBe(true);
    await smtp.close();
  });
});
