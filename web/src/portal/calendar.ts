/**
 * @module calendar
 * Calendar dates (`YYYY-MM-DD`) as the portal counts with them: a few days later, days between two
 * dates. "Today" is always the overview's `asOf` (the company's day), never the browser's clock, so
 * a customer abroad sees the same limits the server checks.
 */

const CALENDAR_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DAY_MS = 24 * 60 * 60 * 1000;

/** Milliseconds of the date's midnight in UTC, or null for text that is no real date. */
function utcOf(date: string): number | null {
  const match = CALENDAR_DATE.exec(date);
  if (!match) return null;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const utc = Date.UTC(year, month - 1, day);
  // 2026-02-30 rolls over to March: not a date.
  return new Date(utc).getUTCDate() === day ? utc : null;
}

export function isCalendarDate(text: string): boolean {
  return utcOf(text) !== null;
}

/** `date` plus `days` (negative: earlier). */
export function addDays(date: string, days: number): string {
  const utc = utcOf(date);
  if (utc === null) throw new Error(`not a calendar date: ${date}`);
  return new Date(utc + days * DAY_MS).toISOString().slice(0, 10);
}

/** Whole days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: string, to: string): number {
  const a = utcOf(from);
  const b = utcOf(to);
  if (a === null || b === null) throw new Error(`not a calendar date: ${a === null ? from : to}`);
  return Math.round((b - a) / DAY_MS);
}
