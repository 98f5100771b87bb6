import { randomBytes } from 'node:crypto';
import { eq } from 'drizzle-orm';
import type { Database } from '#db/client.ts';
import { settings } from '#db/schema/index.ts';

/** The secret never changes once stored, and it is read in every request that signs or checks: read it once per connection. */
const known = new WeakMap<Database, string>();

/**
 * The server's own secret for keyed hashes and signed form timestamps: created on first start and
 * kept in the database, so a fresh clone needs no configuration and a restart keeps it. Read on
 * every sign form render, so it only writes when the secret is missing.
 */
export function getAppSecret(db: Database): string {
  const remembered = known.get(db);
  if (remembered) return remembered;
  const read = () => db.select().from(settings).where(eq(settings.key, 'secret')).get()?.value;
  if (!read()) db.insert(settings).values({ key: 'secret', value: randomBytes(32).toString('base64url') }).onConflictDoNothing().run();
  const secret = read();
  if (!secret) throw new Error('Could not read the server secret from the settings table; is the database writable?');
  known.set(db, secret);
  return secret;
}
