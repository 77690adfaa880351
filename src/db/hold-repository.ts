/**
 * @module hold-repository
 * What pauses dunning for a claim: disputes and promises to pay (instalment plans: instalment-plan-repository).
 */
import { isAnyOf } from './sql-arrays.ts';
import { and, asc, type Column, eq, gt, isNotNull, isNull, or, type SQL, sql } from 'drizzle-orm';
import { type Db, queryRows } from './database.ts';
import { claimStates, customers, disputes, invoices, promisesToPay } from './schema.ts';

export type DisputeRow = typeof disputes.$inferSelect;
export type PromiseRow = typeof promisesToPay.$inferSelect;

export async function insertDispute(
  db: Db,
  row: Omit<typeof disputes.$inferInsert, 'id' | 'createdAt'>,
): Promise<DisputeRow> {
  const [created] = await db.insert(disputes).values(row).returning();
  return created as DisputeRow;
}

export async function findDispute(db: Db, tenantId: number, id: number): Promise<DisputeRow | undefined> {
  const [row] = await db
    .select()
    .from(disputes)
    .where(and(eq(disputes.tenantId, tenantId), eq(disputes.id, id)));
  return row;
}

export async function resolveDisputeRow(
  db: Db,
  tenantId: number,
  id: number,
  resolvedOn: string,
  resolution: string,
): Promise<boolean> {
  // Only an open dispute: of two people resolving it at once, one wins.
  const rows = await db
    .update(disputes)
    .set({ resolvedOn, resolution })
    .where(and(eq(disputes.tenantId, tenantId), eq(disputes.id, id), isNull(disputes.resolvedOn)))
    .returning({ id: disputes.id });
  return rows.length > 0;
}

export async function insertPromise(
  db: Db,
  row: Omit<typeof promisesToPay.$inferInsert, 'id' | 'createdAt'>,
): Promise<PromiseRow> {
  const [created] = await db.insert(promisesToPay).values(row).returning();
  return created as PromiseRow;
}

export async function disputesOf(
  db: Db,
  tenantId: number,
  invoiceIds: readonly number[],
): Promise<DisputeRow[]> {
  if (invoiceIds.length === 0) return [];
  return db
    .select()
    .from(disputes)
    .where(and(eq(disputes.tenantId, tenantId), isAnyOf(disputes.invoiceId, invoiceIds)));
}

export async function openPromisesOf(
  db: Db,
  tenantId: number,
  invoiceIds: readonly number[],
): Promise<PromiseRow[]> {
  if (invoiceIds.length === 0) return [];
  return db
    .select()
    .from(promisesToPay)
    .where(
      and(
        eq(promisesToPay.tenantId, tenantId),
        eq(promisesToPay.status, 'open'),
        isAnyOf(promisesToPay.invoiceId, invoiceIds),
      ),
    );
}

/** The invoices a hold is about, with their customer and what is open on each; only the tenant's. */
export async function invoicesToHold(db: Db, tenantId: number, invoiceIds: readonly number[]) {
  if (invoiceIds.length === 0) return [];
  return db
    .select({
      id: invoices.id,
      number: invoices.number,
      customerId: invoices.customerId,
      status: invoices.status,
      openPrincipalCents: claimStates.openPrincipalCents,
      openCostsCents: claimStates.openCostsCents,
    })
    .from(invoices)
    .innerJoin(
      claimStates,
      and(eq(claimStates.tenantId, invoices.tenantId), eq(claimStates.invoiceId, invoices.id)),
    )
    .where(and(eq(invoices.tenantId, tenantId), isAnyOf(invoices.id, invoiceIds)));
}

/** Keyset condition `(day, id) > (after day, after id)`. */
function afterKey(day: Column, id: Column, after: readonly [string, number]): SQL {
  const [d, i] = after;
  return or(gt(day, d), and(eq(day, d), gt(id, i))) as SQL;
}

export interface DisputeFilter {
  status?: 'open' | 'resolved';
  customerId?: number;
  id?: number;
  /** Keyset: opening day and id of the last dispute of the previous page. */
  after?: readonly [string, number] | null;
  limit: number;
}

/** Disputes by the day they were opened, with their invoice's number and the customer. */
export async function listDisputes(db: Db, tenantId: number, filter: DisputeFilter) {
  const conditions: SQL[] = [eq(disputes.tenantId, tenantId)];
  if (filter.status === 'open') conditions.push(isNull(disputes.resolvedOn));
  if (filter.status === 'resolved') conditions.push(isNotNull(disputes.resolvedOn));
  if (filter.customerId !== undefined) conditions.push(eq(invoices.customerId, filter.customerId));
  if (filter.id !== undefined) conditions.push(eq(disputes.id, filter.id));
  if (filter.after) conditions.push(afterKey(disputes.openedOn, disputes.id, filter.after));
  return db
    .select({
      dispute: disputes,
      invoiceNumber: invoices.number,
      customerId: customers.id,
      customerNumber: customers.number,
      customerName: customers.name,
    })
    .from(disputes)
    .innerJoin(invoices, and(eq(invoices.tenantId, disputes.tenantId), eq(invoices.id, disputes.invoiceId)))
    .innerJoin(
      customers,
      and(eq(customers.tenantId, invoices.tenantId), eq(customers.id, invoices.customerId)),
    )
    .where(and(...conditions))
    .orderBy(asc(disputes.openedOn), asc(disputes.id))
    .limit(filter.limit);
}

