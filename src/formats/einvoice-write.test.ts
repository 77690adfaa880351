import fc from 'fast-check';
import {
  decodePDFRawStream,
  PDFArray,
  PDFDict,
  PDFDocument,
  PDFHexString,
  PDFName,
  PDFRawStream,
  PDFString,
  StandardFonts,
} from 'pdf-lib';
import { describe, expect, it } from 'vitest';
import type { CalendarDate } from '../domain/calendar-date.ts';
import { creditorReferenceFor } from '../domain/creditor-reference.ts';
import { roundHalfUp } from '../domain/rounding.ts';
import { type EInvoice, readEInvoice, readEInvoiceXml } from './einvoice-read.ts';
import {
  embedFacturX,
  type EInvoiceExportInput,
  type EInvoiceExportLine,
  escapeXml,
  FACTURX_EN16931,
  paymentTermsNote,
  vatBreakdownFromLines,
  writeFacturXCii,
  writeXRechnungCii,
  writeXRechnungUbl,
  XRECHNUNG_3_0,
} from './einvoice-write.ts';

const d = (text: string) => text as CalendarDate;

/** Net of a line as our invoices compute it: quantity × price, half-up to the cent. */
function line(
  position: number,
  description: string,
  quantityMilli: number,
  unitPriceCents: number,
  vatRateBasisPoints: number,
  unitCode = 'C62',
): EInvoiceExportLine {
  const netCents = Number(roundHalfUp(BigInt(quantityMilli) * BigInt(unitPriceCents), 1000n));
  return { position, description, quantityMilli, unitCode, unitPriceCents, vatRateBasisPoints, netCents };
}

/** An input whose breakdown and totals are the ones its lines give. */
function inputWith(
  lines: EInvoiceExportLine[],
  changes: Partial<EInvoiceExportInput> = {},
): EInvoiceExportInput {
  const vatBreakdown = vatBreakdownFromLines(lines);
  const netCents = lines.reduce((s, l) => s + l.netCents, 0);
  const vatCents = vatBreakdown.reduce((s, b) => s + b.taxCents, 0);
  return {
    seller: {
      name: 'Werkzeugbau Schmidt & Söhne <Berlin> GmbH',
      address: { street: 'Friedrichstraße 100', postalCode: '10117', city: 'Berlin', country: 'DE' },
      vatId: 'DE123456789',
      taxNumber: '30/123/45678',
      register: 'Amtsgericht Berlin-Charlottenburg HRB 123456',
      contact: { name: 'Buchhaltung', phone: '+49 30 1234567', email: 'rechnung@schmidt.example' },
      bank: { iban: 'DE89370400440532013000', bic: 'COBADEFFXXX' },
    },
    buyer: {
      number: 'K-1',
      name: 'Müller & Co. <Maschinenbau> KG',
      address: {
        street: 'Hauptstraße 5',
        extra: ['Einkauf'],
        postalCode: '80331',
        city: 'München',
        country: 'DE',
      },
      vatId: 'DE987654321',
      email: 'eingangsrechnung@mueller.example',
    },
    invoice: {
      number: 'RE-2026-0815',
      kind: 'invoice',
      issueDate: d('2026-11-02'),
      deliveryDate: d('2026-10-30'),
      period: null,
      dueDate: d('2026-12-02'),
      currency: 'EUR',
      buyerReference: null,
      precedingInvoice: null,
      note: null,
    },
    lines,
    vatBreakdown,
    totals: { netCents, vatCents, grossCents: netCents + vatCents },
    paymentTerms: {
      text: 'Zahlbar ohne Abzug bis zum 02.12.2026.',
      skonto: [
        { days: 10, percent: '2' },
        { days: 20, percent: '1.5' },
      ],
    },
    ...changes,
  };
}

