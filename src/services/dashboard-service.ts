/**
 * @module dashboard-service
 * The figures of the start page: what is open and overdue, the aging buckets, DSO (countback) and
 * CEI for the last six months, cash expected in the next four weeks by due date, the customers
 * most overdue, and what needs a person today.
 */
import { countCustomers, listCustomerSummaries } from '../db/customer-repository.ts';
import {
  attentionCounts,
  openAmountsByDueDate,
  receivablesAtDays,
  salesByMonth,
} from '../db/report-repository.ts';
import { AGING_BUCKETS, ageReceivables } from '../domain/aging.ts';
import {
  addDays,
  addMonths,
  type CalendarDate,
  calendarDate,
  daysBetween,
  daysInMonth,
  endOfMonth,
  monthOf,
  yearOf,
} from '../domain/calendar-date.ts';
import { Money } from '../domain/money.ts';
import { collectionEffectivenessIndex, daysSalesOutstandingCountback } from '../domain/receivables-kpis.ts';
import type { ServiceContext } from './service-context.ts';

const TREND_MONTHS = 6;
/** Months of sales the countback may walk through. */
const DSO_LOOKBACK_MONTHS = 12;

const monthKey = (d: CalendarDate) => `${yearOf(d)}-${String(monthOf(d)).padStart(2, '0')}`;

/** DSO at `asOf` by countback through the months before it (the running month counts up to `asOf`). */
function dsoAt(asOf: CalendarDate, receivablesCents: number, sales: Map<string, number>): number | null {
  if (receivablesCents <= 0) return receivablesCents === 0 ? 0 : null;
  const periods = [];
  for (let i = 0; i < DSO_LOOKBACK_MONTHS; i += 1) {
    const month = addMonths(calendarDate(yearOf(asOf), monthOf(asOf), 1), -i);
    const days = i === 0 ? daysBetween(month, asOf) + 1 : daysInMonth(yearOf(month), monthOf(month));
    periods.push({ days, sales: Money.of(sales.get(monthKey(month)) ?? 0) });
  }
  if (periods.every((p) => p.sales.isZero())) return null;
  return daysSalesOutstandingCountback(Money.of(receivablesCents), periods);
}

export async function dashboard(ctx: ServiceContext, asOf: CalendarDate) {
  const firstOfMonth = calendarDate(yearOf(asOf), monthOf(asOf), 1);
  const oldest = addMonths(firstOfMonth, -(TREND_MONTHS + DSO_LOOKBACK_MONTHS));
  const [items, sales, attention, top] = await Promise.all([
    openAmountsByDueDate(ctx.db, ctx.tenantId, asOf, null),
    salesByMonth(ctx.db, ctx.tenantId, oldest, asOf),
    attentionCounts(ctx.db, ctx.tenantId, asOf),
    listCustomerSummaries(ctx.db, ctx.tenantId, {
      overdueOnly: true,
      sort: 'overdue',
      asOf,
      after: null,
      limit: 10,
    }),
  ]);
  const aging = ageReceivables(
    items.map((i) => ({ dueDate: i.dueDate as CalendarDate, open: Money.of(i.openCents), count: i.count })),
    asOf,
  );
  const overdue = AGING_BUCKETS.filter((b) => b !== 'current').map((b) => aging.buckets[b]);
  const trend = [];
  // Month ends of the last months (each month's CEI needs the end of the month before), then today.
  const monthEnds = Array.from({ length: TREND_MONTHS }, (_, k) =>
    endOfMonth(addMonths(firstOfMonth, -(TREND_MONTHS - k))),
  );
  const atMonthEnds = await receivablesAtDays(ctx.db, ctx.tenantId, monthEnds);
  let previous = { total: atMonthEnds[0]?.totalCents ?? 0 };
  for (let i = TREND_MONTHS - 1; i >= 0; i -= 1) {
    const end = i === 0 ? asOf : endOfMonth(addMonths(firstOfMonth, -i));
    const stored = atMonthEnds[TREND_MONTHS - i];
    const atEnd =
      i === 0 || !stored
        ? { total: aging.total.minor, current: aging.buckets.current.amount.minor }
        : { total: stored.totalCents, current: stored.currentCents };
    const salesInMonth = sales.get(monthKey(end)) ?? 0;
    trend.push({
      month: monthKey(end),
      dso: dsoAt(end, atEnd.total, sales),
      cei: collectionEffectivenessIndex({
        beginningReceivables: Money.of(previous.total),
        creditSales: Money.of(salesInMonth),
        endingReceivables: Money.of(atEnd.total),
        endingCurrentReceivables: Money.of(atEnd.current),
      }),
    });
    previous = atEnd;
  }
  const expected = [0, 1, 2, 3].map((week) => {
    const weekStart = addDays(asOf, week * 7);
    const weekEnd = addDays(weekStart, 7);
    const cents = items
      .filter((i) => i.dueDate >= weekStart && i.dueDate < weekEnd)
      .reduce((sum, i) => sum + i.openCents, 0);
    return { weekStart, cents };
  });
  const latest = trend.at(-1);
  return {
    asOf,
    empty: items.length === 0 && (await countCustomers(ctx.db, ctx.tenantId)) === 0,
    openCents: aging.total.minor,
    overdueCents: overdue.reduce((sum, b) => sum + b.amount.minor, 0),
    openInvoices: aging.count,
    overdueInvoices: overdue.reduce((sum, b) => sum + b.count, 0),
    aging: AGING_BUCKETS.map((bucket) => ({
      bucket,
      cents: aging.buckets[bucket].amount.minor,
      count: aging.buckets[bucket].count,
    })),
    dso: latest?.dso ?? null,
    cei: latest?.cei ?? null,
    trend,
    expected,
    topOverdue: top.map((c) => ({
      customerId: c.id,
      customerNumber: c.number,
      name: c.name,
      overdueCents: c.overdueCents,
    })),
    attention,
  };
}
