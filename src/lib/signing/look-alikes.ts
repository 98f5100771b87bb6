import { rectifyConfusion } from 'unicode-confusables';

/**
 * Characters that show nothing: every format character (Unicode category Cf: zero-width space
 * and joiners, word joiner, BOM, soft hyphen, direction marks and overrides…), the Hangul
 * fillers, the combining grapheme joiner, variation selectors and the blank braille pattern.
 * In a name they make a second, visually identical "Human Rights Centre" possible.
 */
const invisible = /[\p{Cf}\u115F\u1160\u3164\uFFA0\u034F\u180B-\u180D\u180F\uFE00-\uFE0F\u2800\u{E0100}-\u{E01EF}]/u;

export function hasInvisibleCharacters(text: string): boolean {
  return invisible.test(text);
}

const scripts = [
  'Latin', 'Cyrillic', 'Greek', 'Armenian', 'Georgian', 'Arabic', 'Hebrew', 'Han', 'Hiragana', 'Katakana', 'Hangul',
  'Bopomofo', 'Thai', 'Devanagari', 'Bengali', 'Tamil', 'Ethiopic', 'Mongolian', 'Tibetan',
].map((name) => ({ name, pattern: new RegExp(`\\p{Script=${name}}`, 'u') }));

/** Scripts that are written together within one word. */
const partners = [new Set(['Han', 'Hiragana', 'Katakana']), new Set(['Han', 'Hangul']), new Set(['Han', 'Bopomofo'])];

/** Letters of no particular script (the Japanese long-vowel mark "ー", say) go with any. */
const anyScript = /[\p{Script=Common}\p{Script=Inherited}]/u;

function scriptOf(letter: string): string | undefined {
  if (anyScript.test(letter)) return undefined;
  return scripts.find(({ pattern }) => pattern.test(letter))?.name ?? 'other';
}

/**
 * Whether some word mixes scripts, such as a Latin "a" inside a Cyrillic word ("Прaво"): the
 * classic look-alike. Words in different scripts side by side ("Kazakhstan Қазақстан") are fine.
 */
export function hasMixedScriptWord(text: string): boolean {
  for (const word of text.normalize('NFC').split(/[^\p{L}\p{M}]+/u)) {
    const used = new Set(Array.from(word.replace(/\p{M}/gu, ''), scriptOf).filter((script) => script !== undefined));
    if (used.size > 1 && !partners.some((together) => [...used].every((script) => together.has(script)))) return true;
  }
  return false;
}

/**
 * A name folded to its look-alike skeleton (Unicode TS #39 confusables): Cyrillic "а" and
 * Latin "a", fullwidth "Ｈ" and "H" become the same letter, so "Нumаn Rights" and "Human
 * Rights" compare equal. Digits are left alone: "No. 10" and "No. 1O" still differ by their digits.
 */
export function confusableSkeleton(text: string): string {
  return Array.from(text, (character) => (/\p{L}/u.test(character) ? rectifyConfusion(character) : character)).join('');
}
