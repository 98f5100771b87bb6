import { EventEmitter } from 'node:events';

/**
 * Tells this process's outbox worker that mail was queued, so it goes out at once instead of at
 * the next poll. Mail is queued inside a write transaction, which is synchronous: the signal
 * is given on the next turn of the event loop, after that transaction has committed (or rolled
 * back, and then the worker simply finds nothing new).
 */
const queued = new EventEmitter();
let signalled = false;

export function mailQueued(): void {
  if (signalled) return;
  signalled = true;
  setImmediate(() => {
    signalled = false;
    queued.emit('queued');
  });
}

/** Calls `listener` after mail was queued in this process; returns how to stop. */
export function onMailQueued(listener: () => void): () => void {
  queued.on('queued', listener);
  return () => queued.off('queued', listener);
}
