/** Set by src/server/main.ts on every request (any copy the client sent is dropped first). */
export const clientIpHeader = 'x-undersigned-client-ip';

/**
 * The client's address as the server process sees it: behind `trustProxy` reverse proxies, the
 * entry they appended to X-Forwarded-For; otherwise the socket's peer. Never the client's own claim.
 */
export function resolveClientIp(socketAddress: string | undefined, forwardedFor: string | string[] | undefined, trustProxy: number): string {
  const hops = (Array.isArray(forwardedFor) ? forwardedFor.join(',') : (forwardedFor ?? ''))
    .split(',')
    .map((hop) => hop.trim())
    .filter(Boolean);
  const fromProxy = trustProxy > 0 ? hops[hops.length - trustProxy] : undefined;
  return fromProxy ?? socketAddress ?? 'unknown';
}
