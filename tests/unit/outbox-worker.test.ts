import { describe, expect, it } from 'vitest';
import { outbox } from '#db/schema/index.ts';
import { enqueueMail } from '#lib/mail/enqueue-mail.ts';
import { isRetryable, retryDelaySeconds, startOutboxWorker } from '#lib/mail/outbox-worker.ts';
import type { MailTransport, OutgoingMail } from '#lib/mail/transport.ts';
import { tempDatabase } from './support/signing-context.ts';

const vars = { organization: 'Org', letter: 'Letter', campaign: 'Campaign', site: 'example.org', contact: 'team@example.org', link: 'https://example.org/confirm/?token=x' };

/** A transport that fails as told, standing in for the SMTP server (the integration tests use a real one). */
function scriptedTransport(failures: Record<string, unknown>[]): MailTransport & { sent: OutgoingMail[] } {
  const sent: OutgoingMail[] = [];
  return {
    keepsMail: false,
    sent,
    send: async (mail) => {
      const failure = failures.shift();
      if (failure) throw Object.assign(new Error('smtp said no'), failure);
      sent.push(mail);
    },
    close: () => {},
  };
}

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
    for (const to of ['deferred@a.kz', 'refused@b.kz', 'delivered@c.kz']) enqueueMail(db, { kind: 'verify', to, locale: 'en', vars }, now);
    const transport = scriptedTransport([{ code: 'ECONNECTION' }, { responseCode: 550 }]);
    const worker = startOutboxWorker({ db, transport, retrySeconds: 60, pollMs: 60_000 });
    await worker.tick();
    await worker.stop(0);
    const rows = db.select().from(outbox).all();
    expect(rows.map((row) => [row.recipient, row.status, row.attempts])).toEqual([
      ['deferred@a.kz', 'queued', 1],
      ['refused@b.kz', 'failed', 1],
      ['delivered@c.kz', 'sent', 1],
    ]);
    expect(rows[0]!.nextAttemptAt.getTime()).toBeGreaterThan(Date.now() + 50_000);
    expect(rows[2]!.textBody).toBeNull();
    expect(transport.sent.map((mail) => mail.to)).toEqual(['delivered@c.kz']);
  });
});
