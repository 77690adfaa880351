import { describe, expect, it } from 'vitest';
import { addDays, daysBetween, isCalendarDate } from './calendar.ts';

describe('calendar dates', () => {
  it('adds days across months, years and leap days', () => {
    expect(addDays('2026-03-16', 14)).toBe('2026-03-30');
    expect(addDays('2026-03-16', 31)).toBe('2026-04-16');
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addDays('2028-02-28', 1)).toBe('2028-02-29');
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
  });

  it('counts days between two dates, also over the change to summer time', () => {
    expect(daysBetween('2026-03-16', '2026-03-16')).toBe(0);
    expect(daysBetween('2026-03-20', '2026-04-02')).toBe(13);
    expect(daysBetween('2026-04-02', '2026-03-20')).toBe(-13);
  });

  it('knows real dates from text that only looks like one', () => {
    expect(isCalendarDate('2026-02-28')).toBe(true);
    expect(isCalendarDate('2026-02-30')).toBe(false);
    expect(isCalendarDate('16.03.2026')).toBe(false);
    expect(isCalendarDate('')).toBe(false);
    expect(() => addDays('morgen', 1)).toThrow(/not a calendar date/);
  });
});
