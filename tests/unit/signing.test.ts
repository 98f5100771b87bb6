import { describe, expect, it } from 'vitest';
import { outbox, signatures, signatureTokens } from '#db/schema/index.ts';
import { confirmSignature } from '#lib/signing/confirm-signature.ts';
import { SigningError } from '#lib/signing/context.ts';
import { findManagedSignature, updateSignature, withdrawSignature } from '#lib/signing/manage-signature.ts';
import { resendVerification } from '#lib/signing/resend-verification.ts';
import { signLetter } from '#lib/signing/sign-letter.ts';
import { request, signInput, signingContext } from './support/signing-context.ts';
import type { SigningContext } from '#lib/signing/context.ts';

const mails = (context: SigningContext) => context.db.select().from(outbox).all();
const tokenFrom = (text: string | null, path: string) => text?.match(new RegExp(`${path}\\?token=([A-Za-z0-9_-]{43})`))?.[1] ?? '';
const lastLink = (context: SigningContext, path: string) => tokenFrom(mails(context).at(-1)?.textBody ?? null, path);

describe('signing a letter', () => {
  it('stores a pending signature and its verification mail together, with only the token’s hash', () => {
    const context = signingContext();
    expect(signLetter(context, signInput(context, { email: 'Dana@HRC.kz', website: 'https://hrc.kz/' }), request)).toBe('new');
    const [signature] = context.db.select().from(signatures).all();
    expect(signature).toMatchObject({ status: 'pending', emailKey: 'dana@hrc.kz', emailDomain: 'hrc.kz', trust: 'domain-match' });
    const [mail] = mails(context);
    expect(mail).toMatchObject({ kind: 'verify', recipient: 'Dana@HRC.kz', status: 'queued' });
    const token = tokenFrom(mail!.textBody, '/confirm/');
    expect(token).toHaveLength(43);
    const [stored] = context.db.select().from(signatureTokens).all();
    expect(stored!.tokenHash).not.toContain(token);
    expect(stored!.expiresAt.getTime() - context.now.getTime()).toBe(7 * 24 * 3600 * 1000);
  });

  it('refuses a closed letter and writes nothing', () => {
    const context = signingContext({ letter: { status: 'closed' } });
    expect(() => signLetter(context, signInput(context), request)).toThrow(SigningError);
    expect(context.db.select().from(signatures).all()).toEqual([]);
    expect(mails(context)).toEqual([]);
  });

  it('records a free-mail address and a website on another domain as weak trust signals', () => {
    const context = signingContext();
    signLetter(context, signInput(context, { email: 'someone@gmail.com' }), request);
    signLetter(context, signInput(context, { email: 'x@other.org', website: 'https://hrc.kz/' }), request);
    expect(context.db.select({ trust: signatures.trust }).from(signatures).all().map((row) => row.trust)).toEqual(['free-mail', 'domain-mismatch']);
  });

  it('sends a fresh link, revoking the old one, when a pending address signs again', () => {
    const context = signingContext();
    const input = signInput(context);
    signLetter(context, input, request);
    const first = lastLink(context, '/confirm/');
    expect(signLetter(context, input, request)).toBe('repeat-pending');
    expect(() => confirmSignature(context, first)).toThrow(expect.objectContaining({ code: 'used-token' }));
    expect(confirmSignature(context, lastLink(context, '/confirm/')).status).toBe('published');
    expect(context.db.select().from(signatures).all()).toHaveLength(1);
  });

  it('treats the same organization from a colleague’s address at its domain as a repeat, but not at a free-mail domain', () => {
    const context = signingContext();
    signLetter(context, signInput(context, { organization: 'ОФ «Правовая инициатива»', email: 'a@pi.kz' }), request);
    confirmSignature(context, lastLink(context, '/confirm/'));
    expect(signLetter(context, signInput(context, { organization: 'Правовая инициатива', email: 'b@pi.kz' }), request)).toBe('repeat-elsewhere');
    expect(mails(context).slice(-2).map((mail) => [mail.kind, mail.recipient])).toEqual([
      ['already-signed-elsewhere', 'b@pi.kz'],
      ['manage-reminder', 'a@pi.kz'],
    ]);
    signLetter(context, signInput(context, { organization: 'Free Voices', email: 'one@gmail.com' }), request);
    expect(signLetter(context, signInput(context, { organization: 'Free Voices', email: 'two@gmail.com' }), request)).toBe('new');
  });

  it('holds a sign-up posted too fast, with a forged stamp or with the honeypot filled, and mails nothing', () => {
    const context = signingContext();
    const outcomes = [
      signLetter(context, signInput(context, { started: `${context.now.getTime()}.${'0'.repeat(64)}` }), request),
      signLetter(context, signInput(context, { fax: 'x' }), request),
      signLetter(context, signInput(context, { started: undefined }), request),
    ];
    expect(outcomes).toEqual(['held', 'held', 'held']);
    expect(context.db.select({ reason: signatures.heldReason }).from(signatures).all().map((row) => row.reason)).toEqual(['no-form-render', 'honeypot', 'no-form-render']);
    expect(mails(context)).toEqual([]);
  });

  it('holds the sign-ups over the limit for one IP address', () => {
    const context = signingContext();
    const outcomes = Array.from({ length: 22 }, () => signLetter(context, signInput(context), request));
    expect(outcomes.filter((outcome) => outcome === 'new')).toHaveLength(20);
    expect(outcomes.slice(20)).toEqual(['held', 'held']);
  });
});

