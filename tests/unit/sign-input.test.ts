import { describe, expect, it } from 'vitest';
import { signInput, normalizeWebsite } from '#lib/signing/sign-input.ts';

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
