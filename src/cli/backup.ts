/**
 * `npm run backup -- <file>`: a consistent copy of the database while the server runs, checked
 * with `PRAGMA integrity_check`. DATABASE_PATH (or .env) says which database. Restoring is in
 * README.md, "Back up and restore".
 */
import { ConfigError, readConfig } from '#lib/config/config.ts';
import { loadEnvFile } from '#lib/config/load-env-file.ts';
import { BackupError, backupDatabase } from '#lib/backup/backup-database.ts';

const target = process.argv[2];
if (!target || process.argv.length > 3) {
  process.stderr.write('Usage: npm run backup -- <file>, e.g. npm run backup -- /backups/undersigned-2026-11-28.db\n');
  process.exit(2);
}

try {
  loadEnvFile();
  const { databasePath } = readConfig();
  const { bytes, signatures } = await backupDatabase(databasePath, target);
  process.stdout.write(`Backed up ${databasePath} to ${target}: ${(bytes / 1024).toFixed(0)} KiB, ${signatures} signatures, integrity ok.\n`);
} catch (error) {
  if (!(error instanceof BackupError || error instanceof ConfigError)) throw error;
  process.stderr.write(`${error.message}\n`);
  process.exit(1);
}
