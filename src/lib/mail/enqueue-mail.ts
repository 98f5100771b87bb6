import type { Database } from '#db/client.ts';
import { outbox } from '#db/schema/index.ts';
import type { Locale } from '#i18n/locales.ts';
import { keyedHash } from '#lib/crypto/tokens.ts';
import { consumeLimit } from '#lib/limits/consume-limit.ts';
import { limits } from '#lib/limits/policies.ts';
import { log } from '#lib/log/logger.ts';
import { emailKey } from '#lib/signing/normalize.ts';
import { renderMail, type MailKind, type MailVars } from './render-mail.ts';

type Writer = Pick<Database, 'insert' | 'get'>;

/**
 * Puts a mail in the outbox, unless its recipient has had their share of mail from us for now
 * (every kind of mail counts, so no form can be used to flood one inbox). Call it inside the
 * transaction that makes the change the mail reports, so both are stored or neither; the worker
 * sends it. Returns whether the mail was queued.
 */
export function enqueueMail(
  tx: Writer,
  mail: { kind: MailKind; to: string; locale: Locale; vars: MailVars; signatureId?: number; tokenId?: number },
  context: { now: Date; secret: string },
): boolean {
  const { now, secret } = context;
  const recipient = `mail:to:${keyedHash(secret, emailKey(mail.to))}`;
  const withinBudget =
    consumeLimit(tx, `${recipient}:hour`, limits.mailPerRecipientHour, now) && consumeLimit(tx, `${recipient}:day`, limits.mailPerRecipientDay, now);
  if (!withinBudget) {
    log.warn('mail.capped', { kind: mail.kind });
    return false;
  }
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
  return true;
}
