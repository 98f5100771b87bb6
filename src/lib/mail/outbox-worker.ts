import { and, asc, eq, lte } from 'drizzle-orm';
import type { Database } from '#db/client.ts';
import { outbox } from '#db/schema/index.ts';
import { log } from '#lib/log/logger.ts';
import type { MailTransport } from './transport.ts';

const maxDelaySeconds = 3600;
const batchSize = 20;

type SmtpError = { code?: string; responseCode?: number; message?: string };

/**
 * Whether trying again later can succeed. A refused recipient (5xx) will not change its mind;
 * a connection failure, a busy server (4xx) or rejected credentials (an operator's fix) can.
 */
export function isRetryable(error: SmtpError): boolean {
  if (error.code === 'EAUTH') return true;
  if (error.code === 'EENVELOPE' && !error.responseCode) return false;
  return !(typeof error.responseCode === 'number' && error.responseCode >= 500);
}

export function retryDelaySeconds(attempts: number, firstDelaySeconds: number): number {
  return Math.min(firstDelaySeconds * 2 ** Math.max(0, attempts - 1), maxDelaySeconds);
}

export type OutboxWorker = {
  /** Sends what is due now; resolves when this batch is done. */
  tick: () => Promise<number>;
  /** Stops polling and sends what is due until the queue is empty or `withinMs` has passed. */
  stop: (withinMs: number) => Promise<void>;
};

/**
 * Sends the outbox in the background. Sent mail loses its bodies (they hold live links) unless the
 * transport keeps mail locally for the dev mailbox; failures are retried with backoff and never
 * dropped, except a permanent refusal, which is logged and marked failed.
 */
export function startOutboxWorker(options: {
  db: Database;
  transport: MailTransport;
  retrySeconds: number;
  pollMs?: number;
  onKept?: (mail: { to: string; subject: string; text: string }) => void;
}): OutboxWorker {
  const { db, transport, retrySeconds, pollMs = 500, onKept } = options;
  let running: Promise<number> | undefined;
  let stopped = false;

  async function sendDue(): Promise<number> {
    const now = new Date();
    const due = db
      .select()
      .from(outbox)
      .where(and(eq(outbox.status, 'queued'), lte(outbox.nextAttemptAt, now)))
      .orderBy(asc(outbox.id))
      .limit(batchSize)
      .all();
    for (const mail of due) {
      try {
        await transport.send({ to: mail.recipient, subject: mail.subject, text: mail.textBody ?? '', html: mail.htmlBody ?? '' });
        db.update(outbox)
          .set({
            status: 'sent',
            sentAt: new Date(),
            attempts: mail.attempts + 1,
            lastError: null,
            ...(transport.keepsMail ? {} : { textBody: null, htmlBody: null }),
          })
          .where(eq(outbox.id, mail.id))
          .run();
        if (transport.keepsMail) onKept?.({ to: mail.recipient, subject: mail.subject, text: mail.textBody ?? '' });
        log.info('mail.sent', { id: mail.id, kind: mail.kind, attempts: mail.attempts + 1 });
      } catch (caught) {
        const error = caught as SmtpError;
        const attempts = mail.attempts + 1;
        const reason = `${error.code ?? 'ERROR'} ${error.responseCode ?? ''} ${error.message ?? ''}`.trim().slice(0, 500);
        if (isRetryable(error)) {
          const delay = retryDelaySeconds(attempts, retrySeconds);
          db.update(outbox)
            .set({ attempts, lastError: reason, nextAttemptAt: new Date(Date.now() + delay * 1000) })
            .where(eq(outbox.id, mail.id))
            .run();
          log.warn('mail.retry', { id: mail.id, kind: mail.kind, attempts, retryInSeconds: delay, error: reason });
        } else {
          db.update(outbox).set({ attempts, lastError: reason, status: 'failed' }).where(eq(outbox.id, mail.id)).run();
          log.error('mail.failed', { id: mail.id, kind: mail.kind, attempts, error: reason });
        }
      }
    }
    return due.length;
  }

  const tick = () => {
    running ??= sendDue().finally(() => (running = undefined));
    return running;
  };

  const timer = setInterval(() => {
    if (!stopped) void tick().catch((error: unknown) => log.error('mail.worker_failed', { error }));
  }, pollMs);
  timer.unref();

  return {
    tick,
    stop: async (withinMs) => {
      stopped = true;
      clearInterval(timer);
      const deadline = Date.now() + withinMs;
      await running;
      while (Date.now() < deadline && (await tick()) > 0) {
        // keep sending while there is due mail and time left
      }
      transport.close();
    },
  };
}
