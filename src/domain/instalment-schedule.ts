/**
 * @module instalment-schedule
 * Splits an amount into dated instalments. The parts always add up to the whole, to the cent:
 * with a number of instalments the cents that do not divide evenly go to the first ones; with
 * an amount per instalment the last one takes the rest.
 */
import { addDays, addMonths, type CalendarDate } from './calendar-date.ts';
import { DomainError } from './domain-error.ts';
import { Money } from './money.ts';

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
}

export interface Instalment {
  /** 0 for the down payment, then 1, 2, … */
  number: number;
  dueDate: CalendarDate;
  amount: Money;
}

const MAX_INSTALMENTS = 600;

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
  const dueDate = (i: number) =>
    'months' in rhythm ? addMonths(firstDueDate, i * rhythm.months) : addDays(firstDueDate, i * rhythm.days);
  const schedule: Instalment[] = amounts.map((amount, i) => ({ number: i + 1, dueDate: dueDate(i), amount }));
  if (down.isPositive())
    schedule.unshift({ number: 0, dueDate: options.downPaymentDate ?? firstDueDate, amount: down });
  return schedule;
}
