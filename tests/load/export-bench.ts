/**
 * The staff export at scale: seeds 100,000 signatures (SIGNATURES to change it) into a fresh
 * database, starts the built server on it, and downloads each export format as staff would,
 * printing the time, the size and the server's peak memory for each. A script, not a test: it
 * fails on nothing but a broken download. Run with `node tests/load/export-bench.ts` after a build.
 */
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase } from '#db/client.ts';
import { migrateDatabase } from '#db/migrate.ts';
import { signatures, staffSessions } from '#db/schema/index.ts';
import { projectRoot, startServer } from '../support/server.ts';

const total = Number(process.env.SIGNATURES ?? 100_000);
const letter = 'keep-kazakhstan-online';
const dir = mkdtempSync(join(tmpdir(), 'undersigned-export-bench-'));
const databasePath = join(dir, 'undersigned.db');

const seeding = Date.now();
const db = openDatabase(databasePath);
migrateDatabase(db, projectRoot);
const now = new Date();
const countries = ['KZ', 'KG', 'UZ', 'TJ', 'RU', 'DE', 'US'];
db.transaction((tx) => {
  for (let n = 0; n < total; n += 500) {
    tx.insert(signatures)
      .values(
        Array.from({ length: Math.min(500, total - n) }, (_, i) => {
          const id = n + i;
          const organization = id % 3 === 0 ? `Общественный фонд «Правовая инициатива» №${id}` : `Civic Voice Association ${id}`;
          return {
            letter, status: 'published' as const, organization, country: countries[id % countries.length]!, website: `https://org${id}.example.org/`,
            orgType: 'ngo' as const, statement: id % 4 === 0 ? 'Access to information saves lives, "especially" in a crisis.' : null, listing: id % 10 === 0 ? ('anonymous' as const) : ('named' as const),
            contactName: `Contact ${id}`, contactRole: 'Director', email: `contact${id}@org${id}.example.org`, emailKey: `contact${id}@org${id}.example.org`,
            emailDomain: `org${id}.example.org`, organizationKey: `key ${id}`, organizationSearch: organization.toLowerCase(), trust: 'domain-match' as const,
            locale: 'en', createdAt: now, updatedAt: now, verifiedAt: now, publishedAt: now,
          };
        }),
      )
      .run();
  }
});
const cookie = randomBytes(32).toString('base64url');
db.insert(staffSessions).values({ id: createHash('sha256').update(cookie).digest('hex'), email: 'bench@campaign.example', createdAt: now, lastSeenAt: now, userAgent: 'bench' }).run();
db.$client.close();
const seededIn = Date.now() - seeding;

const server = await startServer({ DATABASE_PATH: databasePath, STAFF_EMAILS: 'bench@campaign.example' });
const peakKiB = () => Number(readFileSync(`/proc/${server.pid}/status`, 'utf8').match(/VmHWM:\s+(\d+)/)?.[1] ?? 0);
const currentKiB = () => Number(readFileSync(`/proc/${server.pid}/status`, 'utf8').match(/VmRSS:\s+(\d+)/)?.[1] ?? 0);
/** Resets the kernel's peak-RSS mark for the server, so each download's peak is its own. */
const resetPeak = () => writeFileSync(`/proc/${server.pid}/clear_refs`, '5');

const rows: string[] = [];
try {
  for (const format of ['csv', 'json', 'txt'] as const) {
    resetPeak();
    const before = currentKiB();
    const started = performance.now();
    const response = await server.fetch(`/admin/letters/${letter}/export.${format}`, { headers: { Cookie: `undersigned-staff=${cookie}` } });
    if (response.status !== 200) throw new Error(`export.${format} answered ${response.status}`);
    let bytes = 0;
    for await (const chunk of response.body!) bytes += (chunk as Uint8Array).byteLength;
    const seconds = (performance.now() - started) / 1000;
    rows.push(`| ${format} | ${(bytes / 1024 / 1024).toFixed(1)} MB | ${seconds.toFixed(2)} s | ${Math.round(total / seconds).toLocaleString('en')} rows/s | ${(before / 1024).toFixed(0)} MB | ${(peakKiB() / 1024).toFixed(0)} MB |`);
  }
} finally {
  await server.stop();
  rmSync(dir, { recursive: true, force: true });
}
console.log(`\nStaff export of ${total.toLocaleString('en')} signatures (seeded in ${(seededIn / 1000).toFixed(1)} s), through the built server on loopback\n`);
console.log('| format | size | time | rate | server RSS before | server peak RSS during |\n| --- | --- | --- | --- | --- | --- |');
for (const row of rows) console.log(row);
