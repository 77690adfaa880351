/**
 * @module einvoice-read
 * Reads an e-invoice into one normalised shape: XRechnung 3.0 / EN 16931 in UBL 2.1 (`Invoice`,
 * `CreditNote`), in UN/CEFACT CII (`CrossIndustryInvoice`, also ZUGFeRD 2.x / Factur-X), either as
 * XML or as a PDF with the XML embedded as an attachment (`factur-x.xml`, `zugferd-invoice.xml`,
 * `xrechnung.xml`, or any `.xml`).
 *
 * Amounts are integer minor units read from the decimal text without a float on the way, signed as
 * in the document: a UBL `CreditNote` carries positive amounts and is marked by `kind`. Unit prices
 * and quantities, which may carry more decimals, stay decimal strings. Absent values are `null`.
 *
 * Every problem names the file and the element path as written in the document (1-based indices
 * where an element repeats), what was expected and, where one applies, the EN 16931 business rule.
 * Missing mandatory elements and the arithmetic rules (BR-CO-10 … BR-CO-17) are collected and
 * reported together in one {@link EInvoiceError}.
 *
 * Security: a DOCTYPE or ENTITY declaration is rejected before parsing, wherever it stands (no
 * entity expansion, no external entities); the five XML entities and character references are
 * decoded here, anything else is an error. A file, and the XML unpacked from a PDF, may be at most
 * {@link MAX_EINVOICE_BYTES}; a pass before parsing bounds elements, attributes per tag and tag
 * length, and nesting is limited by the parser; a PDF's name tree is walked once per node, however
 * its links loop.
 *
 * @example
 * const invoice = await readEInvoice(readFileSync('rechnung.pdf'), 'rechnung.pdf');
 * invoice.payableCents; // 33690
 * invoice.skonto; // [{ days: 7, percent: '2.00', baseCents: null }]
 */
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import {
  decodePDFRawStream,
  PDFArray,
  PDFDict,
  PDFDocument,
  PDFHexString,
  PDFName,
  PDFRawStream,
  PDFString,
} from 'pdf-lib';
import { z } from 'zod';
import { type CalendarDate, isCalendarDate } from '../domain/calendar-date.ts';
import { currencyExponent, minorToDecimalString } from '../domain/money.ts';
import { formatPercent, parsePercent, percentAsFraction } from '../domain/percent.ts';
import { roundHalfUp } from '../domain/rounding.ts';

// --- the normalised shape ---------------------------------------------------------------------

export type EInvoiceSyntax = 'ubl' | 'cii';
export type EInvoiceKind = 'invoice' | 'credit-note';

export interface EInvoiceAddress {
  /** UBL `StreetName`, CII `LineOne`. */
  street: string | null;
  /** UBL `AdditionalStreetName`, CII `LineTwo`. */
  additionalStreet: string | null;
  postalCode: string | null;
  city: string | null;
  /** ISO 3166-1 alpha-2. */
  country: string | null;
}

export interface EInvoiceParty {
  /** Legal name (BT-27 / BT-44); UBL falls back to the party name. */
  name: string;
  /** Trading name (BT-28 / BT-45). */
  tradingName: string | null;
  /** Party identifier (BT-29 / BT-46): UBL `PartyIdentification/ID`, CII `ID` or `GlobalID`. */
  id: string | null;
  /** VAT identifier (BT-31 / BT-48). */
  vatId: string | null;
  /** National tax number (BT-32, scheme `FC`). */
  taxNumber: string | null;
  /**
   * The electronic address if it is an email (scheme `EM`), else the contact's email (BT-34/BT-43,
   * BT-49/BT-58); one that is no e-mail address is left out with a warning.
   */
  email: string | null;
  address: EInvoiceAddress | null;
}

/** One Skonto offer: `percent` off when paid within `days` of the invoice date. */
export interface EInvoiceSkonto {
  days: number;
  /** Two decimals at least, e.g. `'2.00'`. */
  percent: string;
  /** The amount the percentage applies to, when the document names one (`BASISBETRAG`). */
  baseCents: number | null;
}

export interface EInvoicePaymentMeans {
  /** UNTDID 4461: `58` SEPA credit transfer, `59` SEPA direct debit, `30` credit transfer … */
  code: string;
  /** The payee's accounts (IBAN for SEPA), spaces removed. */
  ibans: string[];
  bic: string | null;
  accountName: string | null;
  /** Remittance information the payer is asked to quote (BT-83). */
  remittanceInfo: string | null;
  /** SEPA direct debit mandate reference (BT-89). */
  mandateId: string | null;
  /** The account debited by a direct debit (BT-91). */
  payerIban: string | null;
}

export interface EInvoiceLine {
  id: string;
  /** Item name (BT-153). */
  name: string;
  /** Item description (BT-154). */
  description: string | null;
  /** Decimal string as written, e.g. `'20.0000'`; negative on a returned item. */
  quantity: string;
  /** UN/ECE Rec 20 unit code, e.g. `H87`, `C62`, `XPP`. */
  unitCode: string;
  /** Net unit price as a decimal string (may have more decimals than the currency). */
  unitPrice: string | null;
  netCents: number;
  vatCategory: string | null;
  /** e.g. `'19.00'`. */
  vatRate: string | null;
}

export interface EInvoiceVatBreakdown {
  /** UNCL 5305: `S`, `Z`, `E`, `AE`, `K`, `G`, `O`, `L`, `M`. */
  category: string;
  rate: string | null;
  taxableCents: number;
  taxCents: number;
  /** Exemption reason text, else its code (`VATEX-…`). */
  exemptionReason: string | null;
}

/** A document-level allowance (discount) or charge. */
export interface EInvoiceAllowanceCharge {
  charge: boolean;
  amountCents: number;
  reason: string | null;
  vatCategory: string | null;
  vatRate: string | null;
}

export interface EInvoicePeriod {
  start: CalendarDate | null;
  end: CalendarDate | null;
}

export interface EInvoice {
  syntax: EInvoiceSyntax;
  kind: EInvoiceKind;
  /** Specification identifier (BT-24): UBL `CustomizationID`, CII `GuidelineSpecifiedDocumentContextParameter/ID`. */
  profile: string | null;
  /** UNTDID 1001: `380` invoice, `381` credit note, `384` corrected invoice, `326` partial invoice … */
  typeCode: string;
  number: string;
  issueDate: CalendarDate;
  dueDate: CalendarDate | null;
  currency: string;
  /** Sum of line net amounts (BT-106); null only in summary profiles (Factur-X MINIMUM). */
  lineTotalCents: number | null;
  allowanceTotalCents: number;
  chargeTotalCents: number;
  /** Total without VAT (BT-109). */
  netCents: number;
  /** Total VAT in the document currency (BT-110). */
  vatCents: number;
  /** Total with VAT (BT-112). */
  totalCents: number;
  /** Paid in advance (BT-113). */
  prepaidCents: number;
  /** Rounding amount (BT-114). */
  roundingCents: number;
  /** Amount due for payment (BT-115). */
  payableCents: number;
  seller: EInvoiceParty;
  buyer: EInvoiceParty;
  /** Buyer reference (BT-10), the Leitweg-ID for German public buyers. */
  buyerReference: string | null;
  /** Purchase order reference (BT-13). */
  orderReference: string | null;
  /** The invoice a credit note or correction refers to (BT-25). */
  precedingInvoice: string | null;
  deliveryDate: CalendarDate | null;
  invoicePeriod: EInvoicePeriod | null;
  /** Payment terms as written (BT-20), notes joined by line breaks, Skonto lines included. */
  paymentTerms: string | null;
  skonto: EInvoiceSkonto[];
  paymentMeans: EInvoicePaymentMeans[];
  lines: EInvoiceLine[];
  vatBreakdown: EInvoiceVatBreakdown[];
  allowanceCharges: EInvoiceAllowanceCharge[];
  /** Invoice notes (BT-22) as written. */
  notes: string[];
  /** Deviations that were accepted, e.g. a type code implied by the UBL root element. */
  warnings: string[];
}

// --- errors ------------------------------------------------------------------------------------

export interface EInvoiceViolation {
  /** Element path as written in the document, e.g. `ubl:Invoice/cac:LegalMonetaryTotal/cbc:PayableAmount`. */
  path: string;
  message: string;
  /** EN 16931 / XRechnung business rule, e.g. `BR-CO-15`, when one applies. */
  rule: string | null;
}

/** A file that cannot be read as an e-invoice: names the file, the place(s) and what was expected. */
export class EInvoiceError extends Error {
  readonly file: string;
  /** Path of the first violation. */
  readonly path: string;
  readonly violations: readonly EInvoiceViolation[];

  constructor(file: string, violations: readonly EInvoiceViolation[]) {
    const describe = (v: EInvoiceViolation) => `${v.rule ? `[${v.rule}] ` : ''}${v.message}`;
    const first = violations[0] ?? { path: '(document)', message: 'unreadable', rule: null };
    super(
      violations.length <= 1
        ? `${file} at ${first.path}: ${describe(first)}`
        : `${file}: ${violations.length} problems\n` +
            violations.map((v) => `  at ${v.path}: ${describe(v)}`).join('\n'),
    );
    this.name = 'EInvoiceError';
    this.file = file;
    this.path = first.path;
    this.violations = violations;
  }
}

// --- XML tree ----------------------------------------------------------------------------------

