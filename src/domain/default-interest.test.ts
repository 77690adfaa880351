import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { baseRateOn, GERMAN_BASE_RATES, mergeBaseRates } from './base-rates.ts';
import {
  addDays,
  type CalendarDate,
  daysBetween,
  fromEpochDay,
  parseCalendarDate,
  toEpochDay,
} from './calendar-date.ts';
import type { DayCountConvention } from './day-count.ts';
import {
  computeDefaultInterest,
  type ComputeDefaultInterestOptions,
  type DebtorKind,
  type InterestPause,
  interestRateBasis,
  lateFeeFlatRate,
  type PrincipalPayment,
} from './default-interest.ts';
import { DomainError } from './domain-error.ts';
import { Money } from './money.ts';
import { addPercent, comparePercent, formatPercent, type Percent, parsePercent } from './percent.ts';

const day = (text: string): CalendarDate => parseCalendarDate(text);
const eur = (minor: number): Money => Money.of(minor, 'EUR');

function compute(
  options: Omit<Partial<ComputeDefaultInterestOptions>, 'from' | 'to'> & { from: string; to: string },
) {
  const { from, to, ...rest } = options;
  return computeDefaultInterest({
    principal: eur(100000),
    debtorKind: 'business',
    ...rest,
    from: day(from),
    to: day(to),
  });
}

/** Segments in a compact, readable form for `toEqual`. */
function summarise(result: ReturnType<typeof computeDefaultInterest>) {
  return result.segments.map((s) => ({
    from: s.from,
    to: s.to,
    days: s.days,
    rate: formatPercent(s.rate),
    principal: s.principal.minor,
    interest: s.interest.minor,
  }));
}

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

