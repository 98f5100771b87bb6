import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { outbox, staffPreferences } from '#db/schema/index.ts';
import type { AuthContext } from '#lib/auth/context.ts';
import { setStaffPreferences } from '#lib/auth/staff-preferences.ts';
import { sendStaffDigests } from '#lib/moderation/send-staff-digests.ts';
import { signLetter } from '#lib/signing/sign-letter.ts';
import { confirmAsShown, lastLink, request, signInput, signingContext } from './support/signing-context.ts';

const team = ['ana@campaign.example', 'bek@campaign.example', 'off@campaign.example'];

/** Three entries from mail providers, confirmed: they await approval. */
async function waitingEntries() {
  const context = signingContext();
  for (const email of ['a@gmail.com', 'b@mail.ru', 'c@yandex.kz']) {
    await signLetter(context, signInput(context, { email }), request());
    confirmAsShown(context, lastLink(context, '/confirm/'));
  }
  return context;
}

const auth = (context: ReturnType<typeof signingContext>, now: Date): AuthContext => ({
  db: context.db,
  now,
  secret: context.secret,
  siteUrl: context.siteUrl,
  staffEmails: team,
  campaignName: context.campaign.name,
});
const digests = (context: ReturnType<typeof signingContext>) => context.db.select().from(outbox).where(eq(outbox.kind, 'staff-digest')).all();

describe('the daily digest to staff', () => {
  it('tells each staff member, in their language, how many entries wait and links the queue; never to one who turned it off', async () => {
    const context = await waitingEntries();
    setStaffPreferences(context.db, 'bek@campaign.example', { locale: 'ru', dailyDigest: true });
    setStaffPreferences(context.db, 'off@campaign.example', { locale: 'en', dailyDigest: false });
    expect(sendStaffDigests(auth(context, context.now))).toBe(2);
    const [ana, bek] = digests(context);
    expect(ana!.recipient).toBe('ana@campaign.example');
    expect(ana!.subject).toBe('Signatures waiting for review: Test campaign');
    expect(ana!.textBody).toContain('3 confirmed signatures are waiting for your review');
    expect(ana!.textBody).toContain('https://letter.example.org/admin/letters/test-letter/?status=verified');
    expect(bek!.recipient).toBe('bek@campaign.example');
    expect(bek!.subject).toBe('Подписи ждут проверки: Тестовая кампания');
  });

  it('comes at most once a day, and not at all when nothing waits', async () => {
    const context = await waitingEntries();
    const start = context.now.getTime();
    expect(sendStaffDigests(auth(context, new Date(start)))).toBe(3);
    expect(sendStaffDigests(auth(context, new Date(start + 10 * 60_000)))).toBe(0);
    expect(sendStaffDigests(auth(context, new Date(start + 23 * 3600_000)))).toBe(0);
    expect(sendStaffDigests(auth(context, new Date(start + 24 * 3600_000)))).toBe(3);
    expect(digests(context)).toHaveLength(6);

    const empty = signingContext();
    expect(sendStaffDigests(auth(empty, empty.now))).toBe(0);
    expect(empty.db.select().from(staffPreferences).all()).toEqual([]);
  });
});
