/**
 * @module w2-dunning-run
 * W2: the daily dunning run (`runDunning`) over the shared data set's SCALE open invoices (~30 %
 * overdue), proposals written, in a transaction rolled back after each run. Floor: one SELECT
 * scanning the same open items, plus INSERT … SELECT of as many notice and item rows into bare tables.
 */
import {
  benchTenantId,
  contextFor,
  inRolledBackTransaction,
  openBenchDatabase,
  rawQuery,
  vacuum,
} from '../bench-database.ts';
import { BENCH_TODAY } from '../bench-data.ts';
import {
  asFloor,
  check,
  measurePhase,
  plain,
  processPeakRssMb,
  type WorkloadReport,
} from '../bench-measure.ts';
import { runDunning } from '../../src/services/dunning-run-service.ts';
import type { WorkloadArgs } from './workload-args.ts';

export async function benchDunningRun(args: WorkloadArgs): Promise<WorkloadReport> {
  const { scale, runs } = args;
  const database = await openBenchDatabase(args.target);
  const db = database.db;
  try {
    const tenantId = await benchTenantId(db);
    const run = await measurePhase(
      {
        id: 'W2',
        what: 'daily dunning run',
        runs,
        items: scale,
        after: () => vacuum(db),
        detail: (r) => `${r.notices} notices with ${r.claims} claims`,
      },
      () =>
        inRolledBackTransaction(db, (tx) =>
          runDunning(contextFor(tx, tenantId), database, { date: BENCH_TODAY }),
        ),
    );
    const { notices, claims } = run.result;

    await rawQuery(
      db,
      `create table if not exists bench_floor_notices (tenant_id bigint, customer_id bigint, stage_key text,
         issued_on date, total_cents bigint, claims int)`,
    );
    await rawQuery(
      db,
      `create table if not exists bench_floor_items (tenant_id bigint, customer_id bigint, invoice_id bigint,
         open_cents bigint, due_date date)`,
    );
    const openItems = `from claim_states c join invoices i on i.tenant_id = c.tenant_id and i.id = c.invoice_id
       where c.tenant_id = ${tenantId} and c.open_principal_cents > 0`;
    const floor = await measurePhase(
      {
        id: 'W2-floor',
        what: 'scan open items + INSERT…SELECT',
        runs,
        items: scale,
        after: () => vacuum(db),
        detail: (n) => `${n.open} open items scanned, ${n.notices} + ${n.items} rows written`,
      },
      () =>
        inRolledBackTransaction(db, async (tx) => {
          const [scan] = await rawQuery<{ n: string | number }>(
            tx,
            `select count(*) as n, sum(c.open_principal_cents) as cents, min(i.due_date) as oldest ${openItems}`,
          );
          const written = await rawQuery<{ n: string | number }>(
            tx,
            `with n as (insert into bench_floor_notices
               select c.tenant_id, c.customer_id, 'payment-reminder', '${BENCH_TODAY}', sum(c.open_principal_cents), count(*)
               ${openItems} and i.due_date < '${BENCH_TODAY}' group by 1, 2 limit ${Math.max(notices, 1)} returning 1)
             select count(*) as n from n`,
          );
          const items = await rawQuery<{ n: string | number }>(
            tx,
            `with n as (insert into bench_floor_items
               select c.tenant_id, c.customer_id, c.invoice_id, c.open_principal_cents, i.due_date
               ${openItems} and i.due_date < '${BENCH_TODAY}' limit ${Math.max(claims, 1)} returning 1)
             select count(*) as n from n`,
          );
          return { open: Number(scan?.n), notices: Number(written[0]?.n), items: Number(items[0]?.n) };
        }),
    );
    const ratio = run.medianMs / floor.medianMs;
    return {
      id: 'W2',
      figures: [plain(run), asFloor(floor, run)],
      targets: [
        check(
          'W2',
          '≤ 10 s at 1M',
          `${(run.medianMs / 1000).toFixed(1)} s at ${scale}`,
          run.medianMs <= 10_000 * (scale / 1e6),
        ),
        check('W2', '≤ 3× floor', `${ratio.toFixed(1)}×`, ratio <= 3),
      ],
      processPeakRssMb: processPeakRssMb(),
    };
  } finally {
    await database.close();
  }
}