describe('computeDefaultInterest: rates (§288 BGB)', () => {
  it('§288 Abs. 2 BGB: business debtor pays base rate + 9 pp, split where the Basiszinssatz changes (§247 BGB)', () => {
    const result = compute({ from: '2024-01-16', to: '2024-07-16' });
    expect(result.rateBasis).toBe('statutory-business');
    expect(formatPercent(result.surcharge as Percent)).toBe('9.00');
    expect(summarise(result)).toEqual([
      // 100000 × (3.62 + 9 = 12.62 %) × 167/365 = 5774.08 → 5774 (16 Jan–30 Jun: 16+29+31+30+31+30 = 167 days)
      { from: '2024-01-16', to: '2024-06-30', days: 167, rate: '12.62', principal: 100000, interest: 5774 },
      // 100000 × (3.37 + 9 = 12.37 %) × 15/365 = 508.36 → 508
      { from: '2024-07-01', to: '2024-07-15', days: 15, rate: '12.37', principal: 100000, interest: 508 },
    ]);
    expect(result.interest.minor).toBe(6282); // 5774 + 508
    expect(result.segments.map((s) => s.yearFraction)).toEqual(['167/365', '15/365']);
    expect(result.segments.map((s) => formatPercent(s.baseRate as Percent))).toEqual(['3.62', '3.37']);
  });

  it('§288 Abs. 1 BGB: consumer debtor pays base rate + 5 pp', () => {
    const result = compute({ from: '2024-01-16', to: '2024-07-16', debtorKind: 'consumer' });
    expect(result.rateBasis).toBe('statutory-consumer');
    expect(summarise(result).map((s) => [s.rate, s.interest])).toEqual([
      ['8.62', 3944], // 100000 × (3.62 + 5 = 8.62 %) × 167/365 = 3943.95 → 3944
      ['8.37', 344], // 100000 × (3.37 + 5 = 8.37 %) × 15/365 = 343.97 → 344
    ]);
    expect(result.interest.minor).toBe(4288); // 3944 + 344
  });

  it('§288 Abs. 2 BGB a. F. (Art. 229 §34 EGBGB): business obligation from before 29 July 2014 pays base rate + 8 pp', () => {
    const result = compute({ from: '2024-01-16', to: '2024-07-16', obligationDate: day('2014-07-28') });
    expect(result.rateBasis).toBe('statutory-business-before-2014-07-29');
    expect(summarise(result).map((s) => [s.rate, s.interest])).toEqual([
      ['11.62', 5317], // 100000 × (3.62 + 8 = 11.62 %) × 167/365 = 5316.55 → 5317
      ['11.37', 467], // 100000 × (3.37 + 8 = 11.37 %) × 15/365 = 467.26 → 467
    ]);
    expect(result.interest.minor).toBe(5784); // 5317 + 467
  });

  it('Art. 229 §34 EGBGB: an obligation arising on 29 July 2014 already gets the + 9 pp', () => {
    const result = compute({ from: '2024-01-16', to: '2024-07-16', obligationDate: day('2014-07-29') });
    expect(result.rateBasis).toBe('statutory-business');
    expect(result.interest.minor).toBe(6282); // as above: 5774 + 508
  });

  it('§288 Abs. 1 BGB: a consumer pays + 5 pp also for an obligation from before 2014', () => {
    expect(interestRateBasis('consumer', day('2010-01-01'), false)).toBe('statutory-consumer');
  });

  it('§247 BGB: works with a negative Basiszinssatz and splits at 1 January 2013', () => {
    // Business obligation from 2010 → old + 8 pp.
    const result = compute({ from: '2012-12-01', to: '2013-02-01', obligationDate: day('2010-05-01') });
    expect(summarise(result).map((s) => [s.from, s.to, s.rate, s.interest])).toEqual([
      ['2012-12-01', '2012-12-31', '8.12', 690], // 100000 × (0.12 + 8 = 8.12 %) × 31/365 = 689.64 → 690
      ['2013-01-01', '2013-01-31', '7.87', 668], // 100000 × (-0.13 + 8 = 7.87 %) × 31/365 = 668.41 → 668
    ]);
    expect(result.interest.minor).toBe(1358);
  });

  it('§247 BGB: a new table row with an unchanged rate does not start a new segment', () => {
    // 1 July 2025 and 1 January 2026 are both 1.27 %: one segment of 62 days.
    const result = compute({ from: '2025-12-01', to: '2026-02-01', debtorKind: 'consumer' });
    // 100000 × (1.27 + 5 = 6.27 %) × 62/365 = 1065.04 → 1065 (two segments would give 533 + 533 = 1066)
    expect(summarise(result)).toEqual([
      { from: '2025-12-01', to: '2026-01-31', days: 62, rate: '6.27', principal: 100000, interest: 1065 },
    ]);
  });

  it('§247 BGB: a user-supplied base rate row is used from its day on', () => {
    const baseRates = mergeBaseRates(GERMAN_BASE_RATES, [
      { validFrom: day('2024-04-01'), rate: parsePercent('5.00') },
    ]);
    const result = compute({ from: '2024-01-16', to: '2024-07-16', baseRates });
    expect(summarise(result).map((s) => [s.from, s.to, s.rate, s.interest])).toEqual([
      ['2024-01-16', '2024-03-31', '12.62', 2628], // 100000 × 12.62 % × 76/365 = 2627.73 → 2628
      ['2024-04-01', '2024-06-30', '14.00', 3490], // 100000 × (5 + 9 = 14 %) × 91/365 = 3490.41 → 3490
      ['2024-07-01', '2024-07-15', '12.37', 508], // 100000 × 12.37 % × 15/365 = 508.36 → 508
    ]);
  });

  it('§247 BGB: refuses to compute for a day before the first base rate row', () => {
    expect(() => compute({ from: '2001-12-31', to: '2002-01-10' })).toThrow(
      /no Basiszinssatz for 2001-12-31/,
    );
  });
});

describe('computeDefaultInterest: contractual rate (§288 Abs. 3 BGB)', () => {
  it('ERPNext dunning scenario: 100.00 at a contractual 10 % p.a. for 15 days = 0.41', () => {
    const result = computeDefaultInterest({
      principal: eur(10000),
      from: day('2024-01-01'),
      to: day('2024-01-16'),
      debtorKind: 'consumer',
      contractualRate: parsePercent('10'),
    });
    // 10000 × 10 % × 15/365 = 41.10 → 41 cents
    expect(result.interest.minor).toBe(41);
    expect(result.rateBasis).toBe('contractual');
    expect(result.surcharge).toBeNull();
    expect(result.segments).toHaveLength(1);
    expect(result.segments[0]?.baseRate).toBeNull();
  });

  it('§288 Abs. 3 BGB: a contractual rate ignores changes of the Basiszinssatz', () => {
    const result = compute({ from: '2024-06-16', to: '2024-07-16', contractualRate: parsePercent('10') });
    // one segment: 100000 × 10 % × 30/365 = 821.92 → 822
    expect(summarise(result)).toEqual([
      { from: '2024-06-16', to: '2024-07-15', days: 30, rate: '10.00', principal: 100000, interest: 822 },
    ]);
  });

  it('§288 Abs. 3 BGB: rejects a negative contractual rate (interest never turns into a credit)', () => {
    expectDomainError(
      () => compute({ from: '2024-01-01', to: '2024-02-01', contractualRate: parsePercent('-1') }),
      'invalid-percent',
      'contractualRate',
    );
  });
});

