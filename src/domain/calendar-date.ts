/**
 * @module calendar-date
 * A calendar date without time or zone, as the law and the bank know it: `YYYY-MM-DD`.
 * It is a branded string, so it sorts and compares as text, goes into JSON and the database
 * `date` type unchanged, and arithmetic goes through a day number (days since 1970-01-01)
 * with integer formulas — no `Date`, so the machine's time zone can never shift a due date.
 */
import { DomainError } from './domain-error.ts';

export type CalendarDate = string & { readonly __calendarDate: unique symbol };

const DATE_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;

export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

export function daysInMonth(year: number, month: number): number {
  return month === 2 ? (isLeapYear(year) ? 29 : 28) : [4, 6, 9, 11].includes(month) ? 30 : 31;
}

export function daysInYear(year: number): number {
  return isLeapYear(year) ? 366 : 365;
}

/** True for a real date in the form YYYY-MM-DD (years 1000–9999). */
export function isCalendarDate(text: unknown): text is CalendarDate {
  if (typeof text !== 'string') return false;
  const m = DATE_PATTERN.exec(text);
  if (!m) return false;
  const year = Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  return year >= 1000 && month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month);
}

export function parseCalendarDate(text: string, field = 'date'): CalendarDate {
  const trimmed = text.trim();
  if (!isCalendarDate(trimmed)) {
    throw new DomainError('invalid-date', `${field}: expected a date as YYYY-MM-DD, got "${text}"`, {
      path: field,
    });
  }
  return trimmed;
}

export function calendarDate(year: number, month: number, day: number): CalendarDate {
  const text = `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
  return parseCalendarDate(text);
}

// Digits are read with charCodeAt: the dunning run does this millions of times, and slicing allocates.
const ZERO = 48;

export function yearOf(date: CalendarDate): number {
  return (
    (date.charCodeAt(0) - ZERO) * 1000 +
    (date.charCodeAt(1) - ZERO) * 100 +
    (date.charCodeAt(2) - ZERO) * 10 +
    (date.charCodeAt(3) - ZERO)
  );
}

export function monthOf(date: CalendarDate): number {
  return (date.charCodeAt(5) - ZERO) * 10 + (date.charCodeAt(6) - ZERO);
}

export function dayOf(date: CalendarDate): number {
  return (date.charCodeAt(8) - ZERO) * 10 + (date.charCodeAt(9) - ZERO);
}

/** Days since 1970-01-01 (proleptic Gregorian; H. Hinnant's days_from_civil). */
export function toEpochDay(date: CalendarDate): number {
  let y = yearOf(date);
  const m = monthOf(date);
  const d = dayOf(date);
  y -= m <= 2 ? 1 : 0;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

/** The inverse of `toEpochDay` (H. Hinnant's civil_from_days). */
export function fromEpochDay(epochDay: number): CalendarDate {
  const z = epochDay + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor(
    (doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365,
  );
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp + (mp < 10 ? 3 : -9);
  const y = yoe + era * 400 + (m <= 2 ? 1 : 0);
  const year = y >= 1000 ? String(y) : String(y).padStart(4, '0');
  return `${year}-${m < 10 ? '0' : ''}${m}-${d < 10 ? '0' : ''}${d}` as CalendarDate;
}

export function addDays(date: CalendarDate, days: number): CalendarDate {
  return fromEpochDay(toEpochDay(date) + days);
}

/**
 * Adds calendar months; a day that does not exist in the target month becomes its last day
 * (§188 Abs. 3 BGB: 31 January + 1 month = 28/29 February).
 */
export function addMonths(date: CalendarDate, months: number): CalendarDate {
  const total = yearOf(date) * 12 + (monthOf(date) - 1) + months;
  const year = Math.floor(total / 12);
  const month = total - year * 12 + 1;
  return calendarDate(year, month, Math.min(dayOf(date), daysInMonth(year, month)));
}

/** Number of days from `from` to `to` (positive when `to` is later). */
export function daysBetween(from: CalendarDate, to: CalendarDate): number {
  return toEpochDay(to) - toEpochDay(from);
}

/** ISO weekday: 1 = Monday … 7 = Sunday. */
export function isoWeekday(date: CalendarDate): number {
  const day = toEpochDay(date);
  return ((((day + 3) % 7) + 7) % 7) + 1; // 1970-01-01 was a Thursday
}

export function compareDates(a: CalendarDate, b: CalendarDate): -1 | 0 | 1 {
  return a < b ? -1 : a > b ? 1 : 0;
}

export function maxDate(first: CalendarDate, ...rest: CalendarDate[]): CalendarDate {
  return rest.reduce((a, b) => (b > a ? b : a), first);
}

export function minDate(first: CalendarDate, ...rest: CalendarDate[]): CalendarDate {
  return rest.reduce((a, b) => (b < a ? b : a), first);
}

export function endOfMonth(date: CalendarDate): CalendarDate {
  return calendarDate(yearOf(date), monthOf(date), daysInMonth(yearOf(date), monthOf(date)));
}

/** `16.01.2024` in German, `16 Jan 2024` in English. */
export function formatCalendarDate(date: CalendarDate, language: 'de' | 'en'): string {
  if (language === 'de') return `${date.slice(8, 10)}.${date.slice(5, 7)}.${date.slice(0, 4)}`;
  const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
  return `${dayOf(date)} ${months[monthOf(date) - 1]} ${yearOf(date)}`;
}
