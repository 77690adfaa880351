import { and, asc, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newTenantContext, openTestDatabase, TEST_DATABASE_KINDS } from '../../test/support/test-database.ts';
import type { Database } from '../db/database.ts';
import {
  claimStates,
  customers,
  disputes,
  events,
  invoiceLines,
  invoices,
  payments,
  promisesToPay,
} from '../db/schema.ts';
import { addDays, type CalendarDate } from '../domain/calendar-date.ts';
import { isAppError } from './app-error.ts';
import { verifyEventChain } from './audit-service.ts';
import { createDemoData, type DemoSummary } from './demo-service.ts';
import type { ServiceContext } from './service-context.ts';

const TODAY = '2025-06-30' as CalendarDate;
const SMALL = { customers: 20, invoices: 120, seed: 1, today: TODAY };

/** What a demo wrote, without the ids that differ between tenants. */
async function readDemo(ctx: ServiceContext) {
  const { db, tenantId } = ctx;
  const customerRows = await db
    .select()
    .from(customers)
    .where(eq(customers.tenantId, tenantId))
    .orderBy(asc(customers.number));
  const numberOf = new Map(customerRows.map((c) => [c.id, c.number]));
  const invoiceRows = await db
    .select({ invoice: invoices, claim: claimStates })
    .from(invoices)
    .innerJoin(
      claimStates,
      and(eq(claimStates.tenantId, invoices.tenantId), eq(claimStates.invoiceId, invoices.id)),
    )
    .where(eq(invoices.tenantId, tenantId))
    .orderBy(asc(invoices.number));
  const invoiceNumberOf = new Map(invoiceRows.map((r) => [r.invoice.id, r.invoice.number]));
  const lineRows = await db.select().from(invoiceLines).where(eq(invoiceLines.tenantId, tenantId));
  const paymentRows = await db
    .select()
    .from(payments)
    .where(eq(payments.tenantId, tenantId))
    .orderBy(asc(payments.id));
  const disputeRows = await db.select().from(disputes).where(eq(disputes.tenantId, tenantId));
  const promiseRows = await db.select().from(promisesToPay).where(eq(promisesToPay.tenantId, tenantId));
  return {
    customers: customerRows.map((c) => ({
      number: c.number,
      name: c.name,
      debtorKind: c.debtorKind,
      language: c.language,
      email: c.email,
      address: c.address,
      paymentTerms: c.paymentTerms,
      blockReason: c.blockReason,
    })),
    invoices: invoiceRows.map(({ invoice, claim }) => ({
      number: invoice.number,
      customer: numberOf.get(invoice.customerId),
      issuedOn: invoice.issuedOn,
      dueDate: invoice.dueDate,
      paymentTerms: invoice.paymentTerms,
      netCents: invoice.netCents,
      vatCents: invoice.vatCents,
      grossCents: invoice.grossCents,
      status: invoice.status,
      openPrincipalCents: claim.openPrincipalCents,
    })),
    lines: lineRows
      .map((l) => ({
        invoice: invoiceNumberOf.get(l.invoiceId) as string,
        position: l.position,
        description: l.description,
        vatRateBasisPoints: l.vatRateBasisPoints,
        grossCents: l.grossCents,
      }))
      .sort((a, b) => a.invoice.localeCompare(b.invoice) || a.position - b.position),
    payments: paymentRows.map((p) => ({
      customer: numberOf.get(p.customerId as number),
      receivedOn: p.receivedOn,
      amountCents: p.amountCents,
      reference: p.reference,
    })),
    disputes: disputeRows.map((d) => ({ invoice: invoiceNumberOf.get(d.invoiceId), openedOn: d.openedOn })),
    promises: promiseRows.map((p) => ({
      invoice: invoiceNumberOf.get(p.invoiceId),
      payBy: p.payBy,
      amountCents: p.amountCents,
    })),
  };
}