describe('computeDefaultInterest: partial payments (§289 BGB, simple interest on the open principal)', () => {
  it('a payment lowers the principal from the day it is credited and starts a new segment', () => {
    const result = compute({
      from: '2024-01-16',
      to: '2024-07-16',
      principalPayments: [{ date: day('2024-03-01'), amount: eur(30000) }],
    });
    expect(summarise(result)).toEqual([
      // 100000 × 12.62 % × 45/365 = 1555.89 → 1556 (16 Jan–29 Feb: 16 + 29 = 45 days)
      { from: '2024-01-16', to: '2024-02-29', days: 45, rate: '12.62', principal: 100000, interest: 1556 },
      // 70000 × 12.62 % × 122/365 = 2952.73 → 2953 (1 Mar–30 Jun: 31+30+31+30 = 122 days)
      { from: '2024-03-01', to: '2024-06-30', days: 122, rate: '12.62', principal: 70000, interest: 2953 },
      // 70000 × 12.37 % × 15/365 = 355.85 → 356
      { from: '2024-07-01', to: '2024-07-15', days: 15, rate: '12.37', principal: 70000, interest: 356 },
    ]);
    expect(result.interest.minor).toBe(4865); // 1556 + 2953 + 356
    expect(result.principal.minor).toBe(100000); // the original principal is reported unchanged
  });

  it('payments given out of order are applied by date', () => {
    const result = compute({
      from: '2024-01-16',
      to: '2024-07-16',
      principalPayments: [
        { date: day('2024-05-01'), amount: eur(20000) },
        { date: day('2024-03-01'), amount: eur(30000) },
      ],
    });
    expect(summarise(result).map((s) => [s.from, s.principal, s.interest])).toEqual([
      ['2024-01-16', 100000, 1556], // 100000 × 12.62 % × 45/365 = 1555.89 → 1556
      ['2024-03-01', 70000, 1476], // 70000 × 12.62 % × 61/365 = 1476.37 → 1476
      ['2024-05-01', 50000, 1055], // 50000 × 12.62 % × 61/365 = 1054.55 → 1055
      ['2024-07-01', 50000, 254], // 50000 × 12.37 % × 15/365 = 254.18 → 254
    ]);
    expect(result.interest.minor).toBe(4341);
  });

  it('a payment on the first day of default counts from that day, and full payment ends the interest', () => {
    const result = compute({
      from: '2024-02-01',
      to: '2024-06-01',
      contractualRate: parsePercent('10'),
      principalPayments: [
        { date: day('2024-02-01'), amount: eur(50000) },
        { date: day('2024-03-01'), amount: eur(50000) },
      ],
    });
    // 50000 × 10 % × 29/365 = 397.26 → 397; nothing after the principal is paid in full on 1 March
    expect(summarise(result)).toEqual([
      { from: '2024-02-01', to: '2024-02-29', days: 29, rate: '10.00', principal: 50000, interest: 397 },
    ]);
  });

  it('a payment credited on or after `to` changes nothing', () => {
    const without = compute({ from: '2024-01-16', to: '2024-07-16' });
    const withLate = compute({
      from: '2024-01-16',
      to: '2024-07-16',
      principalPayments: [{ date: day('2024-07-16'), amount: eur(100000) }],
    });
    expect(withLate.interest.minor).toBe(without.interest.minor);
  });
});

