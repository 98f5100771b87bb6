import { describe, expect, it } from 'vitest';
import { outbox, settings, signatures, signatureTokens } from '#db/schema/index.ts';
import { SigningError, type SigningContext } from '#lib/signing/context.ts';
import { expireUnconfirmed } from '#lib/signing/expire-unconfirmed.ts';
import { findManagedSignature, listAnonymously, updateSignature, withdrawSignature } from '#lib/signing/manage-signature.ts';
import { organizationKey } from '#lib/signing/normalize.ts';
import { refreshOrganizationKeys } from '#lib/signing/refresh-organization-keys.ts';
import { resendVerification } from '#lib/signing/resend-verification.ts';
import { signLetter } from '#lib/signing/sign-letter.ts';
import { signTimestamp } from '#lib/forms/form-timestamp.ts';
import type { SignInput } from '#lib/signing/sign-input.ts';
import { confirmAsShown, lastLink, mails, request, signInput, signingContext } from './support/signing-context.ts';

const rows = (context: SigningContext) => context.db.select().from(signatures).orderBy(signatures.id).all();
const day = 24 * 3600 * 1000;
const later = (context: SigningContext, ms: number) => ({ ...context, now: new Date(context.now.getTime() + ms) });
const closed = (context: SigningContext) => ({ ...context, letters: new Map([['test-letter', { ...context.letters.get('test-letter')!, status: 'closed' as const }]]) });

describe('signing a letter', () => {
  it('stores a pending signature and its verification mail together, with only the token’s hash', async () => {
    const context = signingContext();
    expect(await signLetter(context, signInput(context, { email: 'Dana@HRC.kz', website: 'https://hrc.kz/' }), request())).toBe('new');
    const [signature] = rows(context);
    expect(signature).toMatchObject({ status: 'pending', emailKey: 'dana@hrc.kz', emailDomain: 'hrc.kz', trust: 'domain-match' });
    const [mail] = mails(context);
    expect(mail).toMatchObject({ kind: 'verify', recipient: 'Dana@HRC.kz', status: 'queued' });
    const token = lastLink(context, '/confirm/');
    expect(token).toHaveLength(43);
    const [stored] = context.db.select().from(signatureTokens).all();
    expect(stored!.tokenHash).not.toContain(token);
    expect(stored!.expiresAt.getTime() - context.now.getTime()).toBe(7 * day);
  });

  it('refuses a closed letter and writes nothing', async () => {
    const context = signingContext({ letter: { status: 'closed' } });
    await expect(signLetter(context, signInput(context), request())).rejects.toThrow(SigningError);
    expect(rows(context)).toEqual([]);
    expect(mails(context)).toEqual([]);
  });

  it('records a free-mail address and a website on another domain as weak trust signals', async () => {
    const context = signingContext();
    await signLetter(context, signInput(context, { email: 'someone@gmail.com' }), request());
    await signLetter(context, signInput(context, { email: 'x@other.org', website: 'https://hrc.kz/' }), request());
    expect(rows(context).map((row) => row.trust)).toEqual(['free-mail', 'domain-mismatch']);
  });

  it('gives a form older than a day back to be sent again, storing nothing', async () => {
    const context = signingContext();
    const stale = signInput(context, { started: signTimestamp(context.secret, new Date(context.now.getTime() - 25 * 3600 * 1000)) });
    await expect(signLetter(context, stale, request())).rejects.toThrow(expect.objectContaining({ code: 'stale-form' }));
    expect(rows(context)).toEqual([]);
  });
});

