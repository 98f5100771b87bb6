import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { auditLog, outbox, signatures } from '#db/schema/index.ts';
import { moderate } from '#lib/moderation/moderate.ts';
import { purgeContactDetails } from '#lib/retention/purge-contact-details.ts';
import { can, changeStatus, lifecycle, LifecycleError } from '#lib/signing/lifecycle.ts';
import { signLetter } from '#lib/signing/sign-letter.ts';
import { signatureStatuses } from '#lib/signing/vocabulary.ts';
import { confirmAsShown, lastLink, request, signInput, signingContext } from './support/signing-context.ts';

const staff = { email: 'staff@campaign.example' };

describe('the lifecycle', () => {
  it('names only real statuses, and every status but withdrawn can be left', () => {
    for (const rule of Object.values(lifecycle)) for (const status of [...rule.from, ...rule.to]) expect(signatureStatuses).toContain(status);
    const leavable = new Set(Object.values(lifecycle).flatMap((rule) => [...rule.from]));
    expect(signatureStatuses.filter((status) => !leavable.has(status))).toEqual([]);
    expect(can('withdraw', 'withdrawn')).toBe(false);
    expect(can('approve', 'pending')).toBe(false);
  });

  it('refuses a change the table does not allow, and a change to a row that moved meanwhile', async () => {
    const context = signingContext();
    await signLetter(context, signInput(context), request());
    const row = context.db.select().from(signatures).get()!;
    expect(() => changeStatus(context.db, row, 'approve', 'published', context.now)).toThrow(LifecycleError);
    expect(() => changeStatus(context.db, row, 'confirm', 'withdrawn', context.now)).toThrow(LifecycleError);
    changeStatus(context.db, row, 'confirm', 'verified', context.now);
    // The same row, read before that change: the second writer loses.
    expect(() => changeStatus(context.db, row, 'confirm', 'published', context.now)).toThrow(LifecycleError);
  });
});

describe('moderation', () => {
  it('applies a decision to the entries it fits, skips the rest, and writes one audit entry', async () => {
    const context = signingContext();
    for (const email of ['a@gmail.com', 'b@gmail.com', 'c@own.kz']) {
      await signLetter(context, signInput(context, { email, website: email.endsWith('own.kz') ? 'https://own.kz/' : 'https://x.kz/' }), request());
      confirmAsShown(context, lastLink(context, '/confirm/'));
    }
    const ids = context.db.select({ id: signatures.id }).from(signatures).all().map((row) => row.id);
    const result = moderate(context, staff, { letter: 'test-letter', ids, decision: 'approve', note: 'checked by phone' });
    // Both approved signers are mailed, each in their language.
    expect(result).toEqual({ changed: ids.slice(0, 2), skipped: ids.slice(2), mailed: 2 });
    const [entry] = context.db.select().from(auditLog).all();
    expect(entry).toMatchObject({ staff: staff.email, action: 'approve', note: 'checked by phone', signatureIds: JSON.stringify(ids.slice(0, 2)) });
    expect(JSON.parse(entry!.before!)).toEqual({ [ids[0]!]: { status: 'verified' }, [ids[1]!]: { status: 'verified' } });
  });

  it('releases a held sign-up by mailing its confirmation link, never by publishing it', async () => {
    const context = signingContext();
    await signLetter(context, signInput(context, { fax: 'bot?' }), request());
    const [held] = context.db.select().from(signatures).all();
    moderate(context, staff, { letter: 'test-letter', ids: [held!.id], decision: 'release' });
    expect(context.db.select().from(signatures).get()?.status).toBe('pending');
    expect(context.db.select().from(outbox).get()?.kind).toBe('verify');
  });
});

describe('retention', () => {
  it('removes contact details once the letter ended long enough ago, keeping the public entry', async () => {
    const context = signingContext({ now: new Date() });
    await signLetter(context, signInput(context, { organization: 'Kept Public', email: 'gone@own.kz', website: 'https://own.kz/' }), request());
    confirmAsShown(context, lastLink(context, '/confirm/'));
    context.db.update(outbox).set({ status: 'sent' }).run();
    const ended = new Map([['test-letter', new Date(Date.now() - 100 * 24 * 3600 * 1000)]]);
    expect(purgeContactDetails(context.db, { olderThanDays: 120, letterEnds: ended, by: 'test' }).signatures).toBe(0);
    expect(purgeContactDetails(context.db, { olderThanDays: 90, letterEnds: ended, by: 'test' }).signatures).toBe(1);
    const row = context.db.select().from(signatures).where(eq(signatures.organization, 'Kept Public')).get()!;
    expect(row).toMatchObject({ status: 'published', organization: 'Kept Public', email: null, contactName: null, contactRole: null, clientHash: null });
    expect(row.emailKey).toBe(`purged:${row.id}`);
    expect(context.db.select().from(outbox).all().every((mail) => mail.signatureId !== row.id)).toBe(true);
  });
});
