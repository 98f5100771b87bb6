import { parse } from 'node-html-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { query } from '../support/database.ts';
import { letterSlug, sign, signUp, submitForm, submitPageForm } from '../support/forms.ts';
import { startServer, type RunningServer } from '../support/server.ts';
import { linkIn, startSmtp, type SmtpCapture } from '../support/smtp.ts';

let smtp: SmtpCapture;
let server: RunningServer;

beforeAll(async () => {
  smtp = await startSmtp();
  server = await startServer({ SMTP_URL: smtp.url, SIGN_MIN_SECONDS: '0', MAIL_RETRY_SECONDS: '0.2' });
});
afterAll(async () => {
  await server?.stop();
  await smtp?.close();
});

const mailTo = (address: string, subject?: RegExp) => smtp.waitFor((mail) => mail.to.includes(address) && (!subject || subject.test(mail.subject)));
const statusOf = (email: string) => query<{ status: string }>(server.databasePath, 'select status from signatures where email = ?', email)[0]?.status;
const publicList = async (locale = '') => (await server.fetch(`${locale}/letters/${letterSlug}/signatories/`)).text();

/** Signs, then confirms through the emailed link's page as shown; returns the confirmation mail (with the manage link). */
async function signAndConfirm(fields: Record<string, string>, locale = '') {
  await sign(server, fields, locale);
  const verify = await mailTo(fields.email!, /./);
  await submitPageForm(server, linkIn(verify, '/confirm/'), '_action=confirm');
  return mailTo(fields.email!, /confirmed|подтвержден|расталды/i);
}

/** The confirm form as the page fills it in for a sign-up's fields. */
const confirmFields = (token: string, fields: Record<string, string>) => {
  const { organization, country, website, orgType, statement, listing, contactName, contactRole } = fields;
  return { token, organization: organization!, country: country!, website: website!, orgType: orgType!, statement: statement!, listing: listing!, contactName: contactName!, contactRole: contactRole! };
};