describe('a stranger who signed first with someone else’s address', () => {
  it('does not decide what is published: the newest sign-up replaces what was typed, and only its link works', async () => {
    const context = signingContext();
    await signLetter(context, signInput(context, { organization: 'Fake Front', listing: 'named', statement: 'We love censorship', email: 'director@ngo.kz', website: 'https://ngo.kz/' }), request());
    const strangersLink = lastLink(context, '/confirm/');
    expect(await signLetter(context, signInput(context, { organization: 'Real NGO', listing: 'anonymous', email: 'director@ngo.kz', website: 'https://ngo.kz/' }), request())).toBe('renewed');
    expect(rows(context)).toHaveLength(1);
    expect(rows(context)[0]).toMatchObject({ organization: 'Real NGO', listing: 'anonymous', statement: null });
    expect(() => confirmAsShown(context, strangersLink)).toThrow(expect.objectContaining({ code: 'used-token' }));
    expect(confirmAsShown(context, lastLink(context, '/confirm/')).organization).toBe('Real NGO');
    expect(rows(context)[0]).toMatchObject({ status: 'published', listing: 'anonymous' });
  });

  it('is overruled on the confirm page: the confirmer publishes what they choose, anonymity included', async () => {
    const context = signingContext();
    await signLetter(context, signInput(context, { organization: 'Named By Someone Else', listing: 'named', email: 'head@shelter.kz', website: 'https://shelter.kz/' }), request());
    const confirmed = confirmAsShown(context, lastLink(context, '/confirm/'), { organization: 'Women’s Shelter', listing: 'anonymous', statement: undefined });
    expect(confirmed).toMatchObject({ organization: 'Women’s Shelter', status: 'published' });
    expect(rows(context)[0]).toMatchObject({ organization: 'Women’s Shelter', listing: 'anonymous', organizationKey: organizationKey('Women’s Shelter') });
  });
});

describe('sign-ups that were never confirmed', () => {
  it('expire with their link and are removed with their tokens and mail; confirmed ones stay', async () => {
    const context = signingContext();
    await signLetter(context, signInput(context, { email: 'never@confirmed.kz' }), request());
    await signLetter(context, signInput(context, { email: 'kept@confirmed.kz' }), request());
    confirmAsShown(context, lastLink(context, '/confirm/'));
    await signLetter(context, signInput(context, { email: 'bot@held.kz', fax: 'x' }), request());
    expect(expireUnconfirmed(context.db, later(context, 6 * day).now)).toBe(0);
    expect(expireUnconfirmed(context.db, later(context, 7 * day + 1).now)).toBe(2);
    expect(rows(context).map((row) => row.email)).toEqual(['kept@confirmed.kz']);
    expect(new Set(mails(context).map((mail) => mail.recipient))).toEqual(new Set(['kept@confirmed.kz']));
    expect(context.db.select().from(signatureTokens).all().every((token) => token.signatureId === rows(context)[0]!.id)).toBe(true);
  });

  it('never stop the address’s holder: a bot’s held sign-up with their address is replaced by theirs, which is mailed', async () => {
    const context = signingContext();
    expect(await signLetter(context, signInput(context, { email: 'victim@ngo.kz', fax: 'bot' }), request())).toBe('held');
    expect(await signLetter(context, signInput(context, { email: 'victim@ngo.kz', organization: 'Victim NGO' }), request())).toBe('released');
    expect(rows(context)).toHaveLength(1);
    expect(rows(context)[0]).toMatchObject({ status: 'pending', heldReason: null, organization: 'Victim NGO' });
    expect(mails(context).map((mail) => [mail.kind, mail.recipient])).toEqual([['verify', 'victim@ngo.kz']]);
  });

  it('sends a colleague at the same domain the usual confirmation mail, and leaves the duplicate to staff', async () => {
    const context = signingContext();
    await signLetter(context, signInput(context, { organization: 'ОФ «Правовая инициатива»', email: 'squatter@pi.kz', website: 'https://pi.kz/' }), request());
    expect(await signLetter(context, signInput(context, { organization: 'Правовая инициатива', email: 'director@pi.kz', website: 'https://pi.kz/' }), request())).toBe('new');
    expect(confirmAsShown(context, lastLink(context, '/confirm/')).status).toBe('published');
    // Nothing in the answer or the mail says that the organization signed already.
    expect(await signLetter(context, signInput(context, { organization: 'Правовая Инициатива', email: 'colleague@pi.kz', website: 'https://pi.kz/' }), request())).toBe('new');
    expect(mails(context).at(-1)).toMatchObject({ kind: 'verify', recipient: 'colleague@pi.kz' });
    expect(confirmAsShown(context, lastLink(context, '/confirm/')).status).toBe('verified');
    expect(rows(context).map((row) => [row.email, row.status, row.reviewReason])).toEqual([
      ['squatter@pi.kz', 'pending', null],
      ['director@pi.kz', 'published', null],
      ['colleague@pi.kz', 'verified', 'same-organization'],
    ]);
  });

  it('answers a second sign-up of a name from the same mail provider as any other, anonymous or not', async () => {
    const context = signingContext();
    await signLetter(context, signInput(context, { organization: 'Secret Rights Group', listing: 'anonymous', email: 'one@yahoo.fr' }), request());
    confirmAsShown(context, lastLink(context, '/confirm/'));
    expect(await signLetter(context, signInput(context, { organization: 'Secret Rights Group', email: 'two@yahoo.fr' }), request())).toBe('new');
    expect(mails(context).at(-1)).toMatchObject({ kind: 'verify', recipient: 'two@yahoo.fr' });
    expect(mails(context).at(-1)?.textBody).not.toMatch(/already|уже|қол қойып/i);
  });
});

