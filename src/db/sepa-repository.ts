/**
 * @module sepa-repository
 * SEPA direct debit mandates and the collections exported under them (direct_debits): what may be
 * collected on a day, what was exported, collected or returned.
 */
import { and, asc, desc, eq, gte, isNull, sql } from 'drizzle-orm';
import { type Db, queryRows } from './database.ts';
import {
  customers,
  directDebits,
  instalmentPlanClaims,
  instalments,
  invoices,
  sepaMandates,
} from './schema.ts';
import { isAnyOf } from './sql-arrays.ts';

export type MandateRow = typeof sepaMandates.$inferSelect;
export type NewMandateRow = Omit<typeof sepaMandates.$inferInsert, 'id' | 'createdAt'>;
export type DirectDebitRow = typeof directDebits.$inferSelect;
export type NewDirectDebitRow = Omit<typeof directDebits.$inferInsert, 'id' | 'createdAt'>;

/**
 * A returned collection is collected again only when the debtor's account lacked the funds (AM04);
 * any other reason (mandate refused or unknown, account closed, refund claimed) needs a person.
 */
export const RECOLLECTABLE_RETURN_REASONS: readonly string[] = ['AM04'];

/** Serialises exports of one company: an invoice is never put into two files at once. */
export async function lockSepaExports(db: Db, tenantId: number): Promise<void> {
  await db.execute(sql`select pg_advisory_xact_lock(${tenantId}, 4712)`);
}

export async function insertMandate(db: Db, row: NewMandateRow): Promise<MandateRow> {
  const [created] = await db.insert(sepaMandates).values(row).returning();
  return created as MandateRow;
}

export async function findMandate(db: Db, tenantId: number, id: number): Promise<MandateRow | undefined> {
  const [row] = await db
    .select()
    .from(sepaMandates)
    .where(and(eq(sepaMandates.tenantId, tenantId), eq(sepaMandates.id, id)));
  return row;
}

export async function findMandateByReference(
  db: Db,
  tenantId: number,
  reference: string,
): Promise<MandateRow | undefined> {
  const [row] = await db
    .select()
    .from(sepaMandates)
    .where(and(eq(sepaMandates.tenantId, tenantId), eq(sepaMandates.reference, reference)));
  return row;
}

/** The latest collection date exported under a mandate (null: never used). */
function lastCollectionDate() {
  return sql<string | null>`(select max(d.collection_date)::text from direct_debits d
    where d.tenant_id = ${sepaMandates.tenantId} and d.mandate_id = ${sepaMandates.id})`;
}

/** Mandates with their customer, newest first; of one customer when `customerId` is given. */
export async function listMandates(db: Db, tenantId: number, filter: { customerId?: number } = {}) {
  return db
    .select({
      mandate: sepaMandates,
      customerNumber: customers.number,
      customerName: customers.name,
      lastCollectionDate: lastCollectionDate(),
    })
    .from(sepaMandates)
    .innerJoin(
      customers,
      and(eq(customers.tenantId, sepaMandates.tenantId), eq(customers.id, sepaMandates.customerId)),
    )
    .where(
      and(
        eq(sepaMandates.tenantId, tenantId),
        filter.customerId === undefined ? undefined : eq(sepaMandates.customerId, filter.customerId),
      ),
    )
    .orderBy(desc(sepaMandates.signedOn), desc(sepaMandates.id))
    .limit(1000);
}

export type ListedMandate = Awaited<ReturnType<typeof listMandates>>[number];

/** Sets the day of revocation of a mandate not revoked yet; false when it was revoked already. */
export async function revokeMandateRow(
  db: Db,
  tenantId: number,
  id: number,
  revokedOn: string,
): Promise<boolean> {
  const rows = await db
    .update(sepaMandates)
    .set({ revokedOn })
    .where(and(eq(sepaMandates.tenantId, tenantId), eq(sepaMandates.id, id), isNull(sepaMandates.revokedOn)))
    .returning({ id: sepaMandates.id });
  return rows.length > 0;
}

