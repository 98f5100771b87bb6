import type { Database } from '#db/client.ts';
import { outbox } from '#db/schema/index.ts';
import type { Locale } from '#i18n/locales.ts';
import { renderMail, type MailKind, type MailVars } from './render-mail.ts';

type Writer = Pick<Database, 'insert'>;

/**
 * Puts a mail in the outbox. Call it inside the transaction that makes the change the mail
 * reports, so both are stored or neither; the worker sends it.
 */
export function enqueueMail(
  tx: Writer,
  mail: { kind: MailKind; to: string; locale: Locale; vars: MailVars; signatureId?: number; tokenId?: number },
  now: Date,
): void {
  const rendered = renderMail(mail.kind, mail.locale, mail.vars);
  tx.insert(outbox)
    .values({
      kind: mail.kind,
      recipient: mail.to,
      subject: rendered.subject,
      textBody: rendered.text,
      htmlBody: rendered.html,
      signatureId: mail.signatureId,
      tokenId: mail.tokenId,
      nextAttemptAt: now,
      createdAt: now,
    })
    .run();
}