interface XmlElement {
  /** Qualified name as written, e.g. `cbc:ID`. */
  name: string;
  local: string;
  attributes: Record<string, string>;
  children: XmlElement[];
  /** Text content with entities decoded, untrimmed. */
  text: string;
  /** Path from the root as written, with `[n]` where siblings share the name. */
  path: string;
}

function localName(name: string): string {
  const colon = name.indexOf(':');
  return colon < 0 ? name : name.slice(colon + 1);
}

/** The descendant reached by `names` (matched by local name, so any prefix reads the same). */
function find(element: XmlElement | undefined, ...names: string[]): XmlElement | undefined {
  let current = element;
  for (const name of names) {
    const local = localName(name);
    current = current?.children.find((c) => c.local === local);
    if (!current) return undefined;
  }
  return current;
}

function findAll(element: XmlElement | undefined, ...names: string[]): XmlElement[] {
  const last = names.at(-1);
  if (!element || last === undefined) return [];
  const parent = names.length > 1 ? find(element, ...names.slice(0, -1)) : element;
  const local = localName(last);
  return parent ? parent.children.filter((c) => c.local === local) : [];
}

function attribute(element: XmlElement | undefined, name: string): string | null {
  if (!element) return null;
  for (const [key, value] of Object.entries(element.attributes)) {
    if (localName(key) === name && !key.startsWith('xmlns')) return value.trim() || null;
  }
  return null;
}

/** Trimmed text of a descendant, or null when absent or empty. */
function text(element: XmlElement | undefined, ...names: string[]): string | null {
  const found = names.length > 0 ? find(element, ...names) : element;
  const value = found?.text.trim();
  return value ? value : null;
}

function pathTo(element: XmlElement, ...names: string[]): string {
  return [element.path, ...names].join('/');
}

const XML_ENTITIES = new Map([
  ['lt', '<'],
  ['gt', '>'],
  ['amp', '&'],
  ['quot', '"'],
  ['apos', "'"],
]);

