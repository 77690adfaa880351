/**
 * @module einvoice-write
 * Writes our invoices as e-invoices: XRechnung 3.0 in UBL 2.1 (`Invoice`, `CreditNote`) and in
 * UN/CEFACT CII D16B, and ZUGFeRD 2 / Factur-X EN 16931 as a PDF with the CII embedded. Pure:
 * a plain input object in, XML text or PDF bytes out; no database, no clock.
 *
 * Why not `@e-invoice-eu/core`: it was tried (2.3.4, in a scratch directory) and its XML is good,
 * but it does not fit here. Its `generate()` is asynchronous, while these writers are plain
 * functions; its Factur-X path always derives the CII from its own UBL-shaped JSON, so it cannot
 * embed the CII written and tested here; and it brings 27 packages (74 MB), among them a
 * spreadsheet library and a fork of pdf-lib next to the pdf-lib we have. The two syntaxes are a
 * few hundred lines of escaped, ordered elements, and pdf-lib embeds the XML.
 *
 * What is written (EN 16931 business terms):
 * - Seller (BG-4): name, postal address, VAT id (BT-31) and/or tax number (BT-32, scheme `FC`),
 *   the register entry as additional legal information (BT-33) and, without a VAT id, also as
 *   the legal registration identifier, which then identifies the seller (BT-30, BR-CO-26);
 *   contact (BG-6: name, phone, e-mail); the e-mail as electronic address (BT-34, scheme `EM`).
 * - Buyer (BG-7): customer number as buyer id (BT-46), name, address, VAT id, e-mail as
 *   electronic address (BT-49). Buyer reference (BT-10, BR-DE-15): the Leitweg-ID of a public
 *   buyer when given, else the customer number.
 * - Lines (BG-25): position, description as item name, quantity with its UN/ECE Rec 20 unit,
 *   net price, VAT category and rate, net amount. A negative price is written as a negative
 *   quantity at a positive price (BR-27: the price is never negative); the net stays the same.
 * - VAT: only the standard rate, category `S`. A 0 % line would need category `Z`, `E`, `AE`, `K`
 *   or `G` and, for most, an exemption reason (BT-120/121) that our invoices do not record, so it
 *   is refused with an explanation rather than written with a guessed category.
 * - Payment (BG-16): SEPA credit transfer (code 58) to the seller's IBAN/BIC (BG-17), remittance
 *   information (BT-83) = the invoice's ISO 11649 RF reference (the one on the PDF and in its
 *   EPC QR code); the due date (BT-9); the payment terms (BT-20) as text, followed by one line per
 *   Skonto tier in XRechnung's notation `#SKONTO#TAGE=10#PROZENT=2.00#`, each ending with a line
 *   break (BR-DE-18). Without a base the percentage applies to the amount due; a tier with its own
 *   base (an imported invoice that named one) is written with `BASISBETRAG=…#`.
 * - Totals (BG-22): the input's own net, VAT and gross, the amount paid in advance (BT-113) and the
 *   rounding amount (BT-114) when not zero, and the amount due (BT-115 = BT-112 − BT-113 + BT-114);
 *   before writing, the EN 16931 calculation rules (BR-CO-10, -13, -14, -15, -17, BR-S-08) are
 *   checked, so a file a receiver would reject is never produced.
 *
 * Amounts are decimal strings made from integer minor units (`minorToDecimalString`): no float on
 * the way. Dates are `YYYY-MM-DD` in UBL and `YYYYMMDD` (format 102) in CII. All text is escaped;
 * characters XML 1.0 cannot carry (control characters) are dropped.
 *
 * PDF/A-3: {@link embedFacturX} adds what ZUGFeRD/Factur-X need — the attachment `factur-x.xml`
 * (MIME `text/xml`, `/AFRelationship /Alternative`, listed in the catalog's `/AF` and the
 * `EmbeddedFiles` name tree), XMP metadata with the Factur-X PDF/A extension schema
 * (`fx:DocumentType` INVOICE, `fx:DocumentFileName`, `fx:Version` 1.0, `fx:ConformanceLevel`
 * EN 16931) mirroring the document information dictionary, an sRGB output intent when given an
 * ICC profile, a trailer `/ID` and a PDF 1.7 header. The XMP declares PDF/A (`pdfaid:part`) only
 * when the source PDF already declared it; it never invents the claim. Our invoice PDFs do declare
 * PDF/A-3b: letter-pdf renders them in pdfkit's PDF/A mode with the Arimo fonts embedded and an
 * sRGB output intent, so the hybrid keeps that identification. Conformance is checked by our tests
 * on the parts we write (fonts embedded, identification, output intent, attachment); veraPDF, the
 * reference validator, is not available offline here and has not been run.
 *
 * @example
 * const xml = writeXRechnungUbl(input); // '<?xml version="1.0" encoding="UTF-8"?>\n<Invoice …'
 * const pdf = await embedFacturX(await renderInvoicePdf(…), writeFacturXCii(input), input);
 */
import { createHash } from 'node:crypto';
import {
  AFRelationship,
  decodePDFRawStream,
  type PDFArray,
  PDFDocument,
  PDFHeader,
  PDFHexString,
  PDFName,
  PDFRawStream,
  PDFString,
} from 'pdf-lib';
import { type CalendarDate, isCalendarDate } from '../domain/calendar-date.ts';
import { creditorReferenceFor } from '../domain/creditor-reference.ts';
import { DomainError, type DomainErrorIssue } from '../domain/domain-error.ts';
import { currencyExponent, minorToDecimalString } from '../domain/money.ts';
import { formatPercent, parsePercent, percentFromUnits } from '../domain/percent.ts';
import { roundHalfUp } from '../domain/rounding.ts';

// --- input -------------------------------------------------------------------------------------

export interface EInvoiceExportAddress {
  street: string;
  /** Lines above the street (c/o, department): the additional street line (BT-36 / BT-51). */
  extra?: readonly string[];
  postalCode: string;
  city: string;
  /** ISO 3166-1 alpha-2, e.g. `DE`. */
  country: string;
}

/** The company issuing the invoice (its company profile). */
export interface EInvoiceExportSeller {
  name: string;
  address: EInvoiceExportAddress;
  vatId: string | null;
  /** Steuernummer (BT-32). */
  taxNumber: string | null;
  /** Register entry, e.g. "Amtsgericht Berlin-Charlottenburg HRB 123456" (BT-33). */
  register: string | null;
  /** BG-6; the e-mail is also the seller's electronic address (BT-34). XRechnung needs all three. */
  contact: { name: string | null; phone: string | null; email: string | null };
  bank: { iban: string; bic: string | null };
}

/** The customer. */
export interface EInvoiceExportBuyer {
  /** Customer number: the buyer identifier (BT-46) and the default buyer reference (BT-10). */
  number: string;
  name: string;
  address: EInvoiceExportAddress;
  vatId: string | null;
  /** The buyer's electronic address (BT-49); XRechnung needs one. */
  email: string | null;
}

