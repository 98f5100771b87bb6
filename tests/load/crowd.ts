/**
 * A crowd on loopback: signers who load the letter and post its form as a browser without
 * JavaScript does, and readers who only read. Each sign-up comes from its own client address
 * (a /64 of its own in 2001:db8::/32, the documentation prefix), carried in X-Forwarded-For as
 * a trusted reverse proxy would add it, so the server's limits see a crowd, not one machine.
 */
import { Agent, request } from 'node:http';

export type Tally = {
  /** Sign-up POSTs sent. */
  attempted: number;
  /** Emails whose sign-up was answered with the "check your email" page. */
  acknowledged: Set<string>;
  /** When each of those was answered (milliseconds since the epoch). */
  acknowledgedAt: Map<string, number>;
  /** Answered, but not with that page (a refusal or an unexpected answer). */
  refused: number;
  /** 5xx answers, to anyone. */
  serverErrors: number;
  /** Requests that got no answer at all (the server was down). */
  networkErrors: number;
  /** Milliseconds from the POST to the page after the redirect, per acknowledged sign-up. */
  signLatencies: number[];
  reads: number;
  readLatencies: number[];
};

export const newTally = (): Tally => ({
  attempted: 0,
  acknowledged: new Set(),
  acknowledgedAt: new Map(),
  refused: 0,
  serverErrors: 0,
  networkErrors: 0,
  signLatencies: [],
  reads: 0,
  readLatencies: [],
});

const agent = new Agent({ keepAlive: true, maxSockets: 1024 });
const letterPath = '/letters/keep-kazakhstan-online/';
const sentHeading = 'Check your email';

type Answer = { status: number; location?: string; cookie?: string; body: string };

function send(base: URL, method: 'GET' | 'POST', path: string, headers: Record<string, string>, body?: string): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request(new URL(path, base), { method, headers, agent, timeout: 30_000 }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () =>
        resolve({
          status: res.statusCode ?? 0,
          location: res.headers.location,
          cookie: res.headers['set-cookie']?.[0]?.split(';')[0],
          body: Buffer.concat(chunks).toString('utf8'),
        }),
      );
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', reject);
    req.end(body);
  });
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const stampIn = (html: string) => html.match(/name="started" value="([^"]+)"/)?.[1];

/** One person after another at the same desk, until `until`: read the letter, sign it, land on the answer. */
export async function signer(options: { base: () => URL; vu: number; run: string; until: number; minSeconds: number; tally: Tally }): Promise<void> {
  const { vu, run, until, minSeconds, tally } = options;
  let stamp: { value: string; at: number } | undefined;
  for (let n = 1; Date.now() < until; n++) {
    try {
      const page = await send(options.base(), 'GET', letterPath, { 'X-Forwarded-For': `2001:db8:${vu.toString(16)}:${n.toString(16)}::1` });
      if (page.status >= 500) tally.serverErrors += 1;
      const fresh = stampIn(page.body);
      if (!fresh) {
        await sleep(200);
        continue;
      }
      // The form posted is sent at least minSeconds after its stamp's moment (the end of the
      // window the page was shared in), as a person takes time to fill it.
      stamp ??= { value: fresh, at: Number(fresh.split('.')[0]) };
      const wait = stamp.at + minSeconds * 1000 + 50 - Date.now();
      if (wait > 0) await sleep(wait);
      if (Date.now() >= until) return;

      const id = `${run}-${vu}-${n}`;
      const email = `signer@org-${id}.example.org`;
      const fields = new URLSearchParams({
        letter: 'keep-kazakhstan-online',
        organization: `Load Test Association ${id}`,
        country: 'KZ',
        website: `org-${id}.example.org`,
        orgType: 'ngo',
        statement: '',
        listing: 'named',
        contactName: `Signer ${id}`,
        contactRole: 'Director',
        email,
        consent: 'on',
        started: stamp.value,
      });
      const base = options.base();
      const started = Date.now();
      tally.attempted += 1;
      const posted = await send(base, 'POST', `${letterPath}?_action=sign`, {
        Origin: base.origin,
        'Content-Type': 'application/x-www-form-urlencoded',
        'X-Forwarded-For': `2001:db8:${vu.toString(16)}:${n.toString(16)}::1`,
      }, fields.toString());
      stamp = { value: fresh, at: Number(fresh.split('.')[0]) };
      if (posted.status >= 500) tally.serverErrors += 1;
      if (posted.status !== 303 || !posted.location) {
        tally.refused += 1;
        continue;
      }
      const landing = await send(base, 'GET', posted.location, { Cookie: posted.cookie ?? '' });
      if (landing.status >= 500) tally.serverErrors += 1;
      if (landing.status === 200 && landing.body.includes(sentHeading)) {
        tally.acknowledged.add(email);
        tally.acknowledgedAt.set(email, Date.now());
        tally.signLatencies.push(Date.now() - started);
      } else tally.refused += 1;
    } catch {
      tally.networkErrors += 1;
      await sleep(100);
    }
  }
}

/** Someone reading the letter and the home page, again and again. */
export async function reader(options: { base: () => URL; vu: number; until: number; tally: Tally }): Promise<void> {
  const { vu, until, tally } = options;
  for (let n = 0; Date.now() < until; n++) {
    const started = Date.now();
    try {
      const answer = await send(options.base(), 'GET', n % 2 ? '/' : letterPath, { 'X-Forwarded-For': `192.0.2.${(vu % 254) + 1}` });
      tally.reads += 1;
      tally.readLatencies.push(Date.now() - started);
      if (answer.status >= 500) tally.serverErrors += 1;
    } catch {
      tally.networkErrors += 1;
      await sleep(100);
    }
  }
}

export function percentile(values: number[], p: number): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

export function closeCrowd(): void {
  agent.destroy();
}
