import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { itRunsUnderTheZone, TIME_ZONES } from '../../test/support/time-zones.ts';
import {
  addDays,
  addMonths,
  type CalendarDate,
  calendarDate,
  compareDates,
  dayOf,
  daysBetween,
  daysInMonth,
  daysInYear,
  endOfMonth,
  formatCalendarDate,
  fromEpochDay,
  isCalendarDate,
  isLeapYear,
  isoWeekday,
  maxDate,
  minDate,
  monthOf,
  parseCalendarDate,
  toEpochDay,
  yearOf,
} from './calendar-date.ts';
import { DomainError } from './domain-error.ts';

const d = (text: string): CalendarDate => parseCalendarDate(text);

/** Time zones far apart (UTC-8 to UTC+14): a date that depended on the machine's zone would shift. */
const FIRST_EPOCH_DAY = Date.UTC(1000, 0, 1) / 86_400_000;
const LAST_EPOCH_DAY = Date.UTC(9999, 11, 31) / 86_400_000;
const epochDay = fc.integer({ min: FIRST_EPOCH_DAY, max: LAST_EPOCH_DAY });
const anyDate = epochDay.map((n) => fromEpochDay(n));

describe.each(TIME_ZONES)('calendar dates under TZ=%s', (tz, offsetMinutesOnNewYear2024) => {
  beforeEach(() => {
    vi.stubEnv('TZ', tz);
  });
  afterEach(() => {
    vi.unstubAllEnvs();
  });

  itRunsUnderTheZone(offsetMinutesOnNewYear2024);

  describe('parsing', () => {
    it('accepts real dates, including 29 February in a leap year', () => {
      expect(parseCalendarDate('2024-02-29')).toBe('2024-02-29');
      expect(parseCalendarDate('2000-02-29')).toBe('2000-02-29');
      expect(parseCalendarDate('1000-01-01')).toBe('1000-01-01');
      expect(parseCalendarDate('9999-12-31')).toBe('9999-12-31');
      expect(parseCalendarDate(' 2024-01-16\n')).toBe('2024-01-16');
    });

    it.each([
      '2023-02-29', // 2023 is no leap year
      '1900-02-29', // divisible by 100 but not by 400
      '2024-02-30',
      '2024-04-31',
      '2024-13-01',
      '2024-00-10',
      '2024-01-00',
      '2024-01-32',
      '0999-12-31',
      '24-01-16',
      '2024-1-16',
      '2024/01/16',
      '16.01.2024',
      '2024-01-16T00:00:00Z',
      '',
    ])('rejects "%s"', (text) => {
      expect(isCalendarDate(text)).toBe(false);
      try {
        parseCalendarDate(text, 'invoice.dueDate');
        expect.unreachable();
      } catch (error) {
        expect(error).toBeInstanceOf(DomainError);
        expect((error as DomainError).code).toBe('invalid-date');
        expect((error as DomainError).path).toBe('invoice.dueDate');
        expect((error as DomainError).message).toContain(`"${text}"`);
      }
    });

    it('says no to things that are not strings', () => {
      expect(isCalendarDate(undefined)).toBe(false);
      expect(isCalendarDate(20240116)).toBe(false);
      expect(isCalendarDate(new Date(Date.UTC(2024, 0, 16)))).toBe(false);
    });

    it('builds a date from its parts and refuses a day the month does not have', () => {
      expect(calendarDate(2024, 1, 6)).toBe('2024-01-06');
      expect(() => calendarDate(2023, 2, 29)).toThrow(DomainError);
      expect(() => calendarDate(999, 1, 1)).toThrow(DomainError);
    });

    it('splits a date into year, month and day', () => {
      const date = d('2024-03-05');
      expect([yearOf(date), monthOf(date), dayOf(date)]).toEqual([2024, 3, 5]);
    });
  });

  describe('leap years and month lengths (Gregorian calendar)', () => {
    it.each([
      [2024, true],
      [2023, false],
      [2000, true],
      [1900, false],
      [2100, false],
      [2400, true],
    ])('%i is a leap year: %s', (year, leap) => {
      expect(isLeapYear(year)).toBe(leap);
      expect(daysInYear(year)).toBe(leap ? 366 : 365);
      expect(daysInMonth(year, 2)).toBe(leap ? 29 : 28);
    });

    it('knows the thirty-day months', () => {
      const lengths = Array.from({ length: 12 }, (_, i) => daysInMonth(2023, i + 1));
      expect(lengths).toEqual([31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]);
    });

    it('finds the last day of a month', () => {
      expect(endOfMonth(d('2024-02-10'))).toBe('2024-02-29');
      expect(endOfMonth(d('2023-02-01'))).toBe('2023-02-28');
      expect(endOfMonth(d('2024-12-31'))).toBe('2024-12-31');
    });
  });

  describe('epoch days', () => {
    it('counts days from 1970-01-01', () => {
      expect(toEpochDay(d('1970-01-01'))).toBe(0);
      expect(toEpochDay(d('1970-01-02'))).toBe(1);
      expect(toEpochDay(d('1969-12-31'))).toBe(-1);
      // 30 years of 365 days plus the leap days of 1972, 1976, …, 1996.
      expect(toEpochDay(d('2000-01-01'))).toBe(30 * 365 + 7);
      expect(fromEpochDay(30 * 365 + 7)).toBe('2000-01-01');
      expect(fromEpochDay(-1)).toBe('1969-12-31');
    });

    it('agrees with the UTC day number of the JavaScript Date (property)', () => {
      fc.assert(
        fc.property(anyDate, (date) => {
          const utc = Date.UTC(yearOf(date), monthOf(date) - 1, dayOf(date));
          expect(toEpochDay(date)).toBe(utc / 86_400_000);
        }),
      );
    });

    it('round-trips every day number between the years 1000 and 9999 (property)', () => {
      fc.assert(
        fc.property(epochDay, (n) => {
          const date = fromEpochDay(n);
          expect(isCalendarDate(date)).toBe(true);
          expect(toEpochDay(date)).toBe(n);
        }),
      );
    });

    it('round-trips date → day number → date (property)', () => {
      const parts = fc
        .tuple(
          fc.integer({ min: 1000, max: 9999 }),
          fc.integer({ min: 1, max: 12 }),
          fc.integer({ min: 1, max: 31 }),
        )
        .map(([y, m, day]) => calendarDate(y, m, Math.min(day, daysInMonth(y, m))));
      fc.assert(
        fc.property(parts, (date) => {
          expect(fromEpochDay(toEpochDay(date))).toBe(date);
        }),
      );
    });
  });

  describe('adding days', () => {
    it('crosses month, year and leap-day boundaries', () => {
      expect(addDays(d('2024-02-28'), 1)).toBe('2024-02-29');
      expect(addDays(d('2023-02-28'), 1)).toBe('2023-03-01');
      expect(addDays(d('2024-12-31'), 1)).toBe('2025-01-01');
      expect(addDays(d('2025-01-01'), -1)).toBe('2024-12-31');
      expect(addDays(d('2024-01-16'), 0)).toBe('2024-01-16');
      expect(addDays(d('2024-01-01'), 366)).toBe('2025-01-01');
    });

    it('counts the days between two dates, negative backwards', () => {
      expect(daysBetween(d('2024-02-28'), d('2024-03-01'))).toBe(2);
      expect(daysBetween(d('2023-02-28'), d('2023-03-01'))).toBe(1);
      expect(daysBetween(d('2024-03-01'), d('2024-02-28'))).toBe(-2);
      expect(daysBetween(d('2024-01-01'), d('2024-01-01'))).toBe(0);
    });

    it('undoes addDays(d, n) with addDays(…, -n) and counts n days between them (property)', () => {
      const shift = fc.integer({ min: -100_000, max: 100_000 });
      fc.assert(
        fc.property(
          anyDate.filter((date) => date >= '1300-01-01' && date <= '9700-01-01'),
          shift,
          (date, n) => {
            const moved = addDays(date, n);
            expect(addDays(moved, -n)).toBe(date);
            expect(daysBetween(date, moved)).toBe(n);
            expect(compareDates(moved, date)).toBe(Math.sign(n));
          },
        ),
      );
    });
  });

  describe('adding months (§188 Abs. 2, 3 BGB)', () => {
    it.each([
      ['2024-01-15', 1, '2024-02-15'],
      ['2024-12-15', 1, '2025-01-15'],
      ['2024-01-15', -1, '2023-12-15'],
      ['2024-01-15', 0, '2024-01-15'],
      ['2024-01-15', 24, '2026-01-15'],
      // §188 Abs. 3 BGB: the month has no such day, so the period ends on its last day.
      ['2024-01-31', 1, '2024-02-29'],
      ['2023-01-31', 1, '2023-02-28'],
      ['2024-03-31', 1, '2024-04-30'],
      ['2024-03-31', -1, '2024-02-29'],
      ['2024-02-29', 12, '2025-02-28'],
      ['2024-01-31', 13, '2025-02-28'],
      ['2024-08-31', 6, '2025-02-28'],
    ])('%s + %i months = %s', (start, months, end) => {
      expect(addMonths(d(start), months)).toBe(end);
    });

    it('counts from the start date, not from the clamped intermediate month', () => {
      expect(addMonths(d('2024-01-31'), 2)).toBe('2024-03-31');
      expect(addMonths(addMonths(d('2024-01-31'), 1), 1)).toBe('2024-03-29');
    });

    it('lands in the month n later, on the same day or the last day of that month (property)', () => {
      fc.assert(
        fc.property(
          anyDate.filter((date) => date >= '1100-01-01' && date <= '9800-12-31'),
          fc.integer({ min: -1200, max: 1200 }),
          (date, n) => {
            const result = addMonths(date, n);
            const monthIndex = (x: CalendarDate) => yearOf(x) * 12 + monthOf(x) - 1;
            expect(monthIndex(result) - monthIndex(date)).toBe(n);
            expect(dayOf(result)).toBe(Math.min(dayOf(date), daysInMonth(yearOf(result), monthOf(result))));
          },
        ),
      );
    });
  });

  describe('weekdays', () => {
    it.each([
      ['1970-01-01', 4], // a Thursday
      ['1969-12-31', 3],
      ['2024-01-01', 1],
      ['2023-12-31', 7],
      ['2000-02-29', 2],
      ['2025-12-25', 4],
      ['2025-03-15', 6],
    ])('%s is ISO weekday %i', (date, weekday) => {
      expect(isoWeekday(d(date))).toBe(weekday);
    });

    it('agrees with Date#getUTCDay (property)', () => {
      fc.assert(
        fc.property(anyDate, (date) => {
          const utcDay = new Date(Date.UTC(yearOf(date), monthOf(date) - 1, dayOf(date))).getUTCDay();
          expect(isoWeekday(date)).toBe(utcDay === 0 ? 7 : utcDay);
        }),
      );
    });
  });

  describe('ordering', () => {
    it('compares and picks the earliest and latest date', () => {
      expect(compareDates(d('2024-01-09'), d('2024-01-10'))).toBe(-1);
      expect(compareDates(d('2024-01-10'), d('2024-01-10'))).toBe(0);
      expect(compareDates(d('2025-01-01'), d('2024-12-31'))).toBe(1);
      expect(maxDate(d('2024-03-01'), d('2024-12-01'), d('2024-02-01'))).toBe('2024-12-01');
      expect(minDate(d('2024-03-01'), d('2024-12-01'), d('2024-02-01'))).toBe('2024-02-01');
      expect(maxDate(d('2024-03-01'))).toBe('2024-03-01');
    });
  });

  describe('formatting', () => {
    it('prints dd.mm.yyyy in German and "d Mon yyyy" in English', () => {
      expect(formatCalendarDate(d('2024-01-16'), 'de')).toBe('16.01.2024');
      expect(formatCalendarDate(d('2024-01-16'), 'en')).toBe('16 Jan 2024');
      expect(formatCalendarDate(d('2024-03-05'), 'de')).toBe('05.03.2024');
      expect(formatCalendarDate(d('2024-03-05'), 'en')).toBe('5 Mar 2024');
      expect(formatCalendarDate(d('2025-12-31'), 'en')).toBe('31 Dec 2025');
    });
  });
});
