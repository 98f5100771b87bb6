import { getAppSecret } from '#lib/crypto/app-secret.ts';
import { signTimestamp } from '#lib/forms/form-timestamp.ts';
import { getDatabase } from './database.ts';

/** The signed render time for a sign form's hidden `started` field. */
export function formStartedStamp(now = new Date()): string {
  return signTimestamp(getAppSecret(getDatabase()), now);
}
