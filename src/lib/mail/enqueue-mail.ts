import { sql } from 'drizzle-orm';
import type { Database } from '#db/client.ts';
import { preparedOnce } from '#db/prepared.ts';
import { outbox } from '#db/schema/index.ts';
import type { Locale } from '#i18n/locales.ts';
import { keyedHash } from '#lib/crypto/tokens.ts';
import { consumeLimit } from '#lib/limits/consume-limit.ts';
import { limits } from '#lib/limits/policies.ts';
import { log } from '#lib/log/logger.ts';
import { emailKey } from '#lib/signing/normalize.ts';
import { mailQueued } from './mail-queued.ts';
import { renderMail, type MailKind, type MailVars } from './render-mail.ts';

type Writer = Pick<Database, 'insert'>;

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
  // In every sign-up: built once (see db/prepared.ts).
  const queue = preparedOnce(tx, 'outbox.insert', () =>
    tx
      .insert(outbox)
      .values({
        kind: sql.placeholder('kind'),
        recipient: sql.placeholder('recipient'),
        subject: sql.placeholder('subject'),
        textBody: sql.placeholder('textBody'),
        htmlBody: sql.placeholder('htmlBody'),
        signatureId: sql.placeholder('signatureId'),
        tokenId: sql.placeholder('tokenId'),
        nextAttemptAt: sql.placeholder('now'),
        createdAt: sql.placeholder('now'),
      })
      .prepare(),
  );
  queue.run({
    kind: mail.kind,
    recipient: mail.to,
    subject: rendered.subject,
    textBody: rendered.text,
    htmlBody: rendered.html,
    signatureId: mail.signatureId ?? null,
    tokenId: mail.tokenId ?? null,
    now,
  });
  mailQueued();
  return true;
}