/** Decodes the five XML entities and character references in one pass; `null` for an unknown entity. */
function decodeEntities(raw: string): string | null {
  let unknown = false;
  const decoded = raw.replace(
    /&(#x[0-9a-fA-F]{1,6}|#[0-9]{1,7}|[A-Za-z_][\w.-]*);/g,
    (whole, ref: string) => {
      if (ref.startsWith('#')) {
        const code = ref[1] === 'x' ? parseInt(ref.slice(2), 16) : parseInt(ref.slice(1), 10);
        if (code > 0 && code <= 0x10ffff && (code < 0xd800 || code > 0xdfff))
          return String.fromCodePoint(code);
        unknown = true;
        return whole;
      }
      const entity = XML_ENTITIES.get(ref);
      if (entity === undefined) unknown = true;
      return entity ?? whole;
    },
  );
  return unknown ? null : decoded;
}

const PARSER = new XMLParser({
  preserveOrder: true,
  ignoreAttributes: false,
  attributeNamePrefix: '',
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: false,
  // Entities are decoded by `decodeEntities`, which knows only the five XML ones; a DOCTYPE that
  // could declare more is rejected before the parser sees the text.
  processEntities: false,
  htmlEntities: false,
  cdataPropName: '#cdata',
  ignoreDeclaration: true,
  ignorePiTags: true,
});

type OrderedNode = Record<string, unknown>;

function isOrderedNode(value: unknown): value is OrderedNode {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function tagOf(node: OrderedNode): string | undefined {
  return Object.keys(node).find((key) => key !== ':@' && key !== '#text' && key !== '#cdata');
}

function buildTree(file: string, nodes: unknown[]): XmlElement {
  const rootNode = nodes.filter(isOrderedNode).find((node) => tagOf(node) !== undefined);
  if (!rootNode)
    throw new EInvoiceError(file, [{ path: '(document)', message: 'no root element', rule: null }]);
  return buildElement(file, rootNode, tagOf(rootNode) as string);
}

function buildElement(file: string, node: OrderedNode, path: string): XmlElement {
  const name = tagOf(node) as string;
  const fail = (message: string): never => {
    throw new EInvoiceError(file, [{ path, message, rule: null }]);
  };
  // No prototype: an attribute named like an Object property must stay an attribute.
  const attributes = Object.create(null) as Record<string, string>;
  const rawAttributes = node[':@'];
  if (isOrderedNode(rawAttributes)) {
    for (const [key, value] of Object.entries(rawAttributes)) {
      const decoded = decodeEntities(String(value));
      if (decoded === null) fail(`attribute ${key}: unknown entity or character reference`);
      attributes[key] = decoded as string;
    }
  }
  const element: XmlElement = { name, local: localName(name), attributes, children: [], text: '', path };
  const content = node[name];
  const items = Array.isArray(content) ? content.filter(isOrderedNode) : [];
  const counts = new Map<string, number>();
  for (const item of items) {
    const tag = tagOf(item);
    if (tag !== undefined) counts.set(tag, (counts.get(tag) ?? 0) + 1);
  }
  const seen = new Map<string, number>();
  for (const item of items) {
    if ('#text' in item) {
      const decoded = decodeEntities(String(item['#text']));
      if (decoded === null)
        fail(
          'unknown entity or character reference (only &lt; &gt; &amp; &quot; &apos; and &#…; are allowed)',
        );
      element.text += decoded as string;
      continue;
    }
    if ('#cdata' in item) {
      const parts = Array.isArray(item['#cdata']) ? item['#cdata'].filter(isOrderedNode) : [];
      element.text += parts.map((part) => String(part['#text'] ?? '')).join('');
      continue;
    }
    const tag = tagOf(item);
    if (tag === undefined) continue;
    const index = (seen.get(tag) ?? 0) + 1;
    seen.set(tag, index);
    const step = (counts.get(tag) ?? 0) > 1 ? `${tag}[${index}]` : tag;
    element.children.push(buildElement(file, item, `${path}/${step}`));
  }
  return element;
}

/** Rejects a DOCTYPE: it is the only way to declare entities, and no e-invoice needs one. */
function assertNoDoctype(file: string, xml: string): void {
  let i = 0;
  for (;;) {
    while (i < xml.length && /\s/.test(xml[i] as string)) i++;
    if (xml.startsWith('<?', i)) {
      const end = xml.indexOf('?>', i);
      if (end < 0) return;
      i = end + 2;
    } else if (xml.startsWith('<!--', i)) {
      const end = xml.indexOf('-->', i);
      if (end < 0) return;
      i = end + 3;
    } else break;
  }
  if (/^<!DOCTYPE/i.test(xml.slice(i, i + 9))) {
    throw new EInvoiceError(file, [
      {
        path: '(prolog)',
        message:
          'a DOCTYPE declaration is not allowed in an e-invoice (no DTDs or entity declarations are read)',
        rule: null,
      },
    ]);
  }
}

/**
 * Bounds that keep a hostile document from costing more than a real one: the parser and the reader
 * spend microseconds per element and per attribute, so millions of them in 20 MB would block the
 * server for minutes. An XRechnung of 4,000 lines has about 100,000 elements; no real tag has more
 * than a few attributes or is long.
 */
const MAX_ELEMENTS = 100_000;
const MAX_ATTRIBUTES = 256;
const MAX_TAG_CHARS = 65_536;

/**
 * One pass over the text before any parser runs: no DOCTYPE or ENTITY anywhere, and elements,
 * attributes per tag and the length of each tag within the bounds. Comments, CDATA and processing
 * instructions are skipped whole (a quote in a comment is no attribute).
 */
function assertBounded(file: string, xml: string): void {
  const fail = (line: number, message: string): never => {
    throw new EInvoiceError(file, [{ path: `line ${line}`, message, rule: null }]);
  };
  const declaration = /<!(?:DOCTYPE|ENTITY)/i.exec(xml);
  if (declaration) {
    fail(
      xml.slice(0, declaration.index).split('\n').length,
      'a DOCTYPE or ENTITY declaration is not allowed in an e-invoice (no DTDs or entities are read)',
    );
  }
  let line = 1;
  let elements = 0;
  const skipTo = (from: number, terminator: string): number => {
    const end = xml.indexOf(terminator, from);
    const stop = end < 0 ? xml.length : end + terminator.length;
    for (let k = from; k < stop; k++) if (xml.charCodeAt(k) === 10) line++;
    return stop - 1;
  };
  for (let i = 0; i < xml.length; i++) {
    const c = xml.charCodeAt(i);
    if (c === 10) line++;
    if (c !== 60) continue;
    if (xml.startsWith('<!--', i)) i = skipTo(i + 4, '-->');
    else if (xml.startsWith('<![CDATA[', i)) i = skipTo(i + 9, ']]>');
    else if (xml.startsWith('<?', i)) i = skipTo(i + 2, '?>');
    else {
      const startLine = line;
      const next = xml.charCodeAt(i + 1);
      // `<` then a name: a start tag (closing tags do not count).
      if ((next >= 65 && next <= 90) || (next >= 97 && next <= 122) || next === 95 || next > 127) {
        if (++elements > MAX_ELEMENTS)
          fail(line, `more than ${MAX_ELEMENTS} elements; no e-invoice has that many`);
      }
      let quote = 0;
      let attributes = 0;
      let j = i + 1;
      for (; j < xml.length; j++) {
        const d = xml.charCodeAt(j);
        if (d === 10) line++;
        if (quote !== 0) {
          if (d === quote) quote = 0;
        } else if (d === 34 || d === 39) {
          quote = d;
          if (++attributes > MAX_ATTRIBUTES)
            fail(startLine, `a tag with more than ${MAX_ATTRIBUTES} attributes; no e-invoice has that many`);
        } else if (d === 62) break;
        if (j - i > MAX_TAG_CHARS) fail(startLine, `a tag longer than ${MAX_TAG_CHARS} characters`);
      }
      i = j;
    }
  }
}

function parseXml(file: string, xml: string): XmlElement {
  assertNoDoctype(file, xml);
  assertBounded(file, xml);
  const valid = XMLValidator.validate(xml);
  if (valid !== true) {
    const column = valid.err.col === undefined ? '' : `, column ${valid.err.col}`;
    throw new EInvoiceError(file, [
      {
        path: `line ${valid.err.line}${column}`,
        message:
          xml.trim() === ''
            ? 'the file is empty; expected an e-invoice in XML'
            : `not well-formed XML: ${valid.err.msg}`,
        rule: null,
      },
    ]);
  }
  let nodes: unknown[];
  try {
    nodes = PARSER.parse(xml) as unknown[];
  } catch (error) {
    // e.g. nesting deeper than the parser's limit of 100 levels, which no e-invoice needs
    throw new EInvoiceError(file, [
      { path: '(document)', message: `cannot parse the XML: ${(error as Error).message}`, rule: null },
    ]);
  }
  return buildTree(file, nodes);
}

// --- values ------------------------------------------------------------------------------------

const UBL_INVOICE_NS = 'urn:oasis:names:specification:ubl:schema:xsd:Invoice-2';
const UBL_CREDIT_NOTE_NS = 'urn:oasis:names:specification:ubl:schema:xsd:CreditNote-2';
const CII_NS = 'urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100';

/** The UNTDID 1001 document type codes that EN 16931 (and Peppol BIS 3) treat as credit notes. */
const CREDIT_NOTE_TYPE_CODES = new Set([
  '81',
  '83',
  '261',
  '262',
  '296',
  '308',
  '381',
  '396',
  '420',
  '458',
  '532',
]);

const AMOUNT_PATTERN = /^([+-])?(\d{0,15})(?:\.(\d*))?$/;
const DECIMAL_PATTERN = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)$/;
/** xs:decimal without a minus: `19`, `+19`, `19.`, `.5`, `7.000`; up to 3 integer and 8 fraction digits. */
const PERCENT_PATTERN = /^\+?(\d{0,3})(?:\.(\d{0,8}))?$/;
/** As the customer record checks it (customer-service), so that an imported address is one it accepts. */
const EMAIL = z.email();

class Reader {
  readonly violations: EInvoiceViolation[] = [];
  readonly warnings: string[] = [];
  /** Set as soon as the document currency is known; amounts are checked against it. */
  currency = 'EUR';
  /**
   * False for the summary profiles Factur-X MINIMUM and BASIC WL, which are not EN 16931 invoices:
   * they carry no lines and need not carry addresses.
   */
  strictStructure = true;
  /** Amounts that are missing or malformed: the sums are not checked on a stand-in zero. */
  unreadableAmounts = 0;

  violation(path: string, message: string, rule: string | null = null): void {
    this.violations.push({ path, message, rule });
  }

  /** Text of a mandatory element; records the rule and returns '' when absent. */
  required(element: XmlElement, names: string[], rule: string, what: string): string {
    const value = text(element, ...names);
    if (value === null) this.violation(pathTo(element, ...names), `expected ${what}`, rule);
    return value ?? '';
  }

  /** Decimal text to integer minor units of the document currency; records a violation and returns null when malformed. */
  amount(element: XmlElement | undefined): number | null {
    if (!element) return null;
    const minor = this.amountText(element.text.trim(), element.path);
    const currency = attribute(element, 'currencyID');
    if (minor !== null && currency !== null && currency !== this.currency) {
      this.violation(
        element.path,
        `expected the amount in the document currency ${this.currency} (BT-5), got currencyID="${currency}"`,
      );
    }
    return minor;
  }

  /** `336.9` → 33690 for EUR; no float on the way, and never a silently dropped digit. */
  amountText(value: string, path: string): number | null {
    const match = AMOUNT_PATTERN.exec(value);
    const exponent = currencyExponent(this.currency);
    const fraction = (match?.[3] ?? '').replace(/0+$/, '');
    const digits = (match?.[2] ?? '') + (match?.[3] ?? '');
    const minor = match ? Number((match[2] || '0') + fraction.padEnd(exponent, '0')) : NaN;
    if (!match || digits.length === 0 || fraction.length > exponent || !Number.isSafeInteger(minor)) {
      this.violation(
        path,
        `expected an amount with at most ${exponent} decimals like 1234.50, got "${value}"`,
      );
      this.unreadableAmounts++;
      return null;
    }
    return match[1] === '-' && minor !== 0 ? -minor : minor;
  }

  optionalAmount(element: XmlElement, ...names: string[]): number | null {
    return this.amount(find(element, ...names));
  }

  requiredAmount(element: XmlElement, names: string[], rule: string | null, what: string): number {
    const found = find(element, ...names);
    if (!found || found.text.trim() === '') {
      this.violation(pathTo(element, ...names), `expected ${what}`, rule);
      this.unreadableAmounts++;
      return 0;
    }
    return this.amount(found) ?? 0;
  }

  /** A mandatory decimal kept as text (a quantity): records the rule when absent, '' then. */
  requiredDecimal(element: XmlElement, names: string[], rule: string, what: string): string {
    const value = this.required(element, names, rule, what);
    return value === '' ? '' : (this.decimal(find(element, ...names), what) ?? '');
  }

  /** A decimal kept as text (quantities, unit prices). */
  decimal(element: XmlElement | undefined, what: string): string | null {
    const value = text(element);
    if (value === null || !element) return null;
    if (!DECIMAL_PATTERN.test(value)) {
      this.violation(element.path, `expected ${what} as a decimal number like 12.5, got "${value}"`);
      return null;
    }
    return value;
  }

  /**
   * The first of the party's e-mail addresses that is one (the electronic address with scheme `EM`,
   * then the contact's). One that is not (`n/a`, `foo@`) is passed over with a warning naming the
   * element, so that it never becomes a customer's address.
   */
  email(
    role: 'seller' | 'buyer',
    candidates: { element: XmlElement | undefined; term: string }[],
  ): string | null {
    for (const { element, term } of candidates) {
      const value = text(element);
      if (value === null || !element) continue;
      if (EMAIL.safeParse(value).success) return value;
      this.warnings.push(
        `${element.path} (${term}): expected the ${role}'s e-mail address like name@example.com, got "${value}"; it is not used`,
      );
    }
    return null;
  }

  /**
   * A percentage such as a VAT rate, printed with at least two decimals: `7` → `'7.00'`. Any
   * xs:decimal form is read (`+19`, `19.`, `.5`); a sign other than `+` or an exponent is not.
   */
  percent(element: XmlElement | undefined): string | null {
    const value = text(element);
    if (value === null || !element) return null;
    const match = PERCENT_PATTERN.exec(value);
    const whole = match?.[1] ?? '';
    const fraction = match?.[2] ?? '';
    if (!match || whole.length + fraction.length === 0) {
      this.violation(element.path, `expected a percentage like 19 or 7.00, got "${value}"`);
      return null;
    }
    return formatPercent(parsePercent(`${whole || '0'}${fraction ? `.${fraction}` : ''}`));
  }

  currencyCode(element: XmlElement, names: string[]): string {
    const value = this.required(element, names, 'BR-05', 'the invoice currency code (BT-5), e.g. EUR');
    if (value && !/^[A-Z]{3}$/.test(value)) {
      this.violation(
        pathTo(element, ...names),
        `expected an ISO 4217 currency code like EUR, got "${value}"`,
        'BR-05',
      );
    }
    if (/^[A-Z]{3}$/.test(value)) this.currency = value;
    return value;
  }

  /** The issue date (BR-03), read by `read`; records the rule when absent or empty. */
  requiredDate(
    element: XmlElement,
    names: string[],
    read: (found: XmlElement | undefined) => CalendarDate | null,
  ): CalendarDate | null {
    const found = find(element, ...names);
    if (!found || !hasText(found)) {
      this.violation(pathTo(element, ...names), 'expected the issue date (BT-2)', 'BR-03');
      return null;
    }
    return read(found);
  }

  /** UBL `xs:date`: `YYYY-MM-DD`, optionally with a zone, which does not change the calendar day. */
  ublDate(element: XmlElement | undefined): CalendarDate | null {
    const value = text(element);
    if (value === null || !element) return null;
    const day = value.slice(0, 10);
    if (!isCalendarDate(day) || !/^(?:Z|[+-]\d{2}:\d{2})?$/.test(value.slice(10))) {
      this.violation(element.path, `expected a date as YYYY-MM-DD, got "${value}"`);
      return null;
    }
    return day;
  }

  /** CII date: `<udt:DateTimeString format="102">YYYYMMDD</udt:DateTimeString>` below the element. */
  ciiDate(element: XmlElement | undefined): CalendarDate | null {
    if (!element) return null;
    const holder = find(element, 'udt:DateTimeString') ?? find(element, 'udt:DateString') ?? element;
    const value = text(holder);
    if (value === null) return null;
    const format = attribute(holder, 'format');
    const date = `${value.slice(0, 4)}-${value.slice(4, 6)}-${value.slice(6, 8)}`;
    if ((format !== null && format !== '102') || !/^\d{8}$/.test(value) || !isCalendarDate(date)) {
      this.violation(
        holder.path,
        `expected a date as YYYYMMDD with format="102", got "${value}"${format ? ` (format="${format}")` : ''}`,
      );
      return null;
    }
    return date as CalendarDate;
  }
}

function hasText(element: XmlElement): boolean {
  return element.text.trim() !== '' || element.children.some(hasText);
}

function compact(value: string | null): string | null {
  return value === null ? null : value.replace(/\s+/g, '');
}

// --- UBL ---------------------------------------------------------------------------------------

function readUblParty(r: Reader, root: XmlElement, role: 'seller' | 'buyer'): EInvoiceParty {
  const holderName = role === 'seller' ? 'cac:AccountingSupplierParty' : 'cac:AccountingCustomerParty';
  const holder = find(root, holderName, 'cac:Party');
  const holderPath = pathTo(root, holderName, 'cac:Party');
  const [nameRule, addressRule, countryRule, bt] =
    role === 'seller' ? ['BR-06', 'BR-08', 'BR-09', 'BT-27'] : ['BR-07', 'BR-10', 'BR-11', 'BT-44'];
  const legalName = text(holder, 'cac:PartyLegalEntity', 'cbc:RegistrationName');
  const tradingName = text(holder, 'cac:PartyName', 'cbc:Name');
  const name = legalName ?? tradingName;
  if (name === null) {
    r.violation(
      `${holderPath}/cac:PartyLegalEntity/cbc:RegistrationName`,
      `expected the ${role}'s name (${bt})`,
      nameRule,
    );
  }
  const taxSchemes = findAll(holder, 'cac:PartyTaxScheme');
  const taxId = (scheme: string) =>
    text(
      taxSchemes.find((s) => text(s, 'cac:TaxScheme', 'cbc:ID') === scheme),
      'cbc:CompanyID',
    );
  const postal = find(holder, 'cac:PostalAddress');
  if (!postal && r.strictStructure) {
    r.violation(`${holderPath}/cac:PostalAddress`, `expected the ${role}'s postal address`, addressRule);
  }
  const address = postal
    ? {
        street: text(postal, 'cbc:StreetName'),
        additionalStreet: text(postal, 'cbc:AdditionalStreetName'),
        postalCode: text(postal, 'cbc:PostalZone'),
        city: text(postal, 'cbc:CityName'),
        country: text(postal, 'cac:Country', 'cbc:IdentificationCode'),
      }
    : null;
  if (postal && address?.country === null) {
    r.violation(
      `${postal.path}/cac:Country/cbc:IdentificationCode`,
      `expected the ${role}'s country code`,
      countryRule,
    );
  }
  const endpoint = find(holder, 'cbc:EndpointID');
  const [endpointTerm, contactTerm] = role === 'seller' ? ['BT-34', 'BT-43'] : ['BT-49', 'BT-58'];
  return {
    name: name ?? '',
    tradingName: legalName !== null ? tradingName : null,
    id: text(holder, 'cac:PartyIdentification', 'cbc:ID'),
    vatId: taxId('VAT'),
    taxNumber: taxId('FC'),
    email: r.email(role, [
      { element: attribute(endpoint, 'schemeID') === 'EM' ? endpoint : undefined, term: endpointTerm },
      { element: find(holder, 'cac:Contact', 'cbc:ElectronicMail'), term: contactTerm },
    ]),
    address,
  };
}

function readUbl(r: Reader, root: XmlElement): Draft {
  const isCreditNote = root.local === 'CreditNote';
  const profile = text(root, 'cbc:CustomizationID');
  const number = r.required(root, ['cbc:ID'], 'BR-02', 'the invoice number (BT-1)');
  const issueDate = r.requiredDate(root, ['cbc:IssueDate'], (found) => r.ublDate(found));
  const typeCodeName = isCreditNote ? 'cbc:CreditNoteTypeCode' : 'cbc:InvoiceTypeCode';
  let typeCode = text(root, typeCodeName);
  if (typeCode === null) {
    typeCode = isCreditNote ? '381' : '380';
    r.warnings.push(
      `${typeCodeName} missing: type code ${typeCode} taken from the root element ${root.name}`,
    );
  }
  const currency = r.currencyCode(root, ['cbc:DocumentCurrencyCode']);

  const totals = find(root, 'cac:LegalMonetaryTotal');
  const totalsAt = (name: string) => ['cac:LegalMonetaryTotal', name];
  const lineTotalElement = find(totals, 'cbc:LineExtensionAmount');

  // BT-110 is the TaxTotal in the document currency; a second one may state the VAT in the tax currency (BT-111).
  const taxTotals = findAll(root, 'cac:TaxTotal');
  const taxTotal =
    taxTotals.find((t) => {
      const currencyId = attribute(find(t, 'cbc:TaxAmount'), 'currencyID');
      return currencyId === null || currencyId === currency;
    }) ?? (currency ? undefined : taxTotals[0]);

  const lineName = isCreditNote ? 'cac:CreditNoteLine' : 'cac:InvoiceLine';
  const quantityName = isCreditNote ? 'cbc:CreditedQuantity' : 'cbc:InvoicedQuantity';
  const lines = findAll(root, lineName).map((line): EInvoiceLine => {
    const quantity = find(line, quantityName);
    const unitCode = attribute(quantity, 'unitCode');
    if (quantity && unitCode === null)
      r.violation(quantity.path, 'expected the attribute unitCode (BT-130)', 'BR-23');
    const tax = find(line, 'cac:Item', 'cac:ClassifiedTaxCategory');
    if (text(tax, 'cbc:ID') === null) {
      r.violation(
        pathTo(line, 'cac:Item', 'cac:ClassifiedTaxCategory', 'cbc:ID'),
        'expected the line VAT category (BT-151)',
        'BR-CO-04',
      );
    }
    const price = find(line, 'cac:Price', 'cbc:PriceAmount');
    if (!price)
      r.violation(
        pathTo(line, 'cac:Price', 'cbc:PriceAmount'),
        'expected the item net price (BT-146)',
        'BR-26',
      );
    return {
      id: r.required(line, ['cbc:ID'], 'BR-21', 'the line identifier (BT-126)'),
      name: r.required(line, ['cac:Item', 'cbc:Name'], 'BR-25', 'the item name (BT-153)'),
      description: text(line, 'cac:Item', 'cbc:Description'),
      quantity: r.requiredDecimal(line, [quantityName], 'BR-22', 'the invoiced quantity (BT-129)'),
      unitCode: unitCode ?? '',
      unitPrice: r.decimal(price, 'the item net price'),
      netCents: r.requiredAmount(line, ['cbc:LineExtensionAmount'], 'BR-24', 'the line net amount (BT-131)'),
      vatCategory: text(tax, 'cbc:ID'),
      vatRate: r.percent(find(tax, 'cbc:Percent')),
    };
  });

  const paymentMeans = findAll(root, 'cac:PaymentMeans').map((means): EInvoicePaymentMeans => ({
    code: r.required(means, ['cbc:PaymentMeansCode'], 'BR-49', 'the payment means type code (BT-81)'),
    ibans: findAll(means, 'cac:PayeeFinancialAccount')
      .map((account) => compact(text(account, 'cbc:ID')))
      .filter((iban): iban is string => iban !== null),
    bic: text(means, 'cac:PayeeFinancialAccount', 'cac:FinancialInstitutionBranch', 'cbc:ID'),
    accountName: text(means, 'cac:PayeeFinancialAccount', 'cbc:Name'),
    remittanceInfo: text(means, 'cbc:PaymentID'),
    mandateId: text(means, 'cac:PaymentMandate', 'cbc:ID'),
    payerIban: compact(text(means, 'cac:PaymentMandate', 'cac:PayerFinancialAccount', 'cbc:ID')),
  }));

  const period = find(root, 'cac:InvoicePeriod');
  return {
    syntax: 'ubl',
    kind: isCreditNote || CREDIT_NOTE_TYPE_CODES.has(typeCode) ? 'credit-note' : 'invoice',
    profile,
    typeCode,
    number,
    issueDate,
    dueDate:
      r.ublDate(find(root, 'cbc:DueDate')) ??
      r.ublDate(find(root, 'cac:PaymentMeans', 'cbc:PaymentDueDate')) ??
      r.ublDate(find(root, 'cac:PaymentTerms', 'cbc:PaymentDueDate')),
    currency,
    lineTotalCents: lineTotalElement ? r.amount(lineTotalElement) : null,
    lineTotalPath: pathTo(root, ...totalsAt('cbc:LineExtensionAmount')),
    allowanceTotalCents: r.optionalAmount(root, ...totalsAt('cbc:AllowanceTotalAmount')),
    chargeTotalCents: r.optionalAmount(root, ...totalsAt('cbc:ChargeTotalAmount')),
    netCents: r.requiredAmount(
      root,
      totalsAt('cbc:TaxExclusiveAmount'),
      'BR-13',
      'the total without VAT (BT-109)',
    ),
    netPath: pathTo(root, ...totalsAt('cbc:TaxExclusiveAmount')),
    vatCents: taxTotal ? r.optionalAmount(taxTotal, 'cbc:TaxAmount') : null,
    vatPath: taxTotal ? pathTo(taxTotal, 'cbc:TaxAmount') : pathTo(root, 'cac:TaxTotal', 'cbc:TaxAmount'),
    totalCents: r.requiredAmount(
      root,
      totalsAt('cbc:TaxInclusiveAmount'),
      'BR-14',
      'the total with VAT (BT-112)',
    ),
    totalPath: pathTo(root, ...totalsAt('cbc:TaxInclusiveAmount')),
    prepaidCents: r.optionalAmount(root, ...totalsAt('cbc:PrepaidAmount')) ?? 0,
    roundingCents: r.optionalAmount(root, ...totalsAt('cbc:PayableRoundingAmount')) ?? 0,
    payableCents: r.requiredAmount(
      root,
      totalsAt('cbc:PayableAmount'),
      'BR-15',
      'the amount due for payment (BT-115)',
    ),
    payablePath: pathTo(root, ...totalsAt('cbc:PayableAmount')),
    seller: readUblParty(r, root, 'seller'),
    buyer: readUblParty(r, root, 'buyer'),
    buyerReference: text(root, 'cbc:BuyerReference'),
    orderReference: text(root, 'cac:OrderReference', 'cbc:ID'),
    precedingInvoice: text(root, 'cac:BillingReference', 'cac:InvoiceDocumentReference', 'cbc:ID'),
    deliveryDate: r.ublDate(find(root, 'cac:Delivery', 'cbc:ActualDeliveryDate')),
    invoicePeriod: period
      ? { start: r.ublDate(find(period, 'cbc:StartDate')), end: r.ublDate(find(period, 'cbc:EndDate')) }
      : null,
    termNotes: findAll(root, 'cac:PaymentTerms').flatMap((terms) => findAll(terms, 'cbc:Note')),
    discountTerms: [],
    paymentMeans,
    lines,
    linesPath: pathTo(root, lineName),
    vatBreakdown: findAll(taxTotal, 'cac:TaxSubtotal').map((subtotal) => {
      const category = find(subtotal, 'cac:TaxCategory');
      return {
        path: subtotal.path,
        category: r.required(
          subtotal,
          ['cac:TaxCategory', 'cbc:ID'],
          'BR-CO-18',
          'the VAT category code (BT-118)',
        ),
        rate: r.percent(find(category, 'cbc:Percent')),
        taxableCents: r.requiredAmount(
          subtotal,
          ['cbc:TaxableAmount'],
          'BR-45',
          'the VAT category taxable amount (BT-116)',
        ),
        taxCents: r.requiredAmount(
          subtotal,
          ['cbc:TaxAmount'],
          'BR-46',
          'the VAT category tax amount (BT-117)',
        ),
        exemptionReason:
          text(category, 'cbc:TaxExemptionReason') ?? text(category, 'cbc:TaxExemptionReasonCode'),
      };
    }),
    allowanceCharges: findAll(root, 'cac:AllowanceCharge').map((item) => {
      const tax = find(item, 'cac:TaxCategory');
      return {
        charge: text(item, 'cbc:ChargeIndicator') === 'true',
        amountCents: r.requiredAmount(
          item,
          ['cbc:Amount'],
          'BR-31',
          'the allowance or charge amount (BT-92/BT-99)',
        ),
        reason: text(item, 'cbc:AllowanceChargeReason') ?? text(item, 'cbc:AllowanceChargeReasonCode'),
        vatCategory: text(tax, 'cbc:ID'),
        vatRate: r.percent(find(tax, 'cbc:Percent')),
      };
    }),
    notes: findAll(root, 'cbc:Note')
      .map((note) => text(note))
      .filter((note): note is string => note !== null),
  };
}

// --- CII ---------------------------------------------------------------------------------------

function readCiiParty(r: Reader, agreement: XmlElement, role: 'seller' | 'buyer'): EInvoiceParty {
  const holderName = role === 'seller' ? 'ram:SellerTradeParty' : 'ram:BuyerTradeParty';
  const holder = find(agreement, holderName);
  const holderPath = pathTo(agreement, holderName);
  const [nameRule, addressRule, countryRule, bt] =
    role === 'seller' ? ['BR-06', 'BR-08', 'BR-09', 'BT-27'] : ['BR-07', 'BR-10', 'BR-11', 'BT-44'];
  const name = text(holder, 'ram:Name');
  if (name === null) r.violation(`${holderPath}/ram:Name`, `expected the ${role}'s name (${bt})`, nameRule);
  const registrations = findAll(holder, 'ram:SpecifiedTaxRegistration');
  const taxId = (scheme: string) =>
    text(registrations.map((reg) => find(reg, 'ram:ID')).find((id) => attribute(id, 'schemeID') === scheme));
  const postal = find(holder, 'ram:PostalTradeAddress');
  if (!postal && r.strictStructure) {
    r.violation(`${holderPath}/ram:PostalTradeAddress`, `expected the ${role}'s postal address`, addressRule);
  }
  const address = postal
    ? {
        street: text(postal, 'ram:LineOne'),
        additionalStreet: text(postal, 'ram:LineTwo'),
        postalCode: text(postal, 'ram:PostcodeCode'),
        city: text(postal, 'ram:CityName'),
        country: text(postal, 'ram:CountryID'),
      }
    : null;
  if (postal && address?.country === null) {
    r.violation(`${postal.path}/ram:CountryID`, `expected the ${role}'s country code`, countryRule);
  }
  const uri = find(holder, 'ram:URIUniversalCommunication', 'ram:URIID');
  const [endpointTerm, contactTerm] = role === 'seller' ? ['BT-34', 'BT-43'] : ['BT-49', 'BT-58'];
  return {
    name: name ?? '',
    tradingName: text(holder, 'ram:SpecifiedLegalOrganization', 'ram:TradingBusinessName'),
    id: text(holder, 'ram:ID') ?? text(holder, 'ram:GlobalID'),
    vatId: taxId('VA'),
    taxNumber: taxId('FC'),
    email: r.email(role, [
      { element: attribute(uri, 'schemeID') === 'EM' ? uri : undefined, term: endpointTerm },
      {
        element: find(holder, 'ram:DefinedTradeContact', 'ram:EmailURIUniversalCommunication', 'ram:URIID'),
        term: contactTerm,
      },
    ]),
    address,
  };
}

/** Stands in for a missing aggregate, so that what is missing below it is named with its full path. */
function placeholder(parent: XmlElement, name: string): XmlElement {
  return { name, local: localName(name), attributes: {}, children: [], text: '', path: pathTo(parent, name) };
}

function readCii(r: Reader, root: XmlElement): Draft {
  const profile = text(
    root,
    'rsm:ExchangedDocumentContext',
    'ram:GuidelineSpecifiedDocumentContextParameter',
    'ram:ID',
  );
  r.strictStructure = profile === null || !/(?:minimum|basicwl)$/i.test(profile);
  const document = find(root, 'rsm:ExchangedDocument') ?? placeholder(root, 'rsm:ExchangedDocument');
  const number = r.required(document, ['ram:ID'], 'BR-02', 'the invoice number (BT-1)');
  const typeCode = r.required(document, ['ram:TypeCode'], 'BR-04', 'the invoice type code (BT-3), e.g. 380');
  const issueDate = r.requiredDate(document, ['ram:IssueDateTime', 'udt:DateTimeString'], (found) =>
    r.ciiDate(found),
  );

  const transaction =
    find(root, 'rsm:SupplyChainTradeTransaction') ?? placeholder(root, 'rsm:SupplyChainTradeTransaction');
  const agreement =
    find(transaction, 'ram:ApplicableHeaderTradeAgreement') ??
    placeholder(transaction, 'ram:ApplicableHeaderTradeAgreement');
  const delivery = find(transaction, 'ram:ApplicableHeaderTradeDelivery');
  const settlement =
    find(transaction, 'ram:ApplicableHeaderTradeSettlement') ??
    placeholder(transaction, 'ram:ApplicableHeaderTradeSettlement');
  const currency = r.currencyCode(settlement, ['ram:InvoiceCurrencyCode']);

  const totalsName = 'ram:SpecifiedTradeSettlementHeaderMonetarySummation';
  const totals = find(settlement, totalsName);
  const totalsAt = (name: string) => [totalsName, name];
  // BT-110 is the TaxTotalAmount in the invoice currency; another one may state the VAT in the tax currency (BT-111).
  const taxTotals = findAll(totals, 'ram:TaxTotalAmount');
  const taxTotal =
    taxTotals.find((t) => {
      const currencyId = attribute(t, 'currencyID');
      return currencyId === null || currencyId === currency;
    }) ?? (currency ? undefined : taxTotals[0]);
  const lineTotalElement = find(totals, 'ram:LineTotalAmount');

  const lines = findAll(transaction, 'ram:IncludedSupplyChainTradeLineItem').map((line): EInvoiceLine => {
    const quantity = find(line, 'ram:SpecifiedLineTradeDelivery', 'ram:BilledQuantity');
    const unitCode = attribute(quantity, 'unitCode');
    if (quantity && unitCode === null)
      r.violation(quantity.path, 'expected the attribute unitCode (BT-130)', 'BR-23');
    const tax = find(line, 'ram:SpecifiedLineTradeSettlement', 'ram:ApplicableTradeTax');
    if (text(tax, 'ram:CategoryCode') === null) {
      r.violation(
        pathTo(line, 'ram:SpecifiedLineTradeSettlement', 'ram:ApplicableTradeTax', 'ram:CategoryCode'),
        'expected the line VAT category (BT-151)',
        'BR-CO-04',
      );
    }
    const pricePath = [
      'ram:SpecifiedLineTradeAgreement',
      'ram:NetPriceProductTradePrice',
      'ram:ChargeAmount',
    ];
    const price = find(line, ...pricePath);
    if (!price) r.violation(pathTo(line, ...pricePath), 'expected the item net price (BT-146)', 'BR-26');
    return {
      id: r.required(
        line,
        ['ram:AssociatedDocumentLineDocument', 'ram:LineID'],
        'BR-21',
        'the line identifier (BT-126)',
      ),
      name: r.required(line, ['ram:SpecifiedTradeProduct', 'ram:Name'], 'BR-25', 'the item name (BT-153)'),
      description: text(line, 'ram:SpecifiedTradeProduct', 'ram:Description'),
      quantity: r.requiredDecimal(
        line,
        ['ram:SpecifiedLineTradeDelivery', 'ram:BilledQuantity'],
        'BR-22',
        'the invoiced quantity (BT-129)',
      ),
      unitCode: unitCode ?? '',
      unitPrice: r.decimal(price, 'the item net price'),
      netCents: r.requiredAmount(
        line,
        [
          'ram:SpecifiedLineTradeSettlement',
          'ram:SpecifiedTradeSettlementLineMonetarySummation',
          'ram:LineTotalAmount',
        ],
        'BR-24',
        'the line net amount (BT-131)',
      ),
      vatCategory: text(tax, 'ram:CategoryCode'),
      vatRate: r.percent(find(tax, 'ram:RateApplicablePercent')),
    };
  });

  const paymentTerms = findAll(settlement, 'ram:SpecifiedTradePaymentTerms');
  const remittanceInfo = text(settlement, 'ram:PaymentReference');
  const mandateId =
    paymentTerms.map((terms) => text(terms, 'ram:DirectDebitMandateID')).find((id) => id !== null) ?? null;
  const paymentMeans = findAll(settlement, 'ram:SpecifiedTradeSettlementPaymentMeans').map(
    (means): EInvoicePaymentMeans => ({
      code: r.required(means, ['ram:TypeCode'], 'BR-49', 'the payment means type code (BT-81)'),
      ibans: findAll(means, 'ram:PayeePartyCreditorFinancialAccount')
        .map((account) => compact(text(account, 'ram:IBANID') ?? text(account, 'ram:ProprietaryID')))
        .filter((iban): iban is string => iban !== null),
      bic: text(means, 'ram:PayeeSpecifiedCreditorFinancialInstitution', 'ram:BICID'),
      accountName: text(means, 'ram:PayeePartyCreditorFinancialAccount', 'ram:AccountName'),
      remittanceInfo,
      mandateId,
      payerIban: compact(text(means, 'ram:PayerPartyDebtorFinancialAccount', 'ram:IBANID')),
    }),
  );

  const period = find(settlement, 'ram:BillingSpecifiedPeriod');
  return {
    syntax: 'cii',
    kind: CREDIT_NOTE_TYPE_CODES.has(typeCode) ? 'credit-note' : 'invoice',
    profile,
    typeCode,
    number,
    issueDate,
    dueDate:
      paymentTerms.map((terms) => r.ciiDate(find(terms, 'ram:DueDateDateTime'))).find((d) => d !== null) ??
      null,
    currency,
    lineTotalCents: lineTotalElement ? r.amount(lineTotalElement) : null,
    lineTotalPath: pathTo(settlement, ...totalsAt('ram:LineTotalAmount')),
    allowanceTotalCents: r.optionalAmount(settlement, ...totalsAt('ram:AllowanceTotalAmount')),
    chargeTotalCents: r.optionalAmount(settlement, ...totalsAt('ram:ChargeTotalAmount')),
    netCents: r.requiredAmount(
      settlement,
      totalsAt('ram:TaxBasisTotalAmount'),
      'BR-13',
      'the total without VAT (BT-109)',
    ),
    netPath: pathTo(settlement, ...totalsAt('ram:TaxBasisTotalAmount')),
    vatCents: r.amount(taxTotal),
    vatPath: taxTotal?.path ?? pathTo(settlement, ...totalsAt('ram:TaxTotalAmount')),
    totalCents: r.requiredAmount(
      settlement,
      totalsAt('ram:GrandTotalAmount'),
      'BR-14',
      'the total with VAT (BT-112)',
    ),
    totalPath: pathTo(settlement, ...totalsAt('ram:GrandTotalAmount')),
    prepaidCents: r.optionalAmount(settlement, ...totalsAt('ram:TotalPrepaidAmount')) ?? 0,
    roundingCents: r.optionalAmount(settlement, ...totalsAt('ram:RoundingAmount')) ?? 0,
    payableCents: r.requiredAmount(
      settlement,
      totalsAt('ram:DuePayableAmount'),
      'BR-15',
      'the amount due for payment (BT-115)',
    ),
    payablePath: pathTo(settlement, ...totalsAt('ram:DuePayableAmount')),
    seller: readCiiParty(r, agreement, 'seller'),
    buyer: readCiiParty(r, agreement, 'buyer'),
    buyerReference: text(agreement, 'ram:BuyerReference'),
    orderReference: text(agreement, 'ram:BuyerOrderReferencedDocument', 'ram:IssuerAssignedID'),
    precedingInvoice: text(settlement, 'ram:InvoiceReferencedDocument', 'ram:IssuerAssignedID'),
    deliveryDate: r.ciiDate(find(delivery, 'ram:ActualDeliverySupplyChainEvent', 'ram:OccurrenceDateTime')),
    invoicePeriod: period
      ? {
          start: r.ciiDate(find(period, 'ram:StartDateTime')),
          end: r.ciiDate(find(period, 'ram:EndDateTime')),
        }
      : null,
    termNotes: paymentTerms.flatMap((terms) => findAll(terms, 'ram:Description')),
    discountTerms: paymentTerms.flatMap((terms) => findAll(terms, 'ram:ApplicableTradePaymentDiscountTerms')),
    paymentMeans,
    lines,
    linesPath: pathTo(transaction, 'ram:IncludedSupplyChainTradeLineItem'),
    vatBreakdown: findAll(settlement, 'ram:ApplicableTradeTax').map((tax) => ({
      path: tax.path,
      category: r.required(tax, ['ram:CategoryCode'], 'BR-CO-18', 'the VAT category code (BT-118)'),
      rate: r.percent(find(tax, 'ram:RateApplicablePercent')),
      taxableCents: r.requiredAmount(
        tax,
        ['ram:BasisAmount'],
        'BR-45',
        'the VAT category taxable amount (BT-116)',
      ),
      taxCents: r.requiredAmount(
        tax,
        ['ram:CalculatedAmount'],
        'BR-46',
        'the VAT category tax amount (BT-117)',
      ),
      exemptionReason: text(tax, 'ram:ExemptionReason') ?? text(tax, 'ram:ExemptionReasonCode'),
    })),
    allowanceCharges: findAll(settlement, 'ram:SpecifiedTradeAllowanceCharge').map((item) => {
      const tax = find(item, 'ram:CategoryTradeTax');
      return {
        charge: text(item, 'ram:ChargeIndicator', 'udt:Indicator') === 'true',
        amountCents: r.requiredAmount(
          item,
          ['ram:ActualAmount'],
          'BR-31',
          'the allowance or charge amount (BT-92/BT-99)',
        ),
        reason: text(item, 'ram:Reason') ?? text(item, 'ram:ReasonCode'),
        vatCategory: text(tax, 'ram:CategoryCode'),
        vatRate: r.percent(find(tax, 'ram:RateApplicablePercent')),
      };
    }),
    notes: findAll(document, 'ram:IncludedNote')
      .map((note) => text(note, 'ram:Content'))
      .filter((note): note is string => note !== null),
  };
}

// --- checks common to both syntaxes --------------------------------------------------------------

/** What a syntax reader hands over: the invoice before the Skonto notation and the sums are checked. */
interface Draft extends Omit<
  EInvoice,
  | 'issueDate'
  | 'allowanceTotalCents'
  | 'chargeTotalCents'
  | 'vatCents'
  | 'vatBreakdown'
  | 'paymentTerms'
  | 'skonto'
  | 'warnings'
> {
  issueDate: CalendarDate | null;
  allowanceTotalCents: number | null;
  chargeTotalCents: number | null;
  vatCents: number | null;
  vatBreakdown: (EInvoiceVatBreakdown & { path: string })[];
  /** Payment terms texts (UBL `PaymentTerms/Note`, CII `SpecifiedTradePaymentTerms/Description`). */
  termNotes: XmlElement[];
  /** CII `ApplicableTradePaymentDiscountTerms`. */
  discountTerms: XmlElement[];
  lineTotalPath: string;
  netPath: string;
  vatPath: string;
  totalPath: string;
  payablePath: string;
  linesPath: string;
}

/**
 * XRechnung's Skonto notation (BR-DE-18), one offer per line of the payment terms:
 * `#SKONTO#TAGE=7#PROZENT=2.00#` or `#SKONTO#TAGE=7#PROZENT=2.00#BASISBETRAG=119.00#`.
 */
const SKONTO_PATTERN =
  /^#SKONTO#TAGE=(\d{1,3})#PROZENT=(\d{1,2}(?:\.\d{1,2})?)#(?:BASISBETRAG=(-?\d{1,15}(?:\.\d{1,2})?)#)?$/i;

function readSkonto(r: Reader, notes: XmlElement[], discountTerms: XmlElement[]): EInvoiceSkonto[] {
  const offers: EInvoiceSkonto[] = [];
  for (const note of notes) {
    for (const line of note.text.split(/\r?\n/)) {
      // Some senders put several offers on one line; each starts with #SKONTO#.
      for (const segment of line.split(/(?=#SKONTO#)/i)) {
        const candidate = segment.trim();
        if (!/^#SKONTO#/i.test(candidate)) continue;
        const match = SKONTO_PATTERN.exec(candidate);
        if (!match) {
          r.violation(
            note.path,
            `expected a Skonto line like #SKONTO#TAGE=7#PROZENT=2.00# (optionally followed by BASISBETRAG=119.00#), got "${candidate}"`,
            'BR-DE-18',
          );
          continue;
        }
        offers.push({
          days: Number(match[1]),
          percent: formatPercent(parsePercent(match[2] as string)),
          baseCents: match[3] === undefined ? null : r.amountText(match[3], note.path),
        });
      }
    }
  }
  for (const terms of discountTerms) {
    const measure = find(terms, 'ram:BasisPeriodMeasure');
    const days = text(measure);
    const unit = attribute(measure, 'unitCode');
    const percent = r.percent(find(terms, 'ram:CalculationPercent'));
    if (days === null || !/^\d{1,3}$/.test(days) || (unit !== null && unit !== 'DAY') || percent === null) {
      r.violation(
        terms.path,
        'expected ram:BasisPeriodMeasure in days (unitCode="DAY") and ram:CalculationPercent, e.g. 14 and 2.00',
      );
      continue;
    }
    const offer = { days: Number(days), percent, baseCents: r.optionalAmount(terms, 'ram:BasisAmount') };
    // The same offer is often stated twice: as structured terms and in XRechnung's text notation;
    // a base stated in only one of them holds for the offer.
    const same = offers.find((o) => o.days === offer.days && o.percent === offer.percent);
    if (!same) offers.push(offer);
    else if (same.baseCents === null) same.baseCents = offer.baseCents;
  }
  return offers;
}

function sum(values: readonly number[]): number {
  return values.reduce((a, b) => a + b, 0);
}

/** The amount the VAT rate gives on the taxable amount, rounded half-up to the minor unit (BR-CO-17). */
function expectedTax(taxableCents: number, rate: string): number {
  const { numerator, denominator } = percentAsFraction(parsePercent(rate));
  return Number(roundHalfUp(BigInt(taxableCents) * numerator, denominator));
}

/** EN 16931's calculation rules, every violation recorded. */
function checkArithmetic(r: Reader, d: Draft): { allowanceTotal: number; chargeTotal: number; vat: number } {
  const exponent = currencyExponent(d.currency);
  const show = (cents: number) => minorToDecimalString(cents, exponent);
  const mismatch = (path: string, rule: string, expected: string, computed: number, stated: number) =>
    r.violation(path, `${expected} = ${show(computed)}, but the document states ${show(stated)}`, rule);

  if (d.lineTotalCents !== null) {
    const lineSum = sum(d.lines.map((line) => line.netCents));
    if (lineSum !== d.lineTotalCents) {
      mismatch(d.lineTotalPath, 'BR-CO-10', 'sum of line net amounts (BT-131)', lineSum, d.lineTotalCents);
    }
  }
  const allowanceSum = sum(d.allowanceCharges.filter((a) => !a.charge).map((a) => a.amountCents));
  const chargeSum = sum(d.allowanceCharges.filter((a) => a.charge).map((a) => a.amountCents));
  const totalsPath = d.netPath.slice(0, d.netPath.lastIndexOf('/'));
  if (d.allowanceTotalCents !== null && d.allowanceTotalCents !== allowanceSum) {
    const name = d.syntax === 'ubl' ? 'cbc:AllowanceTotalAmount' : 'ram:AllowanceTotalAmount';
    mismatch(
      `${totalsPath}/${name}`,
      'BR-CO-11',
      'sum of document allowances (BT-92)',
      allowanceSum,
      d.allowanceTotalCents,
    );
  }
  if (d.chargeTotalCents !== null && d.chargeTotalCents !== chargeSum) {
    const name = d.syntax === 'ubl' ? 'cbc:ChargeTotalAmount' : 'ram:ChargeTotalAmount';
    mismatch(
      `${totalsPath}/${name}`,
      'BR-CO-12',
      'sum of document charges (BT-99)',
      chargeSum,
      d.chargeTotalCents,
    );
  }
  const allowanceTotal = d.allowanceTotalCents ?? allowanceSum;
  const chargeTotal = d.chargeTotalCents ?? chargeSum;
  if (d.lineTotalCents !== null) {
    const net = d.lineTotalCents - allowanceTotal + chargeTotal;
    if (net !== d.netCents) {
      mismatch(
        d.netPath,
        'BR-CO-13',
        'line total − allowances + charges (BT-106 − BT-107 + BT-108)',
        net,
        d.netCents,
      );
    }
  }
  const vat = d.vatCents ?? 0;
  if (d.vatBreakdown.length > 0) {
    const vatSum = sum(d.vatBreakdown.map((b) => b.taxCents));
    if (vatSum !== vat)
      mismatch(d.vatPath, 'BR-CO-14', 'sum of VAT category tax amounts (BT-117)', vatSum, vat);
  }
  for (const breakdown of d.vatBreakdown) {
    if (breakdown.rate === null) continue;
    const tax = expectedTax(breakdown.taxableCents, breakdown.rate);
    // One minor unit of tolerance: senders differ in how they round a half cent.
    if (Math.abs(tax - breakdown.taxCents) > 1) {
      const name = d.syntax === 'ubl' ? 'cbc:TaxAmount' : 'ram:CalculatedAmount';
      mismatch(
        `${breakdown.path}/${name}`,
        'BR-CO-17',
        `taxable amount × ${breakdown.rate} % (BT-116 × BT-119)`,
        tax,
        breakdown.taxCents,
      );
    }
  }
  const total = d.netCents + vat;
  const payable = d.totalCents - d.prepaidCents + d.roundingCents;
  if (total !== d.totalCents || payable !== d.payableCents) {
    // UBL 2.1 documents written before EN 16931 (no CustomizationID) put the rounding into the total
    // with VAT; the OASIS examples do. Accepted for them only, and said so.
    const isPreEn16931Rounding =
      d.syntax === 'ubl' &&
      d.profile === null &&
      d.roundingCents !== 0 &&
      d.totalCents === total + d.roundingCents &&
      d.payableCents === d.totalCents - d.prepaidCents;
    if (isPreEn16931Rounding) {
      r.warnings.push(
        `the rounding amount ${show(d.roundingCents)} is included in the total with VAT (UBL 2.1 practice), not added to the amount due (EN 16931 BR-CO-15/BR-CO-16)`,
      );
    } else {
      if (total !== d.totalCents) {
        mismatch(
          d.totalPath,
          'BR-CO-15',
          'total without VAT + VAT total (BT-109 + BT-110)',
          total,
          d.totalCents,
        );
      }
      if (payable !== d.payableCents) {
        mismatch(
          d.payablePath,
          'BR-CO-16',
          'total with VAT − paid amount + rounding (BT-112 − BT-113 + BT-114)',
          payable,
          d.payableCents,
        );
      }
    }
  }
  return { allowanceTotal, chargeTotal, vat };
}

function finish(file: string, r: Reader, d: Draft): EInvoice {
  if (r.strictStructure && d.lines.length === 0) {
    r.violation(d.linesPath, 'expected at least one invoice line (BG-25)', 'BR-16');
  }
  if (r.strictStructure && d.lineTotalCents === null) {
    r.violation(d.lineTotalPath, 'expected the sum of line net amounts (BT-106)', 'BR-12');
  }
  const skonto = readSkonto(r, d.termNotes, d.discountTerms);
  const { allowanceTotal, chargeTotal, vat } =
    r.unreadableAmounts === 0 ? checkArithmetic(r, d) : { allowanceTotal: 0, chargeTotal: 0, vat: 0 };
  if (r.violations.length > 0 || d.issueDate === null) throw new EInvoiceError(file, r.violations);
  const terms = d.termNotes.map((note) => note.text.trim()).filter((note) => note !== '');
  return {
    syntax: d.syntax,
    kind: d.kind,
    profile: d.profile,
    typeCode: d.typeCode,
    number: d.number,
    issueDate: d.issueDate,
    dueDate: d.dueDate,
    currency: d.currency,
    lineTotalCents: d.lineTotalCents,
    allowanceTotalCents: allowanceTotal,
    chargeTotalCents: chargeTotal,
    netCents: d.netCents,
    vatCents: vat,
    totalCents: d.totalCents,
    prepaidCents: d.prepaidCents,
    roundingCents: d.roundingCents,
    payableCents: d.payableCents,
    seller: d.seller,
    buyer: d.buyer,
    buyerReference: d.buyerReference,
    orderReference: d.orderReference,
    precedingInvoice: d.precedingInvoice,
    deliveryDate: d.deliveryDate,
    invoicePeriod: d.invoicePeriod,
    paymentTerms: terms.length > 0 ? terms.join('\n') : null,
    skonto,
    paymentMeans: d.paymentMeans,
    lines: d.lines,
    vatBreakdown: d.vatBreakdown.map(({ path: _path, ...breakdown }) => breakdown),
    allowanceCharges: d.allowanceCharges,
    notes: d.notes,
    warnings: r.warnings,
  };
}

// --- entry points ------------------------------------------------------------------------------

function namespaceOf(element: XmlElement): string | null {
  const colon = element.name.indexOf(':');
  const key = colon < 0 ? 'xmlns' : `xmlns:${element.name.slice(0, colon)}`;
  return element.attributes[key] ?? null;
}

const EXPECTED_ROOTS =
  `Invoice (${UBL_INVOICE_NS}) or CreditNote (${UBL_CREDIT_NOTE_NS}) for UBL, ` +
  `or CrossIndustryInvoice (${CII_NS}) for CII / ZUGFeRD 2 / Factur-X`;

/**
 * Reads an e-invoice from its XML text: UBL `Invoice` or `CreditNote`, or CII `CrossIndustryInvoice`,
 * recognised by root element and namespace. Throws an {@link EInvoiceError} naming every problem.
 */
export function readEInvoiceXml(xml: string, file: string): EInvoice {
  if (xml.length > MAX_EINVOICE_BYTES) throw tooLarge(file, 'the XML');
  const root = parseXml(file, xml.replace(/^\uFEFF/, ''));
  const namespace = namespaceOf(root);
  const reader = new Reader();
  const expected: Record<string, string> = {
    Invoice: UBL_INVOICE_NS,
    CreditNote: UBL_CREDIT_NOTE_NS,
    CrossIndustryInvoice: CII_NS,
  };
  const expectedNamespace = expected[root.local];
  if (expectedNamespace === undefined || namespace !== expectedNamespace) {
    const found = `${root.name}${namespace ? ` in namespace ${namespace}` : ' without a namespace'}`;
    const hint =
      root.local === 'CrossIndustryDocument'
        ? ' (ZUGFeRD 1.0 is not supported; ZUGFeRD 2 and later are)'
        : '';
    throw new EInvoiceError(file, [
      {
        path: root.path,
        message: `unknown root element ${found}${hint}; expected ${EXPECTED_ROOTS}`,
        rule: null,
      },
    ]);
  }
  const draft = root.local === 'CrossIndustryInvoice' ? readCii(reader, root) : readUbl(reader, root);
  return finish(file, reader, draft);
}

/** The largest e-invoice read, as a file and as the XML unpacked from a PDF: real ones are a few hundred KB. */
export const MAX_EINVOICE_BYTES = 20 * 2 ** 20;

function tooLarge(file: string, what: string): EInvoiceError {
  return new EInvoiceError(file, [
    {
      path: '(document)',
      message: `${what} is larger than ${MAX_EINVOICE_BYTES / 2 ** 20} MB; no e-invoice is that large`,
      rule: null,
    },
  ]);
}

/** Names under which ZUGFeRD, Factur-X and XRechnung embed the XML in a PDF, preferred in this order. */
const EMBEDDED_XML_NAMES = ['factur-x.xml', 'zugferd-invoice.xml', 'xrechnung.xml'];

function isPdf(bytes: Uint8Array): boolean {
  // The header may follow up to 1024 bytes of garbage (PDF 1.7, Annex H).
  const head = new TextDecoder('latin1').decode(bytes.subarray(0, 1024));
  return head.includes('%PDF-');
}

function pdfText(value: unknown): string | null {
  return value instanceof PDFString || value instanceof PDFHexString ? value.decodeText() : null;
}

/**
 * The XML attachment of a hybrid PDF (ZUGFeRD / Factur-X / XRechnung): looked up in the catalog's
 * `/Names /EmbeddedFiles` name tree and its `/AF` associated files.
 */
export async function extractEInvoiceAttachment(
  bytes: Uint8Array,
  file: string,
): Promise<{ name: string; bytes: Uint8Array }> {
  const fail = (message: string): never => {
    throw new EInvoiceError(file, [{ path: '(pdf)', message, rule: null }]);
  };
  let pdf: PDFDocument;
  try {
    pdf = await PDFDocument.load(bytes, { updateMetadata: false });
  } catch (error) {
    return fail(`cannot read the PDF: ${(error as Error).message}`);
  }
  const specs: PDFDict[] = [];
  const seen = new Set<PDFDict>();
  const addSpec = (value: unknown) => {
    const spec = value instanceof PDFDict ? value : null;
    if (spec && !seen.has(spec)) {
      seen.add(spec);
      specs.push(spec);
    }
  };
  const walked = new Set<PDFDict>();
  const walkNameTree = (node: PDFDict, depth: number) => {
    // Guard against a cyclic or absurdly deep name tree in a hostile file: each node once (two
    // kids that both link back would otherwise double the work on every level).
    if (depth > 32 || walked.has(node)) return;
    walked.add(node);
    const names = node.lookupMaybe(PDFName.of('Names'), PDFArray);
    if (names) for (let i = 1; i < names.size(); i += 2) addSpec(names.lookup(i));
    const kids = node.lookupMaybe(PDFName.of('Kids'), PDFArray);
    if (kids) {
      for (let i = 0; i < kids.size(); i++) {
        const kid = kids.lookup(i);
        if (kid instanceof PDFDict) walkNameTree(kid, depth + 1);
      }
    }
  };
  // pdf-lib reads a damaged file as far as it can; without a catalog there is nothing to look in.
  const catalog = pdf.catalog as PDFDict | undefined;
  if (!(catalog instanceof PDFDict)) return fail('cannot read the PDF: it has no document catalog');
  const embeddedFiles = catalog
    .lookupMaybe(PDFName.of('Names'), PDFDict)
    ?.lookupMaybe(PDFName.of('EmbeddedFiles'), PDFDict);
  if (embeddedFiles) walkNameTree(embeddedFiles, 0);
  const associated = catalog.lookupMaybe(PDFName.of('AF'), PDFArray);
  if (associated) for (let i = 0; i < associated.size(); i++) addSpec(associated.lookup(i));

  const attachments = specs.flatMap((spec) => {
    const name = pdfText(spec.lookup(PDFName.of('UF'))) ?? pdfText(spec.lookup(PDFName.of('F')));
    const streams = spec.lookupMaybe(PDFName.of('EF'), PDFDict);
    const stream = streams?.lookup(PDFName.of('F')) ?? streams?.lookup(PDFName.of('UF'));
    return name !== null && stream instanceof PDFRawStream ? [{ name, stream }] : [];
  });
  const xmlAttachments = attachments.filter((a) => a.name.toLowerCase().endsWith('.xml'));
  const rank = (name: string) => {
    const index = EMBEDDED_XML_NAMES.indexOf(name.toLowerCase());
    return index < 0 ? EMBEDDED_XML_NAMES.length : index;
  };
  const chosen = xmlAttachments.sort((a, b) => rank(a.name) - rank(b.name))[0];
  if (!chosen) {
    const found =
      attachments.length > 0 ? `; its attachments are ${attachments.map((a) => a.name).join(', ')}` : '';
    return fail(
      `expected an embedded e-invoice XML (${EMBEDDED_XML_NAMES.join(', ')} or another .xml attachment), but the PDF has none${found}`,
    );
  }
  try {
    // A compressed stream can expand a thousandfold: read no more than an e-invoice may have.
    const decoded = decodePDFRawStream(chosen.stream).getBytes(MAX_EINVOICE_BYTES + 1);
    if (decoded.length > MAX_EINVOICE_BYTES) {
      return fail(
        `the attachment ${chosen.name} expands to more than ${MAX_EINVOICE_BYTES / 2 ** 20} MB; no e-invoice is that large`,
      );
    }
    return { name: chosen.name, bytes: new Uint8Array(decoded.buffer, decoded.byteOffset, decoded.length) };
  } catch (error) {
    if (error instanceof EInvoiceError) throw error;
    return fail(`cannot decode the attachment ${chosen.name}: ${(error as Error).message}`);
  }
}

/** The XML text: a byte order mark wins, then the encoding in the XML declaration, else UTF-8. */
function decodeXmlBytes(bytes: Uint8Array, file: string): string {
  let encoding = 'utf-8';
  if (bytes[0] === 0xfe && bytes[1] === 0xff) encoding = 'utf-16be';
  else if (bytes[0] === 0xff && bytes[1] === 0xfe) encoding = 'utf-16le';
  else if (!(bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf)) {
    const declaration = new TextDecoder('latin1').decode(bytes.subarray(0, 200));
    const declared = /^<\?xml[^>]*\sencoding\s*=\s*["']([A-Za-z0-9._-]+)["']/.exec(declaration)?.[1];
    if (declared) encoding = declared.toLowerCase();
  }
  try {
    return new TextDecoder(encoding, { fatal: true }).decode(bytes);
  } catch (error) {
    const problem = error instanceof RangeError ? 'is not supported' : 'does not match the bytes';
    throw new EInvoiceError(file, [
      {
        path: '(document)',
        message: `the text encoding ${encoding} ${problem}; expected UTF-8 XML`,
        rule: null,
      },
    ]);
  }
}

/**
 * Reads an e-invoice file: XML (UBL or CII), or a PDF (recognised by `%PDF-`) with the XML
 * embedded, whose errors name the attachment as `rechnung.pdf (factur-x.xml)`.
 */
export async function readEInvoice(bytes: Uint8Array, file: string): Promise<EInvoice> {
  if (bytes.length > MAX_EINVOICE_BYTES) throw tooLarge(file, 'the file');
  if (!isPdf(bytes)) return readEInvoiceXml(decodeXmlBytes(bytes, file), file);
  const attachment = await extractEInvoiceAttachment(bytes, file);
  const name = `${file} (${attachment.name})`;
  return readEInvoiceXml(decodeXmlBytes(attachment.bytes, name), name);
}
