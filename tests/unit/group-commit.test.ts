import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Sqlite from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { createGroupCommit, sharedWriteLock, type WriteLock } from '#db/group-commit.ts';
import { openDatabase } from '#db/client.ts';

function twoConnections() {
  const path = join(mkdtempSync(join(tmpdir(), 'undersigned-commit-')), 'test.db');
  const writer = openDatabase(path).$client;
  writer.exec('create table entries (name text not null unique)');
  return { writer, reader: new Sqlite(path, { readonly: true }) };
}

const count = (reader: Sqlite.Database) => (reader.prepare('select count(*) as n from entries').get() as { n: number }).n;

describe('group commit', () => {
  it('runs the writes of one turn in one transaction, and each is readable elsewhere once it resolves', async () => {
    const { writer, reader } = twoConnections();
    const write = createGroupCommit(writer);
    const seenElsewhere: number[] = [];
    const writes = Array.from({ length: 20 }, (_, n) =>
      write(() => {
        // Another connection sees none of this batch while it runs: the batch has not committed.
        seenElsewhere.push(count(reader));
        writer.prepare('insert into entries (name) values (?)').run(`entry ${n}`);
        return n;
      }),
    );
    expect(await Promise.all(writes)).toEqual(Array.from({ length: 20 }, (_, n) => n));
    expect(seenElsewhere).toEqual(Array.from({ length: 20 }, () => 0));
    expect(count(reader)).toBe(20);
  });

  it('undoes only the write that failed, which hears its own error', async () => {
    const { writer, reader } = twoConnections();
    const write = createGroupCommit(writer);
    const insert = (name: string) => writer.prepare('insert into entries (name) values (?)').run(name);
    const outcomes = await Promise.allSettled([
      write(() => insert('first')),
      write(() => {
        insert('half-written');
        insert('first'); // violates the unique name: the savepoint takes back "half-written" too
      }),
      write(() => insert('third')),
    ]);
    expect(outcomes.map((outcome) => outcome.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(String((outcomes[1] as PromiseRejectedResult).reason)).toMatch(/UNIQUE constraint failed/);
    expect(reader.prepare('select name from entries order by name').pluck().all()).toEqual(['first', 'third']);
  });

  it('starts a new batch for writes that arrive after the last one committed', async () => {
    const { writer, reader } = twoConnections();
    const write = createGroupCommit(writer);
    await write(() => writer.prepare("insert into entries (name) values ('one')").run());
    expect(count(reader)).toBe(1);
    await write(() => writer.prepare("insert into entries (name) values ('two')").run());
    expect(count(reader)).toBe(2);
  });

  it('waits while another thread holds the shared lock, goes on serving meanwhile, and commits once it is let go', async () => {
    const { writer, reader } = twoConnections();
    const buffer = new SharedArrayBuffer(4);
    // Another thread of the process (played here by a second handle on the same memory) is committing.
    const otherThread = sharedWriteLock(buffer);
    expect(otherThread.tryTake()).toBe(true);
    const write = createGroupCommit(writer, undefined, sharedWriteLock(buffer));
    let done = false;
    const first = write(() => writer.prepare("insert into entries (name) values ('waited')").run()).then(() => (done = true));
    // Several turns of the event loop pass: this thread is not blocked, and nothing is written yet.
    for (let turn = 0; turn < 5; turn++) await new Promise((resolve) => setImmediate(resolve));
    expect(done).toBe(false);
    expect(count(reader)).toBe(0);
    // Writes that arrive while it waits join the same batch.
    const second = write(() => writer.prepare("insert into entries (name) values ('joined')").run());
    otherThread.release();
    await Promise.all([first, second]);
    expect(count(reader)).toBe(2);
    // The lock is free again for the other thread.
    expect(otherThread.tryTake()).toBe(true);
  });

  it('commits when the other thread lets go between its try and its wait', async () => {
    const { writer, reader } = twoConnections();
    const buffer = new SharedArrayBuffer(4);
    const otherThread = sharedWriteLock(buffer);
    expect(otherThread.tryTake()).toBe(true);
    const own = sharedWriteLock(buffer);
    // The try fails, and the other thread lets go before the wait begins: the worst moment.
    const racing: WriteLock = {
      ...own,
      tryTake: () => {
        const taken = own.tryTake();
        if (!taken) otherThread.release();
        return taken;
      },
    };
    const write = createGroupCommit(writer, undefined, racing);
    await write(() => writer.prepare("insert into entries (name) values ('raced')").run());
    expect(count(reader)).toBe(1);
  });
});
