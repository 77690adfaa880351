import type { PDFRawStream } from 'pdf-lib';
import { PDFArray, PDFDict, PDFDocument, PDFName } from 'pdf-lib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  newTenantContext,
  openTestDatabase,
  TEST_DATABASE_KINDS,
  type TestDatabase,
} from '../../test/support/test-database.ts';
import { creditorReferenceFor } from '../domain/creditor-reference.ts';
import { type EInvoice, readEInvoice } from '../formats/einvoice-read.ts';
import { FACTURX_EN16931, XRECHNUNG_3_0 } from '../formats/einvoice-write.ts';
import { AppError } from './app-error.ts';
import { type CompanyProfileUpdate, updateCompanyProfile } from './company-service.ts';
import { createCustomer } from './customer-service.ts';
import { exportInvoice } from './einvoice-export-service.ts';
import { importEInvoices } from './import-einvoices-service.ts';
import { and, eq } from 'drizzle-orm';
import { invoices } from '../db/schema.ts';
import { parsePaymentTerms } from '../domain/payment-terms.ts';
import { createInvoice } from './invoice-service.ts';
import { recordPayment } from './payment-service.ts';
import type { ServiceContext } from './service-context.ts';
import { ublInvoice } from '../../test/support/einvoice-samples.ts';
import { claimStates } from '../db/schema.ts';

const FORMATS = ['xrechnung-ubl', 'xrechnung-cii', 'factur-x'] as const;
const utf8 = (text: string) => new TextEncoder().encode(text);

const COMPANY: CompanyProfileUpdate = {
  name: 'Mahnwerk Test GmbH',
  address: { street: 'Friedrichstraße 100', postalCode: '10117', city: 'Berlin', country: 'DE' },
  phone: '+49 30 1234567',
  email: 'rechnung@mahnwerk.example',
  vatId: 'DE123456789',
  register: 'Amtsgericht Berlin-Charlottenburg HRB 123456',
  bank: { iban: 'DE89 3704 0044 0532 0130 00', bic: 'COBADEFFXXX', bankName: 'Commerzbank' },
};

