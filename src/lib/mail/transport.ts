import nodemailer from 'nodemailer';
import type { Config } from '#lib/config/config.ts';

export type OutgoingMail = { to: string; subject: string; text: string; html: string; messageId: string };

/** Hands a mail over for delivery; throws what nodemailer throws (with `code` / `responseCode`). */
export type MailTransport = {
  /** True when mail is kept locally (the dev mailbox) rather than sent. */
  keepsMail: boolean;
  send: (mail: OutgoingMail) => Promise<void>;
  /** Drops open connections (at shutdown). */
  close: () => void;
};

/**
 * The longest one mail may take, end to end. Every socket wait is bounded below this, and a
 * send that still has not finished is abandoned (and retried later), so a hanging SMTP server
 * can hold neither the queue nor a shutdown. The outbox lease must be longer than this.
 */
export const sendTimeoutMs = 15_000;

class SendTimeout extends Error {
  override name = 'SendTimeout';
  readonly code = 'ETIMEDOUT';
  constructor() {
    super(`the SMTP server did not finish within ${sendTimeoutMs / 1000} s`);
  }
}

export function createMailTransport(config: Pick<Config, 'mail' | 'mailConnections' | 'mailRatePerSecond'>): MailTransport {
  const { mail, mailConnections, mailRatePerSecond } = config;
  if (mail.transport === 'dev-mailbox') {
    return { keepsMail: true, send: async () => {}, close: () => {} };
  }
  const connect = () =>
    nodemailer.createTransport(
      {
        url: mail.url,
        // Connections reused, several at once: a sign-up rush sends hundreds of mails, and each
        // takes a few round trips to a provider across the internet (plus, on a new connection,
        // the TCP and TLS handshakes). nodemailer's pool spreads mails over them.
        pool: true,
        maxConnections: mailConnections,
        maxMessages: 100,
        // A provider's own limit on mails per second, when it has one.
        ...(mailRatePerSecond ? { rateDelta: 1000, rateLimit: mailRatePerSecond } : {}),
        dnsTimeout: 5_000,
        connectionTimeout: 5_000,
        greetingTimeout: 5_000,
        socketTimeout: 10_000,
      },
      { from: mail.from },
    );
  let transporter = connect();
  return {
    keepsMail: false,
    send: async ({ to, subject, text, html, messageId }) => {
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(() => {
          // A closed pool refuses further mail: drop the stuck connection and start afresh.
          transporter.close();
          transporter = connect();
          reject(new SendTimeout());
        }, sendTimeoutMs);
      });
      try {
        await Promise.race([
          transporter.sendMail({ to, subject, text, html, messageId, headers: { 'Auto-Submitted': 'auto-generated' } }),
          timeout,
        ]);
      } finally {
        clearTimeout(timer);
      }
    },
    close: () => transporter.close(),
  };
}
