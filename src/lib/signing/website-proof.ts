import { promises as dns } from 'node:dns';
import { request } from 'node:https';
import { BlockList, isIP, type LookupFunction } from 'node:net';
import { getDomain } from 'tldts';
import { keyedHash } from '#lib/crypto/tokens.ts';

/**
 * A signer may prove that they run their organization's website: by publishing a token at
 * https://<the website's host>/.well-known/undersigned-<letter>.txt, or in a DNS TXT record on
 * `_undersigned.<its registrable domain>`. The server checks with a strict fetch, since whoever
 * types a website chooses where the server will connect:
 * - https only, to the website's own registrable domain, following at most three redirects and
 *   none off that domain;
 * - no address that is private, loopback, link-local or otherwise not on the public internet,
 *   checked on the address actually connected to (so a name cannot be rebound in between);
 * - 5 seconds and 4 KB at most.
 */

/** What the check needs from the network; tests pass their own (a loopback site, its certificate). */
export type ProofNetwork = {
  lookup: (hostname: string) => Promise<{ address: string; family: number }[]>;
  resolveTxt: (name: string) => Promise<string[][]>;
  /** Whether the server may connect to this address. */
  allowAddress: (address: string) => boolean;
  /** Extra certificate authorities to trust (tests only). */
  ca?: string;
};

export type ProofOutcome = { proven: true; via: 'file' | 'dns' } | { proven: false; reason: 'no-website' | 'not-found' | 'unreachable' };

const timeoutMs = 5_000;
const maxBytes = 4 * 1024;
const maxRedirects = 3;

/** Addresses a website on the public internet never has. An IPv4 address written as IPv6 (::ffff:…) meets the IPv4 rules. */
const notPublic = new BlockList();
for (const [network, prefix] of [['0.0.0.0', 8], ['10.0.0.0', 8], ['100.64.0.0', 10], ['127.0.0.0', 8], ['169.254.0.0', 16], ['172.16.0.0', 12], ['192.0.0.0', 24], ['192.0.2.0', 24], ['192.168.0.0', 16], ['198.18.0.0', 15], ['198.51.100.0', 24], ['203.0.113.0', 24], ['224.0.0.0', 3]] as const) {
  notPublic.addSubnet(network, prefix, 'ipv4');
}
for (const [network, prefix] of [['::', 127], ['64:ff9b::', 96], ['100::', 64], ['2001::', 23], ['2001:db8::', 32], ['fc00::', 7], ['fe80::', 10], ['ff00::', 8]] as const) {
  notPublic.addSubnet(network, prefix, 'ipv6');
}

export const internetNetwork: ProofNetwork = {
  lookup: (hostname) => dns.lookup(hostname, { all: true, verbatim: true }),
  resolveTxt: (name) => dns.resolveTxt(name),
  allowAddress: (address) => !notPublic.check(address, isIP(address) === 6 ? 'ipv6' : 'ipv4'),
};

/** The token a signer publishes for one entry: derived, so nothing is stored until it is proven. */
export function proofToken(secret: string, letter: string, signatureId: number): string {
  return keyedHash(secret, `website-proof:${letter}:${signatureId}`).slice(0, 32);
}

export const proofPath = (letter: string) => `/.well-known/undersigned-${letter}.txt`;
export const proofRecord = (website: string) => `_undersigned.${getDomain(new URL(website).hostname) ?? new URL(website).hostname}`;

/** One GET over https to an allowed address of `url`'s host; the body (at most `maxBytes`) or where it redirects. */
function fetchOnce(url: URL, network: ProofNetwork, signal: AbortSignal): Promise<{ status: number; location?: string; body: string }> {
  // Node asks for every address (`all`) when it may try several; either way it connects only to what this hands back.
  const lookup = ((hostname: string, options: { all?: boolean }, callback: (error: Error | null, address: string | { address: string; family: number }[], family?: number) => void) => {
    network.lookup(hostname).then(
      (addresses) => {
        if (addresses.length === 0 || addresses.some(({ address }) => !network.allowAddress(address))) {
          callback(new Error('the website resolves to an address that is not on the public internet'), '', 4);
        } else if (options.all) callback(null, addresses);
        else callback(null, addresses[0]!.address, addresses[0]!.family);
      },
      (error: Error) => callback(error, '', 4),
    );
  }) as unknown as LookupFunction;
  return new Promise((resolve, reject) => {
    // A connection of its own (no agent): a pooled one would skip the address check above.
    const req = request(url, { method: 'GET', agent: false, lookup, signal, ca: network.ca, headers: { 'User-Agent': 'undersigned website check', Accept: 'text/plain' } }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        body += chunk;
        if (body.length > maxBytes) {
          reject(new Error(`the answer is longer than ${maxBytes} bytes`));
          res.destroy();
        }
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, location: res.headers.location, body }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}

/** Whether `url` stays where a proof may be read: https, within `domain`. */
const withinDomain = (url: URL, domain: string) => url.protocol === 'https:' && (url.hostname === domain || url.hostname.endsWith(`.${domain}`));

async function fileHolds(website: string, letter: string, token: string, network: ProofNetwork): Promise<boolean> {
  // An address typed as the website (https://10.0.0.1/) has no registrable domain: nothing to prove.
  const domain = getDomain(new URL(website).hostname);
  if (!domain || isIP(new URL(website).hostname)) return false;
  let url = new URL(proofPath(letter), `https://${new URL(website).host}`);
  const signal = AbortSignal.timeout(timeoutMs);
  for (let redirects = 0; redirects <= maxRedirects; redirects++) {
    if (!withinDomain(url, domain)) return false;
    const { status, location, body } = await fetchOnce(url, network, signal);
    if (status >= 300 && status < 400 && location) {
      url = new URL(location, url);
      continue;
    }
    return status === 200 && body.split(/\s+/).includes(token);
  }
  return false;
}

async function recordHolds(website: string, letter: string, token: string, network: ProofNetwork): Promise<boolean> {
  const records = await Promise.race([network.resolveTxt(proofRecord(website)), new Promise<never>((_, reject) => setTimeout(() => reject(new Error('timeout')), timeoutMs).unref())]);
  return records.some((chunks) => chunks.join('') === `undersigned-${letter}=${token}`);
}

/** Checks the file, then the DNS record. Not proven: `not-found` when the website answered, `unreachable` when it could not be reached safely. */
export async function checkWebsiteProof(website: string | null, letter: string, token: string, network: ProofNetwork = internetNetwork): Promise<ProofOutcome> {
  if (!website) return { proven: false, reason: 'no-website' };
  let answered = false;
  try {
    if (await fileHolds(website, letter, token, network)) return { proven: true, via: 'file' };
    answered = true;
  } catch {
    // Not reachable, refused, too slow or too long: the DNS record may still hold it.
  }
  try {
    if (await recordHolds(website, letter, token, network)) return { proven: true, via: 'dns' };
  } catch {
    // No record, or no answer.
  }
  return { proven: false, reason: answered ? 'not-found' : 'unreachable' };
}
