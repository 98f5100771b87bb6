import { describe, expect, it } from 'vitest';
import { isAllowedHost, isLoopbackHost } from '#lib/http/allowed-host.ts';
import { isLoopback, resolveClientAddress, unreadableForwardedAddress } from '#lib/http/client-address.ts';
import { clientNetwork } from '#lib/limits/client-network.ts';

describe('a client, for limits', () => {
  it('is an IPv4 address, or the /64 of an IPv6 one, however it is written', () => {
    expect(clientNetwork('192.0.2.7')).toBe('192.0.2.7');
    expect(clientNetwork('::ffff:192.0.2.7')).toBe('192.0.2.7');
    const network = clientNetwork('2001:db8:1:2::1');
    for (const same of ['2001:db8:1:2:ffff:ffff:ffff:ffff', '2001:DB8:1:2::abcd', '2001:0db8:0001:0002:0:0:0:9']) expect(clientNetwork(same)).toBe(network);
    expect(clientNetwork('2001:db8:1:3::1')).not.toBe(network);
  });

  it('is taken from X-Forwarded-For only as far as the trusted proxies appended to it', () => {
    expect(resolveClientAddress('10.0.0.1', '203.0.113.9', 0)).toBe('10.0.0.1');
    expect(resolveClientAddress('10.0.0.1', 'forged, 203.0.113.9', 1)).toBe('203.0.113.9');
    expect(resolveClientAddress('10.0.0.1', 'forged, 203.0.113.9, 10.0.0.2', 2)).toBe('203.0.113.9');
    expect(resolveClientAddress('10.0.0.1', undefined, 1)).toBe('10.0.0.1');
  });

  it('reads each X-Forwarded-For entry as an address, its port dropped', () => {
    expect(resolveClientAddress('10.0.0.1', 'forged, 203.0.113.9:5678', 1)).toBe('203.0.113.9');
    expect(resolveClientAddress('10.0.0.1', '[2001:DB8::1]:443', 1)).toBe('2001:db8::1');
    expect(resolveClientAddress('10.0.0.1', '[2001:db8::1]', 1)).toBe('2001:db8::1');
    expect(resolveClientAddress('10.0.0.1', ' 2001:db8::1 ', 1)).toBe('2001:db8::1');
    // One client, however many ports it writes.
    const ports = new Set(Array.from({ length: 50 }, (_, port) => clientNetwork(resolveClientAddress('10.0.0.1', `203.0.113.9:${1000 + port}`, 1))));
    expect([...ports]).toEqual(['203.0.113.9']);
  });

  it('counts every X-Forwarded-For entry that is no address as one and the same client', () => {
    const junk = ['unknown', 'x1', 'x2', '203.0.113.9:port', '256.1.1.1', '[203.0.113.9]:80', '1.2.3.4:5:6', '[::1', 'evil.example'];
    const read = new Set(junk.map((entry) => resolveClientAddress('10.0.0.1', `forged, ${entry}`, 1)));
    expect([...read]).toEqual([unreadableForwardedAddress]);
    expect(isLoopback(unreadableForwardedAddress)).toBe(false);
  });

  it('is this machine only when it is a loopback address', () => {
    expect(['127.0.0.1', '127.8.9.10', '::1', '::ffff:127.0.0.1'].every(isLoopback)).toBe(true);
    expect(['192.0.2.1', '::2', '2001:db8::1', '127.0.0.1.evil'].some(isLoopback)).toBe(false);
  });
});

describe('the Host a request names', () => {
  const production = { siteUrl: new URL('https://letter.example.org'), production: true };
  const development = { siteUrl: new URL('http://localhost:4321'), production: false };
  it('must be SITE_URL’s in production', () => {
    expect(isAllowedHost('letter.example.org', production)).toBe(true);
    expect(isAllowedHost('LETTER.example.org', production)).toBe(true);
    expect(isAllowedHost('localhost:4321', production)).toBe(false);
    expect(isAllowedHost('letter.example.org.evil.example', production)).toBe(false);
    expect(isAllowedHost(undefined, production)).toBe(false);
  });
  it('may also be a loopback name on any port in development, nothing else', () => {
    expect(['localhost:4321', '127.0.0.1:5000', '[::1]:4321', 'localhost'].every((host) => isAllowedHost(host, development))).toBe(true);
    expect(isAllowedHost('rebound.evil.example', development)).toBe(false);
    expect(isAllowedHost('localhost.evil.example', development)).toBe(false);
  });
  it('names this machine only as localhost, 127.0.0.1 or [::1], with a port or none', () => {
    expect(['localhost', 'LOCALHOST:4321', '127.0.0.1:5173', '[::1]', '[::1]:4321'].every(isLoopbackHost)).toBe(true);
    expect(['localhost.evil.example', 'localhost:evil', 'localhost:', '127.0.0.1.nip.io', '[::1].evil', 'letter.example.org', '', undefined].some(isLoopbackHost)).toBe(false);
  });
});