// 4 h × 95.00 and 2.5 × 0.10 at 19 %, 1 × 49.90 at 7 %:
// 19 %: 380.25 net, 72.2475 → 72.25 tax; 7 %: 49.90 net, 3.493 → 3.49 tax; 430.15 + 75.74 = 505.89.
const sample = inputWith([
  line(1, 'Wartung Fräsmaschine', 4000, 9500, 1900, 'HUR'),
  line(2, 'Fachbuch Zerspanung', 1000, 4990, 700),
  line(3, 'Kleinteile', 2500, 10, 1900),
]);

/** What every syntax must carry over unchanged. */
function expectSampleReadBack(read: EInvoice, syntax: 'ubl' | 'cii', profile: string): void {
  expect(read).toMatchObject({
    syntax,
    kind: 'invoice',
    profile,
    typeCode: '380',
    number: 'RE-2026-0815',
    issueDate: '2026-11-02',
    dueDate: '2026-12-02',
    deliveryDate: '2026-10-30',
    currency: 'EUR',
    lineTotalCents: 430_15,
    netCents: 430_15,
    vatCents: 75_74,
    totalCents: 505_89,
    prepaidCents: 0,
    payableCents: 505_89,
    buyerReference: 'K-1',
    warnings: [],
  });
  expect(read.vatBreakdown).toEqual([
    { category: 'S', rate: '19.00', taxableCents: 380_25, taxCents: 72_25, exemptionReason: null },
    { category: 'S', rate: '7.00', taxableCents: 49_90, taxCents: 3_49, exemptionReason: null },
  ]);
  expect(read.skonto).toEqual([
    { days: 10, percent: '2.00', baseCents: null },
    { days: 20, percent: '1.50', baseCents: null },
  ]);
  expect(read.paymentTerms).toBe(
    'Zahlbar ohne Abzug bis zum 02.12.2026.\n#SKONTO#TAGE=10#PROZENT=2.00#\n#SKONTO#TAGE=20#PROZENT=1.50#',
  );
  expect(read.seller).toEqual({
    name: 'Werkzeugbau Schmidt & Söhne <Berlin> GmbH',
    tradingName: null,
    id: null,
    vatId: 'DE123456789',
    taxNumber: '30/123/45678',
    email: 'rechnung@schmidt.example',
    address: {
      street: 'Friedrichstraße 100',
      additionalStreet: null,
      postalCode: '10117',
      city: 'Berlin',
      country: 'DE',
    },
  });
  expect(read.buyer).toEqual({
    name: 'Müller & Co. <Maschinenbau> KG',
    tradingName: null,
    id: 'K-1',
    vatId: 'DE987654321',
    taxNumber: null,
    email: 'eingangsrechnung@mueller.example',
    address: {
      street: 'Hauptstraße 5',
      additionalStreet: 'Einkauf',
      postalCode: '80331',
      city: 'München',
      country: 'DE',
    },
  });
  expect(read.paymentMeans).toEqual([
    {
      code: '58',
      ibans: ['DE89370400440532013000'],
      bic: 'COBADEFFXXX',
      accountName: 'Werkzeugbau Schmidt & Söhne <Berlin> GmbH',
      remittanceInfo: creditorReferenceFor('RE-2026-0815'),
      mandateId: null,
      payerIban: null,
    },
  ]);
  expect(read.lines).toEqual([
    {
      id: '1',
      name: 'Wartung Fräsmaschine',
      description: null,
      quantity: '4',
      unitCode: 'HUR',
      unitPrice: '95.00',
      netCents: 380_00,
      vatCategory: 'S',
      vatRate: '19.00',
    },
    {
      id: '2',
      name: 'Fachbuch Zerspanung',
      description: null,
      quantity: '1',
      unitCode: 'C62',
      unitPrice: '49.90',
      netCents: 49_90,
      vatCategory: 'S',
      vatRate: '7.00',
    },
    {
      id: '3',
      name: 'Kleinteile',
      description: null,
      quantity: '2.5',
      unitCode: 'C62',
      unitPrice: '0.10',
      netCents: 25,
      vatCategory: 'S',
      vatRate: '19.00',
    },
  ]);
}

