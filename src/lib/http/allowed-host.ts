import type { Config } from '#lib/config/config.ts';

const localNames = new Set(['localhost', '127.0.0.1', '[::1]']);

/** Whether a Host header names this machine: localhost, 127.0.0.1 or [::1], on any port. */
export function isLoopbackHost(host: string | undefined): boolean {
  if (!host) return false;
  const requested = host.toLowerCase();
  const name = requested.startsWith('[') ? requested.slice(0, requested.indexOf(']') + 1) : requested.split(':')[0]!;
  const port = requested.slice(name.length);
  return localNames.has(name) && /^(?::\d{1,5})?$/.test(port);
}

/**
 * Whether a request's Host names this site: SITE_URL's host, or outside production any
 * loopback name (a local copy reached as localhost or 127.0.0.1 on any port). Anything else is
 * refused, so a web page that rebinds its own domain name to 127.0.0.1 cannot read a local copy
 * (its dev mailbox included), and a stray domain pointed at the server shows nothing.
 */
export function isAllowedHost(host: string | undefined, config: Pick<Config, 'siteUrl' | 'production'>): boolean {
  if (!host) return false;
  if (host.toLowerCase() === config.siteUrl.host) return true;
  return !config.production && isLoopbackHost(host);
}
