import { describe, expect, it } from 'vitest';
import { isTarget2Day, suggestedCollectionDate } from './collection-date.ts';

const day = (date: string) => Date.parse(`${date}T00:00:00Z`);

describe('suggestedCollectionDate', () => {
  it('suggests the second TARGET2 business day after today', () => {
    expect(suggestedCollectionDate('2026-11-24')).toBe('2026-11-26'); // Tuesday → Thursday
    expect(suggestedCollectionDate('2026-11-26')).toBe('2026-11-30'); // Thursday → Monday
    expect(suggestedCollectionDate('2026-11-28')).toBe('2026-12-01'); // Saturday → Tuesday
  });

  it('passes over the TARGET2 holidays at the turn of the year and at Easter', () => {
    // 24.12.2026 Thursday; 25 and 26 December and 1 January closed.
    expect(suggestedCollectionDate('2026-12-23')).toBe('2026-12-28');
    expect(suggestedCollectionDate('2026-12-30')).toBe('2027-01-04');
    // Easter 2027: 28 March; Good Friday 26 March, Easter Monday 29 March.
    expect(suggestedCollectionDate('2027-03-24')).toBe('2027-03-30');
  });

  it('knows the closing days of TARGET2', () => {
    for (const closed of ['2027-01-01', '2026-04-03', '2026-04-06', '2026-05-01', '2026-12-25', '2026-12-26'])
      expect(isTarget2Day(day(closed)), closed).toBe(false);
    // 3 October is a German holiday, not one of TARGET2.
    for (const open of ['2026-12-24', '2026-12-31', '2025-10-03', '2026-04-02'])
      expect(isTarget2Day(day(open)), open).toBe(true);
  });
});
