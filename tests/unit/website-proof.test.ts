import { createServer as createHttpServer } from 'node:http';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import selfsigned from 'selfsigned';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkWebsiteProof, internetNetwork, proofPath, type ProofNetwork } from '#lib/signing/website-proof.ts';

const letter = 'test-letter';
const token = 'a1b2c3d4e5f6a7b8c9d0e1f2a3b4c5d6';
let site: Server;
let port: number;
let ca: string;
/** What the site on loopback answers, by path: a body, or a redirect. */
const pages = new Map<string, { body?: string; location?: string }>();

beforeAll(async () => {
  const pems = await selfsigned.generate([{ name: 'commonName', value: 'ngo-proof.kz' }], {
    keySize: 2048,
    algorithm: 'sha256',
    extensions: [{ name: 'subjectAltName', altNames: [{ type: 2, value: 'ngo-proof.kz' }, { type: 2, value: '*.ngo-proof.kz' }, { type: 2, value: 'elsewhere.kz' }] }],
  });
  ca = pems.cert;
  site = createServer({ key: pems.private, cert: pems.cert }, (req, res) => {
    const page = pages.get(`${req.headers.host?.split(':')[0]}${req.url}`);
    if (page?.location) res.writeHead(302, { Location: page.location }).end();
    else if (page?.body !== undefined) res.writeHead(200, { 'Content-Type': 'text/plain' }).end(page.body);
    else res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => site.listen(0, '127.0.0.1', resolve));
  port = (site.address() as AddressInfo).port;
});
afterAll(() => new Promise<void>((resolve) => site.close(() => resolve())));

/**
 * The network as the server sees it, but every name on loopback: the test's site stands for the
 * organization's. Its port is the test site's, so the check's https URLs name it explicitly.
 */
function loopback(overrides: Partial<ProofNetwork> = {}): ProofNetwork {
  return { lookup: async () => [{ address: '127.0.0.1', family: 4 }], resolveTxt: async () => [], allowAddress: () => true, ca, ...overrides };
}
const at = (host: string) => `https://${host}:${port}/`;
const file = (host: string) => `${host}${proofPath(letter)}`;

describe('proving a website', () => {
  it('proves it from the file at the site’s /.well-known/, and from a DNS record', async () => {
    pages.set(file('ngo-proof.kz'), { body: `${token}\n` });
    expect(await checkWebsiteProof(at('ngo-proof.kz'), letter, token, loopback())).toEqual({ proven: true, via: 'file' });
    const records = async (name: string) => (name === '_undersigned.ngo-proof.kz' ? [[`undersigned-${letter}=`, token]] : []);
    expect(await checkWebsiteProof(at('nofile.ngo-proof.kz'), letter, token, loopback({ resolveTxt: records }))).toEqual({ proven: true, via: 'dns' });
  });

  it('follows a redirect within the site’s own domain', async () => {
    pages.set(file('www.ngo-proof.kz'), { location: `https://ngo-proof.kz:${port}${proofPath(letter)}` });
    expect(await checkWebsiteProof(at('www.ngo-proof.kz'), letter, token, loopback())).toEqual({ proven: true, via: 'file' });
  });

  it('refuses a site that resolves to a private or loopback address', async () => {
    const onTheInternet = loopback({ allowAddress: internetNetwork.allowAddress });
    expect(await checkWebsiteProof(at('ngo-proof.kz'), letter, token, onTheInternet)).toEqual({ proven: false, reason: 'unreachable' });
    for (const address of ['127.0.0.1', '10.1.2.3', '192.168.1.1', '169.254.169.254', '100.64.0.1', '::1', 'fd00::1', 'fe80::1', '::ffff:127.0.0.1']) {
      expect(internetNetwork.allowAddress(address), address).toBe(false);
    }
    expect(internetNetwork.allowAddress('93.184.216.34')).toBe(true);
    expect(internetNetwork.allowAddress('2a00:1450:4001:80b::200e')).toBe(true);
  });

  it('refuses a redirect off the site’s domain, to a file that holds the token', async () => {
    pages.set(file('off.ngo-proof.kz'), { location: `https://elsewhere.kz:${port}${proofPath(letter)}` });
    pages.set(file('elsewhere.kz'), { body: token });
    expect((await checkWebsiteProof(at('off.ngo-proof.kz'), letter, token, loopback())).proven).toBe(false);
  });

  it('reads only https, and at most 4 KB', async () => {
    pages.set(file('big.ngo-proof.kz'), { body: `${'x'.repeat(5000)} ${token}` });
    expect((await checkWebsiteProof(at('big.ngo-proof.kz'), letter, token, loopback())).proven).toBe(false);
    const plain = createHttpServer((_req, res) => res.end(token));
    await new Promise<void>((resolve) => plain.listen(0, '127.0.0.1', resolve));
    try {
      const plainAt = `http://ngo-proof.kz:${(plain.address() as AddressInfo).port}/`;
      expect((await checkWebsiteProof(plainAt, letter, token, loopback())).proven).toBe(false);
    } finally {
      plain.close();
    }
  });

  it('has nothing to prove for a website typed as an address, or none', async () => {
    pages.set(file('127.0.0.1'), { body: token });
    expect((await checkWebsiteProof(`https://127.0.0.1:${port}/`, letter, token, loopback())).proven).toBe(false);
    expect(await checkWebsiteProof(null, letter, token, loopback())).toEqual({ proven: false, reason: 'no-website' });
  });

  it('is not fooled by another entry’s token', async () => {
    pages.set(file('other.ngo-proof.kz'), { body: 'ffffffffffffffffffffffffffffffff' });
    expect(await checkWebsiteProof(at('other.ngo-proof.kz'), letter, token, loopback())).toEqual({ proven: false, reason: 'not-found' });
  });
});

describe('an entry whose signer proves the website', () => {
  it('is marked on the public list until the website changes, and may ask only a few times an hour', async () => {
    const { signingContext, signInput, request, confirmAsShown, lastLink } = await import('./support/signing-context.ts');
    const { signLetter } = await import('#lib/signing/sign-letter.ts');
    const { proveWebsite } = await import('#lib/signing/prove-website.ts');
    const { updateSignature, findManagedSignature } = await import('#lib/signing/manage-signature.ts');
    const { allSignatories } = await import('#lib/signing/list-signatories.ts');
    const context = signingContext({ now: new Date() });
    await signLetter(context, signInput(context, { organization: 'Proof Makers', email: 'desk@proofmakers.ngo-proof.kz', website: at('proofmakers.ngo-proof.kz') }), request());
    confirmAsShown(context, lastLink(context, '/confirm/'));
    const manage = lastLink(context, '/manage/');
    const { proof } = findManagedSignature(context, manage);
    expect(proof?.fileUrl).toBe(`https://proofmakers.ngo-proof.kz:${port}${proofPath('test-letter')}`);
    pages.set(file('proofmakers.ngo-proof.kz'), { body: proof!.token });

    expect(await proveWebsite(context, manage, '192.0.2.1', loopback())).toEqual({ proven: true, via: 'file' });
    expect(allSignatories(context.db, 'test-letter')).toEqual([expect.objectContaining({ organization: 'Proof Makers', websiteChecked: true })]);

    updateSignature(context, { token: manage, organization: 'Proof Makers', country: 'KZ', website: at('elsewhere.ngo-proof.kz'), orgType: 'ngo', statement: undefined, listing: 'named' });
    expect(allSignatories(context.db, 'test-letter')).toEqual([expect.objectContaining({ websiteChecked: false })]);
    for (let n = 0; n < 4; n++) await proveWebsite(context, manage, '192.0.2.1', loopback());
    expect(await proveWebsite(context, manage, '192.0.2.1', loopback())).toEqual({ proven: false, reason: 'limited' });
  });
});
