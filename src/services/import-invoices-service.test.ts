import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Database, queryRows } from '../db/database.ts';
import { findCustomerByNumber } from '../db/customer-repository.ts';
import { readEvents } from '../db/event-store.ts';
import { findClaimState, findInvoiceByNumber } from '../db/invoice-repository.ts';
import { newTenantContext, openTestDatabase, TEST_DATABASE_KINDS } from '../../test/support/test-database.ts';
import { AppError } from './app-error.ts';
import { verifyEventChain } from './audit-service.ts';
import { createCustomer } from './customer-service.ts';
import { importInvoices, vatRateBasisPoints } from './import-invoices-service.ts';
import type { ServiceContext } from './service-context.ts';

const GOOD = [
  'Rechnungsnummer;Kundennummer;Kundenname;Kundenart;Rechnungsdatum;Fälligkeit;Brutto;Netto;MwSt;E-Mail',
  'RE-1001;K-1;Müller GmbH;gewerblich;01.02.2024;02.03.2024;1.190,00;1.000,00;190,00;buchhaltung@mueller.example',
  'RE-1002;K-1;Müller GmbH;gewerblich;15.02.2024;;107,00;100,00;7,00;',
  'RE-1003;K-2;Erika Mustermann;privat;20.02.2024;;49,99;;;',
].join('\n');

function utf8(text: string): Uint8Array {
  return Buffer.from(text, 'utf8');
}

async function tenantCounts(ctx: ServiceContext) {
  const [row] = await queryRows<
    Record<'invoices' | 'lines' | 'claims' | 'customers' | 'events', number | string>
  >(
    ctx.db,
    sql`select
      (select count(*) from invoices where tenant_id = ${ctx.tenantId}) as invoices,
      (select count(*) from invoice_lines where tenant_id = ${ctx.tenantId}) as lines,
      (select count(*) from claim_states where tenant_id = ${ctx.tenantId}) as claims,
      (select count(*) from customers where tenant_id = ${ctx.tenantId}) as customers,
      (select count(*) from events where tenant_id = ${ctx.tenantId}) as events`,
  );
  // count(*) is a bigint: PostgreSQL returns it as text.
  return {
    invoices: Number(row?.invoices),
    lines: Number(row?.lines),
    claims: Number(row?.claims),
    customers: Number(row?.customers),
    events: Number(row?.events),
  };
}

async function rejection(promise: Promise<unknown>): Promise<AppError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AppError);
  expect((error as AppError).code).toBe('import-rejected');
  return error as AppError;
}

describe('vatRateBasisPoints', () => {
  it('derives the rate from the amounts to hundredths of a per cent, 0 without a net amount', () => {
    expect(vatRateBasisPoints(100000, 19000)).toBe(1900);
    expect(vatRateBasisPoints(10000, 700)).toBe(700);
    expect(vatRateBasisPoints(333, 63)).toBe(1892); // 18.918… % rounds half-up
    expect(vatRateBasisPoints(0, 0)).toBe(0);
  });
});

