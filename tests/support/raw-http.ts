import { connect } from 'node:net';

/**
 * Sends one HTTP/1.1 request with the target exactly as given (fetch and curl normalise paths such
 * as `//ru/…`; a proxy or an attacker need not) and returns the status and the raw answer.
 */
export function rawRequest(base: string, method: string, target: string, headers: Record<string, string> = {}): Promise<{ status: number; raw: string }> {
  const { hostname, port, host } = new URL(base);
  const lines = [`${method} ${target} HTTP/1.1`, 'Connection: close', ...Object.entries({ Host: host, ...headers }).map(([name, value]) => `${name}: ${value}`)];
  return new Promise((resolve, reject) => {
    const socket = connect({ host: hostname.replace(/^\[|\]$/g, ''), port: Number(port) }, () => socket.write(`${lines.join('\r\n')}\r\n\r\n`));
    let raw = '';
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => (raw += chunk));
    socket.on('end', () => resolve({ status: Number(/^HTTP\/1\.1 (\d{3})/.exec(raw)?.[1] ?? 0), raw }));
    socket.on('error', reject);
  });
}
