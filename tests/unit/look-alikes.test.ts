import { describe, expect, it } from 'vitest';
import { confusableSkeleton, hasInvisibleCharacters, hasMixedScriptWord } from '#lib/signing/look-alikes.ts';
import { organizationKey, sameOrganization } from '#lib/signing/normalize.ts';
import { signInput } from '#lib/signing/sign-input.ts';

describe('names that only look right', () => {
  it('are found by their invisible characters', () => {
    for (const hidden of ['\u200B', '\u200C', '\u200D', '\u2060', '\uFEFF', '\u00AD', '\u3164', '\u115F', '\uFFA0', '\u034F', '\uFE0F', '\u202E', '\u2066']) {
      expect(hasInvisibleCharacters(`Human${hidden}Rights`), hidden.codePointAt(0)!.toString(16)).toBe(true);
    }
    expect(hasInvisibleCharacters('Human Rights Centre «Қазақстан»')).toBe(false);
  });

  it('are found by a word that mixes alphabets, while words in different alphabets side by side are fine', () => {
    expect(hasMixedScriptWord('Прaвовая инициатива')).toBe(true);
    expect(hasMixedScriptWord('Open Sоciety')).toBe(true);
    expect(hasMixedScriptWord('Αlpha')).toBe(true);
    expect(hasMixedScriptWord('Kazakhstan Қазақстан')).toBe(false);
    expect(hasMixedScriptWord('東京タワー 한국어漢字')).toBe(false);
    expect(hasMixedScriptWord('Ərkin Söz-2022')).toBe(false);
  });

  it('are refused by the sign form, each with its own message', () => {
    const form = { letter: 'l', country: 'KZ', orgType: 'ngo', listing: 'named', contactRole: 'Director', email: 'a@b.kz', consent: 'on' };
    const messages = (fields: Record<string, string>) => signInput.safeParse({ ...form, ...fields }).error?.issues.map((issue) => `${issue.path.join('.')}:${issue.message}`) ?? [];
    expect(messages({ organization: 'Human\u200BRights', contactName: 'Dana' })).toEqual(['organization:form.error.invisible']);
    expect(messages({ organization: 'Прaво', contactName: 'Dana' })).toEqual(['organization:form.error.mixedScript']);
    expect(messages({ organization: 'Право', contactName: 'Dаna' })).toEqual(['contactName:form.error.mixedScript']);
    expect(messages({ organization: 'Право', contactName: 'Dana' })).toEqual([]);
  });

  it('fold to the same key as the real one when written whole in look-alike letters', () => {
    expect(confusableSkeleton('АВС')).toBe(confusableSkeleton('ABC'));
    expect(organizationKey('АВС Media')).toBe(organizationKey('ABC Media'));
    expect(organizationKey('ＡＢＣ Ｍｅｄｉａ')).toBe(organizationKey('ABC Media'));
    expect(organizationKey('ОФ «Правовая инициатива»')).toBe(organizationKey('Правовая Инициатива'));
    expect(sameOrganization(organizationKey('School No. 12'), organizationKey('School No. 13'))).toBe(false);
  });
});