describe('computeDefaultInterest: pauses (no default while the debtor is not responsible, §286 Abs. 4 BGB)', () => {
  it('paused days accrue nothing and split the period', () => {
    const result = compute({
      from: '2024-02-01',
      to: '2024-05-01',
      contractualRate: parsePercent('10'),
      pauses: [{ from: day('2024-03-01'), to: day('2024-03-31') }],
    });
    expect(summarise(result)).toEqual([
      // 100000 × 10 % × 29/365 = 794.52 → 795
      { from: '2024-02-01', to: '2024-02-29', days: 29, rate: '10.00', principal: 100000, interest: 795 },
      // 100000 × 10 % × 30/365 = 821.92 → 822
      { from: '2024-04-01', to: '2024-04-30', days: 30, rate: '10.00', principal: 100000, interest: 822 },
    ]);
  });

  it('an open dispute (pause without end) stops interest from its first day', () => {
    const result = compute({
      from: '2024-02-01',
      to: '2024-12-01',
      contractualRate: parsePercent('10'),
      pauses: [{ from: day('2024-03-01'), to: null }],
    });
    expect(summarise(result).map((s) => [s.from, s.to, s.interest])).toEqual([
      ['2024-02-01', '2024-02-29', 795],
    ]);
  });

  it('a pause that began before default starts delays the first interest day', () => {
    const result = compute({
      from: '2024-02-01',
      to: '2024-03-01',
      contractualRate: parsePercent('10'),
      pauses: [{ from: day('2024-01-01'), to: day('2024-02-09') }],
    });
    // 100000 × 10 % × 20/365 = 547.95 → 548 (10–29 Feb)
    expect(summarise(result).map((s) => [s.from, s.to, s.days, s.interest])).toEqual([
      ['2024-02-10', '2024-02-29', 20, 548],
    ]);
  });

  it('rounds half-up once per segment, not once over the whole period', () => {
    // 125 × 10 % × 73/365 = 2.5 → 3 in each of the two segments around a one-day pause: 6.
    // One rounding over 146 days would give 125 × 10 % × 146/365 = 5.0 → 5.
    const result = computeDefaultInterest({
      principal: eur(125),
      from: day('2024-01-01'),
      to: day('2024-05-27'),
      debtorKind: 'consumer',
      contractualRate: parsePercent('10'),
      pauses: [{ from: day('2024-03-14'), to: day('2024-03-14') }],
    });
    expect(summarise(result).map((s) => [s.from, s.to, s.days, s.interest])).toEqual([
      ['2024-01-01', '2024-03-13', 73, 3],
      ['2024-03-15', '2024-05-26', 73, 3],
    ]);
    expect(result.interest.minor).toBe(6);
  });
});

describe('computeDefaultInterest: day count (convention, a setting)', () => {
  it('actual/365 is the default and the period excludes `to`', () => {
    const result = compute({ from: '2024-03-01', to: '2024-03-02' });
    expect(result.dayCount).toBe('act/365');
    // one day: 100000 × 12.62 % × 1/365 = 34.58 → 35
    expect(summarise(result)).toEqual([
      { from: '2024-03-01', to: '2024-03-01', days: 1, rate: '12.62', principal: 100000, interest: 35 },
    ]);
  });

  it('`from` equal to `to` accrues nothing', () => {
    const result = compute({ from: '2024-03-01', to: '2024-03-01' });
    expect(result.segments).toEqual([]);
    expect(result.interest.minor).toBe(0);
  });

  it('act/act counts the days of each calendar year against that year’s length', () => {
    const options = { from: '2023-12-02', to: '2024-01-31', contractualRate: parsePercent('10') };
    const actAct = compute({ ...options, dayCount: 'act/act' });
    // 100000 × 10 % × (30/365 + 30/366) = 821.92 + 819.67 = 1641.59 → 1642
    expect(actAct.interest.minor).toBe(1642);
    expect(actAct.segments[0]?.yearFraction).toBe('30/365 + 30/366');
    // act/365 on the same 60 days: 100000 × 10 % × 60/365 = 1643.84 → 1644
    expect(compute(options).interest.minor).toBe(1644);
  });

  it('30E/360 counts every month as 30 days', () => {
    const result = compute({
      from: '2024-02-01',
      to: '2024-03-01',
      contractualRate: parsePercent('10'),
      dayCount: '30E/360',
    });
    // February 2024 has 29 actual days but 30 under 30E/360: 100000 × 10 % × 30/360 = 833.33 → 833
    expect(result.segments[0]?.yearFraction).toBe('30/360');
    expect(result.segments[0]?.days).toBe(29);
    expect(result.interest.minor).toBe(833);
  });
});

