import { and, eq, gte, like, lt, or, sql, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import { signatures } from '#db/schema/index.ts';
import { orgTypes, signatureStatuses } from '#lib/signing/vocabulary.ts';

/**
 * What staff narrow a letter's signatures down by, in the queue, the exports and the command
 * line alike. Read from a query string: a value that does not fit is dropped, not an error.
 */
export const signatureFilters = z.object({
  status: z.enum(signatureStatuses).optional().catch(undefined),
  country: z.string().regex(/^[A-Z]{2}$/).optional().catch(undefined),
  type: z.enum(orgTypes).optional().catch(undefined),
  /** Signed on or after this day (UTC), yyyy-mm-dd. */
  from: z.iso.date().optional().catch(undefined),
  /** Signed on or before this day (UTC). */
  to: z.iso.date().optional().catch(undefined),
  /** Part of the organization's name, the contact's name or the email address. */
  q: z.string().trim().max(100).optional().catch(undefined),
});
export type SignatureFilters = z.output<typeof signatureFilters>;

/** The filters from a URL's query string (or the command line's options). */
export function readFilters(params: URLSearchParams | Record<string, string | undefined>): SignatureFilters {
  const entries = params instanceof URLSearchParams ? Object.fromEntries(params) : params;
  return signatureFilters.parse(Object.fromEntries(Object.entries(entries).filter(([, value]) => value !== '' && value !== undefined)));
}

const escapeLike = (text: string) => text.replace(/[\\%_]/g, (char) => `\\${char}`);
const day = 24 * 3600 * 1000;

/**
 * The SQL condition for a letter's signatures that match the filters. `walkById` is for reading
 * all of them in id order a page at a time (the exports): the letter's indexes are then kept out
 * of the plan (unary +), so each page is a range of the primary key. Through a letter index,
 * SQLite would read and sort the whole letter again for every page.
 */
export function filterCondition(letter: string, filters: SignatureFilters, { walkById = false } = {}): SQL | undefined {
  const pattern = filters.q ? `%${escapeLike(filters.q.toLocaleLowerCase('ru'))}%` : undefined;
  return and(
    walkById ? sql`+${signatures.letter} = ${letter}` : eq(signatures.letter, letter),
    filters.status ? eq(signatures.status, filters.status) : undefined,
    filters.country ? eq(signatures.country, filters.country) : undefined,
    filters.type ? eq(signatures.orgType, filters.type) : undefined,
    filters.from ? gte(signatures.createdAt, new Date(`${filters.from}T00:00:00Z`)) : undefined,
    filters.to ? lt(signatures.createdAt, new Date(new Date(`${filters.to}T00:00:00Z`).getTime() + day)) : undefined,
    pattern
      ? or(
          like(signatures.organizationSearch, sql`${pattern} escape '\\'`),
          like(sql`lower(${signatures.contactName})`, sql`${pattern} escape '\\'`),
          like(signatures.emailKey, sql`${pattern} escape '\\'`),
        )
      : undefined,
  );
}
