import { statSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { query } from '../support/database.ts';
import { formStamp, letterSlug, signUp } from '../support/forms.ts';
import { startServer, type RunningServer } from '../support/server.ts';

let server: RunningServer;

beforeAll(async () => {
  // No minimum form age: the junk gets as far as a real sign-up would.
  server = await startServer({ SIGN_MIN_SECONDS: '0' });
});
afterAll(async () => {
  await server?.stop();
});

/** The database file's size with everything written into it (the write-ahead log folded in). */
function storedBytes(): number {
  query(server.databasePath, 'pragma wal_checkpoint(TRUNCATE)');
  return statSync(server.databasePath).size;
}

const page = `/letters/${letterSlug}/`;
const big = (n: number) => 'x'.repeat(n);

describe('one client sending 10,000 junk POSTs', () => {
  it('grows the database by less than 5 MB and never gets a 5xx', async () => {
    const started = await formStamp(server, page);
    const before = storedBytes();
    const junk = (n: number): { path: string; body: BodyInit; type: string } => {
      const form = (fields: Record<string, string>) => ({ body: new URLSearchParams(fields).toString(), type: 'application/x-www-form-urlencoded' });
      switch (n % 8) {
        case 0: // a valid sign-up from a new address each time
          return { path: `${page}?_action=sign`, ...form({ started, ...signUp({ email: `junk${n}@junk${n}.kz`, website: `junk${n}.kz` }) }) };
        case 1: // every field as long as the body limit allows
          return { path: `${page}?_action=sign`, ...form({ started, ...signUp({ organization: big(20_000), statement: big(20_000), contactName: big(15_000) }) }) };
        case 2: // the honeypot filled
          return { path: `${page}?_action=sign`, ...form({ started, ...signUp({ email: `bot${n}@junk.kz` }), fax: big(200) }) };
        case 3: // fields nobody asked for
          return { path: `${page}?_action=sign`, ...form({ started, ...signUp(), [`extra${n}`]: big(30_000), other: big(20_000) }) };
        case 4: // guessed tokens
          return { path: `/confirm/?_action=confirm`, ...form({ token: big(43), ...signUp(), organization: big(10_000) }) };
        case 5:
          return { path: `/letters/${letterSlug}/resend/?_action=resendVerification`, ...form({ letter: letterSlug, email: `resend${n}@junk.kz` }) };
        case 6: // JSON to a form action
          return { path: `${page}?_action=sign`, body: JSON.stringify({ ...signUp(), blob: big(40_000) }), type: 'application/json' };
        default: // a broken multipart body
          return { path: `${page}?_action=sign`, body: `--x\r\nContent-Disposition: form-data; name="organization"\r\n\r\n${big(30_000)}`, type: 'multipart/form-data; boundary=x' };
      }
    };

    const statuses = new Map<number, number>();
    let next = 0;
    const worker = async () => {
      while (next < 10_000) {
        const { path, body, type } = junk(next++);
        const response = await server.fetch(path, { method: 'POST', headers: { Origin: server.url, 'Content-Type': type }, body });
        await response.arrayBuffer();
        statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
      }
    };
    await Promise.all(Array.from({ length: 16 }, worker));

    const grown = storedBytes() - before;
    console.info(`10,000 junk POSTs: database grew by ${(grown / 1024).toFixed(0)} KiB; answers ${JSON.stringify(Object.fromEntries(statuses))}`);
    expect([...statuses.keys()].filter((status) => status >= 500)).toEqual([]);
    expect(grown).toBeLessThan(5 * 1024 * 1024);
    expect(query<{ n: number }>(server.databasePath, 'select count(*) as n from signatures')[0]!.n).toBeLessThanOrEqual(20);
  }, 240_000);
});
