import { eq, sql } from 'drizzle-orm';
import type { Database } from '#db/client.ts';
import { staffPreferences } from '#db/schema/index.ts';
import { write } from '#db/write.ts';
import type { Locale } from '#i18n/locales.ts';

export type StaffPreferences = { locale: Locale; dailyDigest: boolean };

/** A staff member's choices, or the defaults (English, with the daily digest) until they make some. */
export function staffPreferencesOf(db: Pick<Database, 'select'>, email: string): StaffPreferences {
  const row = db.select({ locale: staffPreferences.locale, dailyDigest: staffPreferences.dailyDigest }).from(staffPreferences).where(eq(staffPreferences.email, email)).get();
  return { locale: row?.locale ?? 'en', dailyDigest: row?.dailyDigest ?? true };
}

/** The language a staff member signed in from becomes theirs, unless they already have one. */
export function learnStaffLocale(tx: Pick<Database, 'insert'>, email: string, locale: Locale): void {
  tx.insert(staffPreferences)
    .values({ email, locale })
    .onConflictDoUpdate({ target: staffPreferences.email, set: { locale: sql`coalesce(${staffPreferences.locale}, excluded.locale)` } })
    .run();
}

/** Keeps a staff member's choices. */
export function setStaffPreferences(db: Database, email: string, preferences: StaffPreferences): void {
  write(db, (tx) =>
    tx
      .insert(staffPreferences)
      .values({ email, ...preferences })
      .onConflictDoUpdate({ target: staffPreferences.email, set: preferences })
      .run(),
  );
}
