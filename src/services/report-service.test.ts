import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../db/database.ts';
import { ageReceivables, ageReceivablesByKey } from '../domain/aging.ts';
import type { CalendarDate } from '../domain/calendar-date.ts';
import { Money } from '../domain/money.ts';
import { newTenantContext, openTestDatabase, type TestDatabase } from '../../test/support/test-database.ts';
import { createDemoData } from './demo-service.ts';
import { agingReport } from './report-service.ts';
import { openAmountsByDueDate, receivablesAtDays } from '../db/report-repository.ts';

const TODAY = '2026-03-16';

describe('the aging report grouped in the database', () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await openTestDatabase('pglite');
  }, 60_000);
  afterAll(() => database?.close());

  it('equals the aging of every invoice one by one, today and on a past day (later payments added back)', async () => {
    const ctx = await newTenantContext(database);
    await createDemoData(ctx, { customers: 20, invoices: 150, seed: 5, today: TODAY });
    // The oracle: each invoice's open principal as of the day, aged one by one by the domain rule.
    const invoices = await queryRows<Record<string, unknown>>(
      ctx.db,
      sql`select i.id, i.issued_on::text as issued_on, i.due_date::text as due_date, i.status, cu.number,
                 c.open_principal_cents
            from invoices i
            join claim_states c on c.tenant_id = i.tenant_id and c.invoice_id = i.id
            join customers cu on cu.tenant_id = i.tenant_id and cu.id = i.customer_id
           where i.tenant_id = ${ctx.tenantId}`,
    );
    const allocations = await queryRows<Record<string, unknown>>(
      ctx.db,
      sql`select invoice_id, amount_cents, effective_on::text as effective_on, component
            from payment_allocations where tenant_id = ${ctx.tenantId}`,
    );
    for (const asOf of [TODAY, '2026-01-10']) {
      const items = invoices
        .filter((i) => String(i.issued_on) <= asOf && i.status !== 'cancelled')
        .map((i) => {
          const later = allocations
            .filter(
              (a) =>
                a.invoice_id === i.id &&
                String(a.effective_on) > asOf &&
                ['principal', 'skonto', 'write-off'].includes(String(a.component)),
            )
            .reduce((sum, a) => sum + Number(a.amount_cents), 0);
          return {
            dueDate: String(i.due_date) as CalendarDate,
            open: Money.of(Number(i.open_principal_cents) + later),
            key: String(i.number),
          };
        });
      const day = asOf as CalendarDate;
      const report = await agingReport(ctx, day, 'customer');
      expect(report.total, asOf).toEqual(ageReceivables(items, day));
      expect(report.breakdown, asOf).toEqual(ageReceivablesByKey(items, day));
    }
  }, 60_000);

  it('gives the dashboard trend in one pass: the same totals as the open items of each day', async () => {
    const ctx = await newTenantContext(database);
    await createDemoData(ctx, { customers: 25, invoices: 200, seed: 11, today: TODAY });
    const days = ['2025-09-30', '2025-10-31', '2025-12-31', '2026-01-31', '2026-02-28', TODAY];
    const oneScan = await receivablesAtDays(ctx.db, ctx.tenantId, days);
    expect(oneScan.map((r) => r.day)).toEqual(days);
    let changed = false;
    for (const [k, day] of days.entries()) {
      const items = await openAmountsByDueDate(ctx.db, ctx.tenantId, day, null);
      const total = items.reduce((sum, i) => sum + i.openCents, 0);
      const current = items.filter((i) => i.dueDate >= day).reduce((sum, i) => sum + i.openCents, 0);
      expect(oneScan[k], day).toEqual({ day, totalCents: total, currentCents: current });
      if (k > 0 && total !== oneScan[k - 1]?.totalCents) changed = true;
    }
    expect(changed, 'the receivables differ between the days (payments and new invoices)').toBe(true);
  }, 60_000);
});
