/**
 * @module claim-statement-repository
 * Read model of the claim statement (Forderungsaufstellung) as of a day: a customer's claims issued
 * by then with their claim state now, and what was booked on them after that day — costs and
 * interest paid, costs charged — so that the statement can take those bookings back out.
 */
import { sql } from 'drizzle-orm';
import type { Db } from './database.ts';
import { queryRows } from './database.ts';

export interface StatementClaimRow {
  invoiceId: number;
  number: string;
  issuedOn: string;
  receivedOn: string | null;
  dueDate: string;
  dueDateFixedByCalendar: boolean;
  thirtyDayNotice: boolean;
  currency: string;
  grossCents: number;
  /** The claim state now. */
  openCostsCents: number;
  interestPaidCents: number;
  /** Paid on costs and on interest by payments credited after the day (payments undone left out). */
  costsPaidAfterCents: number;
  interestPaidAfterCents: number;
  /** Costs charged outside a notice (bank charges of a returned payment) incurred after the day. */
  claimCostsAfterCents: number;
}

/**
 * The customer's invoices issued on or before `asOf`, paid or open (cancelled and written-off ones
 * left out). A payment that was undone (returned direct debit) and its reversal are left out of the
 * bookings after `asOf`: together they changed nothing in the claim state.
 */
export async function claimsOfCustomerIssuedBy(
  db: Db,
  tenantId: number,
  customerId: number,
  asOf: string,
): Promise<StatementClaimRow[]> {
  const rows = await queryRows<Record<string, unknown>>(
    db,
    sql`with claims as (
          select i.id, i.number, i.issued_on, i.received_on, i.due_date, i.due_date_fixed_by_calendar,
                 i.thirty_day_notice, i.currency, i.gross_cents, c.open_costs_cents, c.interest_paid_cents
            from invoices i join claim_states c on c.tenant_id = i.tenant_id and c.invoice_id = i.id
           where i.tenant_id = ${tenantId} and i.customer_id = ${customerId}
             and i.issued_on <= ${asOf}::date and i.status in ('open', 'paid')),
        paid_after as (
          select a.invoice_id,
                 sum(case when a.component = 'costs' then a.amount_cents else 0 end) as costs,
                 sum(case when a.component = 'interest' then a.amount_cents else 0 end) as interest
            from payment_allocations a
            join payments p on p.tenant_id = a.tenant_id and p.id = a.payment_id
           where a.tenant_id = ${tenantId} and a.invoice_id in (select id from claims)
             and a.component in ('costs', 'interest') and a.effective_on > ${asOf}::date
             and p.reversed_by_payment_id is null and p.reverses_payment_id is null
           group by a.invoice_id),
        costs_after as (
          select k.invoice_id, sum(k.amount_cents) as cents
            from claim_costs k
           where k.tenant_id = ${tenantId} and k.invoice_id in (select id from claims)
             and k.incurred_on > ${asOf}::date
           group by k.invoice_id)
        select c.id, c.number, c.issued_on::text as issued_on, c.received_on::text as received_on,
               c.due_date::text as due_date, c.due_date_fixed_by_calendar, c.thirty_day_notice, c.currency,
               c.gross_cents, c.open_costs_cents, c.interest_paid_cents,
               coalesce(p.costs, 0) as costs_paid_after, coalesce(p.interest, 0) as interest_paid_after,
               coalesce(k.cents, 0) as claim_costs_after
          from claims c
          left join paid_after p on p.invoice_id = c.id
          left join costs_after k on k.invoice_id = c.id
         order by c.due_date, c.id`,
  );
  return rows.map((r) => ({
    invoiceId: Number(r.id),
    number: String(r.number),
    issuedOn: String(r.issued_on),
    receivedOn: r.received_on === null ? null : String(r.received_on),
    dueDate: String(r.due_date),
    dueDateFixedByCalendar: Boolean(r.due_date_fixed_by_calendar),
    thirtyDayNotice: Boolean(r.thirty_day_notice),
    currency: String(r.currency),
    grossCents: Number(r.gross_cents),
    openCostsCents: Number(r.open_costs_cents),
    interestPaidCents: Number(r.interest_paid_cents),
    costsPaidAfterCents: Number(r.costs_paid_after),
    interestPaidAfterCents: Number(r.interest_paid_after),
    claimCostsAfterCents: Number(r.claim_costs_after),
  }));
}

export interface NoticeCostRow {
  noticeId: number;
  /** The notice's fee (booked on one of its claims). */
  feeCents: number;
  invoiceId: number;
  dueDate: string;
  issuedOn: string;
  /** The €40 flat fee this item claimed. */
  flatFeeCents: number;
  alreadyInDefault: boolean;
}

/**
 * The items (not cancelled) of the customer's notices that went out (approved or sent) after
 * `asOf` and charged a fee or a flat fee, with what the approval needs to know to book them; per
 * notice in the order the run proposed them (due date, invoice date, claim id as text).
 */
export async function noticeCostsAfter(
  db: Db,
  tenantId: number,
  customerId: number,
  asOf: string,
): Promise<NoticeCostRow[]> {
  const rows = await queryRows<Record<string, unknown>>(
    db,
    sql`select n.id as notice_id, n.fee_cents, ni.invoice_id, i.due_date::text as due_date,
               i.issued_on::text as issued_on, ni.flat_fee_cents, ni.already_in_default
          from notices n
          join notice_items ni on ni.tenant_id = n.tenant_id and ni.notice_id = n.id
          join invoices i on i.tenant_id = ni.tenant_id and i.id = ni.invoice_id
         where n.tenant_id = ${tenantId} and n.customer_id = ${customerId}
           and n.status in ('approved', 'sent') and n.issued_on > ${asOf}::date and not ni.cancelled
           and (n.fee_cents > 0 or ni.flat_fee_cents > 0)
         order by n.id, i.due_date, i.issued_on, ni.invoice_id::text`,
  );
  return rows.map((r) => ({
    noticeId: Number(r.notice_id),
    feeCents: Number(r.fee_cents),
    invoiceId: Number(r.invoice_id),
    dueDate: String(r.due_date),
    issuedOn: String(r.issued_on),
    flatFeeCents: Number(r.flat_fee_cents),
    alreadyInDefault: Boolean(r.already_in_default),
  }));
}
