/**
 * Continuous replication with Litestream 0.3.13, run as a supervised child of the server rather
 * than the server as Litestream's child (`litestream replicate -exec`): when a replica write fails
 * (a folder or an SFTP host gone for a moment), that Litestream can stop uploading for good
 * without a word, and hang on SIGTERM. Under -exec the only cure would be restarting the whole
 * site; here the server watches the replica's position and restarts Litestream alone.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { createServer } from 'node:net';
import { basename, dirname, join, resolve } from 'node:path';
import type { ReplicaConfig } from '#lib/config/config.ts';
import { litestreamConfig, litestreamConfigPath, writePrivately } from '#lib/replication/litestream.ts';
import { settings } from '#db/schema/index.ts';
import { write } from '#db/write.ts';
import type { Database } from '#db/client.ts';
import { reportReplication, reportReplicationOff } from '#lib/health/replication-status.ts';
import { log } from '#lib/log/logger.ts';

/** No progress for this long while changes wait: Litestream is restarted. Doubles per restart, up to maxStallMs. */
const stallMs = 15_000;
const maxStallMs = 5 * 60_000;
/** A Litestream that exited on its own is started again after this; doubles per exit, up to maxStallMs. */
const crashDelayMs = 1_000;
/** A Litestream asked to stop that has not after this is killed (0.3.13 can hang on SIGTERM). */
const killAfterMs = 3_000;
/** Litestream syncs first a second after it starts; until then SIGTERM makes it stop without uploading. */
const firstSyncMs = 2_500;

/** A WAL position: the index of a WAL file and a byte offset in it. */
type Position = { index: number; offset: number };
const behind = (a: Position, b: Position) => a.index < b.index || (a.index === b.index && a.offset < b.offset);
const same = (a: Position | undefined, b: Position | undefined) => a?.index === b?.index && a?.offset === b?.offset;

/**
 * What Litestream has copied out of the database: its newest shadow WAL file, by index and size.
 * (Its `shadow_wal_size` metric sums every shadow file: it is not a position.)
 */
export function shadowPosition(databasePath: string): (Position & { generation: string }) | undefined {
  const meta = join(dirname(resolve(databasePath)), `.${basename(databasePath)}-litestream`);
  try {
    const generation = readFileSync(join(meta, 'generation'), 'utf8').trim();
    const folder = join(meta, 'generations', generation, 'wal');
    const newest = readdirSync(folder).filter((name) => /^[0-9a-f]{8}\.wal$/.test(name)).sort().pop();
    if (!newest) return undefined;
    return { generation, index: parseInt(newest, 16), offset: statSync(join(folder, newest)).size };
  } catch {
    return undefined;
  }
}

/** The replica's position from Litestream's Prometheus metrics; it is known only after Litestream's first upload. */
async function replicaPosition(metricsPort: number): Promise<{ reachable: boolean; position?: Position }> {
  try {
    const text = await (await fetch(`http://127.0.0.1:${metricsPort}/metrics`, { signal: AbortSignal.timeout(900) })).text();
    const read = (name: string) => text.match(new RegExp(`^${name}\\{[^}]*\\} (\\S+)$`, 'm'))?.[1];
    const index = read('litestream_replica_wal_index');
    const offset = read('litestream_replica_wal_offset');
    return { reachable: true, position: index && offset ? { index: Number(index), offset: Number(offset) } : undefined };
  } catch {
    return { reachable: false };
  }
}

/** A TCP port on loopback that nothing listens on right now, for Litestream's metrics. */
function freeLoopbackPort(): Promise<number> {
  return new Promise((done, fail) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => done(port));
    });
    probe.on('error', fail);
  });
}

export type Replication = {
  /** Stops Litestream after its last upload (call after the database is closed); kills it if it takes longer than `withinMs`. */
  stop: (withinMs: number) => Promise<void>;
};

/**
 * Starts Litestream for `databasePath` and keeps it replicating: reads the replica's position
 * every second and reports the lag (replication-status.ts), restarts Litestream when the replica
 * has taken nothing for a while though changes wait, and restarts it when it exits.
 */
