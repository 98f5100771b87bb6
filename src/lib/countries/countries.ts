import { localeInfo, type Locale } from '#i18n/locales.ts';

/** ISO 3166-1 alpha-2 codes of every country and territory; names come from the runtime's ICU data. */
export const countryCodes = (
  'AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ BL BM BN BO BQ BR BS BT BV BW BY BZ ' +
  'CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ DE DJ DK DM DO DZ EC EE EG EH ER ES ET FI FJ FK FM FO FR ' +
  'GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GS GT GU GW GY HK HM HN HR HT HU ID IE IL IM IN IO IQ IR IS IT JE JM JO ' +
  'JP KE KG KH KI KM KN KP KR KW KY KZ LA LB LC LI LK LR LS LT LU LV LY MA MC MD ME MF MG MH MK ML MM MN MO MP MQ MR ' +
  'MS MT MU MV MW MX MY MZ NA NC NE NF NG NI NL NO NP NR NU NZ OM PA PE PF PG PH PK PL PM PN PR PS PT PW PY QA RE RO ' +
  'RS RU RW SA SB SC SD SE SG SH SI SJ SK SL SM SN SO SR SS ST SV SX SY SZ TC TD TF TG TH TJ TK TL TM TN TO TR TT TV ' +
  'TW TZ UA UG UM US UY UZ VA VC VE VG VI VN VU WF WS YE YT ZA ZM ZW'
).split(' ') as [string, ...string[]];

export function isCountryCode(value: string): boolean {
  return countryCodes.includes(value);
}

// Built once per language: a formatter is immutable, and building one per name is slow.
const regionNames = new Map<Locale, Intl.DisplayNames>();
const namesIn = (locale: Locale) => {
  let names = regionNames.get(locale);
  if (!names) regionNames.set(locale, (names = new Intl.DisplayNames([localeInfo[locale].intl], { type: 'region' })));
  return names;
};

/** A country's name in a language: countryName('KZ', 'kk') → 'Қазақстан'. */
export function countryName(code: string, locale: Locale): string {
  return namesIn(locale).of(code) ?? code;
}

// Sorted once per language: the list is the same for every page that shows the select.
const sortedOptions = new Map<Locale, readonly { code: string; name: string }[]>();

/** Every country for a select, in the alphabetical order of the reader's language. */
export function countryOptions(locale: Locale): readonly { code: string; name: string }[] {
  let options = sortedOptions.get(locale);
  if (!options) {
    const names = namesIn(locale);
    const collator = new Intl.Collator(localeInfo[locale].intl);
    options = countryCodes.map((code) => ({ code, name: names.of(code) ?? code })).sort((a, b) => collator.compare(a.name, b.name));
    sortedOptions.set(locale, options);
  }
  return options;
}
