import { eq } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import { outbox, signatureTokens } from '#db/schema/index.ts';
import { enqueueMail } from '#lib/mail/enqueue-mail.ts';
import { interruptedSend, isRetryable, retryDelaySeconds, startOutboxWorker, type OutboxWorkerOptions } from '#lib/mail/outbox-worker.ts';
import type { MailTransport, OutgoingMail } from '#lib/mail/transport.ts';
import { renewQueuedLink } from '#lib/signing/renew-queued-link.ts';
import { signLetter } from '#lib/signing/sign-letter.ts';
import { confirmAsShown, request, signInput, signingContext, tempDatabase } from './support/signing-context.ts';

const vars = { organization: 'Org', letter: 'Letter', campaign: 'Campaign', site: 'example.org', contact: 'team@example.org', link: 'https://example.org/confirm/?token=x' };

/** A transport that fails as told, standing in for the SMTP server (the integration tests use a real one). */
function scriptedTransport(failures: Record<string, unknown>[] = [], delayMs = 0): MailTransport & { sent: OutgoingMail[] } {
  const sent: OutgoingMail[] = [];
  return {
    keepsMail: false,
    sent,
    send: async (mail) => {
      if (delayMs) await new Promise((resolve) => setTimeout(resolve, delayMs));
      const failure = failures.shift();
      if (failure) throw Object.assign(new Error(`smtp said no to <${mail.to}>`), failure);
      sent.push(mail);
    },
    close: () => {},
  };
}

const started: ReturnType<typeof startOutboxWorker>[] = [];
const worker = (options: Partial<OutboxWorkerOptions> & Pick<OutboxWorkerOptions, 'db' | 'transport'>) => {
  const running = startOutboxWorker({ retrySeconds: 60, maxAttempts: 5, messageIdHost: 'letter.example.org', pollMs: 60_000, ...options });
  started.push(running);
  return running;
};
afterEach(async () => {
  await Promise.all(started.splice(0).map((running) => running.stop(0)));
});

describe('deciding whether to retry a mail', () => {
  it('retries connection failures, deferrals and bad credentials; not a refused recipient', () => {
    expect(isRetryable({ code: 'ECONNECTION' })).toBe(true);
    expect(isRetryable({ code: 'ETIMEDOUT' })).toBe(true);
    expect(isRetryable({ code: 'EENVELOPE', responseCode: 452 })).toBe(true);
    expect(isRetryable({ code: 'EAUTH', responseCode: 535 })).toBe(true);
    expect(isRetryable({ code: 'EENVELOPE', responseCode: 550 })).toBe(false);
    expect(isRetryable({ code: 'EMESSAGE', responseCode: 554 })).toBe(false);
  });
  it('backs off exponentially up to an hour', () => {
    expect([1, 2, 3, 10, 30].map((attempt) => retryDelaySeconds(attempt, 30))).toEqual([30, 60, 120, 3600, 3600]);
  });
});

