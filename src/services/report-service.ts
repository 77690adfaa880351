/**
 * @module report-service
 * The aging report (Fälligkeitsanalyse) at a date, in total and by customer or group.
 */
import { openItemsAsOf } from '../db/report-repository.ts';
import { type AgingReport, ageReceivables, ageReceivablesByKey } from '../domain/aging.ts';
import type { CalendarDate } from '../domain/calendar-date.ts';
import { Money } from '../domain/money.ts';
import type { ServiceContext } from './service-context.ts';

export interface AgingReportResult {
  total: AgingReport;
  breakdown: { key: string; report: AgingReport }[] | null;
}

export async function agingReport(
  ctx: ServiceContext,
  asOf: CalendarDate,
  by: 'customer' | 'group' | null,
): Promise<AgingReportResult> {
  const rows = await openItemsAsOf(ctx.db, ctx.tenantId, asOf);
  const items = rows.map((r) => ({
    dueDate: r.dueDate as CalendarDate,
    open: Money.of(r.openCents),
    key: by === 'group' ? (r.groupKey ?? '(none)') : r.customerNumber,
  }));
  return {
    total: ageReceivables(items, asOf),
    breakdown: by ? ageReceivablesByKey(items, asOf) : null,
  };
}
