import { stringify } from 'csv-stringify/sync';
import type { PublicSignatory } from '#lib/signing/list-signatories.ts';

/** One row per signatory with the public fields only; anonymous entries keep just their country. */
function rows(signatories: PublicSignatory[]) {
  return signatories.map((entry) =>
    entry.listing === 'anonymous'
      ? { listing: 'anonymous', organization: '', country: entry.country, type: '', website: '', statement: '', signed_on: '' }
      : {
          listing: 'named',
          organization: entry.organization,
          country: entry.country,
          type: entry.orgType,
          website: entry.website ?? '',
          statement: entry.statement ?? '',
          signed_on: entry.signedAt.toISOString().slice(0, 10),
        },
  );
}

export function signatoriesJson(letter: string, signatories: PublicSignatory[]): string {
  return JSON.stringify({ letter, count: signatories.length, signatories: rows(signatories) }, null, 2);
}

/** RFC 4180 CSV; cells that a spreadsheet would run as a formula (=, +, -, @ …) are escaped. */
export function signatoriesCsv(signatories: PublicSignatory[]): string {
  return stringify(rows(signatories), {
    header: true,
    columns: ['organization', 'country', 'type', 'website', 'statement', 'listing', 'signed_on'],
    escape_formulas: true,
    bom: true,
    record_delimiter: 'windows',
  });
}
