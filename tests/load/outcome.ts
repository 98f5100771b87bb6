/**
 * What a load run left behind, read from the server's SQLite file and the SMTP server's mailbox:
 * whether every acknowledged sign-up was stored once with its mail, and every mail delivered once.
 */
import { query } from '../support/database.ts';
import type { ReceivedMail } from '../support/smtp.ts';
import { interruptedSend } from '#lib/mail/outbox-worker.ts';
import type { Tally } from './crowd.ts';

export type Outcome = {
  acknowledged: number;
  /** Acknowledged sign-ups found in the database exactly once. */
  stored: number;
  /** Acknowledged but not in the database. Must be 0. */
  lost: number;
  /** Acknowledged and in the database more than once. Must be 0. */
  duplicated: number;
  /** Acknowledged and stored, but with no confirmation mail queued or sent. Must be 0. */
  withoutMail: number;
  /** Stored although the client never saw the answer (it was cut off by the crash). */
  storedUnacknowledged: number;
  integrity: string;
  mails: {
    total: number;
    sent: number;
    queued: number;
    failed: number;
    delivered: number;
    /** Delivered twice although it was never in flight during a crash. Must be 0. */
    deliveredTwice: number;
    /** Being handed to the SMTP server when the server was killed, so sent again (same Message-ID). */
    interrupted: number;
    /** Of those, how many the SMTP server had in fact taken before the kill, and so got twice. */
    interruptedDeliveredTwice: number;
    missing: number;
  };
};

type Row = { email: string; n: number };

export function readOutcome(databasePath: string, run: string, tally: Tally, received: ReceivedMail[]): Outcome {
  const pattern = `signer@org-${run}-%`;
  const signatures = new Map(query<Row>(databasePath, 'select email, count(*) as n from signatures where email like ? group by email', pattern).map((row) => [row.email, row.n]));
  const mailed = new Set(query<{ email: string }>(databasePath, "select distinct recipient as email from outbox where kind = 'verify' and recipient like ?", pattern).map((row) => row.email));
  const acknowledged = [...tally.acknowledged];
  const mails = query<{ id: number; created_at: number; status: string; last_error: string | null }>(
    databasePath,
    'select id, created_at, status, last_error from outbox where recipient like ?',
    pattern,
  );

  const deliveries = new Map<string, number>();
  for (const mail of received) {
    // Message-IDs are <outbox id.created-at@host>; the part before the @ names the outbox row.
    const id = mail.messageId?.match(/^<?([^@>]+)@/)?.[1];
    if (id) deliveries.set(id, (deliveries.get(id) ?? 0) + 1);
  }
  const sent = mails.filter((mail) => mail.status === 'sent');
  const deliveredCounts = sent.map((mail) => deliveries.get(`${mail.id}.${mail.created_at}`) ?? 0);
  const interrupted = sent.map((mail, index) => ({ interrupted: mail.last_error === interruptedSend, count: deliveredCounts[index]! }));

  return {
    acknowledged: acknowledged.length,
    stored: acknowledged.filter((email) => signatures.get(email) === 1).length,
    lost: acknowledged.filter((email) => !signatures.has(email)).length,
    duplicated: acknowledged.filter((email) => (signatures.get(email) ?? 0) > 1).length,
    withoutMail: acknowledged.filter((email) => signatures.has(email) && !mailed.has(email)).length,
    storedUnacknowledged: [...signatures.keys()].filter((email) => !tally.acknowledged.has(email)).length,
    integrity: String(query<{ integrity_check: string }>(databasePath, 'pragma integrity_check')[0]?.integrity_check),
    mails: {
      total: mails.length,
      sent: mails.filter((mail) => mail.status === 'sent').length,
      queued: mails.filter((mail) => mail.status === 'queued').length,
      failed: mails.filter((mail) => mail.status === 'failed').length,
      delivered: deliveredCounts.filter((count) => count >= 1).length,
      deliveredTwice: interrupted.filter((mail) => !mail.interrupted && mail.count > 1).length,
      interrupted: interrupted.filter((mail) => mail.interrupted).length,
      interruptedDeliveredTwice: interrupted.filter((mail) => mail.interrupted && mail.count > 1).length,
      missing: deliveredCounts.filter((count) => count === 0).length,
    },
  };
}

/** Resolves once no mail of this run is left queued, or after `timeoutMs`. */
export async function mailDrained(databasePath: string, run: string, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const [row] = query<{ n: number }>(databasePath, "select count(*) as n from outbox where status = 'queued' and recipient like ?", `signer@org-${run}-%`);
    if (row?.n === 0) return true;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  return false;
}
