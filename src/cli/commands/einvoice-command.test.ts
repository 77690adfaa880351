import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../../test/support/run-cli.ts';

/** A small XRechnung UBL invoice: 100.00 net at 19 %, 2 % Skonto within 10 days. */
const UBL = `<?xml version="1.0" encoding="UTF-8"?>
<Invoice xmlns="urn:oasis:names:specification:ubl:schema:xsd:Invoice-2"
  xmlns:cac="urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2"
  xmlns:cbc="urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2">
  <cbc:CustomizationID>urn:cen.eu:en16931:2017#compliant#urn:xeinkauf.de:kosit:xrechnung_3.0</cbc:CustomizationID>
  <cbc:ID>RE-1</cbc:ID>
  <cbc:IssueDate>2025-03-03</cbc:IssueDate>
  <cbc:DueDate>2025-04-02</cbc:DueDate>
  <cbc:InvoiceTypeCode>380</cbc:InvoiceTypeCode>
  <cbc:DocumentCurrencyCode>EUR</cbc:DocumentCurrencyCode>
  <cbc:BuyerReference>991-12345-67</cbc:BuyerReference>
  <cac:AccountingSupplierParty><cac:Party>
    <cac:PostalAddress><cbc:CityName>Berlin</cbc:CityName><cac:Country><cbc:IdentificationCode>DE</cbc:IdentificationCode></cac:Country></cac:PostalAddress>
    <cac:PartyLegalEntity><cbc:RegistrationName>Beispiel GmbH</cbc:RegistrationName></cac:PartyLegalEntity>
  </cac:Party></cac:AccountingSupplierParty>
  <cac:AccountingCustomerParty><cac:Party>
    <cac:PostalAddress><cbc:CityName>Hamburg</cbc:CityName><cac:Country><cbc:IdentificationCode>DE</cbc:IdentificationCode></cac:Country></cac:PostalAddress>
    <cac:PartyLegalEntity><cbc:RegistrationName>Zahler AG</cbc:RegistrationName></cac:PartyLegalEntity>
  </cac:Party></cac:AccountingCustomerParty>
  <cac:PaymentMeans>
    <cbc:PaymentMeansCode>58</cbc:PaymentMeansCode>
    <cac:PayeeFinancialAccount><cbc:ID>DE02120300000000202051</cbc:ID></cac:PayeeFinancialAccount>
  </cac:PaymentMeans>
  <cac:PaymentTerms><cbc:Note>#SKONTO#TAGE=10#PROZENT=2.00#
</cbc:Note></cac:PaymentTerms>
  <cac:TaxTotal>
    <cbc:TaxAmount currencyID="EUR">19.00</cbc:TaxAmount>
    <cac:TaxSubtotal>
      <cbc:TaxableAmount currencyID="EUR">100.00</cbc:TaxableAmount><cbc:TaxAmount currencyID="EUR">19.00</cbc:TaxAmount>
      <cac:TaxCategory><cbc:ID>S</cbc:ID><cbc:Percent>19</cbc:Percent><cac:TaxScheme><cbc:ID>VAT</cbc:ID></cac:TaxScheme></cac:TaxCategory>
    </cac:TaxSubtotal>
  </cac:TaxTotal>
  <cac:LegalMonetaryTotal>
    <cbc:LineExtensionAmount currencyID="EUR">100.00</cbc:LineExtensionAmount>
    <cbc:TaxExclusiveAmount currencyID="EUR">100.00</cbc:TaxExclusiveAmount>
    <cbc:TaxInclusiveAmount currencyID="EUR">119.00</cbc:TaxInclusiveAmount>
    <cbc:PayableAmount currencyID="EUR">119.00</cbc:PayableAmount>
  </cac:LegalMonetaryTotal>
  <cac:InvoiceLine>
    <cbc:ID>1</cbc:ID>
    <cbc:InvoicedQuantity unitCode="HUR">2</cbc:InvoicedQuantity>
    <cbc:LineExtensionAmount currencyID="EUR">100.00</cbc:LineExtensionAmount>
    <cac:Item><cbc:Name>Beratung</cbc:Name>
      <cac:ClassifiedTaxCategory><cbc:ID>S</cbc:ID><cbc:Percent>19</cbc:Percent><cac:TaxScheme><cbc:ID>VAT</cbc:ID></cac:TaxScheme></cac:ClassifiedTaxCategory>
    </cac:Item>
    <cac:Price><cbc:PriceAmount currencyID="EUR">50.00</cbc:PriceAmount></cac:Price>
  </cac:InvoiceLine>
</Invoice>`;

