/**
 * @module invoice-repository
 * Invoices with their lines and claim states. Bulk inserts go through bulkInsert (unnest, one parameter per column).
 */
import { and, eq, inArray, sql } from 'drizzle-orm';
import { bulkInsert } from './bulk-insert.ts';
import { containsPattern } from './sql-arrays.ts';
import { type Db, queryRows } from './database.ts';
import { claimStates, invoiceLines, invoices } from './schema.ts';

export type InvoiceRow = typeof invoices.$inferSelect;
export type NewInvoiceRow = Omit<typeof invoices.$inferInsert, 'id' | 'createdAt'>;
export type NewInvoiceLineRow = Omit<typeof invoiceLines.$inferInsert, 'id' | 'invoiceId' | 'tenantId'>;
export type ClaimStateRow = typeof claimStates.$inferSelect;

/** Inserts invoices, their lines and an open claim state each; returns the invoices in input order. */
export async function insertInvoices(
  db: Db,
  tenantId: number,
  rows: readonly { invoice: NewInvoiceRow; lines: readonly NewInvoiceLineRow[] }[],
): Promise<InvoiceRow[]> {
  const created = await bulkInsert(
    db,
    invoices,
    rows.map((r) => r.invoice),
    { returning: true },
  );
  // RETURNING keeps no promised order: match by number.
  const byNumber = new Map(created.map((row) => [row.number, row]));
  const ordered = rows.map((r) => byNumber.get(r.invoice.number) as InvoiceRow);
  await bulkInsert(
    db,
    invoiceLines,
    rows.flatMap((r, j) =>
      r.lines.map((line) => ({ ...line, tenantId, invoiceId: (ordered[j] as InvoiceRow).id })),
    ),
    { returning: false },
  );
  await bulkInsert(
    db,
    claimStates,
    ordered.map((invoice) => ({
      tenantId,
      invoiceId: invoice.id,
      customerId: invoice.customerId,
      openPrincipalCents: invoice.grossCents,
    })),
    { returning: false },
  );
  return ordered;
}

export async function findInvoiceByNumber(
  db: Db,
  tenantId: number,
  number: string,
): Promise<InvoiceRow | undefined> {
  const [row] = await db
    .select()
    .from(invoices)
    .where(and(eq(invoices.tenantId, tenantId), eq(invoices.number, number)));
  return row;
}

export async function findInvoicesByNumbers(
  db: Db,
  tenantId: number,
  numbers: readonly string[],
): Promise<InvoiceRow[]> {
  if (numbers.length === 0) return [];
  return db
    .select()
    .from(invoices)
    .where(and(eq(invoices.tenantId, tenantId), inArray(invoices.number, [...numbers])));
}

export async function findExistingInvoiceNumbers(
  db: Db,
  tenantId: number,
  numbers: readonly string[],
): Promise<string[]> {
  const found: string[] = [];
  for (let i = 0; i < numbers.length; i += 5000) {
    const rows = await db
      .select({ number: invoices.number })
      .from(invoices)
      .where(and(eq(invoices.tenantId, tenantId), inArray(invoices.number, numbers.slice(i, i + 5000))));
    found.push(...rows.map((r) => r.number));
  }
  return found;
}

export async function findClaimState(
  db: Db,
  tenantId: number,
  invoiceId: number,
): Promise<ClaimStateRow | undefined> {
  const [row] = await db
    .select()
    .from(claimStates)
    .where(and(eq(claimStates.tenantId, tenantId), eq(claimStates.invoiceId, invoiceId)));
  return row;
}

export async function invoicesOfCustomer(db: Db, tenantId: number, customerId: number) {
  return db
    .select({ invoice: invoices, claim: claimStates })
    .from(invoices)
    .innerJoin(
      claimStates,
      and(eq(claimStates.tenantId, invoices.tenantId), eq(claimStates.invoiceId, invoices.id)),
    )
    .where(and(eq(invoices.tenantId, tenantId), eq(invoices.customerId, customerId)))
    .orderBy(invoices.dueDate, invoices.number);
}

export async function findInvoiceLines(db: Db, tenantId: number, invoiceId: number) {
  return db
    .select()
    .from(invoiceLines)
    .where(and(eq(invoiceLines.tenantId, tenantId), eq(invoiceLines.invoiceId, invoiceId)))
    .orderBy(invoiceLines.position);
}

export interface InvoiceListFilter {
  /** Part of the invoice number or of the customer's name or number. */
  q?: string;
  status: 'open' | 'overdue' | 'paid' | 'all';
  customerId?: number;
  sort: 'dueDate' | 'number' | 'open';
  /** The day that decides what is overdue. */
  asOf: string;
  after: readonly (string | number | null)[] | null;
  limit: number;
}

