import { describe, expect, it } from 'vitest';
import { exampleCampaign, isPublicSite, unfinishedCampaignFields } from '#lib/content/campaign-readiness.ts';

const real = {
  organizer: { en: 'Adil Soz and partner organizations', ru: '«Адил Соз» и партнёрские организации', kk: '«Әділ сөз» және серіктес ұйымдар' },
  contactEmail: 'letter@campaign-team.kz',
};

describe('a campaign getting ready to go public', () => {
  it('lists every field still holding the shipped example, by its place in content/campaign.yaml', () => {
    expect(unfinishedCampaignFields(exampleCampaign).map((line) => line.split(' ')[0])).toEqual([
      'campaign.organizer.en', 'campaign.organizer.ru', 'campaign.organizer.kk', 'campaign.contactEmail',
    ]);
  });

  it('accepts its own organizer and a contact address nobody reserved for examples', () => {
    expect(unfinishedCampaignFields(real)).toEqual([]);
    for (const reserved of ['team@example.org', 'team@campaign.test', 'team@mail.example', 'team@x.invalid']) {
      expect(unfinishedCampaignFields({ ...real, contactEmail: reserved })).toHaveLength(1);
    }
  });

  it('counts only https on a real name as public', () => {
    expect(isPublicSite(new URL('https://letter.ngo.kz'))).toBe(true);
    for (const local of ['http://letter.ngo.kz', 'https://localhost:4321', 'https://127.0.0.1', 'https://[::1]:8443', 'https://site.localhost']) {
      expect(isPublicSite(new URL(local)), local).toBe(false);
    }
  });
});