async function simplePdf(options: { pdfA?: boolean } = {}): Promise<Uint8Array> {
  const pdf = await PDFDocument.create({ updateMetadata: false });
  pdf.setCreationDate(new Date('2026-11-02T09:30:00Z'));
  pdf.setModificationDate(new Date('2026-11-02T09:30:00Z'));
  pdf.setKeywords(['left over']);
  const page = pdf.addPage();
  page.drawText('Rechnung RE-2026-0815', {
    font: await pdf.embedFont(StandardFonts.Helvetica),
    x: 50,
    y: 700,
  });
  if (options.pdfA) {
    const xmp =
      '<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description rdf:about="" xmlns:pdfaid="http://www.aiim.org/pdfa/ns/id/" pdfaid:part="3" pdfaid:conformance="B"/></rdf:RDF></x:xmpmeta>';
    pdf.catalog.set(
      PDFName.of('Metadata'),
      pdf.context.register(pdf.context.stream(xmp, { Type: 'Metadata', Subtype: 'XML' })),
    );
  }
  return pdf.save();
}

function text(value: unknown): string | null {
  return value instanceof PDFString || value instanceof PDFHexString ? value.decodeText() : null;
}

function xmpOf(pdf: PDFDocument): string {
  const stream = pdf.catalog.lookup(PDFName.of('Metadata'));
  if (!(stream instanceof PDFRawStream)) throw new Error('no XMP');
  return new TextDecoder().decode(decodePDFRawStream(stream).decode());
}

describe('writeXRechnungUbl', () => {
  const xml = writeXRechnungUbl(sample);

  it('writes an XRechnung 3.0 UBL invoice that our reader reads back to the same invoice', () => {
    expectSampleReadBack(readEInvoiceXml(xml, 'out.xml'), 'ubl', XRECHNUNG_3_0);
  });

  it('names the XRechnung 3.0 specification and the Peppol billing process, with dates as YYYY-MM-DD', () => {
    expect(xml).toContain(`<cbc:CustomizationID>${XRECHNUNG_3_0}</cbc:CustomizationID>`);
    expect(xml).toContain('<cbc:ProfileID>urn:fdc:peppol.eu:2017:poacc:billing:01:1.0</cbc:ProfileID>');
    expect(xml).toContain('<cbc:IssueDate>2026-11-02</cbc:IssueDate>');
    expect(xml).toContain('<cbc:DueDate>2026-12-02</cbc:DueDate>');
  });

  it('writes each Skonto tier on its own line ending with # and a line break (BR-DE-18)', () => {
    expect(xml).toContain(
      '<cbc:Note>Zahlbar ohne Abzug bis zum 02.12.2026.\n#SKONTO#TAGE=10#PROZENT=2.00#\n#SKONTO#TAGE=20#PROZENT=1.50#\n</cbc:Note>',
    );
  });

  it('uses the Leitweg-ID as buyer reference when the buyer is public', () => {
    const input = inputWith(sample.lines as EInvoiceExportLine[], {
      invoice: { ...sample.invoice, buyerReference: '04011000-12345-03' },
    });
    expect(readEInvoiceXml(writeXRechnungUbl(input), 'x.xml').buyerReference).toBe('04011000-12345-03');
  });

  it('writes a credit note as a UBL CreditNote naming the invoice it corrects, due date in the payment means', () => {
    const input = inputWith([line(1, 'Gutschrift Rücksendung', 1000, 4990, 700)], {
      invoice: {
        ...sample.invoice,
        number: 'GS-2026-0001',
        kind: 'credit-note',
        precedingInvoice: { number: 'RE-2026-0815', issueDate: d('2026-11-02') },
      },
      paymentTerms: { text: 'Wird mit offenen Rechnungen verrechnet.', skonto: [] },
    });
    const written = writeXRechnungUbl(input);
    expect(written).toMatch(/<CreditNote xmlns="urn:oasis:names:specification:ubl:schema:xsd:CreditNote-2"/);
    expect(written).not.toContain('<cbc:DueDate>');
    expect(readEInvoiceXml(written, 'gs.xml')).toMatchObject({
      kind: 'credit-note',
      typeCode: '381',
      number: 'GS-2026-0001',
      precedingInvoice: 'RE-2026-0815',
      dueDate: '2026-12-02',
      totalCents: 53_39,
      lines: [expect.objectContaining({ quantity: '1', netCents: 49_90 })],
    });
  });

  it('writes a negative price as a negative quantity at a positive price (BR-27), keeping the net', () => {
    const input = inputWith([
      line(1, 'Maschine', 1000, 100_000, 1900),
      line(2, 'Rabatt', 1000, -5_000, 1900),
    ]);
    const read = readEInvoiceXml(writeXRechnungUbl(input), 'x.xml');
    expect(read.lines[1]).toMatchObject({ quantity: '-1', unitPrice: '50.00', netCents: -50_00 });
    expect(read.payableCents).toBe(1_130_50);
  });
});

