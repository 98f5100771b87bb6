import { eq, sql } from 'drizzle-orm';
import { write } from '#db/write.ts';
import { preparedOnce } from '#db/prepared.ts';
import { outbox, signatureTokens, signatures } from '#db/schema/index.ts';
import type { LinkRefresh, QueuedMail } from '#lib/mail/outbox-worker.ts';
import { renderMail } from '#lib/mail/render-mail.ts';
import type { SigningContext } from './context.ts';
import { mailVars, signatureLocale } from './mail-vars.ts';
import { issueToken, verifyTokenExpiry } from './tokens.ts';

/** A confirmation link must have at least this long to live when it arrives, or it is replaced. */
const minimumLinkLifeMs = 24 * 3600 * 1000;

/**
 * Just before a queued confirmation mail goes out (after an SMTP outage, say): if its link was
 * used or replaced meanwhile, the mail is superseded and not sent; if the link has expired or is
 * about to, a fresh one is issued and the mail re-rendered with it, stored so retries carry it.
 * Mails with other links go out as they are.
 */
export function renewQueuedLink(context: SigningContext, mail: Pick<QueuedMail, 'id' | 'tokenId' | 'kind'>): LinkRefresh {
  const { db, now } = context;
  if (mail.kind !== 'verify' || mail.tokenId === null) return undefined;
  const tokenId = mail.tokenId;
  return write(db, (tx): LinkRefresh => {
    // Before every confirmation mail: built once (see db/prepared.ts).
    const row = preparedOnce(tx, 'signatureTokens.withSignature', () =>
      tx
        .select({ token: signatureTokens, signature: signatures })
        .from(signatureTokens)
        .innerJoin(signatures, eq(signatures.id, signatureTokens.signatureId))
        .where(eq(signatureTokens.id, sql.placeholder('tokenId')))
        .prepare(),
    ).get({ tokenId });
    const letter = row && context.letters.get(row.signature.letter);
    if (!row || !letter || row.token.usedAt || row.signature.status !== 'pending') return 'superseded';
    if (row.token.expiresAt.getTime() - now.getTime() > minimumLinkLifeMs) return undefined;

    const locale = signatureLocale(row.signature);
    const fresh = issueToken(tx, context, row.signature, 'verify', verifyTokenExpiry(now));
    const rendered = renderMail('verify', locale, mailVars(context, letter, row.signature, locale, { link: fresh.link }));
    tx.update(outbox)
      .set({ tokenId: fresh.tokenId, subject: rendered.subject, textBody: rendered.text, htmlBody: rendered.html })
      .where(eq(outbox.id, mail.id))
      .run();
    return rendered;
  });
}
