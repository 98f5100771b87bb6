import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase } from '#db/client.ts';
import { migrateDatabase } from '#db/migrate.ts';
import { projectRoot } from '../../support/server.ts';
import type { LetterInfo, SigningContext } from '#lib/signing/context.ts';
import type { SignInput } from '#lib/signing/sign-input.ts';
import { signTimestamp } from '#lib/forms/form-timestamp.ts';

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
    campaign: { name: { en: 'Test campaign', ru: 'Тестовая кампания', kk: 'Сынақ науқаны' }, contactEmail: 'team@example.org' },
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
    started: signTimestamp(context.secret, new Date(context.now.getTime() - 60_000)),
    ...overrides,
  };
}

export const request = { ip: '203.0.113.9', locale: 'en' as const, minSeconds: 3 };
