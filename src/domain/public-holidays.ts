/**
 * @module public-holidays
 * German public holidays per federal state, and §193 BGB: a deadline that ends on a Saturday,
 * Sunday or a public holiday at the place of performance ends on the next working day instead.
 * The holiday rules come from the maintained `date-holidays` data; we only keep `public` days
 * (not observances such as Heiligabend) and cache them per state and year.
 */
import Holidays from 'date-holidays';
import { addDays, type CalendarDate, isoWeekday, yearOf } from './calendar-date.ts';
import { DomainError } from './domain-error.ts';

export const GERMAN_STATES = [
  'BW',
  'BY',
  'BE',
  'BB',
  'HB',
  'HH',
  'HE',
  'MV',
  'NI',
  'NW',
  'RP',
  'SL',
  'SN',
  'ST',
  'SH',
  'TH',
] as const;

export type GermanState = (typeof GERMAN_STATES)[number];

const STATE_SET: ReadonlySet<string> = new Set(GERMAN_STATES);

export function isGermanState(value: string): value is GermanState {
  return STATE_SET.has(value);
}

export interface PublicHoliday {
  date: CalendarDate;
  name: string;
}

/** Per state, per year: the public holidays. Nested maps, so a lookup builds no key string (hot path of the dunning run). */
const cache = new Map<GermanState, Map<number, ReadonlyMap<CalendarDate, string>>>();

function holidaysOfYear(state: GermanState, year: number): ReadonlyMap<CalendarDate, string> {
  let years = cache.get(state);
  if (!years) cache.set(state, (years = new Map()));
  let days = years.get(year);
  if (!days) {
    const source = new Holidays('DE', state);
    const map = new Map<CalendarDate, string>();
    for (const holiday of source.getHolidays(year, 'de')) {
      // `date` is the local calendar date as text ("2025-10-03 00:00:00"), independent of TZ.
      if (holiday.type === 'public') map.set(holiday.date.slice(0, 10) as CalendarDate, holiday.name);
    }
    days = map;
    years.set(year, days);
  }
  return days;
}

function assertState(state: string): GermanState {
  if (!isGermanState(state)) {
    throw new DomainError(
      'unknown-state',
      `state: expected one of ${GERMAN_STATES.join(', ')}, got "${state}"`,
      {
        path: 'state',
      },
    );
  }
  return state;
}

export function publicHolidays(state: string, year: number): PublicHoliday[] {
  return [...holidaysOfYear(assertState(state), year)].map(([date, name]) => ({ date, name }));
}

export function isPublicHoliday(date: CalendarDate, state: string): boolean {
  return holidaysOfYear(assertState(state), yearOf(date)).has(date);
}

/** Monday to Friday and not a public holiday in `state`. */
export function isWorkingDay(date: CalendarDate, state: string): boolean {
  return isoWeekday(date) <= 5 && !isPublicHoliday(date, state);
}

/**
 * §193 BGB: where a deadline ends on a Saturday, Sunday or public holiday, it ends on the
 * next working day. Returns `date` itself when it is a working day.
 */
export function adjustDeadlineToWorkingDay(date: CalendarDate, state: string): CalendarDate {
  let day = date;
  while (!isWorkingDay(day, state)) day = addDays(day, 1);
  return day;
}
