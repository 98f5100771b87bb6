import { and, eq, ne, sql } from 'drizzle-orm';
import { writeTogether, type Transaction } from '#db/write.ts';
import { preparedOnce } from '#db/prepared.ts';
import { signatures, type Signature } from '#db/schema/index.ts';
import type { Locale } from '#i18n/locales.ts';
import { keyedHash } from '#lib/crypto/tokens.ts';
import { formMaxAgeSeconds, secondsSinceRender } from '#lib/forms/form-timestamp.ts';
import { clientNetwork } from '#lib/limits/client-network.ts';
import { consumeLimit } from '#lib/limits/consume-limit.ts';
import { limits } from '#lib/limits/policies.ts';
import { enqueueMail } from '#lib/mail/enqueue-mail.ts';
import { SigningError, type LetterInfo, type SigningContext } from './context.ts';
import { mailVars, signatureLocale } from './mail-vars.ts';
import { emailKey, splitEmail } from './normalize.ts';
import { publicColumns } from './public-columns.ts';
import type { SignInput } from './sign-input.ts';
import { issueToken, manageTokenExpiry, verifyTokenExpiry } from './tokens.ts';
import { isMailProvider } from './mail-providers.ts';
import { can, changeStatus } from './lifecycle.ts';

/** What happened, for the log only: the signer always sees the same "check your email" page. */
export type SignOutcome = 'new' | 'renewed' | 'released' | 'held' | 'limited' | 'repeat-signed' | 'repeat-quiet';

type Request = { ip: string; locale: Locale; minSeconds: number };

/**
 * The marks of a bot: the hidden field filled, no rendered form, or a form sent faster than a
 * person types, or a stamp that has already served more sign-ups from one network than a person
 * sends. A form more than six hours old goes back to the signer to send again instead.
 */
function botMark(context: SigningContext, tx: Transaction, input: SignInput, minSeconds: number, network: string): string | undefined {
  if (input.fax) return 'honeypot';
  const seconds = secondsSinceRender(context.secret, input.started, context.now);
  if (seconds === undefined) return 'no-form-render';
  if (seconds > formMaxAgeSeconds) throw new SigningError('stale-form');
  // Zero switches the check off, also for a stamp whose moment is still ahead.
  if (minSeconds > 0 && seconds < minSeconds) return 'too-fast';
  if (!consumeLimit(tx, `sign:stamp:${keyedHash(context.secret, `${input.started}|${network}`)}`, limits.signPerStamp, context.now)) return 'stamp-reused';
  return undefined;
}

/**
 * A mark of the signer's network for staff to spot bursts: 24 bits of its keyed hash. Shared by
 * some 256 IPv4 addresses, so even with the database and its secret nobody can tell which one
 * signed, while sign-ups from one network in one burst still stand out.
 */
const networkMark = (secret: string, ip: string) => keyedHash(secret, `network:${clientNetwork(ip)}`).slice(0, 6);

/** What the signer typed, as the columns of their row, with the mark of their network. */
function typedColumns(input: SignInput, request: Request, domain: string, secret: string) {
  return {
    clientHash: networkMark(secret, request.ip),
    ...publicColumns(input, domain),
    contactName: input.contactName,
    contactRole: input.contactRole,
    email: input.email,
    emailKey: emailKey(input.email),
    emailDomain: domain,
    locale: request.locale,
  };
}

/**
 * Stores a new signature row. In every sign-up: the insert is built once per
 * set of columns given (see db/prepared.ts); a column left undefined takes its default.
 */
function insertSignature(tx: Transaction, row: typeof signatures.$inferInsert): Signature {
  const given = Object.fromEntries(Object.entries(row).filter(([, value]) => value !== undefined));
  const columns = Object.keys(given).sort();
  const insert = preparedOnce(tx, `signatures.insert:${columns.join(',')}`, () =>
    tx
      .insert(signatures)
      .values(Object.fromEntries(columns.map((column) => [column, sql.placeholder(column)])) as unknown as typeof signatures.$inferInsert)
      .returning()
      .prepare(),
  );
  return insert.get(given)!;
}

/** Mails a fresh confirmation link to the address on a pending row; `network` is the client's who caused it, if one did. */
export function mailVerification(context: SigningContext, tx: Transaction, letter: LetterInfo, signature: Signature, network?: string): void {
  const locale = signatureLocale(signature);
  const { link, tokenId } = issueToken(tx, context, signature, 'verify', verifyTokenExpiry(context.now));
  enqueueMail(tx, { kind: 'verify', to: signature.email ?? '', locale, signatureId: signature.id, tokenId, vars: mailVars(context, letter, signature, locale, { link }) }, { ...context, network });
}

