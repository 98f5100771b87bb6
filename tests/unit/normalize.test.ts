import { describe, expect, it } from 'vitest';
import { emailKey, organizationKey, sameOrganization } from '#lib/signing/normalize.ts';
import { trustSignal } from '#lib/signing/trust-signal.ts';

describe('recognizing the same address', () => {
  it('ignores case, +tags and gmail’s dots', () => {
    expect(emailKey(' Ana+Letter@NGO.kz ')).toBe('ana@ngo.kz');
    expect(emailKey('a.n.a@googlemail.com')).toBe('ana@gmail.com');
    expect(emailKey('a.n.a@ngo.kz')).toBe('a.n.a@ngo.kz');
  });
});

describe('recognizing the same organization', () => {
  it('ignores legal forms, quotes, punctuation and case in Latin and Cyrillic names', () => {
    expect(organizationKey('ОФ «Правовая инициатива»')).toBe(organizationKey('правовая инициатива'));
    expect(organizationKey('The Open Steppe Foundation, Inc.')).toBe(organizationKey('Open Steppe'));
    expect(organizationKey('«Еркін сөз» қоғамдық қоры')).toBe(organizationKey('Еркін сөз'));
  });
  it.each([
    ['Общественный фонд «Степные права»', 'ОФ «Степные права»'],
    ['Общественное объединение «Степные права»', 'ОО «Степные права»'],
    ['Общественная организация «Степные права»', 'Степные права'],
    ['Республиканское общественное объединение «Степные права»', 'РОО «Степные права»'],
    ['Международное общественное объединение «Степные права»', 'МОО «Степные права»'],
    ['Объединение юридических лиц «Степные права»', 'ОЮЛ «Степные права»'],
    ['Объединение юридических лиц в форме ассоциации «Степные права»', 'Степные права'],
    ['Корпоративный фонд «Степные права»', 'КФ «Степные права»'],
    ['Частное учреждение «Степные права»', 'ЧУ «Степные права»'],
    ['Автономная некоммерческая организация «Степные права»', 'АНО «Степные права»'],
    ['Некоммерческая организация «Степные права»', 'НКО «Степные права»'],
    ['НО «Степные права»', 'Степные права'],
    ['Негосударственная некоммерческая организация «Степные права»', 'ННО «Степные права»'],
    ['Благотворительный фонд «Степные права»', 'Степные права'],
    ['Товарищество с ограниченной ответственностью «Степные права»', 'ТОО «Степные права»'],
    ['«Дала құқығы» қоғамдық қоры', 'ҚҚ «Дала құқығы»'],
    ['«Дала құқығы» қоғамдық бірлестігі', 'ҚБ «Дала құқығы»'],
    ['«Дала құқығы» жеке мекемесі', 'ЖМ «Дала құқығы»'],
    ['«Дала құқығы» корпоративтік қоры', 'Дала құқығы'],
    ['«Дала құқығы» заңды тұлғалар бірлестігі', 'Дала құқығы'],
    ['«Дала құқығы» жауапкершілігі шектеулі серіктестігі', 'ЖШС «Дала құқығы»'],
    ['«Дала құқығы» акционерлік қоғамы', 'АҚ «Дала құқығы»'],
    ['Республикалық қоғамдық бірлестік «Дала құқығы»', 'Дала құқығы'],
  ])('folds the legal form: %s is %s', (full, short) => {
    expect(organizationKey(full)).toBe(organizationKey(short));
    expect(sameOrganization(organizationKey(full), organizationKey(short))).toBe(true);
  });

  it.each([
    // Generic words stay when they are not part of a whole legal form.
    ['Общественное мнение', 'Мнение'],
    ['Частная школа «Болашак»', 'Школа «Болашак»'],
    ['Жеке кәсіпкерлер одағы', 'Кәсіпкерлер одағы'],
    ['Қоғамдық пікір', 'Пікір'],
    // "Но" and "ақ" are ordinary words in lower case; Чу is a town.
    ['Ақ жол', 'Жол'],
    ['Пусть, но правда', 'Пусть правда'],
    ['Фонд развития города Чу', 'Фонд развития города'],
    // Different organizations with the same legal form stay different.
    ['ОФ «Степные права»', 'ОФ «Горные права»'],
    ['Общественный фонд «Правовая инициатива»', 'Общественный фонд «Правовая защита»'],
    ['«Еркін сөз» қоғамдық қоры', '«Еркін ой» қоғамдық қоры'],
    ['Международное общественное объединение «Адилет»', 'Частное учреждение «Адилет-2»'],
  ])('keeps %s apart from %s', (a, b) => {
    expect(sameOrganization(organizationKey(a), organizationKey(b))).toBe(false);
  });

  it('accepts a typo but not a different name or a different number', () => {
    expect(sameOrganization(organizationKey('Kazakhstan Bureau for Human Rights'), organizationKey('Kazakstan Bureau for Human Rights'))).toBe(true);
    expect(sameOrganization(organizationKey('Adil Soz'), organizationKey('Adil Zan'))).toBe(false);
    expect(sameOrganization(organizationKey('School No. 12 Almaty'), organizationKey('School No. 13 Almaty'))).toBe(false);
  });
});

describe('the trust signal staff see', () => {
  it('matches an address at the website’s domain or a subdomain of it', () => {
    expect(trustSignal('hrw.kz', 'https://www.hrw.kz/')).toBe('domain-match');
    expect(trustSignal('mail.hrw.kz', 'https://hrw.kz/')).toBe('domain-match');
    expect(trustSignal('other.kz', 'https://hrw.kz/')).toBe('domain-mismatch');
    expect(trustSignal('gmail.com', 'https://hrw.kz/')).toBe('free-mail');
    expect(trustSignal('hrw.kz', undefined)).toBe('no-website');
  });
});