describe('the outbox worker', () => {
  it('sends, reschedules a deferred mail, marks a refused one failed, and blanks bodies once sent', async () => {
    const db = tempDatabase();
    const now = new Date();
    for (const to of ['deferred@a.kz', 'refused@b.kz', 'delivered@c.kz']) enqueueMail(db, { kind: 'verify', to, locale: 'en', vars }, { now, secret: 'test' });
    const transport = scriptedTransport([{ code: 'EENVELOPE', responseCode: 451 }, { responseCode: 550 }]);
    const sender = worker({ db, transport });
    await sender.tick();
    await sender.stop(0);
    const rows = db.select().from(outbox).all();
    expect(rows.map((row) => [row.recipient, row.status, row.attempts, row.leaseOwner])).toEqual([
      ['deferred@a.kz', 'queued', 1, null],
      ['refused@b.kz', 'failed', 1, null],
      ['delivered@c.kz', 'sent', 1, null],
    ]);
    expect(rows[0]!.nextAttemptAt.getTime()).toBeGreaterThan(Date.now() + 50_000);
    expect(rows[2]!.textBody).toBeNull();
    expect(transport.sent.map((mail) => mail.to)).toEqual(['delivered@c.kz']);
  });

  it('waits out an unreachable SMTP server instead of failing every queued mail in turn', async () => {
    const db = tempDatabase();
    for (const to of ['first@a.kz', 'second@b.kz', 'third@c.kz']) enqueueMail(db, { kind: 'verify', to, locale: 'en', vars }, { now: new Date(), secret: 'test' });
    const transport = scriptedTransport([{ code: 'ECONNECTION' }]);
    await worker({ db, transport }).tick();
    const rows = db.select().from(outbox).orderBy(outbox.id).all();
    expect(rows.map((row) => row.attempts)).toEqual([1, 0, 0]);
    expect(transport.sent).toHaveLength(0);
  });

  it('keeps the recipient’s address out of the stored error', async () => {
    const db = tempDatabase();
    enqueueMail(db, { kind: 'verify', to: 'refused@bounce.kz', locale: 'en', vars }, { now: new Date(), secret: 'test' });
    await worker({ db, transport: scriptedTransport([{ responseCode: 550 }]) }).tick();
    const [row] = db.select().from(outbox).all();
    expect(row!.lastError).toContain('550');
    expect(row!.lastError).not.toContain('bounce.kz');
  });

  it('gives up after the last allowed attempt, leaving the mail visibly failed', async () => {
    const db = tempDatabase();
    enqueueMail(db, { kind: 'verify', to: 'slow@a.kz', locale: 'en', vars }, { now: new Date(), secret: 'test' });
    const sender = worker({ db, transport: scriptedTransport(Array.from({ length: 3 }, () => ({ code: 'EENVELOPE', responseCode: 451 }))), maxAttempts: 3 });
    for (let attempt = 0; attempt < 3; attempt++) {
      db.update(outbox).set({ nextAttemptAt: new Date(0) }).run();
      await sender.tick();
    }
    expect(db.select({ status: outbox.status, attempts: outbox.attempts }).from(outbox).get()).toEqual({ status: 'failed', attempts: 3 });
  });

  it('never lets two workers on one database send the same mail', async () => {
    const db = tempDatabase();
    for (let i = 0; i < 30; i++) enqueueMail(db, { kind: 'verify', to: `n${i}@a.kz`, locale: 'en', vars }, { now: new Date(), secret: 'test' });
    const first = scriptedTransport([], 2);
    const second = scriptedTransport([], 3);
    await Promise.all([worker({ db, transport: first }).tick(), worker({ db, transport: second }).tick()]);
    const recipients = [...first.sent, ...second.sent].map((mail) => mail.to);
    expect(recipients).toHaveLength(30);
    expect(new Set(recipients).size).toBe(30);
    expect(first.sent.length).toBeGreaterThan(0);
    expect(second.sent.length).toBeGreaterThan(0);
  });

  it('leaves a mail claimed by a worker that died alone until its lease runs out, then sends it once', async () => {
    const db = tempDatabase();
    enqueueMail(db, { kind: 'verify', to: 'orphan@a.kz', locale: 'en', vars }, { now: new Date(), secret: 'test' });
    db.update(outbox).set({ leaseOwner: 'a dead process', leaseUntil: new Date(Date.now() + 60_000) }).run();
    const transport = scriptedTransport();
    const sender = worker({ db, transport });
    await sender.tick();
    expect(transport.sent).toHaveLength(0);
    db.update(outbox).set({ leaseUntil: new Date(Date.now() - 1) }).run();
    await sender.tick();
    await sender.tick();
    expect(transport.sent.map((mail) => mail.to)).toEqual(['orphan@a.kz']);
    // The dead worker may have handed it over before dying: that attempt is counted and noted.
    expect(db.select().from(outbox).get()).toMatchObject({ status: 'sent', attempts: 2, lastError: interruptedSend });
  });

  it('gives each mail a Message-ID of its own that a resend of the same row keeps', async () => {
    const db = tempDatabase();
    enqueueMail(db, { kind: 'verify', to: 'a@a.kz', locale: 'en', vars }, { now: new Date(), secret: 'test' });
    enqueueMail(db, { kind: 'verify', to: 'b@b.kz', locale: 'en', vars }, { now: new Date(), secret: 'test' });
    const transport = scriptedTransport();
    await worker({ db, transport }).tick();
    db.update(outbox).set({ status: 'queued' }).where(eq(outbox.recipient, 'a@a.kz')).run();
    await worker({ db, transport }).tick();
    const ids = transport.sent.map((mail) => mail.messageId);
    expect(ids[0]).toMatch(/^<\d+\.\d+@letter\.example\.org>$/);
    expect(ids[1]).not.toBe(ids[0]);
    expect(ids[2]).toBe(ids[0]);
  });

  it('keeps several mails in flight, one per connection, once the server has taken one', async () => {
    const db = tempDatabase();
    for (let i = 0; i < 12; i++) enqueueMail(db, { kind: 'verify', to: `n${i}@a.kz`, locale: 'en', vars }, { now: new Date(), secret: 'test' });
    let inFlight = 0;
    let most = 0;
    const transport: MailTransport = {
      keepsMail: false,
      send: async () => {
        most = Math.max(most, ++inFlight);
        await new Promise((resolve) => setTimeout(resolve, 5));
        inFlight -= 1;
      },
      close: () => {},
    };
    expect(await worker({ db, transport, concurrency: 4 }).tick()).toBe(12);
    expect(most).toBe(4);
    expect(db.select({ status: outbox.status }).from(outbox).all().every((row) => row.status === 'sent')).toBe(true);
  });

  it('sends a mail as soon as it is queued, without waiting for the next poll', async () => {
    const db = tempDatabase();
    let delivered!: (to: string) => void;
    const arrived = new Promise<string>((resolve) => (delivered = resolve));
    const sender = worker({ db, transport: { keepsMail: false, send: async (mail) => delivered(mail.to), close: () => {} }, pollMs: 3_600_000 });
    enqueueMail(db, { kind: 'verify', to: 'prompt@a.kz', locale: 'en', vars }, { now: new Date(), secret: 'test' });
    expect(await arrived).toBe('prompt@a.kz');
    await sender.stop(1_000);
  });

  it('stops within its time limit even while the SMTP server hangs', async () => {
    const db = tempDatabase();
    enqueueMail(db, { kind: 'verify', to: 'hang@a.kz', locale: 'en', vars }, { now: new Date(), secret: 'test' });
    const hanging: MailTransport = { keepsMail: false, send: () => new Promise(() => {}), close: () => {} };
    const sender = worker({ db, transport: hanging });
    void sender.tick();
    const started = Date.now();
    await sender.stop(300);
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(db.select({ status: outbox.status }).from(outbox).get()?.status).toBe('queued');
  });
});