export interface InvoiceSummaryRow {
  id: number;
  number: string;
  customerId: number;
  customerNumber: string;
  customerName: string;
  issuedOn: string;
  dueDate: string;
  grossCents: number;
  openCents: number;
  status: InvoiceRow['status'];
  sortValue: string | number;
}

/** One page of invoices with what is open of each (principal and costs). */
export async function listInvoiceSummaries(
  db: Db,
  tenantId: number,
  filter: InvoiceListFilter,
): Promise<InvoiceSummaryRow[]> {
  const open = sql`(cs.open_principal_cents + cs.open_costs_cents)`;
  const conditions = [sql`i.tenant_id = ${tenantId}`];
  if (filter.q) {
    const like = containsPattern(filter.q);
    conditions.push(sql`(i.number ilike ${like} or c.name ilike ${like} or c.number ilike ${like})`);
  }
  if (filter.customerId !== undefined) conditions.push(sql`i.customer_id = ${filter.customerId}`);
  if (filter.status === 'open') conditions.push(sql`i.status = 'open' and ${open} > 0`);
  if (filter.status === 'overdue') {
    conditions.push(sql`i.status = 'open' and ${open} > 0 and i.due_date < ${filter.asOf}::date`);
  }
  if (filter.status === 'paid') conditions.push(sql`i.status = 'paid'`);
  // Sorted by a column (not an expression of it), so the index serves the order and the keyset.
  const [sortColumn, direction, cast] =
    filter.sort === 'open'
      ? [open, 'desc' as const, sql``]
      : filter.sort === 'number'
        ? [sql`i.number`, 'asc' as const, sql``]
        : [sql`i.due_date`, 'asc' as const, sql`::date`];
  if (filter.after) {
    const [value, id] = filter.after;
    conditions.push(
      direction === 'desc'
        ? sql`(${sortColumn} < ${value}${cast} or (${sortColumn} = ${value}${cast} and i.id > ${id}))`
        : sql`(${sortColumn}, i.id) > (${value}${cast}, ${id})`,
    );
  }
  const rows = await queryRows<Record<string, unknown>>(
    db,
    sql`select i.id, i.number, i.customer_id, c.number as customer_number, c.name as customer_name,
               i.issued_on::text as issued_on, i.due_date::text as due_date, i.gross_cents, i.status,
               ${open} as open_cents, ${sortColumn}::text as sort_value
          from invoices i
          join claim_states cs on cs.tenant_id = i.tenant_id and cs.invoice_id = i.id
          join customers c on c.tenant_id = i.tenant_id and c.id = i.customer_id
         where ${sql.join(conditions, sql` and `)}
         order by ${sortColumn} ${sql.raw(direction)}, i.id
         limit ${filter.limit + 1}`,
  );
  return rows.map((r) => ({
    id: Number(r.id),
    number: String(r.number),
    customerId: Number(r.customer_id),
    customerNumber: String(r.customer_number),
    customerName: String(r.customer_name),
    issuedOn: String(r.issued_on),
    dueDate: String(r.due_date),
    grossCents: Number(r.gross_cents),
    openCents: Number(r.open_cents),
    status: r.status as InvoiceRow['status'],
    sortValue: typeof r.sort_value === 'string' ? r.sort_value : Number(r.sort_value),
  }));
}

export async function findInvoiceById(db: Db, tenantId: number, id: number): Promise<InvoiceRow | undefined> {
  const [row] = await db
    .select()
    .from(invoices)
    .where(and(eq(invoices.tenantId, tenantId), eq(invoices.id, id)));
  return row;
}

/** The payments that went to an invoice, with what of each went where. */
export async function paymentsOfInvoice(db: Db, tenantId: number, invoiceId: number) {
  return queryRows<Record<string, unknown>>(
    db,
    sql`select p.id, p.received_on::text as received_on, p.amount_cents, p.source, p.reference, p.payer_name,
               p.reversed_by_payment_id, a.component, a.amount_cents as allocated_cents, a.rule
          from payment_allocations a
          join payments p on p.tenant_id = a.tenant_id and p.id = a.payment_id
         where a.tenant_id = ${tenantId} and a.invoice_id = ${invoiceId}
         order by p.received_on, p.id, a.id`,
  );
}

/** The notices that claimed an invoice, newest first. */
export async function noticesOfInvoice(db: Db, tenantId: number, invoiceId: number) {
  return queryRows<Record<string, unknown>>(
    db,
    sql`select n.id, n.stage_key, n.issued_on::text as issued_on, n.status, n.channel, n.payment_deadline::text as payment_deadline,
               ni.total_cents, ni.interest_cents, ni.cancelled
          from notice_items ni
          join notices n on n.tenant_id = ni.tenant_id and n.id = ni.notice_id
         where ni.tenant_id = ${tenantId} and ni.invoice_id = ${invoiceId}
         order by n.issued_on desc, n.id desc`,
  );
}
