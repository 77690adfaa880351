import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type CalendarDate,
  dayOf,
  daysInMonth,
  fromEpochDay,
  monthOf,
  parseCalendarDate,
  toEpochDay,
  yearOf,
} from './calendar-date.ts';
import { DomainError } from './domain-error.ts';
import { type Instalment, splitIntoInstalments } from './instalment-schedule.ts';
import { Money } from './money.ts';

const day = (text: string): CalendarDate => parseCalendarDate(text);
const eur = (minor: number): Money => Money.of(minor, 'EUR');
const rows = (schedule: Instalment[]) => schedule.map((i) => [i.number, i.dueDate, i.amount.minor]);

function expectDomainError(run: () => unknown, code: string, path: string): void {
  let caught: unknown;
  try {
    run();
  } catch (error) {
    caught = error;
  }
  expect(caught).toBeInstanceOf(DomainError);
  expect((caught as DomainError).code).toBe(code);
  expect((caught as DomainError).path).toBe(path);
}

describe('splitIntoInstalments', () => {
  it('splits by count; the cents that do not divide go to the first instalments', () => {
    const schedule = splitIntoInstalments({
      total: eur(10000),
      count: 3,
      firstDueDate: day('2024-02-15'),
      rhythm: { months: 1 },
    });
    // 10000 / 3 = 3333 rest 1 → 3334, 3333, 3333
    expect(rows(schedule)).toEqual([
      [1, '2024-02-15', 3334],
      [2, '2024-03-15', 3333],
      [3, '2024-04-15', 3333],
    ]);
  });

  it('§188 Abs. 3 BGB: a monthly date past the end of a month becomes its last day, without drifting', () => {
    const schedule = splitIntoInstalments({
      total: eur(40000),
      count: 4,
      firstDueDate: day('2024-01-31'),
      rhythm: { months: 1 },
    });
    expect(schedule.map((i) => i.dueDate)).toEqual(['2024-01-31', '2024-02-29', '2024-03-31', '2024-04-30']);
    const quarterly = splitIntoInstalments({
      total: eur(40000),
      count: 3,
      firstDueDate: day('2023-11-30'),
      rhythm: { months: 3 },
    });
    expect(quarterly.map((i) => i.dueDate)).toEqual(['2023-11-30', '2024-02-29', '2024-05-30']);
  });

  it('supports a rhythm in days', () => {
    const schedule = splitIntoInstalments({
      total: eur(300),
      count: 3,
      firstDueDate: day('2024-12-20'),
      rhythm: { days: 14 },
    });
    expect(schedule.map((i) => i.dueDate)).toEqual(['2024-12-20', '2025-01-03', '2025-01-17']);
  });

  it('with an amount per instalment, the last one takes the rest', () => {
    const schedule = splitIntoInstalments({
      total: eur(10000),
      amountPerInstalment: eur(3000),
      firstDueDate: day('2024-01-01'),
      rhythm: { months: 1 },
    });
    // 100.00 = 3 × 30.00 + 10.00
    expect(rows(schedule)).toEqual([
      [1, '2024-01-01', 3000],
      [2, '2024-02-01', 3000],
      [3, '2024-03-01', 3000],
      [4, '2024-04-01', 1000],
    ]);
  });

  it('with an amount per instalment that divides the total, there is no empty last instalment', () => {
    const schedule = splitIntoInstalments({
      total: eur(9000),
      amountPerInstalment: eur(3000),
      firstDueDate: day('2024-01-01'),
      rhythm: { months: 1 },
    });
    expect(schedule.map((i) => i.amount.minor)).toEqual([3000, 3000, 3000]);
  });

  it('an amount per instalment larger than the total gives one instalment of the total', () => {
    const schedule = splitIntoInstalments({
      total: eur(5000),
      amountPerInstalment: eur(6000),
      firstDueDate: day('2024-01-01'),
      rhythm: { months: 1 },
    });
    expect(rows(schedule)).toEqual([[1, '2024-01-01', 5000]]);
  });

  it('puts a down payment first as number 0, on its own date, and splits only the rest', () => {
    const schedule = splitIntoInstalments({
      total: eur(100000),
      downPayment: eur(10000),
      downPaymentDate: day('2024-01-15'),
      count: 3,
      firstDueDate: day('2024-02-01'),
      rhythm: { months: 1 },
    });
    expect(rows(schedule)).toEqual([
      [0, '2024-01-15', 10000],
      [1, '2024-02-01', 30000],
      [2, '2024-03-01', 30000],
      [3, '2024-04-01', 30000],
    ]);
  });

  it('a down payment without its own date is due on the first due date', () => {
    const schedule = splitIntoInstalments({
      total: eur(1000),
      downPayment: eur(100),
      count: 2,
      firstDueDate: day('2024-02-01'),
      rhythm: { months: 1 },
    });
    expect(rows(schedule)).toEqual([
      [0, '2024-02-01', 100],
      [1, '2024-02-01', 450],
      [2, '2024-03-01', 450],
    ]);
  });

  it('rejects bad input with a stable code and the field', () => {
    const base = { total: eur(1000), count: 2, firstDueDate: day('2024-01-01'), rhythm: { months: 1 } };
    expectDomainError(() => splitIntoInstalments({ ...base, total: eur(0) }), 'invalid-amount', 'total');
    expectDomainError(() => splitIntoInstalments({ ...base, total: eur(-100) }), 'invalid-amount', 'total');
    expectDomainError(
      () => splitIntoInstalments({ ...base, downPayment: eur(1000) }),
      'invalid-amount',
      'downPayment',
    );
    expectDomainError(
      () => splitIntoInstalments({ ...base, downPayment: eur(-1) }),
      'invalid-amount',
      'downPayment',
    );
    expectDomainError(
      () => splitIntoInstalments({ ...base, rhythm: { months: 0 } }),
      'invalid-argument',
      'rhythm',
    );
    expectDomainError(
      () => splitIntoInstalments({ ...base, rhythm: { days: 1.5 } }),
      'invalid-argument',
      'rhythm',
    );
    expectDomainError(() => splitIntoInstalments({ ...base, count: 0 }), 'invalid-argument', 'count');
    expectDomainError(() => splitIntoInstalments({ ...base, count: 2.5 }), 'invalid-argument', 'count');
    expectDomainError(() => splitIntoInstalments({ ...base, count: 601 }), 'invalid-argument', 'count');
    const { count: _count, ...withoutCount } = base;
    expectDomainError(() => splitIntoInstalments(withoutCount), 'invalid-argument', 'count');
    expectDomainError(
      () => splitIntoInstalments({ ...withoutCount, amountPerInstalment: eur(0) }),
      'invalid-amount',
      'amountPerInstalment',
    );
    // 1000 cents at 1 cent each would be 1000 instalments, more than 600
    expectDomainError(
      () => splitIntoInstalments({ ...withoutCount, amountPerInstalment: eur(1) }),
      'invalid-argument',
      'amountPerInstalment',
    );
  });

  it('allows exactly 600 instalments', () => {
    const schedule = splitIntoInstalments({
      total: eur(600),
      amountPerInstalment: eur(1),
      firstDueDate: day('2024-01-01'),
      rhythm: { days: 1 },
    });
    expect(schedule).toHaveLength(600);
  });

  it('rejects an amount per instalment in another currency', () => {
    expectDomainError(
      () =>
        splitIntoInstalments({
          total: eur(10000),
          amountPerInstalment: Money.of(3000, 'USD'),
          firstDueDate: day('2024-01-01'),
          rhythm: { months: 1 },
        }),
      'currency-mismatch',
      'amountPerInstalment',
    );
  });
});

