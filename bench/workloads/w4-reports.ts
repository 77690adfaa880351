/**
 * @module w4-reports
 * W4: the aging report and the dashboard figures over the shared data set's SCALE invoices.
 * Floor: a bare GROUP BY of the open amounts into the same aging buckets, in the database.
 */
import { benchTenantId, contextFor, openBenchDatabase, rawQuery } from '../bench-database.ts';
import { BENCH_TODAY } from '../bench-data.ts';
import {
  asFloor,
  check,
  measurePhase,
  plain,
  processPeakRssMb,
  type WorkloadReport,
} from '../bench-measure.ts';
import { dashboard } from '../../src/services/dashboard-service.ts';
import { agingReport } from '../../src/services/report-service.ts';
import type { WorkloadArgs } from './workload-args.ts';

export async function benchReports(args: WorkloadArgs): Promise<WorkloadReport> {
  const { scale } = args;
  // Short operations: a few more runs make the median steadier.
  const runs = Math.max(args.runs, 5);
  const database = await openBenchDatabase(args.target);
  try {
    const ctx = contextFor(database.db, await benchTenantId(database.db));
    const aging = await measurePhase(
      {
        id: 'W4-aging',
        what: 'aging report',
        runs,
        items: scale,
        detail: (r) => `${r.total.count} open items, ${r.total.total.minor} ct`,
      },
      () => agingReport(ctx, BENCH_TODAY, null),
    );
    const figures = await measurePhase(
      {
        id: 'W4-dashboard',
        what: 'dashboard figures',
        runs,
        items: scale,
        detail: (r) => `DSO ${r.dso ?? '–'}`,
      },
      () => dashboard(ctx, BENCH_TODAY),
    );
    const floor = await measurePhase(
      { id: 'W4-floor', what: 'bare GROUP BY', runs, items: scale, detail: (rows) => `${rows} buckets` },
      async () =>
        (
          await rawQuery(
            ctx.db,
            `select case when i.due_date >= '${BENCH_TODAY}' then 'current'
                         when i.due_date >= date '${BENCH_TODAY}' - 30 then '1-30'
                         when i.due_date >= date '${BENCH_TODAY}' - 60 then '31-60'
                         when i.due_date >= date '${BENCH_TODAY}' - 90 then '61-90' else '90+' end as bucket,
                    count(*), sum(c.open_principal_cents)
               from claim_states c join invoices i on i.tenant_id = c.tenant_id and i.id = c.invoice_id
              where c.tenant_id = ${ctx.tenantId} and c.open_principal_cents > 0 group by 1`,
          )
        ).length,
    );
    const agingRatio = aging.medianMs / floor.medianMs;
    const dashboardRatio = figures.medianMs / floor.medianMs;
    return {
      id: 'W4',
      figures: [
        plain(aging),
        asFloor(floor, aging),
        plain(figures),
        { ...asFloor(floor, figures), what: 'bare GROUP BY (same)' },
      ],
      targets: [
        check('W4', 'aging ≤ 200 ms', `${aging.medianMs} ms at ${scale}`, aging.medianMs <= 200),
        check('W4', 'aging ≤ 1.5× floor', `${agingRatio.toFixed(1)}×`, agingRatio <= 1.5),
        check('W4', 'dashboard ≤ 200 ms', `${figures.medianMs} ms at ${scale}`, figures.medianMs <= 200),
        check('W4', 'dashboard ≤ 1.5× floor', `${dashboardRatio.toFixed(1)}×`, dashboardRatio <= 1.5),
      ],
      processPeakRssMb: processPeakRssMb(),
    };
  } finally {
    await database.close();
  }
}