describe('an NGO signing the letter in English', () => {
  const fields = signUp({ organization: 'Open Steppe Foundation', email: 'ana@opensteppe.kz', website: 'opensteppe.kz', contactName: 'Ana Contact' });
  let confirmationPage: string;

  it('is told to check its email, and shown the address it typed, without any detail of what happens next', async () => {
    const result = await sign(server, fields);
    expect(result.status).toBe(303);
    expect(result.location).toBe(`/letters/${letterSlug}/sent/`);
    expect(parse(result.html).querySelector('h1')?.text).toBe('Check your email');
    expect(parse(result.html).querySelector('.sent-to')?.text).toBe('The address you gave: ana@opensteppe.kz');
    expect(statusOf(fields.email!)).toBe('pending');
  });

  it('receives a plain-text and HTML email in English with an absolute link built from SITE_URL', async () => {
    const mail = await mailTo(fields.email!, /Confirm/);
    expect(mail.subject).toBe('Confirm your signature on “Keep Kazakhstan online: an open letter to Kazakhstan\'s authorities and telecom operators”');
    expect(mail.language).toBe('en');
    expect(mail.text).toMatch(/^Hello,\n/);
    expect(mail.text).not.toContain('Ana Contact');
    expect(mail.text).toContain('typed as “Open Steppe Foundation”');
    expect(mail.html).toContain('<a href="http://localhost:4321/confirm/?token=');
    const link = linkIn(mail, '/confirm/');
    expect(link.origin).toBe('http://localhost:4321');
    expect(link.searchParams.get('token')).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });

  it('opens the link to a page with a button, and opening it changes nothing', async () => {
    const link = linkIn(await mailTo(fields.email!, /Confirm/), '/confirm/');
    for (let visit = 0; visit < 3; visit++) {
      const response = await server.fetch(link.pathname + link.search);
      expect(response.status).toBe(200);
      expect(response.headers.get('referrer-policy')).toBe('no-referrer');
      expect(response.headers.get('cache-control')).toBe('no-store');
      expect(response.headers.get('x-robots-tag')).toBe('noindex, nofollow');
      confirmationPage = await response.text();
    }
    const page = parse(confirmationPage);
    const form = page.querySelector('form[method="POST"]');
    expect(form?.querySelector('button')?.text).toBe('Confirm');
    // What will be published, shown as the list will show it, and editable before confirming.
    expect(page.querySelector('.preview .org')?.text).toBe('Open Steppe Foundation');
    expect(form?.querySelector('#confirm-organization')?.getAttribute('value')).toBe('Open Steppe Foundation');
    expect(form?.querySelector('input[name="listing"][checked]')?.getAttribute('value')).toBe('named');
    expect(confirmationPage).not.toContain('ana@opensteppe.kz');
    expect(statusOf(fields.email!)).toBe('pending');
    expect(await publicList()).not.toContain('Open Steppe Foundation');
  });

  it('confirms by pressing the button, and appears on the public list and in the exports', async () => {
    const link = linkIn(await mailTo(fields.email!, /Confirm/), '/confirm/');
    const result = await submitPageForm(server, link, '_action=confirm');
    expect(result.location).toBe(`/confirm/?token=${link.searchParams.get('token')}&result=confirm`);
    expect(parse(result.html).querySelector('.panel.success')?.text).toContain('Open Steppe Foundation is now on the list of signatories');
    expect(statusOf(fields.email!)).toBe('published');

    expect(await publicList()).toContain('Open Steppe Foundation');
    // The website is a link that passes no ranking and no referrer.
    const website = parse(await publicList()).querySelector('.signatories a[href="https://opensteppe.kz/"]');
    expect(website?.text).toBe('opensteppe.kz');
    expect(website?.getAttribute('rel')).toBe('nofollow ugc noopener noreferrer');
    // A search that finds nothing offers the way back to the whole list.
    const empty = parse(await (await server.fetch(`/letters/${letterSlug}/signatories/?q=no-such-organization`)).text());
    expect(empty.querySelector(`main a[href="/letters/${letterSlug}/signatories/"]`)?.text).toBe('Show all signatories');
    const json = (await (await server.fetch(`/letters/${letterSlug}/signatories.json`)).json()) as { signatories: { organization: string; website: string }[] };
    expect(json.signatories).toContainEqual(expect.objectContaining({ organization: 'Open Steppe Foundation', website: 'https://opensteppe.kz/' }));
    const csv = await (await server.fetch(`/letters/${letterSlug}/signatories.csv`)).text();
    expect(csv).toContain('Open Steppe Foundation,KZ,ngo,https://opensteppe.kz/');
  });

  it('is counted on the home and letter pages', async () => {
    for (const path of ['/', `/letters/${letterSlug}/`]) {
      const count = parse(await (await server.fetch(path)).text()).querySelector('.count strong')?.text ?? '';
      expect(count, path).toMatch(/^\d+ organizations? (has|have) signed$/);
      expect(Number.parseInt(count, 10)).toBeGreaterThanOrEqual(1);
    }
  });

  it('gets a confirmation email with a private manage link', async () => {
    const mail = await mailTo(fields.email!, /Signature confirmed/);
    expect(mail.text).toContain('is confirmed and on the list of signatories, for the organization typed as “Open Steppe Foundation”');
    expect(linkIn(mail, '/manage/').searchParams.get('token')).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });

  it('cannot use the confirmation link twice', async () => {
    const link = linkIn(await mailTo(fields.email!, /Confirm/), '/confirm/');
    const again = await submitForm(server, `${link.pathname}?_action=confirm`, confirmFields(link.searchParams.get('token')!, fields));
    expect(parse(again.html).querySelector('.panel')?.text).toContain('This link has already been used');
    const page = await (await server.fetch(link.pathname + link.search)).text();
    expect(parse(page).querySelector('form[method="POST"]')).toBeNull();
  });
});

describe.each([
  { locale: '/ru', lang: 'ru', subject: /Подтвердите подпись/, done: /в списке подписавших/i, organization: 'Правовая инициатива Алматы' },
  { locale: '/kk', lang: 'kk', subject: /растаңыз/i, done: /қол қойғандар тізімінде/i, organization: 'Еркін сөз қоры Астана' },
])('an NGO signing in $lang', ({ locale, lang, subject, done, organization }) => {
  it('gets the form, the email and the confirmation in its language', async () => {
    const fields = signUp({ organization, email: `info@${lang}-org.kz`, website: `${lang}-org.kz` });
    const result = await sign(server, fields, locale);
    expect(parse(result.html).querySelector('html')?.getAttribute('lang')).toBe(lang);
    const mail = await mailTo(fields.email!, subject);
    expect(mail.language).toBe(lang);
    const link = linkIn(mail, '/confirm/');
    expect(link.pathname).toBe(`${locale}/confirm/`);
    const page = parse(await (await server.fetch(link.pathname + link.search)).text());
    expect(page.querySelector('html')?.getAttribute('lang')).toBe(lang);
    const confirmed = await submitPageForm(server, link, '_action=confirm');
    expect(parse(confirmed.html).querySelector('.panel.success')?.text).toMatch(done);
    expect(await publicList(locale)).toContain(organization);
  });
});

