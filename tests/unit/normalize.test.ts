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
