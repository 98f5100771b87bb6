import { createRequire } from 'node:module';
import { getDomain } from 'tldts';

/**
 * Regional providers the maintained lists below lack: an address there says nothing about an
 * organization either.
 */
const regional = ['mail.kz', 'inbox.kz', 'nursat.kz', 'kaznet.kz', 'yandex.ua', 'yandex.by', 'tut.by', 'i.ua', 'meta.ua', 'online.ua', 'mail.kg', 'mail.tj', 'mail.uz', 'box.az'];

let providers: Set<string> | undefined;

/**
 * Every domain where anyone can get an address: the ~8,700 mail providers of `email-providers`
 * and the ~120,000 disposable-mail domains of `disposable-email-domains` (both maintained on
 * npm), and the regional ones above. Read from node_modules on first use rather than bundled
 * into the server: together they are some 2 MB.
 */
function mailProviders(): Set<string> {
  if (!providers) {
    const require = createRequire(import.meta.url);
    providers = new Set([...(require('email-providers/all.json') as string[]), ...(require('disposable-email-domains/index.json') as string[]), ...regional]);
  }
  return providers;
}

/** Whether anyone can get an address at this domain (or at its registrable domain): a match with it proves nothing. */
export function isMailProvider(domain: string): boolean {
  const name = domain.toLowerCase();
  const registrable = getDomain(name);
  return mailProviders().has(name) || (registrable !== null && mailProviders().has(registrable));
}
