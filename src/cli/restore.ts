/**
 * `npm run restore -- <replica-url> <file> [--timestamp 2026-12-03T04:15:00Z]`: the database as
 * Litestream replicated it (REPLICA_URL), latest or at a point in time, into a new file, checked
 * with `PRAGMA integrity_check`, mode 0600, never over an existing one. REPLICA_KEY_PATH (sftp)
 * and REPLICA_ENDPOINT (S3-compatible) are read from the environment or .env, as the server
 * reads them. The drill is in README.md, "Back up and restore".
 */
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import { ConfigError } from '#lib/config/config.ts';
import { loadEnvFile } from '#lib/config/load-env-file.ts';
import { requireLitestream } from '#lib/replication/litestream.ts';
import { RestoreError, restoreReplica } from '#lib/replication/restore-replica.ts';

const usage = 'Usage: npm run restore -- <replica-url> <file> [--timestamp 2026-12-03T04:15:00Z], e.g. npm run restore -- sftp://backup@host/undersigned ./data/undersigned.db\n';
let parsed;
try {
  parsed = parseArgs({ allowPositionals: true, options: { timestamp: { type: 'string' } } });
} catch (error) {
  process.stderr.write(`${(error as Error).message}\n${usage}`);
  process.exit(2);
}
const [replicaUrl, target, ...extra] = parsed.positionals;
if (!replicaUrl || !target || extra.length > 0 || !/^(?:file|sftp|s3):\/\/\S+$/.test(replicaUrl)) {
  process.stderr.write(usage);
  process.exit(2);
}

try {
  loadEnvFile();
  const started = Date.now();
  const binary = requireLitestream(fileURLToPath(new URL('../../', import.meta.url)));
  const restored = restoreReplica({
    binary,
    replicaUrl,
    target,
    timestamp: parsed.values.timestamp,
    keyPath: process.env.REPLICA_KEY_PATH,
    endpoint: process.env.REPLICA_ENDPOINT,
  });
  if (restored.stoppedBefore) {
    const { index, offset, uploadedAt } = restored.stoppedBefore;
    process.stdout.write(
      `The replica's newest upload (WAL ${index}, offset ${offset}, at ${uploadedAt}) was cut off, as when a machine is lost while uploading: ` +
        `restored up to just before it (changes of that last second or so are not in the copy).\n`,
    );
  }
  process.stdout.write(
    `Restored ${target} from the replica${parsed.values.timestamp ? ` as of ${parsed.values.timestamp}` : ''}: ` +
      `${(restored.bytes / 1024).toFixed(0)} KiB, ${restored.signatures} signatures, last change ${restored.lastChange ?? 'none'}, integrity ok, ` +
      `in ${((Date.now() - started) / 1000).toFixed(1)} s.\nStart the site on it: DATABASE_PATH=${target} npm start\n`,
  );
} catch (error) {
  if (!(error instanceof RestoreError || error instanceof ConfigError)) throw error;
  process.stderr.write(`${error.message}\n`);
  process.exit(1);
}
