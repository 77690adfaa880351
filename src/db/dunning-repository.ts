/**
 * @module dunning-repository
 * Loads the facts of the daily run set-wise — a handful of queries per batch of customers, never
 * one per invoice — and records runs.
 */
import { isAnyOf } from './sql-arrays.ts';
import { and, desc, eq, lt, sql } from 'drizzle-orm';
import type { Db } from './database.ts';
import { queryRows } from './database.ts';
import { dunningRuns } from './schema.ts';

export interface OpenClaimFactsRow {
  invoiceId: number;
  customerId: number;
  number: string;
  issuedOn: string;
  receivedOn: string | null;
  dueDate: string;
  dueDateFixedByCalendar: boolean;
  thirtyDayNotice: boolean;
  currency: string;
  grossCents: number;
  openPrincipalCents: number;
  openCostsCents: number;
  interestPaidCents: number;
  flatFeeClaimed: boolean;
}

export interface NoticeHistoryRow {
  invoiceId: number;
  status: 'proposed' | 'approved' | 'sent';
  stageKey: string;
  issuedOn: string;
  channel: string;
  paymentDeadline: string | null;
  flatFeeCents: number;
}

export async function countCustomersWithOpenClaims(db: Db, tenantId: number): Promise<number> {
  const [row] = await queryRows<{ n: number }>(
    db,
    sql`select count(distinct customer_id)::int as n from claim_states where tenant_id = ${tenantId} and open_principal_cents > 0`,
  );
  return Number(row?.n ?? 0);
}

/** Ids of customers with something open, in order, from `afterId` on. */
export async function customersWithOpenClaims(
  db: Db,
  tenantId: number,
  afterId: number,
  limit: number,
): Promise<number[]> {
  const rows = await queryRows<{ customer_id: number }>(
    db,
    sql`select distinct customer_id from claim_states
         where tenant_id = ${tenantId} and open_principal_cents > 0 and customer_id > ${afterId}
         order by customer_id limit ${limit}`,
  );
  return rows.map((r) => Number(r.customer_id));
}

export async function openClaimsOfCustomers(
  db: Db,
  tenantId: number,
  customerIds: readonly number[],
): Promise<OpenClaimFactsRow[]> {
  if (customerIds.length === 0) return [];
  const rows = await queryRows<Record<string, unknown>>(
    db,
    sql`select i.id, i.customer_id, i.number, i.issued_on::text as issued_on, i.received_on::text as received_on,
               i.due_date::text as due_date, i.due_date_fixed_by_calendar, i.thirty_day_notice, i.currency,
               i.gross_cents, c.open_principal_cents, c.open_costs_cents, c.interest_paid_cents, c.flat_fee_claimed
          from claim_states c join invoices i on i.tenant_id = c.tenant_id and i.id = c.invoice_id
         where c.tenant_id = ${tenantId} and c.open_principal_cents > 0 and i.status = 'open'
           and ${isAnyOf(sql`c.customer_id`, customerIds)}`,
  );
  return rows.map((r) => ({
    invoiceId: Number(r.id),
    customerId: Number(r.customer_id),
    number: String(r.number),
    issuedOn: String(r.issued_on),
    receivedOn: r.received_on === null ? null : String(r.received_on),
    dueDate: String(r.due_date),
    dueDateFixedByCalendar: Boolean(r.due_date_fixed_by_calendar),
    thirtyDayNotice: Boolean(r.thirty_day_notice),
    currency: String(r.currency),
    grossCents: Number(r.gross_cents),
    openPrincipalCents: Number(r.open_principal_cents),
    openCostsCents: Number(r.open_costs_cents),
    interestPaidCents: Number(r.interest_paid_cents),
    flatFeeClaimed: Boolean(r.flat_fee_claimed),
  }));
}

/** Notice items (not cancelled) of notices that are proposed, approved or sent, for these claims. */
export async function noticeHistoryOf(
  db: Db,
  tenantId: number,
  invoiceIds: readonly number[],
): Promise<NoticeHistoryRow[]> {
  if (invoiceIds.length === 0) return [];
  const rows = await queryRows<Record<string, unknown>>(
    db,
    sql`select ni.invoice_id, n.status, coalesce(ni.stage_key, n.stage_key) as stage_key,
               n.issued_on::text as issued_on, n.channel,
               n.payment_deadline::text as payment_deadline, ni.flat_fee_cents
          from notice_items ni join notices n on n.tenant_id = ni.tenant_id and n.id = ni.notice_id
         where ni.tenant_id = ${tenantId} and not ni.cancelled and n.status in ('proposed', 'approved', 'sent')
           and ${isAnyOf(sql`ni.invoice_id`, invoiceIds)}`,
  );
  return rows.map((r) => ({
    invoiceId: Number(r.invoice_id),
    status: r.status as NoticeHistoryRow['status'],
    stageKey: String(r.stage_key),
    issuedOn: String(r.issued_on),
    channel: String(r.channel),
    paymentDeadline: r.payment_deadline === null ? null : String(r.payment_deadline),
    flatFeeCents: Number(r.flat_fee_cents),
  }));
}

export async function insertRun(db: Db, tenantId: number, runOn: string, actor: string): Promise<number> {
  const [row] = await db
    .insert(dunningRuns)
    .values({ tenantId, runOn, status: 'running', actor })
    .returning({ id: dunningRuns.id });
  return (row as { id: number }).id;
}

export async function finishRun(
  db: Db,
  tenantId: number,
  runId: number,
  status: 'finished' | 'failed',
  stats: Record<string, unknown>,
): Promise<void> {
  await db
    .update(dunningRuns)
    .set({ status, stats, finishedAt: new Date() })
    .where(and(eq(dunningRuns.tenantId, tenantId), eq(dunningRuns.id, runId)));
}

export type DunningRunRow = typeof dunningRuns.$inferSelect;

/** Runs, newest first; `before` is the id of the last run of the previous page. */
export async function listRuns(
  db: Db,
  tenantId: number,
  options: { before: number | null; limit: number },
): Promise<DunningRunRow[]> {
  return db
    .select()
    .from(dunningRuns)
    .where(
      and(
        eq(dunningRuns.tenantId, tenantId),
        options.before === null ? undefined : lt(dunningRuns.id, options.before),
      ),
    )
    .orderBy(desc(dunningRuns.id))
    .limit(options.limit + 1);
}

export async function findRun(db: Db, tenantId: number, id: number): Promise<DunningRunRow | undefined> {
  const [row] = await db
    .select()
    .from(dunningRuns)
    .where(and(eq(dunningRuns.tenantId, tenantId), eq(dunningRuns.id, id)));
  return row;
}

/** How many notices of a run are in each status (proposed, approved, sent, cancelled). */
export async function noticeCountsOfRun(db: Db, tenantId: number, runId: number) {
  const rows = await queryRows<{ status: string; n: number }>(
    db,
    sql`select status, count(*)::int as n from notices
         where tenant_id = ${tenantId} and run_id = ${runId} group by status`,
  );
  return Object.fromEntries(rows.map((r) => [r.status, Number(r.n)])) as Record<string, number>;
}
