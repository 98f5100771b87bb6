/**
 * An SFTP server on loopback for the recovery drills: Debian's openssh-server run by the test as
 * a process of its own, with its own configuration, host key and a throwaway client key, on a
 * free port. Nothing of the machine's own sshd is touched.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { userInfo } from 'node:os';
import { join } from 'node:path';
import { freePort } from '../support/server.ts';

export const sshdPath = process.env.SSHD_PATH ?? '/usr/sbin/sshd';

export type SftpServer = {
  /** A Litestream replica URL for `path` on this server. */
  url: (path: string) => string;
  /** The private key Litestream logs in with (REPLICA_KEY_PATH). */
  keyPath: string;
  /** Stops the server: the replica is gone until `start()`. */
  stop: () => Promise<void>;
  start: () => Promise<void>;
};

/** The processes started by `pid`, and theirs: sshd's sessions (each in a session of its own, so no group signal reaches them). */
function descendants(pid: number): number[] {
  const parents = new Map<number, number[]>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const ppid = Number(/^PPid:\s+(\d+)/m.exec(readFileSync(`/proc/${entry}/status`, 'utf8'))?.[1]);
      parents.set(ppid, [...(parents.get(ppid) ?? []), Number(entry)]);
    } catch {
      // gone meanwhile
    }
  }
  const found: number[] = [];
  const walk = (parent: number) => (parents.get(parent) ?? []).forEach((child) => (found.push(child), walk(child)));
  walk(pid);
  return found;
}

export async function startSftp(dir: string): Promise<SftpServer> {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const keyPath = join(dir, 'client_key');
  const hostKey = join(dir, 'host_key');
  for (const key of [keyPath, hostKey]) {
    if (!existsSync(key)) spawnSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', key], { stdio: 'ignore' });
  }
  writeFileSync(join(dir, 'authorized_keys'), readFileSync(`${keyPath}.pub`));
  chmodSync(join(dir, 'authorized_keys'), 0o600);
  // sshd started as root wants its privilege-separation folder.
  if (process.getuid?.() === 0) mkdirSync('/run/sshd', { recursive: true, mode: 0o755 });
  const port = await freePort();
  const config = join(dir, 'sshd_config');
  writeFileSync(
    config,
    [
      `Port ${port}`,
      'ListenAddress 127.0.0.1',
      `HostKey ${hostKey}`,
      `AuthorizedKeysFile ${join(dir, 'authorized_keys')}`,
      `PidFile ${join(dir, 'sshd.pid')}`,
      'PasswordAuthentication no',
      'KbdInteractiveAuthentication no',
      'PubkeyAuthentication yes',
      'PermitRootLogin prohibit-password',
      'UsePAM no',
      'StrictModes no',
      'Subsystem sftp internal-sftp',
      '',
    ].join('\n'),
  );
  let child: ChildProcess | undefined;
  const start = async () => {
    child = spawn(sshdPath, ['-D', '-e', '-f', config], { stdio: ['ignore', 'ignore', 'pipe'] });
    let said = '';
    child.stderr!.on('data', (chunk: Buffer) => (said += chunk.toString()));
    const deadline = Date.now() + 10_000;
    while (!said.includes('Server listening')) {
      if (child.exitCode !== null || Date.now() > deadline) throw new Error(`sshd did not start (${sshdPath}; apt-get install openssh-server):\n${said}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  };
  await start();
  const user = userInfo().username;
  return {
    url: (path) => `sftp://${user}@127.0.0.1:${port}${path}`,
    keyPath,
    start,
    stop: async () => {
      const running = child;
      if (!running || running.exitCode !== null) return;
      // The listener and every open session: the replica is gone, as when its host goes down.
      const sessions = descendants(running.pid!);
      const exited = new Promise((resolve) => running.once('exit', resolve));
      running.kill('SIGKILL');
      for (const pid of sessions) {
        try {
          process.kill(pid, 'SIGKILL');
        } catch {
          // already gone
        }
      }
      await exited;
    },
  };
}
