import { randomUUID } from 'node:crypto';
import { and, asc, eq, isNull, lte, or, sql } from 'drizzle-orm';
import type { Database } from '#db/client.ts';
import { preparedOnce } from '#db/prepared.ts';
import { write } from '#db/write.ts';
import { outbox } from '#db/schema/index.ts';
import { log } from '#lib/log/logger.ts';
import { redactText } from '#lib/log/redact.ts';
import { onMailQueued } from './mail-queued.ts';
import { sendTimeoutMs, type MailTransport } from './transport.ts';

const maxDelaySeconds = 3600;
/** Longer than any one send may take, so a live sender never loses its mail to another process. */
export const leaseMs = 2 * sendTimeoutMs;

export type QueuedMail = typeof outbox.$inferSelect;
/** Recorded on a mail whose sender died mid-send (see settleAndClaim). */
export const interruptedSend = 'INTERRUPTED the sending process stopped mid-send; sent again with the same Message-ID';
/** What to send instead of the stored bodies: a fresh link, or nothing because the link is no longer wanted. */
export type LinkRefresh = { subject: string; text: string; html: string } | 'superseded' | undefined;

type SmtpError = { code?: string; responseCode?: number; message?: string };

/**
 * Whether trying again later can succeed. A refused recipient (5xx) will not change its mind;
 * a connection failure, a timeout, a busy server (4xx) or rejected credentials (an operator's
 * fix) can.
 */
export function isRetryable(error: SmtpError): boolean {
  if (error.code === 'EAUTH') return true;
  if (error.code === 'EENVELOPE' && !error.responseCode) return false;
  return !(typeof error.responseCode === 'number' && error.responseCode >= 500);
}

/** The server could not be reached or refused our login: every mail would fail the same way now. */
function serverUnavailable(error: SmtpError): boolean {
  return error.code === 'EAUTH' || (error.responseCode === undefined && error.code !== 'EENVELOPE' && error.code !== 'EMESSAGE');
}

export function retryDelaySeconds(attempts: number, firstDelaySeconds: number): number {
  return Math.min(firstDelaySeconds * 2 ** Math.max(0, attempts - 1), maxDelaySeconds);
}

export type OutboxWorker = {
  /** Sends everything that is due now, up to `concurrency` mails at a time; resolves with how many were handled. */
  tick: () => Promise<number>;
  /**
   * Stops polling and keeps sending what is due until the queue is empty or `withinMs` has
   * passed; a send still in flight then is abandoned (its lease runs out and it is retried).
   */
  stop: (withinMs: number) => Promise<void>;
};

export type OutboxWorkerOptions = {
  db: Database;
  transport: MailTransport;
  retrySeconds: number;
  /** After this many failed attempts a mail is marked failed instead of retried. */
  maxAttempts: number;
  /** The host part of each mail's Message-ID, derived from the outbox row so a resend keeps it. */
  messageIdHost: string;
  /** How often to look for mail due later or queued by another process; mail queued here wakes it at once. */
  pollMs?: number;
  /**
   * Mails in flight at once: one per SMTP connection of the transport's pool. A provider across
   * the internet answers each mail in a few round trips, so one at a time is a few mails a second.
   * After a failure to reach the server, one at a time until a mail goes through again.
   */
  concurrency?: number;
  onKept?: (mail: { to: string; subject: string; text: string }) => void;
  /** Called before sending a mail that carries an emailed link, to replace a link that expired in the queue. */
  refreshLink?: (mail: QueuedMail, now: Date) => LinkRefresh | Promise<LinkRefresh>;
};

/**
 * Sends the outbox in the background. Each mail is claimed with a lease before it is sent, so
 * two processes (or a restarted dev server) never send one mail twice, and a mail claimed by a
 * process that died is picked up again once its lease runs out. Sent mail loses its bodies
 * (they hold live links) unless the transport keeps mail for the dev mailbox. Failures are
 * retried with backoff up to `maxAttempts`; a permanent refusal is marked failed at once.
 */
