import { and, asc, gt } from 'drizzle-orm';
import type { Database } from '#db/client.ts';
import { signatures, type Signature } from '#db/schema/index.ts';
import type { Locale } from '#i18n/locales.ts';
import { getTranslator } from '#i18n/translator.ts';
import { countryName } from '#lib/countries/countries.ts';
import { filterCondition, type SignatureFilters } from '#lib/moderation/filters.ts';
import { byteOrderMark, csvLines } from './csv.ts';

export const exportFormats = ['csv', 'json', 'txt'] as const;
export type ExportFormat = (typeof exportFormats)[number];

export const exportTypes: Record<ExportFormat, string> = {
  csv: 'text/csv; charset=utf-8',
  json: 'application/json; charset=utf-8',
  txt: 'text/plain; charset=utf-8',
};

const batchSize = 1000;

/** The columns an export shows: reading and mapping only these is a third of the work of whole rows. */
const exported = {
  id: signatures.id,
  status: signatures.status,
  organization: signatures.organization,
  country: signatures.country,
  orgType: signatures.orgType,
  website: signatures.website,
  statement: signatures.statement,
  listing: signatures.listing,
  contactName: signatures.contactName,
  contactRole: signatures.contactRole,
  email: signatures.email,
  trust: signatures.trust,
  reviewReason: signatures.reviewReason,
  websiteProvenAt: signatures.websiteProvenAt,
  locale: signatures.locale,
  heldReason: signatures.heldReason,
  createdAt: signatures.createdAt,
  verifiedAt: signatures.verifiedAt,
  publishedAt: signatures.publishedAt,
};
type ExportedRow = Pick<Signature, keyof typeof exported>;

/** A letter's signatures that match the filters, in the order they were made, a thousand at a time. */
function* matching(db: Database, letter: string, filters: SignatureFilters): Generator<ExportedRow> {
  const where = filterCondition(letter, filters, { walkById: true });
  for (let after = 0; ; ) {
    const batch = db.select(exported).from(signatures).where(and(where, gt(signatures.id, after))).orderBy(asc(signatures.id)).limit(batchSize).all();
    yield* batch;
    if (batch.length < batchSize) return;
    after = batch.at(-1)!.id;
  }
}

const columns = [
  'id', 'status', 'organization', 'country', 'country_name', 'type', 'website', 'statement', 'listing',
  'contact_name', 'contact_role', 'email', 'signer_language', 'trust', 'review_reason', 'website_proven_at', 'held_reason',
  'signed_at', 'confirmed_at', 'published_at',
] as const;

/** One row as staff read it: codes for machines, and the country's name in the export's language. */
function record(row: ExportedRow, locale: Locale): Record<(typeof columns)[number], string | number> {
  return {
    id: row.id,
    status: row.status,
    organization: row.organization,
    country: row.country,
    country_name: countryName(row.country, locale),
    type: row.orgType,
    website: row.website ?? '',
    statement: row.statement ?? '',
    listing: row.listing,
    contact_name: row.contactName ?? '',
    contact_role: row.contactRole ?? '',
    email: row.email ?? '',
    signer_language: row.locale,
    trust: row.trust,
    review_reason: row.reviewReason ?? '',
    website_proven_at: row.websiteProvenAt?.toISOString() ?? '',
    held_reason: row.heldReason ?? '',
    signed_at: row.createdAt.toISOString(),
    confirmed_at: row.verifiedAt?.toISOString() ?? '',
    published_at: row.publishedAt?.toISOString() ?? '',
  };
}

/** RFC 4180 (CRLF), formula injection escaped, with a byte order mark (see csv.ts). */
function* csv(rows: Iterable<ExportedRow>, locale: Locale): Generator<string> {
  yield byteOrderMark + csvLines([columns]);
  let batch: (string | number)[][] = [];
  for (const row of rows) {
    const cells = record(row, locale);
    batch.push(columns.map((column) => cells[column]));
    if (batch.length === batchSize) {
      yield csvLines(batch);
      batch = [];
    }
  }
  yield csvLines(batch);
}

/** Lines gathered into chunks of a thousand, so a long export is not a stream of tiny writes. */
function* chunked(lines: Iterable<string>): Generator<string> {
  let chunk: string[] = [];
  for (const line of lines) {
    chunk.push(line);
    if (chunk.length === batchSize) {
      yield chunk.join('');
      chunk = [];
    }
  }
  if (chunk.length) yield chunk.join('');
}

function* json(letter: string, rows: Iterable<ExportedRow>, locale: Locale): Generator<string> {
  yield `{"letter":${JSON.stringify(letter)},"signatures":[`;
  yield* chunked((function* () {
    let first = true;
    for (const row of rows) {
      yield `${first ? '' : ','}\n${JSON.stringify(record(row, locale))}`;
      first = false;
    }
  })());
  yield '\n]}\n';
}

/** "Organization (Country)" per line, in the letter's language, to paste under the letter; anonymous entries as the list shows them. */
function* text(rows: Iterable<ExportedRow>, locale: Locale): Generator<string> {
  const t = getTranslator(locale);
  yield* chunked((function* () {
    for (const row of rows) {
      const country = countryName(row.country, locale);
      yield row.listing === 'anonymous' ? `${t('anonymous.label', { country })}\n` : `${row.organization} (${country})\n`;
    }
  })());
}

/**
 * A staff export of a letter's signatures, contact details included, as chunks of text, with
 * country names (and the text block's words) in the chosen language: the web
 * download and `npm run export` write the same bytes, and neither holds the whole list in memory.
 */
export function exportSignatures(db: Database, options: { letter: string; filters: SignatureFilters; format: ExportFormat; locale: Locale }): Iterable<string> {
  const rows = matching(db, options.letter, options.filters);
  if (options.format === 'csv') return csv(rows, options.locale);
  if (options.format === 'json') return json(options.letter, rows, options.locale);
  return text(rows, options.locale);
}