describe.each(TEST_DATABASE_KINDS)('importInvoices on %s', (kind) => {
  let database: Database;
  beforeAll(async () => {
    database = await openTestDatabase(kind);
  }, 60_000);
  afterAll(() => database?.close());

  it('imports every row with new customers, open claims and a verifiable event per change', async () => {
    const ctx = await newTenantContext(database);
    const before = await tenantCounts(ctx);
    const result = await importInvoices(ctx, { fileName: 'rechnungen.csv', bytes: utf8(GOOD) });
    expect(result).toMatchObject({
      invoices: 3,
      customersCreated: 2,
      customersMatched: 0,
      totalCents: 119000 + 10700 + 4999,
      currency: 'EUR',
      ignoredColumns: [],
    });
    expect(await tenantCounts(ctx)).toEqual({
      invoices: 3,
      lines: 3,
      claims: 3,
      customers: 2,
      events: before.events + 2 + 3 + 1,
    });

    const invoice = await findInvoiceByNumber(ctx.db, ctx.tenantId, 'RE-1002');
    expect(invoice).toMatchObject({
      issuedOn: '2024-02-15',
      dueDate: '2024-02-29',
      paymentTerms: { kind: 'net', days: 14 },
      dueDateFixedByCalendar: false,
      thirtyDayNotice: false,
      netCents: 10000,
      vatCents: 700,
      grossCents: 10700,
      source: 'csv',
      status: 'open',
    });
    expect(await findClaimState(ctx.db, ctx.tenantId, invoice?.id as number)).toMatchObject({
      openPrincipalCents: 10700,
      openCostsCents: 0,
    });
    const [line] = await queryRows<{ vat_rate_basis_points: number; net_cents: number | string }>(
      ctx.db,
      sql`select vat_rate_basis_points, net_cents from invoice_lines where tenant_id = ${ctx.tenantId} and invoice_id = ${invoice?.id}`,
    );
    expect(line?.vat_rate_basis_points).toBe(700);
    expect(await findCustomerByNumber(ctx.db, ctx.tenantId, 'K-1')).toMatchObject({
      name: 'Müller GmbH',
      debtorKind: 'business',
      email: 'buchhaltung@mueller.example',
    });
    expect(await findCustomerByNumber(ctx.db, ctx.tenantId, 'K-2')).toMatchObject({ debtorKind: 'consumer' });

    const events = await readEvents(ctx.db, ctx.tenantId, before.events, 100);
    expect(events.map((e) => e.type)).toEqual([
      'customer.created',
      'customer.created',
      'invoice.created',
      'invoice.created',
      'invoice.created',
      'import.completed',
    ]);
    expect(events.at(-1)?.payload).toMatchObject({
      fileName: 'rechnungen.csv',
      invoices: 3,
      customersCreated: 2,
      totalCents: 134699,
    });
    expect(await verifyEventChain(ctx)).toMatchObject({ ok: true, checked: before.events + 6 });
  });

  it('matches existing customers by number and keeps their master data', async () => {
    const ctx = await newTenantContext(database);
    await createCustomer(ctx, { number: 'K-1', name: 'Müller GmbH & Co. KG', debtorKind: 'business' });
    const result = await importInvoices(ctx, { fileName: 'rechnungen.csv', bytes: utf8(GOOD) });
    expect(result).toMatchObject({ invoices: 3, customersCreated: 1, customersMatched: 1 });
    expect((await findCustomerByNumber(ctx.db, ctx.tenantId, 'K-1'))?.name).toBe('Müller GmbH & Co. KG');
    expect(await tenantCounts(ctx)).toMatchObject({ customers: 2, invoices: 3 });
  });

  it('rejects a file with bad rows, lists every error with line and column, and changes nothing', async () => {
    const ctx = await newTenantContext(database);
    await importInvoices(ctx, { fileName: 'first.csv', bytes: utf8(GOOD) });
    const before = await tenantCounts(ctx);
    const bad = [
      'Rechnungsnummer;Kundennummer;Kundenname;Kundenart;Rechnungsdatum;Fälligkeit;Brutto',
      'RE-2001;K-9;Neu AG;gewerblich;01.03.2024;;100,00',
      'RE-2002;K-9;Neu AG;gewerblich;32.03.2024;;100,00',
      'RE-2003;K-10;Nochmal;privat;01.03.2024;01.02.2024;abc',
      'RE-2001;K-11;Dritte;gewerblich;01.03.2024;;5',
    ].join('\n');
    const error = await rejection(importInvoices(ctx, { fileName: 'bad.csv', bytes: utf8(bad) }));
    expect(error.message).toBe('bad.csv rejected with 4 errors, nothing imported');
    expect(error.issues).toEqual([
      { path: 'bad.csv:3:Rechnungsdatum', message: 'no such day: "32.03.2024"' },
      { path: 'bad.csv:4:Brutto', message: expect.stringContaining('expected an amount like 1234,56') },
      {
        path: 'bad.csv:4:Fälligkeit',
        message: 'the due date 2024-02-01 is before the invoice date 2024-03-01',
      },
      { path: 'bad.csv:5:Rechnungsnummer', message: 'the invoice number RE-2001 appears also on line 2' },
    ]);
    expect(await tenantCounts(ctx)).toEqual(before);
    expect(await verifyEventChain(ctx)).toMatchObject({ ok: true });
  });

  it('rejects invoice numbers that exist and customers known as the other debtor kind, changing nothing', async () => {
    const ctx = await newTenantContext(database);
    await createCustomer(ctx, { number: 'K-2', name: 'Erika Mustermann', debtorKind: 'business' });
    await importInvoices(ctx, {
      fileName: 'old.csv',
      bytes: utf8(
        'Rechnungsnr;Kundennr;Name;Kundenart;Rechnungsdatum;Betrag\nRE-1002;K-5;X;privat;01.01.2024;1\n',
      ),
    });
    const before = await tenantCounts(ctx);
    const error = await rejection(importInvoices(ctx, { fileName: 'rechnungen.csv', bytes: utf8(GOOD) }));
    expect(error.issues).toEqual([
      { path: 'rechnungen.csv:3:Rechnungsnummer', message: 'invoice RE-1002 exists already' },
      {
        path: 'rechnungen.csv:4:Kundenart',
        message: 'customer K-2 exists as business (gewerblich), the file says consumer (privat) (on 1 row)',
      },
    ]);
    expect(await tenantCounts(ctx)).toEqual(before);
  });

  it('rejects the same file imported a second time, naming every row, and changes nothing', async () => {
    const ctx = await newTenantContext(database);
    await importInvoices(ctx, { fileName: 'rechnungen.csv', bytes: utf8(GOOD) });
    const before = await tenantCounts(ctx);
    const error = await rejection(importInvoices(ctx, { fileName: 'rechnungen.csv', bytes: utf8(GOOD) }));
    expect(error.issues.map((i) => i.path)).toEqual([
      'rechnungen.csv:2:Rechnungsnummer',
      'rechnungen.csv:3:Rechnungsnummer',
      'rechnungen.csv:4:Rechnungsnummer',
    ]);
    expect(await tenantCounts(ctx)).toEqual(before);
    expect(await verifyEventChain(ctx)).toMatchObject({ ok: true });
  });

  it('names the single error in the message itself', async () => {
    const ctx = await newTenantContext(database);
    const error = await rejection(
      importInvoices(ctx, {
        fileName: 'one.csv',
        bytes: utf8(
          'Rechnungsnr;Kundennr;Name;Kundenart;Rechnungsdatum;Betrag\nR1;K1;A;privat;01.01.2024;-3\n',
        ),
      }),
    );
    expect(error.message).toBe(
      'one.csv:2:Betrag: negative amounts are not imported, got "-3" (nothing imported)',
    );
  });

  it('imports a Windows-1252 file with umlauts, semicolons and decimal commas', async () => {
    const ctx = await newTenantContext(database);
    const text = [
      'Rechnungsnummer;Kundennummer;Kundenname;Kundenart;Rechnungsdatum;Fälligkeit;Bruttobetrag;Straße;PLZ;Ort',
      'RE-ä1;K-Ö;Bäckerei Größe;gewerblich;01.02.2024;16.02.2024;1.234,56;Königstraße 5;70173;Stuttgart',
    ].join('\r\n');
    const bytes = Buffer.from(text, 'latin1'); // the same bytes as Windows-1252 for these letters
    expect(() => new TextDecoder('utf-8', { fatal: true }).decode(bytes)).toThrow();
    const result = await importInvoices(ctx, { fileName: 'export.csv', bytes });
    expect(result).toMatchObject({
      invoices: 1,
      totalCents: 123456,
      encoding: 'windows-1252',
      delimiter: ';',
    });
    expect(await findCustomerByNumber(ctx.db, ctx.tenantId, 'K-Ö')).toMatchObject({
      name: 'Bäckerei Größe',
      address: { street: 'Königstraße 5', postalCode: '70173', city: 'Stuttgart', country: 'DE' },
    });
    expect(await findInvoiceByNumber(ctx.db, ctx.tenantId, 'RE-ä1')).toMatchObject({
      grossCents: 123456,
      dueDate: '2024-02-16',
      paymentTerms: { kind: 'net', days: 15 },
    });
  });
});
