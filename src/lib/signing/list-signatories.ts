import { and, asc, count, eq, sql } from 'drizzle-orm';
import type { Database } from '#db/client.ts';
import { signatures } from '#db/schema/index.ts';
import type { OrgType } from './vocabulary.ts';
import { searchKey } from './normalize.ts';

/** What the public may see of a signature. Anonymous entries show their country and nothing else. */
export type PublicSignatory =
  | { listing: 'named'; organization: string; country: string; orgType: OrgType; website: string | null; statement: string | null; signedAt: Date; websiteChecked: boolean }
  | { listing: 'anonymous'; country: string };

export type SignatoryPage = {
  total: number;
  /** How many match the search and filter. */
  matching: number;
  items: PublicSignatory[];
  byCountry: { country: string; count: number }[];
  page: number;
  pages: number;
};

export const pageSize = 50;

const isPublished = (letter: string) => and(eq(signatures.letter, letter), eq(signatures.status, 'published'));

/** How many confirmed signatures wait for staff: the public may know how many, never who. */
export function countAwaitingReview(db: Database, letter: string): number {
  return db.select({ n: count() }).from(signatures).where(and(eq(signatures.letter, letter), eq(signatures.status, 'verified'))).get()?.n ?? 0;
}

/** The verified count shown on the home and letter pages: one indexed count, no counter row to contend on. */
export function countSignatories(db: Database, letter: string): number {
  return db.select({ n: count() }).from(signatures).where(isPublished(letter)).get()?.n ?? 0;
}

const publicColumns = {
  listing: signatures.listing,
  organization: signatures.organization,
  country: signatures.country,
  orgType: signatures.orgType,
  website: signatures.website,
  statement: signatures.statement,
  publishedAt: signatures.publishedAt,
  websiteProvenAt: signatures.websiteProvenAt,
};

function toPublic(row: { [K in keyof typeof publicColumns]: (typeof signatures.$inferSelect)[K] }): PublicSignatory {
  if (row.listing === 'anonymous') return { listing: 'anonymous', country: row.country };
  const { organization, country, orgType, website, statement, publishedAt, websiteProvenAt } = row;
  return { listing: 'named', organization, country, orgType, website, statement, signedAt: publishedAt ?? new Date(0), websiteChecked: websiteProvenAt !== null };
}

/**
 * One page of the public list, in the order organizations signed. Searching matches names only,
 * so it never finds an anonymous entry.
 */
export function listSignatories(
  db: Database,
  letter: string,
  options: { query?: string | undefined; country?: string | undefined; page?: number } = {},
): SignatoryPage {
  const needle = options.query ? searchKey(options.query) : '';
  const where = and(
    isPublished(letter),
    options.country ? eq(signatures.country, options.country) : undefined,
    needle ? and(eq(signatures.listing, 'named'), sql`instr(${signatures.organizationSearch}, ${needle}) > 0`) : undefined,
  );
  const matching = db.select({ n: count() }).from(signatures).where(where).get()?.n ?? 0;
  const pages = Math.max(1, Math.ceil(matching / pageSize));
  const page = Math.min(Math.max(1, options.page ?? 1), pages);
  const items = db
    .select(publicColumns)
    .from(signatures)
    .where(where)
    .orderBy(asc(signatures.publishedAt), asc(signatures.id))
    .limit(pageSize)
    .offset((page - 1) * pageSize)
    .all()
    .map(toPublic);
  const byCountry = db
    .select({ country: signatures.country, count: count() })
    .from(signatures)
    .where(isPublished(letter))
    .groupBy(signatures.country)
    .orderBy(sql`count(*) desc`, asc(signatures.country))
    .all();
  const total = byCountry.reduce((sum, row) => sum + row.count, 0);
  return { total, matching, items, byCountry, page, pages };
}

/** Every published entry, public fields only, for the machine-readable exports. */
export function allSignatories(db: Pick<Database, 'select'>, letter: string): PublicSignatory[] {
  return db.select(publicColumns).from(signatures).where(isPublished(letter)).orderBy(asc(signatures.publishedAt), asc(signatures.id)).all().map(toPublic);
}

/** The first `limit` published entries in the order they signed, for the page that prints the whole list. */
export function firstSignatories(db: Pick<Database, 'select'>, letter: string, limit: number): PublicSignatory[] {
  return db.select(publicColumns).from(signatures).where(isPublished(letter)).orderBy(asc(signatures.publishedAt), asc(signatures.id)).limit(limit).all().map(toPublic);
}