describe('a second sign-up for the same organization', () => {
  it('from the same address changes nothing and mails the manage link, with the same page as a new sign-up', async () => {
    const fields = signUp({ organization: 'Steppe Media Lab', email: 'desk@steppemedia.kz', website: 'steppemedia.kz' });
    await signAndConfirm(fields);
    const before = query<{ n: number }>(server.databasePath, 'select count(*) as n from signatures')[0]!.n;
    const again = await sign(server, { ...fields, organization: 'Steppe Media Lab (again)' });
    expect(parse(again.html).querySelector('h1')?.text).toBe('Check your email');
    const mail = await mailTo('desk@steppemedia.kz', /Already signed/);
    expect(mail.text).toContain('The signature made from this address is already confirmed, so nothing was changed');
    expect(linkIn(mail, '/manage/')).toBeTruthy();
    expect(query<{ n: number }>(server.databasePath, 'select count(*) as n from signatures')[0]!.n).toBe(before);
    expect(await publicList()).not.toContain('(again)');
  });

  it('from another address at the same domain with a near-identical name gets the usual mail, and waits for staff once confirmed', async () => {
    const original = signUp({ organization: 'Kazakhstan Bureau for Human Rights', email: 'office@bureau.kz', website: 'bureau.kz' });
    await signAndConfirm(original);
    const colleague = signUp({ organization: 'Kazakhstan Bureau for Human Rights.', email: 'press@bureau.kz', website: 'bureau.kz' });
    const result = await sign(server, colleague);
    expect(parse(result.html).querySelector('h1')?.text).toBe('Check your email');
    const toColleague = await mailTo('press@bureau.kz');
    expect(toColleague.subject).toMatch(/^Confirm your signature/);
    expect(toColleague.text).not.toMatch(/already signed/i);
    await submitPageForm(server, linkIn(toColleague, '/confirm/'), '_action=confirm');
    expect(statusOf('press@bureau.kz')).toBe('verified');
    expect(statusOf('office@bureau.kz')).toBe('published');
  });

  it('from a stranger gives no sign of who has signed', async () => {
    const unknown = await sign(server, signUp({ email: 'nobody@example-new.org', website: 'example-new.org' }));
    const known = await sign(server, signUp({ organization: 'Open Steppe Foundation', email: 'ana@opensteppe.kz', website: 'opensteppe.kz' }));
    // The same page, but for the address each typed (shown only to its own browser).
    const page = (html: string, email: string) => parse(html).querySelector('main')?.text.replace(email, '(address)');
    expect(page(known.html, 'ana@opensteppe.kz')).toContain('Check your email');
    expect(page(known.html, 'ana@opensteppe.kz')).toBe(page(unknown.html, 'nobody@example-new.org'));
  });
});