export interface EInvoiceExportLine {
  position: number;
  description: string;
  /** Quantity in thousandths (1.5 hours = 1500). */
  quantityMilli: number;
  /** UN/ECE Recommendation 20 code: `C62` piece, `HUR` hour, `H87` piece, `KGM` kilogram … */
  unitCode: string;
  unitPriceCents: number;
  /** VAT rate in hundredths of a per cent (19 % = 1900). */
  vatRateBasisPoints: number;
  netCents: number;
}

/** One VAT rate of the invoice: the sum of its line nets and the tax on it (BG-23). */
export interface EInvoiceExportVatRate {
  vatRateBasisPoints: number;
  taxableCents: number;
  taxCents: number;
}

export interface EInvoiceExportSkonto {
  /** Days after the invoice date. */
  days: number;
  /** Per cent of the amount due (or of `baseCents`), at most two decimals: `'2'`, `'1.5'`, `'2.00'`. */
  percent: string;
  /** The amount the percentage applies to, when the invoice names one: written as `BASISBETRAG`. */
  baseCents?: number | null;
}

export interface EInvoiceExportInput {
  seller: EInvoiceExportSeller;
  buyer: EInvoiceExportBuyer;
  invoice: {
    number: string;
    /** `invoice`: type code 380; `credit-note`: 381, with positive amounts. */
    kind: 'invoice' | 'credit-note';
    issueDate: CalendarDate;
    /** Date of supply (BT-72); give it or the period (§14 Abs. 4 Nr. 6 UStG needs one). */
    deliveryDate: CalendarDate | null;
    /** Invoicing period (BG-14). */
    period: { start: CalendarDate; end: CalendarDate } | null;
    dueDate: CalendarDate | null;
    /** ISO 4217; our invoices are in EUR. */
    currency: string;
    /** Leitweg-ID of a public buyer; null: the customer number is used (BR-DE-15 needs BT-10). */
    buyerReference: string | null;
    /** For a credit note: the invoice it corrects (BG-3). */
    precedingInvoice: { number: string; issueDate: CalendarDate | null } | null;
    /** A note on the invoice (BT-22). */
    note: string | null;
  };
  lines: readonly EInvoiceExportLine[];
  vatBreakdown: readonly EInvoiceExportVatRate[];
  totals: {
    netCents: number;
    vatCents: number;
    /** Total with VAT (BT-112): net + VAT. */
    grossCents: number;
    /** Paid in advance (BT-113); absent: 0. The amount due is gross − prepaid + rounding. */
    prepaidCents?: number;
    /** Rounding amount (BT-114); absent: 0. */
    roundingCents?: number;
  };
  paymentTerms: {
    /** The terms in words (e.g. "Zahlbar ohne Abzug bis zum 02.12.2026."), without the Skonto lines. */
    text: string | null;
    skonto: readonly EInvoiceExportSkonto[];
  };
}

// --- identifiers -------------------------------------------------------------------------------

/** BT-24 of XRechnung 3.0. */
export const XRECHNUNG_3_0 = 'urn:cen.eu:en16931:2017#compliant#urn:xeinkauf.de:kosit:xrechnung_3.0';
/** BT-24 of the Factur-X / ZUGFeRD 2 EN 16931 profile ("COMFORT"). */
export const FACTURX_EN16931 = 'urn:cen.eu:en16931:2017';
/** BT-23, required in XRechnung 3.0 (PEPPOL-EN16931-R001). */
export const PEPPOL_BILLING_PROCESS = 'urn:fdc:peppol.eu:2017:poacc:billing:01:1.0';

const UBL_INVOICE_NS = 'urn:oasis:names:specification:ubl:schema:xsd:Invoice-2';
const UBL_CREDIT_NOTE_NS = 'urn:oasis:names:specification:ubl:schema:xsd:CreditNote-2';
const UBL_CAC_NS = 'urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2';
const UBL_CBC_NS = 'urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2';
const CII_RSM_NS = 'urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100';
const CII_RAM_NS = 'urn:un:unece:uncefact:data:standard:ReusableAggregateBusinessInformationEntity:100';
const CII_UDT_NS = 'urn:un:unece:uncefact:data:standard:UnqualifiedDataType:100';
const CII_QDT_NS = 'urn:un:unece:uncefact:data:standard:QualifiedDataType:100';

/** UNTDID 4461: SEPA credit transfer. */
const SEPA_CREDIT_TRANSFER = '58';

type Specification = 'xrechnung' | 'facturx';

// --- a small XML writer ------------------------------------------------------------------------

interface XmlElement {
  name: string;
  attributes: readonly (readonly [string, string])[];
  /** Text content; null for an element with children. */
  text: string | null;
  children: readonly XmlElement[];
}

type XmlChild = XmlElement | null | undefined | false;

/** Characters XML 1.0 cannot carry at all, not even as a character reference. */
// eslint-disable-next-line no-control-regex
const NOT_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g;