describe('writeXRechnungCii', () => {
  const xml = writeXRechnungCii(sample);

  it('writes an XRechnung 3.0 CII invoice that our reader reads back to the same invoice', () => {
    expectSampleReadBack(readEInvoiceXml(xml, 'out.xml'), 'cii', XRECHNUNG_3_0);
  });

  it('writes dates in format 102 and the business process (BT-23)', () => {
    expect(xml).toContain('<udt:DateTimeString format="102">20261102</udt:DateTimeString>');
    expect(xml).toContain('<udt:DateTimeString format="102">20261202</udt:DateTimeString>');
    expect(xml).toMatch(
      /<ram:BusinessProcessSpecifiedDocumentContextParameter>\s*<ram:ID>urn:fdc:peppol\.eu:2017:poacc:billing:01:1\.0<\/ram:ID>/,
    );
  });

  it('puts the payment terms in one description whose Skonto lines end with a line break (BR-DE-18, -18-a)', () => {
    const terms =
      /<ram:SpecifiedTradePaymentTerms>[\s\S]*?<\/ram:SpecifiedTradePaymentTerms>/.exec(xml)?.[0] ?? '';
    expect(terms.match(/<ram:Description>/g)).toHaveLength(1);
    expect(xml.match(/<ram:SpecifiedTradePaymentTerms>/g)).toHaveLength(1);
    expect(xml).toContain('#SKONTO#TAGE=20#PROZENT=1.50#\n</ram:Description>');
  });

  it('writes a credit note with type code 381 and the preceding invoice', () => {
    const input = inputWith([line(1, 'Gutschrift', 1000, 1000, 1900)], {
      invoice: {
        ...sample.invoice,
        number: 'GS-1',
        kind: 'credit-note',
        precedingInvoice: { number: 'RE-2026-0815', issueDate: d('2026-11-02') },
      },
    });
    expect(readEInvoiceXml(writeXRechnungCii(input), 'gs.xml')).toMatchObject({
      kind: 'credit-note',
      typeCode: '381',
      precedingInvoice: 'RE-2026-0815',
      totalCents: 11_90,
    });
  });
});

