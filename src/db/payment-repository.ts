/**
 * @module payment-repository
 * Payments, their allocations, and the claim-state changes they cause.
 */
import { bulkInsert } from './bulk-insert.ts';
import { isAnyOf } from './sql-arrays.ts';
import { and, eq, gt, inArray, sql } from 'drizzle-orm';
import type { Db } from './database.ts';
import { queryRows } from './database.ts';
import { invoices, paymentAllocations, payments } from './schema.ts';

export type PaymentRow = typeof payments.$inferSelect;
export type NewPaymentRow = Omit<typeof payments.$inferInsert, 'id' | 'createdAt'>;
export type NewAllocationRow = Omit<typeof paymentAllocations.$inferInsert, 'id' | 'paymentId' | 'tenantId'>;

export interface OpenClaimRow {
  invoiceId: number;
  number: string;
  customerId: number;
  issuedOn: string;
  dueDate: string;
  grossCents: number;
  paymentTerms: Record<string, unknown>;
  openPrincipalCents: number;
  openCostsCents: number;
  interestPaidCents: number;
  /**
   * Interest demanded: by the latest notice that went out (approved or sent), an instalment agreement
   * or a handover to collection — the most of them.
   */
  interestDemandedCents: number;
}

/**
 * Open claims of a tenant, or of one customer locked for the rest of the transaction (two payments
 * never race), in the order of their due dates.
 */
export async function findOpenClaims(
  db: Db,
  tenantId: number,
  options: { customerId?: number; customerIds?: readonly number[]; lock?: boolean } = {},
): Promise<OpenClaimRow[]> {
  const ofCustomer =
    options.customerIds !== undefined
      ? sql` and ${isAnyOf(sql`c.customer_id`, options.customerIds)}`
      : options.customerId === undefined
        ? sql``
        : sql` and c.customer_id = ${options.customerId}`;
  const rows = await queryRows<Record<string, unknown>>(
    db,
    sql`select i.id, i.number, i.customer_id, i.issued_on::text as issued_on, i.due_date::text as due_date,
               i.gross_cents, i.payment_terms, c.open_principal_cents, c.open_costs_cents, c.interest_paid_cents,
               greatest(
                 coalesce((select ni.interest_cents from notice_items ni join notices n
                             on n.tenant_id = ni.tenant_id and n.id = ni.notice_id
                            where ni.tenant_id = c.tenant_id and ni.invoice_id = c.invoice_id
                              and n.status in ('approved', 'sent') and not ni.cancelled
                            order by n.issued_on desc, n.id desc limit 1), 0),
                 coalesce((select max(pc.interest_cents) from instalment_plan_claims pc join instalment_plans p
                             on p.tenant_id = pc.tenant_id and p.id = pc.plan_id
                            where pc.tenant_id = c.tenant_id and pc.invoice_id = c.invoice_id
                              and p.status <> 'cancelled'), 0),
                 coalesce((select max(cc.interest_cents) from collection_case_claims cc
                            where cc.tenant_id = c.tenant_id and cc.invoice_id = c.invoice_id), 0)) as interest_demanded
          from claim_states c join invoices i on i.tenant_id = c.tenant_id and i.id = c.invoice_id
         where c.tenant_id = ${tenantId}${ofCustomer}
           and (c.open_principal_cents > 0 or c.open_costs_cents > 0) and i.status = 'open'
         order by i.due_date, i.id${options.lock ? sql` for update of c` : sql``}`,
  );
  return rows.map((r) => ({
    invoiceId: Number(r.id),
    number: String(r.number),
    customerId: Number(r.customer_id),
    issuedOn: String(r.issued_on),
    dueDate: String(r.due_date),
    grossCents: Number(r.gross_cents),
    paymentTerms: (typeof r.payment_terms === 'string'
      ? JSON.parse(r.payment_terms)
      : r.payment_terms) as Record<string, unknown>,
    openPrincipalCents: Number(r.open_principal_cents),
    openCostsCents: Number(r.open_costs_cents),
    interestPaidCents: Number(r.interest_paid_cents),
    interestDemandedCents: Number(r.interest_demanded),
  }));
}

/** Open claims of a customer, locked for the rest of the transaction (two payments never race). */
export function lockOpenClaimsOfCustomer(
  db: Db,
  tenantId: number,
  customerId: number,
): Promise<OpenClaimRow[]> {
  return findOpenClaims(db, tenantId, { customerId, lock: true });
}

/**
 * Open claims of several customers, locked for the rest of the transaction in one statement — in
 * the order of due date and id, the order every other lock on claims takes (no deadlock).
 */