describe('a signer managing the entry', () => {
  it('corrects the public fields and then withdraws, leaving the list at once', async () => {
    const fields = signUp({ organization: 'Digital Rights Circle', email: 'team@drc.kz', website: 'drc.kz' });
    const confirmation = await signAndConfirm(fields);
    const manage = linkIn(confirmation, '/manage/');
    const token = manage.searchParams.get('token')!;

    const page = parse(await (await server.fetch(manage.pathname + manage.search)).text());
    expect(page.querySelector('#manage-organization')?.getAttribute('value')).toBe('Digital Rights Circle');
    expect(page.text).not.toContain('team@drc.kz');

    const saved = await submitForm(server, `${manage.pathname}?token=${token}&_action=updateSignature`, {
      token, organization: 'Digital Rights Circle', country: 'KZ', website: 'drc.kz', orgType: 'media', statement: 'Keep it on.', listing: 'named',
    });
    expect(parse(saved.html).querySelector('.panel.success')?.text).toBe('Your changes are saved.');
    expect(await publicList()).toContain('Keep it on.');
    // A new name is a new claim: the entry leaves the list until staff have looked at it.
    const renamed = await submitForm(server, `${manage.pathname}?token=${token}&_action=updateSignature`, {
      token, organization: 'Digital Rights Circle KZ', country: 'KZ', website: 'drc.kz', orgType: 'media', statement: 'Keep it on.', listing: 'named',
    });
    expect(parse(renamed.html).querySelector('.panel.success')?.text).toContain('off the public list until they have looked at it');
    expect(await publicList()).not.toContain('Digital Rights Circle');
    expect(statusOf('team@drc.kz')).toBe('verified');

    const withdrawn = await submitForm(server, `${manage.pathname}?_action=withdrawSignature`, { token });
    expect(parse(withdrawn.html).querySelector('.panel.success')?.text).toContain('withdrawn');
    expect(await publicList()).not.toContain('Digital Rights Circle');
    expect(statusOf('team@drc.kz')).toBe('withdrawn');
    const reopened = await (await server.fetch(manage.pathname + manage.search)).text();
    expect(parse(reopened).querySelector('form')).toBeNull();
  });

  it('withdraws in two steps: the manage page only opens a page that says what will happen, and that page withdraws', async () => {
    const fields = signUp({ organization: 'Second Thoughts Union', email: 'board@second-thoughts.kz', website: 'second-thoughts.kz' });
    const manage = linkIn(await signAndConfirm(fields), '/manage/');
    expect(await publicList()).toContain('Second Thoughts Union');

    // The manage page has no form that withdraws: its button is a GET to the next step.
    const first = parse(await (await server.fetch(manage.pathname + manage.search)).text());
    expect(first.querySelectorAll('form[method="POST"]').some((form) => form.getAttribute('action')?.includes('withdrawSignature'))).toBe(false);
    const stepForm = first.querySelector('.withdraw form');
    expect(stepForm?.getAttribute('method')).toBe('GET');
    expect(stepForm?.querySelector('button')?.text).toBe('Withdraw our signature');
    const step = new URL(manage);
    for (const input of stepForm!.querySelectorAll('input[type="hidden"]')) step.searchParams.set(input.getAttribute('name')!, input.getAttribute('value')!);

    // Opening the step changes nothing, however often: it says what will happen.
    const stepPage = await server.fetch(step.pathname + step.search);
    expect(stepPage.headers.get('referrer-policy')).toBe('no-referrer');
    const stepHtml = parse(await stepPage.text());
    await server.fetch(step.pathname + step.search);
    expect(statusOf('board@second-thoughts.kz')).toBe('published');
    expect(stepHtml.querySelector('h1')?.text).toBe('Withdraw the signature?');
    const told = stepHtml.querySelector('.withdraw-step')?.text ?? '';
    expect(told).toContain('removed from the public list');
    expect(told).toContain('cannot be undone');
    expect(told).toContain('you can sign again');
    expect(told).toContain('list the organization anonymously instead');
    expect(stepHtml.querySelector('.withdraw-step a[href$="' + manage.search + '"]')?.text).toBe('No, keep our signature');

    const withdrawn = await submitPageForm(server, step, '_action=withdrawSignature');
    expect(parse(withdrawn.html).querySelector('.panel.success')?.text).toContain('withdrawn');
    expect(await publicList()).not.toContain('Second Thoughts Union');
    expect(statusOf('board@second-thoughts.kz')).toBe('withdrawn');
  });

  it('shows how to prove the website, and says so plainly when the site cannot be reached', async () => {
    const fields = signUp({ organization: 'Unreachable Proof Union', email: 'desk@unreachable-proof.invalid', website: 'unreachable-proof.invalid' });
    const confirmation = await signAndConfirm(fields);
    const manage = linkIn(confirmation, '/manage/');
    const page = parse(await (await server.fetch(manage.pathname + manage.search)).text());
    expect(page.querySelector('#proof-heading')?.text).toBe('Show that you run your website');
    expect(page.text).toContain('https://unreachable-proof.invalid/.well-known/undersigned-keep-kazakhstan-online.txt');
    expect(page.text).toContain('_undersigned.unreachable-proof.invalid');
    const checked = await submitPageForm(server, manage, '_action=proveWebsite');
    expect(parse(checked.html).querySelector('#proof-heading + .panel')?.text).toContain('could not reach your website');
    expect(query(server.databasePath, 'select website_proven_at from signatures where email = ?', fields.email)).toEqual([{ website_proven_at: null }]);
  });

  it('is listed anonymously as an organization from its country, findable by no one', async () => {
    const fields = signUp({ organization: 'Secret Shelter Network', email: 'help@shelter.kz', website: 'shelter.kz', listing: 'anonymous' });
    await signAndConfirm(fields);
    const list = await publicList();
    expect(list).not.toContain('Secret Shelter');
    expect(list).not.toContain('shelter.kz');
    expect(list).toContain('An organization from Kazakhstan');
    const search = await (await server.fetch(`/letters/${letterSlug}/signatories/?q=secret`)).text();
    expect(search).not.toContain('Secret');
    const json = await (await server.fetch(`/letters/${letterSlug}/signatories.json`)).text();
    expect(json).not.toContain('Secret Shelter');
    expect(json).not.toContain('shelter.kz');
  });
});

