import { createHash, randomBytes } from 'node:crypto';
import { and, asc, eq } from 'drizzle-orm';
import Papa from 'papaparse';
import type { Database } from '#db/client.ts';
import { deliveredEntries, letterDeliveries, signatures } from '#db/schema/index.ts';
import type { Transaction } from '#db/write.ts';
import { byteOrderMark, csvLines, spreadsheetSafe } from '#lib/export/csv.ts';

/** The public fields of a delivered entry, in this order: what its hash covers. */
export const deliveredColumns = ['organization', 'country', 'type', 'website', 'statement', 'listing', 'signed_on'] as const;

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
const entryHash = (salt: string, fields: string) => sha256(`${salt}\n${fields}`);
/** The fingerprint of a delivered list: the SHA-256 of its entries' hashes, one per line. */
const fingerprintOf = (hashes: readonly string[]) => sha256(hashes.map((hash) => `${hash}\n`).join(''));

/**
 * Freezes a letter's public list as delivered: each published entry, in list order, with a
 * random salt and the hash of salt and public fields. Returns the list's fingerprint.
 */
export function freezeList(tx: Transaction, letter: string): { fingerprint: string; entries: number } {
  const listed = tx
    .select()
    .from(signatures)
    .where(and(eq(signatures.letter, letter), eq(signatures.status, 'published')))
    .orderBy(asc(signatures.publishedAt), asc(signatures.id))
    .all();
  const hashes = listed.map((entry, position) => {
    const named = entry.listing === 'named';
    // As the file shows them, so that anyone's CSV reader gives back exactly what was hashed.
    const fields = JSON.stringify(
      [
        named ? entry.organization : '',
        entry.country,
        named ? entry.orgType : '',
        named ? (entry.website ?? '') : '',
        named ? (entry.statement ?? '') : '',
        entry.listing,
        named ? (entry.publishedAt ?? new Date(0)).toISOString().slice(0, 10) : '',
      ].map(spreadsheetSafe),
    );
    const salt = randomBytes(16).toString('hex');
    const hash = entryHash(salt, fields);
    tx.insert(deliveredEntries).values({ letter, position, signatureId: entry.id, salt, fields, entryHash: hash }).run();
    return hash;
  });
  return { fingerprint: fingerprintOf(hashes), entries: listed.length };
}

/**
 * The list as delivered, for anyone to check against its fingerprint: each entry's hash and, while
 * its signer still stands by it as delivered (published, and not since listed anonymously), its
 * salt and public fields. An entry withdrawn, hidden or made anonymous since keeps only its hash.
 */
export function deliveredCsv(db: Database, letter: string): string | undefined {
  const delivery = db.select({ legacy: letterDeliveries.snapshot }).from(letterDeliveries).where(eq(letterDeliveries.letter, letter)).get();
  if (!delivery) return undefined;
  const entries = db
    .select({ salt: deliveredEntries.salt, fields: deliveredEntries.fields, entryHash: deliveredEntries.entryHash, status: signatures.status, listing: signatures.listing })
    .from(deliveredEntries)
    .leftJoin(signatures, eq(signatures.id, deliveredEntries.signatureId))
    .where(eq(deliveredEntries.letter, letter))
    .orderBy(asc(deliveredEntries.position))
    .all();
  // Delivered before entries were hashed one by one: the file as it was frozen then.
  if (entries.length === 0 && delivery.legacy) return delivery.legacy;
  const rows = entries.map((entry) => {
    const delivered = JSON.parse(entry.fields) as string[];
    const standing = entry.status === 'published' && entry.listing === delivered[5];
    return standing ? [entry.entryHash, entry.salt, ...delivered] : [entry.entryHash, '', ...deliveredColumns.map(() => '')];
  });
  return byteOrderMark + csvLines([['entry_hash', 'salt', ...deliveredColumns], ...rows]);
}

/**
 * Checks a delivered list as anyone can: every entry that shows its fields must match its hash,
 * and the fingerprint is recomputed from all the hashes.
 */
export function checkDeliveredCsv(text: string): { fingerprint: string; entries: number; shown: number; mismatched: number[] } {
  const { data } = Papa.parse<string[]>(text.replace(/^\ufeff/, ''), { skipEmptyLines: true });
  const [, ...rows] = data;
  const mismatched: number[] = [];
  let shown = 0;
  rows.forEach(([hash = '', salt = '', ...fields], index) => {
    if (!salt) return;
    shown += 1;
    if (entryHash(salt, JSON.stringify(fields)) !== hash) mismatched.push(index + 1);
  });
  return { fingerprint: fingerprintOf(rows.map(([hash = '']) => hash)), entries: rows.length, shown, mismatched };
}
