/**
 * @module aging
 * The aging report (Fälligkeitsanalyse): open items by days past due at a date, in the buckets
 * current / 1–30 / 31–60 / 61–90 / 90+, in total and per customer or group.
 */
import { type CalendarDate, daysBetween } from './calendar-date.ts';
import { Money } from './money.ts';

export const AGING_BUCKETS = ['current', '1-30', '31-60', '61-90', '90+'] as const;
export type AgingBucket = (typeof AGING_BUCKETS)[number];

export interface AgingItem {
  dueDate: CalendarDate;
  open: Money;
  /** Customer number, group … whatever the report is broken down by. */
  key?: string;
  /** How many invoices the item stands for (items grouped by due date); 1 if not given. */
  count?: number;
}

export interface AgingBucketTotal {
  count: number;
  amount: Money;
}

export interface AgingReport {
  asOf: CalendarDate;
  buckets: Record<AgingBucket, AgingBucketTotal>;
  total: Money;
  count: number;
}

/** Days past the due date on `asOf`; 0 on the due date and before it. */
export function daysPastDue(dueDate: CalendarDate, asOf: CalendarDate): number {
  return Math.max(0, daysBetween(dueDate, asOf));
}

/** Days past due: 0 is "current" (due today or later). */
export function agingBucketFor(dueDate: CalendarDate, asOf: CalendarDate): AgingBucket {
  const late = daysPastDue(dueDate, asOf);
  if (late === 0) return 'current';
  if (late <= 30) return '1-30';
  if (late <= 60) return '31-60';
  if (late <= 90) return '61-90';
  return '90+';
}

function emptyReport(asOf: CalendarDate, currency: string): AgingReport {
  const buckets = Object.fromEntries(
    AGING_BUCKETS.map((b) => [b, { count: 0, amount: Money.zero(currency) }]),
  ) as Record<AgingBucket, AgingBucketTotal>;
  return { asOf, buckets, total: Money.zero(currency), count: 0 };
}

function addItem(report: AgingReport, item: AgingItem): void {
  const bucket = report.buckets[agingBucketFor(item.dueDate, report.asOf)];
  const count = item.count ?? 1;
  bucket.count += count;
  bucket.amount = bucket.amount.add(item.open);
  report.total = report.total.add(item.open);
  report.count += count;
}

/** Items with nothing open (paid, credited) are left out; credits (negative open) are counted as they are. */
export function ageReceivables(
  items: readonly AgingItem[],
  asOf: CalendarDate,
  currency = 'EUR',
): AgingReport {
  const report = emptyReport(asOf, currency);
  for (const item of items) if (!item.open.isZero()) addItem(report, item);
  return report;
}

/** One report per `key`, sorted by key. */
export function ageReceivablesByKey(
  items: readonly AgingItem[],
  asOf: CalendarDate,
  currency = 'EUR',
): { key: string; report: AgingReport }[] {
  const reports = new Map<string, AgingReport>();
  for (const item of items) {
    if (item.open.isZero()) continue;
    const key = item.key ?? '';
    let report = reports.get(key);
    if (!report) reports.set(key, (report = emptyReport(asOf, currency)));
    addItem(report, item);
  }
  return [...reports.entries()]
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([key, report]) => ({ key, report }));
}
