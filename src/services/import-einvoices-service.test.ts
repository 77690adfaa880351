import { hasPoppler } from '../../test/support/poppler.ts';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UBL_CREDIT_NOTE, ublInvoice } from '../../test/support/einvoice-samples.ts';
import {
  newTenantContext,
  openTestDatabase,
  TEST_DATABASE_KINDS,
  type TestDatabase,
} from '../../test/support/test-database.ts';
import { claimStates, customers, invoiceLines, invoices, paymentAllocations } from '../db/schema.ts';
import { Money } from '../domain/money.ts';
import { parsePaymentTerms, skontoOffers } from '../domain/payment-terms.ts';
import { readEInvoice } from '../formats/einvoice-read.ts';
import { updateCompanyProfile } from './company-service.ts';
import { invoicePdf } from './document-service.ts';
import { exportInvoice } from './einvoice-export-service.ts';
import { verifyEventChain } from './audit-service.ts';
import { createCustomer } from './customer-service.ts';
import { importEInvoices } from './import-einvoices-service.ts';
import { createInvoice } from './invoice-service.ts';
import type { ServiceContext } from './service-context.ts';
import type { CalendarDate } from '../domain/calendar-date.ts';

const FIXTURES = new URL('../../../shared/fixtures/einvoice/', import.meta.url);
const bytes = (text: string) => new TextEncoder().encode(text);

const canReadPdf = hasPoppler();

/**
 * A Factur-X summary invoice without lines: MINIMUM (totals only) or, with `breakdown`, BASIC WL
 * (VAT breakdown, 200.00 at 19 % and 100.00 at 7 %). 300.00 net, 45.00 VAT, 345.00 in all.
 */
function summaryInvoice(profile: 'minimum' | 'basicwl'): string {
  const breakdown =
    profile === 'basicwl'
      ? `<ram:ApplicableTradeTax><ram:CalculatedAmount>38.00</ram:CalculatedAmount><ram:TypeCode>VAT</ram:TypeCode><ram:BasisAmount>200.00</ram:BasisAmount><ram:CategoryCode>S</ram:CategoryCode><ram:RateApplicablePercent>19</ram:RateApplicablePercent></ram:ApplicableTradeTax>
      <ram:ApplicableTradeTax><ram:CalculatedAmount>7.00</ram:CalculatedAmount><ram:TypeCode>VAT</ram:TypeCode><ram:BasisAmount>100.00</ram:BasisAmount><ram:CategoryCode>S</ram:CategoryCode><ram:RateApplicablePercent>7</ram:RateApplicablePercent></ram:ApplicableTradeTax>`
      : '';
  return `<?xml version="1.0" encoding="UTF-8"?>
<rsm:CrossIndustryInvoice xmlns:rsm="urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100"
  xmlns:ram="urn:un:unece:uncefact:data:standard:ReusableAggregateBusinessInformationEntity:100"
  xmlns:udt="urn:un:unece:uncefact:data:standard:UnqualifiedDataType:100">
  <rsm:ExchangedDocumentContext>
    <ram:GuidelineSpecifiedDocumentContextParameter><ram:ID>urn:factur-x.eu:1p0:${profile}</ram:ID></ram:GuidelineSpecifiedDocumentContextParameter>
  </rsm:ExchangedDocumentContext>
  <rsm:ExchangedDocument>
    <ram:ID>MIN-2025-7</ram:ID>
    <ram:TypeCode>380</ram:TypeCode>
    <ram:IssueDateTime><udt:DateTimeString format="102">20250301</udt:DateTimeString></ram:IssueDateTime>
  </rsm:ExchangedDocument>
  <rsm:SupplyChainTradeTransaction>
    <ram:ApplicableHeaderTradeAgreement>
      <ram:SellerTradeParty>
        <ram:Name>Lieferant GmbH</ram:Name>
        <ram:PostalTradeAddress><ram:CountryID>DE</ram:CountryID></ram:PostalTradeAddress>
        <ram:SpecifiedTaxRegistration><ram:ID schemeID="VA">DE123456789</ram:ID></ram:SpecifiedTaxRegistration>
      </ram:SellerTradeParty>
      <ram:BuyerTradeParty>
        <ram:Name>Kunde AG</ram:Name>
        <ram:PostalTradeAddress><ram:PostcodeCode>50667</ram:PostcodeCode><ram:LineOne>Am Markt 5</ram:LineOne><ram:CityName>Köln</ram:CityName><ram:CountryID>DE</ram:CountryID></ram:PostalTradeAddress>
        <ram:URIUniversalCommunication><ram:URIID schemeID="EM">rechnung@kunde.example</ram:URIID></ram:URIUniversalCommunication>
      </ram:BuyerTradeParty>
    </ram:ApplicableHeaderTradeAgreement>
    <ram:ApplicableHeaderTradeDelivery/>
    <ram:ApplicableHeaderTradeSettlement>
      <ram:InvoiceCurrencyCode>EUR</ram:InvoiceCurrencyCode>
      ${breakdown}
      <ram:SpecifiedTradeSettlementHeaderMonetarySummation>
        <ram:TaxBasisTotalAmount>300.00</ram:TaxBasisTotalAmount>
        <ram:TaxTotalAmount currencyID="EUR">45.00</ram:TaxTotalAmount>
        <ram:GrandTotalAmount>345.00</ram:GrandTotalAmount>
        <ram:DuePayableAmount>345.00</ram:DuePayableAmount>
      </ram:SpecifiedTradeSettlementHeaderMonetarySummation>
    </ram:ApplicableHeaderTradeSettlement>
  </rsm:SupplyChainTradeTransaction>
</rsm:CrossIndustryInvoice>`;
}

