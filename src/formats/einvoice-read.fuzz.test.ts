/**
 * Hostile and broken e-invoices: mutations of valid XRechnung UBL and CII documents and of a
 * ZUGFeRD/Factur-X PDF (cut, doubled, swapped, junk, other digits, other encodings), documents with
 * odd values, random bytes and known XML and PDF attacks end in a valid invoice or in an EInvoiceError
 * naming the place — never a crash, a hang, a file read, a request or unbounded memory.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { deflateSync } from 'node:zlib';
import fc from 'fast-check';
import { type PDFArray, type PDFDict, PDFDocument, PDFHexString, PDFName, PDFString } from 'pdf-lib';
import { beforeAll, describe, expect, it } from 'vitest';
import type { CalendarDate } from '../domain/calendar-date.ts';
import { isCalendarDate } from '../domain/calendar-date.ts';
import {
  type EInvoice,
  EInvoiceError,
  MAX_EINVOICE_BYTES,
  readEInvoice,
  readEInvoiceXml,
} from './einvoice-read.ts';
import {
  embedFacturX,
  type EInvoiceExportInput,
  vatBreakdownFromLines,
  writeFacturXCii,
  writeXRechnungCii,
  writeXRechnungUbl,
} from './einvoice-write.ts';
import { UBL_CREDIT_NOTE, ublInvoice, type UblParts } from '../../test/support/einvoice-samples.ts';
import {
  countInput,
  countRefused,
  encodeText,
  encodingArbitrary,
  expectNoInternalsIn,
  FUZZ_TEST_TIMEOUT,
  fuzzParameters,
  mutatedText,
  resultOrLocatedErrorAsync,
  useNetworkTrap,
  withinHangBoundAsync,
} from '../../test/support/fuzz.ts';

function expectValidInvoice(invoice: EInvoice): void {
  const cents = [
    invoice.allowanceTotalCents,
    invoice.chargeTotalCents,
    invoice.netCents,
    invoice.vatCents,
    invoice.totalCents,
    invoice.prepaidCents,
    invoice.roundingCents,
    invoice.payableCents,
    ...(invoice.lineTotalCents === null ? [] : [invoice.lineTotalCents]),
    ...invoice.lines.map((l) => l.netCents),
    ...invoice.vatBreakdown.flatMap((b) => [b.taxableCents, b.taxCents]),
    ...invoice.allowanceCharges.map((a) => a.amountCents),
    ...invoice.skonto.flatMap((s) => (s.baseCents === null ? [] : [s.baseCents])),
  ];
  for (const value of cents)
    expect(Number.isSafeInteger(value), `${value} is no whole number of cents`).toBe(true);
  const dates = [
    invoice.issueDate,
    invoice.dueDate,
    invoice.deliveryDate,
    invoice.invoicePeriod?.start,
    invoice.invoicePeriod?.end,
  ];
  for (const date of dates) if (date != null) expect(isCalendarDate(date), `${date} is no date`).toBe(true);
  expect(invoice.currency).toMatch(/^[A-Z]{3}$/);
  expect(invoice.number.trim()).not.toBe('');
  for (const offer of invoice.skonto) expect(Number.isInteger(offer.days)).toBe(true);
}

/** `source`: the text the bytes were encoded from, which the message may quote. */
async function readHostile(
  parser: string,
  bytes: Uint8Array,
  source = '',
): Promise<EInvoice | EInvoiceError> {
  countInput(parser);
  const outcome = await withinHangBoundAsync(parser, () =>
    resultOrLocatedErrorAsync(
      () => readEInvoice(bytes, 'fuzz.xml'),
      (error) => error instanceof EInvoiceError,
    ),
  );
  if (!outcome.ok) {
    countRefused(parser);
    const error = outcome.error as EInvoiceError;
    expect(error.file.startsWith('fuzz.xml')).toBe(true);
    expect(error.violations.length).toBeGreaterThan(0);
    for (const v of error.violations) expect(v.path).not.toBe('');
    // pdf-lib's own messages say "undefined" for the end of the file; ours must not.
    if (!/cannot read the PDF/.test(error.message))
      expectNoInternalsIn(error.message, `${source} ${new TextDecoder('latin1').decode(bytes)}`);
    return error;
  }
  expectValidInvoice(outcome.value);
  return outcome.value;
}

// --- valid documents ---------------------------------------------------------------------------