describe('writeFacturXCii and embedFacturX', () => {
  it('writes CII with the EN 16931 guideline', () => {
    const read = readEInvoiceXml(writeFacturXCii(sample), 'factur-x.xml');
    expectSampleReadBack(read, 'cii', FACTURX_EN16931);
  });

  it('does not hold a Factur-X invoice to XRechnung rules: no seller phone or buyer e-mail needed', () => {
    const input = inputWith(sample.lines as EInvoiceExportLine[], {
      seller: { ...sample.seller, contact: { name: null, phone: null, email: null } },
      buyer: { ...sample.buyer, email: null },
    });
    expect(readEInvoiceXml(writeFacturXCii(input), 'factur-x.xml').buyer.email).toBeNull();
    expect(() => writeXRechnungCii(input)).toThrow(/seller\.contact\.phone: .*BR-DE-6/);
  });

  it('embeds the CII as factur-x.xml that readEInvoice extracts and reads back to the same invoice', async () => {
    const pdf = await embedFacturX(await simplePdf(), writeFacturXCii(sample), sample);
    expect(new TextDecoder().decode(pdf.subarray(0, 8))).toBe('%PDF-1.7');
    const read = await readEInvoice(pdf, 'RE-2026-0815.pdf');
    expectSampleReadBack(read, 'cii', FACTURX_EN16931);
  });

  it('marks the attachment as the alternative representation (text/xml) and lists it in /AF', async () => {
    const pdf = await PDFDocument.load(
      await embedFacturX(await simplePdf(), writeFacturXCii(sample), sample),
    );
    const associated = pdf.catalog.lookup(PDFName.of('AF'), PDFArray);
    expect(associated.size()).toBe(1);
    const spec = associated.lookup(0, PDFDict);
    expect(text(spec.lookup(PDFName.of('UF')))).toBe('factur-x.xml');
    expect(text(spec.lookup(PDFName.of('F')))).toBe('factur-x.xml');
    expect(spec.lookup(PDFName.of('AFRelationship'))).toBe(PDFName.of('Alternative'));
    const file = spec.lookup(PDFName.of('EF'), PDFDict).lookup(PDFName.of('F'));
    expect(file instanceof PDFRawStream && file.dict.lookup(PDFName.of('Subtype'))).toBe(
      PDFName.of('text/xml'),
    );
  });

  it('writes XMP with the Factur-X extension schema and mirrors the document information in it', async () => {
    const pdf = await PDFDocument.load(
      await embedFacturX(await simplePdf(), writeFacturXCii(sample), sample),
      {
        updateMetadata: false,
      },
    );
    const xmp = xmpOf(pdf);
    expect(xmp).toContain('<fx:DocumentType>INVOICE</fx:DocumentType>');
    expect(xmp).toContain('<fx:DocumentFileName>factur-x.xml</fx:DocumentFileName>');
    expect(xmp).toContain('<fx:Version>1.0</fx:Version>');
    expect(xmp).toContain('<fx:ConformanceLevel>EN 16931</fx:ConformanceLevel>');
    expect(xmp).toContain(
      '<pdfaSchema:namespaceURI>urn:factur-x:pdfa:CrossIndustryDocument:invoice:1p0#</pdfaSchema:namespaceURI>',
    );
    expect(xmp).toContain('<xmp:CreateDate>2026-11-02T09:30:00Z</xmp:CreateDate>');
    expect(xmp).toContain('<rdf:li>Werkzeugbau Schmidt &amp; Söhne &lt;Berlin&gt; GmbH</rdf:li>');
    expect(pdf.getTitle()).toBe('Rechnung RE-2026-0815');
    expect(pdf.getAuthor()).toBe('Werkzeugbau Schmidt & Söhne <Berlin> GmbH');
    expect(pdf.getCreationDate()?.toISOString()).toBe('2026-11-02T09:30:00.000Z');
    // Keywords are not mirrored in the XMP, so they are not kept either.
    expect(pdf.getKeywords()).toBeUndefined();
  });

  it('does not claim PDF/A for a PDF that did not, and keeps the claim of one that did', async () => {
    const cii = writeFacturXCii(sample);
    const plain = await PDFDocument.load(await embedFacturX(await simplePdf(), cii, sample));
    expect(xmpOf(plain)).not.toContain('pdfaid');
    const pdfA = await PDFDocument.load(await embedFacturX(await simplePdf({ pdfA: true }), cii, sample));
    expect(xmpOf(pdfA)).toContain('<pdfaid:part>3</pdfaid:part>');
    expect(xmpOf(pdfA)).toContain('<pdfaid:conformance>B</pdfaid:conformance>');
  });

  it('adds an sRGB output intent from the ICC profile given, and a file identifier', async () => {
    const icc = new Uint8Array([1, 2, 3, 4]);
    const pdf = await PDFDocument.load(
      await embedFacturX(await simplePdf(), writeFacturXCii(sample), sample, { iccProfile: icc }),
    );
    const intent = pdf.catalog.lookup(PDFName.of('OutputIntents'), PDFArray).lookup(0, PDFDict);
    expect(intent.lookup(PDFName.of('S'))).toBe(PDFName.of('GTS_PDFA1'));
    expect(text(intent.lookup(PDFName.of('OutputConditionIdentifier')))).toBe('sRGB IEC61966-2.1');
    expect(pdf.context.trailerInfo.ID).toBeDefined();
  });

  it('gives the same bytes for the same invoice (no clock)', async () => {
    const source = await simplePdf();
    const cii = writeFacturXCii(sample);
    expect(await embedFacturX(source, cii, sample)).toEqual(await embedFacturX(source, cii, sample));
  });

  it('refuses XRechnung CII, whose guideline a Factur-X EN 16931 PDF must not carry', async () => {
    await expect(embedFacturX(await simplePdf(), writeXRechnungCii(sample), sample)).rejects.toThrow(
      /expected CII with the EN 16931 guideline/,
    );
  });
});

