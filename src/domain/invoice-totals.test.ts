import { describe, expect, it } from 'vitest';
import { computeInvoiceTotals } from './invoice-totals.ts';

describe('computeInvoiceTotals', () => {
  it('computes VAT once per rate on the sum of the line nets (EN 16931 BT-117)', () => {
    // 3 × 0.33 € at 19 %: nets 0.99 €, VAT 0.99 × 19 % = 0.1881 → 0.19 € (per line it would be 3 × 0.06 = 0.18).
    const totals = computeInvoiceTotals([
      { quantityMilli: 1000, unitPriceCents: 33, vatRateBasisPoints: 1900 },
      { quantityMilli: 1000, unitPriceCents: 33, vatRateBasisPoints: 1900 },
      { quantityMilli: 1000, unitPriceCents: 33, vatRateBasisPoints: 1900 },
    ]);
    expect([totals.net.minor, totals.vat.minor, totals.gross.minor]).toEqual([99, 19, 118]);
    expect(totals.lines.map((l) => l.vat.minor).reduce((a, b) => a + b)).toBe(19);
  });

  it('keeps rates apart and lists the higher rate first', () => {
    // 1.5 h × 80.00 € = 120.00 € at 19 % → 22.80 €; 2 × 12.34 € = 24.68 € at 7 % → 1.7276 → 1.73 €.
    const totals = computeInvoiceTotals([
      { quantityMilli: 2000, unitPriceCents: 1234, vatRateBasisPoints: 700 },
      { quantityMilli: 1500, unitPriceCents: 8000, vatRateBasisPoints: 1900 },
    ]);
    expect(totals.vatBreakdown.map((b) => [b.vatRateBasisPoints, b.net.minor, b.vat.minor])).toEqual([
      [1900, 12000, 2280],
      [700, 2468, 173],
    ]);
    expect(totals.gross.minor).toBe(12000 + 2280 + 2468 + 173);
  });

  it('rounds a line net half-up from thousandths of a quantity', () => {
    // 0.125 × 0.10 € = 0.0125 € → 0.01 €; 0.5 × 0.03 € = 0.015 € → 0.02 €.
    const totals = computeInvoiceTotals([
      { quantityMilli: 125, unitPriceCents: 10, vatRateBasisPoints: 0 },
      { quantityMilli: 500, unitPriceCents: 3, vatRateBasisPoints: 0 },
    ]);
    expect(totals.lines.map((l) => l.net.minor)).toEqual([1, 2]);
  });

  it('rejects an invoice without lines and a VAT rate above 100 %', () => {
    expect(() => computeInvoiceTotals([])).toThrow(/at least one line/);
    expect(() =>
      computeInvoiceTotals([{ quantityMilli: 1000, unitPriceCents: 1, vatRateBasisPoints: 10001 }]),
    ).toThrow(/lines.0.vatRate/);
  });
});
