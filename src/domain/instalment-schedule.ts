/**
 * @module instalment-schedule
 * Splits an amount into dated instalments. The parts always add up to the whole, to the cent:
 * with a number of instalments the cents that do not divide evenly go to the first ones; with
 * an amount per instalment the last one takes the rest.
 *
 * With agreed interest (a yearly rate), each instalment also carries the interest accrued on the
 * balance still outstanding since the previous one (simple interest, never on interest: § 289,
 * § 248 BGB), rounded half-up once per instalment. Only the principal bears interest: the parts
 * of each instalment that repay the balance go to costs and default interest first (§ 367 BGB),
 * so the interest-bearing balance is the smaller of the balance and the principal still open.
 * The schedule then adds up to the total plus the sum of the instalments' interest, to the cent:
 * with a number of instalments they are equal (an annuity) except the last, which takes the
 * rest; with an amount per instalment, each pays its interest first and the rest off the balance.
 *
 * @example
 * splitIntoInstalments({ total: Money.of(120_000), count: 12, firstDueDate: '2027-02-01',
 *   rhythm: { months: 1 }, interest: { rate: parsePercent('5'), from: '2027-01-05' } });
 * // → 11 instalments of 102.67 € and a last one of 102.57 €, each with its interest (4.44 € … 0.43 €)
 */
import { addDays, addMonths, type CalendarDate } from './calendar-date.ts';
import { type DayCountConvention, yearFraction, type YearFraction } from './day-count.ts';
import { DomainError } from './domain-error.ts';
import { Money } from './money.ts';
import { comparePercent, type Percent, percentAsFraction, percentFromUnits } from './percent.ts';
import { roundHalfUp } from './rounding.ts';

export type InstalmentRhythm = { months: number } | { days: number };

export interface SplitIntoInstalmentsOptions {
  total: Money;
  /** Paid first, on `downPaymentDate` (default: `firstDueDate`), not counted in `count`. */
  downPayment?: Money;
  downPaymentDate?: CalendarDate;
  /** Either the number of instalments … */
  count?: number;
  /** … or the amount of each instalment (the last one is smaller). */
  amountPerInstalment?: Money;
  firstDueDate: CalendarDate;
  rhythm: InstalmentRhythm;
  /** Contractual interest on the outstanding balance, paid with each instalment. */
  interest?: ScheduleInterest;
}

export interface ScheduleInterest {
  /** Per year, more than 0 and at most {@link MAX_INTEREST_PERCENT}. */
  rate: Percent;
  /** The first day interest runs: the day of the agreement. No instalment falls due before it. */
  from: CalendarDate;
  /**
   * The part of `total` that bears interest (the principal of the claims); default: all of it.
   * The rest (costs, default interest) is repaid first and bears none.
   */
  principal?: Money;
  /** Default actual/365, as for default interest. */
  dayCount?: DayCountConvention;
}

export interface Instalment {
  /** 0 for the down payment, then 1, 2, … */
  number: number;
  dueDate: CalendarDate;
  /** What falls due: the part that repays the balance plus `interest`. */
  amount: Money;
  /** The interest in `amount`; absent without agreed interest. */
  interest?: Money;
}

const MAX_INSTALMENTS = 600;
/** A cap against typing errors (50 for 5.0), not a legal limit: usury (§ 138 BGB) is judged case by case. */
export const MAX_INTEREST_PERCENT = 30;

