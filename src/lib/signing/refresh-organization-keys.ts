import { eq } from 'drizzle-orm';
import type { Database } from '#db/client.ts';
import { settings, signatures } from '#db/schema/index.ts';
import { organizationKey, organizationKeyVersion } from './normalize.ts';

const settingKey = 'organization-key-version';

/**
 * Recomputes the stored organization keys when the way they are computed has changed since
 * they were stored, so duplicates are still found among older rows. Runs once per version.
 * Returns how many rows were updated.
 */
export function refreshOrganizationKeys(db: Database): number {
  const stored = db.select().from(settings).where(eq(settings.key, settingKey)).get()?.value;
  if (stored === String(organizationKeyVersion)) return 0;
  return db.transaction((tx) => {
    let updated = 0;
    for (const row of tx.select({ id: signatures.id, organization: signatures.organization, key: signatures.organizationKey }).from(signatures).all()) {
      const key = organizationKey(row.organization);
      if (key === row.key) continue;
      tx.update(signatures).set({ organizationKey: key }).where(eq(signatures.id, row.id)).run();
      updated += 1;
    }
    tx.insert(settings)
      .values({ key: settingKey, value: String(organizationKeyVersion) })
      .onConflictDoUpdate({ target: settings.key, set: { value: String(organizationKeyVersion) } })
      .run();
    return updated;
  });
}
