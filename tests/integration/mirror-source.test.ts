import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { createServer as createHttpServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { filesIn } from '../support/mirror.ts';
import { projectRoot } from '../support/server.ts';

/**
 * A source that is not our server: anyone on the path of a plain-http --from, or a server an
 * operator was pointed at. Every address answers 200, so whatever the mirror asks for, it gets.
 */
const pages: Record<string, string> = {
  '/': '<a href="/a/..%2F..%2F..%2F..%2Fpwned.mjs">encoded slashes</a> <a href="/a/..%2f..%2f..%2fpwned-lower.mjs">lower case</a> <a href="/ok/">a page</a>',
  '/ok/': [
    '<a href="/b/..%5C..%5C..%5C..%5Cpwned-backslash.mjs">encoded backslashes</a>',
    '<a href="/b/..\\..\\..\\..\\pwned-raw.mjs">backslashes</a>',
    '<a href="/%2e%2e/%2e%2e/%2e%2e/pwned-dots.mjs">encoded dots</a>',
    '<a href="/broken%E0%A4%A.html">a broken escape</a>',
    '<a href="/nul%00.mjs">NUL</a>',
    '<a href="http://[">not an address</a>',
    '<a href="/ok/more/">another page</a>',
  ].join(' '),
};
const asked: string[] = [];
function answer(req: IncomingMessage, res: ServerResponse) {
  asked.push(req.url ?? '');
  const path = (req.url ?? '/').split('?')[0]!;
  const html = pages[path] ?? (path.endsWith('.html') || path.endsWith('/') ? '<p>page</p>' : undefined);
  if (html === undefined) {
    res.writeHead(200, { 'Content-Type': 'text/javascript' }).end("console.log('pwned')\n");
    return;
  }
  res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' }).end(`<!doctype html><html lang="en"><body><main>${html}</main></body></html>`);
}

let work: string;
let http: Server;
let https: Server;
let certificate: string;
const listen = (server: Server) => new Promise<string>((resolve) => server.listen(0, '127.0.0.1', () => resolve(String((server.address() as AddressInfo).port))));

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'undersigned-mirror-source-'));
  certificate = join(work, 'cert.pem');
  const key = join(work, 'key.pem');
  execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', key, '-out', certificate, '-days', '1', '-subj', '/CN=localhost', '-addext', 'subjectAltName=DNS:localhost,IP:127.0.0.1'], { stdio: 'ignore' });
  http = createHttpServer(answer);
  https = createHttpsServer({ key: readFileSync(key), cert: readFileSync(certificate) }, answer);
  await Promise.all([listen(http), listen(https)]);
});
afterAll(async () => {
  await Promise.all([http, https].map((server) => new Promise((resolve) => server?.close(resolve))));
});

/**
 * Runs `npm run mirror`'s script into a folder three levels down in a fresh temporary folder.
 * Not spawnSync: the hostile source answers from this very process.
 */
async function mirror(from: string, env: Record<string, string> = {}) {
  const base = mkdtempSync(join(work, 'run-'));
  const out = join(base, 'one', 'two', 'three', 'copy');
  const child = spawn(process.execPath, ['src/cli/mirror.ts', out, '--from', from], {
    cwd: projectRoot,
    env: { PATH: process.env.PATH, DATABASE_PATH: join(base, 'unused.db'), ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.setEncoding('utf8').on('data', (text: string) => (output += text));
  child.stderr.setEncoding('utf8').on('data', (text: string) => (output += text));
  const status = await new Promise<number | null>((resolve) => child.on('close', resolve));
  return { base, out, status, output };
}
const origin = (server: Server, scheme: string) => `${scheme}://127.0.0.1:${(server.address() as AddressInfo).port}`;

describe('npm run mirror reading a hostile source', () => {
  it('writes nothing outside its folder, whatever the links say, and still copies the honest pages', async () => {
    const run = await mirror(origin(http, 'http'));
    const outside = filesIn(run.base).filter((file) => !file.startsWith(join('one', 'two', 'three', 'copy')));
    expect(outside).toEqual([]);
    expect(run.status, run.output).toBe(0);
    const copied = filesIn(run.out);
    expect(copied).toEqual(expect.arrayContaining(['index.html', 'ok/index.html', 'ok/more/index.html']));
    // A raw backslash and encoded dots are resolved by the URL parser itself, inside the copy.
    expect(copied.filter((file) => /pwned|broken|nul/.test(file)).sort()).toEqual(['pwned-dots.mjs', 'pwned-raw.mjs']);
    // The links that name no file of the copy lead to the site instead, and were never fetched.
    const home = readFileSync(join(run.out, 'index.html'), 'utf8');
    expect(home).toContain('href="http://localhost:4321/a/..%2F..%2F..%2F..%2Fpwned.mjs"');
    expect(home).toContain('href="ok/index.html"');
    expect(asked.filter((path) => /%2f|%5c|%00|broken/i.test(path))).toEqual([]);
    expect(run.output).toMatch(/links named no file a copy can hold/);
  });

  it('reads an https source, checking its certificate for the site’s name (the Host it asks for)', async () => {
    const trusted = await mirror(origin(https, 'https'), { NODE_EXTRA_CA_CERTS: certificate });
    expect(trusted.status, trusted.output).toBe(0);
    expect(filesIn(trusted.out)).toEqual(expect.arrayContaining(['index.html', 'ok/more/index.html']));
    expect(filesIn(trusted.base).every((file) => file.startsWith(join('one', 'two', 'three', 'copy')))).toBe(true);

    const untrusted = await mirror(origin(https, 'https'));
    expect(untrusted.status).toBe(1);
    expect(untrusted.output).toMatch(/^Could not copy the site from https:\/\/127\.0\.0\.1:\d+: self[- ]signed certificate/);
    expect(untrusted.output).not.toMatch(/\n\s+at /);
  });

  it('refuses a --from that is not an http or https address, with a message', async () => {
    for (const from of ['ftp://127.0.0.1/', 'not an address', 'file:///etc/passwd']) {
      const run = await mirror(from);
      expect(run.status, from).toBe(2);
      expect(run.output, from).toContain('--from must be an http or https address');
    }
  });
});