describe('escaping', () => {
  it('escapes & and < in names, and the reader gets the names back unchanged', () => {
    for (const xml of [writeXRechnungUbl(sample), writeXRechnungCii(sample)]) {
      expect(xml).toContain('Werkzeugbau Schmidt &amp; Söhne &lt;Berlin&gt; GmbH');
      expect(xml).toContain('Müller &amp; Co. &lt;Maschinenbau&gt; KG');
      expect(xml).not.toContain('<Berlin>');
    }
  });

  it('escapes quotes and drops control characters XML cannot carry', () => {
    expect(escapeXml(`"A" & 'B' <c>\u0007\u000b`)).toBe('&quot;A&quot; &amp; &apos;B&apos; &lt;c&gt;');
    const input = inputWith([line(1, 'Tab\tand bell\u0007', 1000, 100, 1900)]);
    expect(readEInvoiceXml(writeXRechnungUbl(input), 'x.xml').lines[0]?.name).toBe('Tab\tand bell');
  });
});

describe('amounts', () => {
  it('writes 0.10 + 0.20 as 0.30, from cents, never through a float', () => {
    const input = inputWith([line(1, 'A', 1000, 10, 1900), line(2, 'B', 1000, 20, 1900)]);
    const xml = writeXRechnungUbl(input);
    expect(xml).toContain('<cbc:LineExtensionAmount currencyID="EUR">0.30</cbc:LineExtensionAmount>');
    expect(xml).toContain('<cbc:TaxInclusiveAmount currencyID="EUR">0.36</cbc:TaxInclusiveAmount>');
    expect(xml).not.toMatch(/>-?\d+\.\d{3,}</);
    expect(readEInvoiceXml(xml, 'x.xml').payableCents).toBe(36);
  });

  it('writes large amounts exactly, digit for digit', () => {
    // 123 456 789 012.34 € as a float in euros would print as 123456789012.33999…
    const big = inputWith([line(1, 'Großauftrag', 1000, 12_345_678_901_234, 1900)]);
    const read = readEInvoiceXml(writeXRechnungCii(big), 'x.xml');
    expect(read.netCents).toBe(12_345_678_901_234);
    expect(read.vatCents).toBe(2_345_678_991_234);
    expect(writeXRechnungCii(big)).toContain('<ram:LineTotalAmount>123456789012.34</ram:LineTotalAmount>');
  });

  it('reads back the same cents, whatever the lines (property)', () => {
    const lineArbitrary = fc.record({
      quantityMilli: fc.integer({ min: 1, max: 1_000_000 }),
      unitPriceCents: fc.integer({ min: 0, max: 10_000_000 }),
      vatRateBasisPoints: fc.constantFrom(1900, 700, 1600, 550, 2100),
    });
    fc.assert(
      fc.property(fc.array(lineArbitrary, { minLength: 1, maxLength: 8 }), (specs) => {
        const input = inputWith(
          specs.map((s, i) =>
            line(i + 1, `Position ${i + 1}`, s.quantityMilli, s.unitPriceCents, s.vatRateBasisPoints),
          ),
        );
        for (const xml of [writeXRechnungUbl(input), writeXRechnungCii(input)]) {
          // The reader checks BR-CO-10 … BR-CO-17 and throws on any mismatch.
          const read = readEInvoiceXml(xml, 'x.xml');
          expect(read.netCents).toBe(input.totals.netCents);
          expect(read.vatCents).toBe(input.totals.vatCents);
          expect(read.payableCents).toBe(input.totals.grossCents);
          expect(read.lines.map((l) => l.netCents)).toEqual(input.lines.map((l) => l.netCents));
        }
      }),
      { numRuns: 60 },
    );
  });
});

