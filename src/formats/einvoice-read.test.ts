import { PDFDocument } from 'pdf-lib';
import { describe, expect, it } from 'vitest';
import { UBL_CREDIT_NOTE, ublInvoice } from '../../test/support/einvoice-samples.ts';
import { EInvoiceError, type EInvoiceViolation, readEInvoice, readEInvoiceXml } from './einvoice-read.ts';

/** A CII (ZUGFeRD EN 16931) invoice paid by SEPA direct debit, Skonto both as text and structured. */
function ciiInvoice(
  typeCode = '380',
  dueDate = '<udt:DateTimeString format="102">20250214</udt:DateTimeString>',
): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<rsm:CrossIndustryInvoice xmlns:rsm="urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100"
  xmlns:ram="urn:un:unece:uncefact:data:standard:ReusableAggregateBusinessInformationEntity:100"
  xmlns:udt="urn:un:unece:uncefact:data:standard:UnqualifiedDataType:100">
  <rsm:ExchangedDocumentContext>
    <ram:GuidelineSpecifiedDocumentContextParameter><ram:ID>urn:cen.eu:en16931:2017</ram:ID></ram:GuidelineSpecifiedDocumentContextParameter>
  </rsm:ExchangedDocumentContext>
  <rsm:ExchangedDocument>
    <ram:ID>2025-0815</ram:ID>
    <ram:TypeCode>${typeCode}</ram:TypeCode>
    <ram:IssueDateTime><udt:DateTimeString format="102">20250115</udt:DateTimeString></ram:IssueDateTime>
    <ram:IncludedNote><ram:Content>Lieferung frei Haus.</ram:Content></ram:IncludedNote>
  </rsm:ExchangedDocument>
  <rsm:SupplyChainTradeTransaction>
    <ram:IncludedSupplyChainTradeLineItem>
      <ram:AssociatedDocumentLineDocument><ram:LineID>1</ram:LineID></ram:AssociatedDocumentLineDocument>
      <ram:SpecifiedTradeProduct><ram:Name>Wartung</ram:Name><ram:Description>Jahreswartung 2025</ram:Description></ram:SpecifiedTradeProduct>
      <ram:SpecifiedLineTradeAgreement><ram:NetPriceProductTradePrice><ram:ChargeAmount>1000.0000</ram:ChargeAmount></ram:NetPriceProductTradePrice></ram:SpecifiedLineTradeAgreement>
      <ram:SpecifiedLineTradeDelivery><ram:BilledQuantity unitCode="C62">1.0000</ram:BilledQuantity></ram:SpecifiedLineTradeDelivery>
      <ram:SpecifiedLineTradeSettlement>
        <ram:ApplicableTradeTax><ram:TypeCode>VAT</ram:TypeCode><ram:CategoryCode>S</ram:CategoryCode><ram:RateApplicablePercent>19.00</ram:RateApplicablePercent></ram:ApplicableTradeTax>
        <ram:SpecifiedTradeSettlementLineMonetarySummation><ram:LineTotalAmount>1000.00</ram:LineTotalAmount></ram:SpecifiedTradeSettlementLineMonetarySummation>
      </ram:SpecifiedLineTradeSettlement>
    </ram:IncludedSupplyChainTradeLineItem>
    <ram:ApplicableHeaderTradeAgreement>
      <ram:BuyerReference>K-4711</ram:BuyerReference>
      <ram:SellerTradeParty>
        <ram:Name>Beispiel GmbH</ram:Name>
        <ram:PostalTradeAddress><ram:PostcodeCode>10115</ram:PostcodeCode><ram:LineOne>Hauptstraße 1</ram:LineOne><ram:CityName>Berlin</ram:CityName><ram:CountryID>DE</ram:CountryID></ram:PostalTradeAddress>
        <ram:SpecifiedTaxRegistration><ram:ID schemeID="FC">27/123/45678</ram:ID></ram:SpecifiedTaxRegistration>
        <ram:SpecifiedTaxRegistration><ram:ID schemeID="VA">DE123456789</ram:ID></ram:SpecifiedTaxRegistration>
      </ram:SellerTradeParty>
      <ram:BuyerTradeParty>
        <ram:ID>20001</ram:ID>
        <ram:Name>Zahler AG</ram:Name>
        <ram:DefinedTradeContact><ram:EmailURIUniversalCommunication><ram:URIID>ap@zahler.example</ram:URIID></ram:EmailURIUniversalCommunication></ram:DefinedTradeContact>
        <ram:PostalTradeAddress><ram:PostcodeCode>80331</ram:PostcodeCode><ram:LineOne>Zahlweg 2</ram:LineOne><ram:LineTwo>Haus B</ram:LineTwo><ram:CityName>München</ram:CityName><ram:CountryID>DE</ram:CountryID></ram:PostalTradeAddress>
        <ram:SpecifiedTaxRegistration><ram:ID schemeID="VA">DE987654321</ram:ID></ram:SpecifiedTaxRegistration>
      </ram:BuyerTradeParty>
      <ram:BuyerOrderReferencedDocument><ram:IssuerAssignedID>B-2025-9</ram:IssuerAssignedID></ram:BuyerOrderReferencedDocument>
    </ram:ApplicableHeaderTradeAgreement>
    <ram:ApplicableHeaderTradeDelivery>
      <ram:ActualDeliverySupplyChainEvent><ram:OccurrenceDateTime><udt:DateTimeString format="102">20250110</udt:DateTimeString></ram:OccurrenceDateTime></ram:ActualDeliverySupplyChainEvent>
    </ram:ApplicableHeaderTradeDelivery>
    <ram:ApplicableHeaderTradeSettlement>
      <ram:PaymentReference>2025-0815</ram:PaymentReference>
      <ram:InvoiceCurrencyCode>EUR</ram:InvoiceCurrencyCode>
      <ram:SpecifiedTradeSettlementPaymentMeans>
        <ram:TypeCode>59</ram:TypeCode>
        <ram:PayerPartyDebtorFinancialAccount><ram:IBANID>DE89370400440532013000</ram:IBANID></ram:PayerPartyDebtorFinancialAccount>
      </ram:SpecifiedTradeSettlementPaymentMeans>
      <ram:ApplicableTradeTax>
        <ram:CalculatedAmount>190.00</ram:CalculatedAmount><ram:TypeCode>VAT</ram:TypeCode><ram:BasisAmount>1000.00</ram:BasisAmount>
        <ram:CategoryCode>S</ram:CategoryCode><ram:RateApplicablePercent>19.00</ram:RateApplicablePercent>
      </ram:ApplicableTradeTax>
      <ram:BillingSpecifiedPeriod>
        <ram:StartDateTime><udt:DateTimeString format="102">20250101</udt:DateTimeString></ram:StartDateTime>
        <ram:EndDateTime><udt:DateTimeString format="102">20251231</udt:DateTimeString></ram:EndDateTime>
      </ram:BillingSpecifiedPeriod>
      <ram:SpecifiedTradePaymentTerms>
        <ram:Description>#SKONTO#TAGE=10#PROZENT=3.00#
