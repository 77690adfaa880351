/**
 * @module risk-repository
 * Read models for credit risk, credit limits and the cash forecast. Set-wise: each query answers
 * one concern for a whole batch of customers (or the whole company), never one customer at a time.
 */
import { sql } from 'drizzle-orm';
import { type Db, queryRows } from './database.ts';
import { OPEN_CASE_STATUSES } from './collection-repository.ts';
import { isAnyOf } from './sql-arrays.ts';

export interface RiskCustomerRow {
  id: number;
  number: string;
  name: string;
  creditLimitCents: number | null;
}

const num = (value: unknown) => Number(value);
const numOrNull = (value: unknown) => (value === null || value === undefined ? null : Number(value));

function customerOf(r: Record<string, unknown>): RiskCustomerRow {
  return {
    id: num(r.id),
    number: String(r.number),
    name: String(r.name),
    creditLimitCents: numOrNull(r.credit_limit_cents),
  };
}

/** Customers with something open (principal of an open invoice), by id. */
export async function customersWithOpenItems(db: Db, tenantId: number): Promise<RiskCustomerRow[]> {
  const rows = await queryRows<Record<string, unknown>>(
    db,
    sql`select cu.id, cu.number, cu.name, cu.credit_limit_cents
          from customers cu
         where cu.tenant_id = ${tenantId}
           and exists (select 1 from claim_states c
                         join invoices i on i.tenant_id = c.tenant_id and i.id = c.invoice_id
                        where c.tenant_id = cu.tenant_id and c.customer_id = cu.id
                          and c.open_principal_cents > 0 and i.status = 'open')
         order by cu.id`,
  );
  return rows.map(customerOf);
}

export async function riskCustomersByIds(
  db: Db,
  tenantId: number,
  ids: readonly number[],
): Promise<RiskCustomerRow[]> {
  if (ids.length === 0) return [];
  const rows = await queryRows<Record<string, unknown>>(
    db,
    sql`select id, number, name, credit_limit_cents from customers
         where tenant_id = ${tenantId} and ${isAnyOf(sql`id`, ids)} order by id`,
  );
  return rows.map(customerOf);
}

export interface InvoiceBehaviourRow {
  customerId: number;
  issuedOn: string;
  dueDate: string;
  grossCents: number;
  /** The day the principal was settled as of `asOf`; null while open then. */
  settledOn: string | null;
  /** Open principal as of `asOf` (0 once settled). */
  openCents: number;
}

/**
 * Every invoice of the customers issued by `asOf` (cancelled ones and those of no amount left
 * out), with its open principal as of that day — allocations after it added back, as the aging
 * report does — and, once settled, the day of the last principal allocation (payment, Skonto,
 * credit note or write-off) from a payment that was not returned by then.
 */
export async function invoiceBehaviourOf(
  db: Db,
  tenantId: number,
  customerIds: readonly number[],
  asOf: string,
): Promise<InvoiceBehaviourRow[]> {
  if (customerIds.length === 0) return [];
  const rows = await queryRows<Record<string, unknown>>(
    db,
    sql`with inv as (
          select i.id, i.customer_id, i.issued_on, i.due_date, i.gross_cents, c.open_principal_cents
            from invoices i
            join claim_states c on c.tenant_id = i.tenant_id and c.invoice_id = i.id
           where i.tenant_id = ${tenantId} and ${isAnyOf(sql`i.customer_id`, customerIds)}
             and i.status <> 'cancelled' and i.gross_cents > 0 and i.issued_on <= ${asOf}::date),
        later as (
          select a.invoice_id, sum(a.amount_cents) as cents
            from payment_allocations a
           where a.tenant_id = ${tenantId} and a.invoice_id in (select id from inv)
             and a.component in ('principal', 'skonto', 'write-off') and a.effective_on > ${asOf}::date
           group by a.invoice_id),
        settled as (
          select a.invoice_id, max(a.effective_on) as settled_on
            from payment_allocations a
            join payments p on p.tenant_id = a.tenant_id and p.id = a.payment_id
            left join payments r on r.tenant_id = p.tenant_id and r.id = p.reversed_by_payment_id
           where a.tenant_id = ${tenantId} and a.invoice_id in (select id from inv)
             and a.component in ('principal', 'skonto', 'write-off') and a.amount_cents > 0
             and a.effective_on <= ${asOf}::date
             and p.reverses_payment_id is null and (r.id is null or r.received_on > ${asOf}::date)
           group by a.invoice_id)
        select inv.customer_id, inv.issued_on::text as issued_on, inv.due_date::text as due_date,
               inv.gross_cents, inv.open_principal_cents + coalesce(l.cents, 0) as open_cents,
               s.settled_on::text as settled_on
          from inv
          left join later l on l.invoice_id = inv.id
          left join settled s on s.invoice_id = inv.id
         order by inv.customer_id, inv.due_date, inv.id`,
  );
  return rows.map((r) => {
    const open = num(r.open_cents);
    const dueDate = String(r.due_date);
    return {
      customerId: num(r.customer_id),
      issuedOn: String(r.issued_on),
      dueDate,
      grossCents: num(r.gross_cents),
      // Settled without a principal allocation (there is none in practice): as if on the due date.
      settledOn: open > 0 ? null : r.settled_on === null ? dueDate : String(r.settled_on),
      openCents: Math.max(0, open),
    };
  });
}

