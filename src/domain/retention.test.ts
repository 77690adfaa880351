import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays, type CalendarDate, calendarDate, yearOf } from './calendar-date.ts';
import { isRetentionOver, RETENTION_RULES, retentionEnd, retentionEndOfClass } from './retention.ts';

const d = (text: string) => text as CalendarDate;

describe('retention periods (§ 147 AO, § 257 HGB)', () => {
  it('counts from the end of the calendar year of the record', () => {
    // An invoice of 2 January and one of 31 December 2025 are both kept to the end of 2033.
    expect(retentionEnd(d('2025-01-02'), 8)).toBe('2033-12-31');
    expect(retentionEnd(d('2025-12-31'), 8)).toBe('2033-12-31');
    // A reminder of 2025 (a business letter) to the end of 2031.
    expect(retentionEndOfClass(d('2025-06-30'), 'business-letters')).toBe('2031-12-31');
    expect(retentionEndOfClass(d('2025-06-30'), 'booking-records')).toBe('2033-12-31');
    expect(retentionEndOfClass(null, 'booking-records')).toBeNull();
  });

  it('holds the periods of LAW-DE.md: booking records 8 years, business letters 6', () => {
    expect(RETENTION_RULES['booking-records'].years).toBe(8);
    expect(RETENTION_RULES['business-letters'].years).toBe(6);
  });

  it('allows erasure from the first day after the period, not on its last day', () => {
    expect(isRetentionOver(d('2033-12-31'), d('2033-12-31'))).toBe(false);
    expect(isRetentionOver(d('2033-12-31'), d('2034-01-01'))).toBe(true);
    expect(isRetentionOver(null, d('2026-03-16'))).toBe(true);
  });

  it('never ends a period before the record is N full years past its year', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1990, max: 2100 }), fc.integer({ min: 0, max: 364 }), (year, offset) => {
        const record = addDays(calendarDate(year, 1, 1), offset);
        const end = retentionEnd(record, 8);
        expect(yearOf(end)).toBe(yearOf(record) + 8);
        expect(end.endsWith('-12-31')).toBe(true);
      }),
    );
  });
});
