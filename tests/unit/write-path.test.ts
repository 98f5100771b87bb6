import { mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import Sqlite from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '#db/client.ts';
import { migrateDatabase } from '#db/migrate.ts';
import { settings } from '#db/schema/index.ts';
import { write } from '#db/write.ts';
import { projectRoot } from '../support/server.ts';

const sources = ['src', 'db'].flatMap((folder) =>
  readdirSync(join(projectRoot, folder), { recursive: true, encoding: 'utf8' })
    .filter((file) => /\.(ts|astro|mjs)$/.test(file))
    .map((file) => join(projectRoot, folder, file)),
);

describe('the one write path', () => {
  it('is the only place that opens a transaction', () => {
    const bare = sources
      .filter((file) => relative(projectRoot, file) !== join('db', 'write.ts'))
      .filter((file) => /\.transaction\s*\(/.test(readFileSync(file, 'utf8')))
      .map((file) => relative(projectRoot, file));
    expect(bare).toEqual([]);
  });

  it('takes the write lock at BEGIN, so a read followed by a write cannot be overtaken', () => {
    const path = join(mkdtempSync(join(tmpdir(), 'undersigned-write-')), 'test.db');
    const db = openDatabase(path);
    migrateDatabase(db, projectRoot);
    const other = new Sqlite(path);
    other.pragma('busy_timeout = 0');
    const otherWrites = () => other.prepare("insert into settings (key, value) values ('x', 'y')").run();
    write(db, (tx) => {
      tx.select().from(settings).all();
      // Before this transaction has written anything, another connection already has to wait.
      expect(otherWrites).toThrow(/database is locked/);
    });
    expect(otherWrites).not.toThrow();
  });

  it('has every change the public sees counted in the same transaction, whatever wrote it', () => {
    const db = openDatabase(':memory:');
    migrateDatabase(db, projectRoot);
    const sqlite = db.$client;
    const version = () => (sqlite.prepare("select version from public_changes where letter = 'l'").get() as { version: number } | undefined)?.version ?? 0;
    const insert = sqlite.prepare(
      `insert into signatures (letter, status, organization, country, org_type, listing, email_key, email_domain, organization_key, organization_search, trust, locale, created_at, updated_at)
       values ('l', ?, 'Org', 'KZ', 'ngo', 'named', ?, 'org.kz', 'org', 'org', 'domain-match', 'en', 0, 0)`,
    );
    const pending = insert.run('pending', 'a').lastInsertRowid;
    expect(version()).toBe(0);
    sqlite.prepare("update signatures set organization = 'Typo fixed' where id = ?").run(pending);
    expect(version()).toBe(0);
    sqlite.prepare("update signatures set status = 'published' where id = ?").run(pending);
    expect(version()).toBe(1);
    insert.run('verified', 'b');
    expect(version()).toBe(2);
    sqlite.prepare('delete from signatures where id = ?').run(pending);
    expect(version()).toBe(3);
    sqlite.prepare("insert into letter_deliveries values ('l', 0, 'r', null, 'staff', '', '', 0)").run();
    expect(version()).toBe(4);
  });
});
