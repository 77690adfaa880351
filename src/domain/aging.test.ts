import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  AGING_BUCKETS,
  ageReceivables,
  ageReceivablesByKey,
  agingBucketFor,
  type AgingItem,
} from './aging.ts';
import { addDays, parseCalendarDate } from './calendar-date.ts';
import { Money } from './money.ts';

const d = (text: string) => parseCalendarDate(text);
const eur = (minor: number) => Money.of(minor, 'EUR');
const AS_OF = d('2025-06-30');
const daysLate = (days: number) => addDays(AS_OF, -days);

describe('agingBucketFor', () => {
  it.each([
    [-5, 'current'],
    [0, 'current'],
    [1, '1-30'],
    [30, '1-30'],
    [31, '31-60'],
    [60, '31-60'],
    [61, '61-90'],
    [90, '61-90'],
    [91, '90+'],
    [400, '90+'],
  ])('puts an item %i days past due into %s', (days, bucket) => {
    expect(agingBucketFor(daysLate(days), AS_OF)).toBe(bucket);
  });

  it('counts calendar days across a leap day', () => {
    // 1 Feb 2024 → 2 Mar 2024: 28 days to 29 Feb, +2 = 30 days late (2024 is a leap year).
    expect(agingBucketFor(d('2024-02-01'), d('2024-03-02'))).toBe('1-30');
    // 1 Feb 2025 → 4 Mar 2025: 27 + 4 = 31 days late.
    expect(agingBucketFor(d('2025-02-01'), d('2025-03-04'))).toBe('31-60');
  });
});

describe('ageReceivables', () => {
  it('sums count and amount per bucket and in total, leaving out items with nothing open', () => {
    const report = ageReceivables(
      [
        { dueDate: daysLate(-3), open: eur(10_000) },
        { dueDate: daysLate(0), open: eur(5000) },
        { dueDate: daysLate(1), open: eur(20_000) },
        { dueDate: daysLate(31), open: eur(30_000) },
        { dueDate: daysLate(45), open: eur(-2500) }, // a credit note, counted as it is
        { dueDate: daysLate(61), open: eur(0) }, // paid: left out
        { dueDate: daysLate(91), open: eur(40_000) },
      ],
      AS_OF,
    );
    expect(report.asOf).toBe(AS_OF);
    expect(
      Object.fromEntries(
        AGING_BUCKETS.map((b) => [b, [report.buckets[b].count, report.buckets[b].amount.minor]]),
      ),
    ).toEqual({
      current: [2, 15_000],
      '1-30': [1, 20_000],
      '31-60': [2, 27_500],
      '61-90': [0, 0],
      '90+': [1, 40_000],
    });
    // 150.00 + 200.00 + 275.00 + 400.00 = 1,025.00 €, six items.
    expect([report.count, report.total.minor, report.total.currency]).toEqual([6, 102_500, 'EUR']);
  });

  it('gives an empty report in the requested currency', () => {
    const report = ageReceivables([], AS_OF, 'CHF');
    expect([report.count, report.total.minor, report.total.currency]).toEqual([0, 0, 'CHF']);
    expect(report.buckets['90+'].amount.currency).toBe('CHF');
  });

  it('keeps the bucket totals equal to the report total', () => {
    const itemArb = fc.record({
      dueDate: fc.integer({ min: -200, max: 200 }).map(daysLate),
      open: fc.integer({ min: -50_000, max: 500_000 }).map(eur),
    });
    fc.assert(
      fc.property(fc.array(itemArb, { maxLength: 30 }), (items) => {
        const report = ageReceivables(items, AS_OF);
        const buckets = AGING_BUCKETS.map((b) => report.buckets[b]);
        expect(buckets.reduce((sum, b) => sum + b.amount.minor, 0)).toBe(report.total.minor);
        expect(buckets.reduce((sum, b) => sum + b.count, 0)).toBe(report.count);
        expect(report.count).toBe(items.filter((i) => !i.open.isZero()).length);
      }),
    );
  });
});

describe('ageReceivablesByKey', () => {
  it('makes one report per key, sorted by key, items without a key under the empty key', () => {
    const items: AgingItem[] = [
      { key: 'K-2', dueDate: daysLate(10), open: eur(1000) },
      { key: 'K-1', dueDate: daysLate(70), open: eur(2000) },
      { dueDate: daysLate(0), open: eur(500) },
      { key: 'K-2', dueDate: daysLate(95), open: eur(3000) },
      { key: 'K-3', dueDate: daysLate(95), open: eur(0) }, // nothing open: no report for K-3
    ];
    const reports = ageReceivablesByKey(items, AS_OF);
    expect(reports.map((r) => [r.key, r.report.count, r.report.total.minor])).toEqual([
      ['', 1, 500],
      ['K-1', 1, 2000],
      ['K-2', 2, 4000],
    ]);
    const k2 = reports[2]?.report;
    expect([k2?.buckets['1-30'].amount.minor, k2?.buckets['90+'].amount.minor]).toEqual([1000, 3000]);
    expect(reports[1]?.report.buckets['61-90'].count).toBe(1);
  });
});

describe('ageReceivables with grouped items', () => {
  it('counts an item standing for several invoices as that many', () => {
    const asOf = parseCalendarDate('2026-11-24');
    const report = ageReceivables(
      [
        { dueDate: parseCalendarDate('2026-11-01'), open: Money.of(30_000), count: 3 },
        { dueDate: parseCalendarDate('2026-12-01'), open: Money.of(5_000) },
      ],
      asOf,
    );
    expect(report.count).toBe(4);
    expect(report.buckets['1-30']).toMatchObject({ count: 3 });
    expect(report.buckets['1-30'].amount.minor).toBe(30_000);
    expect(report.buckets.current.count).toBe(1);
  });
});
