import { describe, expect, it } from 'vitest';
import { letterStatus, statusDate } from '#lib/campaign/letter-status.ts';

const dates = {
  opensAt: new Date('2026-11-16T00:00:00Z'),
  closesAt: new Date('2027-06-30T23:59:59Z'),
};

describe('a letter’s status follows from its dates', () => {
  it('is upcoming before it opens', () => {
    expect(letterStatus(dates, new Date('2026-11-15T23:59:59Z'))).toBe('upcoming');
  });
  it('is open from the moment it opens until it closes', () => {
    expect(letterStatus(dates, dates.opensAt)).toBe('open');
    expect(letterStatus(dates, new Date('2027-06-30T23:59:58Z'))).toBe('open');
  });
  it('is closed from closesAt on', () => {
    expect(letterStatus(dates, dates.closesAt)).toBe('closed');
  });
  it('is delivered once deliveredAt has passed, and closed before that', () => {
    const delivered = { ...dates, deliveredAt: new Date('2027-07-15T10:00:00Z') };
    expect(letterStatus(delivered, new Date('2027-07-01T00:00:00Z'))).toBe('closed');
    expect(letterStatus(delivered, new Date('2027-07-15T10:00:00Z'))).toBe('delivered');
  });
  it('talks about the opening date while upcoming and the closing date while open', () => {
    expect(statusDate('upcoming', dates)).toEqual(dates.opensAt);
    expect(statusDate('open', dates)).toEqual(dates.closesAt);
    expect(statusDate('delivered', { ...dates, deliveredAt: new Date('2027-07-15') })).toEqual(new Date('2027-07-15'));
  });
});
