import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startNginx, type RunningProxy } from '../support/nginx.ts';
import { freePort, startServer, type RunningServer } from '../support/server.ts';
import { letterSlug } from '../support/forms.ts';

let server: RunningServer;
let proxy: RunningProxy;

beforeAll(async () => {
  server = await startServer();
  proxy = await startNginx(await freePort(), Number(new URL(server.url).port));
});
afterAll(async () => {
  await proxy?.stop();
  await server?.stop();
});

/** The Content-Encoding a GET is answered with, for exactly this Accept-Encoding (fetch would add its own). */
function encodingFor(base: string, path: string, acceptEncoding: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const req = request(new URL(path, base), { headers: { 'Accept-Encoding': acceptEncoding } }, (res) => {
      res.resume();
      res.on('end', () => resolve(String(res.headers['content-encoding'] ?? 'identity')));
    });
    req.on('error', reject);
    req.end();
  });
}

const paths = ['/', `/letters/${letterSlug}/signatories/`, `/letters/${letterSlug}/signatories.csv`];
/** A reader's refusal: q=0, however the header is spelled (names and parameters are case-insensitive, spaces allowed around ;). */
const refusals: [string, string[]][] = [
  ['br;q=0', ['identity']],
  ['BR;Q=0', ['identity']],
  ['br;Q=0, gzip', ['gzip']],
  ['br ; q=0, gzip', ['gzip']],
  ['gzip, br;q=0.000', ['gzip']],
  ['br;q=0, *', ['gzip', 'deflate']],
  ['gzip;q=0, br;q=0', ['identity']],
];
const wishes: [string, string[]][] = [
  ['br', ['br']],
  ['gzip, deflate, br', ['br']],
  ['br;q=0.001', ['br']],
  ['gzip', ['gzip']],
];

describe('compression', () => {
  it.each(refusals)('never sends an encoding the reader refused: %s', async (accept, allowed) => {
    for (const path of paths) expect(allowed, `${path} ${accept}`).toContain(await encodingFor(server.url, path, accept));
  });

  it.each(wishes)('sends what the reader accepts: %s', async (accept, allowed) => {
    for (const path of paths) expect(allowed, `${path} ${accept}`).toContain(await encodingFor(server.url, path, accept));
  });

  it('behind deploy/nginx.conf, never asks the site for an encoding the reader refused', async () => {
    for (const [accept, allowed] of refusals) {
      for (const path of paths) expect([...allowed, 'identity'], `${path} ${accept}`).toContain(await encodingFor(proxy.url, path, accept));
    }
    for (const [accept, allowed] of wishes) expect(allowed, accept).toContain(await encodingFor(proxy.url, '/', accept));
  });
});
