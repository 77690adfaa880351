/**
 * @module report-service
 * The aging report (Fälligkeitsanalyse) at a date, in total and by customer or group.
 */
import { openAmountsByDueDate } from '../db/report-repository.ts';
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
  const rows = await openAmountsByDueDate(ctx.db, ctx.tenantId, asOf, by);
  const items = rows.map((r) => ({
    dueDate: r.dueDate as CalendarDate,
    open: Money.of(r.openCents),
    count: r.count,
    ...(r.key === null ? {} : { key: r.key }),
  }));
  return {
    total: ageReceivables(items, asOf),
    breakdown: by ? ageReceivablesByKey(items, asOf) : null,
  };
}
