import { parse } from 'tldts';

/** Full stops that browsers and mail programs may read as a domain name's dot (ideographic, fullwidth, halfwidth). */
const otherDots = /[\u3002\uFF0E\uFF61]/g;
/** A scheme's slashes: http://, https://, ftp://, hxxp:// … (the scheme's name itself is not matched: that backtracks on long runs of letters). */
const scheme = /:\/\//;
/** www. at the start of a word. */
const www = /(?:^|[^\p{L}\p{N}_-])www\d{0,3}\./iu;
/**
 * Runs of letters, digits, `_`, `-` and dots: the candidates for a name such as `evil.example`
 * or `пример.рф`. One character class, so matching takes time in proportion to the text, also
 * for 20,000 characters of junk (a pattern of labels and dots backtracks quadratically).
 */
const word = /[\p{L}\p{N}_.-]+/gu;
/** A name inside such a run: at least two labels. */
const dotted = /[^.]\.[^.]/;
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
  for (const match of value.matchAll(word)) {
    const name = match[0].replace(/^[.-]+|[.-]+$/g, '');
    if (!dotted.test(name)) continue;
    if (linkTail.test(value.slice(match.index + match[0].length, match.index + match[0].length + 2))) return true;
    const parsed = parse(name.toLowerCase(), { allowPrivateDomains: false });
    if (parsed.isIp || (parsed.isIcann && parsed.domain)) return true;
  }
  return false;
}
