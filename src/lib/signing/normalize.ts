import { confusableSkeleton } from './look-alikes.ts';

/** The address as typed, trimmed; the domain in lower case. */
export function splitEmail(email: string): { local: string; domain: string } {
  const at = email.lastIndexOf('@');
  return { local: email.slice(0, at), domain: email.slice(at + 1).toLowerCase() };
}

/**
 * The key two sign-ups from "the same address" share: case-folded, without a +tag
 * (ana+letter@ngo.org is ana@ngo.org), and with gmail's ignored dots removed.
 */
export function emailKey(email: string): string {
  const { local, domain } = splitEmail(email.trim().toLowerCase());
  let base = local.split('+')[0] ?? local;
  if (domain === 'gmail.com' || domain === 'googlemail.com') base = base.replaceAll('.', '');
  return `${base}@${domain === 'googlemail.com' ? 'gmail.com' : domain}`;
}

// Word boundaries by hand: \b only knows ASCII letters, and most names here are Cyrillic.
const legalForms =
  /(?<![\p{L}\p{N}])(?:the|ngo|ong|inc|llc|ltd|gmbh|foundation|fund|association|public|union|оф|оо|оюл|тоо|ао|ооо|фонд|общественное|обьединение|объединение|ассоциация|қоғамдық|бірлестігі|бірлестік|қоры|қор)(?![\p{L}\p{N}])/giu;

const plain = (text: string) => text.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase();

/**
 * An organization name reduced to what identifies it: compatibility forms folded (NFKC's
 * fullwidth and ligature letters), lower case, no accents, punctuation, quotes or common legal
 * forms, and look-alike letters folded to one skeleton. «ОФ "Правовая инициатива"», "Правовая
 * Инициатива" and "Прaвовая инициатива" with a Latin "a" all match. Bump `organizationKeyVersion`
 * when this changes: stored keys are then recomputed at start.
 */
export function organizationKey(name: string): string {
  // Folded before and after lower-casing: Cyrillic "Н" looks like Latin "H", but "н" does not look like "h".
  const withoutForms = name.normalize('NFKD').replace(/\p{M}/gu, '').replace(legalForms, ' ');
  return plain(confusableSkeleton(plain(confusableSkeleton(withoutForms))))
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

export const organizationKeyVersion = 2;

/** Levenshtein distance, for "near-identical" names; inputs are short, so the simple version is fine. */
function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, index) => index);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length]!;
}

const digits = (key: string) => key.replace(/\D+/g, ' ').trim();

/**
 * Two organization keys name the same organization: equal, or at most one typo apart per eight
 * letters. Numbers must match exactly: "School No. 12" and "School No. 13" are two schools.
 */
export function sameOrganization(a: string, b: string): boolean {
  if (!a || !b) return false;
  if (a === b) return true;
  if (digits(a) !== digits(b)) return false;
  const allowed = Math.floor(Math.max(a.length, b.length) / 8);
  return allowed > 0 && editDistance(a, b) <= allowed;
}

/** Lower-cased for search; SQLite's own case folding covers ASCII only, not Cyrillic. */
export function searchKey(name: string): string {
  return name.toLocaleLowerCase('ru').replace(/\s+/g, ' ').trim();
}
