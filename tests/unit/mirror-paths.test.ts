import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fileFor, pathInside } from '#lib/mirror/mirror-site.ts';

const site = 'http://localhost:4321';
const file = (path: string) => fileFor(new URL(path, site));

describe('the file a mirrored address is saved as', () => {
  it('is a file under the copy for an ordinary page, asset or query', () => {
    expect(file('/')).toBe('index.html');
    expect(file('/ru/letters/keep/')).toBe('ru/letters/keep/index.html');
    expect(file('/letters/keep/letter-kk.html')).toBe('letters/keep/letter-kk.html');
    expect(file('/letters/keep/signatories/?page=2')).toBe('letters/keep/signatories/page-2/index.html');
    expect(file('/%D0%BE-%D0%BD%D0%B0%D1%81/')).toBe('о-нас/index.html');
  });

  it.each([
    '/a/..%2F..%2F..%2Fpwned.mjs',
    '/a/..%2f..%2fpwned.mjs',
    '/a/..%5C..%5Cpwned.mjs',
    '/a/%5c/pwned.mjs',
    '/nul%00.mjs',
    '/broken%E0%A4%A.html',
    '/bad%zz/',
    '/a//b/',
  ])('is none for %s', (path) => {
    expect(file(path)).toBeUndefined();
  });

  it('never names a place outside the copy’s folder', () => {
    const out = join('/tmp', 'copy');
    expect(pathInside(out, 'ru/index.html')).toBe(join(out, 'ru/index.html'));
    for (const bad of ['../pwned.mjs', 'a/../../pwned.mjs', '/etc/passwd', '', '.']) expect(() => pathInside(out, bad), bad).toThrow(/not inside/);
    expect(pathInside(out, '..hidden/index.html')).toBe(join(out, '..hidden/index.html'));
  });
});