describe('prepaid amount, rounding and Skonto base', () => {
  // 505.89 in all, 200.00 paid in advance, rounded by 0.01: 305.90 due.
  const prepaid = {
    ...sample,
    totals: { ...sample.totals, prepaidCents: 200_00, roundingCents: 1 },
    paymentTerms: {
      text: 'Zahlbar ohne Abzug bis zum 02.12.2026.',
      skonto: [{ days: 10, percent: '2', baseCents: 430_15 }],
    },
  };

  it('writes the prepaid amount (BT-113), the rounding (BT-114) and what is due (BT-115) in both syntaxes', () => {
    for (const [write, syntax] of [
      [writeXRechnungUbl, 'ubl'],
      [writeXRechnungCii, 'cii'],
      [writeFacturXCii, 'cii'],
    ] as const) {
      const read = readEInvoiceXml(write(prepaid), 'x.xml');
      expect(read, syntax).toMatchObject({
        totalCents: 505_89,
        prepaidCents: 200_00,
        roundingCents: 1,
        payableCents: 305_90,
        warnings: [],
      });
    }
    expect(writeXRechnungUbl(prepaid)).toMatch(
      /<cbc:TaxInclusiveAmount currencyID="EUR">505\.89<\/cbc:TaxInclusiveAmount>\s*<cbc:PrepaidAmount currencyID="EUR">200\.00<\/cbc:PrepaidAmount>\s*<cbc:PayableRoundingAmount currencyID="EUR">0\.01<\/cbc:PayableRoundingAmount>\s*<cbc:PayableAmount currencyID="EUR">305\.90<\/cbc:PayableAmount>/,
    );
    // Nothing paid in advance, nothing rounded: neither element is written.
    expect(writeXRechnungCii(sample)).not.toMatch(/TotalPrepaidAmount|RoundingAmount/);
  });

  it('writes a Skonto tier with its own base as BASISBETRAG, which reads back as the base', () => {
    const note = paymentTermsNote(prepaid.paymentTerms);
    expect(note).toBe(
      'Zahlbar ohne Abzug bis zum 02.12.2026.\n#SKONTO#TAGE=10#PROZENT=2.00#BASISBETRAG=430.15#\n',
    );
    for (const write of [writeXRechnungUbl, writeXRechnungCii]) {
      expect(readEInvoiceXml(write(prepaid), 'x.xml').skonto).toEqual([
        { days: 10, percent: '2.00', baseCents: 430_15 },
      ]);
    }
  });

  it('refuses a prepaid amount or a Skonto base that is not whole cents', () => {
    const input = {
      ...prepaid,
      totals: { ...prepaid.totals, prepaidCents: 0.5 },
      paymentTerms: { text: null, skonto: [{ days: 10, percent: '2', baseCents: -1 }] },
    };
    expect(() => writeXRechnungUbl(input)).toThrow(
      /totals\.prepaidCents: expected whole cents[\s\S]*paymentTerms\.skonto\.0\.baseCents: expected whole cents, 0 or more, got -1/,
    );
  });
});