describe('einvoice parse', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'mahnwerk-einvoice-cli-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('prints the normalised invoice as JSON without touching the database', async () => {
    const path = join(dir, 'xrechnung.xml');
    writeFileSync(path, UBL);
    const { code, out, err } = await runCli(['einvoice', 'parse', path, '--json']);
    expect(err).toBe('');
    expect(code).toBe(0);
    expect(JSON.parse(out)).toMatchObject({
      syntax: 'ubl',
      kind: 'invoice',
      typeCode: '380',
      number: 'RE-1',
      issueDate: '2025-03-03',
      dueDate: '2025-04-02',
      currency: 'EUR',
      totalCents: 119_00,
      payableCents: 119_00,
      seller: { name: 'Beispiel GmbH' },
      buyer: { name: 'Zahler AG', address: { city: 'Hamburg', country: 'DE' } },
      skonto: [{ days: 10, percent: '2.00', baseCents: null }],
      paymentMeans: [{ code: '58', ibans: ['DE02120300000000202051'] }],
      lines: [{ id: '1', quantity: '2', unitCode: 'HUR', netCents: 100_00 }],
    });
  });

  it('prints a short summary for a person', async () => {
    const path = join(dir, 'summary.xml');
    writeFileSync(path, UBL);
    const { code, out } = await runCli(['einvoice', 'parse', path]);
    expect(code).toBe(0);
    expect(out).toMatch(/^invoice RE-1 \(type 380, UBL, urn:cen\.eu:en16931/);
    expect(out).toMatch(/issued 2025-03-03, due 2025-04-02/);
    expect(out).toMatch(/payable 119,00\s€/);
    expect(out).toMatch(/Skonto 2\.00 % within 10 days/);
  });

  it('rejects a broken invoice with file, element path and exit code 2', async () => {
    const path = join(dir, 'broken.xml');
    writeFileSync(
      path,
      UBL.replace('<cbc:PayableAmount currencyID="EUR">119.00', '<cbc:PayableAmount currencyID="EUR">118.00'),
    );
    const { code, out, err } = await runCli(['einvoice', 'parse', path, '--json']);
    expect(code).toBe(2);
    expect(out).toBe('');
    expect(err).toBe(
      `mahnwerk: ${path} at Invoice/cac:LegalMonetaryTotal/cbc:PayableAmount: [BR-CO-16] total with VAT − paid amount + rounding (BT-112 − BT-113 + BT-114) = 119.00, but the document states 118.00\n`,
    );
  });

  it('prints every problem on its own line', async () => {
    const path = join(dir, 'several.xml');
    writeFileSync(
      path,
      UBL.replace('<cbc:ID>RE-1</cbc:ID>', '').replace('<cbc:IssueDate>2025-03-03</cbc:IssueDate>', ''),
    );
    const { code, err } = await runCli(['einvoice', 'parse', path]);
    expect(code).toBe(2);
    expect(err.split('\n')).toEqual([
      `mahnwerk: ${path}: 2 problems`,
      'mahnwerk:   at Invoice/cbc:ID: [BR-02] expected the invoice number (BT-1)',
      'mahnwerk:   at Invoice/cbc:IssueDate: [BR-03] expected the issue date (BT-2)',
      '',
    ]);
  });

  it('names a file that cannot be read', async () => {
    const { code, err } = await runCli(['einvoice', 'parse', join(dir, 'missing.xml')]);
    expect(code).toBe(2);
    expect(err).toMatch(/missing\.xml: cannot read: ENOENT/);
  });
});
