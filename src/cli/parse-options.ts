/**
 * @module parse-options
 * Option parsing shared by commands: dates, counts, choices, each with an error naming the option.
 */
import { type CalendarDate, isCalendarDate } from '../domain/calendar-date.ts';
import { CliUsageError } from './cli-error.ts';

export function dateOption(
  value: string | undefined,
  option: string,
  fallback: () => CalendarDate,
): CalendarDate {
  if (value === undefined) return fallback();
  if (!isCalendarDate(value))
    throw new CliUsageError(`${option}: expected a date as YYYY-MM-DD, got "${value}"`);
  return value;
}

export function positiveIntegerOption(value: string, option: string): number {
  if (!/^\d{1,9}$/.test(value) || Number(value) < 1) {
    throw new CliUsageError(`${option}: expected a whole number of at least 1, got "${value}"`);
  }
  return Number(value);
}

/** Today as a calendar date in the machine's time zone: the day a person at this desk means. */
export function localToday(now: Date = new Date()): CalendarDate {
  const y = now.getFullYear();
  const m = String(now.getMonth() + 1).padStart(2, '0');
  const d = String(now.getDate()).padStart(2, '0');
  return `${y}-${m}-${d}` as CalendarDate;
}