Netto 30 Tage.</ram:Description>
        <ram:DueDateDateTime>${dueDate}</ram:DueDateDateTime>
        <ram:DirectDebitMandateID>MANDAT-1</ram:DirectDebitMandateID>
        <ram:ApplicableTradePaymentDiscountTerms>
          <ram:BasisPeriodMeasure unitCode="DAY">10</ram:BasisPeriodMeasure>
          <ram:CalculationPercent>3.00</ram:CalculationPercent>
        </ram:ApplicableTradePaymentDiscountTerms>
        <ram:ApplicableTradePaymentDiscountTerms>
          <ram:BasisPeriodMeasure unitCode="DAY">20</ram:BasisPeriodMeasure>
          <ram:BasisAmount>1190.00</ram:BasisAmount>
          <ram:CalculationPercent>1</ram:CalculationPercent>
        </ram:ApplicableTradePaymentDiscountTerms>
      </ram:SpecifiedTradePaymentTerms>
      <ram:SpecifiedTradeSettlementHeaderMonetarySummation>
        <ram:LineTotalAmount>1000.00</ram:LineTotalAmount>
        <ram:TaxBasisTotalAmount>1000.00</ram:TaxBasisTotalAmount>
        <ram:TaxTotalAmount currencyID="EUR">190.00</ram:TaxTotalAmount>
        <ram:GrandTotalAmount>1190.00</ram:GrandTotalAmount>
        <ram:TotalPrepaidAmount>190.00</ram:TotalPrepaidAmount>
        <ram:DuePayableAmount>1000.00</ram:DuePayableAmount>
      </ram:SpecifiedTradeSettlementHeaderMonetarySummation>
    </ram:ApplicableHeaderTradeSettlement>
  </rsm:SupplyChainTradeTransaction>
