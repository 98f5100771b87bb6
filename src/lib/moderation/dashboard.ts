import { and, asc, count, desc, eq, gte, sql } from 'drizzle-orm';
import type { Database } from '#db/client.ts';
import { signatures, type Signature } from '#db/schema/index.ts';
import type { SignatureStatus } from '#lib/signing/vocabulary.ts';

export type LetterFigures = {
  byStatus: Partial<Record<SignatureStatus, number>>;
  /** Published entries by country, most first. */
  byCountry: { country: string; count: number }[];
  /** Sign-ups and confirmations per day (UTC) over the last `days` days, oldest first, with no gaps. */
  byDay: { day: string; signed: number; confirmed: number }[];
  latest: Signature[];
  /** When the entry awaiting approval longest was confirmed, if any waits. */
  oldestWaiting: Date | null;
};

const dayOf = (column: typeof signatures.createdAt | typeof signatures.verifiedAt) => sql<string>`date(${column} / 1000, 'unixepoch')`;

/** The figures on the staff dashboard for one letter. */
export function letterFigures(db: Database, letter: string, now = new Date(), days = 30): LetterFigures {
  const forLetter = eq(signatures.letter, letter);
  const byStatus = Object.fromEntries(db.select({ status: signatures.status, n: count() }).from(signatures).where(forLetter).groupBy(signatures.status).all().map((row) => [row.status, row.n]));
  const byCountry = db
    .select({ country: signatures.country, count: count() })
    .from(signatures)
    .where(and(forLetter, eq(signatures.status, 'published')))
    .groupBy(signatures.country)
    .orderBy(desc(count()), signatures.country)
    .all();
  const since = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() - (days - 1)));
  const signed = new Map(db.select({ day: dayOf(signatures.createdAt), n: count() }).from(signatures).where(and(forLetter, gte(signatures.createdAt, since))).groupBy(dayOf(signatures.createdAt)).all().map((row) => [row.day, row.n]));
  const confirmed = new Map(db.select({ day: dayOf(signatures.verifiedAt), n: count() }).from(signatures).where(and(forLetter, gte(signatures.verifiedAt, since))).groupBy(dayOf(signatures.verifiedAt)).all().map((row) => [row.day, row.n]));
  const byDay = Array.from({ length: days }, (_, index) => {
    const day = new Date(since.getTime() + index * 24 * 3600 * 1000).toISOString().slice(0, 10);
    return { day, signed: signed.get(day) ?? 0, confirmed: confirmed.get(day) ?? 0 };
  });
  const latest = db.select().from(signatures).where(forLetter).orderBy(desc(signatures.createdAt), desc(signatures.id)).limit(10).all();
  const oldestWaiting = db.select({ at: signatures.verifiedAt }).from(signatures).where(and(forLetter, eq(signatures.status, 'verified'))).orderBy(asc(signatures.verifiedAt)).limit(1).get()?.at ?? null;
  return { byStatus, byCountry, byDay, latest, oldestWaiting };
}
