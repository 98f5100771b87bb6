import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach } from 'vitest';
import type { RunningServer } from './server.ts';

/**
 * What a test started or made, undone after it in reverse order whether it passed or not:
 * `later(step)` for anything, `tempDir()` for a folder, `started(server)` for a server.
 */
export function cleanupAfterEach(prefix: string) {
  const steps: (() => unknown)[] = [];
  afterEach(async () => {
    for (const step of steps.splice(0).reverse()) await step();
  });
  const later = (step: () => unknown) => void steps.push(step);
  return {
    later,
    tempDir: () => {
      const dir = mkdtempSync(join(tmpdir(), prefix));
      later(() => rmSync(dir, { recursive: true, force: true }));
      return dir;
    },
    started: async (server: Promise<RunningServer>): Promise<RunningServer> => {
      const running = await server;
      later(() => running.stop());
      return running;
    },
  };
}
