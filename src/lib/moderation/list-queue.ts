import { and, asc, count, desc, eq, gte, inArray, lte, max, ne, notInArray } from 'drizzle-orm';
import type { Database } from '#db/client.ts';
import { signatures, type Signature } from '#db/schema/index.ts';
import type { ReviewReason, SignatureStatus } from '#lib/signing/vocabulary.ts';
import { filterCondition, type SignatureFilters } from './filters.ts';

/** What staff weigh an entry by, besides what it says. */
export type TrustSignals = {
  /** The contact address is at the website's own registrable domain. */
  domainMatch: boolean;
  freeMail: boolean;
  /** Other entries on this letter for what looks like the same organization. */
  duplicates: number[];
  /** Other sign-ups from the same network within ten minutes either side. */
  burst: number;
  heldReason: string | null;
  /** Why it waits for staff rather than being published at once (see src/lib/signing/publication.ts). */
  reviewReason: ReviewReason | null;
  /** When its signer proved control of the website. */
  websiteProvenAt: Date | null;
};

export type QueueEntry = Signature & { signals: TrustSignals };

export type Queue = {
  entries: QueueEntry[];
  /** How many match the filters. */
  matching: number;
  /** The newest entry the filters match as the page is drawn: "all matching" stops there, so nothing signed since is decided unseen. */
  newestMatching: number;
  page: number;
  pages: number;
  /** Every status on this letter, with how many, whatever the filters. */
  byStatus: Partial<Record<SignatureStatus, number>>;
};

export const queuePageSize = 50;
const burstWindowMs = 10 * 60 * 1000;

function signalsFor(db: Database, entries: Signature[]): Map<number, TrustSignals> {
  const keys = [...new Set(entries.map((entry) => entry.organizationKey))];
  const sameName = keys.length
    ? db
        .select({ id: signatures.id, key: signatures.organizationKey, letter: signatures.letter })
        .from(signatures)
        .where(and(inArray(signatures.organizationKey, keys), notInArray(signatures.status, ['withdrawn', 'rejected'])))
        .all()
    : [];
  return new Map(
    entries.map((entry) => {
      const burst = entry.clientHash
        ? (db
            .select({ n: count() })
            .from(signatures)
            .where(
              and(
                eq(signatures.letter, entry.letter),
                eq(signatures.clientHash, entry.clientHash),
                ne(signatures.id, entry.id),
                gte(signatures.createdAt, new Date(entry.createdAt.getTime() - burstWindowMs)),
                lte(signatures.createdAt, new Date(entry.createdAt.getTime() + burstWindowMs)),
              ),
            )
            .get()?.n ?? 0)
        : 0;
      const duplicates = sameName.filter((other) => other.key === entry.organizationKey && other.letter === entry.letter && other.id !== entry.id).map((other) => other.id);
      return [entry.id, { domainMatch: entry.trust === 'domain-match', freeMail: entry.trust === 'free-mail', duplicates, burst, heldReason: entry.heldReason, reviewReason: entry.reviewReason, websiteProvenAt: entry.websiteProvenAt }];
    }),
  );
}

/**
 * A page of a letter's signatures for the moderation queue, each with its trust signals: entries
 * awaiting approval oldest first (the ones waiting longest come first), any other view newest first.
 */
export function listQueue(db: Database, letter: string, filters: SignatureFilters, page = 1): Queue {
  const where = filterCondition(letter, filters);
  const { n: matching, newest } = db.select({ n: count(), newest: max(signatures.id) }).from(signatures).where(where).get() ?? { n: 0, newest: null };
  const pages = Math.max(1, Math.ceil(matching / queuePageSize));
  const current = Math.min(Math.max(1, page), pages);
  const order = filters.status === 'verified' ? [asc(signatures.createdAt), asc(signatures.id)] : [desc(signatures.createdAt), desc(signatures.id)];
  const rows = db.select().from(signatures).where(where).orderBy(...order).limit(queuePageSize).offset((current - 1) * queuePageSize).all();
  const signals = signalsFor(db, rows);
  const byStatus = Object.fromEntries(
    db.select({ status: signatures.status, n: count() }).from(signatures).where(eq(signatures.letter, letter)).groupBy(signatures.status).all().map((row) => [row.status, row.n]),
  );
  return { entries: rows.map((row) => ({ ...row, signals: signals.get(row.id)! })), matching, newestMatching: newest ?? 0, page: current, pages, byStatus };
}

/** One entry with its signals, for the page where staff edit it. */
export function findEntry(db: Database, id: number): QueueEntry | undefined {
  const row = db.select().from(signatures).where(eq(signatures.id, id)).get();
  return row ? { ...row, signals: signalsFor(db, [row]).get(row.id)! } : undefined;
}

/** The entry awaiting approval that has waited longest, other than `except`: the one to open next. */
export function nextWaiting(db: Database, letter: string, except: number): number | undefined {
  return db
    .select({ id: signatures.id })
    .from(signatures)
    .where(and(eq(signatures.letter, letter), eq(signatures.status, 'verified'), ne(signatures.id, except)))
    .orderBy(asc(signatures.createdAt), asc(signatures.id))
    .limit(1)
    .get()?.id;
}