describe('splitIntoInstalments: properties', () => {
  const first = toEpochDay(day('2000-01-01'));
  const dateArb = fc.integer({ min: first, max: first + 20000 }).map((n) => fromEpochDay(n));
  const sum = (schedule: Instalment[]) => schedule.reduce((total, i) => total + i.amount.minor, 0);

  it('count mode preserves the sum to the cent; amounts differ by at most one cent, larger first', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 100_000_000 }),
        fc.integer({ min: 0, max: 100 }),
        fc.integer({ min: 1, max: 600 }),
        dateArb,
        (total, downPercent, count, firstDueDate) => {
          const down = Math.floor((total * downPercent) / 101);
          const schedule = splitIntoInstalments({
            total: eur(total),
            downPayment: eur(down),
            count,
            firstDueDate,
            rhythm: { months: 1 },
          });
          expect(sum(schedule)).toBe(total);
          const instalments = schedule.filter((i) => i.number > 0);
          expect(instalments.map((i) => i.number)).toEqual(Array.from({ length: count }, (_, i) => i + 1));
          const amounts = instalments.map((i) => i.amount.minor);
          expect(Math.max(...amounts) - Math.min(...amounts)).toBeLessThanOrEqual(1);
          for (let i = 1; i < amounts.length; i++)
            expect(amounts[i]).toBeLessThanOrEqual(amounts[i - 1] as number);
          expect(schedule.length).toBe(count + (down > 0 ? 1 : 0));
        },
      ),
    );
  });

  it('amount-per-instalment mode preserves the sum; all but the last are the agreed amount', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 10_000_000 }),
        fc.integer({ min: 1, max: 10_000_000 }),
        dateArb,
        (total, each, firstDueDate) => {
          fc.pre(Math.ceil(total / each) <= 600);
          const schedule = splitIntoInstalments({
            total: eur(total),
            amountPerInstalment: eur(each),
            firstDueDate,
            rhythm: { days: 7 },
          });
          expect(sum(schedule)).toBe(total);
          expect(schedule.length).toBe(Math.ceil(total / each));
          const last = schedule[schedule.length - 1]?.amount.minor as number;
          expect(last).toBeGreaterThan(0);
          expect(last).toBeLessThanOrEqual(each);
          for (const i of schedule.slice(0, -1)) expect(i.amount.minor).toBe(each);
        },
      ),
    );
  });

  it('§188 Abs. 3 BGB: monthly dates keep the first day of month or clamp to the month’s last day, and increase', () => {
    fc.assert(
      fc.property(
        dateArb,
        fc.integer({ min: 1, max: 12 }),
        fc.integer({ min: 1, max: 40 }),
        (firstDueDate, months, count) => {
          const schedule = splitIntoInstalments({
            total: eur(100_000),
            count,
            firstDueDate,
            rhythm: { months },
          });
          schedule.forEach((instalment, i) => {
            const due = instalment.dueDate;
            const monthIndex =
              yearOf(due) * 12 + monthOf(due) - (yearOf(firstDueDate) * 12 + monthOf(firstDueDate));
            expect(monthIndex).toBe(i * months);
            expect(dayOf(due)).toBe(Math.min(dayOf(firstDueDate), daysInMonth(yearOf(due), monthOf(due))));
            const previous = schedule[i - 1];
            if (previous) expect(due > previous.dueDate).toBe(true);
          });
        },
      ),
    );
  });
});

describe('splitIntoInstalments: ambiguous input', () => {
  it('refuses both a count and an amount per instalment instead of silently preferring one', () => {
    expect(() =>
      splitIntoInstalments({
        total: eur(10_000),
        count: 4,
        amountPerInstalment: eur(3_000),
        firstDueDate: day('2025-01-15'),
        rhythm: { months: 1 },
      }),
    ).toThrow(/either count or amountPerInstalment/);
  });
});