export interface BehaviourCounts {
  promisesBroken: number;
  promisesKept: number;
  returnedPayments: number;
  disputesLost: number;
  noticesSent: number;
  collectionCases: number;
  badDebtCents: number;
}

export const NO_BEHAVIOUR_COUNTS: BehaviourCounts = {
  promisesBroken: 0,
  promisesKept: 0,
  returnedPayments: 0,
  disputesLost: 0,
  noticesSent: 0,
  collectionCases: 0,
  badDebtCents: 0,
};

/**
 * What else the customers did, each concern counted per customer between `since` (notices:
 * `noticesSince`) and `asOf`: promises broken and kept (by the promised day), payments returned or
 * reversed, disputes rejected, notices that went out, handovers to collection, bad debt written off.
 */
export async function behaviourCountsOf(
  db: Db,
  tenantId: number,
  customerIds: readonly number[],
  window: { since: string; noticesSince: string; asOf: string },
): Promise<Map<number, BehaviourCounts>> {
  const result = new Map<number, BehaviourCounts>();
  if (customerIds.length === 0) return result;
  const { since, noticesSince, asOf } = window;
  const rows = await queryRows<{ customer_id: unknown; kind: string; n: unknown; cents: unknown }>(
    db,
    sql`select customer_id, kind, count(*) as n, coalesce(sum(cents), 0) as cents from (
          select i.customer_id, case p.status when 'broken' then 'promisesBroken' else 'promisesKept' end as kind,
                 0::bigint as cents
            from promises_to_pay p
            join invoices i on i.tenant_id = p.tenant_id and i.id = p.invoice_id
           where p.tenant_id = ${tenantId} and p.status in ('broken', 'kept')
             and p.pay_by between ${since}::date and ${asOf}::date
             and ${isAnyOf(sql`i.customer_id`, customerIds)}
          union all
          select p.customer_id, 'returnedPayments', 0
            from payments p
           where p.tenant_id = ${tenantId} and p.reverses_payment_id is not null
             and p.received_on between ${since}::date and ${asOf}::date
             and ${isAnyOf(sql`p.customer_id`, customerIds)}
          union all
          select i.customer_id, 'disputesLost', 0
            from disputes d
            join invoices i on i.tenant_id = d.tenant_id and i.id = d.invoice_id
           where d.tenant_id = ${tenantId} and d.resolution = 'rejected'
             and d.resolved_on between ${since}::date and ${asOf}::date
             and ${isAnyOf(sql`i.customer_id`, customerIds)}
          union all
          select n.customer_id, 'noticesSent', 0
            from notices n
           where n.tenant_id = ${tenantId} and n.status in ('approved', 'sent')
             and n.issued_on between ${noticesSince}::date and ${asOf}::date
             and ${isAnyOf(sql`n.customer_id`, customerIds)}
          union all
          select k.customer_id, 'collectionCases', 0
            from collection_cases k
           where k.tenant_id = ${tenantId} and k.handed_over_on between ${since}::date and ${asOf}::date
             and ${isAnyOf(sql`k.customer_id`, customerIds)}
          union all
          select w.customer_id, 'badDebtCents', w.principal_cents
            from write_offs w
           where w.tenant_id = ${tenantId} and w.kind = 'bad-debt'
             and w.written_off_on between ${since}::date and ${asOf}::date
             and ${isAnyOf(sql`w.customer_id`, customerIds)}
        ) facts
        group by customer_id, kind`,
  );
  for (const row of rows) {
    const id = num(row.customer_id);
    const counts = result.get(id) ?? { ...NO_BEHAVIOUR_COUNTS };
    const kind = row.kind as keyof BehaviourCounts;
    counts[kind] = kind === 'badDebtCents' ? num(row.cents) : num(row.n);
    result.set(id, counts);
  }
  return result;
}

export interface ExposureRow extends RiskCustomerRow {
  /** Open principal and costs of open invoices. */
  openClaimsCents: number;
  /** Gross of orders not yet invoiced. */
  openOrdersCents: number;
}

