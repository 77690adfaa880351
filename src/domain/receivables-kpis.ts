/**
 * @module receivables-kpis
 * Key figures of credit control:
 * - DSO (days sales outstanding) by the countback method: walk back through the periods'
 *   credit sales from the report date until they add up to the receivables outstanding.
 * - CEI (collection effectiveness index) for a period, in per cent.
 * - Average days late per customer, simple and weighted by amount.
 */
import { type CalendarDate, daysBetween } from './calendar-date.ts';
import { DomainError } from './domain-error.ts';
import type { Money } from './money.ts';

export interface SalesPeriod {
  /** Days in the period (e.g. days of the month). */
  days: number;
  /** Credit sales invoiced in the period. */
  sales: Money;
}

/**
 * Countback DSO. `periods` lists the most recent period first. Receivables older than all
 * periods given count every period in full. Result in days, rounded to one decimal.
 */
export function daysSalesOutstandingCountback(receivables: Money, periods: readonly SalesPeriod[]): number {
  let remaining = receivables.minor;
  let days = 0;
  for (const period of periods) {
    if (remaining <= 0) break;
    if (period.sales.currency !== receivables.currency) {
      throw new DomainError('currency-mismatch', 'DSO: sales and receivables must be in one currency');
    }
    if (remaining >= period.sales.minor) {
      remaining -= period.sales.minor;
      days += period.days;
    } else {
      days += (remaining / period.sales.minor) * period.days;
      remaining = 0;
    }
  }
  return Math.round(days * 10) / 10;
}

export interface CeiInput {
  beginningReceivables: Money;
  creditSales: Money;
  endingReceivables: Money;
  /** The part of the ending receivables that is not yet due. */
  endingCurrentReceivables: Money;
}

/**
 * CEI = (beginning + sales − ending total) / (beginning + sales − ending current) × 100,
 * rounded to one decimal; `null` when there was nothing collectible in the period.
 */
export function collectionEffectivenessIndex(input: CeiInput): number | null {
  const base = input.beginningReceivables.add(input.creditSales);
  const collected = base.subtract(input.endingReceivables);
  const collectible = base.subtract(input.endingCurrentReceivables);
  if (collectible.minor <= 0) return null;
  return Math.round((collected.minor / collectible.minor) * 1000) / 10;
}

export interface SettledInvoice {
  customerId: string;
  dueDate: CalendarDate;
  /** The day the last payment was credited. */
  paidOn: CalendarDate;
  amount: Money;
}

export interface DaysLate {
  customerId: string;
  invoices: number;
  /** Mean of max(0, paid − due) over the invoices. */
  averageDaysLate: number;
  /** The same, weighted by invoice amount. */
  weightedDaysLate: number;
}

export function averageDaysLateByCustomer(invoices: readonly SettledInvoice[]): DaysLate[] {
  const groups = new Map<string, { n: number; days: number; weighted: number; amount: number }>();
  for (const invoice of invoices) {
    const late = Math.max(0, daysBetween(invoice.dueDate, invoice.paidOn));
    const g = groups.get(invoice.customerId) ?? { n: 0, days: 0, weighted: 0, amount: 0 };
    g.n += 1;
    g.days += late;
    g.weighted += late * invoice.amount.minor;
    g.amount += invoice.amount.minor;
    groups.set(invoice.customerId, g);
  }
  return [...groups.entries()]
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([customerId, g]) => ({
      customerId,
      invoices: g.n,
      averageDaysLate: Math.round((g.days / g.n) * 10) / 10,
      weightedDaysLate: g.amount > 0 ? Math.round((g.weighted / g.amount) * 10) / 10 : 0,
    }));
}