/** Records the first collection of mandates used for the first time. */
export async function markMandatesUsed(
  db: Db,
  tenantId: number,
  mandateIds: readonly number[],
  collectedOn: string,
): Promise<void> {
  if (mandateIds.length === 0) return;
  await db
    .update(sepaMandates)
    .set({ firstCollectedOn: collectedOn })
    .where(
      and(
        eq(sepaMandates.tenantId, tenantId),
        isAnyOf(sepaMandates.id, mandateIds),
        isNull(sepaMandates.firstCollectedOn),
      ),
    );
}

export interface UsableMandateRow {
  mandate: MandateRow;
  customer: {
    id: number;
    number: string;
    name: string;
    language: 'de' | 'en';
    address: (typeof customers.$inferSelect)['address'];
    blockReason: string | null;
    blockUntil: string | null;
  };
  /** The latest collection date exported under the mandate, if any. */
  lastCollectionDate: string | null;
}

/**
 * Mandates that may carry a collection on `day`: signed by then, not revoked by then, and — for a
 * one-off mandate — not used yet. With their customer and the last collection under them (a
 * mandate unused for 36 months has expired; the service decides).
 */
export async function usableMandates(db: Db, tenantId: number, day: string): Promise<UsableMandateRow[]> {
  const rows = await db
    .select({
      mandate: sepaMandates,
      customer: {
        id: customers.id,
        number: customers.number,
        name: customers.name,
        language: customers.language,
        address: customers.address,
        blockReason: customers.blockReason,
        blockUntil: customers.blockUntil,
      },
      lastCollectionDate: lastCollectionDate(),
    })
    .from(sepaMandates)
    .innerJoin(
      customers,
      and(eq(customers.tenantId, sepaMandates.tenantId), eq(customers.id, sepaMandates.customerId)),
    )
    .where(
      and(
        eq(sepaMandates.tenantId, tenantId),
        sql`${sepaMandates.signedOn} <= ${day}`,
        sql`(${sepaMandates.revokedOn} is null or ${sepaMandates.revokedOn} > ${day})`,
        sql`not (${sepaMandates.kind} = 'one-off' and ${sepaMandates.firstCollectedOn} is not null)`,
      ),
    )
    .orderBy(asc(sepaMandates.customerId), desc(sepaMandates.signedOn), desc(sepaMandates.id));
  return rows as UsableMandateRow[];
}

/**
 * Of `invoiceIds`, those a direct debit stands for already: exported and not yet back, collected,
 * or returned for a reason that forbids collecting again (see RECOLLECTABLE_RETURN_REASONS).
 */
export async function invoicesInDirectDebits(
  db: Db,
  tenantId: number,
  invoiceIds: readonly number[],
): Promise<Set<number>> {
  if (invoiceIds.length === 0) return new Set();
  const rows = await queryRows<{ invoice_id: string | number }>(
    db,
    sql`select distinct d.invoice_id from direct_debits d
         where d.tenant_id = ${tenantId} and ${isAnyOf(sql`d.invoice_id`, invoiceIds)}
           and ${blockingDirectDebit()}`,
  );
  return new Set(rows.map((r) => Number(r.invoice_id)));
}

/** Of the plans, the instalments (`planId:number`) a direct debit stands for already, as for invoices. */
export async function instalmentsInDirectDebits(
  db: Db,
  tenantId: number,
  planIds: readonly number[],
): Promise<Set<string>> {
  if (planIds.length === 0) return new Set();
  const rows = await queryRows<{ plan_id: string | number; instalment_number: number }>(
    db,
    sql`select distinct d.plan_id, d.instalment_number from direct_debits d
         where d.tenant_id = ${tenantId} and ${isAnyOf(sql`d.plan_id`, planIds)}
           and ${blockingDirectDebit()}`,
  );
  return new Set(rows.map((r) => `${Number(r.plan_id)}:${Number(r.instalment_number)}`));
}

