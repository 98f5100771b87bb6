import { preparedOnce } from '#db/prepared.ts';
import { publicChanges } from '#db/schema/index.ts';
import { getDatabase, isDatabaseOpen } from './database.ts';

/**
 * Each letter's public-change counter as SQLite holds it now (see db/schema/public-changes.ts):
 * moved by every process that writes, read before each cached page is served. Empty while the
 * build prerenders pages, which has no database and keeps nothing.
 */
export function publicVersions(): Map<string, number> {
  if (!isDatabaseOpen()) return new Map();
  const db = getDatabase();
  const rows = preparedOnce(db, 'publicChanges.all', () => db.select().from(publicChanges).prepare()).all();
  return new Map(rows.map((row) => [row.letter, row.version]));
}