export function lockOpenClaimsOfCustomers(
  db: Db,
  tenantId: number,
  customerIds: readonly number[],
): Promise<OpenClaimRow[]> {
  if (customerIds.length === 0) return Promise.resolve([]);
  return findOpenClaims(db, tenantId, { customerIds, lock: true });
}

export async function insertPayment(
  db: Db,
  row: NewPaymentRow,
  allocations: readonly NewAllocationRow[],
): Promise<PaymentRow> {
  const [payment] = await db.insert(payments).values(row).returning();
  const created = payment as PaymentRow;
  if (allocations.length > 0) {
    await db
      .insert(paymentAllocations)
      .values(allocations.map((a) => ({ ...a, tenantId: row.tenantId, paymentId: created.id })));
  }
  return created;
}

/** Payments with their allocations, in one statement each: the payments come back in the order given. */
export async function insertPayments(
  db: Db,
  rows: readonly { payment: NewPaymentRow; allocations: readonly NewAllocationRow[] }[],
): Promise<PaymentRow[]> {
  const stored = await bulkInsert(
    db,
    payments,
    rows.map((r) => r.payment),
    { returning: true },
  );
  await bulkInsert(
    db,
    paymentAllocations,
    rows.flatMap((r, i) =>
      r.allocations.map((a) => ({
        ...a,
        tenantId: r.payment.tenantId,
        paymentId: (stored[i] as PaymentRow).id,
      })),
    ),
    { returning: false },
  );
  return stored;
}

/**
 * What several payments paid, applied to the claim states in one statement (amounts per claim summed
 * by the caller); an invoice with nothing open left is marked paid in the same statement, and one a
 * reversal (returned direct debit) opens again is marked open.
 */
export async function applyToClaims(
  db: Db,
  tenantId: number,
  paid: ReadonlyMap<number, { costs: number; interest: number; principal: number }>,
): Promise<void> {
  if (paid.size === 0) return;
  const rows = [...paid];
  const column = (pick: (row: (typeof rows)[number]) => number) => sql.param(rows.map(pick));
  await db.execute(
    sql`with paid as (
          select * from unnest(${column(([id]) => id)}::bigint[], ${column(([, p]) => p.costs)}::bigint[],
                               ${column(([, p]) => p.interest)}::bigint[], ${column(([, p]) => p.principal)}::bigint[])
                     as p(invoice_id, costs, interest, principal)),
        changed as (
          update claim_states c
             set open_costs_cents = c.open_costs_cents - paid.costs,
                 interest_paid_cents = c.interest_paid_cents + paid.interest,
                 open_principal_cents = c.open_principal_cents - paid.principal,
                 updated_at = now()
            from paid
           where c.tenant_id = ${tenantId} and c.invoice_id = paid.invoice_id
          returning c.invoice_id, c.open_principal_cents <= 0 and c.open_costs_cents <= 0 as settled)
        update invoices i set status = case when changed.settled then 'paid' else 'open' end
          from changed
         where i.tenant_id = ${tenantId} and i.id = changed.invoice_id
           and i.status = case when changed.settled then 'open' else 'paid' end`,
  );
}

/** Applies what a payment paid (or, negative, a reversal undid) to the claim state; see `applyToClaims`. */
export async function applyToClaim(
  db: Db,
  tenantId: number,
  invoiceId: number,
  paid: { costs: number; interest: number; principal: number },
): Promise<void> {
  await applyToClaims(db, tenantId, new Map([[invoiceId, paid]]));
}

/** Principal reductions per claim with their dates (payments and Skonto), for interest segments. */
export async function principalPaymentsOf(
  db: Db,
  tenantId: number,
  invoiceIds: readonly number[],
): Promise<{ invoiceId: number; effectiveOn: string; amountCents: number }[]> {
  if (invoiceIds.length === 0) return [];
  const rows = await db
    .select({
      invoiceId: paymentAllocations.invoiceId,
      effectiveOn: paymentAllocations.effectiveOn,
      amountCents: paymentAllocations.amountCents,
    })
    .from(paymentAllocations)
    .where(
      and(
        eq(paymentAllocations.tenantId, tenantId),
        isAnyOf(paymentAllocations.invoiceId, invoiceIds),
        inArray(paymentAllocations.component, ['principal', 'skonto', 'write-off']),
        gt(paymentAllocations.amountCents, 0),
        // A payment that was undone never reduced the claim: interest runs as if it had not come.
        sql`not exists (select 1 from payments p where p.tenant_id = ${paymentAllocations.tenantId}
              and p.id = ${paymentAllocations.paymentId} and p.reversed_by_payment_id is not null)`,
      ),
    );
  return rows.map((r) => ({
    invoiceId: r.invoiceId as number,
    effectiveOn: r.effectiveOn,
    amountCents: r.amountCents,
  }));
}

