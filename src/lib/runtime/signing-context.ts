import { getConfig } from '#lib/config/config.ts';
import { getCampaignForSigning, getLetterDirectory } from '#lib/content/letter-directory.ts';
import { getAppSecret } from '#lib/crypto/app-secret.ts';
import { deliveryDates } from '#lib/delivery/find-delivery.ts';
import type { SigningContext } from '#lib/signing/context.ts';
import { getDatabase } from './database.ts';

/** The signing context of this server at this moment: its database, address, secret and letters. */
export async function signingContext(now = new Date()): Promise<SigningContext> {
  const db = getDatabase();
  return {
    db,
    now,
    siteUrl: getConfig().siteUrl,
    secret: getAppSecret(db),
    letters: await getLetterDirectory(now, deliveryDates(db)),
    campaign: await getCampaignForSigning(),
  };
}