export function startReplication(options: { db: Database; databasePath: string; replica: ReplicaConfig; binary: string }): Replication {
  const { db, databasePath, replica, binary } = options;
  const configPath = litestreamConfigPath(databasePath);
  // Litestream's guidance: while it runs it checkpoints, so it never misses a WAL frame.
  db.$client.pragma('wal_autocheckpoint = 0');

  let child: ChildProcess | undefined;
  /** Litestreams this supervisor stopped itself: their exit is no crash. */
  const retired = new WeakSet<ChildProcess>();
  let exited: Promise<void> = Promise.resolve();
  let metricsPort = 0;
  let stopping = false;
  let restartTimer: NodeJS.Timeout | undefined;
  let lastProgressAt = Date.now();
  let launchedAt = Date.now();
  let stallLimitMs = stallMs;
  let crashDelay = crashDelayMs;
  let replicated: Position | undefined;
  let generation: string | undefined;
  /** Positions Litestream copied out of the database, each with when it was first seen, not yet on the replica. */
  let waiting: { at: number; position: Position }[] = [];
  const since = Date.now();

  const launch = async () => {
    restartTimer = undefined;
    if (stopping) return;
    metricsPort = await freeLoopbackPort();
    if (stopping) return;
    writePrivately(configPath, litestreamConfig(databasePath, replica, metricsPort));
    const command = ['replicate', '-config', configPath];
    // On Linux, if the server dies Litestream gets SIGTERM: it uploads what is left and stops.
    const setpriv = process.platform === 'linux' && existsSync('/usr/bin/setpriv') ? '/usr/bin/setpriv' : undefined;
    // stdout and stderr are the server's own: through a pipe, the server's death would kill it (SIGPIPE) before its last upload.
    const started = setpriv
      ? spawn(setpriv, ['--pdeathsig', 'TERM', '--', binary, ...command], { stdio: ['ignore', 'inherit', 'inherit'] })
      : spawn(binary, command, { stdio: ['ignore', 'inherit', 'inherit'] });
    child = started;
    launchedAt = lastProgressAt = Date.now();
    exited = new Promise((done) =>
      started.once('exit', (code, signal) => {
        if (child === started) child = undefined;
        if (!stopping && !retired.has(started)) {
          log.warn('replica.exited', { code, signal, restartInSeconds: crashDelay / 1000 });
          restartTimer = setTimeout(() => void launchSafely(), crashDelay);
          crashDelay = Math.min(crashDelay * 2, maxStallMs);
        }
        done();
      }),
    );
    started.on('error', (error) => log.error('replica.failed', { error }));
    log.info('replica.started', { pid: started.pid, metricsPort, config: configPath });
    // Litestream reports the replica's position only after an upload: one small write makes
    // one, so even an idle site learns at once whether its replica is current.
    try {
      write(db, (tx) =>
        tx
          .insert(settings)
          .values({ key: 'replica-started-at', value: new Date().toISOString() })
          .onConflictDoUpdate({ target: settings.key, set: { value: new Date().toISOString() } })
          .run(),
      );
    } catch (error) {
      // The next sign-up makes the upload instead; until then /healthz counts the lag from the start.
      log.warn('replica.mark_failed', { error });
    }
  };
  /** `launch`, retried with the crash backoff if even starting Litestream failed. */
  const launchSafely = () =>
    launch().catch((error: unknown) => {
      log.error('replica.start_failed', { error, retryInSeconds: crashDelay / 1000 });
      if (!stopping) restartTimer = setTimeout(() => void launchSafely(), crashDelay);
      crashDelay = Math.min(crashDelay * 2, maxStallMs);
    });

  /** SIGTERM (Litestream uploads what it can and stops), SIGKILL after `withinMs` if it hangs. */
  const terminate = async (running: ChildProcess, withinMs: number) => {
    retired.add(running);
    const gone = exited;
    running.kill('SIGTERM');
    const killer = setTimeout(() => running.kill('SIGKILL'), Math.max(0, withinMs));
    await gone;
    clearTimeout(killer);
  };

  const watch = async () => {
    if (stopping) return;
    const now = Date.now();
    const shadow = shadowPosition(databasePath);
    if (shadow && shadow.generation !== generation) {
      // A new generation starts from a snapshot: positions of the old one mean nothing.
      generation = shadow.generation;
      waiting = [];
      replicated = undefined;
    }
    if (shadow && !same(waiting.at(-1)?.position, shadow) && (!replicated || behind(replicated, shadow))) {
      waiting.push({ at: now, position: { index: shadow.index, offset: shadow.offset } });
      if (waiting.length > 100_000) waiting.splice(0, waiting.length - 100_000);
    }
    const metrics = child ? await replicaPosition(metricsPort) : { reachable: false };
    if (metrics.position && !same(metrics.position, replicated)) {
      replicated = metrics.position;
      lastProgressAt = now;
      stallLimitMs = stallMs;
      crashDelay = crashDelayMs;
    }
    if (replicated) {
      const position = replicated;
      waiting = waiting.filter((entry) => behind(position, entry.position));
    }
    const oldest = waiting[0]?.at ?? (replicated ? now : since);
    // Anything not yet on the replica counts as at least a second behind.
    const current = waiting.length === 0 && replicated !== undefined;
    reportReplication(current ? 0 : Math.max(1, Math.ceil((now - oldest) / 1000)), replica.maxLagSeconds);

    const pending = waiting.length > 0 || !replicated || !metrics.reachable;
    if (child && pending && now - lastProgressAt > stallLimitMs) {
      log.warn('replica.stalled', { secondsWithoutProgress: Math.round((now - lastProgressAt) / 1000), lagSeconds: Math.round((now - oldest) / 1000) });
      stallLimitMs = Math.min(stallLimitMs * 2, maxStallMs);
      const stuck = child;
      child = undefined;
      await terminate(stuck, killAfterMs);
      if (!stopping) void launchSafely();
    }
  };
  let watching = false;
  const watcher = setInterval(() => {
    if (watching) return;
    watching = true;
    void watch().finally(() => (watching = false));
  }, 1_000);
  watcher.unref();

  void launchSafely();
  log.info('replica.on', { databasePath, maxLagSeconds: replica.maxLagSeconds });

  return {
    stop: async (withinMs) => {
      stopping = true;
      clearInterval(watcher);
      if (restartTimer) clearTimeout(restartTimer);
      // Litestream makes its last upload on SIGTERM only once it has synced at least once (it
      // starts a second after launch): a server stopped sooner waits for that first upload.
      const deadline = Date.now() + withinMs;
      while (child && !replicated && Date.now() - launchedAt < firstSyncMs && Date.now() < deadline - killAfterMs) {
        const metrics = await replicaPosition(metricsPort);
        if (metrics.position) break;
        await new Promise((done) => setTimeout(done, 100));
      }
      // A replica that has taken nothing for a while will not take the last upload either: Litestream
      // gets a few seconds, not the whole budget (0.3.13 can hang on SIGTERM then).
      const stalled = (waiting.length > 0 || !replicated) && Date.now() - lastProgressAt > 5_000;
      const patience = Math.max(0, deadline - Date.now());
      if (child) await terminate(child, stalled ? Math.min(killAfterMs, patience) : patience);
      child = undefined;
      reportReplicationOff();
    },
  };
}
