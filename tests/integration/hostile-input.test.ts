import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { confirmInput, resendInput, signInput, tokenInput, updateInput } from '#lib/signing/sign-input.ts';
import { writeCounts } from '../support/database.ts';
import { formArbitrary, validForm } from '../support/form-arbitraries.ts';
import { formStamp, letterSlug } from '../support/forms.ts';
import { hostileValues } from '../support/hostile-values.ts';
import { startServer, type RunningServer } from '../support/server.ts';
import { startSmtp, type SmtpCapture } from '../support/smtp.ts';

let smtp: SmtpCapture;
let server: RunningServer;
let stamp: string;

beforeAll(async () => {
  smtp = await startSmtp();
  server = await startServer({ SMTP_URL: smtp.url, SIGN_MIN_SECONDS: '0' });
  stamp = await formStamp(server, `/letters/${letterSlug}/`);
});
afterAll(async () => {
  await server?.stop();
  await smtp?.close();
});

/** A stack trace or an error's name in what the server sent back. */
const leak = /\n\s+at \S+|\.m?[jt]s:\d+:\d+|SqliteError|TypeError|ReferenceError|RangeError/;

type Answer = { status: number; body: string; landing?: string };

async function post(path: string, body: BodyInit, contentType: string, origin = server.url): Promise<Answer> {
  const streamed = body instanceof ReadableStream ? { duplex: 'half' } : {};
  const response = await server.fetch(path, { method: 'POST', headers: { Origin: origin, 'Content-Type': contentType }, body, ...streamed } as RequestInit);
  const answer: Answer = { status: response.status, body: await response.text() };
  const location = response.headers.get('location');
  if (response.status === 303 && location) {
    const cookie = response.headers.get('set-cookie')?.split(';')[0] ?? '';
    answer.landing = await (await server.fetch(location, { headers: { Cookie: cookie } })).text();
  }
  return answer;
}

function expectSafe(answer: Answer, what: string) {
  expect(answer.status, what).toBeLessThan(500);
  expect(answer.body, what).not.toMatch(leak);
  if (answer.landing !== undefined) expect(answer.landing, what).not.toMatch(leak);
}

const forms: { name: string; path: string; schema: z.ZodObject; hints?: Record<string, fc.Arbitrary<string>> }[] = [
  {
    name: 'sign',
    path: `/letters/${letterSlug}/?_action=sign`,
    schema: signInput,
    hints: {
      letter: fc.constant(letterSlug),
      country: fc.constantFrom('KZ', 'KG', 'UZ', 'XX', 'kz'),
      email: fc.emailAddress(),
      website: fc.webUrl(),
      started: fc.constant('stamp'),
    },
  },
  { name: 'resend', path: `/letters/${letterSlug}/resend/?_action=resendVerification`, schema: resendInput, hints: { letter: fc.constant(letterSlug), email: fc.emailAddress() } },
  { name: 'confirm', path: '/confirm/?_action=confirm', schema: confirmInput, hints: { country: fc.constantFrom('KZ', 'RU') } },
  { name: 'correct', path: '/manage/?_action=updateSignature', schema: updateInput, hints: { country: fc.constantFrom('KZ', 'RU') } },
  { name: 'withdraw', path: '/manage/?_action=withdrawSignature', schema: tokenInput },
  { name: 'hide', path: '/manage/?_action=listAnonymously', schema: tokenInput },
];
const runsPerForm = 150;
let generated = 0;

describe('random and hostile forms, generated from the zod schemas', () => {
  it.each(forms)('$name: never a 5xx or a stack trace, and nothing written unless the form is valid', async ({ path, schema, hints }) => {
    await fc.assert(
      fc.asyncProperty(formArbitrary(schema, hints), async (form) => {
        generated += 1;
        if (form.started === 'stamp') form.started = stamp;
        const before = writeCounts(server.databasePath);
        const answer = await post(path, new URLSearchParams(form), 'application/x-www-form-urlencoded');
        expectSafe(answer, JSON.stringify(form).slice(0, 300));
        if (!validForm(schema, form)) expect(writeCounts(server.databasePath), JSON.stringify(form).slice(0, 300)).toEqual(before);
      }),
      { numRuns: runsPerForm },
    );
  }, 120_000);

  it('pages and endpoints: random query strings never give a 5xx or a stack trace', async () => {
    const paths = [
      `/letters/${letterSlug}/signatories/`,
      `/ru/letters/${letterSlug}/signatories/`,
      `/letters/${letterSlug}/signatories.json`,
      `/letters/${letterSlug}/signatories.csv`,
      '/confirm/',
      '/kk/manage/',
      `/letters/${letterSlug}/resend/`,
      `/letters/${letterSlug}/`,
      '/healthz',
    ];
    const value = fc.oneof(fc.constantFrom(...hostileValues.filter((text) => text.length < 2000)), fc.string({ maxLength: 40 }), fc.integer().map(String));
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...paths), fc.dictionary(fc.constantFrom('q', 'country', 'page', 'token', '_action', 'letter'), value), async (path, query) => {
        generated += 1;
        const response = await server.fetch(`${path}?${new URLSearchParams(query)}`);
        const body = await response.text();
        expect(response.status, `${path} ${JSON.stringify(query)}`).toBeLessThan(500);
        expect(body).not.toMatch(leak);
      }),
      { numRuns: 300 },
    );
    console.info(`hostile input: ${generated} generated requests`);
  }, 120_000);
});