export function startOutboxWorker(options: OutboxWorkerOptions): OutboxWorker {
  const { db, transport, retrySeconds, maxAttempts, messageIdHost, pollMs = 1000, concurrency = 1, onKept, refreshLink } = options;
  const owner = randomUUID();
  let stopped = false;
  let deadline = Number.POSITIVE_INFINITY;
  // While the SMTP server is down, wait (with backoff) instead of failing every queued mail in turn.
  let outageStreak = 0;
  let pausedUntil = 0;

  /** What happened to mails this worker held, written with its next claim (see `settleAndClaim`). */
  let outcomes: { mail: QueuedMail; changes: Partial<QueuedMail> }[] = [];

  /** Records what happened to a mail this worker holds; the lease is released when it is written. */
  function settle(mail: QueuedMail, changes: Partial<QueuedMail>): void {
    outcomes.push({ mail, changes });
  }

  /**
   * In one transaction: writes the outcomes of the mails sent since the last call, then leases
   * up to `count` of the oldest due mails to this worker. One commit for both: in a rush the mails
   * that finish in one turn of the event loop are recorded together and their places refilled at
   * once, where a commit each would have the disk's flush as the limit.
   *
   * A mail whose lease ran out while it still had an owner was being sent when that process died:
   * the SMTP server may or may not have taken it, so it counts as an attempt and goes out again
   * with the same Message-ID (by which mail programs recognise a repeat).
   */
  function settleAndClaim(now: Date, count: number): QueuedMail[] {
    const settled = outcomes;
    const claimed = write(db, (tx) => {
      for (const { mail, changes } of settled) {
        tx.update(outbox)
          .set({ ...changes, leaseOwner: null, leaseUntil: null })
          .where(and(eq(outbox.id, mail.id), eq(outbox.leaseOwner, owner)))
          .run();
      }
      if (count <= 0) return [];
      // Built once (see db/prepared.ts): in a rush this runs hundreds of times a second.
      const nextDue = preparedOnce(db, 'outbox.nextDue', () => {
        const nowMs = sql.placeholder('nowMs');
        const due = and(eq(outbox.status, 'queued'), lte(outbox.nextAttemptAt, nowMs), or(isNull(outbox.leaseUntil), lte(outbox.leaseUntil, nowMs)));
        return db.select().from(outbox).where(due).orderBy(asc(outbox.nextAttemptAt), asc(outbox.id)).limit(sql.placeholder('count')).prepare();
      });
      return nextDue.all({ nowMs: now.getTime(), count }).map((mail) => {
        const interrupted = mail.leaseOwner !== null;
        if (interrupted) log.warn('mail.interrupted', { id: mail.id, kind: mail.kind, attempts: mail.attempts + 1 });
        return tx
          .update(outbox)
          .set({
            leaseOwner: owner,
            leaseUntil: new Date(now.getTime() + leaseMs),
            ...(interrupted ? { attempts: mail.attempts + 1, lastError: interruptedSend } : {}),
          })
          .where(eq(outbox.id, mail.id))
          .returning()
          .get();
      });
    });
    outcomes = outcomes.slice(settled.length);
    return claimed;
  }

  async function deliver(mail: QueuedMail): Promise<void> {
    let content = { subject: mail.subject, text: mail.textBody ?? '', html: mail.htmlBody ?? '' };
    if (mail.tokenId !== null && refreshLink) {
      const refreshed = await refreshLink(mail, new Date());
      if (refreshed === 'superseded') {
        settle(mail, { status: 'superseded', textBody: null, htmlBody: null });
        log.info('mail.superseded', { id: mail.id, kind: mail.kind });
        return;
      }
      if (refreshed) {
        content = refreshed;
        log.info('mail.link_renewed', { id: mail.id, kind: mail.kind });
      }
    }
    const attempts = mail.attempts + 1;
    try {
      await transport.send({
        to: mail.recipient,
        ...content,
        messageId: `<${mail.id}.${mail.createdAt.getTime()}@${messageIdHost}>`,
      });
    } catch (caught) {
      const error = caught as SmtpError;
      // SMTP errors quote the refused address: keep the reason, not the recipient.
      const reason = redactText(`${error.code ?? 'ERROR'} ${error.responseCode ?? ''} ${error.message ?? ''}`.replace(/\s+/g, ' ').trim()).slice(0, 500);
      if (serverUnavailable(error)) {
        reachable = false;
        outageStreak += 1;
        pausedUntil = Date.now() + retryDelaySeconds(outageStreak, retrySeconds) * 1000;
      }
      if (isRetryable(error) && attempts < maxAttempts) {
        const delay = retryDelaySeconds(attempts, retrySeconds);
        settle(mail, { attempts, lastError: reason, nextAttemptAt: new Date(Date.now() + delay * 1000) });
        log.warn('mail.retry', { id: mail.id, kind: mail.kind, attempts, retryInSeconds: delay, error: reason });
        return;
      }
      settle(mail, { attempts, lastError: reason, status: 'failed' });
      log.error('mail.failed', { id: mail.id, kind: mail.kind, attempts, error: reason });
      return;
    }
    outageStreak = 0;
    reachable = true;
    settle(mail, {
      status: 'sent',
      sentAt: new Date(),
      attempts,
      ...(transport.keepsMail ? content : { textBody: null, htmlBody: null }),
    });
    if (transport.keepsMail) onKept?.({ to: mail.recipient, subject: content.subject, text: content.text });
    log.info('mail.sent', { id: mail.id, kind: mail.kind, attempts });
  }

  let inFlight = 0;
  /** Whether the last mail went through: until one does, mail goes out one at a time. */
  let reachable = false;
  /** Resolved once nothing is due and nothing is in flight; what tick() hands out meanwhile. */
  let drained: { promise: Promise<number>; resolve: (handled: number) => void; handled: number } | undefined;

  /**
   * Starts sending due mail until `concurrency` are in flight, and settles `drained` once there is
   * none left. The mails that finish in one turn of the event loop free their places together, and
   * one claim fills them all.
   */
  function pump(): void {
    try {
      const free = Date.now() < deadline && Date.now() >= pausedUntil ? (reachable ? concurrency : 1) - inFlight : 0;
      const claimed = free > 0 || outcomes.length > 0 ? settleAndClaim(new Date(), free) : [];
      for (const mail of claimed) {
        inFlight += 1;
        void deliver(mail)
          .catch((error: unknown) => log.error('mail.worker_failed', { error }))
          .finally(() => {
            inFlight -= 1;
            if (drained) drained.handled += 1;
            pumpSoon();
          });
      }
    } catch (error) {
      // Nothing was written (the database busy past its timeout): the outcomes stay for the next try.
      log.error('mail.worker_failed', { error });
    }
    if (inFlight === 0 && drained) {
      drained.resolve(drained.handled);
      drained = undefined;
    }
  }

  let pumpScheduled = false;
  function pumpSoon(): void {
    if (pumpScheduled) return;
    pumpScheduled = true;
    setImmediate(() => {
      pumpScheduled = false;
      pump();
    });
  }

  const tick = () => {
    if (!drained) {
      let resolve!: (handled: number) => void;
      const promise = new Promise<number>((done) => (resolve = done));
      drained = { promise, resolve, handled: 0 };
    }
    const { promise } = drained;
    pump();
    return promise;
  };

  const timer = setInterval(() => {
    if (!stopped) void tick();
  }, pollMs);
  timer.unref();
  // Mail queued in this process goes out at once rather than at the next poll.
  const stopListening = onMailQueued(() => {
    if (!stopped) void tick();
  });

  return {
    tick,
    stop: async (withinMs) => {
      stopped = true;
      clearInterval(timer);
      stopListening();
      deadline = Date.now() + withinMs;
      let timeUp: NodeJS.Timeout | undefined;
      const finished = tick();
      await Promise.race([finished, new Promise((resolve) => (timeUp = setTimeout(resolve, withinMs)))]);
      clearTimeout(timeUp);
      transport.close();
    },
  };
}
