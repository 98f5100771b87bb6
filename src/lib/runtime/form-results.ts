import { getAppSecret } from '#lib/crypto/app-secret.ts';
import { saveFlash, takeFlash } from '#lib/forms/flash.ts';
import { getDatabase } from './database.ts';

/** The form-result store (see flash.ts) bound to this process's database, for the middleware. */
export const formResults = {
  keep: (payload: unknown, client: string) => {
    const db = getDatabase();
    return saveFlash(db, payload, { client, secret: getAppSecret(db) });
  },
  take: (cookie: string) => takeFlash(getDatabase(), cookie),
};
