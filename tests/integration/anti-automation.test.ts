import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stampLeadSeconds } from '#lib/runtime/form-stamp.ts';
import { query } from '../support/database.ts';
import { formStamp, letterSlug, signUp, submitForm } from '../support/forms.ts';
import { startServer, type RunningServer } from '../support/server.ts';
import { startSmtp, type SmtpCapture } from '../support/smtp.ts';

let smtp: SmtpCapture;
let server: RunningServer;
const page = `/letters/${letterSlug}/`;
const signPath = `${page}?_action=sign`;

beforeAll(async () => {
  smtp = await startSmtp();
  // A real minimum age, so an instant post counts as a bot's.
  server = await startServer({ SMTP_URL: smtp.url, SIGN_MIN_SECONDS: '2' });
});
afterAll(async () => {
  await server?.stop();
  await smtp?.close();
});

const heldReason = (email: string) =>
  query<{ status: string; held_reason: string | null }>(server.databasePath, 'select status, held_reason from signatures where email = ?', email)[0];
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
/** A person's pace: the minimum age after the stamp, whose moment is at most the lead ahead. */
const unhurried = () => sleep((2 + stampLeadSeconds) * 1000 + 100);
const neutral = (html: string) => html.includes('Check your email');

describe('a bot filling the sign form', () => {
  it('that fills the hidden field is held for review, mailed nothing, and sees the usual page', async () => {
    const started = await formStamp(server, page);
    await unhurried();
    const fields = signUp({ email: 'bot1@spam.kz', website: 'spam.kz' });
    const result = await submitForm(server, signPath, { started, ...fields, fax: '+7 700 000 0000' });
    expect(neutral(result.html)).toBe(true);
    expect(heldReason('bot1@spam.kz')).toEqual({ status: 'held', held_reason: 'honeypot' });
  });

  it('that posts faster than a person can type is held', async () => {
    const started = await formStamp(server, page);
    const result = await submitForm(server, signPath, { started, ...signUp({ email: 'bot2@spam.kz', website: 'spam2.kz' }) });
    expect(neutral(result.html)).toBe(true);
    expect(heldReason('bot2@spam.kz')).toEqual({ status: 'held', held_reason: 'too-fast' });
  });

  it('that posts at once a copy of the letter page kept by the cache is still held', async () => {
    // Readers share one copy of the page per window; the copy handed out last in it is stamped
    // no earlier than the moment it was handed out.
    await server.fetch(page);
    await sleep(800);
    const later = await server.fetch(page);
    const started = (await later.text()).match(/name="started" value="([^"]+)"/)?.[1];
    const stamp = Number(started?.split('.')[0]);
    expect(stamp).toBeGreaterThan(Date.now() - 100);
    // Whoever keeps it after us keeps it no longer than its stamp, and never serves it stale.
    expect(later.headers.get('cache-control')).toBe('public, must-revalidate');
    expect(Date.parse(later.headers.get('expires') ?? '')).toBeLessThanOrEqual(stamp);
    await submitForm(server, signPath, { started: started!, ...signUp({ email: 'bot5@spam.kz', website: 'spam5.kz' }) });
    expect(heldReason('bot5@spam.kz')).toEqual({ status: 'held', held_reason: 'too-fast' });
  });

  it('that posts without a rendered form, or with a forged time, is held', async () => {
    await submitForm(server, signPath, signUp({ email: 'bot3@spam.kz', website: 'spam3.kz' }));
    await submitForm(server, signPath, { ...signUp({ email: 'bot4@spam.kz', website: 'spam4.kz' }), started: `${Date.now() - 60_000}.forged` });
    expect(heldReason('bot3@spam.kz')?.held_reason).toBe('no-form-render');
    expect(heldReason('bot4@spam.kz')?.held_reason).toBe('no-form-render');
  });

  it('that signs again and again from one address is answered as usual past the limit, with nothing stored and no mail', async () => {
    const started = await formStamp(server, page);
    await unhurried();
    const before = query<{ n: number }>(server.databasePath, 'select count(*) as n from signatures')[0]!.n;
    for (let i = 0; i < 22; i++) {
      const result = await submitForm(server, signPath, { started, ...signUp({ email: `wave${i}@flood${i}.kz`, website: `flood${i}.kz` }) });
      expect(neutral(result.html)).toBe(true);
    }
    // 20 per hour from one client; the earlier tests in this file used some of them.
    const stored = query<{ n: number }>(server.databasePath, "select count(*) as n from signatures where email like 'wave%'")[0]!.n;
    expect(stored).toBeLessThanOrEqual(20 - before);
    expect(stored).toBeGreaterThan(0);
    // One stamp serves three sign-ups from one network; the rest are held as a replay, unmailed.
    const mailed = query<{ n: number }>(server.databasePath, "select count(*) as n from signatures where email like 'wave%' and status = 'pending'")[0]!.n;
    expect(mailed).toBeGreaterThan(0);
    expect(mailed).toBeLessThanOrEqual(3);
    const delivered = () => smtp.received.filter((mail) => mail.to.some((to) => to.startsWith('wave'))).length;
    for (let wait = 0; wait < 100 && delivered() < mailed; wait++) await sleep(100);
    expect(query<{ n: number }>(server.databasePath, "select count(*) as n from outbox where recipient like 'wave%'")[0]!.n).toBe(mailed);
  });

  it('gets no email for any held sign-up', async () => {
    await sleep(1500);
    const held = query<{ email: string }>(server.databasePath, "select email from signatures where status = 'held'").map((row) => row.email);
    expect(held.length).toBeGreaterThanOrEqual(4);
    for (const email of held) expect(smtp.received.some((mail) => mail.to.includes(email)), email).toBe(false);
    expect(query<{ n: number }>(server.databasePath, "select count(*) as n from outbox o join signatures s on s.id = o.signature_id where s.status = 'held'")[0]!.n).toBe(0);
  });

  it('never has its IP address stored', () => {
    const dump = query<Record<string, unknown>>(server.databasePath, 'select * from rate_limits')
      .concat(query(server.databasePath, 'select * from signatures'))
      .map((row) => JSON.stringify(row))
      .join('\n');
    expect(dump).not.toContain('127.0.0.1');
    expect(query<{ key: string }>(server.databasePath, 'select key from rate_limits').every((row) => /^[a-z]+:[a-z]+:[0-9a-f]{64}(?::hour|:day)?$/.test(row.key))).toBe(true);
  });
});
