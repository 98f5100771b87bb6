import { isIPv4, isIPv6 } from 'node:net';

/** The eight 16-bit groups of an IPv6 address, or undefined when it is not one. */
function ipv6Groups(address: string): string[] | undefined {
  const halves = address.split('::');
  if (halves.length > 2) return undefined;
  const split = (part: string | undefined) => (part ? part.split(':') : []);
  const head = split(halves[0]);
  const tail = split(halves[1]);
  const missing = 8 - head.length - tail.length;
  if (halves.length === 2 ? missing < 1 : missing !== 0) return undefined;
  return [...head, ...Array<string>(halves.length === 2 ? missing : 0).fill('0'), ...tail].map((group) => group.padStart(4, '0'));
}

/**
 * What one client is, for limits: an IPv4 address, or the /64 network of an IPv6 address (a
 * single home, phone or server gets a whole /64, so counting full addresses would let one
 * machine be an endless crowd). An IPv4 address written as IPv6 (::ffff:192.0.2.1) is that IPv4.
 */
export function clientNetwork(address: string): string {
  const plain = address.trim().toLowerCase().replace(/%.*$/, '');
  const mapped = plain.match(/^(?:::ffff:|::)(\d+\.\d+\.\d+\.\d+)$/)?.[1];
  if (mapped && isIPv4(mapped)) return mapped;
  if (isIPv4(plain)) return plain;
  if (!isIPv6(plain) || plain.includes('.')) return plain;
  const groups = ipv6Groups(plain);
  return groups ? `${groups.slice(0, 4).join(':')}::/64` : plain;
}
