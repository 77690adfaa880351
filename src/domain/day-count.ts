/**
 * @module day-count
 * Day-count conventions for interest. No statute prescribes one for default interest; the
 * common German practice is actual/365 (the default), with act/act and 30E/360 as settings.
 * A period is `[from, to)`: `from` is the first interest day, `to` the first day without.
 */
import {
  addDays,
  type CalendarDate,
  calendarDate,
  dayOf,
  daysBetween,
  daysInYear,
  monthOf,
  yearOf,
} from './calendar-date.ts';

export type DayCountConvention = 'act/365' | 'act/act' | '30E/360';

export const DAY_COUNT_CONVENTIONS: readonly DayCountConvention[] = ['act/365', 'act/act', '30E/360'];

/** An exact year fraction with a human-readable form such as `167/365` or `16/365 + 30/366`. */
export interface YearFraction {
  numerator: bigint;
  denominator: bigint;
  text: string;
}

/** 30E/360 (Eurobond basis): every month has 30 days, a 31st counts as the 30th. */
function days30E360(from: CalendarDate, to: CalendarDate): number {
  const d1 = Math.min(dayOf(from), 30);
  const d2 = Math.min(dayOf(to), 30);
  return (yearOf(to) - yearOf(from)) * 360 + (monthOf(to) - monthOf(from)) * 30 + (d2 - d1);
}

export function yearFraction(
  from: CalendarDate,
  to: CalendarDate,
  convention: DayCountConvention,
): YearFraction {
  switch (convention) {
    case 'act/365': {
      const days = daysBetween(from, to);
      return { numerator: BigInt(days), denominator: 365n, text: `${days}/365` };
    }
    case '30E/360': {
      const days = days30E360(from, to);
      return { numerator: BigInt(days), denominator: 360n, text: `${days}/360` };
    }
    case 'act/act': {
      // ISDA: the days falling into each calendar year count against that year's length.
      let numerator = 0n;
      const denominator = 365n * 366n;
      const parts: string[] = [];
      let start = from;
      while (start < to) {
        const nextYear = calendarDate(yearOf(start) + 1, 1, 1);
        const end = nextYear < to ? nextYear : to;
        const days = daysBetween(start, end);
        const length = daysInYear(yearOf(start));
        numerator += (BigInt(days) * denominator) / BigInt(length);
        parts.push(`${days}/${length}`);
        start = end;
      }
      return { numerator, denominator, text: parts.join(' + ') || '0/365' };
    }
  }
}

/** The last day of a half-open period, for display: `[from, to)` → `to - 1`. */
export function lastDayOf(to: CalendarDate): CalendarDate {
  return addDays(to, -1);
}
