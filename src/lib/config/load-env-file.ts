import { existsSync } from 'node:fs';

/**
 * Reads `.env` from the working folder into the environment when there is one; variables set
 * in the real environment win. For `npm start` and the command-line tools; a supervisor such as
 * systemd sets the environment itself.
 */
export function loadEnvFile(path = '.env'): void {
  if (existsSync(path)) process.loadEnvFile(path);
}