/** Escapes text and attribute values: the five markup characters, and drops what XML cannot hold. */
export function escapeXml(value: string): string {
  return value
    .replace(NOT_XML, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

/**
 * An element with text, or nothing when the value is absent or blank: an XRechnung may not hold
 * empty elements (PEPPOL-EN16931-R008), so optional terms simply disappear.
 */
function leaf(name: string, value: string | null | undefined, attributes: Record<string, string> = {}) {
  if (value === null || value === undefined || value.trim() === '') return null;
  return { name, attributes: Object.entries(attributes), text: value, children: [] } satisfies XmlElement;
}

/** An aggregate, or nothing when none of its children is present. */
function node(name: string, children: readonly XmlChild[], attributes: Record<string, string> = {}) {
  const present = children.filter((c): c is XmlElement => Boolean(c));
  if (present.length === 0) return null;
  return { name, attributes: Object.entries(attributes), text: null, children: present } satisfies XmlElement;
}

/** Indented for people; text content is written exactly as given (the Skonto lines depend on it). */
function serialize(root: XmlElement): string {
  const out: string[] = ['<?xml version="1.0" encoding="UTF-8"?>\n'];
  const write = (element: XmlElement, depth: number): void => {
    const indent = '  '.repeat(depth);
    const attributes = element.attributes.map(([k, v]) => ` ${k}="${escapeXml(v)}"`).join('');
    if (element.text !== null) {
      out.push(`${indent}<${element.name}${attributes}>${escapeXml(element.text)}</${element.name}>\n`);
      return;
    }
    out.push(`${indent}<${element.name}${attributes}>\n`);
    for (const child of element.children) write(child, depth + 1);
    out.push(`${indent}</${element.name}>\n`);
  };
  write(root, 0);
  return out.join('');
}

// --- values ------------------------------------------------------------------------------------

/** Integer minor units as the decimal the document states: 30 → `0.30`, -1999 → `-19.99`. */
function amountText(cents: number, currency: string): string {
  return minorToDecimalString(cents, currencyExponent(currency));
}

/** Thousandths as a decimal without trailing zeros: 4000 → `4`, 1500 → `1.5`, 125 → `0.125`. */
function quantityText(milli: number): string {
  return minorToDecimalString(milli, 3).replace(/\.?0+$/, '');
}

/** 1900 → `19.00`. */
function rateText(basisPoints: number): string {
  return formatPercent(percentFromUnits(basisPoints, 2));
}

function ciiDate(date: CalendarDate): string {
  return date.replace(/-/g, '');
}

/**
 * The Skonto percentage with exactly two decimals, as BR-DE-18 demands (`PROZENT=2.00`); null when
 * it cannot be written so (more decimals, or not between 0 and 100).
 */
function skontoPercentText(percent: string): string | null {
  try {
    const parsed = parsePercent(percent);
    if (parsed.scale > 2 || parsed.units <= 0n) return null;
    const text = formatPercent(parsed, 2);
    return Number.parseInt(text, 10) < 100 ? text : null;
  } catch {
    return null;
  }
}

/**
 * BT-20 as XRechnung wants it: the terms in words, then one Skonto offer per line, each line
 * ending with `#` and a line break (BR-DE-18), e.g. `#SKONTO#TAGE=10#PROZENT=2.00#\n`, or with
 * the tier's base `#SKONTO#TAGE=14#PROZENT=2.00#BASISBETRAG=123.45#\n`.
 */
export function paymentTermsNote(
  terms: EInvoiceExportInput['paymentTerms'],
  currency = 'EUR',
): string | null {
  const skontoLines = terms.skonto.map((tier) => {
    const base =
      tier.baseCents === undefined || tier.baseCents === null
        ? ''
        : `BASISBETRAG=${amountText(tier.baseCents, currency)}#`;
    return `#SKONTO#TAGE=${tier.days}#PROZENT=${skontoPercentText(tier.percent) ?? tier.percent}#${base}\n`;
  });
  const text = terms.text?.trim() ?? '';
  if (text === '' && skontoLines.length === 0) return null;
  return (text === '' ? '' : `${text}\n`) + skontoLines.join('');
}

/** BT-83: the RF reference of the invoice number; a number that cannot make one is quoted as is. */
function remittanceInformation(number: string): string {
  try {
    return creditorReferenceFor(number);
  } catch {
    return number;
  }
}

/**
 * VAT per rate as EN 16931 computes it: the line nets of each rate summed, the tax on the sum
 * rounded half-up to the cent (BR-CO-17); highest rate first.
 */
export function vatBreakdownFromLines(lines: readonly EInvoiceExportLine[]): EInvoiceExportVatRate[] {
  const rates = [...new Set(lines.map((l) => l.vatRateBasisPoints))].sort((a, b) => b - a);
  return rates.map((rate) => {
    const taxable = lines.filter((l) => l.vatRateBasisPoints === rate).reduce((s, l) => s + l.netCents, 0);
    const tax = Number(roundHalfUp(BigInt(taxable) * BigInt(rate), 10_000n));
    return { vatRateBasisPoints: rate, taxableCents: taxable, taxCents: tax };
  });
}

// --- checks ------------------------------------------------------------------------------------

function checkInput(input: EInvoiceExportInput, specification: Specification): void {
  const issues: DomainErrorIssue[] = [];
  const issue = (path: string, message: string) => issues.push({ path, message });
  const { seller, buyer, invoice, lines } = input;
  const blank = (value: string | null | undefined) => value === null || value === undefined || !value.trim();
  const isXRechnung = specification === 'xrechnung';

  if (blank(invoice.number)) issue('invoice.number', 'the invoice number is missing (BR-02)');
  if (!/^[A-Z]{3}$/.test(invoice.currency)) {
    issue('invoice.currency', `expected an ISO 4217 currency code like EUR, got "${invoice.currency}"`);
  }
  const dates: [string, CalendarDate | null | undefined][] = [
    ['invoice.issueDate', invoice.issueDate],
    ['invoice.deliveryDate', invoice.deliveryDate],
    ['invoice.dueDate', invoice.dueDate],
    ['invoice.period.start', invoice.period?.start],
    ['invoice.period.end', invoice.period?.end],
    ['invoice.precedingInvoice.issueDate', invoice.precedingInvoice?.issueDate],
  ];
  for (const [path, date] of dates) {
    if (date !== null && date !== undefined && !isCalendarDate(date)) {
      issue(path, `expected a date as YYYY-MM-DD, got "${String(date)}"`);
    }
  }
  if (invoice.period && invoice.period.end < invoice.period.start) {
    issue('invoice.period', 'the invoicing period ends before it starts (BR-29)');
  }

  const checkAddress = (path: string, address: EInvoiceExportAddress | null | undefined, rule: string) => {
    if (!address) return issue(path, `the postal address is missing (${rule})`);
    if (blank(address.street)) issue(`${path}.street`, 'the street is missing');
    if (blank(address.postalCode))
      issue(`${path}.postalCode`, 'the postal code is missing (BR-DE-4/BR-DE-9)');
    if (blank(address.city)) issue(`${path}.city`, 'the city is missing (BR-DE-3/BR-DE-8)');
    if (!/^[A-Z]{2}$/.test(address.country ?? '')) {
      issue(`${path}.country`, `expected a country code like DE, got "${address.country ?? ''}"`);
    }
  };
  if (blank(seller.name)) issue('seller.name', "the seller's name is missing (BR-06)");
  checkAddress('seller.address', seller.address, 'BR-08');
  if (blank(seller.vatId) && blank(seller.taxNumber)) {
    issue(
      'seller.vatId',
      'a VAT id or a tax number is needed for standard-rated supplies (BR-S-02, BR-DE-16)',
    );
  } else if (blank(seller.vatId) && blank(seller.register)) {
    issue(
      'seller.register',
      'without a VAT id the register entry must identify the seller (BR-CO-26): a tax number alone does not',
    );
  }
  if (!seller.bank || blank(seller.bank.iban)) {
    issue('seller.bank.iban', 'the IBAN to pay into is missing (BR-50, BR-DE-23)');
  }
  if (isXRechnung) {
    if (blank(seller.contact.name))
      issue('seller.contact.name', 'the seller contact point is missing (BR-DE-5)');
    if (blank(seller.contact.phone)) issue('seller.contact.phone', "the seller's phone is missing (BR-DE-6)");
    if (blank(seller.contact.email)) {
      issue('seller.contact.email', "the seller's e-mail is missing (BR-DE-7, PEPPOL-EN16931-R020)");
    }
    if (blank(buyer.email)) {
      issue('buyer.email', "the buyer's electronic address (e-mail) is missing (BT-49, PEPPOL-EN16931-R010)");
    }
  }
  if (blank(buyer.name)) issue('buyer.name', "the buyer's name is missing (BR-07)");
  checkAddress('buyer.address', buyer.address, 'BR-10');

  if (lines.length === 0) issue('lines', 'an invoice needs at least one line (BR-16)');
  const positions = new Set<number>();
  lines.forEach((line, i) => {
    const path = `lines.${i}`;
    if (positions.has(line.position)) issue(`${path}.position`, `position ${line.position} appears twice`);
    positions.add(line.position);
    if (blank(line.description)) issue(`${path}.description`, 'the item name is missing (BR-25)');
    if (!/^[A-Z0-9]{1,3}$/.test(line.unitCode)) {
      issue(`${path}.unitCode`, `expected a UN/ECE Rec 20 unit code like C62 or HUR, got "${line.unitCode}"`);
    }
    for (const key of ['quantityMilli', 'unitPriceCents', 'netCents', 'vatRateBasisPoints'] as const) {
      if (!Number.isSafeInteger(line[key]))
        issue(`${path}.${key}`, `expected a whole number, got ${line[key]}`);
    }
    if (line.vatRateBasisPoints <= 0 || line.vatRateBasisPoints >= 10_000) {
      issue(
        `${path}.vatRate`,
        `only standard-rated lines (category S, a rate above 0 %) can be written, got ${rateText(line.vatRateBasisPoints)} %: ` +
          'zero-rated, exempt and reverse-charge lines need category Z, E, AE or K and an exemption reason, which invoices do not record',
      );
    }
  });

  const totals: [string, number][] = [
    ['totals.netCents', input.totals.netCents],
    ['totals.vatCents', input.totals.vatCents],
    ['totals.grossCents', input.totals.grossCents],
    ['totals.prepaidCents', input.totals.prepaidCents ?? 0],
    ['totals.roundingCents', input.totals.roundingCents ?? 0],
    ...input.vatBreakdown.flatMap((b, i): [string, number][] => [
      [`vatBreakdown.${i}.taxableCents`, b.taxableCents],
      [`vatBreakdown.${i}.taxCents`, b.taxCents],
    ]),
  ];
  for (const [path, cents] of totals) {
    if (!Number.isSafeInteger(cents)) issue(path, `expected whole cents, got ${cents}`);
  }

  // EN 16931 calculation rules: the totals the input states must be the ones the lines give.
  const currency = /^[A-Z]{3}$/.test(invoice.currency) ? invoice.currency : 'EUR';
  const show = (cents: number) => amountText(cents, currency);
  const lineSum = lines.reduce((s, l) => s + l.netCents, 0);
  if (lineSum !== input.totals.netCents) {
    issue(
      'totals.netCents',
      `the line nets add up to ${show(lineSum)}, not ${show(input.totals.netCents)} (BR-CO-10, BR-CO-13)`,
    );
  }
  const expected = vatBreakdownFromLines(lines);
  const stated = new Map(input.vatBreakdown.map((b) => [b.vatRateBasisPoints, b]));
  if (stated.size !== input.vatBreakdown.length) issue('vatBreakdown', 'a VAT rate appears twice');
  for (const rate of expected) {
    const given = stated.get(rate.vatRateBasisPoints);
    const path = `vatBreakdown.${rateText(rate.vatRateBasisPoints)}`;
    if (!given) {
      issue(
        path,
        `the VAT breakdown lacks the rate ${rateText(rate.vatRateBasisPoints)} % of the lines (BR-S-08)`,
      );
      continue;
    }
    if (given.taxableCents !== rate.taxableCents) {
      issue(
        path,
        `the taxable amount at this rate is ${show(rate.taxableCents)}, not ${show(given.taxableCents)} (BR-S-08)`,
      );
    }
    // One cent of tolerance, as receivers allow: senders differ in how they round a half cent.
    if (Math.abs(given.taxCents - rate.taxCents) > 1) {
      issue(path, `the tax at this rate is ${show(rate.taxCents)}, not ${show(given.taxCents)} (BR-CO-17)`);
    }
  }
  for (const rate of input.vatBreakdown) {
    if (!expected.some((e) => e.vatRateBasisPoints === rate.vatRateBasisPoints)) {
      issue(`vatBreakdown.${rateText(rate.vatRateBasisPoints)}`, 'no line has this VAT rate (BR-S-08)');
    }
  }
  const vatSum = input.vatBreakdown.reduce((s, b) => s + b.taxCents, 0);
  if (vatSum !== input.totals.vatCents) {
    issue(
      'totals.vatCents',
      `the VAT per rate adds up to ${show(vatSum)}, not ${show(input.totals.vatCents)} (BR-CO-14)`,
    );
  }
  if (input.totals.netCents + input.totals.vatCents !== input.totals.grossCents) {
    issue(
      'totals.grossCents',
      `net ${show(input.totals.netCents)} + VAT ${show(input.totals.vatCents)} is not the total ${show(input.totals.grossCents)} (BR-CO-15)`,
    );
  }

  input.paymentTerms.skonto.forEach((tier, i) => {
    if (!Number.isInteger(tier.days) || tier.days < 0 || tier.days > 999) {
      issue(`paymentTerms.skonto.${i}.days`, `expected whole days from 0 to 999, got ${tier.days}`);
    }
    if (skontoPercentText(tier.percent) === null) {
      issue(
        `paymentTerms.skonto.${i}.percent`,
        `expected a percentage above 0 and below 100 with at most two decimals (BR-DE-18), got "${tier.percent}"`,
      );
    }
    const base = tier.baseCents;
    if (base !== undefined && base !== null && (!Number.isSafeInteger(base) || base < 0)) {
      issue(`paymentTerms.skonto.${i}.baseCents`, `expected whole cents, 0 or more, got ${base}`);
    }
  });
  if (
    payableCents(input.totals) > 0 &&
    invoice.dueDate === null &&
    paymentTermsNote(input.paymentTerms) === null
  ) {
    issue('invoice.dueDate', 'an amount is due, so a due date or payment terms are needed (BR-CO-25)');
  }

  if (issues.length > 0) {
    const what = specification === 'xrechnung' ? 'an XRechnung' : 'a Factur-X invoice';
    throw new DomainError(
      'invalid-argument',
      `invoice ${invoice.number}: cannot write ${what}:\n` +
        issues.map((i) => `  ${i.path}: ${i.message}`).join('\n'),
      { issues },
    );
  }
}

/** The amount due (BT-115): total with VAT − paid in advance + rounding (BR-CO-16). */
function payableCents(totals: EInvoiceExportInput['totals']): number {
  return totals.grossCents - (totals.prepaidCents ?? 0) + (totals.roundingCents ?? 0);
}

/** An optional total: written only when not zero (EN 16931 leaves BT-113 and BT-114 out then). */
function nonZero(cents: number | undefined): number | null {
  return cents === undefined || cents === 0 ? null : cents;
}

// --- UBL ---------------------------------------------------------------------------------------

function ublAddress(address: EInvoiceExportAddress): XmlChild {
  return node('cac:PostalAddress', [
    leaf('cbc:StreetName', address.street),
    leaf('cbc:AdditionalStreetName', (address.extra ?? []).join(', ')),
    leaf('cbc:CityName', address.city),
    leaf('cbc:PostalZone', address.postalCode),
    node('cac:Country', [leaf('cbc:IdentificationCode', address.country)]),
  ]);
}

function ublTaxScheme(companyId: string | null, scheme: 'VAT' | 'FC'): XmlChild {
  return (
    companyId !== null &&
    node('cac:PartyTaxScheme', [
      leaf('cbc:CompanyID', companyId),
      node('cac:TaxScheme', [leaf('cbc:ID', scheme)]),
    ])
  );
}

function ublTaxCategory(name: string, basisPoints: number): XmlChild {
  return node(name, [
    leaf('cbc:ID', 'S'),
    leaf('cbc:Percent', rateText(basisPoints)),
    node('cac:TaxScheme', [leaf('cbc:ID', 'VAT')]),
  ]);
}

function ublDocument(input: EInvoiceExportInput): XmlElement {
  const { seller, buyer, invoice } = input;
  const isCreditNote = invoice.kind === 'credit-note';
  const currency = { currencyID: invoice.currency };
  const amount = (cents: number) => amountText(cents, invoice.currency);
  const optionalAmount = (cents: number | null) => (cents === null ? null : amount(cents));
  const lineName = isCreditNote ? 'cac:CreditNoteLine' : 'cac:InvoiceLine';
  const quantityName = isCreditNote ? 'cbc:CreditedQuantity' : 'cbc:InvoicedQuantity';
  const root = node(
    isCreditNote ? 'CreditNote' : 'Invoice',
    [
      leaf('cbc:CustomizationID', XRECHNUNG_3_0),
      leaf('cbc:ProfileID', PEPPOL_BILLING_PROCESS),
      leaf('cbc:ID', invoice.number),
      leaf('cbc:IssueDate', invoice.issueDate),
      // UBL 2.1 has no DueDate in a CreditNote: there it goes to the payment means (BT-9).
      !isCreditNote && leaf('cbc:DueDate', invoice.dueDate),
      leaf(isCreditNote ? 'cbc:CreditNoteTypeCode' : 'cbc:InvoiceTypeCode', isCreditNote ? '381' : '380'),
      leaf('cbc:Note', invoice.note),
      leaf('cbc:DocumentCurrencyCode', invoice.currency),
      leaf('cbc:BuyerReference', invoice.buyerReference ?? buyer.number),
      invoice.period &&
        node('cac:InvoicePeriod', [
          leaf('cbc:StartDate', invoice.period.start),
          leaf('cbc:EndDate', invoice.period.end),
        ]),
      invoice.precedingInvoice &&
        node('cac:BillingReference', [
          node('cac:InvoiceDocumentReference', [
            leaf('cbc:ID', invoice.precedingInvoice.number),
            leaf('cbc:IssueDate', invoice.precedingInvoice.issueDate),
          ]),
        ]),
      node('cac:AccountingSupplierParty', [
        node('cac:Party', [
          leaf('cbc:EndpointID', seller.contact.email, { schemeID: 'EM' }),
          ublAddress(seller.address),
          ublTaxScheme(seller.vatId, 'VAT'),
          ublTaxScheme(seller.taxNumber, 'FC'),
          node('cac:PartyLegalEntity', [
            leaf('cbc:RegistrationName', seller.name),
            leaf('cbc:CompanyID', legalRegistration(seller)),
            leaf('cbc:CompanyLegalForm', seller.register),
          ]),
          node('cac:Contact', [
            leaf('cbc:Name', seller.contact.name),
            leaf('cbc:Telephone', seller.contact.phone),
            leaf('cbc:ElectronicMail', seller.contact.email),
          ]),
        ]),
      ]),
      node('cac:AccountingCustomerParty', [
        node('cac:Party', [
          leaf('cbc:EndpointID', buyer.email, { schemeID: 'EM' }),
          node('cac:PartyIdentification', [leaf('cbc:ID', buyer.number)]),
          ublAddress(buyer.address),
          ublTaxScheme(buyer.vatId, 'VAT'),
          node('cac:PartyLegalEntity', [leaf('cbc:RegistrationName', buyer.name)]),
        ]),
      ]),
      node('cac:Delivery', [leaf('cbc:ActualDeliveryDate', invoice.deliveryDate)]),
      node('cac:PaymentMeans', [
        leaf('cbc:PaymentMeansCode', SEPA_CREDIT_TRANSFER),
        isCreditNote && leaf('cbc:PaymentDueDate', invoice.dueDate),
        leaf('cbc:PaymentID', remittanceInformation(invoice.number)),
        node('cac:PayeeFinancialAccount', [
          leaf('cbc:ID', seller.bank.iban.replace(/\s+/g, '')),
          leaf('cbc:Name', seller.name),
          node('cac:FinancialInstitutionBranch', [leaf('cbc:ID', seller.bank.bic)]),
        ]),
      ]),
      node('cac:PaymentTerms', [leaf('cbc:Note', paymentTermsNote(input.paymentTerms, invoice.currency))]),
      node('cac:TaxTotal', [
        leaf('cbc:TaxAmount', amount(input.totals.vatCents), currency),
        ...input.vatBreakdown.map((rate) =>
          node('cac:TaxSubtotal', [
            leaf('cbc:TaxableAmount', amount(rate.taxableCents), currency),
            leaf('cbc:TaxAmount', amount(rate.taxCents), currency),
            ublTaxCategory('cac:TaxCategory', rate.vatRateBasisPoints),
          ]),
        ),
      ]),
      node('cac:LegalMonetaryTotal', [
        leaf('cbc:LineExtensionAmount', amount(input.totals.netCents), currency),
        leaf('cbc:TaxExclusiveAmount', amount(input.totals.netCents), currency),
        leaf('cbc:TaxInclusiveAmount', amount(input.totals.grossCents), currency),
        leaf('cbc:PrepaidAmount', optionalAmount(nonZero(input.totals.prepaidCents)), currency),
        leaf('cbc:PayableRoundingAmount', optionalAmount(nonZero(input.totals.roundingCents)), currency),
        leaf('cbc:PayableAmount', amount(payableCents(input.totals)), currency),
      ]),
      ...input.lines.map((line) => {
        const { quantityMilli, unitPriceCents } = normalisedPrice(line);
        return node(lineName, [
          leaf('cbc:ID', String(line.position)),
          leaf(quantityName, quantityText(quantityMilli), { unitCode: line.unitCode }),
          leaf('cbc:LineExtensionAmount', amount(line.netCents), currency),
          node('cac:Item', [
            leaf('cbc:Name', line.description),
            ublTaxCategory('cac:ClassifiedTaxCategory', line.vatRateBasisPoints),
          ]),
          node('cac:Price', [leaf('cbc:PriceAmount', amount(unitPriceCents), currency)]),
        ]);
      }),
    ],
    {
      xmlns: isCreditNote ? UBL_CREDIT_NOTE_NS : UBL_INVOICE_NS,
      'xmlns:cac': UBL_CAC_NS,
      'xmlns:cbc': UBL_CBC_NS,
    },
  );
  return root as XmlElement;
}

/**
 * BT-30: the register entry, written as the legal registration identifier only when there is no
 * VAT id, because then it is what identifies the seller (BR-CO-26); BT-33 carries it anyway.
 */
function legalRegistration(seller: EInvoiceExportSeller): string | null {
  return seller.vatId ? null : seller.register;
}

/** BR-27: the item price is never negative; a negative price becomes a negative quantity. */
function normalisedPrice(line: EInvoiceExportLine): { quantityMilli: number; unitPriceCents: number } {
  return line.unitPriceCents < 0
    ? { quantityMilli: -line.quantityMilli, unitPriceCents: -line.unitPriceCents }
    : { quantityMilli: line.quantityMilli, unitPriceCents: line.unitPriceCents };
}

/**
 * XRechnung 3.0 in UBL 2.1: an `Invoice` (380) or, for a credit note, a `CreditNote` (381).
 * Throws a DomainError listing every missing or inconsistent field.
 */
export function writeXRechnungUbl(input: EInvoiceExportInput): string {
  checkInput(input, 'xrechnung');
  return serialize(ublDocument(input));
}

// --- CII ---------------------------------------------------------------------------------------

function ciiDateTime(name: string, date: CalendarDate | null | undefined, format = 'udt:DateTimeString') {
  return date ? node(name, [leaf(format, ciiDate(date), { format: '102' })]) : null;
}

function ciiAddress(address: EInvoiceExportAddress): XmlChild {
  // Order of the CII schema: postcode, lines, city, country.
  return node('ram:PostalTradeAddress', [
    leaf('ram:PostcodeCode', address.postalCode),
    leaf('ram:LineOne', address.street),
    leaf('ram:LineTwo', (address.extra ?? []).join(', ')),
    leaf('ram:CityName', address.city),
    leaf('ram:CountryID', address.country),
  ]);
}

function ciiTaxRegistration(id: string | null, scheme: 'VA' | 'FC'): XmlChild {
  return id !== null && node('ram:SpecifiedTaxRegistration', [leaf('ram:ID', id, { schemeID: scheme })]);
}

function ciiDocument(input: EInvoiceExportInput, guideline: string): XmlElement {
  const { seller, buyer, invoice } = input;
  const amount = (cents: number) => amountText(cents, invoice.currency);
  const optionalAmount = (cents: number | null) => (cents === null ? null : amount(cents));
  const lines = input.lines.map((line) => {
    const { quantityMilli, unitPriceCents } = normalisedPrice(line);
    return node('ram:IncludedSupplyChainTradeLineItem', [
      node('ram:AssociatedDocumentLineDocument', [leaf('ram:LineID', String(line.position))]),
      node('ram:SpecifiedTradeProduct', [leaf('ram:Name', line.description)]),
      node('ram:SpecifiedLineTradeAgreement', [
        node('ram:NetPriceProductTradePrice', [leaf('ram:ChargeAmount', amount(unitPriceCents))]),
      ]),
      node('ram:SpecifiedLineTradeDelivery', [
        leaf('ram:BilledQuantity', quantityText(quantityMilli), { unitCode: line.unitCode }),
      ]),
      node('ram:SpecifiedLineTradeSettlement', [
        node('ram:ApplicableTradeTax', [
          leaf('ram:TypeCode', 'VAT'),
          leaf('ram:CategoryCode', 'S'),
          leaf('ram:RateApplicablePercent', rateText(line.vatRateBasisPoints)),
        ]),
        node('ram:SpecifiedTradeSettlementLineMonetarySummation', [
          leaf('ram:LineTotalAmount', amount(line.netCents)),
        ]),
      ]),
    ]);
  });
  const root = node(
    'rsm:CrossIndustryInvoice',
    [
      node('rsm:ExchangedDocumentContext', [
        // BT-23 is required by XRechnung (PEPPOL-EN16931-R001), not by Factur-X.
        guideline === XRECHNUNG_3_0 &&
          node('ram:BusinessProcessSpecifiedDocumentContextParameter', [
            leaf('ram:ID', PEPPOL_BILLING_PROCESS),
          ]),
        node('ram:GuidelineSpecifiedDocumentContextParameter', [leaf('ram:ID', guideline)]),
      ]),
      node('rsm:ExchangedDocument', [
        leaf('ram:ID', invoice.number),
        leaf('ram:TypeCode', invoice.kind === 'credit-note' ? '381' : '380'),
        ciiDateTime('ram:IssueDateTime', invoice.issueDate),
        node('ram:IncludedNote', [leaf('ram:Content', invoice.note)]),
      ]),
      node('rsm:SupplyChainTradeTransaction', [
        ...lines,
        node('ram:ApplicableHeaderTradeAgreement', [
          leaf('ram:BuyerReference', invoice.buyerReference ?? buyer.number),
          node('ram:SellerTradeParty', [
            leaf('ram:Name', seller.name),
            leaf('ram:Description', seller.register),
            node('ram:SpecifiedLegalOrganization', [leaf('ram:ID', legalRegistration(seller))]),
            node('ram:DefinedTradeContact', [
              leaf('ram:PersonName', seller.contact.name),
              node('ram:TelephoneUniversalCommunication', [leaf('ram:CompleteNumber', seller.contact.phone)]),
              node('ram:EmailURIUniversalCommunication', [leaf('ram:URIID', seller.contact.email)]),
            ]),
            ciiAddress(seller.address),
            node('ram:URIUniversalCommunication', [
              leaf('ram:URIID', seller.contact.email, { schemeID: 'EM' }),
            ]),
            ciiTaxRegistration(seller.vatId, 'VA'),
            ciiTaxRegistration(seller.taxNumber, 'FC'),
          ]),
          node('ram:BuyerTradeParty', [
            leaf('ram:ID', buyer.number),
            leaf('ram:Name', buyer.name),
            ciiAddress(buyer.address),
            node('ram:URIUniversalCommunication', [leaf('ram:URIID', buyer.email, { schemeID: 'EM' })]),
            ciiTaxRegistration(buyer.vatId, 'VA'),
          ]),
        ]),
        // Mandatory in the CII schema; never empty here, as the service always knows a date of supply.
        node('ram:ApplicableHeaderTradeDelivery', [
          node('ram:ActualDeliverySupplyChainEvent', [
            ciiDateTime('ram:OccurrenceDateTime', invoice.deliveryDate),
          ]),
        ]) ?? { name: 'ram:ApplicableHeaderTradeDelivery', attributes: [], text: null, children: [] },
        node('ram:ApplicableHeaderTradeSettlement', [
          leaf('ram:PaymentReference', remittanceInformation(invoice.number)),
          leaf('ram:InvoiceCurrencyCode', invoice.currency),
          node('ram:SpecifiedTradeSettlementPaymentMeans', [
            leaf('ram:TypeCode', SEPA_CREDIT_TRANSFER),
            node('ram:PayeePartyCreditorFinancialAccount', [
              leaf('ram:IBANID', seller.bank.iban.replace(/\s+/g, '')),
              leaf('ram:AccountName', seller.name),
            ]),
            node('ram:PayeeSpecifiedCreditorFinancialInstitution', [leaf('ram:BICID', seller.bank.bic)]),
          ]),
          ...input.vatBreakdown.map((rate) =>
            node('ram:ApplicableTradeTax', [
              leaf('ram:CalculatedAmount', amount(rate.taxCents)),
              leaf('ram:TypeCode', 'VAT'),
              leaf('ram:BasisAmount', amount(rate.taxableCents)),
              leaf('ram:CategoryCode', 'S'),
              leaf('ram:RateApplicablePercent', rateText(rate.vatRateBasisPoints)),
            ]),
          ),
          invoice.period &&
            node('ram:BillingSpecifiedPeriod', [
              ciiDateTime('ram:StartDateTime', invoice.period.start),
              ciiDateTime('ram:EndDateTime', invoice.period.end),
            ]),
          node('ram:SpecifiedTradePaymentTerms', [
            leaf('ram:Description', paymentTermsNote(input.paymentTerms, invoice.currency)),
            ciiDateTime('ram:DueDateDateTime', invoice.dueDate),
          ]),
          node('ram:SpecifiedTradeSettlementHeaderMonetarySummation', [
            leaf('ram:LineTotalAmount', amount(input.totals.netCents)),
            leaf('ram:TaxBasisTotalAmount', amount(input.totals.netCents)),
            leaf('ram:TaxTotalAmount', amount(input.totals.vatCents), { currencyID: invoice.currency }),
            leaf('ram:RoundingAmount', optionalAmount(nonZero(input.totals.roundingCents))),
            leaf('ram:GrandTotalAmount', amount(input.totals.grossCents)),
            leaf('ram:TotalPrepaidAmount', optionalAmount(nonZero(input.totals.prepaidCents))),
            leaf('ram:DuePayableAmount', amount(payableCents(input.totals))),
          ]),
          invoice.precedingInvoice &&
            node('ram:InvoiceReferencedDocument', [
              leaf('ram:IssuerAssignedID', invoice.precedingInvoice.number),
              ciiDateTime(
                'ram:FormattedIssueDateTime',
                invoice.precedingInvoice.issueDate,
                'qdt:DateTimeString',
              ),
            ]),
        ]),
      ]),
    ],
    {
      'xmlns:rsm': CII_RSM_NS,
      'xmlns:ram': CII_RAM_NS,
      'xmlns:udt': CII_UDT_NS,
      'xmlns:qdt': CII_QDT_NS,
    },
  );
  return root as XmlElement;
}

/** XRechnung 3.0 in UN/CEFACT CII D16B (`CrossIndustryInvoice`). */
export function writeXRechnungCii(input: EInvoiceExportInput): string {
  checkInput(input, 'xrechnung');
  return serialize(ciiDocument(input, XRECHNUNG_3_0));
}

/**
 * The CII for a ZUGFeRD 2 / Factur-X PDF in the EN 16931 profile (guideline `urn:cen.eu:en16931:2017`).
 * XRechnung's own rules (seller phone and e-mail, buyer e-mail) do not apply; EN 16931's do.
 */
export function writeFacturXCii(input: EInvoiceExportInput): string {
  checkInput(input, 'facturx');
  return serialize(ciiDocument(input, FACTURX_EN16931));
}

// --- Factur-X PDF ------------------------------------------------------------------------------

export interface EmbedFacturXOptions {
  /**
   * An sRGB ICC profile for the PDF/A output intent (pdfkit ships one). Added only when the PDF
   * has no output intent yet; without it none is added.
   */
  iccProfile?: Uint8Array;
}

const FACTURX_FILE_NAME = 'factur-x.xml';
const FACTURX_NS = 'urn:factur-x:pdfa:CrossIndustryDocument:invoice:1p0#';

/** XMP dates: ISO 8601 to the second, in UTC. */
function xmpDate(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** The PDF/A identification (part, conformance) that the PDF's own XMP declares, if any. */
function declaredPdfA(pdf: PDFDocument): { part: string; conformance: string } | null {
  const metadata = pdf.catalog.lookup(PDFName.of('Metadata'));
  if (!(metadata instanceof PDFRawStream)) return null;
  let xmp: string;
  try {
    xmp = new TextDecoder().decode(decodePDFRawStream(metadata).decode());
  } catch {
    return null;
  }
  const part = /pdfaid:part(?:>|\s*=\s*["'])\s*(\d)/.exec(xmp)?.[1];
  const conformance = /pdfaid:conformance(?:>|\s*=\s*["'])\s*([ABUabu])/.exec(xmp)?.[1];
  return part ? { part, conformance: (conformance ?? 'B').toUpperCase() } : null;
}

interface DocumentInfo {
  title: string;
  author: string;
  subject: string;
  creator: string;
  producer: string;
  created: Date | undefined;
  modified: Date | undefined;
}

/** XMP packet: the document information mirrored (PDF/A requires they agree), and the Factur-X schema. */
function xmpPacket(info: DocumentInfo, pdfA: { part: string; conformance: string } | null): string {
  const t = escapeXml;
  const property = (name: string, description: string) =>
    `            <rdf:li rdf:parseType="Resource">
              <pdfaProperty:name>${name}</pdfaProperty:name>
              <pdfaProperty:valueType>Text</pdfaProperty:valueType>
              <pdfaProperty:category>external</pdfaProperty:category>
              <pdfaProperty:description>${description}</pdfaProperty:description>
            </rdf:li>`;
  return `<?xpacket begin="\uFEFF" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/">
  <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
${
  pdfA
    ? `    <rdf:Description rdf:about="" xmlns:pdfaid="http://www.aiim.org/pdfa/ns/id/">
      <pdfaid:part>${pdfA.part}</pdfaid:part>
      <pdfaid:conformance>${pdfA.conformance}</pdfaid:conformance>
    </rdf:Description>
`
    : ''
}    <rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/">
      <dc:format>application/pdf</dc:format>
      <dc:title><rdf:Alt><rdf:li xml:lang="x-default">${t(info.title)}</rdf:li></rdf:Alt></dc:title>
      <dc:creator><rdf:Seq><rdf:li>${t(info.author)}</rdf:li></rdf:Seq></dc:creator>
      <dc:description><rdf:Alt><rdf:li xml:lang="x-default">${t(info.subject)}</rdf:li></rdf:Alt></dc:description>
    </rdf:Description>
    <rdf:Description rdf:about="" xmlns:pdf="http://ns.adobe.com/pdf/1.3/">
      <pdf:Producer>${t(info.producer)}</pdf:Producer>
    </rdf:Description>
    <rdf:Description rdf:about="" xmlns:xmp="http://ns.adobe.com/xap/1.0/">
      <xmp:CreatorTool>${t(info.creator)}</xmp:CreatorTool>
${info.created ? `      <xmp:CreateDate>${xmpDate(info.created)}</xmp:CreateDate>\n` : ''}${
    info.modified ? `      <xmp:ModifyDate>${xmpDate(info.modified)}</xmp:ModifyDate>\n` : ''
  }    </rdf:Description>
    <rdf:Description rdf:about=""
        xmlns:pdfaExtension="http://www.aiim.org/pdfa/ns/extension/"
        xmlns:pdfaSchema="http://www.aiim.org/pdfa/ns/schema#"
        xmlns:pdfaProperty="http://www.aiim.org/pdfa/ns/property#">
      <pdfaExtension:schemas>
        <rdf:Bag>
          <rdf:li rdf:parseType="Resource">
            <pdfaSchema:schema>Factur-X PDFA Extension Schema</pdfaSchema:schema>
            <pdfaSchema:namespaceURI>${FACTURX_NS}</pdfaSchema:namespaceURI>
            <pdfaSchema:prefix>fx</pdfaSchema:prefix>
            <pdfaSchema:property>
              <rdf:Seq>
${property('DocumentFileName', 'The name of the embedded XML document')}
${property('DocumentType', 'The type of the hybrid document in capital letters, e.g. INVOICE or ORDER')}
${property('Version', 'The actual version of the standard applying to the embedded XML document')}
${property('ConformanceLevel', 'The conformance level of the embedded XML document')}
              </rdf:Seq>
            </pdfaSchema:property>
          </rdf:li>
        </rdf:Bag>
      </pdfaExtension:schemas>
    </rdf:Description>
    <rdf:Description rdf:about="" xmlns:fx="${FACTURX_NS}">
      <fx:DocumentType>INVOICE</fx:DocumentType>
      <fx:DocumentFileName>${FACTURX_FILE_NAME}</fx:DocumentFileName>
      <fx:Version>1.0</fx:Version>
      <fx:ConformanceLevel>EN 16931</fx:ConformanceLevel>
    </rdf:Description>
  </rdf:RDF>
</x:xmpmeta>
<?xpacket end="w"?>`;
}

/**
 * The invoice PDF as a ZUGFeRD 2 / Factur-X EN 16931 hybrid: `cii` (from {@link writeFacturXCii})
 * attached as `factur-x.xml`, with the metadata Factur-X readers look for. See the module comment
 * for what is still missing for PDF/A-3 conformance.
 */
export async function embedFacturX(
  pdf: Uint8Array,
  cii: string,
  input: EInvoiceExportInput,
  options: EmbedFacturXOptions = {},
): Promise<Uint8Array> {
  const guideline = /<ram:GuidelineSpecifiedDocumentContextParameter>\s*<ram:ID>([^<]*)<\/ram:ID>/.exec(
    cii,
  )?.[1];
  if (guideline !== FACTURX_EN16931) {
    throw new DomainError(
      'invalid-argument',
      `embedFacturX: expected CII with the EN 16931 guideline ${FACTURX_EN16931} (writeFacturXCii), got ${guideline ?? 'none'}`,
      { path: 'cii' },
    );
  }
  const doc = await PDFDocument.load(pdf, { updateMetadata: false });
  const context = doc.context;
  // PDF/A-3 is based on PDF 1.7 (pdfkit's PDF/A mode writes 1.7 already; other sources may not).
  context.header = PDFHeader.forVersion(1, 7);

  const isCreditNote = input.invoice.kind === 'credit-note';
  const info: DocumentInfo = {
    title: `${isCreditNote ? 'Gutschrift' : 'Rechnung'} ${input.invoice.number}`,
    author: input.seller.name,
    subject: `${isCreditNote ? 'Credit note' : 'Invoice'} ${input.invoice.number} of ${input.invoice.issueDate}, Factur-X/ZUGFeRD EN 16931`,
    creator: 'mahnwerk',
    producer: 'mahnwerk (pdfkit, pdf-lib)',
    created: doc.getCreationDate(),
    modified: doc.getModificationDate() ?? doc.getCreationDate(),
  };
  const pdfA = declaredPdfA(doc);

  // A fresh information dictionary holding exactly what the XMP mirrors.
  const infoDict = context.obj({});
  infoDict.set(PDFName.of('Title'), PDFHexString.fromText(info.title));
  infoDict.set(PDFName.of('Author'), PDFHexString.fromText(info.author));
  infoDict.set(PDFName.of('Subject'), PDFHexString.fromText(info.subject));
  infoDict.set(PDFName.of('Creator'), PDFHexString.fromText(info.creator));
  infoDict.set(PDFName.of('Producer'), PDFHexString.fromText(info.producer));
  if (info.created) infoDict.set(PDFName.of('CreationDate'), PDFString.fromDate(info.created));
  if (info.modified) infoDict.set(PDFName.of('ModDate'), PDFString.fromDate(info.modified));
  context.trailerInfo.Info = context.register(infoDict);

  const xmp = context.stream(new TextEncoder().encode(xmpPacket(info, pdfA)), {
    Type: 'Metadata',
    Subtype: 'XML',
  });
  doc.catalog.set(PDFName.of('Metadata'), context.register(xmp));

  if (options.iccProfile && !doc.catalog.has(PDFName.of('OutputIntents'))) {
    const profile = context.flateStream(options.iccProfile, { N: 3 });
    const intent = context.obj({
      Type: 'OutputIntent',
      S: 'GTS_PDFA1',
      OutputConditionIdentifier: PDFString.of('sRGB IEC61966-2.1'),
      Info: PDFString.of('sRGB IEC61966-2.1'),
      RegistryName: PDFString.of('http://www.color.org'),
      DestOutputProfile: context.register(profile),
    });
    doc.catalog.set(PDFName.of('OutputIntents'), context.obj([context.register(intent)]));
  }

  if (!context.trailerInfo.ID) {
    // PDF/A requires a file identifier; derived from the content, so the same invoice gives the same file.
    const id = createHash('sha256').update(cii).digest('hex').slice(0, 32);
    context.trailerInfo.ID = context.obj([PDFHexString.of(id), PDFHexString.of(id)]) as PDFArray;
  }

  // The attachment's dates: the PDF's own, else the invoice date (there is no clock here).
  const attachmentDate = info.modified ?? new Date(`${input.invoice.issueDate}T00:00:00Z`);
  await doc.attach(new TextEncoder().encode(cii), FACTURX_FILE_NAME, {
    mimeType: 'text/xml',
    description: 'Factur-X/ZUGFeRD invoice (EN 16931)',
    creationDate: info.created ?? attachmentDate,
    modificationDate: attachmentDate,
    afRelationship: AFRelationship.Alternative,
  });
  return doc.save({ useObjectStreams: false });
}