describe('§288 Abs. 5 BGB flat fee', () => {
  it('a business debtor owes €40 for an obligation from 29 July 2014 on', () => {
    expect(compute({ from: '2024-01-16', to: '2024-07-16' }).flatFee.minor).toBe(4000);
    expect(lateFeeFlatRate('business', day('2014-07-29')).minor).toBe(4000);
  });

  it('no flat fee for an obligation that arose before 29 July 2014 (Art. 229 §34 EGBGB)', () => {
    const result = compute({ from: '2024-01-16', to: '2024-07-16', obligationDate: day('2014-07-28') });
    expect(result.flatFee.minor).toBe(0);
  });

  it('no flat fee for a consumer debtor', () => {
    expect(compute({ from: '2024-01-16', to: '2024-07-16', debtorKind: 'consumer' }).flatFee.minor).toBe(0);
  });

  it('the flat fee is owed also alongside a contractual rate', () => {
    const result = compute({ from: '2024-01-16', to: '2024-07-16', contractualRate: parsePercent('10') });
    expect(result.flatFee.minor).toBe(4000);
  });
});

describe('computeDefaultInterest: bad input', () => {
  it('rejects `to` before `from`', () => {
    expectDomainError(() => compute({ from: '2024-03-01', to: '2024-02-29' }), 'invalid-argument', 'to');
  });

  it('rejects a negative principal', () => {
    expectDomainError(
      () => compute({ from: '2024-03-01', to: '2024-04-01', principal: eur(-1) }),
      'invalid-amount',
      'principal',
    );
  });

  it('rejects payments that exceed the principal', () => {
    expectDomainError(
      () =>
        compute({
          from: '2024-03-01',
          to: '2024-04-01',
          principalPayments: [
            { date: day('2024-03-05'), amount: eur(60000) },
            { date: day('2024-03-10'), amount: eur(40001) },
          ],
        }),
      'invalid-amount',
      'payments',
    );
  });

  it('accepts payments that exactly settle the principal', () => {
    const result = compute({
      from: '2024-03-01',
      to: '2024-04-01',
      principalPayments: [{ date: day('2024-03-05'), amount: eur(100000) }],
    });
    expect(result.segments.map((s) => s.to)).toEqual(['2024-03-04']);
  });

  it('rejects a payment of zero, naming its index', () => {
    expectDomainError(
      () =>
        compute({
          from: '2024-03-01',
          to: '2024-04-01',
          principalPayments: [
            { date: day('2024-03-05'), amount: eur(100) },
            { date: day('2024-03-06'), amount: eur(0) },
          ],
        }),
      'invalid-amount',
      'payments.1',
    );
  });
});

// ---------------------------------------------------------------------------------------------
// Properties

const FIRST_DAY = toEpochDay(day('2002-01-01'));
const LAST_DAY = toEpochDay(day('2027-12-31'));

const dateArb = (min = FIRST_DAY, max = LAST_DAY) => fc.integer({ min, max }).map((n) => fromEpochDay(n));

interface Scenario {
  options: ComputeDefaultInterestOptions;
  later: CalendarDate;
}

const scenarioArb: fc.Arbitrary<Scenario> = fc
  .record({
    from: fc.integer({ min: FIRST_DAY, max: LAST_DAY - 1200 }),
    span: fc.integer({ min: 0, max: 800 }),
    extra: fc.integer({ min: 0, max: 400 }),
    debtorKind: fc.constantFrom<DebtorKind>('consumer', 'business'),
    obligationDate: fc.option(dateArb(toEpochDay(day('2010-01-01'))), { nil: undefined }),
    contractualRate: fc.option(fc.integer({ min: 0, max: 2500 }), { nil: undefined }),
    payments: fc.array(
      fc.record({ offset: fc.integer({ min: -30, max: 1250 }), amount: fc.integer({ min: 1, max: 500000 }) }),
      {
        maxLength: 4,
      },
    ),
    unpaid: fc.integer({ min: 0, max: 5_000_000 }),
    pauses: fc.array(
      fc.record({
        offset: fc.integer({ min: -60, max: 1250 }),
        length: fc.option(fc.integer({ min: 0, max: 120 }), { nil: null }),
      }),
      { maxLength: 3 },
    ),
    dayCount: fc.constantFrom<DayCountConvention>('act/365', 'act/act', '30E/360'),
  })
  .map((g) => {
    const from = fromEpochDay(g.from);
    const principalPayments: PrincipalPayment[] = g.payments.map((p) => ({
      date: addDays(from, p.offset),
      amount: eur(p.amount),
    }));
    const paid = g.payments.reduce((sum, p) => sum + p.amount, 0);
    const pauses: InterestPause[] = g.pauses.map((p) => ({
      from: addDays(from, p.offset),
      to: p.length === null ? null : addDays(from, p.offset + p.length),
    }));
    const to = addDays(from, g.span);
    return {
      options: {
        principal: eur(paid + g.unpaid),
        from,
        to,
        debtorKind: g.debtorKind,
        obligationDate: g.obligationDate,
        contractualRate:
          g.contractualRate === undefined ? undefined : parsePercent((g.contractualRate / 100).toFixed(2)),
        principalPayments,
        pauses,
        dayCount: g.dayCount,
      },
      later: addDays(to, g.extra),
    };
  });

