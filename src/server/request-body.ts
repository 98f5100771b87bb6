import type { IncomingMessage } from 'node:http';

/** The largest form we read: every field of the sign form at its limit fits several times over. */
export const bodyLimitBytes = 64 * 1024;
/** Past the limit a body is still read and dropped up to this size, so the client gets to read our 413. */
const drainLimitBytes = 1024 * 1024;

/**
 * Reads a request's body into memory before Astro sees it, so an oversized form gets a clean 413
 * that the browser can read (Astro's own limit tears the connection down mid-upload, which the
 * client sees as a reset, not an answer). The Node adapter takes a Buffer in `req.body` as the body.
 */
export function bufferBody(req: IncomingMessage): Promise<Buffer | 'too-large'> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let received = 0;
    req.on('data', (chunk: Buffer) => {
      received += chunk.length;
      if (received <= bodyLimitBytes) chunks.push(chunk);
      else if (received > drainLimitBytes) req.destroy();
    });
    req.on('end', () => resolve(received > bodyLimitBytes ? 'too-large' : Buffer.concat(chunks)));
    req.on('close', () => {
      if (!req.complete) resolve('too-large');
    });
    req.on('error', reject);
  });
}