export function splitIntoInstalments(options: SplitIntoInstalmentsOptions): Instalment[] {
  const { total, firstDueDate, rhythm } = options;
  const down = options.downPayment ?? Money.zero(total.currency);
  if (!total.isPositive())
    throw new DomainError('invalid-amount', 'total: must be positive', { path: 'total' });
  if (down.isNegative() || down.compare(total) >= 0) {
    throw new DomainError('invalid-amount', 'downPayment: must be at least 0 and less than the total', {
      path: 'downPayment',
    });
  }
  const step = 'months' in rhythm ? rhythm.months : rhythm.days;
  if (!Number.isInteger(step) || step < 1) {
    throw new DomainError(
      'invalid-argument',
      'rhythm: must be a whole number of months or days, at least 1',
      {
        path: 'rhythm',
      },
    );
  }
  if (options.interest) return splitWithInterest(options, options.interest, down);
  const rest = total.subtract(down);
  let amounts: Money[];
  if (options.count !== undefined && options.amountPerInstalment !== undefined) {
    throw new DomainError('invalid-argument', 'give either count or amountPerInstalment, not both', {
      path: 'amountPerInstalment',
    });
  }
  if (options.count !== undefined) {
    if (!Number.isInteger(options.count) || options.count < 1 || options.count > MAX_INSTALMENTS) {
      throw new DomainError(
        'invalid-argument',
        `count: must be a whole number from 1 to ${MAX_INSTALMENTS}`,
        {
          path: 'count',
        },
      );
    }
    amounts = rest.allocate(Array.from({ length: options.count }, () => 1));
  } else if (options.amountPerInstalment !== undefined) {
    const each = options.amountPerInstalment;
    if (each.currency !== total.currency) {
      throw new DomainError(
        'currency-mismatch',
        `amountPerInstalment: expected ${total.currency}, got ${each.currency}`,
        { path: 'amountPerInstalment' },
      );
    }
    if (!each.isPositive()) {
      throw new DomainError('invalid-amount', 'amountPerInstalment: must be positive', {
        path: 'amountPerInstalment',
      });
    }
    const full = Math.floor(rest.minor / each.minor);
    const last = rest.minor - full * each.minor;
    if (full + (last > 0 ? 1 : 0) > MAX_INSTALMENTS) {
      throw new DomainError(
        'invalid-argument',
        `amountPerInstalment: more than ${MAX_INSTALMENTS} instalments`,
        {
          path: 'amountPerInstalment',
        },
      );
    }
    amounts = Array.from({ length: full }, () => each);
    if (last > 0) amounts.push(Money.of(last, total.currency));
  } else {
    throw new DomainError('invalid-argument', 'either count or amountPerInstalment is required', {
      path: 'count',
    });
  }
  const schedule: Instalment[] = amounts.map((amount, i) => ({
    number: i + 1,
    dueDate: dueDateOf(firstDueDate, rhythm, i),
    amount,
  }));
  if (down.isPositive())
    schedule.unshift({ number: 0, dueDate: options.downPaymentDate ?? firstDueDate, amount: down });
  return schedule;
}

function dueDateOf(first: CalendarDate, rhythm: InstalmentRhythm, i: number): CalendarDate {
  return 'months' in rhythm ? addMonths(first, i * rhythm.months) : addDays(first, i * rhythm.days);
}

/** Interest on `base` cents for a period, at `rate` a year: one rounding, half-up. */
function interestFor(base: number, period: YearFraction, rate: Percent): number {
  if (base <= 0) return 0;
  const r = percentAsFraction(rate);
  return Number(
    roundHalfUp(BigInt(base) * period.numerator * r.numerator, period.denominator * r.denominator),
  );
}

/** A run of payments over the periods: what each one was, with its interest, and what is left. */
interface Amortisation {
  amounts: number[];
  interest: number[];
  /** Principal parts that did not cover their period's interest (the balance would grow). */
  shortfall: boolean;
}