describe('a confirmation mail that waited in the queue', () => {
  // The worker claims what is due by the clock, so these sign-ups happen now.
  const signingNow = () => signingContext({ now: new Date() });
  const sendWithRenewal = async (context: ReturnType<typeof signingContext>, now: Date) => {
    const transport = scriptedTransport();
    await worker({ db: context.db, transport, refreshLink: (mail) => renewQueuedLink({ ...context, now }, mail) }).tick();
    return transport.sent;
  };

  it('goes out with a fresh link when its own expired before it could be sent', async () => {
    const context = signingNow();
    await signLetter(context, signInput(context), request());
    const queued = context.db.select().from(outbox).get()!;
    const eightDaysLater = new Date(context.now.getTime() + 8 * 24 * 3600 * 1000);
    const [sent] = await sendWithRenewal(context, eightDaysLater);
    const token = sent!.text.match(/\/confirm\/\?token=([A-Za-z0-9_-]{43})/)?.[1];
    expect(token).toBeDefined();
    expect(queued.textBody).not.toContain(token);
    const tokens = context.db.select().from(signatureTokens).all();
    expect(tokens).toHaveLength(2);
    expect(tokens[0]!.usedAt).not.toBeNull();
    expect(tokens[1]!.expiresAt.getTime()).toBe(eightDaysLater.getTime() + 7 * 24 * 3600 * 1000);
    expect(confirmAsShown({ ...context, now: eightDaysLater }, token!).status).toBe('published');
  });

  it('goes out unchanged while its link has days left', async () => {
    const context = signingNow();
    await signLetter(context, signInput(context), request());
    const queued = context.db.select().from(outbox).get()!;
    const [sent] = await sendWithRenewal(context, new Date(context.now.getTime() + 3600_000));
    expect(sent!.text).toBe(queued.textBody);
  });

  it('is not sent once a newer link replaced it', async () => {
    const context = signingNow();
    const input = signInput(context);
    await signLetter(context, input, request());
    await signLetter(context, input, request());
    const sent = await sendWithRenewal(context, context.now);
    expect(sent).toHaveLength(1);
    expect(context.db.select({ status: outbox.status }).from(outbox).orderBy(outbox.id).all().map((row) => row.status)).toEqual(['superseded', 'sent']);
  });
});
