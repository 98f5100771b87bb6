import { parse } from 'tldts';

/** Full stops that browsers and mail programs may read as a domain name's dot (ideographic, fullwidth, halfwidth). */
const otherDots = /[\u3002\uFF0E\uFF61]/g;
/** A scheme with its slashes: http://, https://, ftp://, hxxp:// … */
const scheme = /[a-z][a-z0-9+.-]*:\/\//i;
/** www. at the start of a word. */
const www = /(?:^|[^\p{L}\p{N}_-])www\d{0,3}\./iu;
/** Labels joined by dots, such as `evil.example` or `пример.рф`, each with what follows it. */
const dottedName = /[\p{L}\p{N}_-]+(?:\.[\p{L}\p{N}_-]+)+/gu;
/** After a name, a path, query, fragment or port makes it a link whatever its ending. */
const linkTail = /^(?:[/?#\\]|:\d)/;

/**
 * Whether a name holds a web address a mail program would turn into a link: a scheme (`http://`),
 * `www.`, a dotted name followed by a path, query or port (`evil.example/path`), or a dotted name
 * that ends in a real top-level domain (`cheap-pills.com`, `пример.рф`) or is an IP address.
 * "St.Petersburg", "No.1" and "U.S." are not: their endings are no domain.
 */
export function hasWebAddress(text: string): boolean {
  const value = text.normalize('NFKC').replace(otherDots, '.');
  if (scheme.test(value) || www.test(value)) return true;
  for (const match of value.matchAll(dottedName)) {
    if (linkTail.test(value.slice(match.index + match[0].length))) return true;
    const name = parse(match[0].toLowerCase(), { allowPrivateDomains: false });
    if (name.isIp || (name.isIcann && name.domain)) return true;
  }
  return false;
}
