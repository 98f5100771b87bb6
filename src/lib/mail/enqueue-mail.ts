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
 * Puts a mail in the outbox, unless its recipient has had their share of mail from us for now,
 * so no form can be used to flood one inbox. A mail caused from a client's network (a sign-up,
 * a resend: `network`) counts against what that network may send the address, and every mail
 * against a daily backstop for the address; a stranger's network cannot spend the owner's share.
 * Staff sign-in links have a budget of their own (see request-sign-in.ts) and count against
 * neither. Call it inside the transaction that makes the change the mail reports, so both are
 * stored or neither; the worker sends it. Returns whether the mail was queued.
 */
export function enqueueMail(
  tx: Writer,
  mail: { kind: MailKind; to: string; locale: Locale; vars: MailVars; signatureId?: number; tokenId?: number },
  context: { now: Date; secret: string; network?: string },
): boolean {
  const { now, secret, network } = context;
  const recipient = `mail:to:${keyedHash(secret, emailKey(mail.to))}`;
  const fromNetwork = network && `mail:to:${keyedHash(secret, `${emailKey(mail.to)}|${network}`)}`;
  const withinBudget =
    mail.kind === 'staff-sign-in' ||
    ((!fromNetwork ||
      (consumeLimit(tx, `${fromNetwork}:hour`, limits.mailPerRecipientHour, now) && consumeLimit(tx, `${fromNetwork}:day`, limits.mailPerRecipientDay, now))) &&
      consumeLimit(tx, `${recipient}:day`, limits.mailPerRecipientDayFromAll, now));
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
