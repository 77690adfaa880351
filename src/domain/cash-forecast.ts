/**
 * @module cash-forecast
 * The cash expected from open claims, week by week (ISO weeks, Monday to Sunday; the first week
 * runs from the start day to its Sunday):
 * - a claim is expected on its due date plus the days its customer typically pays late; when that
 *   day has passed already, in the first week;
 * - of each claim only the customer's payment probability is counted as expected, the rest as
 *   doubtful (split to the cent by largest remainder, so nothing is lost or made up);
 * - claims in an active instalment plan come as the plan's open instalments on their due dates
 *   (missed ones in the first week), with the same probability;
 * - disputed claims and claims handed over to collection are not expected, but shown apart;
 * - what is expected after the last week is shown as `later`.
 *
 * So: expected (all weeks) + later + doubtful + disputed + handed over = everything open, to the cent.
 *
 * @example
 * forecastCash({ start: '2025-06-30', weeks: 12, claims, instalments, expectations });
 * // → { weeks: [{ week: '2025-W27', from: '2025-06-30', to: '2025-07-06', expectedCents: 119000, … }, …], … }
 */
import {
  addDays,
  type CalendarDate,
  calendarDate,
  daysBetween,
  isCalendarDate,
  isoWeekday,
  yearOf,
} from './calendar-date.ts';
import type { PaymentExpectation } from './credit-risk.ts';
import { DomainError } from './domain-error.ts';
import { Money } from './money.ts';

export const MAX_FORECAST_WEEKS = 104;

export interface ForecastClaim {
  customerId: number;
  dueDate: CalendarDate;
  /** What is open of the claim (principal and costs), positive. */
  openCents: number;
  /** `disputed` and `handed-over` claims are not expected in the weeks. */
  hold: 'none' | 'disputed' | 'handed-over';
}

/** An instalment of an active plan with what is still open of it. */
export interface ForecastInstalment {
  customerId: number;
  dueDate: CalendarDate;
  openCents: number;
}

export interface CashForecastInput {
  start: CalendarDate;
  weeks: number;
  claims: readonly ForecastClaim[];
  instalments: readonly ForecastInstalment[];
  /** For every customer of an instalment or a claim not held. */
  expectations: ReadonlyMap<number, PaymentExpectation>;
}

export interface ForecastWeek {
  /** ISO 8601 week, e.g. `2025-W27`. */
  week: string;
  from: CalendarDate;
  to: CalendarDate;
  expectedCents: number;
  /** Of it: from claims already past their due date on the start day. */
  overdueCents: number;
  /** Of it: from instalments of active plans. */
  instalmentCents: number;
  /** Claims and instalments expected in the week. */
  items: number;
}

export interface CashForecast {
  start: CalendarDate;
  end: CalendarDate;
  weeks: ForecastWeek[];
  /** All weeks together. */
  expectedCents: number;
  /** Expected after the last week. */
  laterCents: number;
  /** Not expected at all, by the customers' payment probabilities. */
  doubtfulCents: number;
  disputedCents: number;
  handedOverCents: number;
  /** Everything open that went in: the sum of all the above. */
  totalCents: number;
}

/** ISO 8601 week of a day: the week belongs to the year of its Thursday. */
export function isoWeekOf(date: CalendarDate): string {
  const thursday = addDays(date, 4 - isoWeekday(date));
  const year = yearOf(thursday);
  const week = Math.floor(daysBetween(calendarDate(year, 1, 1), thursday) / 7) + 1;
  return `${year}-W${String(week).padStart(2, '0')}`;
}

function fail(path: string, message: string): never {
  throw new DomainError('invalid-argument', `${path}: ${message}`, { path });
}

