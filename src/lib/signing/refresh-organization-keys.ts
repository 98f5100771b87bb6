import { asc, eq, gt } from 'drizzle-orm';
import { write } from '#db/write.ts';
import type { Database } from '#db/client.ts';
import { settings, signatures } from '#db/schema/index.ts';
import { organizationKey, organizationKeyVersion } from './normalize.ts';

const settingKey = 'organization-key-version';
const batchSize = 1000;

/**
 * Recomputes the stored organization keys when the way they are computed has changed since
 * they were stored, so duplicates are still found among older rows. Runs once per version, a
 * thousand rows at a time. Returns how many rows were updated.
 */
export function refreshOrganizationKeys(db: Database): number {
  const stored = db.select().from(settings).where(eq(settings.key, settingKey)).get()?.value;
  if (stored === String(organizationKeyVersion)) return 0;
  let updated = 0;
  for (let after = 0; ; ) {
    const batch = db
      .select({ id: signatures.id, organization: signatures.organization, key: signatures.organizationKey })
      .from(signatures)
      .where(gt(signatures.id, after))
      .orderBy(asc(signatures.id))
      .limit(batchSize)
      .all();
    write(db, (tx) => {
      for (const row of batch) {
        const key = organizationKey(row.organization);
        if (key === row.key) continue;
        tx.update(signatures).set({ organizationKey: key }).where(eq(signatures.id, row.id)).run();
        updated += 1;
      }
    });
    if (batch.length < batchSize) break;
    after = batch.at(-1)!.id;
  }
  db.insert(settings)
    .values({ key: settingKey, value: String(organizationKeyVersion) })
    .onConflictDoUpdate({ target: settings.key, set: { value: String(organizationKeyVersion) } })
    .run();
  return updated;
}
