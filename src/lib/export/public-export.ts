import type { PublicSignatory } from '#lib/signing/list-signatories.ts';
import { byteOrderMark, csvLines } from './csv.ts';

/** One row per signatory with the public fields only; anonymous entries keep just their country. */
function rows(signatories: PublicSignatory[]) {
  return signatories.map((entry) =>
    entry.listing === 'anonymous'
      ? { listing: 'anonymous', organization: '', country: entry.country, type: '', website: '', statement: '', signed_on: '', website_checked: '' }
      : {
          listing: 'named',
          organization: entry.organization,
          country: entry.country,
          type: entry.orgType,
          website: entry.website ?? '',
          statement: entry.statement ?? '',
          signed_on: entry.signedAt.toISOString().slice(0, 10),
          website_checked: entry.websiteChecked ? 'yes' : 'no',
        },
  );
}

export function signatoriesJson(letter: string, signatories: PublicSignatory[]): string {
  return JSON.stringify({ letter, count: signatories.length, signatories: rows(signatories) }, null, 2);
}

const csvColumns = ['organization', 'country', 'type', 'website', 'statement', 'listing', 'signed_on', 'website_checked'] as const;

/** RFC 4180 CSV; cells that a spreadsheet would run as a formula (=, +, -, @ …) are escaped (see csv.ts). */
export function signatoriesCsv(signatories: PublicSignatory[]): string {
  return byteOrderMark + csvLines([csvColumns, ...rows(signatories).map((row) => csvColumns.map((column) => row[column]))]);
}
