import Papa from 'papaparse';

/** Leads a CSV file, so that spreadsheets read its Cyrillic and Kazakh as UTF-8. */
export const byteOrderMark = '\ufeff';

/**
/**
 * A cell a spreadsheet would run as a formula: its first character is =, +, -, @, tab or CR,
 * whatever follows, line breaks included. papaparse's own pattern (`/^[=+\-@\t\r].*$/`, without
 * the `s` flag) lets `=HYPERLINK(…⏎…)` through, because `.` stops at the line break.
 */
export const formulaStart = /^[=+\-@\t\r]/;

/** A cell as the CSV shows it: one that starts like a formula gets a leading quote mark. */
export function spreadsheetSafe(cell: unknown): unknown {
  return typeof cell === 'string' && formulaStart.test(cell) ? `'${cell}` : cell;
}

/**
 * RFC 4180 lines (CRLF, each ending in one) for rows of cells in column order. A text cell that
 * starts like a formula (see formulaStart) gets a leading quote mark, inside quotes. papaparse:
 * about twice as fast as csv-stringify on our exports, and it quotes every cell holding a line
 * break.
 */
export function csvLines(rows: readonly (readonly unknown[])[]): string {
  return rows.length === 0 ? '' : `${Papa.unparse(rows as unknown[][], { escapeFormulae: formulaStart, newline: '\r\n', header: false })}\r\n`;
}