describe('who is published at once', () => {
  const confirmAs = async (context: SigningContext, fields: Partial<SignInput>) => {
    await signLetter(context, signInput(context, fields), request());
    return confirmAsShown(context, lastLink(context, '/confirm/'));
  };
  const reasonOf = (context: SigningContext, email: string) => rows(context).find((row) => row.email === email)?.reviewReason;

  it('not a well-known organization’s name from any domain, nor a look-alike of it', async () => {
    const context = signingContext();
    for (const [organization, email] of [['Amnesty International', 'x@attacker-ngo.kz'], ['Amnesty Internationall', 'y@attacker2-ngo.kz'], ['Аmnesty Іnternational', 'z@attacker3-ngo.kz']] as const) {
      expect((await confirmAs(context, { organization, email, website: `https://${email.split('@')[1]}/` })).status, organization).toBe('verified');
      expect(reasonOf(context, email)).toBe('well-known-name');
    }
  });

  it('not a name another domain already signed with, nor a second name from one domain', async () => {
    const context = signingContext();
    expect((await confirmAs(context, { organization: 'Steppe Rights', email: 'a@steppe.kz', website: 'https://steppe.kz/' })).status).toBe('published');
    expect((await confirmAs(context, { organization: 'Steppe  Rights!', email: 'b@steppe-rights.kz', website: 'https://steppe-rights.kz/' })).status).toBe('verified');
    expect(reasonOf(context, 'b@steppe-rights.kz')).toBe('name-like-another');
    expect((await confirmAs(context, { organization: 'Quite Another Union', email: 'c@mail.steppe.kz', website: 'https://steppe.kz/' })).status).toBe('verified');
    expect(reasonOf(context, 'c@mail.steppe.kz')).toBe('domain-used-by-other-name');
  });

  it('not from a mail provider, even one the old short list missed, nor from a domain only resembling the website’s', async () => {
    const context = signingContext();
    for (const email of ['a@yahoo.fr', 'b@hotmail.fr', 'c@outlook.de', 'd@ukr.net', 'e@yandex.ua', 'f@mailinator.com']) {
      const domain = email.split('@')[1]!;
      expect((await confirmAs(context, { email, website: `https://${domain}/` })).status, email).toBe('verified');
      expect(reasonOf(context, email)).toBe('mail-provider');
    }
    expect((await confirmAs(context, { email: 'x@amnesty.org.evil.kz', website: 'https://amnesty.org/' })).status).toBe('verified');
    expect(reasonOf(context, 'x@amnesty.org.evil.kz')).toBe('domain-mismatch');
  });

  it('and an honest NGO at its own domain still is', async () => {
    const context = signingContext();
    expect((await confirmAs(context, { organization: 'Almaty Youth Media Lab', email: 'office@aym-lab.kz', website: 'https://www.aym-lab.kz/' })).status).toBe('published');
  });
});

