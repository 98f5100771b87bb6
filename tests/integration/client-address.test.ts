import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { query } from '../support/database.ts';
import { formStamp, letterSlug, signUp, submitForm } from '../support/forms.ts';
import { startServer, type RunningServer } from '../support/server.ts';

let server: RunningServer;
const page = `/letters/${letterSlug}/`;

beforeAll(async () => {
  // Behind one trusted proxy, whose X-Forwarded-For entry names the client.
  server = await startServer({ SIGN_MIN_SECONDS: '0', TRUST_PROXY: '1' });
});
afterAll(async () => {
  await server?.stop();
});

/** Signs once with the proxy's entry set to `forwardedFor`; returns the client mark the sign-up was stored with. */
async function clientOf(forwardedFor: string, n: string): Promise<string> {
  const email = `client${n}@clients${n}.kz`;
  const started = await formStamp(server, page);
  await submitForm(server, `${page}?_action=sign`, { started, ...signUp({ email, website: `clients${n}.kz` }) }, { headers: { 'X-Forwarded-For': forwardedFor } });
  return query<{ client_hash: string }>(server.databasePath, 'select client_hash from signatures where email = ?', email)[0]!.client_hash;
}

describe('the client a sign-up is counted against, behind a trusted proxy', () => {
  it('is one client whatever port its entry carries', async () => {
    const marks = new Set<string>();
    for (const [n, entry] of ['198.51.100.7:1000', '198.51.100.7:1001', '198.51.100.7:65535', '198.51.100.7'].entries()) marks.add(await clientOf(entry, `port${n}`));
    expect(marks.size).toBe(1);
    const v6 = new Set<string>();
    for (const [n, entry] of ['[2001:db8:5::1]:443', '[2001:db8:5::2]:8443', '2001:db8:5::3'].entries()) v6.add(await clientOf(entry, `v6-${n}`));
    expect(v6.size).toBe(1);
  });

  it('is one and the same client for every entry that is no address', async () => {
    const marks = new Set<string>();
    for (const [n, entry] of ['junk1', 'junk2', 'unknown', '198.51.100.7:x', '999.1.1.1'].entries()) marks.add(await clientOf(entry, `junk${n}`));
    expect(marks.size).toBe(1);
    expect(marks.has(await clientOf('198.51.100.7', 'junk-real'))).toBe(false);
  });

  it('tells two real clients apart', async () => {
    expect(await clientOf('192.0.2.44:5000', 'real1')).not.toBe(await clientOf('192.0.2.45:5000', 'real2'));
  });
});
