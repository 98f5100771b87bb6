import { count, eq, min } from 'drizzle-orm';
import { write } from '#db/write.ts';
import { signatures, staffAccounts, staffPreferences } from '#db/schema/index.ts';
import { getTranslator } from '#i18n/translator.ts';
import type { AuthContext } from '#lib/auth/context.ts';
import { enqueueMail } from '#lib/mail/enqueue-mail.ts';

/** At most one digest a day: a day less one housekeeping round, so the hour it comes does not drift later. */
export const digestIntervalMs = (24 * 60 - 10) * 60 * 1000;

/**
 * Mails each staff member who has not turned it off, at most once a day and only while confirmed
 * entries await approval, how many wait and since when, in their language, with the queue's link.
 * Housekeeping calls it every ten minutes. Returns how many digests were queued.
 */
export function sendStaffDigests(context: AuthContext): number {
  const { db, now } = context;
  return write(db, (tx) => {
    const waiting = tx
      .select({ letter: signatures.letter, count: count(), since: min(signatures.verifiedAt) })
      .from(signatures)
      .where(eq(signatures.status, 'verified'))
      .groupBy(signatures.letter)
      .all();
    const total = waiting.reduce((sum, row) => sum + row.count, 0);
    if (total === 0) return 0;
    const since = new Date(Math.min(...waiting.map((row) => row.since?.getTime() ?? now.getTime())));
    // One letter waiting: its queue, on the entries awaiting approval. More: the dashboard lists them.
    const path = waiting.length === 1 ? `/admin/letters/${waiting[0]!.letter}/?status=verified` : '/admin/';
    const staff = new Set([...context.staffEmails, ...tx.select({ email: staffAccounts.email }).from(staffAccounts).all().map((row) => row.email)]);
    let queued = 0;
    for (const email of staff) {
      const chosen = tx.select().from(staffPreferences).where(eq(staffPreferences.email, email)).get();
      if (chosen && !chosen.dailyDigest) continue;
      if (chosen?.digestSentAt && now.getTime() - chosen.digestSentAt.getTime() < digestIntervalMs) continue;
      const locale = chosen?.locale ?? 'en';
      const t = getTranslator(locale);
      const vars = { campaign: context.campaignName[locale], site: context.siteUrl.host, count: total, since: t.date(since), link: new URL(path, context.siteUrl).href };
      if (!enqueueMail(tx, { kind: 'staff-digest', to: email, locale, vars }, context)) continue;
      tx.insert(staffPreferences).values({ email, digestSentAt: now }).onConflictDoUpdate({ target: staffPreferences.email, set: { digestSentAt: now } }).run();
      queued++;
    }
    return queued;
  });
}
