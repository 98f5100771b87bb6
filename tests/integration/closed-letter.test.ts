import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'node-html-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHash, randomBytes } from 'node:crypto';
import { query, writeCounts } from '../support/database.ts';
import { letterSlug, signUp, submitForm, submitPageForm } from '../support/forms.ts';
import { copyProject, runAstro } from '../support/fixture-project.ts';
import { startServer, type RunningServer } from '../support/server.ts';

let root: string;
let server: RunningServer;

beforeAll(async () => {
  root = copyProject();
  for (const locale of ['en', 'ru', 'kk']) {
    const file = join(root, `content/letters/${letterSlug}/${locale}.md`);
    writeFileSync(file, readFileSync(file, 'utf8').replace(/^opensAt: .*$/m, 'opensAt: 2025-01-01T00:00:00Z').replace(/^closesAt: .*$/m, 'closesAt: 2025-06-30T23:59:59Z'));
  }
  const build = runAstro(root, 'build');
  if (build.status !== 0) throw new Error(build.output);
  server = await startServer({ SIGN_MIN_SECONDS: '0' }, root);
});
afterAll(async () => {
  await server?.stop();
  rmSync(root, { recursive: true, force: true });
});

describe('a letter whose signing has closed', () => {
  it('shows a notice instead of the form, and no call to sign on the home page', async () => {
    const page = parse(await (await server.fetch(`/letters/${letterSlug}/`)).text());
    expect(page.querySelector('.letter-status')?.text.trim()).toBe('Closed for signatures on 30 June 2025');
    expect(page.querySelector('form.sign-form')).toBeNull();
    expect(page.querySelector('#sign')?.text).toContain('Signing this letter has closed.');
    const home = parse(await (await server.fetch('/')).text());
    expect(home.querySelector('a.button')).toBeNull();
  });

  it('refuses a sign-up posted anyway, and writes nothing', async () => {
    const before = writeCounts(server.databasePath);
    const result = await submitForm(server, `/letters/${letterSlug}/sign/?_action=sign`, { started: '0.x', ...signUp() });
    expect(result.status).toBe(303);
    expect(writeCounts(server.databasePath)).toEqual(before);
    const sign = parse(result.html).querySelector('#sign');
    expect(sign?.text).toContain('Signing this letter has closed.');
  });
});

describe('a signer after the letter has closed', () => {
  /** A published entry signed while the letter was open, with the manage link its signer keeps. */
  function signedBeforeClosing(organization: string): string {
    const token = randomBytes(32).toString('base64url');
    const now = Date.now();
    query(
      server.databasePath,
      `insert into signatures (letter, status, organization, country, org_type, listing, email, email_key, email_domain, organization_key,
         organization_search, trust, locale, created_at, updated_at, verified_at, published_at)
       values (?, 'published', ?, 'KZ', 'ngo', 'named', 'early@closed.kz', 'early@closed.kz', 'closed.kz', ?, ?, 'no-website', 'en', ?, ?, ?, ?)`,
      letterSlug, organization, organization.toLowerCase(), organization.toLowerCase(), now, now, now, now,
    );
    query(
      server.databasePath,
      "insert into signature_tokens (signature_id, purpose, token_hash, created_at, expires_at) values ((select max(id) from signatures), 'manage', ?, ?, ?)",
      createHash('sha256').update(token).digest('hex'), now, now + 30 * 24 * 3600 * 1000,
    );
    return `/manage/?token=${token}`;
  }
  const list = async () => (await server.fetch(`/letters/${letterSlug}/signatories/`)).text();

  it('can no longer correct the entry, but can still hide the name and withdraw', async () => {
    const manage = signedBeforeClosing('Late Regrets Foundation');
    const page = parse(await (await server.fetch(manage)).text());
    expect(page.querySelector('#manage-organization')).toBeNull();
    expect(page.querySelector('.panel')?.text).toContain('can no longer be corrected');
    expect(await list()).toContain('Late Regrets Foundation');

    const hidden = await submitPageForm(server, manage, '_action=listAnonymously');
    expect(parse(hidden.html).querySelector('.panel.success')?.text).toBe('Your organization is now listed anonymously.');
    expect(await list()).not.toContain('Late Regrets Foundation');
    expect(await list()).toContain('An organization from Kazakhstan');

    const corrected = await submitForm(server, `${manage}&_action=updateSignature`, {
      token: new URL(manage, server.url).searchParams.get('token')!, organization: 'Renamed', country: 'KZ', website: '', orgType: 'ngo', statement: '', listing: 'named',
    });
    expect(parse(corrected.html).querySelector('[role="alert"]')?.text).toBe('Signing this letter has closed.');
    expect(query<{ organization: string }>(server.databasePath, "select organization from signatures where email = 'early@closed.kz'")[0]?.organization).toBe('Late Regrets Foundation');

    const withdrawn = await submitPageForm(server, `${manage}&step=withdraw`, '_action=withdrawSignature');
    expect(parse(withdrawn.html).querySelector('.panel.success')?.text).toContain('withdrawn');
    expect(await list()).not.toContain('An organization from Kazakhstan');
    expect(query<{ status: string }>(server.databasePath, "select status from signatures where email = 'early@closed.kz'")[0]?.status).toBe('withdrawn');
  });
});