export interface PaymentSummaryRow {
  id: number;
  customerId: number | null;
  customerNumber: string | null;
  customerName: string | null;
  receivedOn: string;
  amountCents: number;
  currency: string;
  reference: string | null;
  payerName: string | null;
  payerIban: string | null;
  source: string;
  bankTransactionId: number | null;
  reversesPaymentId: number | null;
  reversedByPaymentId: number | null;
  /** Paid to claims: costs, interest and principal (not Skonto or write-offs, which are no money). */
  allocatedCents: number;
  /** Held as the customer's credit. */
  creditCents: number;
}

/**
 * Payments, latest credit day first; `after` is `[receivedOn, id]` of the last row of the previous page.
 * With `id`: that one payment (of this company), or none.
 */
export async function listPayments(
  db: Db,
  tenantId: number,
  filter: { id?: number; customerId?: number; after: readonly [string, number] | null; limit: number },
): Promise<PaymentSummaryRow[]> {
  const conditions = [sql`p.tenant_id = ${tenantId}`];
  if (filter.id !== undefined) conditions.push(sql`p.id = ${filter.id}`);
  if (filter.customerId !== undefined) conditions.push(sql`p.customer_id = ${filter.customerId}`);
  if (filter.after) {
    const [receivedOn, id] = filter.after;
    conditions.push(
      sql`(p.received_on < ${receivedOn}::date or (p.received_on = ${receivedOn}::date and p.id < ${id}))`,
    );
  }
  const rows = await queryRows<Record<string, unknown>>(
    db,
    sql`select p.id, p.customer_id, c.number as customer_number, c.name as customer_name,
               p.received_on::text as received_on, p.amount_cents, p.currency, p.reference, p.payer_name,
               p.payer_iban, p.source, p.bank_transaction_id, p.reverses_payment_id, p.reversed_by_payment_id,
               coalesce((select sum(a.amount_cents) from payment_allocations a
                          where a.tenant_id = p.tenant_id and a.payment_id = p.id
                            and a.component in ('costs', 'interest', 'principal')), 0) as allocated_cents,
               coalesce((select sum(a.amount_cents) from payment_allocations a
                          where a.tenant_id = p.tenant_id and a.payment_id = p.id
                            and a.component = 'credit'), 0) as credit_cents
          from payments p
          left join customers c on c.tenant_id = p.tenant_id and c.id = p.customer_id
         where ${sql.join(conditions, sql` and `)}
         order by p.received_on desc, p.id desc
         limit ${filter.limit + 1}`,
  );
  const orNull = (v: unknown) => (v === null || v === undefined ? null : Number(v));
  const textOrNull = (v: unknown) => (v === null || v === undefined ? null : String(v));
  return rows.map((r) => ({
    id: Number(r.id),
    customerId: orNull(r.customer_id),
    customerNumber: textOrNull(r.customer_number),
    customerName: textOrNull(r.customer_name),
    receivedOn: String(r.received_on),
    amountCents: Number(r.amount_cents),
    currency: String(r.currency),
    reference: textOrNull(r.reference),
    payerName: textOrNull(r.payer_name),
    payerIban: textOrNull(r.payer_iban),
    source: String(r.source),
    bankTransactionId: orNull(r.bank_transaction_id),
    reversesPaymentId: orNull(r.reverses_payment_id),
    reversedByPaymentId: orNull(r.reversed_by_payment_id),
    allocatedCents: Number(r.allocated_cents),
    creditCents: Number(r.credit_cents),
  }));
}

/** Where a payment went, line by line, with the invoice number of each claim. */
export async function allocationsOfPayment(db: Db, tenantId: number, paymentId: number) {
  return db
    .select({
      invoiceId: paymentAllocations.invoiceId,
      invoiceNumber: invoices.number,
      component: paymentAllocations.component,
      amountCents: paymentAllocations.amountCents,
      rule: paymentAllocations.rule,
    })
    .from(paymentAllocations)
    .leftJoin(
      invoices,
      and(eq(invoices.tenantId, paymentAllocations.tenantId), eq(invoices.id, paymentAllocations.invoiceId)),
    )
    .where(and(eq(paymentAllocations.tenantId, tenantId), eq(paymentAllocations.paymentId, paymentId)))
    .orderBy(paymentAllocations.id);
}
