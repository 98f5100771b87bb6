import Papa from 'papaparse';

/** Leads a CSV file, so that spreadsheets read its Cyrillic and Kazakh as UTF-8. */
export const byteOrderMark = '\ufeff';

/**
 * A cell as a spreadsheet may safely open it: one that it would run as a formula (starting with
 * =, +, -, @, tab or CR, whatever follows, line breaks included) starts with an apostrophe.
 * papaparse's own `escapeFormulae` misses a cell with a line break in it.
 */
export function spreadsheetSafe(cell: unknown): unknown {
  return typeof cell === 'string' && /^[=+\-@\t\r]/.test(cell) ? `'${cell}` : cell;
}

/**
 * RFC 4180 lines (CRLF, each ending in one) for rows of cells in column order, every cell made
 * spreadsheet-safe. papaparse: about twice as fast as csv-stringify on our exports, and it quotes
 * every cell holding a line break.
 */
export function csvLines(rows: readonly (readonly unknown[])[]): string {
  const safe = rows.map((row) => row.map(spreadsheetSafe));
  return rows.length === 0 ? '' : `${Papa.unparse(safe, { newline: '\r\n', header: false })}\r\n`;
}