describe.each(TEST_DATABASE_KINDS)('e-invoice export on %s', (kind) => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await openTestDatabase(kind);
  }, 60_000);
  afterAll(async () => {
    await database?.close();
  });

  async function company(
    profile: CompanyProfileUpdate = COMPANY,
    customerEmail: string | null = 'eingangsrechnung@mueller.example',
  ): Promise<ServiceContext> {
    const ctx = await newTenantContext(database);
    await updateCompanyProfile(ctx, profile);
    await createCustomer(ctx, {
      number: 'K-1',
      name: 'Müller & Söhne Maschinenbau GmbH',
      debtorKind: 'business',
      email: customerEmail,
      vatId: 'DE987654321',
      address: { street: 'Hauptstraße 5', postalCode: '80331', city: 'München', country: 'DE' },
    });
    await createInvoice(ctx, {
      customerNumber: 'K-1',
      number: 'RE-2026-0815',
      issuedOn: '2026-11-02',
      paymentTerms: { kind: 'net', days: 30, skonto: [{ percent: '2', days: 10 }] },
      lines: [
        {
          description: 'Wartung Fräsmaschine',
          quantity: '4',
          unit: 'Std',
          unitPrice: '95.00',
          vatRatePercent: '19',
        },
        { description: 'Fachbuch Zerspanung', quantity: '1', unitPrice: '49.90', vatRatePercent: '7' },
      ],
    });
    return ctx;
  }

  /** 4 × 95.00 at 19 % and 49.90 at 7 %: 429.90 net, 72.20 + 3.49 VAT, 505.59 in all. */
  function expectInvoice(read: EInvoice, profile: string): void {
    expect(read).toMatchObject({
      profile,
      typeCode: '380',
      number: 'RE-2026-0815',
      issueDate: '2026-11-02',
      deliveryDate: '2026-11-02',
      dueDate: '2026-12-02',
      netCents: 429_90,
      vatCents: 75_69,
      totalCents: 505_59,
      payableCents: 505_59,
      buyerReference: 'K-1',
      skonto: [{ days: 10, percent: '2.00', baseCents: null }],
      seller: { name: 'Mahnwerk Test GmbH', vatId: 'DE123456789', email: 'rechnung@mahnwerk.example' },
      buyer: { name: 'Müller & Söhne Maschinenbau GmbH', id: 'K-1', vatId: 'DE987654321' },
      paymentMeans: [
        {
          code: '58',
          ibans: ['DE89370400440532013000'],
          bic: 'COBADEFFXXX',
          remittanceInfo: creditorReferenceFor('RE-2026-0815'),
        },
      ],
    });
    expect(read.vatBreakdown.map((b) => [b.rate, b.taxableCents, b.taxCents])).toEqual([
      ['19.00', 380_00, 72_20],
      ['7.00', 49_90, 3_49],
    ]);
    expect(read.lines.map((l) => [l.quantity, l.unitCode, l.unitPrice, l.netCents])).toEqual([
      ['4', 'HUR', '95.00', 380_00],
      ['1', 'C62', '49.90', 49_90],
    ]);
    expect(read.paymentTerms).toMatch(/^Zahlbar ohne Abzug bis zum 02\.12\.2026\.\n/);
    expect(read.paymentTerms).toMatch(
      /Bei Zahlung bis zum 12\.11\.2026 2 % Skonto \(10,11\s€\), zu zahlen 495,48\s€\./,
    );
  }

  it('exports XRechnung UBL that reads back to the stored invoice', async () => {
    const ctx = await company();
    const file = await exportInvoice(ctx, 'RE-2026-0815', 'xrechnung-ubl');
    expect(file).toMatchObject({ fileName: 'RE-2026-0815-xrechnung-ubl.xml', mimeType: 'application/xml' });
    const read = await readEInvoice(file.bytes, file.fileName);
    expect(read.syntax).toBe('ubl');
    expectInvoice(read, XRECHNUNG_3_0);
    expect(read.buyer.email).toBe('eingangsrechnung@mueller.example');
  });

  it('exports XRechnung CII that reads back to the stored invoice', async () => {
    const ctx = await company();
    const file = await exportInvoice(ctx, 'RE-2026-0815', 'xrechnung-cii');
    expect(file.fileName).toBe('RE-2026-0815-xrechnung-cii.xml');
    const read = await readEInvoice(file.bytes, file.fileName);
    expect(read.syntax).toBe('cii');
    expectInvoice(read, XRECHNUNG_3_0);
  });

  it('exports the invoice PDF with factur-x.xml embedded, which reads back to the stored invoice', async () => {
    const ctx = await company();
    const file = await exportInvoice(ctx, 'RE-2026-0815', 'factur-x');
    expect(file).toMatchObject({ fileName: 'RE-2026-0815-factur-x.pdf', mimeType: 'application/pdf' });
    expect(new TextDecoder().decode(file.bytes.subarray(0, 8))).toBe('%PDF-1.7');
    expectInvoice(await readEInvoice(file.bytes, file.fileName), FACTURX_EN16931);
    const pdf = await PDFDocument.load(file.bytes);
    expect(pdf.getPageCount()).toBeGreaterThan(0);
    // pdfkit's sRGB profile becomes the output intent.
    expect(pdf.catalog.lookup(PDFName.of('OutputIntents'), PDFArray).size()).toBe(1);
    // PDF/A-3b: declared in the XMP, and every font embedded (no standard Type1 font left).
    const xmp = new TextDecoder().decode(
      (pdf.catalog.lookup(PDFName.of('Metadata')) as PDFRawStream).getContents(),
    );
    expect(xmp).toMatch(/<pdfaid:part>3<\/pdfaid:part>\s*<pdfaid:conformance>B</);
    const dicts = pdf.context
      .enumerateIndirectObjects()
      .map(([, object]) => object)
      .filter((object): object is PDFDict => object instanceof PDFDict);
    const ofType = (type: string) => dicts.filter((d) => d.get(PDFName.of('Type')) === PDFName.of(type));
    expect(ofType('Font').map((font) => font.get(PDFName.of('Subtype'))?.toString())).not.toContain('/Type1');
    const descriptors = ofType('FontDescriptor');
    expect(descriptors.length).toBeGreaterThan(0);
    for (const descriptor of descriptors) expect(descriptor.has(PDFName.of('FontFile2'))).toBe(true);
  });

  it('refuses a company without IBAN with the field and the option that sets it', async () => {
    const ctx = await company({ ...COMPANY, bank: null });
    for (const format of ['xrechnung-ubl', 'xrechnung-cii', 'factur-x'] as const) {
      const error = await exportInvoice(ctx, 'RE-2026-0815', format).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(AppError);
      expect((error as AppError).code).toBe('validation');
      expect((error as AppError).message).toMatch(
        /company profile lacks\n.*bank account.*mahnwerk company set --iban/,
      );
      expect((error as AppError).issues).toEqual([expect.objectContaining({ path: 'company.bank.iban' })]);
    }
  });

  it('names every field XRechnung needs at once, and exports Factur-X without phone and e-mail', async () => {
    const ctx = await company({ ...COMPANY, phone: null, email: null, vatId: null });
    const error = (await exportInvoice(ctx, 'RE-2026-0815', 'xrechnung-cii').catch(
      (e: unknown) => e,
    )) as AppError;
    expect(error.issues.map((i) => i.path)).toEqual(['company.vatId', 'company.phone', 'company.email']);
    expect(error.message).toMatch(/--vat-id/);
    expect(error.message).toMatch(/--phone/);
    expect(error.message).toMatch(/--email/);
    await updateCompanyProfile(ctx, { taxNumber: '30/123/45678' });
    const file = await exportInvoice(ctx, 'RE-2026-0815', 'factur-x');
    expect((await readEInvoice(file.bytes, file.fileName)).seller.taxNumber).toBe('30/123/45678');
  });

  it('asks for the register entry when the company has a tax number but no VAT id (BR-CO-26)', async () => {
    const ctx = await company({ ...COMPANY, vatId: null, taxNumber: '30/123/45678', register: null });
    await expect(exportInvoice(ctx, 'RE-2026-0815', 'factur-x')).rejects.toThrow(
      /register entry that identifies the company \(BR-CO-26\): mahnwerk company set --register/,
    );
  });

  it('refuses XRechnung for a customer without e-mail (BT-49), but not Factur-X', async () => {
    const ctx = await company(COMPANY, null);
    await expect(exportInvoice(ctx, 'RE-2026-0815', 'xrechnung-ubl')).rejects.toThrow(
      /customer K-1 lacks an e-mail address as the buyer's electronic address \(BT-49/,
    );
    const file = await exportInvoice(ctx, 'RE-2026-0815', 'factur-x');
    expect((await readEInvoice(file.bytes, file.fileName)).buyer.email).toBeNull();
  });

  it('reports an unknown invoice and an unknown format', async () => {
    const ctx = await company();
    await expect(exportInvoice(ctx, 'RE-404', 'xrechnung-ubl')).rejects.toThrow(/invoice RE-404 not found/);
    await expect(exportInvoice(ctx, 'RE-2026-0815', 'pdf' as never)).rejects.toThrow(
      /format: expected one of xrechnung-ubl, xrechnung-cii, factur-x/,
    );
  });

  /** A company with the profile exports need, which has imported `xml`. */
  async function importing(xml: string): Promise<{ ctx: ServiceContext; customerNumber: string }> {
    const ctx = await newTenantContext(database);
    await updateCompanyProfile(ctx, COMPANY);
    const [imported] = await importEInvoices(ctx, [{ fileName: 'in.xml', bytes: utf8(xml) }]);
    return { ctx, customerNumber: imported?.customerNumber ?? '' };
  }

  const claimOf = async (ctx: ServiceContext, number: string) => {
    const [row] = await ctx.db
      .select({
        gross: invoices.grossCents,
        open: claimStates.openPrincipalCents,
        terms: invoices.paymentTerms,
      })
      .from(invoices)
      .innerJoin(
        claimStates,
        and(eq(claimStates.tenantId, invoices.tenantId), eq(claimStates.invoiceId, invoices.id)),
      )
      .where(and(eq(invoices.tenantId, ctx.tenantId), eq(invoices.number, number)));
    return row;
  };

  it('exports an imported invoice with its prepaid amount (BT-113), rounding (BT-114) and amount due (BT-115) as issued', async () => {
    // 253.91 in all, 100.00 paid in advance, rounded up by 0.09: 154.00 due.
    const xml = ublInvoice({ payable: '154.00' }).replace(
      '<cbc:PayableAmount',
      '<cbc:PrepaidAmount currencyID="EUR">100.00</cbc:PrepaidAmount>' +
        '<cbc:PayableRoundingAmount currencyID="EUR">0.09</cbc:PayableRoundingAmount><cbc:PayableAmount',
    );
    const { ctx, customerNumber } = await importing(xml);
    expect(await claimOf(ctx, 'RE-2025-001')).toMatchObject({ gross: 254_00, open: 154_00 });
    // A payment received later changes what is open, not the invoice as issued.
    await recordPayment(ctx, {
      customerNumber,
      receivedOn: '2025-01-20',
      amount: '50.00',
      invoiceNumbers: ['RE-2025-001'],
    });
    expect(await claimOf(ctx, 'RE-2025-001')).toMatchObject({ open: 104_00 });
    for (const format of FORMATS) {
      const file = await exportInvoice(ctx, 'RE-2025-001', format);
      const read = await readEInvoice(file.bytes, file.fileName);
      expect(read, format).toMatchObject({
        netCents: 223_45,
        vatCents: 30_46,
        totalCents: 253_91,
        prepaidCents: 100_00,
        roundingCents: 9,
        payableCents: 154_00,
        warnings: [],
      });
      const receiver = await newTenantContext(database);
      const [again] = await importEInvoices(receiver, [{ fileName: file.fileName, bytes: file.bytes }]);
      expect(again, format).toMatchObject({ outcome: 'created', totalCents: 253_91, payableCents: 154_00 });
      expect(await claimOf(receiver, 'RE-2025-001'), format).toMatchObject({ gross: 254_00, open: 154_00 });
    }
  });

  it('exports a Skonto base (BASISBETRAG) an imported invoice names, which imports again with the same base', async () => {
    const terms = 'Zahlbar innerhalb von 30 Tagen netto.\n#SKONTO#TAGE=14#PROZENT=2.00#BASISBETRAG=123.45#\n';
    const { ctx } = await importing(ublInvoice({ terms }));
    const stored = parsePaymentTerms((await claimOf(ctx, 'RE-2025-001'))?.terms);
    expect(stored.skonto.map((t) => [t.days, t.baseCents])).toEqual([[14, 123_45]]);
    for (const format of FORMATS) {
      const file = await exportInvoice(ctx, 'RE-2025-001', format);
      const read = await readEInvoice(file.bytes, file.fileName);
      expect(read.skonto, format).toEqual([{ days: 14, percent: '2.00', baseCents: 123_45 }]);
      // 2 % of 123.45 = 2.47, not 2 % of 253.91; 253.91 − 2.47 = 251.44.
      expect(read.paymentTerms, format).toMatch(/2 % Skonto \(2,47\s€\), zu zahlen 251,44\s€/);
      const receiver = await newTenantContext(database);
      await importEInvoices(receiver, [{ fileName: file.fileName, bytes: file.bytes }]);
      const again = parsePaymentTerms((await claimOf(receiver, 'RE-2025-001'))?.terms);
      expect(
        again.skonto.map((t) => [t.days, t.baseCents]),
        format,
      ).toEqual([[14, 123_45]]);
    }
  });

  it('round trip: each exported file imports into another company as the same invoice', async () => {
    const ctx = await company();
    for (const format of ['xrechnung-ubl', 'xrechnung-cii', 'factur-x'] as const) {
      const file = await exportInvoice(ctx, 'RE-2026-0815', format);
      const receiver = await newTenantContext(database);
      const [imported] = await importEInvoices(receiver, [{ fileName: file.fileName, bytes: file.bytes }]);
      expect(imported, format).toMatchObject({
        outcome: 'created',
        totalCents: 505_59,
        payableCents: 505_59,
        dueDate: '2026-12-02',
      });
      const [row] = await receiver.db
        .select()
        .from(invoices)
        .where(and(eq(invoices.tenantId, receiver.tenantId), eq(invoices.number, 'RE-2026-0815')));
      expect(row, format).toMatchObject({
        issuedOn: '2026-11-02',
        dueDate: '2026-12-02',
        netCents: 429_90,
        vatCents: 75_69,
        grossCents: 505_59,
      });
      expect(parsePaymentTerms(row?.paymentTerms)).toMatchObject({ kind: 'net', days: 30 });
      expect(parsePaymentTerms(row?.paymentTerms).skonto.map((t) => t.days)).toEqual([10]);
    }
  });
});
