/**
 * @module gdpr-repository
 * The SQL behind a data subject's rights: every row about one customer (for the export, GDPR
 * Art. 15 and 20), the latest record of each retention class, what is still open, and the
 * erasure or anonymisation of personal data that no retention rule keeps (Art. 17).
 */
import { and, asc, eq, inArray, or, sql } from 'drizzle-orm';
import type { PgColumn } from 'drizzle-orm/pg-core';
import type { Db } from './database.ts';
import { queryRows } from './database.ts';
import { readEventsOf } from './event-store.ts';
import {
  archivedDocuments,
  bankTransactions,
  claimCosts,
  claimStates,
  collectionCaseClaims,
  collectionCases,
  collectionRemittances,
  contacts,
  creditNotes,
  customers,
  directDebits,
  disputeAttachments,
  disputes,
  instalmentPlanClaims,
  instalmentPlans,
  instalments,
  invoiceLines,
  invoices,
  noticeItems,
  notices,
  orderDeliveries,
  orderDeliveryDateChanges,
  orderLines,
  orders,
  orderStatusChanges,
  paymentAllocations,
  payments,
  portalLinks,
  promisesToPay,
  reportedPayments,
  sepaMandates,
  tasks,
  writeOffs,
} from './schema.ts';

const NONE = [-1];
const idsOf = (rows: readonly { id: number }[]) => (rows.length > 0 ? rows.map((r) => r.id) : NONE);

