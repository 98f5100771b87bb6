import { describe, expect, it } from 'vitest';
import { signatures } from '#db/schema/index.ts';
import { signatoriesCsv } from '#lib/export/public-export.ts';
import { countSignatories, listSignatories } from '#lib/signing/list-signatories.ts';
import { tempDatabase } from './support/signing-context.ts';

function seed() {
  const db = tempDatabase();
  const base = { letter: 'l', orgType: 'ngo' as const, emailDomain: 'x.kz', trust: 'no-website' as const, locale: 'en', createdAt: new Date(), updatedAt: new Date() };
  const rows = [
    { organization: 'Adil Soz', country: 'KZ', listing: 'named' as const, status: 'published' as const },
    { organization: 'Hidden Shelter', country: 'KZ', listing: 'anonymous' as const, status: 'published' as const },
    { organization: 'Пресс-клуб', country: 'KG', listing: 'named' as const, status: 'published' as const },
    { organization: 'Pending Org', country: 'KZ', listing: 'named' as const, status: 'pending' as const },
    { organization: '=HYPERLINK("http://evil")', country: 'UZ', listing: 'named' as const, status: 'published' as const },
  ];
  rows.forEach((row, index) =>
    db.insert(signatures).values({ ...base, ...row, emailKey: `k${index}@x.kz`, organizationKey: row.organization.toLowerCase(), organizationSearch: row.organization.toLowerCase(), publishedAt: new Date(2026, 10, index + 1) }).run(),
  );
  return db;
}

describe('the public list', () => {
  it('shows published entries only, anonymous ones by country alone', () => {
    const page = listSignatories(seed(), 'l');
    expect(page.total).toBe(4);
    expect(page.items[1]).toEqual({ listing: 'anonymous', country: 'KZ' });
    expect(page.items.map((item) => ('organization' in item ? item.organization : '(anonymous)'))).not.toContain('Pending Org');
  });
  it('searches names case-insensitively in Cyrillic too, never finding an anonymous entry', () => {
    const db = seed();
    expect(listSignatories(db, 'l', { query: 'ПРЕСС' }).items).toHaveLength(1);
    expect(listSignatories(db, 'l', { query: 'shelter' }).matching).toBe(0);
  });
  it('filters by country and counts per country', () => {
    const db = seed();
    expect(listSignatories(db, 'l', { country: 'KZ' }).matching).toBe(2);
    expect(listSignatories(db, 'l').byCountry).toEqual([
      { country: 'KZ', count: 2 },
      { country: 'KG', count: 1 },
      { country: 'UZ', count: 1 },
    ]);
    expect(countSignatories(db, 'l')).toBe(4);
  });
  it('pages through a long list, 50 to a page, clamping pages that do not exist', () => {
    const db = tempDatabase();
    const base = { letter: 'l', orgType: 'ngo' as const, country: 'KZ', listing: 'named' as const, status: 'published' as const, emailDomain: 'x.kz', trust: 'no-website' as const, locale: 'en', createdAt: new Date(), updatedAt: new Date() };
    for (let i = 0; i < 120; i++) {
      db.insert(signatures).values({ ...base, organization: `Org ${i}`, emailKey: `${i}@x.kz`, organizationKey: `org ${i}`, organizationSearch: `org ${i}`, publishedAt: new Date(2026, 10, 1, 0, i) }).run();
    }
    const third = listSignatories(db, 'l', { page: 3 });
    expect([third.pages, third.page, third.items.length]).toEqual([3, 3, 20]);
    expect(third.items[0]).toMatchObject({ organization: 'Org 100' });
    expect(listSignatories(db, 'l', { page: 99 }).page).toBe(3);
    expect(listSignatories(db, 'l', { page: -4 }).page).toBe(1);
  });

  it('exports CSV that a spreadsheet will not run as a formula', () => {
    const csv = signatoriesCsv(listSignatories(seed(), 'l').items);
    expect(csv).toContain(`"'=HYPERLINK(""http://evil"")"`);
    expect(csv).not.toContain('Hidden Shelter');
  });
});