function isPausedDay(d: CalendarDate, pauses: readonly InterestPause[]): boolean {
  return pauses.some((p) => d >= p.from && (p.to === null || d <= p.to));
}

function openPrincipalOn(d: CalendarDate, options: ComputeDefaultInterestOptions): number {
  return (options.principalPayments ?? []).reduce(
    (open, p) => (p.date <= d ? open - p.amount.minor : open),
    options.principal.minor,
  );
}

describe('computeDefaultInterest: properties', () => {
  it('interest never decreases when `to` moves later, and is never negative', () => {
    fc.assert(
      fc.property(scenarioArb, ({ options, later }) => {
        const early = computeDefaultInterest(options);
        const late = computeDefaultInterest({ ...options, to: later });
        expect(early.interest.minor).toBeGreaterThanOrEqual(0);
        expect(late.interest.minor).toBeGreaterThanOrEqual(early.interest.minor);
        for (const s of late.segments) expect(s.interest.minor).toBeGreaterThanOrEqual(0);
      }),
    );
  });

  it('the segments’ interest sums to the total', () => {
    fc.assert(
      fc.property(scenarioArb, ({ options }) => {
        const result = computeDefaultInterest(options);
        const sum = result.segments.reduce((total, s) => total + s.interest.minor, 0);
        expect(result.interest.minor).toBe(sum);
      }),
    );
  });

  it('segments are ordered and contiguous: every day from <= d < to is in exactly one segment unless paused or paid off', () => {
    fc.assert(
      fc.property(scenarioArb, ({ options }) => {
        const result = computeDefaultInterest(options);
        const covered = new Map<CalendarDate, number>();
        result.segments.forEach((s, i) => {
          expect(s.from <= s.to).toBe(true);
          expect(s.days).toBe(daysBetween(s.from, s.to) + 1);
          for (let d = s.from; d <= s.to; d = addDays(d, 1)) {
            expect(covered.has(d)).toBe(false);
            covered.set(d, i);
          }
          const next = result.segments[i + 1];
          if (next) {
            expect(next.from > s.to).toBe(true);
            // a gap between two segments consists of paused days only (or days without principal)
            for (let d = addDays(s.to, 1); d < next.from; d = addDays(d, 1)) {
              expect(isPausedDay(d, options.pauses ?? []) || openPrincipalOn(d, options) === 0).toBe(true);
            }
          }
        });
        for (let d = options.from; d < options.to; d = addDays(d, 1)) {
          const accrues = !isPausedDay(d, options.pauses ?? []) && openPrincipalOn(d, options) > 0;
          expect(covered.has(d)).toBe(accrues);
          const i = covered.get(d);
          if (i !== undefined) expect(result.segments[i]?.principal.minor).toBe(openPrincipalOn(d, options));
        }
        expect(covered.size).toBe(result.segments.reduce((n, s) => n + s.days, 0));
      }),
    );
  });

  it('§288 BGB: each segment has one rate, the base rate of its days plus the surcharge', () => {
    fc.assert(
      fc.property(scenarioArb, ({ options }) => {
        const result = computeDefaultInterest(options);
        for (const s of result.segments) {
          if (options.contractualRate !== undefined) {
            expect(comparePercent(s.rate, options.contractualRate)).toBe(0);
            continue;
          }
          const base = baseRateOn(GERMAN_BASE_RATES, s.from).rate;
          expect(comparePercent(baseRateOn(GERMAN_BASE_RATES, s.to).rate, base)).toBe(0);
          expect(comparePercent(s.rate, addPercent(base, result.surcharge as Percent))).toBe(0);
        }
      }),
    );
  });
});
