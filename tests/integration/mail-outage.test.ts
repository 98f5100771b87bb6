import { SMTPServer } from 'smtp-server';
import { afterEach, describe, expect, it } from 'vitest';
import { query } from '../support/database.ts';
import { sign, signUp } from '../support/forms.ts';
import { startServer, type RunningServer } from '../support/server.ts';
import { linkIn, startSmtp, type SmtpCapture } from '../support/smtp.ts';

const cleanup: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  await Promise.all(cleanup.splice(0).map((stop) => stop()));
});

type OutboxRow = { status: string; attempts: number; last_error: string | null; text_body: string | null };
const outboxFor = (server: RunningServer, email: string) =>
  query<OutboxRow>(server.databasePath, 'select status, attempts, last_error, text_body from outbox where recipient = ?', email)[0];

async function until<T>(read: () => T | undefined, ok: (value: T) => boolean, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = read();
    if (value !== undefined && ok(value)) return value;
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms; last value ${JSON.stringify(value)}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** A port nothing listens on (yet). */
async function freePort(): Promise<number> {
  const probe = await startSmtp();
  await probe.close();
  return probe.port;
}

describe('an SMTP outage during sign-up', () => {
  it('delays the email and loses nothing: the signature is stored, and the mail arrives once SMTP is back', async () => {
    const port = await freePort();
    const server = await startServer({ SMTP_URL: `smtp://127.0.0.1:${port}`, SIGN_MIN_SECONDS: '0', MAIL_RETRY_SECONDS: '0.5' });
    cleanup.push(() => server.stop());
    const fields = signUp({ organization: 'Outage Watch', email: 'ops@outagewatch.kz', website: 'outagewatch.kz' });

    const result = await sign(server, fields);
    expect(result.html).toContain('Check your email');
    expect(query<{ status: string }>(server.databasePath, 'select status from signatures where email = ?', fields.email)[0]?.status).toBe('pending');

    const failing = await until(() => outboxFor(server, fields.email!), (row) => row.attempts >= 2);
    expect(failing.status).toBe('queued');
    expect(failing.last_error).toMatch(/ECONNREFUSED|ECONNECTION|ESOCKET/);
    expect(server.logs.some((line) => line.includes('"mail.retry"'))).toBe(true);

    const downFor = Date.now();
    let smtp: SmtpCapture | undefined;
    smtp = await startSmtp(port);
    cleanup.push(() => smtp!.close());
    const mail = await smtp.waitFor((received) => received.to.includes(fields.email!), 30_000);
    console.info(`mail delivered ${Date.now() - downFor} ms after SMTP came back, after ${failing.attempts}+ failed attempts`);
    expect(linkIn(mail, '/confirm/').searchParams.get('token')).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const sent = await until(() => outboxFor(server, fields.email!), (row) => row.status === 'sent');
    expect(sent.text_body).toBeNull();
  });

  it('retries a mail the server defers with 4xx, and gives up on one it refuses with 5xx', async () => {
    let deferrals = 0;
    const received: string[] = [];
    const picky = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      logger: false,
      onRcptTo(address, _session, callback) {
        if (address.address.startsWith('refused@')) return callback(Object.assign(new Error('No such mailbox'), { responseCode: 550 }));
        if (address.address.startsWith('busy@') && deferrals++ < 2) return callback(Object.assign(new Error('Try again later'), { responseCode: 451 }));
        received.push(address.address);
        return callback();
      },
      onData(stream, _session, callback) {
        stream.resume();
        stream.on('end', () => callback());
      },
    });
    picky.on('error', () => {}); // a client resetting its connection is not this server's failure
    await new Promise<void>((resolve) => picky.listen(0, '127.0.0.1', resolve));
    cleanup.push(() => new Promise((resolve) => picky.close(() => resolve(undefined))));
    const port = (picky.server.address() as { port: number }).port;
    const server = await startServer({ SMTP_URL: `smtp://127.0.0.1:${port}`, SIGN_MIN_SECONDS: '0', MAIL_RETRY_SECONDS: '0.3' });
    cleanup.push(() => server.stop());

    await sign(server, signUp({ email: 'busy@deferred.kz', website: 'deferred.kz' }));
    await sign(server, signUp({ email: 'refused@bounce.kz', website: 'bounce.kz' }));

    const delivered = await until(() => outboxFor(server, 'busy@deferred.kz'), (row) => row.status === 'sent');
    expect(delivered.attempts).toBe(3);
    expect(received).toContain('busy@deferred.kz');
    const refused = await until(() => outboxFor(server, 'refused@bounce.kz'), (row) => row.status === 'failed');
    expect(refused.attempts).toBe(1);
    expect(refused.last_error).toContain('550');
    expect(refused.last_error).not.toContain('bounce.kz');
    expect(server.logs.some((line) => line.includes('"mail.failed"'))).toBe(true);
    expect(server.logs.join('\n')).not.toContain('refused@bounce.kz');
    const health = (await (await server.fetch('/healthz')).json()) as { status: string; mail: { failed: number } };
    expect(health).toMatchObject({ status: 'ok', mail: { failed: 1 } });
    // The refused address's sign-up is kept: staff can see it and reach the organization another way.
    expect(query<{ n: number }>(server.databasePath, "select count(*) as n from signatures where email = 'refused@bounce.kz'")[0]!.n).toBe(1);
  });
});