describe.each(TEST_DATABASE_KINDS)('importing e-invoices on %s', (kind) => {
  let database: TestDatabase;
  let dir: string;
  beforeAll(async () => {
    database = await openTestDatabase(kind);
    dir = mkdtempSync(join(tmpdir(), 'mahnwerk-import-einvoices-'));
  }, 60_000);
  afterAll(async () => {
    await database?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  /** The invoice PDF as text, laid out as printed. */
  const printed = async (ctx: ServiceContext, number: string): Promise<string> => {
    const file = join(dir, `${number}-${ctx.tenantId}.pdf`);
    writeFileSync(file, await invoicePdf(ctx, number));
    return execFileSync('pdftotext', ['-layout', file, '-']).toString();
  };

  const linesOf = async (ctx: ServiceContext) =>
    ctx.db
      .select({
        description: invoiceLines.description,
        quantityMilli: invoiceLines.quantityMilli,
        unitPriceCents: invoiceLines.unitPriceCents,
        rate: invoiceLines.vatRateBasisPoints,
        netCents: invoiceLines.netCents,
        vatCents: invoiceLines.vatCents,
      })
      .from(invoiceLines)
      .where(eq(invoiceLines.tenantId, ctx.tenantId))
      .orderBy(invoiceLines.position);

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

  it('keeps the Skonto base the document names (BASISBETRAG), so the discount is reckoned on it', async () => {
    const ctx = await newTenantContext(database);
    const terms =
      'Netto 30 Tage.\n#SKONTO#TAGE=7#PROZENT=2.00#BASISBETRAG=123.45#\n#SKONTO#TAGE=14#PROZENT=1.00#\n';
    const [result] = await importEInvoices(ctx, [
      { fileName: 're.xml', bytes: bytes(ublInvoice({ terms })) },
    ]);
    expect(result?.warnings).toEqual([]);
    const claim = await claimOf(ctx, 'RE-2025-001');
    const stored = parsePaymentTerms(claim?.terms);
    expect(stored.skonto.map((t) => [t.days, t.baseCents])).toEqual([
      [7, 123_45],
      [14, undefined],
    ]);
    // 2 % of 123.45 = 2.47 (not 5.08, 2 % of 253.91); 1 % of 253.91 = 2.54.
    const offers = skontoOffers(stored, '2025-01-15' as CalendarDate, Money.of(253_91));
    expect(offers.map((o) => [o.discount.minor, o.payable.minor])).toEqual([
      [2_47, 251_44],
      [2_54, 251_37],
    ]);
  });

  it('warns of a Skonto base above the invoice total, naming the element and both amounts, and reckons on the total', async () => {
    const ctx = await newTenantContext(database);
    const terms = '#SKONTO#TAGE=7#PROZENT=2.00#BASISBETRAG=999.00#\n';
    const [result] = await importEInvoices(ctx, [
      { fileName: 're.xml', bytes: bytes(ublInvoice({ terms })) },
    ]);
    expect(result?.warnings).toEqual([
      'cac:PaymentTerms/cbc:Note #SKONTO# BASISBETRAG: the Skonto base 999.00 EUR of 2.00 % within 7 days is not between 0 and the invoice total 253.91 EUR; the Skonto is reckoned on the invoice total',
    ]);
    const stored = parsePaymentTerms((await claimOf(ctx, 'RE-2025-001'))?.terms);
    expect(stored.skonto.map((t) => [t.days, t.baseCents])).toEqual([[7, undefined]]);
  });

  it('does not store a buyer e-mail that is no address on the new customer, and says which element held it', async () => {
    const ctx = await newTenantContext(database);
    const xml = ublInvoice()
      .replace('schemeID="EM">rechnung@mueller.example<', 'schemeID="EM">n/a<')
      .replace('<cbc:ElectronicMail>buchhaltung@mueller.example<', '<cbc:ElectronicMail>foo@<');
    const [result] = await importEInvoices(ctx, [{ fileName: 're.xml', bytes: bytes(xml) }]);
    expect(result?.customerCreated).toBe(true);
    expect(result?.warnings).toEqual([
      expect.stringMatching(
        /^ubl:Invoice\/cac:AccountingCustomerParty\/cac:Party\/cbc:EndpointID \(BT-49\): .*"n\/a"/,
      ),
      expect.stringMatching(/cac:Contact\/cbc:ElectronicMail \(BT-58\): .*"foo@"/),
    ]);
    const [customer] = await ctx.db.select().from(customers).where(eq(customers.tenantId, ctx.tenantId));
    expect(customer?.email).toBeNull();
  });

  it('reads quantities and prices in every xs:decimal form: +10, .5, 200.', async () => {
    const ctx = await newTenantContext(database);
    const xml = ublInvoice()
      .replace('unitCode="H87">10<', 'unitCode="H87">+10<')
      .replace('unitCode="HUR">1.5<', 'unitCode="HUR">.5<')
      .replace('>66.6667<', '>200.<');
    const [result] = await importEInvoices(ctx, [{ fileName: 're.xml', bytes: bytes(xml) }]);
    expect(result?.outcome).toBe('created');
    expect((await linesOf(ctx)).map((l) => [l.quantityMilli, l.unitPriceCents, l.netCents])).toEqual([
      [10_000, 12_35, 123_45],
      [500, 200_00, 100_00],
    ]);
  });

  it.skipIf(!canReadPdf)(
    'imports a Factur-X MINIMUM invoice, which has neither lines nor VAT breakdown, and prints it with its totals',
    async () => {
      const ctx = await newTenantContext(database);
      const [result] = await importEInvoices(ctx, [
        { fileName: 'min.xml', bytes: bytes(summaryInvoice('minimum')) },
      ]);
      expect(result).toMatchObject({ outcome: 'created', totalCents: 345_00, payableCents: 345_00 });
      expect(result?.warnings).toEqual([
        'the e-invoice (urn:factur-x.eu:1p0:minimum) has neither lines (BG-25) nor a VAT breakdown (BG-23): the invoice is stored with its totals and no lines',
      ]);
      expect(await linesOf(ctx)).toEqual([]);
      const text = await printed(ctx, 'MIN-2025-7');
      expect(text).toMatch(/Lieferungen und Leistungen laut Rechnung \(ohne Einzelpositionen\)\s+300,00 €/);
      expect(text).toMatch(/Summe netto\s+300,00 €/);
      expect(text).toMatch(/Umsatzsteuer\s+45,00 €/);
      expect(text).toMatch(/Rechnungsbetrag\s+345,00 €/);
    },
    60_000,
  );

  it.skipIf(!canReadPdf)(
    'stores one line per VAT rate of a summary invoice with a VAT breakdown (BASIC WL), which prints and exports with them',
    async () => {
      const ctx = await newTenantContext(database);
      const [result] = await importEInvoices(ctx, [
        { fileName: 'wl.xml', bytes: bytes(summaryInvoice('basicwl')) },
      ]);
      expect(result?.warnings).toEqual([
        'the e-invoice (urn:factur-x.eu:1p0:basicwl) has no lines (BG-25): one line per VAT rate is stored from its VAT breakdown (BG-23)',
      ]);
      expect(await linesOf(ctx)).toEqual([
        {
          description: 'Summe der Leistungen zu 19 % USt (E-Rechnung ohne Einzelpositionen)',
          quantityMilli: 1000,
          unitPriceCents: 200_00,
          rate: 1900,
          netCents: 200_00,
          vatCents: 38_00,
        },
        {
          description: 'Summe der Leistungen zu 7 % USt (E-Rechnung ohne Einzelpositionen)',
          quantityMilli: 1000,
          unitPriceCents: 100_00,
          rate: 700,
          netCents: 100_00,
          vatCents: 7_00,
        },
      ]);
      const text = await printed(ctx, 'MIN-2025-7');
      expect(text).toMatch(
        /Summe der Leistungen zu 19 % USt \(E-Rechnung ohne\s+1\s+200,00 €\s+19 %\s+200,00 €/,
      );
      expect(text).toMatch(/Umsatzsteuer 19 % \(200,00 €\)\s+38,00 €/);
      expect(text).toMatch(/Umsatzsteuer 7 % \(100,00 €\)\s+7,00 €/);
      expect(text).toMatch(/Rechnungsbetrag\s+345,00 €/);
      await updateCompanyProfile(ctx, {
        name: 'Lieferant GmbH',
        address: { street: 'Hauptstraße 1', postalCode: '10115', city: 'Berlin', country: 'DE' },
        phone: '+49 30 1234567',
        email: 'rechnung@lieferant.example',
        vatId: 'DE123456789',
        bank: { iban: 'DE89 3704 0044 0532 0130 00', bic: 'COBADEFFXXX', bankName: null },
      });
      const file = await exportInvoice(ctx, 'MIN-2025-7', 'xrechnung-cii');
      const read = await readEInvoice(file.bytes, file.fileName);
      expect(read).toMatchObject({ netCents: 300_00, vatCents: 45_00, payableCents: 345_00 });
      expect(read.vatBreakdown.map((b) => [b.rate, b.taxableCents, b.taxCents])).toEqual([
        ['19.00', 200_00, 38_00],
        ['7.00', 100_00, 7_00],
      ]);
    },
    60_000,
  );

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
