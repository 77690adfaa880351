import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { summariseInvoicingLag } from './invoicing-lag.ts';

describe('summariseInvoicingLag', () => {
  it('gives median, average and the longest wait', () => {
    expect(summariseInvoicingLag([5, 0, 1, 0])).toEqual({
      deliveries: 4,
      averageDays: 1.5,
      medianDays: 0.5,
      maxDays: 5,
    });
    expect(summariseInvoicingLag([3, 1, 2])).toMatchObject({ medianDays: 2, averageDays: 2 });
  });

  it('says nothing without deliveries', () => {
    expect(summariseInvoicingLag([])).toEqual({
      deliveries: 0,
      averageDays: null,
      medianDays: null,
      maxDays: null,
    });
  });

  it('keeps median and average between the shortest and the longest wait (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.nat({ max: 400 }), { minLength: 1, maxLength: 50 }), (days) => {
        const lag = summariseInvoicingLag(days);
        const min = Math.min(...days);
        expect(lag.medianDays).toBeGreaterThanOrEqual(min);
        expect(lag.medianDays).toBeLessThanOrEqual(lag.maxDays as number);
        expect(lag.averageDays).toBeGreaterThanOrEqual(min);
        expect(lag.averageDays).toBeLessThanOrEqual(lag.maxDays as number);
      }),
    );
  });
});
