import { AsyncLocalStorage } from 'node:async_hooks';
import type { ServerResponse } from 'node:http';

/**
 * Astro writes a streamed body to the socket as fast as the stream gives it, without waiting for
 * the socket (or the compressor in front of it) to drain. A long export to a slow client would
 * then sit in memory whole. The server marks each response here; a streaming route asks
 * `responseDrained()` for a function to await before it produces its next chunk.
 */
const requestDrain = new AsyncLocalStorage<() => Promise<void>>();

export function withBackpressure<T>(res: ServerResponse, handle: () => T): T {
  let full = false;
  const write = res.write;
  res.write = function (this: ServerResponse, ...args: Parameters<ServerResponse['write']>) {
    const accepted = write.apply(this, args);
    if (!accepted) full = true;
    return accepted;
  } as ServerResponse['write'];
  const drained = () =>
    !full || res.destroyed
      ? Promise.resolve()
      : new Promise<void>((resolve) => {
          const done = () => {
            full = false;
            res.off('close', done);
            resolve();
          };
          // compression forwards 'drain' listeners to its own stream, whose buffer is the one filling up.
          res.once('drain', done);
          res.once('close', done);
        });
  return requestDrain.run(drained, handle);
}

/** Resolves when the current response has room for more; at once outside the production server. */
export function responseDrained(): () => Promise<void> {
  return requestDrain.getStore() ?? (() => Promise.resolve());
}
