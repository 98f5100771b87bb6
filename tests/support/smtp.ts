import type { AddressInfo } from 'node:net';
import PostalMime from 'postal-mime';
import { SMTPServer } from 'smtp-server';

export type ReceivedMail = { to: string[]; subject: string; text: string; html: string; language: string | undefined; messageId: string | undefined };

export type SmtpCapture = {
  port: number;
  url: string;
  received: ReceivedMail[];
  /** Resolves with the first mail (already received or arriving) that matches. */
  waitFor: (match: (mail: ReceivedMail) => boolean, timeoutMs?: number) => Promise<ReceivedMail>;
  /** Stops listening and drops open connections at once, as a crashed mail server would. */
  close: () => Promise<void>;
};

/** A real SMTP server on loopback that keeps every message it accepts, parsed. */
export async function startSmtp(port = 0): Promise<SmtpCapture> {
  const received: ReceivedMail[] = [];
  const waiters: (() => void)[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    closeTimeout: 50,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => void PostalMime.parse(Buffer.concat(chunks))
        .then((email) => {
          received.push({
            to: session.envelope.rcptTo.map((rcpt) => rcpt.address),
            subject: email.subject ?? '',
            text: email.text ?? '',
            html: email.html ?? '',
            language: email.html?.match(/<html lang="([a-z]+)"/)?.[1],
            messageId: email.messageId,
          });
          waiters.splice(0).forEach((wake) => wake());
          callback();
        })
        .catch(callback));
    },
  });
  // A client that vanishes mid-conversation (the site killed mid-send, as the crash run does) resets
  // its connection: that is the client's end, not a failure of this server, and must not crash the run.
  server.on('error', () => {});
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  const actualPort = (server.server.address() as AddressInfo).port;

  const waitFor: SmtpCapture['waitFor'] = (match, timeoutMs = 15_000) =>
    new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no matching mail within ${timeoutMs} ms; received: ${received.map((m) => `${m.to} "${m.subject}"`).join(', ')}`)), timeoutMs);
      const check = () => {
        const found = received.find(match);
        if (found) {
          clearTimeout(timer);
          resolve(found);
        } else waiters.push(check);
      };
      check();
    });

  return {
    port: actualPort,
    url: `smtp://127.0.0.1:${actualPort}`,
    received,
    waitFor,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/** The link in a mail that points at `path` (e.g. '/confirm/'). */
export function linkIn(mail: ReceivedMail, path: string): URL {
  const link = mail.text.match(/https?:\/\/\S+/g)?.find((candidate) => new URL(candidate).pathname.endsWith(path));
  if (!link) throw new Error(`no ${path} link in "${mail.subject}":\n${mail.text}`);
  return new URL(link);
}
