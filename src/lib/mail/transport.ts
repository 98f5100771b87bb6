import nodemailer from 'nodemailer';
import type { Config } from '#lib/config/config.ts';

export type OutgoingMail = { to: string; subject: string; text: string; html: string };

/** Hands a mail over for delivery; throws what nodemailer throws (with `code` / `responseCode`). */
export type MailTransport = {
  /** True when mail is kept locally (the dev mailbox) rather than sent. */
  keepsMail: boolean;
  send: (mail: OutgoingMail) => Promise<void>;
  close: () => void;
};

export function createMailTransport(config: Pick<Config, 'mail'>): MailTransport {
  const { mail } = config;
  if (mail.transport === 'dev-mailbox') {
    return { keepsMail: true, send: async () => {}, close: () => {} };
  }
  const transporter = nodemailer.createTransport(
    {
      url: mail.url,
      // Fail fast so one dead server does not hold the worker; the outbox retries.
      connectionTimeout: 10_000,
      greetingTimeout: 10_000,
      socketTimeout: 20_000,
    },
    { from: mail.from },
  );
  return {
    keepsMail: false,
    send: async ({ to, subject, text, html }) => {
      await transporter.sendMail({ to, subject, text, html, headers: { 'Auto-Submitted': 'auto-generated' } });
    },
    close: () => transporter.close(),
  };
}
