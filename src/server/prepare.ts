import type { Config } from '#lib/config/config.ts';
import { migrateDatabase } from '#db/migrate.ts';
import { getAppSecret } from '#lib/crypto/app-secret.ts';
import { pruneFlashes } from '#lib/forms/flash.ts';
import { pruneLimits } from '#lib/limits/consume-limit.ts';
import { startOutboxWorker } from '#lib/mail/outbox-worker.ts';
import { createMailTransport } from '#lib/mail/transport.ts';
import { getDatabase } from '#lib/runtime/database.ts';
import { signingContext } from '#lib/runtime/signing-context.ts';
import { expireUnconfirmed } from '#lib/signing/expire-unconfirmed.ts';
import { refreshOrganizationKeys } from '#lib/signing/refresh-organization-keys.ts';
import { renewQueuedLink } from '#lib/signing/renew-queued-link.ts';
import { log } from '#lib/log/logger.ts';
import { pruneSessions } from '#lib/auth/session.ts';
import { pruneSignInLinks } from '#lib/auth/sign-in.ts';
import { sendStaffDigests } from '#lib/moderation/send-staff-digests.ts';
import { authContext } from '#lib/runtime/staff.ts';

const housekeepingMs = 10 * 60 * 1000;

/** With no SMTP server configured, a newcomer still needs the links: print them, and point at the mailbox page. */
function printKeptMail(config: Config) {
  return ({ to, subject, text }: { to: string; subject: string; text: string }) => {
    const links = text.match(/https?:\/\/\S+/g) ?? [];
    process.stdout.write(
      `\nMail kept in the dev mailbox (no SMTP_URL set): "${subject}" to ${to}\n` +
        links.map((link) => `  ${link}\n`).join('') +
        `  All mail: ${new URL('/dev/mailbox/', config.siteUrl).href}\n\n`,
    );
  };
}

/**
 * What the process needs before it serves a request: a migrated database with its secret, the
 * outbox worker, and housekeeping every ten minutes (unconfirmed sign-ups past their link,
 * expired limits and form results removed, the staff's daily digest). `root` is the project's folder (for the
 * migrations). Returns how to stop.
 */
export function prepareApp(config: Config, root: string): { stop: (withinMs: number) => Promise<void> } {
  const db = getDatabase();
  migrateDatabase(db, root);
  getAppSecret(db);
  const rekeyed = refreshOrganizationKeys(db);
  log.info('database.ready', { path: config.databasePath, ...(rekeyed ? { organizationKeysRefreshed: rekeyed } : {}) });

  const worker = startOutboxWorker({
    db,
    transport: createMailTransport(config),
    retrySeconds: config.mailRetrySeconds,
    maxAttempts: config.mailMaxAttempts,
    // Under a provider's rate limit, no more in flight than it takes in a second: none then waits long.
    concurrency: Math.min(config.mailConnections, config.mailRatePerSecond ?? Number.POSITIVE_INFINITY),
    messageIdHost: config.siteUrl.hostname,
    onKept: printKeptMail(config),
    refreshLink: async (mail, now) => renewQueuedLink(await signingContext(now), mail),
  });
  log.info('mail.ready', { transport: config.mail.transport });

  const keepHouse = () => {
    const removed = {
      unconfirmed: expireUnconfirmed(db),
      limits: pruneLimits(db),
      flashes: pruneFlashes(db),
      sessions: pruneSessions(db),
      signInLinks: pruneSignInLinks(db),
    };
    if (Object.values(removed).some((count) => count > 0)) log.info('housekeeping', removed);
    authContext()
      .then((context) => {
        const digests = sendStaffDigests(context);
        if (digests > 0) log.info('staff.digests_queued', { digests });
      })
      .catch((error: unknown) => log.error('staff.digests_failed', { error }));
  };
  keepHouse();
  const housekeeping = setInterval(keepHouse, housekeepingMs);
  housekeeping.unref();

  return {
    stop: async (withinMs) => {
      clearInterval(housekeeping);
      await worker.stop(withinMs);
    },
  };
}
