import { isIP } from 'node:net';

/**
 * What an X-Forwarded-For entry that is no address counts as: one client for all of them, so
 * that junk (`unknown`, `x1`, `x2`…) cannot make a crowd out of one sender.
 */
export const unreadableForwardedAddress = 'unreadable-forwarded-for';

/**
 * One X-Forwarded-For entry as an address, its port dropped: `1.2.3.4:5678` → `1.2.3.4`,
 * `[2001:db8::1]:443` → `2001:db8::1`. Undefined when it is not an IPv4 or IPv6 address.
 */
export function forwardedAddress(entry: string): string | undefined {
  const value = entry.trim();
  const bracketed = /^\[([^\]]+)\](?::\d{1,5})?$/.exec(value)?.[1];
  const candidate = bracketed ?? /^(\d{1,3}(?:\.\d{1,3}){3}):\d{1,5}$/.exec(value)?.[1] ?? value;
  const version = isIP(candidate);
  if (version === 0 || (bracketed !== undefined && version !== 6)) return undefined;
  return candidate.toLowerCase();
}

/**
 * The client's address as the server process sees it: behind `trustProxy` reverse proxies, the
 * entry the nearest of them appended to X-Forwarded-For, read as an address (port dropped; an
 * entry that is none counts as one shared client); otherwise the socket's peer. Never an address
 * the client itself put in a header.
 */
export function resolveClientAddress(socketAddress: string | undefined, forwardedFor: string | string[] | undefined, trustProxy: number): string {
  const hops = (Array.isArray(forwardedFor) ? forwardedFor.join(',') : (forwardedFor ?? ''))
    .split(',')
    .map((hop) => hop.trim())
    .filter(Boolean);
  const fromProxy = trustProxy > 0 ? hops[hops.length - trustProxy] : undefined;
  if (fromProxy !== undefined) return forwardedAddress(fromProxy) ?? unreadableForwardedAddress;
  return socketAddress ?? 'unknown';
}

/** Whether the address is this machine's own (127.0.0.0/8, ::1, or either written as IPv6). */
export function isLoopback(address: string): boolean {
  const plain = address.toLowerCase().replace(/^::ffff:/, '');
  return plain === '::1' || /^127(?:\.\d{1,3}){3}$/.test(plain);
}
