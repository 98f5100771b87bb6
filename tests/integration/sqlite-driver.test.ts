import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';

// better-sqlite3 12 built against Node ≥ 24.19 headers aborts when the garbage collector frees a
// prepared statement outside JavaScript (nodejs/node#65446): a live server would die under load.
// This runs the driver the way the server does (statements per query, idle GC between bursts).
const stress = `
  const Database = require('better-sqlite3');
  const db = new Database(':memory:');
  db.exec('create table t(a)');
  let n = 0;
  const timer = setInterval(() => {
    for (let i = 0; i < 2000; i++) db.prepare('insert into t values (?)').run(n++);
    const garbage = [];
    for (let i = 0; i < 20000; i++) garbage.push({ i, s: 'x'.repeat(50) });
  }, 50);
  setTimeout(() => { clearInterval(timer); process.stdout.write('survived ' + n); }, 5000);
`;

describe('the SQLite driver', () => {
  it('survives the garbage collector freeing thousands of finished statements', () => {
    const result = spawnSync(process.execPath, ['-e', stress], { encoding: 'utf8', timeout: 60_000 });
    expect(result.stderr, 'rebuild it: source .ci/use-node24.sh && npm rebuild better-sqlite3').not.toContain('Assertion failed');
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/^survived \d+$/);
  });
});