/** A body streamed in chunks, with no Content-Length, as an attacker's client can send it. */
function chunked(text: string): ReadableStream<Uint8Array> {
  const bytes = new TextEncoder().encode(text);
  return new ReadableStream({
    start(controller) {
      for (let at = 0; at < bytes.length; at += 8192) controller.enqueue(bytes.slice(at, at + 8192));
      controller.close();
    },
  });
}

describe('a fixed corpus of hostile input', () => {
  const signFields = () => ({
    letter: letterSlug, organization: 'Corpus NGO', country: 'KZ', website: 'corpus.kz', orgType: 'ngo', statement: 'Fine.', listing: 'named',
    contactName: 'Corpus Tester', contactRole: 'Director', email: 'tester@corpus.kz', consent: 'on', started: stamp,
  });

  it('in every field of the sign form, is refused or stored as plain text, and never shows up as markup', async () => {
    for (const field of Object.keys(signFields()).filter((name) => name !== 'started')) {
      for (const value of hostileValues) {
        const form: Record<string, string> = { ...signFields(), [field]: value, email: `t${field}${hostileValues.indexOf(value)}@corpus.kz` };
        if (field === 'email') form.email = value;
        const before = writeCounts(server.databasePath);
        const answer = await post(`/letters/${letterSlug}/?_action=sign`, new URLSearchParams(form), 'application/x-www-form-urlencoded');
        expectSafe(answer, `${field}=${value.slice(0, 40)}`);
        expect(answer.landing ?? '', `${field}=${value.slice(0, 40)}`).not.toMatch(/<script>alert|<img src=x/);
        if (!validForm(signInput, form)) expect(writeCounts(server.databasePath), `${field}=${value.slice(0, 40)}`).toEqual(before);
      }
    }
    const list = await (await server.fetch(`/letters/${letterSlug}/signatories/`)).text();
    expect(list).not.toMatch(/<script>alert|onerror=/);
  }, 120_000);

  it('in the wrong shape or from the wrong place, gets a clear 4xx and changes nothing', async () => {
    const before = writeCounts(server.databasePath);
    const sign = `/letters/${letterSlug}/?_action=sign`;
    const cases: [string, Promise<Answer>, number][] = [
      ['JSON to a form action', post(sign, JSON.stringify(signFields()), 'application/json'), 415],
      ['JSON to an action endpoint', post('/_actions/sign', JSON.stringify(signFields()), 'application/json'), 415],
      ['text to a form action', post(sign, 'organization=x', 'text/plain'), 415],
      ['malformed multipart', post(sign, '--b\r\nContent-Disposition: form-data; name="organization"\r\n\r\nunterminated', 'multipart/form-data; boundary=b'), 400],
      ['multipart without a boundary', post(sign, 'junk', 'multipart/form-data'), 400],
      ['a 100 KB field', post(sign, new URLSearchParams({ ...signFields(), organization: 'x'.repeat(100_000) }), 'application/x-www-form-urlencoded'), 413],
      ['a 100 KB body sent without a length', post(sign, chunked(`organization=${'x'.repeat(100_000)}`), 'application/x-www-form-urlencoded'), 411],
      ['a 100 KB body to an action endpoint', post('/_actions/confirm', chunked(`token=${'x'.repeat(100_000)}`), 'application/x-www-form-urlencoded'), 411],
      ['a 100 KB body with its length to an action endpoint', post('/_actions/confirm', `token=${'x'.repeat(100_000)}`, 'application/x-www-form-urlencoded'), 413],
      ['a cross-site POST', post(sign, new URLSearchParams(signFields()), 'application/x-www-form-urlencoded', 'https://evil.example'), 403],
      ['a cross-site POST to an action endpoint', post('/_actions/sign', new URLSearchParams(signFields()), 'application/x-www-form-urlencoded', 'https://evil.example'), 403],
      ['Origin: null to a form that carries no token', post(sign, new URLSearchParams(signFields()), 'application/x-www-form-urlencoded', 'null'), 403],
    ];
    for (const [what, pending, status] of cases) {
      const answer = await pending;
      expect(answer.status, what).toBe(status);
      expect(answer.body, what).not.toMatch(leak);
    }
    expect(writeCounts(server.databasePath)).toEqual(before);
  });
});