const d = (text: string) => text as CalendarDate;
const lines = [
  {
    position: 1,
    description: 'Wartung <Fräse> & Co',
    quantityMilli: 4000,
    unitCode: 'HUR',
    unitPriceCents: 9500,
    vatRateBasisPoints: 1900,
    netCents: 38000,
  },
  {
    position: 2,
    description: 'Fachbuch',
    quantityMilli: 1000,
    unitCode: 'C62',
    unitPriceCents: 4990,
    vatRateBasisPoints: 700,
    netCents: 4990,
  },
];
const vatBreakdown = vatBreakdownFromLines(lines);
const netCents = lines.reduce((s, l) => s + l.netCents, 0);
const vatCents = vatBreakdown.reduce((s, b) => s + b.taxCents, 0);
const exportInput: EInvoiceExportInput = {
  seller: {
    name: 'Werkzeugbau Schmidt GmbH',
    address: { street: 'Friedrichstraße 100', postalCode: '10117', city: 'Berlin', country: 'DE' },
    vatId: 'DE123456789',
    taxNumber: null,
    register: null,
    contact: { name: 'Buchhaltung', phone: '+49 30 1234567', email: 'rechnung@schmidt.example' },
    bank: { iban: 'DE89370400440532013000', bic: 'COBADEFFXXX' },
  },
  buyer: {
    number: 'K-1',
    name: 'Müller KG',
    address: { street: 'Hauptstraße 5', extra: [], postalCode: '80331', city: 'München', country: 'DE' },
    vatId: null,
    email: 'eingang@mueller.example',
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
  paymentTerms: { text: 'Zahlbar bis 02.12.2026.', skonto: [{ days: 10, percent: '2' }] },
} as EInvoiceExportInput;

const FIXTURES = new URL('../../../shared/fixtures/einvoice/', import.meta.url);
const fixtureTexts = existsSync(FIXTURES)
  ? readdirSync(FIXTURES)
      .filter((f) => f.endsWith('.xml'))
      .map((f) => readFileSync(new URL(f, FIXTURES), 'utf8'))
      // The 200 KB ones would make each run a hundred times slower without reaching other code.
      .filter((text) => text.length < 50_000)
  : [];

const XML_DOCUMENTS = [
  ublInvoice(),
  UBL_CREDIT_NOTE,
  writeXRechnungUbl(exportInput),
  writeXRechnungCii(exportInput),
  writeFacturXCii(exportInput),
  ...fixtureTexts,
];

const XML_TOKENS = [
  '<cbc:ID>',
  '</cbc:ID>',
  '<cac:InvoiceLine>',
  '</cac:InvoiceLine>',
  'currencyID="XXX"',
  'currencyID="JPY"',
  '<cbc:PayableAmount currencyID="EUR">-0.001</cbc:PayableAmount>',
  '<ram:DuePayableAmount>1e9</ram:DuePayableAmount>',
  '<udt:DateTimeString format="102">20241399</udt:DateTimeString>',
  '#SKONTO#TAGE=-1#PROZENT=200.00#',
  '#SKONTO#TAGE=99999999999999999999#PROZENT=2#',
  'xmlns:cbc="x"',
  '<!DOCTYPE x>',
  '<?pi x?>',
];

async function simplePdf(): Promise<Uint8Array> {
  const pdf = await PDFDocument.create({ updateMetadata: false });
  pdf.addPage();
  return pdf.save();
}

/** A PDF whose name tree holds `specs` (file specs) under the given /Kids layout. */
async function pdfWithNameTree(build: (pdf: PDFDocument) => PDFDict): Promise<Uint8Array> {
  const pdf = await PDFDocument.create({ updateMetadata: false });
  pdf.addPage();
  const names = pdf.context.obj({ EmbeddedFiles: build(pdf) });
  pdf.catalog.set(PDFName.of('Names'), names);
  return pdf.save();
}

function fileSpec(pdf: PDFDocument, name: string, contents: Uint8Array, filter?: string): PDFDict {
  const stream = pdf.context.stream(contents, {
    Type: 'EmbeddedFile',
    Subtype: 'text/xml',
    ...(filter ? { Filter: filter } : {}),
  });
  return pdf.context.obj({
    Type: 'Filespec',
    F: PDFString.of(name),
    UF: PDFHexString.fromText(name),
    EF: { F: pdf.context.register(stream) },
  });
}

describe('e-invoice fuzz', () => {
  let hybridPdf: Uint8Array;

  beforeAll(async () => {
    hybridPdf = await embedFacturX(await simplePdf(), writeFacturXCii(exportInput), exportInput);
  });

  it(
    'reads or refuses with a located error every mutation of a valid UBL or CII document, in any encoding',
    async () => {
      await fc.assert(
        fc.asyncProperty(
          mutatedText(fc.constantFrom(...XML_DOCUMENTS), { tokens: XML_TOKENS, maxEdits: 3 }),
          encodingArbitrary,
          async (text, encoding) => {
            await readHostile('einvoice xml mutations', encodeText(text, encoding), text);
          },
        ),
        fuzzParameters('einvoice xml mutations', 250),
      );
    },
    FUZZ_TEST_TIMEOUT,
  );

  it(
    'reads or refuses UBL documents whose values are anything',
    async () => {
      const value = (valid: string) =>
        fc
          .oneof(
            { weight: 2, arbitrary: fc.constant(valid) },
            { weight: 1, arbitrary: fc.string({ maxLength: 20 }) },
            {
              weight: 1,
              arbitrary: fc.constantFrom(
                '',
                ' ',
                '-1',
                '1e3',
                'NaN',
                '0.001',
                '99999999999999999.99',
                '2025-02-30',
                '20250115',
                'eur',
              ),
            },
          )
          .map((text) =>
            text
              .replace(/[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD]/g, '')
              .replace(/[<>&]/g, (c) => `&#${c.charCodeAt(0)};`),
          );
      const parts: fc.Arbitrary<UblParts> = fc.record({
        number: value('RE-2025-001'),
        issueDate: value('2025-01-15'),
        currency: value('EUR'),
        terms: value('#SKONTO#TAGE=7#PROZENT=2.00#'),
        line1Net: value('123.45'),
        line2Net: value('100.00'),
        taxInclusive: value('253.91'),
        payable: value('253.91'),
      });
      await fc.assert(
        fc.asyncProperty(parts, async (p) => {
          await readHostile('einvoice odd values', new TextEncoder().encode(ublInvoice(p)));
        }),
        fuzzParameters('einvoice odd values', 200),
      );
    },
    FUZZ_TEST_TIMEOUT,
  );

  it(
    'reads or refuses with a located error every mutation of a ZUGFeRD / Factur-X PDF',
    async () => {
      // Byte-level mutations of the PDF, through latin1 so that every byte is one character.
      const pdfText = new TextDecoder('latin1').decode(hybridPdf);
      const pdfTokens = [
        'endobj',
        'stream',
        'endstream',
        '/Filter /FlateDecode',
        '/Length 999999999',
        'xref',
        'trailer',
        '<<',
        '>>',
        '/Kids [1 0 R 1 0 R]',
        '%%EOF',
        '%PDF-1.7',
      ];
      await fc.assert(
        fc.asyncProperty(
          mutatedText(fc.constant(pdfText), { tokens: pdfTokens, maxEdits: 3 }),
          async (text) => {
            await readHostile('einvoice pdf mutations', new Uint8Array(Buffer.from(text, 'latin1')));
          },
        ),
        fuzzParameters('einvoice pdf mutations', 60),
      );
    },
    FUZZ_TEST_TIMEOUT,
  );

  it(
    'refuses random bytes, with and without a PDF header',
    async () => {
      await fc.assert(
        fc.asyncProperty(fc.uint8Array({ maxLength: 2000 }), fc.boolean(), async (bytes, pdf) => {
          const input = pdf ? new Uint8Array([...new TextEncoder().encode('%PDF-1.7\n'), ...bytes]) : bytes;
          await readHostile('einvoice random bytes', input);
        }),
        fuzzParameters('einvoice random bytes', 200),
      );
    },
    FUZZ_TEST_TIMEOUT,
  );
});

// --- known XML and PDF attacks ----------------------------------------------------------------

describe('e-invoice against XML and PDF attacks', () => {
  const trap = useNetworkTrap('<!ENTITY leak "x">');

  async function refused(bytes: Uint8Array | string, file = 'attack.xml'): Promise<EInvoiceError> {
    const input = typeof bytes === 'string' ? new TextEncoder().encode(bytes) : bytes;
    const error = await withinHangBoundAsync('attack', () => readEInvoice(input, file)).then(
      () => {
        throw new Error('the file was read');
      },
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(EInvoiceError);
    expect((error as Error).message).not.toMatch(/root:/);
    return error as EInvoiceError;
  }

  const body = ublInvoice().replace(/^<\?xml[^>]*>\s*/, '');

  it('refuses a DOCTYPE wherever it hides before the root: no external entity, no DTD from the network', async () => {
    const doctypes = [
      `<!DOCTYPE Invoice [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>`,
      `<!doctype Invoice [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>`,
      `<!DOCTYPE Invoice SYSTEM "${trap.url}/invoice.dtd">`,
      `<!DOCTYPE Invoice [<!ENTITY % remote SYSTEM "${trap.url}/evil.dtd"> %remote;]>`,
    ];
    for (const doctype of doctypes) {
      for (const prolog of [
        '',
        '<?xml version="1.0"?>\n',
        '\uFEFF<?xml version="1.0"?><!-- c -->\n<?pi x?>\n',
      ]) {
        const error = await refused(
          `${prolog}${doctype}\n${body.replace('<cbc:ID>RE-2025-001', '<cbc:ID>&xxe;')}`,
        );
        expect(error.message).toMatch(/attack\.xml at \(prolog\): a DOCTYPE declaration is not allowed/);
      }
    }
    // Inside the document, where a lenient parser would skip it, a DOCTYPE or ENTITY is refused too.
    const inside = await refused(body.replace('<cbc:ID>', '\n<!DOCTYPE x [<!ENTITY e "x">]><cbc:ID>'));
    expect(inside.message).toMatch(/attack\.xml at line 6: a DOCTYPE or ENTITY declaration is not allowed/);
    expect(trap.requests).toBe(0);
  });

  it('refuses entity bombs and unknown entities at once', async () => {
    const laughs = Array.from(
      { length: 9 },
      (_, i) => `<!ENTITY lol${i + 1} "${`&lol${i};`.repeat(10)}">`,
    ).join('');
    await refused(`<!DOCTYPE d [<!ENTITY lol0 "lol">${laughs}]>${body.replace('RE-2025-001', '&lol9;')}`);
    const unknown = await refused(body.replace('RE-2025-001', '&big;'.repeat(100_000)));
    expect(unknown.message).toMatch(/ubl:Invoice\/cbc:ID: unknown entity/);
    const charRef = await refused(body.replace('RE-2025-001', '&#0;&#xD800;'));
    expect(charRef.message).toMatch(/unknown entity or character reference/);
  });

  it('refuses deep nesting, huge tags, many attributes and many elements at once, naming the line', async () => {
    const deep = await refused(
      body.replace('<cbc:Note>', `${'<a>'.repeat(50_000)}${'</a>'.repeat(50_000)}<cbc:Note>`),
    );
    expect(deep.message).toMatch(
      /attack\.xml at \(document\): cannot parse the XML: Maximum nested tags exceeded/,
    );
    const huge = await refused(body.replace('<cbc:Note>', `<cbc:Note x="${'y'.repeat(5_000_000)}">`));
    expect(huge.message).toMatch(/attack\.xml at line 9: a tag longer than 65536 characters/);
    const wide = await refused(
      body.replace(
        '<cbc:Note>',
        `<cbc:Note ${Array.from({ length: 100_000 }, (_, i) => `a${i}="1"`).join(' ')}>`,
      ),
    );
    expect(wide.message).toMatch(/at line 9: a tag with more than 256 attributes/);
    const many = await refused(body.replace('<cbc:Note>', `${'<cbc:X/>'.repeat(200_000)}<cbc:Note>`));
    expect(many.message).toMatch(/at line 9: more than 100000 elements/);
    // A quote in a comment or CDATA is no attribute, and a long CDATA is text, not a tag.
    const commented = body.replace(
      '<cbc:Note>',
      `<!-- don't ${'"'.repeat(1000)} --><cbc:Note><![CDATA[${'x'.repeat(100_000)}]]>`,
    );
    expect((await readEInvoice(new TextEncoder().encode(commented), 'c.xml')).notes[0]).toMatch(/^x{100000}/);
  });

  it(`refuses a file larger than ${MAX_EINVOICE_BYTES / 2 ** 20} MB before parsing it`, async () => {
    const big = new Uint8Array(MAX_EINVOICE_BYTES + 1).fill(0x20);
    const error = await refused(big, 'big.xml');
    expect(error.message).toBe(
      'big.xml at (document): the file is larger than 20 MB; no e-invoice is that large',
    );
    expect(() => readEInvoiceXml(' '.repeat(MAX_EINVOICE_BYTES + 1), 'big.xml')).toThrow(
      /the XML is larger than 20 MB/,
    );
  });

  it('refuses an attachment that inflates beyond the limit (a "zip bomb" in a PDF)', async () => {
    // 24 MB of spaces deflate to about 24 KB (a real bomb would be a thousand times larger).
    const bomb = deflateSync(Buffer.alloc(24 * 2 ** 20, 0x20), { level: 9 });
    const pdf = await pdfWithNameTree((doc) =>
      doc.context.obj({
        Names: [PDFHexString.fromText('factur-x.xml'), fileSpec(doc, 'factur-x.xml', bomb, 'FlateDecode')],
      }),
    );
    const error = await refused(pdf, 'bomb.pdf');
    expect(error.message).toMatch(
      /bomb\.pdf at \(pdf\): the attachment factur-x\.xml expands to more than 20 MB/,
    );
  });

  it('walks a name tree whose kids link back to their parent only once per node', async () => {
    const pdf = await pdfWithNameTree((doc) => {
      const root = doc.context.obj({});
      const ref = doc.context.register(root);
      // 32 levels of two links back to the root: 2^32 visits without the guard.
      root.set(PDFName.of('Kids'), doc.context.obj([ref, ref, ref, ref]) as PDFArray);
      return root;
    });
    const error = await refused(pdf, 'loop.pdf');
    expect(error.message).toMatch(/loop\.pdf at \(pdf\): expected an embedded e-invoice XML/);
  });
});