/**
 * Signs a letter for an organization. Nothing typed is final until the holder of the address
 * confirms it, so the row is pending, and the newest sign-up from an address replaces what an
 * earlier one typed (the confirm page then shows exactly what will be published). Bot-like
 * sign-ups are held without mail and never stand in a real signer's way. Past a client's or an
 * address's budget nothing is stored but the counter. Everyone sees the same "check your email"
 * page; what differs goes by mail.
 */
export async function signLetter(context: SigningContext, input: SignInput, request: Request): Promise<SignOutcome> {
  const { db, now, secret } = context;
  const letter = context.letters.get(input.letter);
  if (!letter) throw new SigningError('unknown-letter');
  if (letter.status !== 'open') throw new SigningError('closed');
  const domain = splitEmail(input.email).domain;
  const key = emailKey(input.email);
  const liveFromAddress = (tx: Transaction) =>
    preparedOnce(tx, 'signatures.liveFromAddress', () =>
      tx
        .select()
        .from(signatures)
        .where(and(eq(signatures.letter, sql.placeholder('letter')), eq(signatures.emailKey, sql.placeholder('key')), ne(signatures.status, 'withdrawn')))
        .prepare(),
    ).get({ letter: letter.slug, key });

  const network = clientNetwork(request.ip);
  // One write for the whole sign-up, the budgets' counters included, sharing its commit with the
  // other sign-ups of the moment (in a rush, the disk's flush is the limit, not the work).
  return writeTogether(db, (tx): SignOutcome => {
    if (!consumeLimit(tx, `sign:client:${keyedHash(secret, network)}`, limits.signPerClient, now)) return 'limited';

    const mark = botMark(context, tx, input, request.minSeconds, network);
    if (mark) {
      if (liveFromAddress(tx)) return 'repeat-quiet';
      insertSignature(tx, { letter: letter.slug, status: 'held', heldReason: mark, ...typedColumns(input, request, domain, secret), createdAt: now, updatedAt: now });
      return 'held';
    }

    // The address's and the domain's budgets, as this network may spend them (see policies.ts).
    const withinAddressBudget =
      consumeLimit(tx, `sign:email:${keyedHash(secret, `${key}|${network}`)}`, limits.signPerEmail, now) &&
      (isMailProvider(domain) || consumeLimit(tx, `sign:domain:${keyedHash(secret, `${domain}|${network}`)}`, limits.signPerDomain, now));
    if (!withinAddressBudget) return 'limited';

    const existing = liveFromAddress(tx);
    if (existing && can('sign', existing.status)) {
      const renewed = changeStatus(tx, existing, 'sign', 'pending', now, { heldReason: null, ...typedColumns(input, request, domain, secret) });
      mailVerification(context, tx, letter, renewed, network);
      return existing.status === 'held' ? 'released' : 'renewed';
    }
    if (existing?.status === 'verified' || existing?.status === 'published') {
      mailManageLink(context, tx, letter, existing, input.email, network);
      return 'repeat-signed';
    }
    // Rejected by staff: their decision stands, and mailing again would only help a flood.
    if (existing) return 'repeat-quiet';

    // Whoever else signed for this organization, at this domain or anywhere, this sign-up gets
    // the same confirmation mail: duplicates are settled at confirmation or by staff, so no mail
    // tells a stranger who signed before (see publication.ts).
    const signature = insertSignature(tx, { letter: letter.slug, status: 'pending', ...typedColumns(input, request, domain, secret), createdAt: now, updatedAt: now });
    mailVerification(context, tx, letter, signature, network);
    return 'new';
  });
}

/** Mails the holder of a signed address a new link to their entry; the links they already have keep working. */
function mailManageLink(context: SigningContext, tx: Transaction, letter: LetterInfo, signature: Signature, to: string, network: string): void {
  const locale = signatureLocale(signature);
  const { link, tokenId } = issueToken(tx, context, signature, 'manage', manageTokenExpiry(context.now, letter.closesAt));
  enqueueMail(tx, { kind: 'already-signed', to, locale, signatureId: signature.id, tokenId, vars: mailVars(context, letter, signature, locale, { link }) }, { ...context, network });
}