function splitWithInterest(
  options: SplitIntoInstalmentsOptions,
  interest: ScheduleInterest,
  down: Money,
): Instalment[] {
  const { total, firstDueDate, rhythm } = options;
  const currency = total.currency;
  if (
    comparePercent(interest.rate, percentFromUnits(0, 0)) <= 0 ||
    comparePercent(interest.rate, percentFromUnits(MAX_INTEREST_PERCENT, 0)) > 0
  ) {
    throw new DomainError(
      'invalid-percent',
      `interest.rate: must be more than 0 and at most ${MAX_INTEREST_PERCENT} per cent a year`,
      { path: 'interest.rate' },
    );
  }
  const principal = interest.principal ?? total;
  if (principal.currency !== currency || principal.isNegative() || principal.compare(total) > 0) {
    throw new DomainError('invalid-amount', 'interest.principal: must be from 0 to the total', {
      path: 'interest.principal',
    });
  }
  const downDate = options.downPaymentDate ?? firstDueDate;
  if (firstDueDate < interest.from || (down.isPositive() && downDate < interest.from)) {
    throw new DomainError(
      'invalid-argument',
      'firstDueDate: no instalment can fall due before interest runs',
      {
        path: 'firstDueDate',
      },
    );
  }
  if (down.isPositive() && downDate > firstDueDate) {
    throw new DomainError('invalid-argument', 'downPaymentDate: must not be after the first instalment', {
      path: 'downPaymentDate',
    });
  }
  const convention = interest.dayCount ?? 'act/365';
  /** The periods of the instalments after the down payment, each from the previous due date. */
  const start = down.isPositive() ? downDate : interest.from;
  const periodOf = (i: number): YearFraction =>
    yearFraction(
      i === 0 ? start : dueDateOf(firstDueDate, rhythm, i - 1),
      dueDateOf(firstDueDate, rhythm, i),
      convention,
    );
  const bearing = (balance: number) => Math.min(balance, principal.minor);

  // The down payment is the agreed amount; the interest up to its day is part of it.
  const downInterest = down.isPositive()
    ? interestFor(principal.minor, yearFraction(interest.from, downDate, convention), interest.rate)
    : 0;
  if (downInterest >= down.minor && down.isPositive()) {
    throw new DomainError('invalid-amount', 'downPayment: does not cover the interest up to its day', {
      path: 'downPayment',
    });
  }
  const opening = total.minor - (down.minor - downInterest);

  /** Pays `each` per period until what is left (with its interest) fits into one; at most `limit` periods. */
  const amortise = (each: number, limit: number, fixedCount: boolean): Amortisation => {
    const amounts: number[] = [];
    const interests: number[] = [];
    let balance = opening;
    let shortfall = false;
    for (let i = 0; i < limit; i++) {
      const k = interestFor(bearing(balance), periodOf(i), interest.rate);
      const last = fixedCount ? i === limit - 1 : balance + k <= each;
      const amount = last ? balance + k : each;
      if (!last && each <= k) shortfall = true;
      amounts.push(amount);
      interests.push(k);
      balance -= amount - k;
      if (last) return { amounts, interest: interests, shortfall };
    }
    return { amounts, interest: interests, shortfall: true };
  };

  let run: Amortisation;
  if (options.count !== undefined && options.amountPerInstalment !== undefined) {
    throw new DomainError('invalid-argument', 'give either count or amountPerInstalment, not both', {
      path: 'amountPerInstalment',
    });
  }
  if (options.count !== undefined) {
    const count = options.count;
    if (!Number.isInteger(count) || count < 1 || count > MAX_INSTALMENTS) {
      throw new DomainError(
        'invalid-argument',
        `count: must be a whole number from 1 to ${MAX_INSTALMENTS}`,
        {
          path: 'count',
        },
      );
    }
    // The smallest equal amount whose last instalment is no larger: the last falls as the amount rises.
    const lastAt = (each: number) => amortise(each, count, true).amounts[count - 1] as number;
    let low = 0;
    let high = opening + interestFor(bearing(opening), periodOf(0), interest.rate);
    while (low < high) {
      const middle = Math.floor((low + high) / 2);
      if (lastAt(middle) <= middle) high = middle;
      else low = middle + 1;
    }
    const candidates = [amortise(low, count, true), amortise(low - 1, count, true)];
    const fitting = candidates.find((c) => !c.shortfall && c.amounts.every((a) => a > 0));
    if (!fitting) {
      throw new DomainError('invalid-argument', `count: ${count} instalments do not fit this total`, {
        path: 'count',
      });
    }
    run = fitting;
  } else if (options.amountPerInstalment !== undefined) {
    const each = options.amountPerInstalment;
    if (each.currency !== currency) {
      throw new DomainError(
        'currency-mismatch',
        `amountPerInstalment: expected ${currency}, got ${each.currency}`,
        {
          path: 'amountPerInstalment',
        },
      );
    }
    if (!each.isPositive()) {
      throw new DomainError('invalid-amount', 'amountPerInstalment: must be positive', {
        path: 'amountPerInstalment',
      });
    }
    run = amortise(each.minor, MAX_INSTALMENTS, false);
    if (run.shortfall) {
      throw new DomainError(
        'invalid-argument',
        `amountPerInstalment: too small to repay the balance with its interest in ${MAX_INSTALMENTS} instalments`,
        { path: 'amountPerInstalment' },
      );
    }
  } else {
    throw new DomainError('invalid-argument', 'either count or amountPerInstalment is required', {
      path: 'count',
    });
  }
  const schedule: Instalment[] = run.amounts.map((amount, i) => ({
    number: i + 1,
    dueDate: dueDateOf(firstDueDate, rhythm, i),
    amount: Money.of(amount, currency),
    interest: Money.of(run.interest[i] as number, currency),
  }));
  if (down.isPositive()) {
    schedule.unshift({
      number: 0,
      dueDate: downDate,
      amount: down,
      interest: Money.of(downInterest, currency),
    });
  }
  return schedule;
}