/** What the customers owe now or have ordered: by ids, or every customer whose exposure is above its limit. */
export async function exposureOf(
  db: Db,
  tenantId: number,
  filter: { customerIds: readonly number[] } | { overLimit: true },
): Promise<ExposureRow[]> {
  const byIds = 'customerIds' in filter;
  if (byIds && filter.customerIds.length === 0) return [];
  const only = (column: string) => (byIds ? sql`and ${isAnyOf(sql.raw(column), filter.customerIds)}` : sql``);
  const rows = await queryRows<Record<string, unknown>>(
    db,
    sql`with claims as (
          select c.customer_id, sum(greatest(c.open_principal_cents, 0) + greatest(c.open_costs_cents, 0)) as cents
            from claim_states c
            join invoices i on i.tenant_id = c.tenant_id and i.id = c.invoice_id
           where c.tenant_id = ${tenantId} and i.status = 'open' ${only('c.customer_id')}
           group by c.customer_id),
        open_orders as (
          select o.customer_id, sum(l.gross_cents) as cents
            from orders o
            join order_lines l on l.tenant_id = o.tenant_id and l.order_id = o.id
           where o.tenant_id = ${tenantId} and o.status not in ('invoiced', 'cancelled') ${only('o.customer_id')}
           group by o.customer_id)
        select cu.id, cu.number, cu.name, cu.credit_limit_cents,
               coalesce(cl.cents, 0) as claims_cents, coalesce(oo.cents, 0) as orders_cents
          from customers cu
          left join claims cl on cl.customer_id = cu.id
          left join open_orders oo on oo.customer_id = cu.id
         where cu.tenant_id = ${tenantId}
           ${
             byIds
               ? only('cu.id')
               : sql`and cu.credit_limit_cents is not null
                     and coalesce(cl.cents, 0) + coalesce(oo.cents, 0) > cu.credit_limit_cents`
           }
         order by cu.id`,
  );
  return rows.map((r) => ({
    ...customerOf(r),
    openClaimsCents: num(r.claims_cents),
    openOrdersCents: num(r.orders_cents),
  }));
}

/** Locks the customer's row for the rest of the transaction: credit checks of one customer queue up. */
export async function lockCustomerForCredit(db: Db, tenantId: number, customerId: number): Promise<void> {
  await queryRows(
    db,
    sql`select id from customers where tenant_id = ${tenantId} and id = ${customerId} for update`,
  );
}

export interface ForecastClaimRow {
  customerId: number;
  dueDate: string;
  openCents: number;
  /** Held by an active instalment plan: its instalments stand for it. */
  inPlan: boolean;
  handedOver: boolean;
  disputed: boolean;
}

/**
 * Open claims now (principal and costs), with what holds them on `day`: an active instalment
 * plan, an open collection case, a dispute (from its opening until the day before its resolution,
 * or through its expiry — as the dunning run reads it).
 */
export async function forecastClaimsOf(db: Db, tenantId: number, day: string): Promise<ForecastClaimRow[]> {
  const rows = await queryRows<Record<string, unknown>>(
    db,
    sql`select i.customer_id, i.due_date::text as due_date,
               greatest(c.open_principal_cents, 0) + greatest(c.open_costs_cents, 0) as open_cents,
               exists (select 1 from instalment_plan_claims pc
                         join instalment_plans p on p.tenant_id = pc.tenant_id and p.id = pc.plan_id
                        where pc.tenant_id = i.tenant_id and pc.invoice_id = i.id and p.status = 'active') as in_plan,
               exists (select 1 from collection_case_claims k
                         join collection_cases cc on cc.tenant_id = k.tenant_id and cc.id = k.case_id
                        where k.tenant_id = i.tenant_id and k.invoice_id = i.id
                          and cc.status = any(${sql.param([...OPEN_CASE_STATUSES])}::text[])) as handed_over,
               exists (select 1 from disputes d
                        where d.tenant_id = i.tenant_id and d.invoice_id = i.id and d.opened_on <= ${day}::date
                          and case when d.resolved_on is not null then d.resolved_on > ${day}::date
                                   else d.expires_on is null or d.expires_on >= ${day}::date end) as disputed
          from claim_states c
          join invoices i on i.tenant_id = c.tenant_id and i.id = c.invoice_id
         where c.tenant_id = ${tenantId} and i.status = 'open'
           and greatest(c.open_principal_cents, 0) + greatest(c.open_costs_cents, 0) > 0
         order by i.due_date, i.id`,
  );
  return rows.map((r) => ({
    customerId: num(r.customer_id),
    dueDate: String(r.due_date),
    openCents: num(r.open_cents),
    inPlan: r.in_plan === true,
    handedOver: r.handed_over === true,
    disputed: r.disputed === true,
  }));
}

export interface ActivePlanInstalments {
  planId: number;
  customerId: number;
  instalments: { number: number; dueDate: string; amountCents: number }[];
}

/** The schedules of all active instalment plans. */
export async function activePlanInstalments(db: Db, tenantId: number): Promise<ActivePlanInstalments[]> {
  const rows = await queryRows<Record<string, unknown>>(
    db,
    sql`select p.id as plan_id, p.customer_id, n.number, n.due_date::text as due_date, n.amount_cents
          from instalment_plans p
          join instalments n on n.tenant_id = p.tenant_id and n.plan_id = p.id
         where p.tenant_id = ${tenantId} and p.status = 'active'
         order by p.id, n.number`,
  );
  const plans = new Map<number, ActivePlanInstalments>();
  for (const r of rows) {
    const planId = num(r.plan_id);
    const plan = plans.get(planId) ?? { planId, customerId: num(r.customer_id), instalments: [] };
    plan.instalments.push({
      number: num(r.number),
      dueDate: String(r.due_date),
      amountCents: num(r.amount_cents),
    });
    plans.set(planId, plan);
  }
  return [...plans.values()];
}