function validate(input: CashForecastInput): void {
  if (!isCalendarDate(input.start))
    fail('start', `expected a date as YYYY-MM-DD, got "${String(input.start)}"`);
  if (!Number.isInteger(input.weeks) || input.weeks < 1 || input.weeks > MAX_FORECAST_WEEKS) {
    fail('weeks', `expected 1 to ${MAX_FORECAST_WEEKS} weeks, got ${input.weeks}`);
  }
  const check = (
    items: readonly {
      customerId: number;
      dueDate: CalendarDate;
      openCents: number;
      hold?: ForecastClaim['hold'];
    }[],
    name: string,
  ) =>
    items.forEach((item, i) => {
      if (!isCalendarDate(item.dueDate))
        fail(`${name}.${i}.dueDate`, `expected a date, got "${String(item.dueDate)}"`);
      if (!Number.isSafeInteger(item.openCents) || item.openCents <= 0) {
        fail(`${name}.${i}.openCents`, `expected a positive whole number of cents, got ${item.openCents}`);
      }
      // A held claim is not expected at all: its customer needs no expectation.
      if (item.hold !== undefined && item.hold !== 'none') return;
      const expectation = input.expectations.get(item.customerId);
      if (!expectation) fail(`expectations.${item.customerId}`, 'no payment expectation for this customer');
      const { typicalDaysLate: days, probabilityPercent: p } = expectation;
      if (!Number.isSafeInteger(days) || days < 0) {
        fail(
          `expectations.${item.customerId}.typicalDaysLate`,
          `expected whole days of at least 0, got ${days}`,
        );
      }
      if (!Number.isInteger(p) || p < 0 || p > 100) {
        fail(`expectations.${item.customerId}.probabilityPercent`, `expected 0 to 100, got ${p}`);
      }
    });
  check(input.claims, 'claims');
  check(input.instalments, 'instalments');
}

export function forecastCash(input: CashForecastInput): CashForecast {
  validate(input);
  const { start } = input;
  const firstSunday = addDays(start, 7 - isoWeekday(start));
  const end = addDays(firstSunday, 7 * (input.weeks - 1));
  const weeks: ForecastWeek[] = Array.from({ length: input.weeks }, (_, i) => {
    const from = i === 0 ? start : addDays(firstSunday, 7 * i - 6);
    return {
      week: isoWeekOf(from),
      from,
      to: addDays(firstSunday, 7 * i),
      expectedCents: 0,
      overdueCents: 0,
      instalmentCents: 0,
      items: 0,
    };
  });
  const result = { laterCents: 0, doubtfulCents: 0, disputedCents: 0, handedOverCents: 0, totalCents: 0 };

  const expect = (
    item: { customerId: number; openCents: number },
    payDay: CalendarDate,
    kind: 'claim' | 'overdue-claim' | 'instalment',
  ) => {
    const { probabilityPercent } = input.expectations.get(item.customerId) as PaymentExpectation;
    const [expected, doubtful] = Money.of(item.openCents).allocate([
      probabilityPercent,
      100 - probabilityPercent,
    ]);
    result.doubtfulCents += (doubtful as Money).minor;
    const cents = (expected as Money).minor;
    if (payDay > end) {
      result.laterCents += cents;
      return;
    }
    // A day already past (the customer is later than usual) counts in the first week.
    const index = payDay <= firstSunday ? 0 : Math.ceil(daysBetween(firstSunday, payDay) / 7);
    const week = weeks[index] as ForecastWeek;
    week.expectedCents += cents;
    week.items += 1;
    if (kind === 'overdue-claim') week.overdueCents += cents;
    if (kind === 'instalment') week.instalmentCents += cents;
  };

  for (const claim of input.claims) {
    result.totalCents += claim.openCents;
    if (claim.hold === 'disputed') result.disputedCents += claim.openCents;
    else if (claim.hold === 'handed-over') result.handedOverCents += claim.openCents;
    else {
      const { typicalDaysLate } = input.expectations.get(claim.customerId) as PaymentExpectation;
      expect(
        claim,
        addDays(claim.dueDate, typicalDaysLate),
        claim.dueDate < start ? 'overdue-claim' : 'claim',
      );
    }
  }
  for (const instalment of input.instalments) {
    result.totalCents += instalment.openCents;
    expect(instalment, instalment.dueDate, 'instalment');
  }
  return {
    start,
    end,
    weeks,
    expectedCents: weeks.reduce((sum, w) => sum + w.expectedCents, 0),
    ...result,
  };
}
