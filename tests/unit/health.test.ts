import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '#db/client.ts';
import { migrateDatabase } from '#db/migrate.ts';
import { projectRoot } from '../support/server.ts';
import { checkHealth } from '#lib/health/check-health.ts';

const tempDatabase = () => openDatabase(join(mkdtempSync(join(tmpdir(), 'undersigned-unit-')), 'test.db'));

describe('the health check', () => {
  it('reports a migrated database as ok', () => {
    const db = tempDatabase();
    migrateDatabase(db, projectRoot);
    expect(checkHealth(db)).toMatchObject({ status: 'ok', database: 'ok' });
  });
  it('reports a database that was never migrated as failing', () => {
    expect(checkHealth(tempDatabase())).toMatchObject({ status: 'failing' });
  });
  it('opens the file with WAL, synchronous FULL and foreign keys on', () => {
    const sqlite = tempDatabase().$client;
    expect(sqlite.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(sqlite.pragma('synchronous', { simple: true })).toBe(2);
    expect(sqlite.pragma('foreign_keys', { simple: true })).toBe(1);
  });
  it('says the replica is off, its lag, and degraded when it is further behind than its limit', () => {
    const db = tempDatabase();
    migrateDatabase(db, projectRoot);
    expect(checkHealth(db)).toMatchObject({ status: 'ok', replica: 'off' });
    expect(checkHealth(db, new Date(), { lagSeconds: 3, maxLagSeconds: 60, ok: true })).toMatchObject({ status: 'ok', replica: { lagSeconds: 3 } });
    expect(checkHealth(db, new Date(), { lagSeconds: 61, maxLagSeconds: 60, ok: false })).toMatchObject({ status: 'degraded', replica: { lagSeconds: 61 } });
  });
});