/** Everything stored about one customer, table by table (binary contents left out, their hashes kept). */
export async function readCustomerData(db: Db, tenantId: number, customerId: number) {
  const [customer] = await db
    .select()
    .from(customers)
    .where(and(eq(customers.tenantId, tenantId), eq(customers.id, customerId)));
  if (!customer) return null;
  const ofCustomer = (t: { tenantId: PgColumn; customerId: PgColumn }) =>
    and(eq(t.tenantId, tenantId), eq(t.customerId, customerId));
  const inList = (t: { tenantId: PgColumn }, column: PgColumn, list: readonly number[]) =>
    and(eq(t.tenantId, tenantId), inArray(column, [...list]));
  const invoiceRows = await db.select().from(invoices).where(ofCustomer(invoices)).orderBy(asc(invoices.id));
  const invoiceIds = idsOf(invoiceRows);
  const orderRows = await db.select().from(orders).where(ofCustomer(orders)).orderBy(asc(orders.id));
  const orderIds = idsOf(orderRows);
  const noticeRows = await db.select().from(notices).where(ofCustomer(notices)).orderBy(asc(notices.id));
  const disputeRows = await db
    .select()
    .from(disputes)
    .where(inList(disputes, disputes.invoiceId, invoiceIds))
    .orderBy(asc(disputes.id));
  const planRows = await db
    .select()
    .from(instalmentPlans)
    .where(ofCustomer(instalmentPlans))
    .orderBy(asc(instalmentPlans.id));
  const caseRows = await db
    .select()
    .from(collectionCases)
    .where(ofCustomer(collectionCases))
    .orderBy(asc(collectionCases.id));
  const allocationRows = await db
    .select()
    .from(paymentAllocations)
    .where(inList(paymentAllocations, paymentAllocations.invoiceId, invoiceIds));
  const paidIds = allocationRows.length > 0 ? allocationRows.map((a) => a.paymentId) : NONE;
  const paymentRows = await db
    .select()
    .from(payments)
    .where(
      and(
        eq(payments.tenantId, tenantId),
        or(eq(payments.customerId, customerId), inArray(payments.id, paidIds)),
      ),
    )
    .orderBy(asc(payments.id));
  return {
    customer,
    contacts: await db.select().from(contacts).where(ofCustomer(contacts)).orderBy(asc(contacts.id)),
    orders: orderRows,
    orderLines: await db
      .select()
      .from(orderLines)
      .where(inList(orderLines, orderLines.orderId, orderIds)),
    orderStatusChanges: await db
      .select()
      .from(orderStatusChanges)
      .where(inList(orderStatusChanges, orderStatusChanges.orderId, orderIds)),
    orderDeliveryDateChanges: await db
      .select()
      .from(orderDeliveryDateChanges)
      .where(inList(orderDeliveryDateChanges, orderDeliveryDateChanges.orderId, orderIds)),
    orderDeliveries: await db
      .select()
      .from(orderDeliveries)
      .where(inList(orderDeliveries, orderDeliveries.orderId, orderIds)),
    invoices: invoiceRows,
    invoiceLines: await db
      .select()
      .from(invoiceLines)
      .where(inList(invoiceLines, invoiceLines.invoiceId, invoiceIds)),
    claimStates: await db.select().from(claimStates).where(ofCustomer(claimStates)),
    creditNotes: await db
      .select()
      .from(creditNotes)
      .where(
        and(
          eq(creditNotes.tenantId, tenantId),
          or(eq(creditNotes.customerId, customerId), inArray(creditNotes.invoiceId, invoiceIds)),
        ),
      ),
    payments: paymentRows,
    paymentAllocations: allocationRows,
    bankTransactions: await db.select().from(bankTransactions).where(ofCustomer(bankTransactions)),
    claimCosts: await db
      .select()
      .from(claimCosts)
      .where(inList(claimCosts, claimCosts.invoiceId, invoiceIds)),
    notices: noticeRows,
    noticeItems: await db
      .select()
      .from(noticeItems)
      .where(inList(noticeItems, noticeItems.noticeId, idsOf(noticeRows))),
    archivedDocuments: await db
      .select({
        id: archivedDocuments.id,
        entityType: archivedDocuments.entityType,
        entityId: archivedDocuments.entityId,
        fileName: archivedDocuments.fileName,
        mimeType: archivedDocuments.mimeType,
        sha256: archivedDocuments.sha256,
        createdAt: archivedDocuments.createdAt,
      })
      .from(archivedDocuments)
      .where(
        and(
          inList(archivedDocuments, archivedDocuments.entityId, idsOf(noticeRows)),
          eq(archivedDocuments.entityType, 'notice'),
        ),
      ),
    disputes: disputeRows,
    disputeAttachments: await db
      .select({
        id: disputeAttachments.id,
        disputeId: disputeAttachments.disputeId,
        fileName: disputeAttachments.fileName,
        mimeType: disputeAttachments.mimeType,
        sizeBytes: disputeAttachments.sizeBytes,
        sha256: disputeAttachments.sha256,
        createdAt: disputeAttachments.createdAt,
      })
      .from(disputeAttachments)
      .where(inList(disputeAttachments, disputeAttachments.disputeId, idsOf(disputeRows))),
    promisesToPay: await db
      .select()
      .from(promisesToPay)
      .where(inList(promisesToPay, promisesToPay.invoiceId, invoiceIds)),
    reportedPayments: await db.select().from(reportedPayments).where(ofCustomer(reportedPayments)),
    instalmentPlans: planRows,
    instalmentPlanClaims: await db
      .select()
      .from(instalmentPlanClaims)
      .where(inList(instalmentPlanClaims, instalmentPlanClaims.planId, idsOf(planRows))),
    instalments: await db
      .select()
      .from(instalments)
      .where(inList(instalments, instalments.planId, idsOf(planRows))),
    sepaMandates: await db.select().from(sepaMandates).where(ofCustomer(sepaMandates)),
    directDebits: await db.select().from(directDebits).where(ofCustomer(directDebits)),
    collectionCases: caseRows,
    collectionCaseClaims: await db
      .select()
      .from(collectionCaseClaims)
      .where(inList(collectionCaseClaims, collectionCaseClaims.caseId, idsOf(caseRows))),
    collectionRemittances: await db
      .select()
      .from(collectionRemittances)
      .where(inList(collectionRemittances, collectionRemittances.caseId, idsOf(caseRows))),
    writeOffs: await db.select().from(writeOffs).where(ofCustomer(writeOffs)),
    tasks: await db.select().from(tasks).where(ofCustomer(tasks)).orderBy(asc(tasks.id)),
    portalLinks: await db
      .select({
        id: portalLinks.id,
        createdAt: portalLinks.createdAt,
        createdBy: portalLinks.createdBy,
        expiresAt: portalLinks.expiresAt,
        revokedAt: portalLinks.revokedAt,
        lastUsedAt: portalLinks.lastUsedAt,
        codeRequired: portalLinks.codeRequired,
      })
      .from(portalLinks)
      .where(ofCustomer(portalLinks)),
    events: await readEventsOf(db, tenantId, customerId),
  };
}

export type CustomerData = NonNullable<Awaited<ReturnType<typeof readCustomerData>>>;

export interface LatestRecords {
  /** The latest day of a booking record (invoice, credit note, payment, bank transaction, write-off, debit, cost, remittance). */
  bookingRecordsOn: string | null;
  bookingRecords: number;
  /** The latest day of a business letter (notice sent, order, agreement, mandate, dispute, handover). */
  businessLettersOn: string | null;
  businessLetters: number;
}

