/**
 * @module invoicing-lag
 * Days from delivery to invoice, as a key figure: every day between them is a day later that the
 * money comes in. The median says what is usual, the average shows the stragglers.
 *
 * @example
 * summariseInvoicingLag([0, 0, 1, 5]); // { deliveries: 4, averageDays: 1.5, medianDays: 0.5, maxDays: 5 }
 */

export interface InvoicingLag {
  /** Invoiced deliveries counted. */
  deliveries: number;
  /** Average days, to one decimal; null without deliveries. */
  averageDays: number | null;
  /** Median days (the mean of the middle two for an even count); null without deliveries. */
  medianDays: number | null;
  maxDays: number | null;
}

export function summariseInvoicingLag(days: readonly number[]): InvoicingLag {
  if (days.length === 0) return { deliveries: 0, averageDays: null, medianDays: null, maxDays: null };
  const sorted = [...days].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  const median =
    sorted.length % 2 === 1
      ? (sorted[middle] as number)
      : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
  const sum = sorted.reduce((s, d) => s + d, 0);
  return {
    deliveries: sorted.length,
    // Tenths of a day are plenty for a figure people read; days are whole numbers, so this is exact enough.
    averageDays: Math.round((sum * 10) / sorted.length) / 10,
    medianDays: median,
    maxDays: sorted[sorted.length - 1] as number,
  };
}