export type ListedDispute = Awaited<ReturnType<typeof listDisputes>>[number];

export interface PromiseFilter {
  status?: PromiseRow['status'];
  customerId?: number;
  ids?: readonly number[];
  /** Keyset: promised day and id of the last promise of the previous page. */
  after?: readonly [string, number] | null;
  limit: number;
}

/** Promises to pay by the promised day, with their invoice's number and the customer. */
export async function listPromises(db: Db, tenantId: number, filter: PromiseFilter) {
  const conditions: SQL[] = [eq(promisesToPay.tenantId, tenantId)];
  if (filter.status) conditions.push(eq(promisesToPay.status, filter.status));
  if (filter.customerId !== undefined) conditions.push(eq(invoices.customerId, filter.customerId));
  if (filter.ids) conditions.push(isAnyOf(promisesToPay.id, filter.ids));
  if (filter.after) conditions.push(afterKey(promisesToPay.payBy, promisesToPay.id, filter.after));
  return db
    .select({
      promise: promisesToPay,
      invoiceNumber: invoices.number,
      customerId: customers.id,
      customerNumber: customers.number,
      customerName: customers.name,
    })
    .from(promisesToPay)
    .innerJoin(
      invoices,
      and(eq(invoices.tenantId, promisesToPay.tenantId), eq(invoices.id, promisesToPay.invoiceId)),
    )
    .innerJoin(
      customers,
      and(eq(customers.tenantId, invoices.tenantId), eq(customers.id, invoices.customerId)),
    )
    .where(and(...conditions))
    .orderBy(asc(promisesToPay.payBy), asc(promisesToPay.id))
    .limit(filter.limit);
}

export type ListedPromise = Awaited<ReturnType<typeof listPromises>>[number];

export interface PromiseToSettle {
  id: number;
  invoiceId: number;
  invoiceNumber: string;
  customerId: number;
  madeOn: string;
  payBy: string;
  amountCents: number;
  /** Paid on the invoice since the promise was made (reversed payments left out). */
  paidSinceCents: number;
  /** Still open of the invoice now (principal and costs). */
  openCents: number;
}

/** The company's open promises with what was paid on their invoice since each was made. */
export async function openPromisesWithPayments(db: Db, tenantId: number): Promise<PromiseToSettle[]> {
  const rows = await queryRows<Record<string, unknown>>(
    db,
    sql`select p.id, p.invoice_id, i.number, cs.customer_id, p.made_on::text as made_on, p.pay_by::text as pay_by,
               p.amount_cents, cs.open_principal_cents + cs.open_costs_cents as open_cents,
               coalesce((select sum(a.amount_cents)
                           from payment_allocations a
                           join payments pm on pm.tenant_id = a.tenant_id and pm.id = a.payment_id
                          where a.tenant_id = p.tenant_id and a.invoice_id = p.invoice_id
                            and a.component in ('principal', 'costs', 'interest', 'skonto')
                            and a.effective_on >= p.made_on and pm.reversed_by_payment_id is null), 0) as paid
          from promises_to_pay p
          join claim_states cs on cs.tenant_id = p.tenant_id and cs.invoice_id = p.invoice_id
          join invoices i on i.tenant_id = p.tenant_id and i.id = p.invoice_id
         where p.tenant_id = ${tenantId} and p.status = 'open'
         order by p.id`,
  );
  return rows.map((r) => ({
    id: Number(r.id),
    invoiceId: Number(r.invoice_id),
    invoiceNumber: String(r.number),
    customerId: Number(r.customer_id),
    madeOn: String(r.made_on),
    payBy: String(r.pay_by),
    amountCents: Number(r.amount_cents),
    paidSinceCents: Number(r.paid),
    openCents: Number(r.open_cents),
  }));
}

export async function setPromiseStatus(
  db: Db,
  tenantId: number,
  id: number,
  status: 'kept' | 'broken',
): Promise<boolean> {
  const updated = await db
    .update(promisesToPay)
    .set({ status })
    .where(
      and(eq(promisesToPay.tenantId, tenantId), eq(promisesToPay.id, id), eq(promisesToPay.status, 'open')),
    )
    .returning({ id: promisesToPay.id });
  return updated.length > 0;
}