/** The latest record of each retention class about the customer, and how many there are. */
export async function readLatestRecords(
  db: Db,
  tenantId: number,
  customerId: number,
): Promise<LatestRecords> {
  const [row] = await queryRows<{
    booking_on: string | null;
    booking: number;
    letters_on: string | null;
    letters: number;
  }>(
    db,
    sql`
    with inv as (select id from invoices where tenant_id = ${tenantId} and customer_id = ${customerId}),
    booking(day) as (
      select issued_on from invoices where tenant_id = ${tenantId} and customer_id = ${customerId}
      union all select issued_on from credit_notes where tenant_id = ${tenantId}
        and (customer_id = ${customerId} or invoice_id in (select id from inv))
      union all select p.received_on from payments p where p.tenant_id = ${tenantId} and (p.customer_id = ${customerId}
        or exists (select 1 from payment_allocations a where a.tenant_id = p.tenant_id and a.payment_id = p.id
                     and a.invoice_id in (select id from inv)))
      union all select booking_date from bank_transactions where tenant_id = ${tenantId} and customer_id = ${customerId}
      union all select written_off_on from write_offs where tenant_id = ${tenantId} and customer_id = ${customerId}
      union all select collection_date from direct_debits where tenant_id = ${tenantId} and customer_id = ${customerId}
      union all select incurred_on from claim_costs where tenant_id = ${tenantId} and invoice_id in (select id from inv)
      union all select r.reported_on from collection_remittances r join collection_cases c
        on c.tenant_id = r.tenant_id and c.id = r.case_id where r.tenant_id = ${tenantId} and c.customer_id = ${customerId}
    ),
    letters(day) as (
      select issued_on from notices where tenant_id = ${tenantId} and customer_id = ${customerId}
        and status in ('approved', 'sent')
      union all select greatest(ordered_on, confirmed_on, delivered_on) from orders
        where tenant_id = ${tenantId} and customer_id = ${customerId}
      union all select greatest(agreed_on, closed_on) from instalment_plans where tenant_id = ${tenantId} and customer_id = ${customerId}
      union all select greatest(signed_on, revoked_on) from sepa_mandates where tenant_id = ${tenantId} and customer_id = ${customerId}
      union all select greatest(opened_on, resolved_on) from disputes where tenant_id = ${tenantId} and invoice_id in (select id from inv)
      union all select greatest(handed_over_on, closed_on) from collection_cases where tenant_id = ${tenantId} and customer_id = ${customerId}
    )
    select (select max(day)::text from booking) as booking_on, (select count(*)::int from booking) as booking,
           (select max(day)::text from letters) as letters_on, (select count(*)::int from letters) as letters`,
  );
  return {
    bookingRecordsOn: row?.booking_on ?? null,
    bookingRecords: row?.booking ?? 0,
    businessLettersOn: row?.letters_on ?? null,
    businessLetters: row?.letters ?? 0,
  };
}

export interface OpenMatters {
  openInvoices: number;
  activePlans: number;
  openCases: number;
  openDisputes: number;
  pendingNotices: number;
}

/** What is still going on with the customer: claims open, plans running, cases at an agency, disputes. */
export async function readOpenMatters(db: Db, tenantId: number, customerId: number): Promise<OpenMatters> {
  const [row] = await queryRows<OpenMatters>(
    db,
    sql`select
      (select count(*)::int from invoices where tenant_id = ${tenantId} and customer_id = ${customerId} and status = 'open') as "openInvoices",
      (select count(*)::int from instalment_plans where tenant_id = ${tenantId} and customer_id = ${customerId}
         and status in ('proposed', 'active')) as "activePlans",
      (select count(*)::int from collection_cases where tenant_id = ${tenantId} and customer_id = ${customerId}
         and status in ('handed-over', 'agency-paid')) as "openCases",
      (select count(*)::int from disputes d join invoices i on i.tenant_id = d.tenant_id and i.id = d.invoice_id
         where d.tenant_id = ${tenantId} and i.customer_id = ${customerId} and d.resolved_on is null) as "openDisputes",
      (select count(*)::int from notices where tenant_id = ${tenantId} and customer_id = ${customerId}
         and status = 'proposed') as "pendingNotices"`,
  );
  return row as OpenMatters;
}

/** Personal data no retention rule keeps: contact persons, e-mail, phone, notes, IBANs, block reason, portal links, task notes. */
export async function erasePersonalDetails(tx: Db, tenantId: number, customerId: number) {
  const removedContacts = await tx
    .delete(contacts)
    .where(and(eq(contacts.tenantId, tenantId), eq(contacts.customerId, customerId)))
    .returning({ id: contacts.id });
  const removedLinks = await tx
    .delete(portalLinks)
    .where(and(eq(portalLinks.tenantId, tenantId), eq(portalLinks.customerId, customerId)))
    .returning({ id: portalLinks.id });
  await tx
    .update(customers)
    .set({
      email: null,
      phone: null,
      notes: null,
      ibans: [],
      blockReason: null,
      blockUntil: null,
      updatedAt: sql`now()`,
    })
    .where(and(eq(customers.tenantId, tenantId), eq(customers.id, customerId)));
  const anonymisedTasks = await tx
    .update(tasks)
    .set({ title: 'anonymisiert', outcome: null })
    .where(and(eq(tasks.tenantId, tenantId), eq(tasks.customerId, customerId)))
    .returning({ id: tasks.id });
  await tx
    .update(reportedPayments)
    .set({ note: null })
    .where(and(eq(reportedPayments.tenantId, tenantId), eq(reportedPayments.customerId, customerId)));
  return {
    contacts: removedContacts.length,
    portalLinks: removedLinks.length,
    tasks: anonymisedTasks.length,
  };
}