/** A direct debit `d` that stands in the way of another collection of the same claim. */
function blockingDirectDebit() {
  return sql`(d.status in ('exported', 'collected')
     or coalesce((select bt.return_reason from payments p
                   join payments r on r.tenant_id = p.tenant_id and r.id = p.reversed_by_payment_id
                   join bank_transactions bt on bt.tenant_id = r.tenant_id and bt.id = r.bank_transaction_id
                  where p.tenant_id = d.tenant_id and p.id = d.payment_id), '')
        <> all(${sql.param([...RECOLLECTABLE_RETURN_REASONS])}::text[]))`;
}

export interface PlanScheduleRow {
  planId: number;
  number: number;
  dueDate: string;
  amountCents: number;
}

/** The instalments of the plans, in the order they fall due. */
export async function schedulesOfPlans(
  db: Db,
  tenantId: number,
  planIds: readonly number[],
): Promise<PlanScheduleRow[]> {
  if (planIds.length === 0) return [];
  return db
    .select({
      planId: instalments.planId,
      number: instalments.number,
      dueDate: instalments.dueDate,
      amountCents: instalments.amountCents,
    })
    .from(instalments)
    .where(and(eq(instalments.tenantId, tenantId), isAnyOf(instalments.planId, planIds)))
    .orderBy(asc(instalments.planId), asc(instalments.dueDate), asc(instalments.number));
}

/** The invoice numbers of each plan's claims, oldest due first (for the remittance text). */
export async function claimNumbersOfPlans(
  db: Db,
  tenantId: number,
  planIds: readonly number[],
): Promise<Map<number, string[]>> {
  const result = new Map<number, string[]>();
  if (planIds.length === 0) return result;
  const rows = await db
    .select({ planId: instalmentPlanClaims.planId, number: invoices.number })
    .from(instalmentPlanClaims)
    .innerJoin(
      invoices,
      and(
        eq(invoices.tenantId, instalmentPlanClaims.tenantId),
        eq(invoices.id, instalmentPlanClaims.invoiceId),
      ),
    )
    .where(and(eq(instalmentPlanClaims.tenantId, tenantId), isAnyOf(instalmentPlanClaims.planId, planIds)))
    .orderBy(asc(instalmentPlanClaims.planId), asc(invoices.dueDate), asc(invoices.id));
  for (const row of rows) {
    const list = result.get(row.planId);
    if (list) list.push(row.number);
    else result.set(row.planId, [row.number]);
  }
  return result;
}

/** How many pain.008 messages the company has exported: the next message's sequence number less one. */
export async function countExportedMessages(db: Db, tenantId: number): Promise<number> {
  const [row] = await queryRows<{ n: number }>(
    db,
    sql`select count(distinct message_id)::int as n from direct_debits where tenant_id = ${tenantId}`,
  );
  return Number(row?.n ?? 0);
}

export async function insertDirectDebits(
  db: Db,
  rows: readonly NewDirectDebitRow[],
): Promise<DirectDebitRow[]> {
  if (rows.length === 0) return [];
  return db
    .insert(directDebits)
    .values([...rows])
    .returning();
}

export async function findDirectDebitByEndToEnd(
  db: Db,
  tenantId: number,
  endToEndId: string,
): Promise<DirectDebitRow | undefined> {
  const [row] = await db
    .select()
    .from(directDebits)
    .where(and(eq(directDebits.tenantId, tenantId), eq(directDebits.endToEndId, endToEndId)));
  return row;
}

/** Direct debits by end-to-end id, for the ids given (unknown ids are left out). */
export async function findDirectDebitsByEndToEnd(
  db: Db,
  tenantId: number,
  endToEndIds: readonly string[],
): Promise<Map<string, DirectDebitRow>> {
  if (endToEndIds.length === 0) return new Map();
  const rows = await db
    .select()
    .from(directDebits)
    .where(
      and(
        eq(directDebits.tenantId, tenantId),
        sql`${directDebits.endToEndId} = any(${sql.param([...endToEndIds])}::text[])`,
      ),
    );
  return new Map(rows.map((r) => [r.endToEndId, r]));
}

