/** Published signatures written straight into a database file, for benchmarks of reading and exporting. */
import { openDatabase } from '#db/client.ts';
import { migrateDatabase } from '#db/migrate.ts';
import { settings, signatures } from '#db/schema/index.ts';
import { organizationKeyVersion } from '#lib/signing/normalize.ts';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { projectRoot, startServer, type RunningServer } from '../support/server.ts';

const countries = ['KZ', 'KG', 'UZ', 'TJ', 'RU', 'DE', 'US'];

export function seedSignatures(databasePath: string, total: number, letter = 'keep-kazakhstan-online'): void {
  const db = openDatabase(databasePath);
  migrateDatabase(db, projectRoot);
  const now = new Date();
  db.transaction((tx) => {
    for (let n = 0; n < total; n += 500) {
      tx.insert(signatures)
        .values(
          Array.from({ length: Math.min(500, total - n) }, (_, i) => {
            const id = n + i;
            const organization = id % 3 === 0 ? `Общественный фонд «Правовая инициатива» №${id}` : `Civic Voice Association ${id}`;
            return {
              letter,
              status: 'published' as const,
              organization,
              country: countries[id % countries.length]!,
              website: `https://org${id}.example.org/`,
              orgType: 'ngo' as const,
              statement: id % 4 === 0 ? 'Access to information saves lives, "especially" in a crisis.' : null,
              listing: id % 10 === 0 ? ('anonymous' as const) : ('named' as const),
              contactName: `Contact ${id}`,
              contactRole: 'Director',
              email: `contact${id}@org${id}.example.org`,
              emailKey: `contact${id}@org${id}.example.org`,
              emailDomain: `org${id}.example.org`,
              organizationKey: `civic voice association ${id}`,
              organizationSearch: organization.toLowerCase(),
              trust: 'domain-match' as const,
              locale: 'en',
              createdAt: now,
              updatedAt: now,
              verifiedAt: now,
              publishedAt: new Date(now.getTime() - (total - id) * 1000),
            };
          }),
        )
        .run();
    }
    // The keys above are this version's (as a real database's would be): no recomputation at start.
    tx.insert(settings).values({ key: 'organization-key-version', value: String(organizationKeyVersion) }).onConflictDoNothing().run();
  });
  db.$client.close();
}

/** The built server on a fresh database holding `total` published signatures; `stop()` removes the database too. */
export async function startSeededServer(total: number, env: Record<string, string> = {}): Promise<RunningServer> {
  const databasePath = join(mkdtempSync(join(tmpdir(), 'undersigned-seeded-')), 'site.db');
  seedSignatures(databasePath, total);
  const server = await startServer({ ...env, DATABASE_PATH: databasePath });
  return {
    ...server,
    stop: async () => {
      const code = await server.stop();
      rmSync(dirname(databasePath), { recursive: true, force: true });
      return code;
    },
  };
}
