/**
 * @module report-repository
 * Read models for reports: open items with their customer and group.
 */
import { sql } from 'drizzle-orm';
import type { Db } from './database.ts';
import { queryRows } from './database.ts';

export interface OpenAmountRow {
  dueDate: string;
  /** Customer number or group key when broken down; null otherwise. */
  key: string | null;
  openCents: number;
  /** Invoices with something open on that due date (and key). */
  count: number;
}

/**
 * Open principal as of `asOf` by due date (and customer or group): invoices issued by then, payments
 * credited after it added back. Grouped in the database, so a report over a million invoices moves
 * a few hundred rows; which bucket a due date falls in stays the domain's rule (aging.ts).
 *
 * Two queries: every claim as it stands now, grouped (a plain join and aggregate, which a PostgreSQL
 * server runs in parallel — joined to the later payments it ran on one core, 1.7× as long at
 * 1,000,000 invoices), and the few claims paid after `asOf`, whose rows are then moved from what
 * they are now to what they were on that day. Owed amounts and credits stay apart, as before.
 */
export async function openAmountsByDueDate(
  db: Db,
  tenantId: number,
  asOf: string,
  by: 'customer' | 'group' | null,
): Promise<OpenAmountRow[]> {
  const key =
    by === 'customer'
      ? sql`cu.number`
      : by === 'group'
        ? sql`coalesce(cu.group_key, '(none)')`
        : sql`null::text`;
  const claimsOnTheDay = sql`
    join invoices i on i.tenant_id = c.tenant_id and i.id = c.invoice_id
    ${by ? sql`join customers cu on cu.tenant_id = c.tenant_id and cu.id = c.customer_id` : sql``}
   where c.tenant_id = ${tenantId} and i.issued_on <= ${asOf}::date and i.status <> 'cancelled'`;
  const now = await queryRows<Record<string, unknown>>(
    db,
    sql`select i.due_date::text as due_date, ${key} as key,
               coalesce(sum(c.open_principal_cents) filter (where c.open_principal_cents > 0), 0) as owed_cents,
               count(*) filter (where c.open_principal_cents > 0) as owed,
               coalesce(sum(c.open_principal_cents) filter (where c.open_principal_cents < 0), 0) as credit_cents,
               count(*) filter (where c.open_principal_cents < 0) as credits
          from claim_states c ${claimsOnTheDay} and c.open_principal_cents <> 0
         group by i.due_date, ${key}`,
  );
  const paidLater = await queryRows<Record<string, unknown>>(
    db,
    sql`with later as (
          select a.invoice_id, sum(a.amount_cents)::bigint as cents
            from payment_allocations a
           where a.tenant_id = ${tenantId} and a.component in ('principal', 'skonto', 'write-off')
             and a.effective_on > ${asOf}::date
           group by a.invoice_id)
        select i.due_date::text as due_date, ${key} as key, c.open_principal_cents as now_cents,
               c.open_principal_cents + l.cents as then_cents
          from later l join claim_states c on c.tenant_id = ${tenantId} and c.invoice_id = l.invoice_id
          ${claimsOnTheDay}`,
  );
  // Per due date and key, owed amounts (sign 1) and credits (sign -1) apart.
  const groups = new Map<string, OpenAmountRow>();
  const add = (r: Record<string, unknown>, sign: number, cents: number, count: number) => {
    if (count === 0) return;
    const key = r.key === null ? null : String(r.key);
    const id = JSON.stringify([r.due_date, key, sign]);
    const group = groups.get(id) ?? { dueDate: String(r.due_date), key, openCents: 0, count: 0 };
    group.openCents += cents;
    group.count += count;
    groups.set(id, group);
  };
  for (const r of now) {
    add(r, 1, Number(r.owed_cents), Number(r.owed));
    add(r, -1, Number(r.credit_cents), Number(r.credits));
  }
  for (const r of paidLater) {
    const [nowCents, thenCents] = [Number(r.now_cents), Number(r.then_cents)];
    if (nowCents !== 0) add(r, Math.sign(nowCents), -nowCents, -1);
    if (thenCents !== 0) add(r, Math.sign(thenCents), thenCents, 1);
  }
  return [...groups.values()].filter((g) => g.count !== 0);
}

