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
import { parsePercent, percentFromUnits } from './percent.ts';

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

describe('splitIntoInstalments with agreed interest', () => {
  const rate = (text: string) => parsePercent(text);
  const withInterest = (schedule: Instalment[]) =>
    schedule.map((i) => [i.number, i.dueDate, i.amount.minor, i.interest?.minor]);
  const sum = (schedule: Instalment[], part: (i: Instalment) => number) =>
    schedule.reduce((total, i) => total + part(i), 0);

  it('charges each instalment the interest since the previous one on the balance, equal instalments but the last', () => {
    const schedule = splitIntoInstalments({
      total: eur(100_000),
      count: 2,
      firstDueDate: day('2027-01-31'),
      rhythm: { days: 30 },
      interest: { rate: rate('12'), from: day('2027-01-01') },
    });
    // 1,000.00 € × 12 % × 30/365 = 9.863 → 9.86 €; after 507.41 − 9.86 repaid, 502.45 € are left:
    // × 12 % × 30/365 = 4.956 → 4.96 €, and 502.45 + 4.96 = 507.41 €.
    expect(withInterest(schedule)).toEqual([
      [1, '2027-01-31', 50_741, 986],
      [2, '2027-03-02', 50_741, 496],
    ]);
  });

  it('sums to the total plus the interest, to the cent, and repays exactly the total', () => {
    const schedule = splitIntoInstalments({
      total: eur(120_000),
      count: 12,
      firstDueDate: day('2027-02-01'),
      rhythm: { months: 1 },
      interest: { rate: rate('5'), from: day('2027-01-05') },
    });
    const interest = sum(schedule, (i) => i.interest?.minor ?? 0);
    expect(interest).toBeGreaterThan(0);
    expect(sum(schedule, (i) => i.amount.minor)).toBe(120_000 + interest);
    expect(sum(schedule, (i) => i.amount.minor - (i.interest?.minor ?? 0))).toBe(120_000);
    // An annuity: all equal but the last, which takes the rest and is not larger.
    const amounts = schedule.map((i) => i.amount.minor);
    expect(new Set(amounts.slice(0, -1)).size).toBe(1);
    expect(amounts.at(-1)).toBeLessThanOrEqual(amounts[0] as number);
    // Interest falls as the balance falls (months of different length aside).
    expect(schedule[0]?.interest?.minor).toBeGreaterThan(schedule.at(-1)?.interest?.minor as number);
  });

  it('bears interest only on the principal: costs and default interest are repaid first (§ 289, § 367 BGB)', () => {
    // 900.00 € principal and 100.00 € costs and interest; the down payment of 100.00 € repays those.
    const schedule = splitIntoInstalments({
      total: eur(100_000),
      downPayment: eur(10_000),
      downPaymentDate: day('2027-01-05'),
      amountPerInstalment: eur(30_000),
      firstDueDate: day('2027-02-05'),
      rhythm: { months: 1 },
      interest: { rate: rate('6'), from: day('2027-01-05'), principal: eur(90_000) },
    });
    // 900.00 € × 6 % × 31/365 = 4.586 → 4.59 €; then 604.59 € × 6 % × 28/365 = 2.783 → 2.78 €;
    // then 307.37 € × 6 % × 31/365 = 1.566 → 1.57 €; then 8.94 € × 6 % × 30/365 = 0.044 → 0.04 €.
    expect(withInterest(schedule)).toEqual([
      [0, '2027-01-05', 10_000, 0],
      [1, '2027-02-05', 30_000, 459],
      [2, '2027-03-05', 30_000, 278],
      [3, '2027-04-05', 30_000, 157],
      [4, '2027-05-05', 898, 4],
    ]);
    // Without the cap the first instalment would carry the interest on all 1,000.00 €.
    const uncapped = splitIntoInstalments({
      total: eur(100_000),
      amountPerInstalment: eur(30_000),
      firstDueDate: day('2027-02-05'),
      rhythm: { months: 1 },
      interest: { rate: rate('6'), from: day('2027-01-05'), principal: eur(90_000) },
    });
    // 1,000.00 € open, of which 900.00 € principal: interest on 900.00 € only.
    expect(uncapped[0]?.interest?.minor).toBe(459);
  });

  it('rejects a rate, an amount or a date that cannot work, naming the field', () => {
    const base = {
      total: eur(100_000),
      count: 10,
      firstDueDate: day('2027-02-01'),
      rhythm: { months: 1 },
    } as const;
    const at = (text: string) => ({ rate: rate(text), from: day('2027-01-05') });
    expectDomainError(
      () => splitIntoInstalments({ ...base, interest: at('0') }),
      'invalid-percent',
      'interest.rate',
    );
    expectDomainError(
      () => splitIntoInstalments({ ...base, interest: at('-1') }),
      'invalid-percent',
      'interest.rate',
    );
    expectDomainError(
      () => splitIntoInstalments({ ...base, interest: at('30.01') }),
      'invalid-percent',
      'interest.rate',
    );
    expectDomainError(
      () => splitIntoInstalments({ ...base, interest: { rate: rate('5'), from: day('2027-03-01') } }),
      'invalid-argument',
      'firstDueDate',
    );
    const { count: _count, ...withoutCount } = base;
    // 30 % a year on 1,000.00 € is about 25 € a month: 20 € a month never repays it.
    expectDomainError(
      () => splitIntoInstalments({ ...withoutCount, amountPerInstalment: eur(2_000), interest: at('30') }),
      'invalid-argument',
      'amountPerInstalment',
    );
    expectDomainError(
      () =>
        splitIntoInstalments({
          ...base,
          interest: { ...at('5'), principal: eur(100_001) },
        }),
      'invalid-amount',
      'interest.principal',
    );
  });

  it('property: any plan sums to the total plus its interest, repays the total, and each interest is the rate on the balance', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 100, max: 50_000_000 }),
        fc.integer({ min: 0, max: 100 }),
        fc.integer({ min: 0, max: 100 }),
        fc.oneof(
          fc.record({ count: fc.integer({ min: 1, max: 60 }) }),
          fc.record({ share: fc.integer({ min: 2, max: 100 }) }),
        ),
        fc.integer({ min: 1, max: 3000 }),
        fc.oneof(
          fc.record({ months: fc.integer({ min: 1, max: 3 }) }),
          fc.record({ days: fc.integer({ min: 7, max: 30 }) }),
        ),
        fc.integer({ min: 0, max: 40 }),
        (total, downShare, principalShare, split, basisPoints, rhythm, lead) => {
          const from = day('2027-01-05');
          const down = Math.floor((total * downShare) / 400);
          const principal = Math.floor((total * principalShare) / 100);
          const rest = total - down;
          const options = {
            total: eur(total),
            ...(down > 0 ? { downPayment: eur(down), downPaymentDate: from } : {}),
            ...('count' in split
              ? { count: split.count }
              : { amountPerInstalment: eur(Math.max(1, Math.ceil(rest / split.share) + 100)) }),
            firstDueDate: fromEpochDay(toEpochDay(from) + lead),
            rhythm,
            interest: { rate: percentFromUnits(basisPoints, 2), from, principal: eur(principal) },
          };
          let schedule: Instalment[];
          try {
            schedule = splitIntoInstalments(options);
          } catch (error) {
            // Only an amount too small for the interest, or more instalments than cents, may be refused.
            expect(error).toBeInstanceOf(DomainError);
            expect(['amountPerInstalment', 'count']).toContain((error as DomainError).path);
            return;
          }
          const interest = sum(schedule, (i) => i.interest?.minor ?? 0);
          expect(sum(schedule, (i) => i.amount.minor)).toBe(total + interest);
          expect(sum(schedule, (i) => i.amount.minor - (i.interest?.minor ?? 0))).toBe(total);
          // Recomputed independently: interest on the principal still open, act/365, half-up.
          let balance = total;
          let previous = from;
          for (const instalment of schedule) {
            const days = toEpochDay(instalment.dueDate) - toEpochDay(previous);
            const base = Math.max(0, Math.min(balance, principal));
            const exact = BigInt(base) * BigInt(days) * BigInt(basisPoints) * 2n;
            const denominator = 365n * 10_000n;
            const expected = Number((exact + denominator) / (2n * denominator));
            expect(instalment.interest?.minor).toBe(expected);
            expect(instalment.amount.minor).toBeGreaterThan(0);
            balance -= instalment.amount.minor - expected;
            previous = instalment.dueDate;
          }
          expect(balance).toBe(0);
        },
      ),
      { numRuns: 300 },
    );
  });
});