</rsm:CrossIndustryInvoice>`;
}

/** The violations of a document that must not read, for assertions on rule and path. */
function violationsOf(read: () => unknown): EInvoiceViolation[] {
  try {
    read();
  } catch (error) {
    if (error instanceof EInvoiceError) return [...error.violations];
    throw error;
  }
  throw new Error('expected an EInvoiceError');
}

async function rejectionOf(read: Promise<unknown>): Promise<EInvoiceError> {
  const error = await read.then(
    () => new Error('expected an EInvoiceError'),
    (e: unknown) => e,
  );
  if (!(error instanceof EInvoiceError)) throw error;
  return error;
}

async function pdfWith(attachments: { name: string; text: string }[]): Promise<Uint8Array> {
  const pdf = await PDFDocument.create();
  pdf.addPage();
  for (const { name, text } of attachments) {
    await pdf.attach(new TextEncoder().encode(text), name, {
      mimeType: name.endsWith('.xml') ? 'text/xml' : 'text/plain',
    });
  }
  return pdf.save();
}

describe('readEInvoiceXml: UBL invoice', () => {
  const invoice = readEInvoiceXml(ublInvoice(), 're-2025-001.xml');

  it('reads the header, totals in cents and the due date', () => {
    expect(invoice).toMatchObject({
      syntax: 'ubl',
      kind: 'invoice',
      profile: 'urn:cen.eu:en16931:2017#compliant#urn:xeinkauf.de:kosit:xrechnung_3.0',
      typeCode: '380',
      number: 'RE-2025-001',
      issueDate: '2025-01-15',
      dueDate: '2025-02-14',
      currency: 'EUR',
      lineTotalCents: 223_45,
      netCents: 223_45,
      vatCents: 30_46,
      totalCents: 253_91,
      prepaidCents: 0,
      roundingCents: 0,
      payableCents: 253_91,
      buyerReference: '04011000-12345-03',
      orderReference: 'PO-77',
      deliveryDate: '2025-01-10',
      invoicePeriod: { start: '2025-01-01', end: '2025-01-31' },
      notes: ['Vielen Dank für Ihren Auftrag.'],
      warnings: [],
    });
  });

  it('reads every Skonto line of the payment terms, with the percentage to two decimals', () => {
    expect(invoice.skonto).toEqual([
      { days: 7, percent: '2.00', baseCents: null },
      { days: 14, percent: '1.50', baseCents: 253_91 },
    ]);
    expect(invoice.paymentTerms).toBe(
      'Zahlbar innerhalb von 30 Tagen netto.\n#SKONTO#TAGE=7#PROZENT=2.00#\n#SKONTO#TAGE=14#PROZENT=1.5#BASISBETRAG=253.91#',
    );
  });

  it('decodes character references and prefers the legal name, keeping the e-invoice address', () => {
    expect(invoice.buyer).toEqual({
      name: 'Müller & Söhne GmbH',
      tradingName: null,
      id: '10042',
      vatId: null,
      taxNumber: null,
      email: 'rechnung@mueller.example',
      address: {
        street: 'Am Markt 5',
        additionalStreet: null,
        postalCode: '50667',
        city: 'Köln',
        country: 'DE',
      },
    });
    expect(invoice.seller).toMatchObject({
      name: 'Beispiel GmbH',
      tradingName: 'Werkstatt Beispiel',
      vatId: 'DE123456789',
    });
  });

  it('keeps quantities and unit prices as decimal strings and line amounts in cents', () => {
    expect(invoice.lines).toEqual([
      {
        id: '1',
        name: 'Schrauben',
        description: 'Schrauben M6, verzinkt',
        quantity: '10',
        unitCode: 'H87',
        unitPrice: '12.345',
        netCents: 123_45,
        vatCategory: 'S',
        vatRate: '19.00',
      },
      {
        id: '2',
        name: 'Montage',
        description: null,
        quantity: '1.5',
        unitCode: 'HUR',
        unitPrice: '66.6667',
        netCents: 100_00,
        vatCategory: 'S',
        vatRate: '7.00',
      },
    ]);
    expect(invoice.vatBreakdown).toEqual([
      { category: 'S', rate: '19.00', taxableCents: 123_45, taxCents: 23_46, exemptionReason: null },
      { category: 'S', rate: '7.00', taxableCents: 100_00, taxCents: 7_00, exemptionReason: null },
    ]);
  });

  it('leaves out a buyer e-mail that is no address, naming the element (BT-49), and takes the contact e-mail', () => {
    const xml = ublInvoice().replace(
      '<cbc:EndpointID schemeID="EM">rechnung@mueller.example</cbc:EndpointID>',
      '<cbc:EndpointID schemeID="EM">n/a</cbc:EndpointID>',
    );
    const read = readEInvoiceXml(xml, 'x.xml');
    expect(read.buyer.email).toBe('buchhaltung@mueller.example');
    expect(read.warnings).toEqual([
      'ubl:Invoice/cac:AccountingCustomerParty/cac:Party/cbc:EndpointID (BT-49): expected the buyer\'s e-mail address like name@example.com, got "n/a"; it is not used',
    ]);
    const neither = readEInvoiceXml(
      xml.replace(
        '<cbc:ElectronicMail>buchhaltung@mueller.example</cbc:ElectronicMail>',
        '<cbc:ElectronicMail>foo@</cbc:ElectronicMail>',
      ),
      'x.xml',
    );
    expect(neither.buyer.email).toBeNull();
    expect(neither.warnings).toEqual([
      expect.stringContaining('cbc:EndpointID (BT-49)'),
      expect.stringMatching(/cac:Contact\/cbc:ElectronicMail \(BT-58\): .*got "foo@"; it is not used$/),
    ]);
  });

  it('reads a VAT rate in every xs:decimal form (+19, 19., 07.0), and rejects garbage naming the element', () => {
    const forms = ublInvoice()
      .replace('<cbc:Percent>19</cbc:Percent>', '<cbc:Percent>+19</cbc:Percent>')
      .replace('<cbc:Percent>19</cbc:Percent>', '<cbc:Percent>19.</cbc:Percent>')
      .replace('<cbc:Percent>7</cbc:Percent>', '<cbc:Percent>07.0</cbc:Percent>');
    const read = readEInvoiceXml(forms, 'x.xml');
    expect(read.vatBreakdown.map((b) => b.rate)).toEqual(['19.00', '7.00']);
    expect(read.lines.map((l) => l.vatRate)).toEqual(['19.00', '7.00']);
    for (const garbage of ['19 %', '.', '+', '-19', '1e1', '19,0']) {
      const violations = violationsOf(() =>
        readEInvoiceXml(
          forms.replace('<cbc:Percent>07.0</cbc:Percent>', `<cbc:Percent>${garbage}</cbc:Percent>`),
          'x.xml',
        ),
      );
      expect(violations[0], garbage).toMatchObject({
        path: 'ubl:Invoice/cac:TaxTotal/cac:TaxSubtotal[2]/cac:TaxCategory/cbc:Percent',
        message: `expected a percentage like 19 or 7.00, got "${garbage}"`,
      });
    }
  });

  it('reads amounts written as .5, 5. and +5', () => {
    const read = readEInvoiceXml(
      ublInvoice({ line2Net: '+100.', taxInclusive: '253.910' }).replace(
        '<cbc:TaxAmount currencyID="EUR">7.00</cbc:TaxAmount>',
        '<cbc:TaxAmount currencyID="EUR">7.</cbc:TaxAmount>',
      ),
      'x.xml',
    );
    expect([read.lines[1]?.netCents, read.vatBreakdown[1]?.taxCents, read.totalCents]).toEqual([
      100_00, 7_00, 253_91,
    ]);
  });

  it('reads the payment means with the IBAN in electronic form', () => {
    expect(invoice.paymentMeans).toEqual([
      {
        code: '58',
        ibans: ['DE02120300000000202051'],
        bic: 'BYLADEM1001',
        accountName: 'Beispiel GmbH',
        remittanceInfo: 'RE-2025-001',
        mandateId: null,
        payerIban: null,
      },
    ]);
  });
});

describe('readEInvoiceXml: credit notes', () => {
  it('keeps the positive amounts of a UBL CreditNote and marks it as a credit note', () => {
    const note = readEInvoiceXml(UBL_CREDIT_NOTE, 'gs.xml');
    expect(note).toMatchObject({
      syntax: 'ubl',
      kind: 'credit-note',
      typeCode: '381',
      number: 'GS-2025-004',
      precedingInvoice: 'RE-2025-001',
      dueDate: '2025-02-15',
      netCents: 50_00,
      vatCents: 9_50,
      totalCents: 59_50,
      payableCents: 59_50,
      buyer: { name: 'Müller & Söhne GmbH' },
    });
    expect(note.lines[0]).toMatchObject({ quantity: '2', netCents: 50_00 });
  });

  it('marks a CII document with type code 381 as a credit note', () => {
    expect(readEInvoiceXml(ciiInvoice('381'), 'gs.xml')).toMatchObject({
      kind: 'credit-note',
      typeCode: '381',
    });
  });

  it('takes the type code of a UBL CreditNote without one from the root element, with a warning', () => {
    const note = readEInvoiceXml(
      UBL_CREDIT_NOTE.replace('<cbc:CreditNoteTypeCode>381</cbc:CreditNoteTypeCode>', ''),
      'gs.xml',
    );
    expect(note.typeCode).toBe('381');
    expect(note.warnings).toEqual([expect.stringMatching(/CreditNoteTypeCode missing/)]);
  });
});

describe('readEInvoiceXml: CII', () => {
  const invoice = readEInvoiceXml(ciiInvoice(), 'zugferd.xml');

  it('reads dates in format 102, totals with a prepaid amount and the parties', () => {
    expect(invoice).toMatchObject({
      syntax: 'cii',
      kind: 'invoice',
      profile: 'urn:cen.eu:en16931:2017',
      typeCode: '380',
      number: '2025-0815',
      issueDate: '2025-01-15',
      dueDate: '2025-02-14',
      deliveryDate: '2025-01-10',
      invoicePeriod: { start: '2025-01-01', end: '2025-12-31' },
      netCents: 1000_00,
      vatCents: 190_00,
      totalCents: 1190_00,
      prepaidCents: 190_00,
      payableCents: 1000_00,
      buyerReference: 'K-4711',
      orderReference: 'B-2025-9',
      notes: ['Lieferung frei Haus.'],
    });
    expect(invoice.seller).toMatchObject({
      name: 'Beispiel GmbH',
      vatId: 'DE123456789',
      taxNumber: '27/123/45678',
    });
    expect(invoice.buyer).toEqual({
      name: 'Zahler AG',
      tradingName: null,
      id: '20001',
      vatId: 'DE987654321',
      taxNumber: null,
      email: 'ap@zahler.example',
      address: {
        street: 'Zahlweg 2',
        additionalStreet: 'Haus B',
        postalCode: '80331',
        city: 'München',
        country: 'DE',
      },
    });
    expect(invoice.lines).toEqual([
      {
        id: '1',
        name: 'Wartung',
        description: 'Jahreswartung 2025',
        quantity: '1.0000',
        unitCode: 'C62',
        unitPrice: '1000.0000',
        netCents: 1000_00,
        vatCategory: 'S',
        vatRate: '19.00',
      },
    ]);
  });

  it('reads Skonto from the text notation and the structured discount terms, each offer once', () => {
    expect(invoice.skonto).toEqual([
      { days: 10, percent: '3.00', baseCents: null },
      { days: 20, percent: '1.00', baseCents: 1190_00 },
    ]);
  });

  it('takes the base of an offer stated both as text and as structured terms from whichever names it', () => {
    const read = readEInvoiceXml(
      ciiInvoice().replace(
        '<ram:CalculationPercent>3.00</ram:CalculationPercent>',
        '<ram:BasisAmount>1000.00</ram:BasisAmount><ram:CalculationPercent>3.00</ram:CalculationPercent>',
      ),
      'x.xml',
    );
    expect(read.skonto).toEqual([
      { days: 10, percent: '3.00', baseCents: 1000_00 },
      { days: 20, percent: '1.00', baseCents: 1190_00 },
    ]);
  });

  it('reads a Skonto percentage written as .5', () => {
    const read = readEInvoiceXml(
      ciiInvoice().replace(
        '<ram:CalculationPercent>1</ram:CalculationPercent>',
        '<ram:CalculationPercent>.5</ram:CalculationPercent>',
      ),
      'x.xml',
    );
    expect(read.skonto[1]).toEqual({ days: 20, percent: '0.50', baseCents: 1190_00 });
  });

  it('reads a SEPA direct debit with mandate, debited account and payment reference', () => {
    expect(invoice.paymentMeans).toEqual([
      {
        code: '59',
        ibans: [],
        bic: null,
        accountName: null,
        remittanceInfo: '2025-0815',
        mandateId: 'MANDAT-1',
        payerIban: 'DE89370400440532013000',
      },
    ]);
  });

  it('reads a Factur-X MINIMUM document without lines, but holds an EN 16931 one to BR-16, BR-12 and BR-10', () => {
    const summary = ciiInvoice()
      .replace(/<ram:IncludedSupplyChainTradeLineItem>[\s\S]*<\/ram:IncludedSupplyChainTradeLineItem>/, '')
      .replace('<ram:LineTotalAmount>1000.00</ram:LineTotalAmount>', '')
      .replace(
        /(<ram:BuyerTradeParty>[\s\S]*?)<ram:PostalTradeAddress>[\s\S]*?<\/ram:PostalTradeAddress>/,
        '$1',
      );
    const minimum = readEInvoiceXml(
      summary.replace('urn:cen.eu:en16931:2017', 'urn:factur-x.eu:1p0:minimum'),
      'x.xml',
    );
    expect(minimum).toMatchObject({
      lines: [],
      lineTotalCents: null,
      netCents: 1000_00,
      payableCents: 1000_00,
    });
    expect(minimum.buyer.address).toBeNull();
    expect(violationsOf(() => readEInvoiceXml(summary, 'x.xml')).map((v) => v.rule)).toEqual([
      'BR-10',
      'BR-16',
      'BR-12',
    ]);
  });

  it('rejects a date that is not in format 102', () => {
    const violations = violationsOf(() =>
      readEInvoiceXml(
        ciiInvoice('380', '<udt:DateTimeString format="610">202502</udt:DateTimeString>'),
        'x.xml',
      ),
    );
    expect(violations).toEqual([
      expect.objectContaining({
        path: expect.stringMatching(/ram:DueDateDateTime\/udt:DateTimeString$/),
        message: expect.stringMatching(/YYYYMMDD with format="102"/),
      }),
    ]);
  });
});

describe('readEInvoiceXml: violations', () => {
  it('reports every broken calculation rule at once, with the element path', () => {
    const violations = violationsOf(() =>
      readEInvoiceXml(ublInvoice({ line2Net: '90.00', taxInclusive: '253.00' }), 'bad.xml'),
    );
    expect(violations.map((v) => v.rule)).toEqual(['BR-CO-10', 'BR-CO-15', 'BR-CO-16']);
    expect(violations[0]).toEqual({
      path: 'ubl:Invoice/cac:LegalMonetaryTotal/cbc:LineExtensionAmount',
      rule: 'BR-CO-10',
      message: 'sum of line net amounts (BT-131) = 213.45, but the document states 223.45',
    });
    expect(violations[1]?.path).toBe('ubl:Invoice/cac:LegalMonetaryTotal/cbc:TaxInclusiveAmount');
    expect(violations[2]?.path).toBe('ubl:Invoice/cac:LegalMonetaryTotal/cbc:PayableAmount');
  });

  it('puts file, path and rule in the message', () => {
    expect(() => readEInvoiceXml(ublInvoice({ payable: '250.00' }), 'rechnung.xml')).toThrow(
      'rechnung.xml at ubl:Invoice/cac:LegalMonetaryTotal/cbc:PayableAmount: [BR-CO-16] total with VAT − paid amount + rounding (BT-112 − BT-113 + BT-114) = 253.91, but the document states 250.00',
    );
  });

  it('checks each VAT category amount against its rate (BR-CO-17)', () => {
    const xml = ublInvoice().replace(
      '<cbc:TaxAmount currencyID="EUR">7.00</cbc:TaxAmount>',
      '<cbc:TaxAmount currencyID="EUR">19.00</cbc:TaxAmount>',
    );
    const rules = violationsOf(() => readEInvoiceXml(xml, 'x.xml')).map((v) => [v.rule, v.path]);
    expect(rules).toEqual([
      ['BR-CO-14', 'ubl:Invoice/cac:TaxTotal/cbc:TaxAmount'],
      ['BR-CO-17', 'ubl:Invoice/cac:TaxTotal/cac:TaxSubtotal[2]/cbc:TaxAmount'],
    ]);
  });

  it('names every missing mandatory element: number, issue date, currency, amount due', () => {
    const violations = violationsOf(() =>
      readEInvoiceXml(ublInvoice({ number: '', issueDate: '', currency: '', payable: '' }), 'x.xml'),
    );
    expect(violations.map((v) => [v.rule, v.path])).toEqual([
      ['BR-02', 'ubl:Invoice/cbc:ID'],
      ['BR-03', 'ubl:Invoice/cbc:IssueDate'],
      ['BR-05', 'ubl:Invoice/cbc:DocumentCurrencyCode'],
      ['BR-15', 'ubl:Invoice/cac:LegalMonetaryTotal/cbc:PayableAmount'],
    ]);
  });

  it('names the missing elements of a CII document by their full path', () => {
    const xml = ciiInvoice()
      .replace('<ram:ID>2025-0815</ram:ID>', '')
      .replace('<ram:DuePayableAmount>1000.00</ram:DuePayableAmount>', '');
    expect(violationsOf(() => readEInvoiceXml(xml, 'x.xml')).map((v) => [v.rule, v.path])).toEqual([
      ['BR-02', 'rsm:CrossIndustryInvoice/rsm:ExchangedDocument/ram:ID'],
      [
        'BR-15',
        'rsm:CrossIndustryInvoice/rsm:SupplyChainTradeTransaction/ram:ApplicableHeaderTradeSettlement/ram:SpecifiedTradeSettlementHeaderMonetarySummation/ram:DuePayableAmount',
      ],
    ]);
  });

  it('rejects an amount with more decimals than the currency has, instead of rounding it', () => {
    const violations = violationsOf(() => readEInvoiceXml(ublInvoice({ line1Net: '123.455' }), 'x.xml'));
    expect(violations[0]).toMatchObject({
      path: 'ubl:Invoice/cac:InvoiceLine[1]/cbc:LineExtensionAmount',
      message: 'expected an amount with at most 2 decimals like 1234.50, got "123.455"',
    });
  });

  it('rejects a Skonto line that does not follow the XRechnung notation (BR-DE-18)', () => {
    const violations = violationsOf(() =>
      readEInvoiceXml(ublInvoice({ terms: '#SKONTO#TAGE=sieben#PROZENT=2.00#\n' }), 'x.xml'),
    );
    expect(violations).toEqual([
      {
        path: 'ubl:Invoice/cac:PaymentTerms/cbc:Note',
        rule: 'BR-DE-18',
        message: expect.stringContaining('got "#SKONTO#TAGE=sieben#PROZENT=2.00#"'),
      },
    ]);
  });

  it('names the root element and the expected ones for an unknown document', () => {
    const order = '<Order xmlns="urn:oasis:names:specification:ubl:schema:xsd:Order-2"><ID>1</ID></Order>';
    expect(() => readEInvoiceXml(order, 'order.xml')).toThrow(
      /^order\.xml at Order: unknown root element Order in namespace urn:oasis:names:specification:ubl:schema:xsd:Order-2; expected Invoice \(.*\) or CreditNote \(.*\) for UBL, or CrossIndustryInvoice/,
    );
  });

  it('rejects a known root element in the wrong namespace', () => {
    expect(() => readEInvoiceXml('<Invoice><ID>1</ID></Invoice>', 'x.xml')).toThrow(
      /unknown root element Invoice without a namespace/,
    );
  });

  it('rejects a DOCTYPE, so that no entity is ever expanded', () => {
    const xxe = `<?xml version="1.0"?>\n<!DOCTYPE Invoice [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>\n${ublInvoice()
      .replace(/^<\?xml[^>]*>\s*/, '')
      .replace('RE-2025-001', '&xxe;')}`;
    expect(() => readEInvoiceXml(xxe, 'xxe.xml')).toThrow(
      /xxe\.xml at \(prolog\): a DOCTYPE declaration is not allowed/,
    );
  });

  it('rejects an entity XML does not define', () => {
    expect(() => readEInvoiceXml(ublInvoice({ number: 'RE&nbsp;1' }), 'x.xml')).toThrow(
      /x\.xml at ubl:Invoice\/cbc:ID: unknown entity/,
    );
  });

  it('rejects XML that is not well-formed, with line and column', () => {
    expect(() => readEInvoiceXml('<a>\n<b></a>', 'broken.xml')).toThrow(
      /^broken\.xml at line 2, column \d+: not well-formed XML/,
    );
  });
});

describe('readEInvoice: bytes and PDF', () => {
  it('reads XML bytes with a byte order mark or a declared Latin-1 encoding', async () => {
    const bom = new Uint8Array([0xef, 0xbb, 0xbf, ...new TextEncoder().encode(ublInvoice())]);
    expect((await readEInvoice(bom, 'bom.xml')).number).toBe('RE-2025-001');
    const latin1 = Uint8Array.from(
      ublInvoice().replace('encoding="UTF-8"', 'encoding="ISO-8859-1"').replace('M&#252;ller', 'Müller'),
      (c) => c.charCodeAt(0),
    );
    expect((await readEInvoice(latin1, 'latin1.xml')).buyer.name).toBe('Müller & Söhne GmbH');
  });

  it('reads the XML embedded in a PDF as factur-x.xml', async () => {
    const pdf = await pdfWith([{ name: 'factur-x.xml', text: ciiInvoice() }]);
    const invoice = await readEInvoice(pdf, 'rechnung.pdf');
    expect(invoice).toMatchObject({ syntax: 'cii', number: '2025-0815', payableCents: 1000_00 });
  });

  it('prefers the ZUGFeRD / XRechnung names over other XML attachments', async () => {
    const pdf = await pdfWith([
      { name: 'lieferschein.xml', text: '<Lieferschein/>' },
      { name: 'xrechnung.xml', text: ublInvoice() },
    ]);
    expect((await readEInvoice(pdf, 'rechnung.pdf')).number).toBe('RE-2025-001');
  });

  it('takes any .xml attachment when none has a standard name', async () => {
    const pdf = await pdfWith([{ name: 'Rechnung_4711.XML', text: UBL_CREDIT_NOTE }]);
    expect((await readEInvoice(pdf, 'gs.pdf')).kind).toBe('credit-note');
  });

  it('names the PDF and the attachment when the embedded XML is broken', async () => {
    const pdf = await pdfWith([{ name: 'factur-x.xml', text: ublInvoice({ payable: '1.00' }) }]);
    const error = await rejectionOf(readEInvoice(pdf, 'rechnung.pdf'));
    expect(error.file).toBe('rechnung.pdf (factur-x.xml)');
    expect(error.path).toBe('ubl:Invoice/cac:LegalMonetaryTotal/cbc:PayableAmount');
  });

  it('says so when a PDF carries no XML, listing what it does carry', async () => {
    const pdf = await pdfWith([{ name: 'agb.txt', text: 'Allgemeine Geschäftsbedingungen' }]);
    const error = await rejectionOf(readEInvoice(pdf, 'scan.pdf'));
    expect(error.message).toBe(
      'scan.pdf at (pdf): expected an embedded e-invoice XML (factur-x.xml, zugferd-invoice.xml, xrechnung.xml or another .xml attachment), but the PDF has none; its attachments are agb.txt',
    );
    const plain = await rejectionOf(readEInvoice(await pdfWith([]), 'plain.pdf'));
    expect(plain.message).toMatch(
      /^plain\.pdf at \(pdf\): expected an embedded e-invoice XML .* but the PDF has none$/,
    );
  });

  it('rejects a file that claims to be a PDF but is not one', async () => {
    const error = await rejectionOf(readEInvoice(new TextEncoder().encode('%PDF-1.7\ngarbage'), 'fake.pdf'));
    expect(error.message).toMatch(/^fake\.pdf at \(pdf\): cannot read the PDF/);
  });
});