describe('refusals', () => {
  it('refuses a 0 % line rather than guessing its VAT category and exemption reason', () => {
    const input = inputWith([line(1, 'Buch (steuerfrei?)', 1000, 1000, 0)]);
    expect(() => writeXRechnungUbl(input)).toThrow(
      /lines\.0\.vatRate: only standard-rated lines \(category S/,
    );
  });

  it('refuses totals that do not add up, naming the EN 16931 rule', () => {
    const input = { ...sample, totals: { ...sample.totals, grossCents: sample.totals.grossCents + 1 } };
    expect(() => writeXRechnungUbl(input)).toThrow(/totals\.grossCents: .*BR-CO-15/);
    const wrongTax = {
      ...sample,
      vatBreakdown: sample.vatBreakdown.map((b, i) => (i === 0 ? { ...b, taxCents: b.taxCents + 5 } : b)),
    };
    expect(() => writeXRechnungCii(wrongTax)).toThrow(/BR-CO-17[\s\S]*BR-CO-14/);
  });

  it('lists every missing seller field at once', () => {
    const input = {
      ...sample,
      seller: { ...sample.seller, vatId: null, taxNumber: null, bank: { iban: '', bic: null } },
    };
    let message = '';
    try {
      writeXRechnungUbl(input);
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toMatch(/seller\.vatId: .*BR-DE-16/);
    expect(message).toMatch(/seller\.bank\.iban: .*BR-50/);
  });

  it('identifies a seller without VAT id by the register entry, and refuses one with a tax number only (BR-CO-26)', () => {
    const withRegister = { ...sample, seller: { ...sample.seller, vatId: null } };
    expect(writeXRechnungUbl(withRegister)).toContain(
      '<cbc:CompanyID>Amtsgericht Berlin-Charlottenburg HRB 123456</cbc:CompanyID>',
    );
    expect(writeFacturXCii(withRegister)).toMatch(
      /<ram:SpecifiedLegalOrganization>\s*<ram:ID>Amtsgericht Berlin-Charlottenburg HRB 123456<\/ram:ID>/,
    );
    expect(readEInvoiceXml(writeXRechnungCii(withRegister), 'x.xml').seller.taxNumber).toBe('30/123/45678');
    const taxNumberOnly = { ...sample, seller: { ...sample.seller, vatId: null, register: null } };
    expect(() => writeFacturXCii(taxNumberOnly)).toThrow(/seller\.register: .*BR-CO-26/);
  });

  it('refuses a Skonto percentage XRechnung cannot write with two decimals', () => {
    const input = { ...sample, paymentTerms: { text: null, skonto: [{ days: 10, percent: '1.125' }] } };
    expect(() => writeXRechnungUbl(input)).toThrow(/paymentTerms\.skonto\.0\.percent/);
  });

  it('writes no payment terms element when there are neither words nor Skonto', () => {
    expect(paymentTermsNote({ text: null, skonto: [] })).toBeNull();
    expect(paymentTermsNote({ text: '  ', skonto: [{ days: 7, percent: '3' }] })).toBe(
      '#SKONTO#TAGE=7#PROZENT=3.00#\n',
    );
    const xml = writeXRechnungUbl({ ...sample, paymentTerms: { text: null, skonto: [] } });
    expect(xml).not.toContain('PaymentTerms');
  });
});
