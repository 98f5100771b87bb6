import { getConfig } from '#lib/config/config.ts';
import { isLoopbackHost } from '#lib/http/allowed-host.ts';
import { isLoopback } from '#lib/http/client-address.ts';
import { listDevMailbox, type KeptMail } from '#lib/mail/dev-mailbox.ts';
import { getDatabase } from './database.ts';

/**
 * Headers a proxy adds on the way. A browser on this machine sends none of them; a request that
 * carries one came through something that may be serving the whole internet, even when its
 * socket is loopback (a reverse proxy on the same machine, TRUST_PROXY=0).
 */
const forwarding = /^(?:x-forwarded-.+|forwarded|x-real-ip|via)$/i;

export function isLocalVisit(clientAddress: string, headers: Headers): boolean {
  if (!isLoopback(clientAddress) || !isLoopbackHost(headers.get('host') ?? undefined)) return false;
  for (const name of headers.keys()) if (forwarding.test(name)) return false;
  return true;
}

/**
 * The mail kept instead of sent, for /dev/mailbox. It holds live confirm and manage links and
 * staff sign-in links, so it exists only outside production, only while no SMTP server is
 * configured, and only for a visitor on this machine: a loopback socket, a loopback Host
 * (localhost, 127.0.0.1 or [::1]) and no forwarding header. Anyone else gets undefined (and the
 * page a 404).
 */
export function openDevMailbox(clientAddress: string, headers: Headers): KeptMail[] | undefined {
  const config = getConfig();
  if (config.production || config.mail.transport !== 'dev-mailbox' || !isLocalVisit(clientAddress, headers)) return undefined;
  return listDevMailbox(getDatabase());
}