describe('confirming', () => {
  it('publishes at once, or waits for staff when the letter publishes after approval', () => {
    for (const publication of ['on-verification', 'after-approval'] as const) {
      const context = signingContext({ letter: { publication } });
      signLetter(context, signInput(context), request);
      const confirmed = confirmSignature(context, lastLink(context, '/confirm/'));
      expect(confirmed.status).toBe(publication === 'on-verification' ? 'published' : 'verified');
      expect(mails(context).at(-1)?.kind).toBe('confirmed');
      expect(lastLink(context, '/manage/')).toHaveLength(43);
    }
  });

  it('refuses an expired link and changes nothing', () => {
    const context = signingContext();
    signLetter(context, signInput(context), request);
    const later = { ...context, now: new Date(context.now.getTime() + 8 * 24 * 3600 * 1000) };
    expect(() => confirmSignature(later, lastLink(context, '/confirm/'))).toThrow(expect.objectContaining({ code: 'expired-token' }));
    expect(context.db.select({ status: signatures.status }).from(signatures).get()?.status).toBe('pending');
  });
});

describe('managing a signature', () => {
  function confirmed(context: SigningContext) {
    signLetter(context, signInput(context, { organization: 'Press Freedom Desk' }), request);
    confirmSignature(context, lastLink(context, '/confirm/'));
    return lastLink(context, '/manage/');
  }

  it('corrects the public fields, sending an approved entry back to review where staff approve', () => {
    const context = signingContext({ letter: { publication: 'after-approval' } });
    const token = confirmed(context);
    context.db.update(signatures).set({ status: 'published' }).run();
    const updated = updateSignature(context, { token, organization: 'Press Freedom Desk KZ', country: 'KZ', website: undefined, orgType: 'media', statement: 'On.', listing: 'named' });
    expect(updated).toMatchObject({ organization: 'Press Freedom Desk KZ', status: 'verified', orgType: 'media' });
    expect(findManagedSignature(context, token).organization).toBe('Press Freedom Desk KZ');
  });

  it('withdraws, after which the manage link no longer opens anything and the address may sign again', () => {
    const context = signingContext();
    const token = confirmed(context);
    withdrawSignature(context, token);
    expect(context.db.select({ status: signatures.status }).from(signatures).get()?.status).toBe('withdrawn');
    expect(() => findManagedSignature(context, token)).toThrow(SigningError);
    const email = context.db.select({ email: signatures.email }).from(signatures).get()!.email!;
    expect(signLetter(context, signInput(context, { email }), request)).toBe('new');
  });

  it('refuses changes once the letter has closed', () => {
    const context = signingContext();
    const token = confirmed(context);
    const closed = { ...context, letters: new Map([['test-letter', { ...context.letters.get('test-letter')!, status: 'closed' as const }]]) };
    expect(() => withdrawSignature(closed, token)).toThrow(expect.objectContaining({ code: 'closed' }));
  });
});

describe('asking for the confirmation email again', () => {
  it('mails only addresses with a pending sign-up, within the limit', () => {
    const context = signingContext();
    const input = signInput(context);
    signLetter(context, input, request);
    expect(resendVerification(context, { letter: 'test-letter', email: input.email }, request.ip)).toBe('sent');
    expect(resendVerification(context, { letter: 'test-letter', email: 'stranger@nowhere.kz' }, request.ip)).toBe('nothing-pending');
    expect(resendVerification(context, { letter: 'test-letter', email: input.email }, request.ip)).toBe('sent');
    expect(resendVerification(context, { letter: 'test-letter', email: input.email }, request.ip)).toBe('sent');
    expect(resendVerification(context, { letter: 'test-letter', email: input.email }, request.ip)).toBe('limited');
  });
});
