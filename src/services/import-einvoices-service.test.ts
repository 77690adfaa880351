import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UBL_CREDIT_NOTE, ublInvoice } from '../../test/support/einvoice-samples.ts';
import {
  newTenantContext,
  openTestDatabase,
  TEST_DATABASE_KINDS,
  type TestDatabase,
} from '../../test/support/test-database.ts';
import { claimStates, customers, invoices, paymentAllocations } from '../db/schema.ts';
import { parsePaymentTerms } from '../domain/payment-terms.ts';
import { verifyEventChain } from './audit-service.ts';
import { createCustomer } from './customer-service.ts';
import { importEInvoices } from './import-einvoices-service.ts';
import { createInvoice } from './invoice-service.ts';
import type { ServiceContext } from './service-context.ts';

const FIXTURES = new URL('../../../shared/fixtures/einvoice/', import.meta.url);
const bytes = (text: string) => new TextEncoder().encode(text);

describe.each(TEST_DATABASE_KINDS)('importing e-invoices on %s', (kind) => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await openTestDatabase(kind);
  }, 60_000);
  afterAll(() => database?.close());

  const claimOf = async (ctx: ServiceContext, number: string) => {
    const [row] = await ctx.db
      .select({
        gross: invoices.grossCents,
        open: claimStates.openPrincipalCents,
        status: invoices.status,
        dueDate: invoices.dueDate,
        terms: invoices.paymentTerms,
        customerId: invoices.customerId,
      })
      .from(invoices)
      .innerJoin(
        claimStates,
        and(eq(claimStates.tenantId, invoices.tenantId), eq(claimStates.invoiceId, invoices.id)),
      )
      .where(and(eq(invoices.tenantId, ctx.tenantId), eq(invoices.number, number)));
    return row;
  };

  it('creates the invoice with its own amounts, due date and Skonto, and its unknown buyer as a customer', async () => {
    const ctx = await newTenantContext(database);
    const [result] = await importEInvoices(ctx, [{ fileName: 're.xml', bytes: bytes(ublInvoice()) }]);
    expect(result).toMatchObject({
      number: 'RE-2025-001',
      outcome: 'created',
      customerCreated: true,
      payableCents: 253_91,
    });
    const claim = await claimOf(ctx, 'RE-2025-001');
    expect(claim).toMatchObject({ gross: 253_91, open: 253_91, status: 'open', dueDate: '2025-02-14' });
    expect(parsePaymentTerms(claim?.terms)).toMatchObject({ kind: 'net', days: 30 });
    expect(parsePaymentTerms(claim?.terms).skonto.map((s) => s.days)).toEqual([7, 14]);
    const [customer] = await ctx.db.select().from(customers).where(eq(customers.tenantId, ctx.tenantId));
    expect(customer).toMatchObject({
      name: 'Müller & Söhne GmbH',
      debtorKind: 'business',
      email: 'rechnung@mueller.example',
    });
    expect(customer?.address).toMatchObject({ street: 'Am Markt 5', postalCode: '50667', city: 'Köln' });
    expect((await verifyEventChain(ctx)).ok).toBe(true);
  });

  it('skips a file imported before, and refuses one whose invoice number exists with another amount', async () => {
    const ctx = await newTenantContext(database);
    await importEInvoices(ctx, [{ fileName: 'a.xml', bytes: bytes(ublInvoice()) }]);
    const [again] = await importEInvoices(ctx, [{ fileName: 'a.xml', bytes: bytes(ublInvoice()) }]);
    expect(again?.outcome).toBe('already-imported');
    const elsewhere = await newTenantContext(database);
    await createCustomer(elsewhere, { number: 'K-9', name: 'Andere GmbH', debtorKind: 'business' });
    await createInvoice(elsewhere, {
      customerNumber: 'K-9',
      number: 'RE-2025-001',
      issuedOn: '2025-01-15',
      lines: [{ description: 'Anderes', unitPrice: '10.00' }],
    });
    await expect(
      importEInvoices(elsewhere, [{ fileName: 'b.xml', bytes: bytes(ublInvoice()) }]),
    ).rejects.toThrow(
      /b\.xml: invoice RE-2025-001 exists already with 11\.90 EUR for Andere GmbH, the file says 253\.91 EUR for Müller & Söhne GmbH/,
    );
  });

  it('reduces the invoice a credit note names', async () => {
    const ctx = await newTenantContext(database);
    const results = await importEInvoices(ctx, [
      { fileName: 'gs.xml', bytes: bytes(UBL_CREDIT_NOTE) },
      { fileName: 're.xml', bytes: bytes(ublInvoice()) },
    ]);
    expect(results.map((r) => `${r.kind} ${r.outcome}`)).toEqual(['invoice created', 'credit-note created']);
    const claim = await claimOf(ctx, 'RE-2025-001');
    const credited = results[1]?.payableCents ?? 0;
    expect(claim?.open).toBe(253_91 - credited);
    // It reduces the principal only: no Skonto, no costs first.
    const allocations = await ctx.db
      .select({ component: paymentAllocations.component, cents: paymentAllocations.amountCents })
      .from(paymentAllocations)
      .where(eq(paymentAllocations.tenantId, ctx.tenantId));
    expect(allocations).toEqual([{ component: 'principal', cents: credited }]);
  });

  it('refuses an invoice with negative amounts, and keeps an imported due date from counting as agreed', async () => {
    const ctx = await newTenantContext(database);
    const negative = ublInvoice()
      .replace(/currencyID="EUR">(\d)/g, 'currencyID="EUR">-$1')
      .replace('<cbc:InvoicedQuantity unitCode="H87">10', '<cbc:InvoicedQuantity unitCode="H87">-10')
      .replace('<cbc:InvoicedQuantity unitCode="HUR">1.5', '<cbc:InvoicedQuantity unitCode="HUR">-1.5');
    await expect(importEInvoices(ctx, [{ fileName: 'neg.xml', bytes: bytes(negative) }])).rejects.toThrow(
      /nothing imported/,
    );
    await importEInvoices(ctx, [{ fileName: 're.xml', bytes: bytes(ublInvoice()) }]);
    const [row] = await ctx.db
      .select({ fixed: invoices.dueDateFixedByCalendar })
      .from(invoices)
      .where(eq(invoices.tenantId, ctx.tenantId));
    expect(row?.fixed).toBe(false);
  });

  it('imports nothing when one file of several cannot be read, and names it', async () => {
    const ctx = await newTenantContext(database);
    await expect(
      importEInvoices(ctx, [
        { fileName: 'good.xml', bytes: bytes(ublInvoice()) },
        { fileName: 'bad.xml', bytes: bytes(ublInvoice({ payable: '250.00' })) },
      ]),
    ).rejects.toThrow(/nothing imported:\nbad\.xml.*BR-CO-16/s);
    expect(await claimOf(ctx, 'RE-2025-001')).toBeUndefined();
  });

  it.skipIf(!existsSync(FIXTURES))(
    'imports the real e-invoices with the amounts and dates stated in them',
    async () => {
      const ctx = await newTenantContext(database);
      const files = readdirSync(FIXTURES)
        .sort()
        .map((name) => ({ fileName: name, bytes: new Uint8Array(readFileSync(new URL(name, FIXTURES))) }));
      const results = await importEInvoices(ctx, files);
      const summary = results.map((r) => [
        r.fileName,
        r.kind,
        r.number,
        r.outcome,
        r.payableCents,
        r.dueDate,
      ]);
      expect(summary).toEqual([
        ['01.01a-INVOICE_ubl.xml', 'invoice', '123456XX', 'created', 336_90, null],
        // The same invoice in CII: the same number and amount, so it is recognised as imported.
        ['01.01a-INVOICE_uncefact.xml', 'invoice', '123456XX', 'already-imported', 336_90, null],
        ['02.03a-INVOICE_ubl.xml', 'invoice', '1234567', 'created', 0, '2018-04-13'],
        ['02.03a-INVOICE_uncefact.xml', 'invoice', '1234567', 'already-imported', 0, '2018-04-13'],
        ['EN16931_Einfach_DueDate.cii.xml', 'invoice', '471102', 'created', 529_87, '2019-03-05'],
        ['ubl-creditnote.xml', 'credit-note', 'TOSL108', 'created', 729_00, null],
      ]);
      expect(await claimOf(ctx, '123456XX')).toMatchObject({ gross: 336_90, open: 336_90, status: 'open' });
      // Fully prepaid: the prepayment is booked, nothing is open.
      expect(await claimOf(ctx, '1234567')).toMatchObject({
        gross: 12829_69,
        open: 0,
        status: 'paid',
        dueDate: '2018-04-13',
      });
      expect(await claimOf(ctx, '471102')).toMatchObject({
        gross: 529_87,
        open: 529_87,
        dueDate: '2019-03-05',
      });
      expect((await verifyEventChain(ctx)).ok).toBe(true);
    },
  );
});
