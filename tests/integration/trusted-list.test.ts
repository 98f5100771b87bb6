import { parse } from 'node-html-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { query, writeCounts } from '../support/database.ts';
import { formStamp, letterSlug, sign, signUp, submitForm, submitPageForm } from '../support/forms.ts';
import { startServer, type RunningServer } from '../support/server.ts';
import { linkIn, startSmtp, type SmtpCapture } from '../support/smtp.ts';

// Each test attacks the way THREATS.md describes, then checks what the attacker got.
let smtp: SmtpCapture;
let server: RunningServer;

beforeAll(async () => {
  smtp = await startSmtp();
  server = await startServer({ SMTP_URL: smtp.url, SIGN_MIN_SECONDS: '0', MAIL_RETRY_SECONDS: '0.2', TRUST_PROXY: '1' });
});
afterAll(async () => {
  await server?.stop();
  await smtp?.close();
});

let client = 0;
/** Each sign-up from a client of its own (behind the trusted proxy), unless a test is about one client. */
const fromNewClient = () => ({ 'X-Forwarded-For': `198.51.100.${(client++ % 250) + 1}` });
const signFrom = (fields: Record<string, string>, headers = fromNewClient(), locale = '') => signWith(fields, headers, locale);
async function signWith(fields: Record<string, string>, headers: Record<string, string>, locale: string) {
  const page = `${locale}/letters/${letterSlug}/`;
  return submitForm(server, `${page}?_action=sign`, { started: await formStamp(server, page), ...fields }, { headers });
}
const mailsTo = (address: string) => smtp.received.filter((mail) => mail.to.includes(address));
/** The newest mail to an address once nothing more is queued for it (older ones may have been superseded). */
async function latestMailTo(address: string) {
  for (let wait = 0; wait < 100; wait++) {
    const rows = query<{ status: string }>(server.databasePath, 'select status from outbox where recipient = ?', address);
    const sent = rows.filter((row) => row.status === 'sent').length;
    if (!rows.some((row) => row.status === 'queued') && sent > 0 && mailsTo(address).length === sent) return mailsTo(address).at(-1)!;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`no mail to ${address}`);
}
const mailTo = (address: string, subject?: RegExp) => smtp.waitFor((mail) => mail.to.includes(address) && (!subject || subject.test(mail.subject)));
const row = (email: string) => query<{ status: string; organization: string; listing: string }>(server.databasePath, 'select status, organization, listing from signatures where email = ?', email)[0];
const publicList = async () => (await server.fetch(`/letters/${letterSlug}/signatories/`)).text();
const fieldError = (html: string, field: string) => parse(html).querySelector(`#sign-${field}-error`)?.text;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The status of a GET sent with a Host header of our choosing (fetch() will not send a forged one). */
async function statusFor(target: RunningServer, path: string, host: string): Promise<number> {
  const { request } = await import('node:http');
  return new Promise((resolve, reject) => {
    const req = request(new URL(path, target.url), { headers: { Host: host } }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('error', reject);
    req.end();
  });
}

describe('a stranger who signs first with an NGO director’s address', () => {
  it('does not decide what is published: the director’s own sign-up replaces it, and the confirm page shows exactly that', async () => {
    await signFrom(signUp({ organization: 'Ministry Friends Club', statement: 'We support the shutdown.', listing: 'named', email: 'director@safehouse.kz', website: 'safehouse.kz' }));
    await signFrom(signUp({ organization: 'Safe House', statement: '', listing: 'anonymous', email: 'director@safehouse.kz', website: 'safehouse.kz' }));
    const link = linkIn(await latestMailTo('director@safehouse.kz'), '/confirm/');
    const page = parse(await (await server.fetch(link.pathname + link.search)).text());
    expect(page.querySelector('.preview')?.text).toContain('An organization from Kazakhstan');
    expect(page.querySelector('#confirm-organization')?.getAttribute('value')).toBe('Safe House');
    expect(page.querySelector('input[name="listing"][checked]')?.getAttribute('value')).toBe('anonymous');
    expect(page.text).not.toContain('Ministry Friends Club');
    expect(page.text).not.toContain('We support the shutdown');

    await submitPageForm(server, link, '_action=confirm');
    const list = await publicList();
    expect(list).not.toContain('Safe House');
    expect(list).not.toContain('Ministry Friends Club');
    expect(row('director@safehouse.kz')).toMatchObject({ status: 'published', listing: 'anonymous' });
  });

  it('is overruled on the confirm page, where the holder of the address can change every public field', async () => {
    await signFrom(signUp({ organization: 'Troll Collective', listing: 'named', statement: 'Lies.', email: 'office@realngo.kz', website: 'realngo.kz' }));
    const link = linkIn(await mailTo('office@realngo.kz'), '/confirm/');
    const result = await submitPageForm(server, link, '_action=confirm', { organization: 'Real NGO', statement: '', listing: 'anonymous' });
    expect(parse(result.html).querySelector('.panel.success')).not.toBeNull();
    expect(row('office@realngo.kz')).toMatchObject({ status: 'published', organization: 'Real NGO', listing: 'anonymous' });
    expect(await publicList()).not.toContain('Troll Collective');
  });

  it('cannot turn an anonymous entry into a named one by signing again with the address', async () => {
    await signFrom(signUp({ organization: 'Quiet Shelter', listing: 'anonymous', email: 'care@quietshelter.kz', website: 'quietshelter.kz' }));
    await submitPageForm(server, linkIn(await mailTo('care@quietshelter.kz'), '/confirm/'), '_action=confirm');
    await signFrom(signUp({ organization: 'Quiet Shelter', listing: 'named', email: 'care@quietshelter.kz', website: 'quietshelter.kz' }));
    await mailTo('care@quietshelter.kz', /Already signed/);
    expect(row('care@quietshelter.kz')).toMatchObject({ listing: 'anonymous' });
    expect(await publicList()).not.toContain('Quiet Shelter');
  });
});

describe('sign-ups that were never confirmed', () => {
  it('do not silence the address’s holder: a bot’s held sign-up with their address gives way to theirs, which is mailed', async () => {
    await signFrom({ ...signUp({ email: 'victim@watchdog.kz', website: 'watchdog.kz' }), fax: '+7 700 000 00 00' });
    expect(row('victim@watchdog.kz')?.status).toBe('held');
    await signFrom(signUp({ organization: 'Watchdog', email: 'victim@watchdog.kz', website: 'watchdog.kz' }));
    const mail = await mailTo('victim@watchdog.kz', /Confirm/);
    expect(linkIn(mail, '/confirm/')).toBeTruthy();
    expect(row('victim@watchdog.kz')).toMatchObject({ status: 'pending', organization: 'Watchdog' });
  });

  it('do not lock an organization out of its own domain, and tell no colleague or stranger who signed: duplicates wait for staff', async () => {
    await signFrom(signUp({ organization: 'Steppe Voice Foundation', email: 'squatter@steppevoice-test.kz', website: 'steppevoice-test.kz' }));
    await signFrom(signUp({ organization: 'Steppe Voice Foundation', email: 'director@steppevoice-test.kz', website: 'steppevoice-test.kz' }));
    await submitPageForm(server, linkIn(await mailTo('director@steppevoice-test.kz', /Confirm/), '/confirm/'), '_action=confirm');
    expect(row('director@steppevoice-test.kz')?.status).toBe('published');

    // A colleague signing again gets the very mail a first signer gets, and nothing says who signed.
    await signFrom(signUp({ organization: 'Steppe Voice', email: 'press@steppevoice-test.kz', website: 'steppevoice-test.kz' }));
    const toColleague = await mailTo('press@steppevoice-test.kz');
    expect(toColleague.subject).toMatch(/^Confirm your signature/);
    expect(toColleague.text).not.toMatch(/already/i);
    // The squatter's pending sign-up, confirmed late, is answered like any other and waits for staff.
    const late = await submitPageForm(server, linkIn(await mailTo('squatter@steppevoice-test.kz'), '/confirm/'), '_action=confirm');
    expect(parse(late.html).querySelector('.panel.success')?.text).toContain('the campaign team will review it');
    expect(row('squatter@steppevoice-test.kz')?.status).toBe('verified');
    expect(query(server.databasePath, 'select review_reason from signatures where email = ?', 'squatter@steppevoice-test.kz')).toEqual([{ review_reason: 'same-organization' }]);
  });
});

describe('someone who owns a domain and types a famous name', () => {
  it('is not published at once, and an honest NGO at its own domain still is', async () => {
    for (const [organization, domain] of [['Amnesty International', 'attacker-ngo.kz'], ['Amnesty International', 'amnesty.org.evil.kz']] as const) {
      const email = `x@${domain}`;
      await signFrom(signUp({ organization, email, website: domain }));
      await submitPageForm(server, linkIn(await mailTo(email), '/confirm/'), '_action=confirm');
      expect(row(email)?.status, domain).toBe('verified');
    }
    expect((await (await server.fetch(`/letters/${letterSlug}/signatories/`)).text())).not.toContain('Amnesty International');
    await signFrom(signUp({ organization: 'Taraz Youth Initiative', email: 'office@taraz-youth.kz', website: 'taraz-youth.kz' }));
    await submitPageForm(server, linkIn(await mailTo('office@taraz-youth.kz'), '/confirm/'), '_action=confirm');
    expect(row('office@taraz-youth.kz')?.status).toBe('published');
  });
});

describe('a pending sign-up whose link has expired', () => {
  it('is removed with everything typed into it, the address included', async () => {
    const { mkdtempSync, rmSync } = await import('node:fs');
    const { join } = await import('node:path');
    const { tmpdir } = await import('node:os');
    const dir = mkdtempSync(join(tmpdir(), 'undersigned-expiry-'));
    const env = { SMTP_URL: smtp.url, SIGN_MIN_SECONDS: '0', DATABASE_PATH: join(dir, 'undersigned.db') };
    try {
      const first = await startServer(env);
      await sign(first, signUp({ organization: 'Never Confirmed Org', email: 'typed.by@someone-else.kz', website: 'someone-else.kz', contactName: 'Typed Name' }));
      await mailTo('typed.by@someone-else.kz');
      await first.stop();
      // Seven days later, unconfirmed: the link has expired.
      query(env.DATABASE_PATH, "update signature_tokens set expires_at = 0 where purpose = 'verify'");
      const second = await startServer(env);
      await second.stop();
      const everything = ['signatures', 'signature_tokens', 'outbox']
        .flatMap((table) => query<Record<string, unknown>>(env.DATABASE_PATH, `select * from ${table}`))
        .map((record) => JSON.stringify(record))
        .join('\n');
      expect(everything).not.toContain('someone-else.kz');
      expect(everything).not.toContain('Typed Name');
      expect(everything).not.toContain('Never Confirmed Org');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('look-alike names', () => {
  it.each([
    ['a zero-width space', 'Human\u200BRights Centre', 'invisible'],
    ['a word joiner', 'Human\u2060Rights Centre', 'invisible'],
    ['a byte order mark', 'Human\uFEFFRights Centre', 'invisible'],
    ['a Hangul filler', 'Human Rights\u3164Centre', 'invisible'],
    ['a right-to-left override', 'Human \u202ERights', 'control'],
    ['a Latin “a” in a Cyrillic word', 'Прaвовая инициатива', 'mixed'],
    ['a Cyrillic “о” in a Latin word', 'Open Sоciety', 'mixed'],
  ])('are refused with %s, next to the field, storing nothing', async (_what, organization, kind) => {
    const before = writeCounts(server.databasePath);
    const result = await signFrom(signUp({ organization, contactName: 'Aigerim' }));
    expect(fieldError(result.html, 'organization')).toMatch({ invisible: /invisible characters/, control: /cannot be shown/, mixed: /mixes alphabets/ }[kind]!);
    expect(parse(result.html).querySelector('#sign-organization')?.getAttribute('value')).toBe(organization);
    expect(writeCounts(server.databasePath)).toEqual(before);
  });

  it('are refused in the contact name too', async () => {
    const result = await signFrom(signUp({ contactName: 'Dana\u200DK' }));
    expect(fieldError(result.html, 'contactName')).toMatch(/invisible characters/);
  });

  it('written whole in another alphabet are caught as the same organization, and wait for staff', async () => {
    await signFrom(signUp({ organization: 'ABC Media', email: 'desk@abc-media.kz', website: 'abc-media.kz' }));
    await submitPageForm(server, linkIn(await mailTo('desk@abc-media.kz'), '/confirm/'), '_action=confirm');
    // "АВС" here is Cyrillic: each word is in one alphabet, so the form takes it, but it folds to the same name.
    await signFrom(signUp({ organization: 'АВС Media', email: 'news@abc-media-kz.org', website: 'abc-media-kz.org' }));
    await submitPageForm(server, linkIn(await mailTo('news@abc-media-kz.org'), '/confirm/'), '_action=confirm');
    expect(row('news@abc-media-kz.org')?.status).toBe('verified');
    expect(query(server.databasePath, 'select review_reason from signatures where email = ?', 'news@abc-media-kz.org')).toEqual([{ review_reason: 'name-like-another' }]);
  });
});

describe('using the form to flood an inbox', () => {
  it('counts a whole IPv6 /64 as one client', async () => {
    const before = query<{ n: number }>(server.databasePath, 'select count(*) as n from signatures')[0]!.n;
    for (let n = 1; n <= 22; n++) {
      const result = await signFrom(signUp({ email: `crowd${n}@crowd${n}.kz`, website: `crowd${n}.kz` }), { 'X-Forwarded-For': `2001:db8:aa:bb::${n.toString(16)}` });
      expect(result.html).toContain('Check your email');
    }
    expect(query<{ n: number }>(server.databasePath, 'select count(*) as n from signatures')[0]!.n - before).toBe(20);
  });

  it('sends one address at most five mails an hour from one network, however they are asked for', async () => {
    const victim = signUp({ email: 'inbox@target.kz', website: 'target.kz' });
    const attacker = { 'X-Forwarded-For': '198.51.100.250' };
    for (let i = 0; i < 3; i++) await signFrom(victim, attacker);
    for (let i = 0; i < 3; i++) {
      await submitForm(server, `/letters/${letterSlug}/resend/?_action=resendVerification`, { letter: letterSlug, email: 'inbox@target.kz' }, { headers: attacker });
    }
    // Six mails asked for from one network: never more than five are even queued.
    const queued = () => query<{ n: number }>(server.databasePath, "select count(*) as n from outbox where recipient = 'inbox@target.kz'")[0]!.n;
    expect(queued()).toBe(5);
    // The owner, from their own network, still gets their link.
    await signFrom(victim, { 'X-Forwarded-For': '203.0.113.250' });
    expect(queued()).toBe(6);
  });

  it('never puts typed text where it reads as the campaign’s words', async () => {
    await signFrom(signUp({ organization: 'Your account is suspended call now', contactName: 'Dear customer click here', email: 'phish@target2.kz', website: 'target2.kz' }));
    const mail = await mailTo('phish@target2.kz');
    expect(mail.subject).toBe('Confirm your signature on “Keep Kazakhstan online: an open letter to Kazakhstan\'s authorities and telecom operators”');
    expect(mail.text).toMatch(/^Hello,\n/);
    expect(mail.text).not.toContain('Dear customer');
    expect(mail.text).toContain('for the organization typed as “Your account is suspended call now”');
  });
});

describe('a form left open for more than six hours', () => {
  it('comes back with what was typed, asking to send it again, and stores nothing', async () => {
    const { value: secret } = query<{ value: string }>(server.databasePath, "select value from settings where key = 'secret'")[0]!;
    const { signTimestamp } = await import('#lib/forms/form-timestamp.ts');
    const before = writeCounts(server.databasePath);
    const old = signTimestamp(secret, new Date(Date.now() - 7 * 3600 * 1000));
    const result = await submitForm(server, `/letters/${letterSlug}/?_action=sign`, { ...signUp({ organization: 'Slow Typist Union' }), started: old }, { headers: fromNewClient() });
    expect(parse(result.html).querySelector('.error-summary')?.text).toContain('opened more than six hours ago');
    expect(parse(result.html).querySelector('#sign-organization')?.getAttribute('value')).toBe('Slow Typist Union');
    expect(writeCounts(server.databasePath)).toEqual(before);
  });
});

describe('one form stamp replayed by a bot', () => {
  it('serves a few sign-ups from one network, and holds every one after that without mail; a crowd sharing it is not held', async () => {
    // A page no other test here opened, so its stamp is this test's alone.
    const stamp = await formStamp(server, `/kk/letters/${letterSlug}/sign/`);
    const statusOf = (email: string) => query<{ status: string; held_reason: string | null }>(server.databasePath, 'select status, held_reason from signatures where email = ?', email).map((row) => row.held_reason ?? row.status)[0];
    const bot = fromNewClient();
    const replayed: (string | undefined)[] = [];
    for (let n = 0; n < 5; n++) {
      await submitForm(server, `/letters/${letterSlug}/?_action=sign`, { ...signUp({ email: `replay${n}@replay${n}.kz`, website: `replay${n}.kz` }), started: stamp }, { headers: bot });
      replayed.push(statusOf(`replay${n}@replay${n}.kz`));
    }
    expect(replayed).toEqual(['pending', 'pending', 'pending', 'stamp-reused', 'stamp-reused']);
    for (let n = 0; n < 10; n++) {
      await submitForm(server, `/letters/${letterSlug}/?_action=sign`, { ...signUp({ email: `crowd-stamp${n}@crowd-stamp${n}.kz`, website: `crowd-stamp${n}.kz` }), started: stamp }, { headers: fromNewClient() });
      expect(statusOf(`crowd-stamp${n}@crowd-stamp${n}.kz`)).toBe('pending');
    }
  });
});

describe('a foreign page posting to us', () => {
  it('cannot reach another action through the Origin: null exemption of token forms', async () => {
    const before = writeCounts(server.databasePath);
    const smuggled = await server.fetch('/_actions/sign?_action=confirm', {
      method: 'POST',
      headers: { Origin: 'null', 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(signUp({ email: 'smuggled@evil.kz' })),
    });
    expect(smuggled.status).toBe(403);
    const foreign = await server.fetch(`/letters/${letterSlug}/?_action=sign`, {
      method: 'POST',
      headers: { Origin: 'https://evil.example', 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(signUp({ email: 'crosssite@evil.kz' })),
    });
    expect(foreign.status).toBe(403);
    expect(writeCounts(server.databasePath)).toEqual(before);
    // The token forms themselves still work from a page that sends Origin: null.
    const tokenForm = await server.fetch(`/confirm/?_action=withdrawSignature`, {
      method: 'POST',
      headers: { Origin: 'null', 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ token: 'A'.repeat(43) }),
    });
    expect(tokenForm.status).toBe(303);
  });
});

describe('pages behind emailed links', () => {
  it('are kept out of search engines', async () => {
    for (const path of ['/confirm/?token=x', '/manage/?token=x', '/ru/confirm/?token=x', '/kk/manage/?token=x']) {
      expect((await server.fetch(path)).headers.get('x-robots-tag'), path).toBe('noindex, nofollow');
    }
    const robots = await (await server.fetch('/robots.txt')).text();
    for (const path of ['/confirm/', '/manage/', '/ru/confirm/', '/ru/manage/', '/kk/confirm/', '/kk/manage/']) expect(robots).toContain(`Disallow: ${path}\n`);
  });

  it('keep working after a stranger makes the site mail the signer again', async () => {
    const fields = signUp({ organization: 'Link Keepers', email: 'keeper@links.kz', website: 'links.kz' });
    await signFrom(fields);
    await submitPageForm(server, linkIn(await mailTo('keeper@links.kz', /Confirm/), '/confirm/'), '_action=confirm');
    const manage = linkIn(await mailTo('keeper@links.kz', /Signature confirmed/), '/manage/');
    await signFrom(fields);
    await mailTo('keeper@links.kz', /Already signed/);
    const page = parse(await (await server.fetch(manage.pathname + manage.search)).text());
    expect(page.querySelector('#manage-organization')?.getAttribute('value')).toBe('Link Keepers');
  });
});

describe('the dev mailbox and the Host header', () => {
  it('answers only for this site’s name; the health check answers any', async () => {
    expect(await statusFor(server, '/', 'rebound.evil.example')).toBe(421);
    expect(await statusFor(server, '/favicon.svg', 'rebound.evil.example:4321')).toBe(421);
    expect(await statusFor(server, '/healthz', 'rebound.evil.example')).toBe(200);
    expect(await statusFor(server, '/', 'localhost:4321')).toBe(200);
  });

  it('in production, answers only for SITE_URL’s host, not even for localhost', async () => {
    // A *.localhost name: a public https name would not start with the campaign's example contact (see startup.test.ts).
    const production = await startServer({ NODE_ENV: 'production', SITE_URL: 'https://letter.localhost', SMTP_URL: smtp.url, MAIL_FROM: 'Letter <letter@example.org>' });
    try {
      expect(await statusFor(production, '/', 'letter.localhost')).toBe(200);
      expect(await statusFor(production, '/', 'localhost:4321')).toBe(421);
      expect(await statusFor(production, '/dev/mailbox/', 'letter.localhost')).toBe(404);
    } finally {
      await production.stop();
    }
  });

  it('is not served to a visitor from another machine', async () => {
    const mailboxServer = await startServer({ TRUST_PROXY: '1' });
    try {
      expect((await mailboxServer.fetch('/dev/mailbox/')).status).toBe(200);
      expect((await mailboxServer.fetch('/dev/mailbox/', { headers: { 'X-Forwarded-For': '198.51.100.9' } })).status).toBe(404);
    } finally {
      await mailboxServer.stop();
    }
  });
});
