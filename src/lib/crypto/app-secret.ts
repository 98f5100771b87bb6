import { randomBytes } from 'node:crypto';
import { eq } from 'drizzle-orm';
import type { Database } from '#db/client.ts';
import { settings } from '#db/schema/index.ts';

/**
 * The server's own secret for keyed hashes and signed form timestamps: created on first start and
 * kept in the database, so a fresh clone needs no configuration and a restart keeps it.
 */
export function getAppSecret(db: Database): string {
  db.insert(settings).values({ key: 'secret', value: randomBytes(32).toString('base64url') }).onConflictDoNothing().run();
  const row = db.select().from(settings).where(eq(settings.key, 'secret')).get();
  if (!row) throw new Error('Could not read the server secret from the settings table; is the database writable?');
  return row.value;
}
