/**
 * @module invoice-repository
 * Invoices with their lines and claim states. Bulk inserts go through bulkInsert (unnest, one parameter per column).
 */
import { and, eq, inArray } from 'drizzle-orm';
import { bulkInsert } from './bulk-insert.ts';
import type { Db } from './database.ts';
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
