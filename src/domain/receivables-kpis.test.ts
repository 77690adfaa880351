import { describe, expect, it } from 'vitest';
import { parseCalendarDate } from './calendar-date.ts';
import { Money } from './money.ts';
import {
  averageDaysLateByCustomer,
  collectionEffectivenessIndex,
  daysSalesOutstandingCountback,
  type SettledInvoice,
} from './receivables-kpis.ts';

const eur = (minor: number) => Money.of(minor, 'EUR');
const d = (text: string) => parseCalendarDate(text);

// Credit sales, most recent month first: March 100,000.00 €, February 80,000.00 €, January 90,000.00 €.
const PERIODS = [
  { days: 31, sales: eur(10_000_000) },
  { days: 28, sales: eur(8_000_000) },
  { days: 31, sales: eur(9_000_000) },
];

describe('daysSalesOutstandingCountback', () => {
  it('walks back through the periods until their sales cover the receivables', () => {
    // 150,000.00 € open: March covers 100,000.00 (31 days); the remaining 50,000.00 are
    // 50,000 / 80,000 of February's 28 days = 17.5 days → 31 + 17.5 = 48.5 days.
    expect(daysSalesOutstandingCountback(eur(15_000_000), PERIODS)).toBe(48.5);
  });

  it('rounds to one decimal', () => {
    // 120,000.00 €: 31 + 20,000 / 80,000 × 28 = 31 + 7 = 38; 125,000.00 €: 31 + 25/80 × 28 = 31 + 8.75 = 39.75 → 39.8.
    expect(daysSalesOutstandingCountback(eur(12_000_000), PERIODS)).toBe(38);
    expect(daysSalesOutstandingCountback(eur(12_500_000), PERIODS)).toBe(39.8);
  });

  it('counts every period in full when the receivables are older than all periods', () => {
    // 300,000.00 € > 270,000.00 € of sales: 31 + 28 + 31 = 90 days.
    expect(daysSalesOutstandingCountback(eur(30_000_000), PERIODS)).toBe(90);
  });

  it('is zero without receivables', () => {
    expect(daysSalesOutstandingCountback(eur(0), PERIODS)).toBe(0);
  });

  it('rejects sales in another currency than the receivables', () => {
    expect(() =>
      daysSalesOutstandingCountback(eur(100), [{ days: 30, sales: Money.of(100, 'USD') }]),
    ).toThrow(expect.objectContaining({ name: 'DomainError', code: 'currency-mismatch' }));
  });
});

describe('collectionEffectivenessIndex', () => {
  it('divides what was collected by what was collectible, in per cent', () => {
    // Beginning 100,000.00 + sales 200,000.00 = 300,000.00.
    // (300,000 − 120,000 ending) / (300,000 − 90,000 ending current) = 180,000 / 210,000 = 85.714 % → 85.7.
    expect(
      collectionEffectivenessIndex({
        beginningReceivables: eur(10_000_000),
        creditSales: eur(20_000_000),
        endingReceivables: eur(12_000_000),
        endingCurrentReceivables: eur(9_000_000),
      }),
    ).toBe(85.7);
  });

  it('is 100 when everything still open is not yet due', () => {
    expect(
      collectionEffectivenessIndex({
        beginningReceivables: eur(10_000_000),
        creditSales: eur(20_000_000),
        endingReceivables: eur(9_000_000),
        endingCurrentReceivables: eur(9_000_000),
      }),
    ).toBe(100);
  });

  it('is null when nothing was collectible', () => {
    expect(
      collectionEffectivenessIndex({
        beginningReceivables: eur(0),
        creditSales: eur(5000),
        endingReceivables: eur(5000),
        endingCurrentReceivables: eur(5000),
      }),
    ).toBeNull();
  });
});

describe('averageDaysLateByCustomer', () => {
  const invoice = (customerId: string, dueDate: string, paidOn: string, minor: number): SettledInvoice => ({
    customerId,
    dueDate: d(dueDate),
    paidOn: d(paidOn),
    amount: eur(minor),
  });

  it('averages the days late simply and weighted by amount, an early payment counting as 0', () => {
    const result = averageDaysLateByCustomer([
      invoice('K-2', '2025-01-10', '2025-01-10', 5000),
      invoice('K-1', '2025-01-10', '2025-01-20', 10_000), // 10 days late, 100.00 €
      invoice('K-1', '2025-02-01', '2025-01-30', 30_000), // early: 0, 300.00 €
      invoice('K-1', '2025-03-01', '2025-03-22', 60_000), // 21 days late, 600.00 €
    ]);
    // K-1 simple: (10 + 0 + 21) / 3 = 10.33 → 10.3
    // K-1 weighted: (10 × 100 + 0 × 300 + 21 × 600) / 1000 = (1000 + 12,600) / 1000 = 13.6
    expect(result).toEqual([
      { customerId: 'K-1', invoices: 3, averageDaysLate: 10.3, weightedDaysLate: 13.6 },
      { customerId: 'K-2', invoices: 1, averageDaysLate: 0, weightedDaysLate: 0 },
    ]);
  });

  it('gives a weighted figure of 0 where the invoices carry no amount', () => {
    expect(averageDaysLateByCustomer([invoice('K-1', '2025-01-10', '2025-01-15', 0)])).toEqual([
      { customerId: 'K-1', invoices: 1, averageDaysLate: 5, weightedDaysLate: 0 },
    ]);
  });
});
