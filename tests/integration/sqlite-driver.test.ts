import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';

// A driver built wrongly for this Node can pass every query and still kill the server when the
// garbage collector frees a statement (better-sqlite3 12 on Node ≥ 24.19 aborted exactly so).
// This prepares and drops statements by the hundred thousand under forced collection, in a
// child process, since an abort would take the test runner down with it.
const stress = `
  const Database = require('better-sqlite3');
  const db = new Database(':memory:');
  db.exec('create table t(a)');
  let prepared = 0;
  for (let round = 0; round < 60; round++) {
    for (let i = 0; i < 5000; i++, prepared++) {
      db.prepare(i % 2 ? 'insert into t values (?)' : 'select ? as a')[i % 2 ? 'run' : 'get'](prepared);
    }
    globalThis.gc();
  }
  db.close();
  globalThis.gc();
  process.stdout.write('survived ' + prepared);
`;

describe('the SQLite driver', () => {
  it('survives the garbage collector freeing 300,000 discarded statements', () => {
    const result = spawnSync(process.execPath, ['--expose-gc', '-e', stress], { encoding: 'utf8', timeout: 120_000 });
    expect(result.stderr, 'reinstall the driver: rm -rf node_modules && npm install').not.toMatch(/Assertion failed|Segmentation/);
    expect(result.signal).toBeNull();
    expect(result.status).toBe(0);
    expect(result.stdout).toBe('survived 300000');
  });
});
