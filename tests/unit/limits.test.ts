import { describe, expect, it } from 'vitest';
import { consumeLimit } from '#lib/limits/consume-limit.ts';
import { tempDatabase } from './support/signing-context.ts';

const rule = { limit: 5, windowSeconds: 3600 };
const at = (iso: string) => new Date(iso);
const attempts = (db: ReturnType<typeof tempDatabase>, count: number, now: Date) =>
  Array.from({ length: count }, () => consumeLimit(db, 'client', rule, now));

describe('a rate limit', () => {
  it('allows its limit and refuses the next attempt', () => {
    const db = tempDatabase();
    expect(attempts(db, 6, at('2026-12-01T10:30:00Z'))).toEqual([true, true, true, true, true, false]);
  });

  it('is not reset by the hour turning: a full allowance spent at 10:59 still counts at 11:00', () => {
    const db = tempDatabase();
    expect(attempts(db, 5, at('2026-12-01T10:59:59Z')).every(Boolean)).toBe(true);
    expect(attempts(db, 5, at('2026-12-01T11:00:01Z'))).toEqual([false, false, false, false, false]);
  });

  it('frees the allowance gradually as the previous window slides out', () => {
    const db = tempDatabase();
    attempts(db, 4, at('2026-12-01T10:00:00Z'));
    // Halfway through the next hour, half of the 4 earlier attempts still count.
    expect(attempts(db, 4, at('2026-12-01T11:30:00Z'))).toEqual([true, true, true, false]);
    expect(attempts(db, 5, at('2026-12-01T13:00:00Z')).every(Boolean)).toBe(true);
  });

  it('keeps separate counts per key', () => {
    const db = tempDatabase();
    attempts(db, 5, at('2026-12-01T10:30:00Z'));
    expect(consumeLimit(db, 'someone-else', rule, at('2026-12-01T10:30:00Z'))).toBe(true);
  });
});