describe('bots and floods', () => {
  it('holds a sign-up posted too fast, with a forged stamp or with the honeypot filled, and mails nothing', async () => {
    const context = signingContext();
    const outcomes = [
      await signLetter(context, signInput(context, { started: `${context.now.getTime()}.${'0'.repeat(64)}` }), request()),
      await signLetter(context, signInput(context, { fax: 'x' }), request()),
      await signLetter(context, signInput(context, { started: undefined }), request()),
      await signLetter(context, signInput(context, { started: signTimestamp(context.secret, new Date(context.now.getTime() - 1000)) }), request()),
    ];
    expect(outcomes).toEqual(['held', 'held', 'held', 'held']);
    expect(rows(context).map((row) => row.heldReason)).toEqual(['no-form-render', 'honeypot', 'no-form-render', 'too-fast']);
    expect(mails(context)).toEqual([]);
  });

  it('stores nothing but a counter past a client’s budget, counting an IPv6 /64 as one client', async () => {
    const context = signingContext();
    const outcomes = await Promise.all(
      Array.from({ length: 22 }, (_, n) => signLetter(context, signInput(context), { ip: `2001:db8:7:7:${n.toString(16)}::1`, locale: 'en', minSeconds: 3 })),
    );
    expect(outcomes.filter((outcome) => outcome === 'new')).toHaveLength(20);
    expect(outcomes.slice(20)).toEqual(['limited', 'limited']);
    expect(rows(context)).toHaveLength(20);
    expect(await signLetter(context, signInput(context), { ip: '2001:db8:7:8::1', locale: 'en', minSeconds: 3 })).toBe('new');
  });

  it('sends one address at most five mails an hour from one network, and forty a day from all of them', async () => {
    const context = signingContext();
    const input = signInput(context, { email: 'target@inbox.kz' });
    const from = (ip: string) => ({ ...request(), ip });
    const toTarget = () => mails(context).filter((mail) => mail.recipient === 'target@inbox.kz').length;
    for (let i = 0; i < 3; i++) await signLetter(context, input, from('192.0.2.77'));
    for (let i = 0; i < 3; i++) await resendVerification(context, { letter: 'test-letter', email: 'target@inbox.kz' }, '192.0.2.77');
    // Six mails were asked for from one network: the sign-up, two repeats, three resends.
    expect(toTarget()).toBe(5);
    for (let n = 0; n < 60; n++) await resendVerification(context, { letter: 'test-letter', email: 'target@inbox.kz' }, `2001:db8:${n.toString(16)}::1`);
    expect(toTarget()).toBe(40);
  });

  it('lets no stranger spend the budget of an address for its owner', async () => {
    const context = signingContext();
    const owner = signInput(context, { email: 'director@rights.kz', website: 'https://rights.kz/', organization: 'Rights Centre' });
    const stranger = { ...request(), ip: '198.51.100.9' };
    for (let i = 0; i < 10; i++) await signLetter(context, { ...owner, organization: `Spoof ${i}` }, stranger);
    for (let i = 0; i < 10; i++) await resendVerification(context, { letter: 'test-letter', email: owner.email }, stranger.ip);
    const before = mails(context).length;
    expect(await signLetter(context, owner, { ...request(), ip: '203.0.113.20' })).toBe('renewed');
    expect(mails(context).slice(before)).toEqual([expect.objectContaining({ kind: 'verify', recipient: 'director@rights.kz' })]);
    expect(confirmAsShown(context, lastLink(context, '/confirm/')).organization).toBe('Rights Centre');
  });

  it('keeps what people typed out of the subject and the greeting, and quotes the organization as typed', async () => {
    const context = signingContext();
    await signLetter(context, signInput(context, { organization: 'URGENT your account is locked', contactName: 'Visit evil example now' }), request());
    const [mail] = mails(context);
    expect(mail!.subject).toBe('Confirm your signature on “Test letter”');
    expect(mail!.textBody).not.toContain('Visit evil');
    expect(mail!.textBody).toMatch(/^Hello,\n/);
    expect(mail!.textBody).toContain('typed as “URGENT your account is locked”');
  });
});

describe('confirming', () => {
  it('publishes at once only from an address at the organization’s own domain; everything else waits for staff', async () => {
    const context = signingContext();
    const confirmFrom = async (email: string, website: string | undefined) => {
      await signLetter(context, signInput(context, { email, website }), request());
      return confirmAsShown(context, lastLink(context, '/confirm/')).status;
    };
    expect(await confirmFrom('press@mail.kaz-ngo.kz', 'https://www.kaz-ngo.kz/')).toBe('published');
    expect(await confirmFrom('someone@gmail.com', 'https://famous-ngo.kz/')).toBe('verified');
    expect(await confirmFrom('someone@other.kz', 'https://famous-ngo.org/')).toBe('verified');
    expect(await confirmFrom('someone@nosite.kz', undefined)).toBe('verified');
    expect(await confirmFrom('x@one.org.kz', 'https://two.org.kz/')).toBe('verified');
  });

  it('publishes at once, or waits for staff when the letter publishes after approval', async () => {
    for (const publication of ['on-verification', 'after-approval'] as const) {
      const context = signingContext({ letter: { publication } });
      await signLetter(context, signInput(context), request());
      const confirmed = confirmAsShown(context, lastLink(context, '/confirm/'));
      expect(confirmed.status).toBe(publication === 'on-verification' ? 'published' : 'verified');
      expect(mails(context).at(-1)?.kind).toBe('confirmed');
      expect(lastLink(context, '/manage/')).toHaveLength(43);
    }
  });

  it('refuses an expired link and changes nothing', async () => {
    const context = signingContext();
    await signLetter(context, signInput(context), request());
    expect(() => confirmAsShown(later(context, 8 * day), lastLink(context, '/confirm/'))).toThrow(expect.objectContaining({ code: 'expired-token' }));
    expect(rows(context)[0]?.status).toBe('pending');
  });
});

