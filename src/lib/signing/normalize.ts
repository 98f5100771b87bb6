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
const word = (pattern: string) => `(?<![\\p{L}\\p{N}])(?:${pattern})(?![\\p{L}\\p{N}])`;
/** Any ending of a Russian or Kazakh word: "общественн~" is общественный, -ая, -ое, -ого… */
const stem = (start: string) => `${start}\\p{L}*`;
const phrase = (...words: string[]) => words.join('\\s+');

/**
 * Legal forms of Kazakhstan, Russia and Central Asia in Russian and Kazakh, full and abbreviated,
 * and the usual English ones. Generic words (общественный, частное, жеке, қоғамдық…) are dropped
 * only inside a whole phrase: "Общественное мнение" and "Жеке кәсіпкерлер одағы" keep them.
 * Longer phrases come first, so that the whole phrase goes rather than a part of it.
 */
const legalFormPhrases = [
  // Russian, full: the region or reach first, then the form.
  phrase(stem('(?:республиканск|региональн|межрегиональн|международн|местн|городск|областн|казахстанск)'), stem('общественн'), stem('(?:объединени|организаци|фонд)')),
  phrase(stem('(?:международн|республиканск)'), stem('благотворительн'), stem('фонд')),
  phrase(stem('автономн'), stem('некоммерческ'), stem('организаци')),
  phrase(stem('негосударственн'), stem('некоммерческ'), stem('организаци')),
  phrase(stem('некоммерческ'), stem('акционерн'), stem('обществ')),
  phrase('объединени\\p{L}*', 'юридических', 'лиц(?:\\s+в\\s+форме\\s+ассоциации)?'),
  phrase(stem('товариществ'), 'с', stem('ограниченн'), stem('ответственност')),
  phrase(stem('обществ'), 'с', stem('ограниченн'), stem('ответственност')),
  phrase(stem('общественн'), stem('(?:объединени|обьединени|организаци|фонд|учреждени)')),
  phrase(stem('корпоративн'), stem('фонд')),
  phrase(stem('благотворительн'), stem('(?:фонд|организаци)')),
  phrase(stem('частн'), stem('учреждени')),
  phrase(stem('некоммерческ'), stem('(?:организаци|партн[её]рств)')),
  phrase(stem('неправительственн'), stem('организаци')),
  phrase(stem('акционерн'), stem('обществ')),
  // Kazakh, full.
  phrase('(?:республикалық|халықаралық|аймақтық|облыстық|қалалық)', 'қоғамдық', '(?:бірлестігі|бірлестік|қоры|қор)'),
  phrase('заңды', 'тұлғалар(?:ының)?', '(?:бірлестігі|бірлестік)'),
  phrase('жауапкершілігі', 'шектеулі', '(?:серіктестігі|серіктестік)'),
  phrase('коммерциялық', 'емес', '(?:акционерлік\\s+қоғамы?|ұйымы?)'),
  phrase('қоғамдық', '(?:бірлестігі|бірлестік|қоры|қор|ұйымы?)'),
  phrase('корпоративтік', '(?:қоры|қор)'),
  phrase('қайырымдылық', '(?:қоры|қор)'),
  phrase('жеке', '(?:мекемесі|мекеме)'),
  phrase('акционерлік', '(?:қоғамы|қоғам)'),
  phrase('үкіметтік', 'емес', 'ұйымы?'),
  // Abbreviations: ОФ, ОО, РОО, МОО, ОЮЛ, КФ, ЧУ, АНО, НКО, ННО, НПО…; ҚҚ, ҚБ, ЖМ, ЖШС, КЕҰ, ҮЕҰ…
  'роо|моо|мооф|роф|моф|оф|оо|оюл|кф|бф|ано|нко|нно|нпо|нао|тоо|ао|ооо|рқб|хққ|ҚҚ|ҚБ|ЖМ|КҚ|ЗТБ|ЖШС|КЕҰ|ҮЕҰ',
  // Single words that are a form in themselves, as before, and the usual English forms.
  'фонд|ассоциация|қоры|қор|the|ngo|ong|inc|llc|ltd|gmbh|foundation|fund|association|public|union',
];
const legalForms = new RegExp(word(legalFormPhrases.join('|')), 'giu');
/** Forms that are also ordinary words in lower case ("но" is "but", "ақ" is "white", Чу a town): only in capitals. */
const capitalForms = new RegExp(word('НО|АҚ|ЧУ'), 'gu');

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
  const withoutForms = name.normalize('NFKD').replace(/\p{M}/gu, '').replace(capitalForms, ' ').replace(legalForms, ' ');
  return plain(confusableSkeleton(plain(confusableSkeleton(withoutForms))))
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

export const organizationKeyVersion = 3;

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