/** Business letters past their period: archived letters and attachments deleted, free text and bank details anonymised. */
export async function eraseBusinessLetters(tx: Db, tenantId: number, customerId: number) {
  const noticeIds = tx
    .select({ id: notices.id })
    .from(notices)
    .where(and(eq(notices.tenantId, tenantId), eq(notices.customerId, customerId)));
  const invoiceIds = tx
    .select({ id: invoices.id })
    .from(invoices)
    .where(and(eq(invoices.tenantId, tenantId), eq(invoices.customerId, customerId)));
  const letters = await tx
    .delete(archivedDocuments)
    .where(
      and(
        eq(archivedDocuments.tenantId, tenantId),
        eq(archivedDocuments.entityType, 'notice'),
        inArray(archivedDocuments.entityId, noticeIds),
      ),
    )
    .returning({ id: archivedDocuments.id });
  const disputeIds = tx
    .select({ id: disputes.id })
    .from(disputes)
    .where(and(eq(disputes.tenantId, tenantId), inArray(disputes.invoiceId, invoiceIds)));
  const attachments = await tx
    .delete(disputeAttachments)
    .where(and(eq(disputeAttachments.tenantId, tenantId), inArray(disputeAttachments.disputeId, disputeIds)))
    .returning({ id: disputeAttachments.id });
  await tx
    .update(disputes)
    .set({ reason: 'anonymisiert', owner: null })
    .where(and(eq(disputes.tenantId, tenantId), inArray(disputes.invoiceId, invoiceIds)));
  await tx
    .update(sepaMandates)
    .set({ debtorName: 'anonymisiert', iban: 'anonymisiert', bic: null })
    .where(and(eq(sepaMandates.tenantId, tenantId), eq(sepaMandates.customerId, customerId)));
  const orderIds = tx
    .select({ id: orders.id })
    .from(orders)
    .where(and(eq(orders.tenantId, tenantId), eq(orders.customerId, customerId)));
  await tx
    .update(orders)
    .set({ notes: null })
    .where(and(eq(orders.tenantId, tenantId), eq(orders.customerId, customerId)));
  await tx
    .update(orderStatusChanges)
    .set({ note: null })
    .where(and(eq(orderStatusChanges.tenantId, tenantId), inArray(orderStatusChanges.orderId, orderIds)));
  await tx
    .update(orderDeliveries)
    .set({ note: null })
    .where(and(eq(orderDeliveries.tenantId, tenantId), inArray(orderDeliveries.orderId, orderIds)));
  return { archivedLetters: letters.length, disputeAttachments: attachments.length };
}

/** Booking records past their period: the payer's name, IBAN and remittance text anonymised. */
export async function eraseBookingRecordDetails(tx: Db, tenantId: number, customerId: number) {
  const invoiceIds = tx
    .select({ id: invoices.id })
    .from(invoices)
    .where(and(eq(invoices.tenantId, tenantId), eq(invoices.customerId, customerId)));
  const paymentIds = tx
    .select({ id: paymentAllocations.paymentId })
    .from(paymentAllocations)
    .where(and(eq(paymentAllocations.tenantId, tenantId), inArray(paymentAllocations.invoiceId, invoiceIds)));
  const anonymised = await tx
    .update(payments)
    .set({ payerName: null, payerIban: null, reference: null })
    .where(
      and(
        eq(payments.tenantId, tenantId),
        or(eq(payments.customerId, customerId), inArray(payments.id, paymentIds)),
      ),
    )
    .returning({ id: payments.id });
  await tx
    .update(bankTransactions)
    .set({ counterpartyName: null, counterpartyIban: null, counterpartyBic: null, remittance: '' })
    .where(and(eq(bankTransactions.tenantId, tenantId), eq(bankTransactions.customerId, customerId)));
  return { payments: anonymised.length };
}

/** When nothing keeps them any more: the customer's name, address and VAT id replaced; the number stays as a key. */
export async function anonymiseCustomer(tx: Db, tenantId: number, customerId: number, name: string) {
  await tx
    .update(customers)
    .set({ name, address: null, vatId: null, paymentTerms: null, updatedAt: sql`now()` })
    .where(and(eq(customers.tenantId, tenantId), eq(customers.id, customerId)));
}