describe('managing a signature', () => {
  async function confirmed(context: SigningContext) {
    await signLetter(context, signInput(context, { organization: 'Press Freedom Desk', email: 'desk@press.kz' }), request());
    confirmAsShown(context, lastLink(context, '/confirm/'));
    return lastLink(context, '/manage/');
  }

  it('corrects the public fields, sending an approved entry back to review where staff approve', async () => {
    const context = signingContext({ letter: { publication: 'after-approval' } });
    const token = await confirmed(context);
    context.db.update(signatures).set({ status: 'published' }).run();
    const updated = updateSignature(context, { token, organization: 'Press Freedom Desk KZ', country: 'KZ', website: undefined, orgType: 'media', statement: 'On.', listing: 'named' });
    expect(updated).toMatchObject({ organization: 'Press Freedom Desk KZ', status: 'verified', orgType: 'media' });
    expect(findManagedSignature(context, token).organization).toBe('Press Freedom Desk KZ');
  });

  it('keeps working after someone makes the site mail the signer a new link', async () => {
    const context = signingContext();
    const token = await confirmed(context);
    expect(await signLetter(context, signInput(context, { organization: 'Press Freedom Desk', email: 'desk@press.kz' }), request())).toBe('repeat-signed');
    expect(lastLink(context, '/manage/')).not.toBe(token);
    expect(findManagedSignature(context, token).organization).toBe('Press Freedom Desk');
  });

  it('withdraws, after which the manage link no longer opens anything and the address may sign again', async () => {
    const context = signingContext();
    const token = await confirmed(context);
    withdrawSignature(context, token);
    expect(rows(context)[0]?.status).toBe('withdrawn');
    expect(() => findManagedSignature(context, token)).toThrow(SigningError);
    expect(await signLetter(context, signInput(context, { email: 'desk@press.kz' }), request())).toBe('new');
  });

  it('after the letter closes, refuses corrections but still lets the signer hide the name or withdraw', async () => {
    const context = signingContext();
    const token = await confirmed(context);
    const afterClose = closed(context);
    expect(() => updateSignature(afterClose, { token, organization: 'Other', country: 'KZ', website: undefined, orgType: 'media', statement: undefined, listing: 'named' })).toThrow(
      expect.objectContaining({ code: 'closed' }),
    );
    expect(listAnonymously(afterClose, token).listing).toBe('anonymous');
    withdrawSignature(afterClose, token);
    expect(rows(context)[0]?.status).toBe('withdrawn');
  });
});

describe('asking for the confirmation email again', () => {
  it('mails only addresses with a pending sign-up, within the limit', async () => {
    const context = signingContext();
    const input = signInput(context);
    await signLetter(context, input, request());
    const ip = '198.51.100.7';
    expect(await resendVerification(context, { letter: 'test-letter', email: input.email }, ip)).toBe('sent');
    expect(await resendVerification(context, { letter: 'test-letter', email: 'stranger@nowhere.kz' }, ip)).toBe('nothing-pending');
    expect(await resendVerification(context, { letter: 'test-letter', email: input.email }, ip)).toBe('sent');
    expect(await resendVerification(context, { letter: 'test-letter', email: input.email }, ip)).toBe('sent');
    expect(await resendVerification(context, { letter: 'test-letter', email: input.email }, ip)).toBe('limited');
  });
});

describe('organization keys stored by an older version', () => {
  it('are recomputed once at start, so old rows still catch look-alike duplicates', async () => {
    const context = signingContext();
    await signLetter(context, signInput(context, { organization: 'Open Society' }), request());
    context.db.update(signatures).set({ organizationKey: 'open society (old key)' }).run();
    expect(refreshOrganizationKeys(context.db)).toBe(1);
    expect(rows(context)[0]?.organizationKey).toBe(organizationKey('Оpen Sосiety'));
    expect(refreshOrganizationKeys(context.db)).toBe(0);
    expect(context.db.select().from(settings).all().some((row) => row.key === 'organization-key-version')).toBe(true);
    expect(context.db.select().from(outbox).all()).toHaveLength(1);
  });
});
