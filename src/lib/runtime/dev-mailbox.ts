import { getConfig } from '#lib/config/config.ts';
import { isLoopback } from '#lib/http/client-address.ts';
import { listDevMailbox, type KeptMail } from '#lib/mail/dev-mailbox.ts';
import { getDatabase } from './database.ts';

/**
 * The mail kept instead of sent, for /dev/mailbox. It holds live confirm and manage links, so it
 * exists only outside production, only while no SMTP server is configured, and only for a
 * visitor on this machine. Anyone else gets undefined (and the page a 404).
 */
export function openDevMailbox(clientAddress: string): KeptMail[] | undefined {
  const config = getConfig();
  if (config.production || config.mail.transport !== 'dev-mailbox' || !isLoopback(clientAddress)) return undefined;
  return listDevMailbox(getDatabase());
}