describe('emailed links that do not work', () => {
  it('refuses a forged token, an expired one and a reused one, each with its own message', async () => {
    const forged = await (await server.fetch(`/confirm/?token=${'A'.repeat(43)}`)).text();
    expect(parse(forged).querySelector('.panel')?.text).toContain('This link is not valid');
    const garbage = await (await server.fetch('/confirm/?token=%3Cscript%3E')).text();
    expect(parse(garbage).querySelector('.panel')?.text).toContain('This link is not valid');

    const fields = signUp({ email: 'late@slowpost.kz', website: 'slowpost.kz' });
    await sign(server, fields);
    const link = linkIn(await mailTo('late@slowpost.kz', /Confirm/), '/confirm/');
    query(server.databasePath, "update signature_tokens set expires_at = 0 where purpose = 'verify' and signature_id = (select id from signatures where email = ?)", 'late@slowpost.kz');
    const expired = await submitForm(server, `${link.pathname}?_action=confirm`, confirmFields(link.searchParams.get('token')!, fields));
    expect(parse(expired.html).querySelector('.panel')?.text).toContain('This link has expired');
    expect(statusOf('late@slowpost.kz')).toBe('pending');
  });

  it('sends a fresh link on request, answering the same for unknown addresses, and the old link stops working', async () => {
    const fields = signUp({ email: 'again@resend.kz', website: 'resend.kz' });
    await sign(server, fields);
    const first = linkIn(await mailTo('again@resend.kz', /Confirm/), '/confirm/');
    const resendPage = `/letters/${letterSlug}/resend/`;
    const known = await submitForm(server, `${resendPage}?_action=resendVerification`, { letter: letterSlug, email: 'again@resend.kz' });
    const unknown = await submitForm(server, `${resendPage}?_action=resendVerification`, { letter: letterSlug, email: 'never@resend.kz' });
    expect(parse(known.html).querySelector('.panel')?.text).toBe(parse(unknown.html).querySelector('.panel')?.text);
    await smtp.waitFor((mail) => mail.to.includes('again@resend.kz') && smtp.received.filter((m) => m.to.includes('again@resend.kz')).length >= 2);
    const old = await submitForm(server, `${first.pathname}?_action=confirm`, confirmFields(first.searchParams.get('token')!, fields));
    expect(parse(old.html).querySelector('.panel')?.text).toContain('already been used');
  });
});

describe('contact details', () => {
  it('appear in no public page or export', async () => {
    const pages = ['/', `/letters/${letterSlug}/`, `/letters/${letterSlug}/signatories/`, `/ru/letters/${letterSlug}/signatories/`, `/letters/${letterSlug}/signatories.json`, `/letters/${letterSlug}/signatories.csv`];
    const contacts = query<{ contact_name: string; email: string; contact_role: string }>(server.databasePath, 'select contact_name, email, contact_role from signatures');
    expect(contacts.length).toBeGreaterThan(3);
    for (const path of pages) {
      const body = await (await server.fetch(path)).text();
      for (const contact of contacts) {
        expect(body, path).not.toContain(contact.email);
        expect(body, path).not.toContain(contact.contact_name);
      }
    }
  });
});
