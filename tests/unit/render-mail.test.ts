import { describe, expect, it } from 'vitest';
import { quotedName, renderMail } from '#lib/mail/render-mail.ts';

const vars = (organization: string) => ({ organization, letter: 'Keep it on', campaign: 'Test campaign', site: 'letter.example.org', link: 'https://letter.example.org/confirm/?token=x' });

describe('a mail quoting the organization as typed', () => {
  it('quotes at most the first 80 characters of a long name, with an ellipsis', () => {
    const spam = `Buy cheap watches and more today ${'and even more '.repeat(12)}visit us`;
    expect(spam.length).toBeGreaterThan(150);
    const mail = renderMail('verify', 'en', vars(spam));
    const quoted = mail.text.match(/typed as “([^”]*)”/)![1]!;
    expect(quoted).toBe(`${spam.slice(0, 80).trimEnd()}…`);
    expect(mail.text).not.toContain('visit us');
    expect(mail.html).not.toContain('visit us');
  });

  it('quotes a name of 80 characters or fewer whole, in every language', () => {
    const name = 'Қазақстан халықаралық адам құқықтары және заңдылықты сақтау бюросы'.padEnd(80, '!');
    expect(name).toHaveLength(80);
    for (const locale of ['en', 'ru', 'kk'] as const) {
      const text = renderMail('confirmed', locale, { ...vars(name), published: true }).text;
      expect(text, locale).toMatch(new RegExp(`[“«]${name}[”»]`));
    }
  });

  it('never cuts a letter, an accent or an emoji in half', () => {
    const flags = '🇰🇿'.repeat(100);
    expect(quotedName(flags)).toBe(`${'🇰🇿'.repeat(80)}…`);
    const accents = 'e\u0301'.repeat(90);
    expect(quotedName(accents)).toBe(`${'e\u0301'.repeat(80)}…`);
  });
});
