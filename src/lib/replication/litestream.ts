/** Litestream, the engine that streams SQLite's WAL to a replica: where its binary is, and its configuration. */
import { chmodSync, existsSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { basename, dirname, join, resolve } from 'node:path';
import { ConfigError, type ReplicaConfig } from '#lib/config/config.ts';

/** The Litestream binary that `npm ci` installed (optional dependency, Linux x64), or undefined. */
export function litestreamBinary(root: string): string | undefined {
  try {
    const manifest = createRequire(join(root, 'package.json')).resolve('@flydotio/litestream-linux-x64/package.json');
    const binary = join(dirname(manifest), 'litestream');
    return existsSync(binary) ? binary : undefined;
  } catch {
    return undefined;
  }
}

/** The Litestream binary, or a ConfigError saying how to get one. */
export function requireLitestream(root: string): string {
  const binary = litestreamBinary(root);
  if (binary) return binary;
  throw new ConfigError(
    'REPLICA_URL is set, but Litestream is not installed: it comes with the optional npm package @flydotio/litestream-linux-x64 ' +
      `(Linux x64 only; this is ${process.platform} ${process.arch}). On Linux x64 run \`npm ci\` again; elsewhere, unset REPLICA_URL ` +
      'and run the server on Linux for replication.',
  );
}

/**
 * Litestream's configuration for one database and one replica. The replica's address and key are
 * written as `${REPLICA_URL}`, `${REPLICA_KEY_PATH}`, `${REPLICA_ENDPOINT}`: Litestream expands
 * them from its environment, so no credential is ever written to a file.
 */
export function litestreamConfig(databasePath: string, replica: Pick<ReplicaConfig, 'keyPath' | 'endpoint'>, metricsPort?: number): string {
  return [
    ...(metricsPort ? [`addr: "127.0.0.1:${metricsPort}"`] : []),
    'logging:',
    '  type: json',
    'dbs:',
    `  - path: ${JSON.stringify(resolve(databasePath))}`,
    '    replicas:',
    '      - url: "${REPLICA_URL}"',
    '        snapshot-interval: 1h',
    '        retention: 24h',
    ...(replica.keyPath ? ['        key-path: "${REPLICA_KEY_PATH}"'] : []),
    ...(replica.endpoint ? ['        endpoint: "${REPLICA_ENDPOINT}"'] : []),
    '',
  ].join('\n');
}

/** Writes `content` to `path` readable by its owner only, also when the file was there with looser permissions. */
export function writePrivately(path: string, content: string): void {
  writeFileSync(path, content, { mode: 0o600 });
  chmodSync(path, 0o600);
}

/** Where Litestream's configuration goes: next to the database, in its 0700 folder. */
export const litestreamConfigPath = (databasePath: string) => join(dirname(resolve(databasePath)), `.${basename(databasePath)}-litestream.yml`);