/** What was open at the end of a day, and how much of it was not yet due (DSO/CEI trend). */
export interface ReceivablesAtDay {
  day: string;
  totalCents: number;
  currentCents: number;
}

/**
 * Receivables at several days in one pass over the claims: the open amounts are grouped by
 * (issued, due) day first, payments made after each day are added back from their own grouping,
 * so each further day costs a few thousand grouped rows instead of another scan of every claim.
 */
export async function receivablesAtDays(
  db: Db,
  tenantId: number,
  days: readonly string[],
): Promise<ReceivablesAtDay[]> {
  if (days.length === 0) return [];
  const rows = await queryRows<Record<string, unknown>>(
    db,
    sql`with days as (select unnest(${sql.param([...days])}::date[]) as day),
        open as (
          select i.issued_on, i.due_date, sum(c.open_principal_cents) as cents
            from claim_states c
            join invoices i on i.tenant_id = c.tenant_id and i.id = c.invoice_id
           where c.tenant_id = ${tenantId} and i.status <> 'cancelled'
           group by i.issued_on, i.due_date),
        paid as (
          select i.issued_on, i.due_date, a.effective_on, sum(a.amount_cents) as cents
            from payment_allocations a
            join invoices i on i.tenant_id = a.tenant_id and i.id = a.invoice_id
           where a.tenant_id = ${tenantId} and a.component in ('principal', 'skonto', 'write-off')
             and i.status <> 'cancelled'
           group by i.issued_on, i.due_date, a.effective_on)
        select d.day::text as day,
               coalesce((select sum(o.cents) from open o where o.issued_on <= d.day), 0)
             + coalesce((select sum(p.cents) from paid p
                          where p.issued_on <= d.day and p.effective_on > d.day), 0) as total_cents,
               coalesce((select sum(o.cents) from open o
                          where o.issued_on <= d.day and o.due_date >= d.day), 0)
             + coalesce((select sum(p.cents) from paid p
                          where p.issued_on <= d.day and p.effective_on > d.day
                            and p.due_date >= d.day), 0) as current_cents
          from days d`,
  );
  return rows.map((r) => ({
    day: String(r.day),
    totalCents: Number(r.total_cents),
    currentCents: Number(r.current_cents),
  }));
}

/** Gross amounts invoiced per calendar month (`YYYY-MM`) from `from` to `to`, cancelled invoices left out. */
export async function salesByMonth(
  db: Db,
  tenantId: number,
  from: string,
  to: string,
): Promise<Map<string, number>> {
  const rows = await queryRows<{ month: string; cents: string | number }>(
    db,
    sql`select to_char(issued_on, 'YYYY-MM') as month, sum(gross_cents) as cents
          from invoices
         where tenant_id = ${tenantId} and issued_on between ${from}::date and ${to}::date
           and status <> 'cancelled'
         group by 1`,
  );
  return new Map(rows.map((r) => [r.month, Number(r.cents)]));
}

export interface AttentionCounts {
  proposals: number;
  paymentsToReview: number;
  promisesDue: number;
  tasksOpen: number;
}

/** What needs a person today: proposals to decide, payments to review, promises due, tasks due. */
export async function attentionCounts(db: Db, tenantId: number, today: string): Promise<AttentionCounts> {
  const [row] = await queryRows<Record<string, string | number>>(
    db,
    sql`select
          (select count(*) from notices where tenant_id = ${tenantId} and status = 'proposed') as proposals,
          (select count(*) from bank_transactions where tenant_id = ${tenantId} and status = 'review') as review,
          (select count(*) from promises_to_pay
            where tenant_id = ${tenantId} and status = 'open' and pay_by <= ${today}::date) as promises,
          (select count(*) from tasks
            where tenant_id = ${tenantId} and status = 'open' and due_on <= ${today}::date) as tasks`,
  );
  return {
    proposals: Number(row?.proposals ?? 0),
    paymentsToReview: Number(row?.review ?? 0),
    promisesDue: Number(row?.promises ?? 0),
    tasksOpen: Number(row?.tasks ?? 0),
  };
}