/** Marks an exported direct debit collected by the payment that booked its credit; false if it was not `exported`. */
export async function markDirectDebitCollected(
  db: Db,
  tenantId: number,
  id: number,
  paymentId: number,
): Promise<boolean> {
  const rows = await db
    .update(directDebits)
    .set({ status: 'collected', paymentId })
    .where(
      and(eq(directDebits.tenantId, tenantId), eq(directDebits.id, id), eq(directDebits.status, 'exported')),
    )
    .returning({ id: directDebits.id });
  return rows.length > 0;
}

/** Marks the direct debits a returned payment had collected as returned. */
export async function markDirectDebitsReturned(
  db: Db,
  tenantId: number,
  paymentId: number,
): Promise<DirectDebitRow[]> {
  return db
    .update(directDebits)
    .set({ status: 'returned' })
    .where(
      and(
        eq(directDebits.tenantId, tenantId),
        eq(directDebits.paymentId, paymentId),
        eq(directDebits.status, 'collected'),
      ),
    )
    .returning();
}

/** Collections exported under a mandate for `from` or later that have not come back yet. */
export async function exportedCollectionsOfMandate(
  db: Db,
  tenantId: number,
  mandateId: number,
  from: string,
) {
  return db
    .select({
      endToEndId: directDebits.endToEndId,
      collectionDate: directDebits.collectionDate,
      amountCents: directDebits.amountCents,
    })
    .from(directDebits)
    .where(
      and(
        eq(directDebits.tenantId, tenantId),
        eq(directDebits.mandateId, mandateId),
        eq(directDebits.status, 'exported'),
        gte(directDebits.collectionDate, from),
      ),
    )
    .orderBy(asc(directDebits.collectionDate), asc(directDebits.id));
}

/** The direct debits of one exported message (file), in the order they were written, with mandate, customer and invoice. */
export async function directDebitsOfMessage(db: Db, tenantId: number, messageId: string) {
  return db
    .select({
      debit: directDebits,
      mandate: sepaMandates,
      customerNumber: customers.number,
      customerName: customers.name,
      customerAddress: customers.address,
      invoiceNumber: invoices.number,
    })
    .from(directDebits)
    .innerJoin(
      sepaMandates,
      and(eq(sepaMandates.tenantId, directDebits.tenantId), eq(sepaMandates.id, directDebits.mandateId)),
    )
    .innerJoin(
      customers,
      and(eq(customers.tenantId, directDebits.tenantId), eq(customers.id, directDebits.customerId)),
    )
    .leftJoin(
      invoices,
      and(eq(invoices.tenantId, directDebits.tenantId), eq(invoices.id, directDebits.invoiceId)),
    )
    .where(and(eq(directDebits.tenantId, tenantId), eq(directDebits.messageId, messageId)))
    .orderBy(asc(directDebits.id));
}

/**
 * The latest requested collection day of the direct debits exported for these invoices and not
 * yet seen on a statement (status `exported`): the dunning run holds such claims back.
 */
export async function pendingDirectDebitsOf(
  db: Db,
  tenantId: number,
  invoiceIds: readonly number[],
): Promise<Map<number, string>> {
  const result = new Map<number, string>();
  if (invoiceIds.length === 0) return result;
  const rows = await db
    .select({ invoiceId: directDebits.invoiceId, on: sql<string>`max(${directDebits.collectionDate})::text` })
    .from(directDebits)
    .where(
      and(
        eq(directDebits.tenantId, tenantId),
        eq(directDebits.status, 'exported'),
        isAnyOf(directDebits.invoiceId, invoiceIds),
      ),
    )
    .groupBy(directDebits.invoiceId);
  for (const row of rows) if (row.invoiceId !== null) result.set(row.invoiceId, row.on);
  return result;
}
