/**
 * @module collection-date
 * The collection date the export form suggests: the file must reach the bank one TARGET2 business
 * day before the collection (D-1), so the second TARGET2 business day after today. TARGET2 closes
 * on weekends, 1 January, Good Friday, Easter Monday, 1 May, 25 and 26 December. Only a suggestion:
 * the server checks the date chosen and warns.
 */

const DAY_MS = 86_400_000;

/** Easter Sunday of `year` (Gregorian; the anonymous algorithm of Meeus/Jones/Butcher), as UTC ms. */
function easterSunday(year: number): number {
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return Date.UTC(year, month - 1, day);
}

export function isTarget2Day(time: number): boolean {
  const date = new Date(time);
  const weekday = date.getUTCDay();
  if (weekday === 0 || weekday === 6) return false;
  const monthDay = date.toISOString().slice(5, 10);
  if (['01-01', '05-01', '12-25', '12-26'].includes(monthDay)) return false;
  const easter = easterSunday(date.getUTCFullYear());
  return time !== easter - 2 * DAY_MS && time !== easter + DAY_MS;
}

/** `today` (YYYY-MM-DD) → the second TARGET2 business day after it, as YYYY-MM-DD. */
export function suggestedCollectionDate(today: string): string {
  const [y, m, d] = today.split('-').map(Number) as [number, number, number];
  let time = Date.UTC(y, m - 1, d);
  let businessDays = 0;
  while (businessDays < 2) {
    time += DAY_MS;
    if (isTarget2Day(time)) businessDays += 1;
  }
  return new Date(time).toISOString().slice(0, 10);
}
