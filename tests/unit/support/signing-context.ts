import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { outbox } from '#db/schema/index.ts';
import { openDatabase } from '#db/client.ts';
import { migrateDatabase } from '#db/migrate.ts';
import type { LetterInfo, SigningContext } from '#lib/signing/context.ts';
import { checkVerifyToken, confirmSignature } from '#lib/signing/confirm-signature.ts';
import type { ConfirmInput, SignInput } from '#lib/signing/sign-input.ts';
import { signTimestamp } from '#lib/forms/form-timestamp.ts';
import { projectRoot } from '../../support/server.ts';

/** A fresh, migrated SQLite file in a temporary folder. */
export function tempDatabase() {
  const db = openDatabase(join(mkdtempSync(join(tmpdir(), 'undersigned-unit-')), 'test.db'));
  migrateDatabase(db, projectRoot);
  return db;
}

export function letterInfo(overrides: Partial<LetterInfo> = {}): LetterInfo {
  return {
    slug: 'test-letter',
    title: { en: 'Test letter', ru: 'Тестовое письмо', kk: 'Сынақ хат' },
    status: 'open',
    closesAt: new Date('2030-01-01T00:00:00Z'),
    publication: 'on-verification',
    recipients: { en: ['The President', 'The operators'], ru: ['Президент', 'Операторы'], kk: ['Президент', 'Операторлар'] },
    ...overrides,
  };
}

/** A signing context over a temporary database, with one open letter unless told otherwise. */
export function signingContext(overrides: Partial<SigningContext> & { letter?: Partial<LetterInfo> } = {}): SigningContext {
  const { letter, ...rest } = overrides;
  const info = letterInfo(letter);
  return {
    db: tempDatabase(),
    now: new Date('2026-12-01T10:00:00Z'),
    siteUrl: new URL('https://letter.example.org'),
    secret: 'test-secret',
    letters: new Map([[info.slug, info]]),
    campaign: { name: { en: 'Test campaign', ru: 'Тестовая кампания', kk: 'Сынақ науқаны' }, contactEmail: 'team@example.org', wellKnownOrganizations: ['Amnesty International', 'Human Rights Watch'] },
    ...rest,
  };
}

let counter = 0;
/** A valid sign-up, rendered a minute before the context's `now`. */
export function signInput(context: SigningContext, overrides: Partial<SignInput> = {}): SignInput {
  counter += 1;
  return {
    letter: 'test-letter',
    organization: `Human Rights Centre ${counter}`,
    country: 'KZ',
    website: `https://hrc${counter}.kz/`,
    orgType: 'ngo',
    statement: undefined,
    listing: 'named',
    contactName: 'Dana',
    contactRole: 'Coordinator',
    email: `dana@hrc${counter}.kz`,
    consent: 'on',
    fax: undefined,
    // A page of its own for each sign-up, as people load it at different moments.
    started: signTimestamp(context.secret, new Date(context.now.getTime() - 60_000 - counter)),
    ...overrides,
  };
}

/** Each sign-up from a client of its own, unless a test is about one client. */
let clients = 0;
export const request = () => ({ ip: `192.0.2.${(clients++ % 250) + 1}`, locale: 'en' as const, minSeconds: 3 });

export const mails = (context: SigningContext) => context.db.select().from(outbox).orderBy(outbox.id).all();
const tokenFrom = (text: string | null, path: string) => text?.match(new RegExp(`${path}\\?token=([A-Za-z0-9_-]{43})`))?.[1] ?? '';
/** The token in the newest mail that links to `path`. */
export const lastLink = (context: SigningContext, path: string) =>
  tokenFrom(mails(context).findLast((mail) => mail.textBody?.includes(`${path}?token=`))?.textBody ?? null, path);

/** Confirms as the confirm page does: the entry as shown, with whatever the confirmer changed. */
export function confirmAsShown(context: SigningContext, token: string, changes: Partial<ConfirmInput> = {}) {
  const shown = checkVerifyToken(context, token);
  return confirmSignature(context, {
    token,
    organization: shown.organization,
    country: shown.country,
    website: shown.website ?? undefined,
    orgType: shown.orgType,
    statement: shown.statement ?? undefined,
    listing: shown.listing,
    contactName: shown.contactName,
    contactRole: shown.contactRole,
    ...changes,
  });
}
