import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  addDays,
  type CalendarDate,
  daysInYear,
  fromEpochDay,
  parseCalendarDate,
  yearOf,
} from './calendar-date.ts';
import { DAY_COUNT_CONVENTIONS, lastDayOf, type YearFraction, yearFraction } from './day-count.ts';

const d = (text: string): CalendarDate => parseCalendarDate(text);

/** True when the fraction equals p/q exactly (cross-multiplied, no float). */
function equalsRatio(f: YearFraction, p: bigint, q: bigint): boolean {
  return f.numerator * q === p * f.denominator;
}

/** a/b + c/d as one fraction over b·d, to compare sums of year fractions exactly. */
function sum(a: YearFraction, b: YearFraction): { numerator: bigint; denominator: bigint } {
  return {
    numerator: a.numerator * b.denominator + b.numerator * a.denominator,
    denominator: a.denominator * b.denominator,
  };
}

// A period is [from, to): `from` is the first interest day, `to` the first day without interest.
describe('act/365', () => {
  it('counts actual days over 365: 1 January to 16 June 2024 is 167/365', () => {
    // January 31 + February 29 + March 31 + April 30 + May 31 + 15 days of June
    const f = yearFraction(d('2024-01-01'), d('2024-06-16'), 'act/365');
    expect(f).toEqual({ numerator: 167n, denominator: 365n, text: '167/365' });
  });

  it('gives a whole leap year 366/365', () => {
    expect(yearFraction(d('2024-01-01'), d('2025-01-01'), 'act/365').text).toBe('366/365');
    expect(yearFraction(d('2023-01-01'), d('2024-01-01'), 'act/365').text).toBe('365/365');
  });

  it('gives an empty period zero', () => {
    expect(yearFraction(d('2024-05-05'), d('2024-05-05'), 'act/365').numerator).toBe(0n);
  });
});

describe('act/act (ISDA)', () => {
  it('divides by 366 within a leap year and by 365 within a common year', () => {
    const leap = yearFraction(d('2024-01-01'), d('2024-06-16'), 'act/act');
    expect(leap.text).toBe('167/366');
    expect(equalsRatio(leap, 167n, 366n)).toBe(true);
    const common = yearFraction(d('2023-01-01'), d('2023-06-16'), 'act/act');
    expect(common.text).toBe('166/365');
    expect(equalsRatio(common, 166n, 365n)).toBe(true);
  });

  it('splits a period at the year boundary: 16 December 2023 to 31 January 2024 is 16/365 + 30/366', () => {
    // 16–31 December 2023 are 16 days of a common year; 1–30 January 2024 are 30 days of a leap year.
    const f = yearFraction(d('2023-12-16'), d('2024-01-31'), 'act/act');
    expect(f.text).toBe('16/365 + 30/366');
    expect(equalsRatio(f, 16n * 366n + 30n * 365n, 365n * 366n)).toBe(true);
  });

  it('splits a period from a leap year into a common year', () => {
    const f = yearFraction(d('2024-12-31'), d('2025-01-02'), 'act/act');
    expect(f.text).toBe('1/366 + 1/365');
    expect(equalsRatio(f, 365n + 366n, 365n * 366n)).toBe(true);
  });

  it('counts two years over three calendar years as exactly 2', () => {
    // 1 July to 31 December 2023: 184 days; all of 2024: 366; 1 January to 30 June 2025: 181.
    const f = yearFraction(d('2023-07-01'), d('2025-07-01'), 'act/act');
    expect(f.text).toBe('184/365 + 366/366 + 181/365');
    expect(equalsRatio(f, 2n, 1n)).toBe(true);
  });

  it('adds no empty part when the period ends on 1 January', () => {
    const f = yearFraction(d('2023-12-01'), d('2024-01-01'), 'act/act');
    expect(f.text).toBe('31/365');
    expect(equalsRatio(f, 31n, 365n)).toBe(true);
  });

  it('gives an empty period zero', () => {
    const f = yearFraction(d('2024-05-05'), d('2024-05-05'), 'act/act');
    expect(f.numerator).toBe(0n);
    expect(f.text).toBe('0/365');
  });

  it('gives every whole calendar year exactly 1 (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1000, max: 9998 }), (year) => {
        const from = d(`${year}-01-01`);
        const f = yearFraction(from, d(`${year + 1}-01-01`), 'act/act');
        expect(f.text).toBe(`${daysInYear(year)}/${daysInYear(year)}`);
        expect(equalsRatio(f, 1n, 1n)).toBe(true);
      }),
    );
  });
});

describe('30E/360', () => {
  it.each([
    ['2024-01-15', '2024-02-15', 30],
    ['2024-01-31', '2024-03-31', 60], // both 31st count as the 30th
    ['2024-01-30', '2024-03-31', 60],
    ['2024-03-31', '2024-04-30', 30],
    ['2024-05-31', '2024-06-01', 1],
    ['2024-02-28', '2024-03-31', 32], // 30E/360 does not stretch the end of February
    ['2024-02-29', '2024-03-01', 2],
    ['2023-12-31', '2024-01-31', 30],
    ['2024-01-01', '2025-01-01', 360], // a leap year is 360 days too
    ['2024-07-01', '2024-07-01', 0],
  ])('counts %s to %s as %i/360', (from, to, days) => {
    const f = yearFraction(d(from), d(to), '30E/360');
    expect(f).toEqual({ numerator: BigInt(days), denominator: 360n, text: `${days}/360` });
  });
});

describe('every convention', () => {
  it('offers act/365, act/act and 30E/360', () => {
    expect(DAY_COUNT_CONVENTIONS).toEqual(['act/365', 'act/act', '30E/360']);
  });

  it('is additive: [a, c) = [a, b) + [b, c) (property)', () => {
    const day = fc.integer({ min: 0, max: 40_000 }).map((n) => fromEpochDay(n)); // 1970 to 2079
    fc.assert(
      fc.property(
        fc.array(day, { minLength: 3, maxLength: 3 }),
        fc.constantFrom(...DAY_COUNT_CONVENTIONS),
        (days, convention) => {
          const [a, b, c] = [...days].sort() as [CalendarDate, CalendarDate, CalendarDate];
          const whole = yearFraction(a, c, convention);
          const parts = sum(yearFraction(a, b, convention), yearFraction(b, c, convention));
          expect(equalsRatio(whole, parts.numerator, parts.denominator)).toBe(true);
        },
      ),
    );
  });

  it('grows by one day per day, over 365 or the length of the year (act/365, act/act) (property)', () => {
    const day = fc.integer({ min: 0, max: 40_000 }).map((n) => fromEpochDay(n));
    fc.assert(
      fc.property(day, (from) => {
        const to = addDays(from, 1);
        expect(equalsRatio(yearFraction(from, to, 'act/365'), 1n, 365n)).toBe(true);
        expect(equalsRatio(yearFraction(from, to, 'act/act'), 1n, BigInt(daysInYear(yearOf(from))))).toBe(
          true,
        );
      }),
    );
  });
});

describe('lastDayOf', () => {
  it('shows the last interest day of a half-open period', () => {
    expect(lastDayOf(d('2024-03-01'))).toBe('2024-02-29');
    expect(lastDayOf(d('2025-01-01'))).toBe('2024-12-31');
  });
});
