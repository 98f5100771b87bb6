/**
 * The client's address as the server process sees it: behind `trustProxy` reverse proxies, the
 * entry the nearest of them appended to X-Forwarded-For; otherwise the socket's peer. Never an
 * address the client itself put in a header.
 */
export function resolveClientAddress(socketAddress: string | undefined, forwardedFor: string | string[] | undefined, trustProxy: number): string {
  const hops = (Array.isArray(forwardedFor) ? forwardedFor.join(',') : (forwardedFor ?? ''))
    .split(',')
    .map((hop) => hop.trim())
    .filter(Boolean);
  const fromProxy = trustProxy > 0 ? hops[hops.length - trustProxy] : undefined;
  return fromProxy ?? socketAddress ?? 'unknown';
}

/** Whether the address is this machine's own (127.0.0.0/8, ::1, or either written as IPv6). */
export function isLoopback(address: string): boolean {
  const plain = address.toLowerCase().replace(/^::ffff:/, '');
  return plain === '::1' || /^127(?:\.\d{1,3}){3}$/.test(plain);
}
