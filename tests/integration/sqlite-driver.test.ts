import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';

// A driver built wrongly for this Node can pass every query and still kill the server when the
// garbage collector frees a statement: better-sqlite3 12 compiled against Node ≥ 24.19 headers
// aborts with "RemoveEnvironmentCleanupHook … Assertion failed". This prepares and drops
// 300,000 statements in timer callbacks, the way a server does, with a tiny young generation so
// the collector runs between callbacks all the time. It runs in a child process because an
// abort would take the test runner down with it. Checked against such a bad build: it aborts
// within a second; with better-sqlite3 13 it survives.
const stress = `
  const Database = require('better-sqlite3');
  const db = new Database(':memory:');
  db.exec('create table t(a)');
  let prepared = 0;
  let garbage = [];
  function round(left) {
    if (left === 0) {
      db.close();
      process.stdout.write('survived ' + prepared);
      return;
    }
    for (let i = 0; i < 2000; i++, prepared++) {
      db.prepare(i % 2 ? 'insert into t values (?)' : 'select ? as a')[i % 2 ? 'run' : 'get'](prepared);
    }
    garbage = [];
    for (let i = 0; i < 20000; i++) garbage.push({ i, s: 'x'.repeat(32) + i });
    setTimeout(round, 0, left - 1);
  }
  round(150);
`;

describe('the SQLite driver', () => {
  it('survives the garbage collector freeing 300,000 discarded statements between callbacks', () => {
    const result = spawnSync(process.execPath, ['--max-semi-space-size=1', '--input-type=commonjs', '-e', stress], { encoding: 'utf8', timeout: 120_000 });
    expect(result.stderr, 'the driver does not fit this Node: rm -rf node_modules && npm install').not.toMatch(/Assertion failed|Segmentation/);
    expect(result.signal).toBeNull();
    expect(result.status).toBe(0);
    expect(result.stdout).toBe('survived 300000');
  });
});