describe.each(TEST_DATABASE_KINDS)('demo data on %s', (kind) => {
  let database: Database;
  let ctx: ServiceContext;
  let summary: DemoSummary;
  let demo: Awaited<ReturnType<typeof readDemo>>;

  beforeAll(async () => {
    database = await openTestDatabase(kind);
    ctx = await newTenantContext(database);
    summary = await createDemoData(ctx, SMALL);
    demo = await readDemo(ctx);
  }, 120_000);
  afterAll(() => database?.close());

  it('gives the same customers, invoices, payments and holds for the same seed', async () => {
    const other = await newTenantContext(database);
    expect(await createDemoData(other, SMALL)).toEqual(summary);
    expect(await readDemo(other)).toEqual(demo);
  }, 60_000);

  it('gives other data for another seed', async () => {
    const other = await newTenantContext(database);
    await createDemoData(other, { ...SMALL, seed: 2 });
    const names = (await readDemo(other)).customers.map((c) => c.name);
    expect(names).not.toEqual(demo.customers.map((c) => c.name));
  }, 60_000);

  it('makes businesses and consumers with German names, addresses and terms', () => {
    expect(demo.customers).toHaveLength(20);
    expect(demo.customers.filter((c) => c.debtorKind === 'consumer').length).toBe(5);
    expect(demo.customers.some((c) => /GmbH|KG|e\.K\.|AG|OHG|UG/.test(c.name))).toBe(true);
    for (const c of demo.customers) {
      expect(c.address?.postalCode).toMatch(/^\d{5}$/);
      expect(c.address?.country).toBe('DE');
      expect(c.paymentTerms).toMatchObject({ kind: 'net' });
    }
    expect(new Set(demo.customers.map((c) => c.name)).size).toBe(20);
  });

  it('issues 120 invoices with 1 to 4 lines in the 12 months before today, some at 7 % VAT', () => {
    expect(demo.invoices).toHaveLength(120);
    const yearAgo = addDays(TODAY, -366);
    for (const invoice of demo.invoices) {
      expect(invoice.issuedOn > yearAgo && invoice.issuedOn <= TODAY).toBe(true);
      expect(invoice.grossCents).toBe(invoice.netCents + invoice.vatCents);
    }
    const issued = demo.invoices.map((i) => i.issuedOn);
    expect(issued).toEqual([...issued].sort()); // numbers follow the order of issue
    const perInvoice = new Map<string | undefined, number>();
    for (const line of demo.lines) perInvoice.set(line.invoice, (perInvoice.get(line.invoice) ?? 0) + 1);
    expect(Math.min(...perInvoice.values())).toBeGreaterThanOrEqual(1);
    expect(Math.max(...perInvoice.values())).toBeLessThanOrEqual(4);
    expect(demo.lines.some((l) => l.vatRateBasisPoints === 700)).toBe(true);
    expect(demo.lines.some((l) => l.vatRateBasisPoints === 1900)).toBe(true);
  });

  it('leaves paid, partly paid, overdue and not yet due invoices', () => {
    const paid = demo.invoices.filter((i) => i.status === 'paid');
    const partly = demo.invoices.filter(
      (i) => i.openPrincipalCents > 0 && i.openPrincipalCents < i.grossCents,
    );
    const overdue = demo.invoices.filter((i) => i.openPrincipalCents > 0 && i.dueDate < TODAY);
    const notDue = demo.invoices.filter((i) => i.openPrincipalCents > 0 && i.dueDate >= TODAY);
    expect(paid.length).toBeGreaterThan(40);
    expect(partly.length).toBeGreaterThan(0);
    expect(overdue.length).toBeGreaterThan(5);
    expect(notDue.length).toBeGreaterThan(0);
    // Overdue at various ages: some just past due, some for months.
    const dueDates = overdue.map((i) => i.dueDate);
    expect(dueDates.some((due) => due >= addDays(TODAY, -30))).toBe(true);
    expect(dueDates.some((due) => due < addDays(TODAY, -90))).toBe(true);
    expect(paid.every((i) => i.openPrincipalCents === 0)).toBe(true);
  });

  it('records payments on or before today only, and reports what the claim states hold', () => {
    expect(demo.payments.length).toBe(summary.payments);
    expect(demo.payments.every((p) => p.receivedOn <= TODAY)).toBe(true);
    const open = demo.invoices.reduce((sum, i) => sum + i.openPrincipalCents, 0);
    expect(summary.openCents).toBe(open);
    expect(summary.invoicedCents - summary.paidCents).toBe(open);
    expect(summary.paidInvoices).toBe(demo.invoices.filter((i) => i.status === 'paid').length);
    expect(summary).toMatchObject({ customers: 20, invoices: 120, disputes: 1, promises: 1, blocks: 1 });
  });

  it('opens a dispute, records a promise to pay in the next two weeks and blocks a customer', () => {
    expect(demo.disputes).toHaveLength(1);
    expect(demo.promises).toHaveLength(1);
    const promise = demo.promises[0];
    expect(promise?.payBy && promise.payBy > TODAY && promise.payBy <= addDays(TODAY, 14)).toBe(true);
    const held = [demo.disputes[0]?.invoice, promise?.invoice];
    for (const number of held) {
      const invoice = demo.invoices.find((i) => i.number === number);
      expect(invoice?.openPrincipalCents).toBeGreaterThan(0);
      expect(invoice && invoice.dueDate < TODAY).toBe(true);
    }
    expect(demo.customers.filter((c) => c.blockReason !== null)).toHaveLength(1);
  });

  it('writes an intact event chain with an event for everything it made', async () => {
    const verification = await verifyEventChain(ctx);
    expect(verification.ok).toBe(true);
    const rows = await ctx.db
      .select({ type: events.type })
      .from(events)
      .where(eq(events.tenantId, ctx.tenantId));
    const count = (type: string) => rows.filter((r) => r.type === type).length;
    expect(count('customer.created')).toBe(20);
    expect(count('invoice.created')).toBe(120);
    expect(count('payment.recorded')).toBe(summary.payments);
    expect(count('demo.created')).toBe(1);
  });

  it('refuses a second demo for the same company and changes nothing', async () => {
    const error = await createDemoData(ctx, SMALL).catch((e: unknown) => e);
    expect(isAppError(error) && error.code).toBe('conflict');
    expect(await readDemo(ctx)).toEqual(demo);
  });

  it('refuses fewer invoices than customers', async () => {
    const other = await newTenantContext(database);
    const error = await createDemoData(other, { ...SMALL, invoices: 19 }).catch((e: unknown) => e);
    expect(isAppError(error) && error.code).toBe('validation');
    expect(String(error)).toContain('invoices');
  });
});
