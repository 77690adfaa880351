/**
 * @module invoice-csv
 * Reads open invoices from a CSV file as spreadsheets and accounting programs export it: German or
 * English headers, `;` or `,` between fields, decimal comma or point, UTF-8 or Windows-1252.
 * Pure: bytes in, and either every row with its customer or every error with line and column out —
 * an import is all-or-nothing, so the user must see all problems at once, not one per attempt.
 *
 * @example
 * const result = parseInvoiceCsv(bytes, 'rechnungen.csv');
 * if (!result.ok) for (const e of result.errors) console.log(`${e.file}:${e.line}:${e.column}: ${e.message}`);
 */
import { z } from 'zod';
import { addDays, type CalendarDate, daysBetween, isCalendarDate } from '../domain/calendar-date.ts';
import { minorToDecimalString, parseAmount } from '../domain/money.ts';

export type InvoiceCsvField =
  | 'invoiceNumber'
  | 'customerNumber'
  | 'customerName'
  | 'debtorKind'
  | 'invoiceDate'
  | 'dueDate'
  | 'paymentDays'
  | 'gross'
  | 'net'
  | 'vat'
  | 'currency'
  | 'email'
  | 'street'
  | 'postalCode'
  | 'city'
  | 'country'
  | 'language';

export interface InvoiceCsvColumn {
  field: InvoiceCsvField;
  required: boolean;
  /** Accepted header names (case, spaces, `-`, `_`, `.` and ä/ae spelling do not matter); the first names the column in messages. */
  headers: readonly string[];
  description: string;
}

/** Without a due date or payment days the invoice is due this many days after its date. */
export const DEFAULT_PAYMENT_DAYS = 14;

/** The documented columns, in the order the help lists them. */
export const INVOICE_CSV_COLUMNS: readonly InvoiceCsvColumn[] = [
  {
    field: 'invoiceNumber',
    required: true,
    headers: ['Rechnungsnummer', 'Rechnungsnr', 'Belegnummer', 'invoice_number', 'invoice number', 'number'],
    description: 'unique per company',
  },
  {
    field: 'customerNumber',
    required: true,
    headers: ['Kundennummer', 'Kundennr', 'Debitor', 'Debitorennummer', 'customer_number', 'customer number'],
    description: 'an existing customer is matched by it, a new one is created',
  },
  {
    field: 'customerName',
    required: true,
    headers: ['Kundenname', 'Name', 'Firma', 'customer_name', 'customer name'],
    description: 'name of a new customer (an existing customer keeps its name)',
  },
  {
    field: 'debtorKind',
    required: true,
    headers: ['Kundenart', 'Schuldnerart', 'debtor_kind', 'debtor kind'],
    description: 'privat/Verbraucher/consumer/B2C or gewerblich/Unternehmen/business/B2B (§§286, 288 BGB)',
  },
  {
    field: 'invoiceDate',
    required: true,
    headers: ['Rechnungsdatum', 'Belegdatum', 'invoice_date', 'invoice date'],
    description: 'DD.MM.YYYY or YYYY-MM-DD',
  },
  {
    field: 'dueDate',
    required: false,
    headers: ['Fälligkeit', 'Fälligkeitsdatum', 'Fällig', 'due_date', 'due date'],
    description: `DD.MM.YYYY or YYYY-MM-DD; without it: invoice date + payment days`,
  },
  {
    field: 'paymentDays',
    required: false,
    headers: ['Zahlungsziel', 'Zahlungsziel Tage', 'payment_days', 'payment days'],
    description: `days from the invoice date to the due date (0–365, default ${DEFAULT_PAYMENT_DAYS})`,
  },
  {
    field: 'gross',
    required: true,
    headers: ['Brutto', 'Betrag', 'Bruttobetrag', 'Rechnungsbetrag', 'gross', 'amount'],
    description: 'amount to pay: 1234,56 or 1.234,56 or 1234.56 or 1,234.56',
  },
  {
    field: 'net',
    required: false,
    headers: ['Netto', 'Nettobetrag', 'net'],
    description: 'net amount; net + VAT must equal gross',
  },
  {
    field: 'vat',
    required: false,
    headers: ['MwSt', 'USt', 'Umsatzsteuer', 'vat'],
    description: 'VAT amount',
  },
  {
    field: 'currency',
    required: false,
    headers: ['Währung', 'currency'],
    description: 'EUR (the only currency for now; the default)',
  },
  { field: 'email', required: false, headers: ['E-Mail', 'email'], description: 'of a new customer' },
  {
    field: 'street',
    required: false,
    headers: ['Straße', 'street'],
    description: 'address of a new customer',
  },
  { field: 'postalCode', required: false, headers: ['PLZ', 'Postleitzahl', 'postal_code'], description: '' },
  { field: 'city', required: false, headers: ['Ort', 'Stadt', 'city'], description: '' },
  { field: 'country', required: false, headers: ['Land', 'country'], description: 'ISO code, default DE' },
  {
    field: 'language',
    required: false,
    headers: ['Sprache', 'language'],
    description: 'de or en, default de',
  },
];

export type DebtorKind = 'consumer' | 'business';

export interface InvoiceCsvRow {
  /** Physical line of the file where the row starts. */
  line: number;
  invoiceNumber: string;
  customerNumber: string;
  invoiceDate: CalendarDate;
  dueDate: CalendarDate;
  /** Days from invoice date to due date: the row's payment terms are "net N days". */
  paymentDays: number;
  currency: 'EUR';
  grossCents: number;
  /** Without a net column: the gross amount (VAT 0). */
  netCents: number;
  vatCents: number;
}

export interface InvoiceCsvCustomer {
  /** First line the customer appears on. */
  line: number;
  /** Rows of this customer. */
  rowCount: number;
  number: string;
  name: string;
  debtorKind: DebtorKind;
  language: 'de' | 'en';
  email: string | null;
  address: { street: string; postalCode: string; city: string; country: string } | null;
}

export interface InvoiceCsvError {
  file: string;
  line: number;
  /** The column's header as written in the file; empty when the error concerns the whole file. */
  column: string;
  message: string;
}

export type InvoiceCsvResult =
  | {
      ok: true;
      rows: InvoiceCsvRow[];
      customers: InvoiceCsvCustomer[];
      /** Header as written in the file, per recognised field. */
      columns: Partial<Record<InvoiceCsvField, string>>;
      /** Headers that name no documented column: their data is not read. */
      ignoredColumns: string[];
      encoding: TextEncoding;
      delimiter: ';' | ',';
      totalCents: number;
    }
  | { ok: false; errors: InvoiceCsvError[] };

type TextEncoding = 'utf-8' | 'windows-1252' | 'utf-16le' | 'utf-16be';

// --- bytes to text ---------------------------------------------------------------------------

/** Windows-1252 0x80–0x9F; Node's decoder (up to v22) reads these bytes as Latin-1 control characters. */
const CP1252_HIGH = '€\u0081‚ƒ„…†‡ˆ‰Š‹Œ\u008dŽ\u008f\u0090‘’“”•–—˜™š›œ\u009džŸ';

function decodeText(bytes: Uint8Array): { text: string; encoding: TextEncoding } {
  if (bytes[0] === 0xff && bytes[1] === 0xfe)
    return { text: new TextDecoder('utf-16le').decode(bytes.subarray(2)), encoding: 'utf-16le' };
  if (bytes[0] === 0xfe && bytes[1] === 0xff)
    return { text: new TextDecoder('utf-16be').decode(bytes.subarray(2)), encoding: 'utf-16be' };
  try {
    // The decoder drops a leading BOM, which Excel writes for "CSV UTF-8".
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes), encoding: 'utf-8' };
  } catch {
    const latin = new TextDecoder('windows-1252').decode(bytes).replace(/^\u00ef\u00bb\u00bf/, '');
    const text = latin.replace(/[\u0080-\u009f]/g, (c) => CP1252_HIGH[c.charCodeAt(0) - 0x80] as string);
    return { text, encoding: 'windows-1252' };
  }
}

// --- text to records (RFC 4180) --------------------------------------------------------------

interface CsvRecord {
  line: number;
  fields: string[];
}

interface RecordError {
  line: number;
  fieldIndex: number;
  message: string;
}

const QUOTE = 34;
const LF = 10;
const CR = 13;

function countLineBreaks(text: string, from: number, to: number): number {
  let count = 0;
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i);
    if (c === LF || (c === CR && text.charCodeAt(i + 1) !== LF)) count++;
  }
  return count;
}

/** The delimiter of the header line starting at `start`: the more frequent of `;` and `,` outside quotes. */
function detectDelimiter(text: string, start: number): ';' | ',' | undefined {
  let semicolons = 0;
  let commas = 0;
  let quoted = false;
  for (let i = start; i < text.length; i++) {
    const c = text[i];
    if (c === '"') quoted = !quoted;
    else if (!quoted && (c === '\n' || c === '\r')) break;
    else if (!quoted && c === ';') semicolons++;
    else if (!quoted && c === ',') commas++;
  }
  if (semicolons === 0 && commas === 0) return undefined;
  return semicolons >= commas ? ';' : ',';
}

/** Splits the text into records; line numbers count physical lines, also those inside quoted fields. */
function readRecords(
  text: string,
  start: number,
  firstLine: number,
  delimiter: string,
): { records: CsvRecord[]; errors: RecordError[] } {
  const delim = delimiter.charCodeAt(0);
  const records: CsvRecord[] = [];
  const errors: RecordError[] = [];
  const n = text.length;
  let i = start;
  let line = firstLine;
  while (i < n) {
    const recordLine = line;
    const fields: string[] = [];
    for (;;) {
      let j = i;
      while (text[j] === ' ' || text[j] === '\t') j++;
      if (text.charCodeAt(j) === QUOTE) {
        const openLine = line;
        let value = '';
        let from = j + 1;
        for (;;) {
          const q = text.indexOf('"', from);
          if (q === -1) {
            errors.push({
              line: openLine,
              fieldIndex: fields.length,
              message: 'a quote (") opened here is never closed, so the rest of the file cannot be read',
            });
            return { records, errors };
          }
          value += text.slice(from, q);
          if (text.charCodeAt(q + 1) === QUOTE) {
            value += '"';
            from = q + 2;
          } else {
            line += countLineBreaks(text, j, q);
            i = q + 1;
            break;
          }
        }
        let end = i;
        while (end < n && text.charCodeAt(end) !== delim && text[end] !== '\n' && text[end] !== '\r') end++;
        if (text.slice(i, end).trim() !== '') {
          errors.push({
            line,
            fieldIndex: fields.length,
            message: `unexpected text after the closing quote: ${quoteValue(text.slice(i, end))} (a quote inside a quoted field is written "")`,
          });
        }
        i = end;
        fields.push(value);
      } else {
        let end = i;
        while (end < n) {
          const c = text.charCodeAt(end);
          if (c === delim || c === LF || c === CR) break;
          end++;
        }
        fields.push(text.slice(i, end));
        i = end;
      }
      if (i < n && text.charCodeAt(i) === delim) {
        i++;
        continue;
      }
      break;
    }
    if (text.charCodeAt(i) === CR) i++;
    if (text.charCodeAt(i) === LF) i++;
    line++;
    if (fields.some((f) => f.trim() !== '')) records.push({ line: recordLine, fields });
  }
  return { records, errors };
}

// --- values ------------------------------------------------------------------------------------

type Parsed<T> = { value: T } | { error: string };

function quoteValue(text: string): string {
  return JSON.stringify(text.length > 40 ? `${text.slice(0, 40)}…` : text);
}

/** Spreadsheets keep leading zeros by exporting `="00123"`. */
function cleanField(raw: string | undefined): string {
  const text = (raw ?? '').trim();
  const formula = /^="(.*)"$/.exec(text);
  return formula ? (formula[1] as string) : text;
}

/** Most amounts have no thousands separator: read them without the checks below. */
const PLAIN_AMOUNT = /^\d{1,12}(?:[.,]\d{1,2})?$/;
const THOUSANDS: Readonly<Record<string, RegExp>> = {
  '.': /^\d{1,3}(?:\.\d{3})+$/,
  ',': /^\d{1,3}(?:,\d{3})+$/,
};
const AMOUNT_EXPECTED = 'expected an amount like 1234,56 or 1.234,56 or 1234.56';

/**
 * Cents from "1.234,56", "1,234.56", "1234,5", "1234": the last separator followed by one or two
 * digits is the decimal mark, the others must group thousands. A single separator followed by
 * three digits ("1.234") is rejected: it is 1234 in German and 1.234 in English notation.
 */
export function parseCsvAmount(raw: string): Parsed<number> {
  if (PLAIN_AMOUNT.test(raw)) return { value: parseAmount(raw, 'EUR').minor };
  const text = raw.replace(/[\s\u00a0\u202f]/g, '').replace(/^€|€$|EUR$/gi, '');
  if (/^-|-$/.test(text)) return { error: `negative amounts are not imported, got ${quoteValue(raw)}` };
  const body = text.replace(/^\+/, '');
  if (!/^\d[\d.,]*$/.test(body)) return { error: `${AMOUNT_EXPECTED}, got ${quoteValue(raw)}` };
  const lastSep = Math.max(body.lastIndexOf('.'), body.lastIndexOf(','));
  let whole = body;
  let fraction = '';
  if (lastSep >= 0) {
    const sep = body[lastSep] as string;
    const other = sep === '.' ? ',' : '.';
    const after = body.slice(lastSep + 1);
    const before = body.slice(0, lastSep);
    const sepCount = body.split(sep).length - 1;
    if (before.includes(other) || sepCount === 1) {
      // The last separator is the decimal mark; any others group thousands.
      if (!/^\d{1,2}$/.test(after)) {
        if (/^\d{3}$/.test(after) && !before.includes(other)) {
          return {
            error: `${quoteValue(raw)} is ambiguous (thousands or decimals?): write 1234 or 1234,00 or 1.234,00`,
          };
        }
        return { error: `${AMOUNT_EXPECTED} (at most 2 decimals), got ${quoteValue(raw)}` };
      }
      if (before.includes(other) && !THOUSANDS[other]?.test(before))
        return { error: `${AMOUNT_EXPECTED} (thousands in groups of three), got ${quoteValue(raw)}` };
      whole = before.split(other).join('');
      fraction = after;
    } else {
      // The same separator several times: thousands only ("1.234.567").
      if (!THOUSANDS[sep]?.test(body))
        return { error: `${AMOUNT_EXPECTED} (thousands in groups of three), got ${quoteValue(raw)}` };
      whole = body.split(sep).join('');
    }
  }
  whole = whole.replace(/^0+(?=\d)/, '');
  if (whole.length > 12) return { error: `amount too large: ${quoteValue(raw)}` };
  return { value: parseAmount(fraction ? `${whole}.${fraction}` : whole, 'EUR').minor };
}

const DATE_EXPECTED = 'expected a date like 31.12.2024 or 2024-12-31';

/** A calendar date from "31.12.2024", "1.2.2024" or "2024-12-31". */
export function parseCsvDate(raw: string): Parsed<CalendarDate> {
  const german = /^(\d{1,2})\.(\d{1,2})\.(\d{2}|\d{4})$/.exec(raw);
  if (german) {
    const [, day, month, year] = german as unknown as [string, string, string, string];
    if (year.length === 2)
      return { error: `${DATE_EXPECTED}, got ${quoteValue(raw)} (write the year with four digits)` };
    const iso = `${year}-${month.padStart(2, '0')}-${day.padStart(2, '0')}`;
    return isCalendarDate(iso) ? { value: iso } : { error: `no such day: ${quoteValue(raw)}` };
  }
  if (/^\d{4}-\d{2}-\d{2}$/.test(raw))
    return isCalendarDate(raw) ? { value: raw } : { error: `no such day: ${quoteValue(raw)}` };
  return { error: `${DATE_EXPECTED}, got ${quoteValue(raw)}` };
}

const DEBTOR_KINDS: Readonly<Record<string, DebtorKind>> = {
  privat: 'consumer',
  privatkunde: 'consumer',
  privatperson: 'consumer',
  verbraucher: 'consumer',
  consumer: 'consumer',
  private: 'consumer',
  b2c: 'consumer',
  gewerblich: 'business',
  gewerbe: 'business',
  unternehmen: 'business',
  unternehmer: 'business',
  firma: 'business',
  business: 'business',
  company: 'business',
  b2b: 'business',
};

const LANGUAGES: Readonly<Record<string, 'de' | 'en'>> = {
  de: 'de',
  deutsch: 'de',
  german: 'de',
  en: 'en',
  englisch: 'en',
  english: 'en',
};

const COUNTRY_NAMES: Readonly<Record<string, string>> = {
  deutschland: 'DE',
  germany: 'DE',
  oesterreich: 'AT',
  austria: 'AT',
  schweiz: 'CH',
  switzerland: 'CH',
};

const emailSchema = z.email();

function parseEmail(raw: string): Parsed<string> {
  return emailSchema.safeParse(raw).success
    ? { value: raw }
    : { error: `expected an e-mail address, got ${quoteValue(raw)}` };
}

function parseCountry(raw: string): Parsed<string> {
  const named = lookUp(COUNTRY_NAMES, raw);
  if (named) return { value: named };
  return /^[a-z]{2}$/i.test(raw)
    ? { value: raw.toUpperCase() }
    : { error: `expected a country code like DE, got ${quoteValue(raw)}` };
}

function parseDays(raw: string): Parsed<number> {
  const match = /^(\d{1,3})(?:\s*(?:tage?|days?))?$/i.exec(raw);
  const days = Number(match?.[1] ?? NaN);
  return days <= 365
    ? { value: days }
    : { error: `expected a number of days from 0 to 365, got ${quoteValue(raw)}` };
}

function parseCurrency(raw: string): Parsed<'EUR'> {
  return /^(eur|€)$/i.test(raw)
    ? { value: 'EUR' }
    : { error: `only EUR is supported for now, got ${quoteValue(raw)}` };
}

/** A word like "gewerblich" or "Deutsch" in a table; own keys only, so "constructor" is no word. */
function lookUp<T>(table: Readonly<Record<string, T>>, raw: string): T | undefined {
  const key = normalizeName(raw);
  return Object.hasOwn(table, key) ? table[key] : undefined;
}

function parseWord<T>(table: Readonly<Record<string, T>>, expected: string) {
  return (raw: string): Parsed<T> => {
    const value = lookUp(table, raw);
    return value === undefined ? { error: `expected ${expected}, got ${quoteValue(raw)}` } : { value };
  };
}

const parseDebtorKind = parseWord(
  DEBTOR_KINDS,
  'privat, Verbraucher, consumer or B2C for consumers; gewerblich, Unternehmen, business or B2B for businesses',
);
const parseLanguage = parseWord(LANGUAGES, 'de or en');

function formatCents(value: number): string {
  return minorToDecimalString(value, 2);
}

/** Header names compare without case, spaces, punctuation, and with umlauts spelt out (Fälligkeit = Faelligkeit). */
function normalizeName(text: string): string {
  return text
    .toLowerCase()
    .replace(/ä/g, 'ae')
    .replace(/ö/g, 'oe')
    .replace(/ü/g, 'ue')
    .replace(/ß/g, 'ss')
    .replace(/[^a-z0-9]/g, '');
}

const FIELD_BY_HEADER = new Map<string, InvoiceCsvColumn>(
  INVOICE_CSV_COLUMNS.flatMap((column) => column.headers.map((h) => [normalizeName(h), column] as const)),
);

const ADDRESS_FIELDS = ['street', 'postalCode', 'city'] as const;
const MAX_LENGTH: Partial<Record<InvoiceCsvField, number>> = {
  invoiceNumber: 40,
  customerNumber: 40,
  customerName: 200,
  email: 200,
  street: 200,
  postalCode: 20,
  city: 100,
};

// --- the file ----------------------------------------------------------------------------------

interface CustomerDraft {
  line: number;
  rowCount: number;
  number: string;
  /** The first value each customer field had, and its line: later rows must agree. */
  values: Partial<Record<InvoiceCsvField, string>>;
  lines: Partial<Record<InvoiceCsvField, number>>;
}

const CUSTOMER_FIELDS = [
  'customerName',
  'debtorKind',
  'language',
  'email',
  'street',
  'postalCode',
  'city',
  'country',
] as const satisfies readonly InvoiceCsvField[];

function toCustomer({ line, rowCount, number, values }: CustomerDraft): InvoiceCsvCustomer {
  return {
    line,
    rowCount,
    number,
    name: values.customerName as string,
    debtorKind: values.debtorKind as DebtorKind,
    language: (values.language ?? 'de') as 'de' | 'en',
    email: values.email ?? null,
    address:
      values.street === undefined
        ? null
        : {
            street: values.street,
            postalCode: values.postalCode as string,
            city: values.city as string,
            country: values.country ?? 'DE',
          },
  };
}

function byLine(errors: InvoiceCsvError[]): InvoiceCsvError[] {
  return errors.sort((a, b) => a.line - b.line); // stable: the order within a line stays
}

/** Skips an Excel "sep=;" line and blank lines; returns where the header starts. */
function findHeader(text: string): { start: number; line: number; delimiter: ';' | ',' | undefined } {
  const sepLine = /^sep=([;,])[ \t]*(?:\r\n|\n|\r|$)/i.exec(text);
  let start = sepLine ? sepLine[0].length : 0;
  let line = sepLine ? 2 : 1;
  for (;;) {
    const blank = /^[ \t]*(?:\r\n|\n|\r)/.exec(text.slice(start, start + 1000));
    if (!blank) break;
    start += blank[0].length;
    line++;
  }
  const delimiter = (sepLine?.[1] as ';' | ',' | undefined) ?? detectDelimiter(text, start);
  return { start, line, delimiter };
}

const EMPTY_FILE = 'the file is empty; expected a header line such as Rechnungsnummer;Kundennummer;…';

/** Reads the fields of the current row, reporting each problem at its line and column. */
class RowReader {
  record: CsvRecord = { line: 0, fields: [] };

  constructor(
    private readonly index: Partial<Record<InvoiceCsvField, number>>,
    private readonly columns: Partial<Record<InvoiceCsvField, string>>,
    private readonly fail: (line: number, column: string, message: string) => void,
  ) {}

  readonly at = (field: InvoiceCsvField, message: string): void =>
    this.fail(this.record.line, this.columns[field] as string, message);

  raw(field: InvoiceCsvField): string {
    const i = this.index[field];
    return i === undefined ? '' : cleanField(this.record.fields[i]);
  }

  text(field: InvoiceCsvField, required: boolean): string | undefined {
    const value = this.raw(field);
    const max = MAX_LENGTH[field];
    if (value === '') {
      if (required) this.at(field, 'is empty; a value is required');
    } else if (max !== undefined && value.length > max) {
      this.at(field, `is ${value.length} characters long; at most ${max} are allowed`);
    } else return value;
    return undefined;
  }

  parsed<T>(field: InvoiceCsvField, parse: (value: string) => Parsed<T>, required = false): T | undefined {
    const value = this.text(field, required);
    if (value === undefined) return undefined;
    const result = parse(value);
    if ('value' in result) return result.value;
    this.at(field, result.error);
    return undefined;
  }
}

/** Reads an invoice CSV; never throws on bad input, but returns every error found. */
export function parseInvoiceCsv(bytes: Uint8Array, fileName: string): InvoiceCsvResult {
  const { text, encoding } = decodeText(bytes);
  const errors: InvoiceCsvError[] = [];
  const fail = (line: number, column: string, message: string) =>
    void errors.push({ file: fileName, line, column, message });

  const { start, line: headerLine, delimiter } = findHeader(text);
  if (text.slice(start).trim() === '') {
    fail(headerLine, '', EMPTY_FILE);
    return { ok: false, errors };
  }
  if (!delimiter) {
    fail(headerLine, '', 'expected a header line with column names separated by ; or ,');
    return { ok: false, errors };
  }
  const { records, errors: recordErrors } = readRecords(text, start, headerLine, delimiter);
  const [header, ...body] = records;
  const headers = header?.fields.map((f) => f.trim()) ?? [];
  const columnName = (i: number) => headers[i] || `column ${i + 1}`;
  for (const e of recordErrors) fail(e.line, columnName(e.fieldIndex), e.message);
  if (!header) {
    // Only delimiters (";;;"), or a quote never closed in the header itself.
    if (errors.length === 0) fail(headerLine, '', EMPTY_FILE);
    return { ok: false, errors };
  }

  // Which column holds which field.
  const index: Partial<Record<InvoiceCsvField, number>> = {};
  const ignoredColumns: string[] = [];
  headers.forEach((name, i) => {
    const column = FIELD_BY_HEADER.get(normalizeName(name));
    if (!column) {
      if (name !== '') ignoredColumns.push(name);
      return;
    }
    const previous = index[column.field];
    if (previous === undefined) index[column.field] = i;
    else fail(header.line, name, `the same column as ${columnName(previous)}; keep only one of them`);
  });
  const missing = INVOICE_CSV_COLUMNS.filter((c) => c.required && index[c.field] === undefined);
  const addressColumns = INVOICE_CSV_COLUMNS.filter((c) =>
    (ADDRESS_FIELDS as readonly string[]).includes(c.field),
  );
  if (addressColumns.some((c) => index[c.field] !== undefined))
    missing.push(...addressColumns.filter((c) => index[c.field] === undefined));
  for (const column of missing) {
    const why = column.required ? '' : ' (an address needs street, postal code and city)';
    fail(
      header.line,
      column.headers[0] as string,
      `missing column${why}; expected one named ${column.headers.join(' or ')}`,
    );
  }
  // A broken header makes every row unreadable: its errors are the ones to fix first.
  if (errors.some((e) => e.line === header.line)) return { ok: false, errors: byLine(errors) };
  if (body.length === 0) {
    fail(header.line, '', 'the file has a header but no invoice rows');
    return { ok: false, errors: byLine(errors) };
  }
  const columns: Partial<Record<InvoiceCsvField, string>> = {};
  for (const [field, i] of Object.entries(index)) columns[field as InvoiceCsvField] = headers[i] as string;

  const rows: InvoiceCsvRow[] = [];
  const customers = new Map<string, CustomerDraft>();
  const invoiceLines = new Map<string, number>();
  let total = 0n;

  const reader = new RowReader(index, columns, fail);
  for (const record of body) {
    const errorsBefore = errors.length;
    reader.record = record;
    if (record.fields.length > headers.length) {
      const extra = record.fields.slice(headers.length).findIndex((f) => f.trim() !== '');
      if (extra >= 0) {
        fail(
          record.line,
          `column ${headers.length + extra + 1}`,
          `the row has ${record.fields.length} fields but the header only ${headers.length} (a ${delimiter} inside a value must be quoted)`,
        );
      }
    }
    const invoiceNumber = reader.text('invoiceNumber', true);
    const customerNumber = reader.text('customerNumber', true);
    const invoiceDate = reader.parsed('invoiceDate', parseCsvDate, true);
    const dueDateGiven = reader.parsed('dueDate', parseCsvDate);
    const paymentDaysGiven = reader.parsed('paymentDays', parseDays);
    const gross = reader.parsed('gross', parseCsvAmount, true);
    const netGiven = reader.parsed('net', parseCsvAmount);
    const vatGiven = reader.parsed('vat', parseCsvAmount);
    reader.parsed('currency', parseCurrency);
    const customerValues: Partial<Record<InvoiceCsvField, string | undefined>> = {
      customerName: reader.text('customerName', true)?.replace(/\s+/g, ' '),
      debtorKind: reader.parsed('debtorKind', parseDebtorKind, true),
      language: reader.parsed('language', parseLanguage),
      email: reader.parsed('email', parseEmail),
      street: reader.text('street', false),
      postalCode: reader.text('postalCode', false),
      city: reader.text('city', false),
      country: reader.parsed('country', parseCountry),
    };

    // The due date is given, or the invoice date plus the payment days; both given must agree.
    let dueDate: CalendarDate | undefined;
    let paymentDays: number | undefined;
    if (invoiceDate !== undefined && dueDateGiven !== undefined) {
      const days = daysBetween(invoiceDate, dueDateGiven);
      if (days < 0)
        reader.at('dueDate', `the due date ${dueDateGiven} is before the invoice date ${invoiceDate}`);
      else if (days > 365)
        reader.at(
          'dueDate',
          `the due date ${dueDateGiven} is more than 365 days after the invoice date ${invoiceDate}`,
        );
      else if (paymentDaysGiven !== undefined && paymentDaysGiven !== days)
        reader.at(
          'paymentDays',
          `${paymentDaysGiven} days after ${invoiceDate} is not the due date ${dueDateGiven} (${days} days)`,
        );
      else [dueDate, paymentDays] = [dueDateGiven, days];
    } else if (invoiceDate !== undefined && reader.raw('dueDate') === '') {
      paymentDays = paymentDaysGiven ?? DEFAULT_PAYMENT_DAYS;
      dueDate = addDays(invoiceDate, paymentDays);
    }

    // net + VAT = gross; of net and VAT, a missing one is the difference, both missing: no VAT shown.
    let netCents = gross;
    let vatCents = 0;
    if (gross === 0) reader.at('gross', 'is 0; an invoice to collect needs an amount above 0');
    if (gross !== undefined && netGiven !== undefined && vatGiven !== undefined) {
      [netCents, vatCents] = [netGiven, vatGiven];
      if (netGiven + vatGiven !== gross)
        reader.at(
          'gross',
          `net ${formatCents(netGiven)} + VAT ${formatCents(vatGiven)} = ${formatCents(netGiven + vatGiven)}, not ${formatCents(gross)}`,
        );
    } else if (gross !== undefined && netGiven !== undefined) {
      [netCents, vatCents] = [netGiven, gross - netGiven];
      if (netGiven > gross)
        reader.at('net', `the net ${formatCents(netGiven)} is more than the gross ${formatCents(gross)}`);
    } else if (gross !== undefined && vatGiven !== undefined) {
      [netCents, vatCents] = [gross - vatGiven, vatGiven];
      if (vatGiven > gross)
        reader.at('vat', `the VAT ${formatCents(vatGiven)} is more than the gross ${formatCents(gross)}`);
    }
    if (netCents === 0 && vatCents > 0) reader.at('net', 'is 0 but there is VAT; VAT needs a net amount');

    // An address is all or nothing.
    if (ADDRESS_FIELDS.some((f) => customerValues[f] !== undefined)) {
      for (const f of ADDRESS_FIELDS)
        if (reader.raw(f) === '') reader.at(f, 'is empty; an address needs street, postal code and city');
    }

    if (invoiceNumber !== undefined) {
      const first = invoiceLines.get(invoiceNumber);
      if (first === undefined) invoiceLines.set(invoiceNumber, record.line);
      else reader.at('invoiceNumber', `the invoice number ${invoiceNumber} appears also on line ${first}`);
    }

    // One customer, one set of master data: a later row may not say otherwise.
    if (customerNumber !== undefined) {
      let customer = customers.get(customerNumber);
      if (!customer) {
        customer = { line: record.line, rowCount: 0, number: customerNumber, values: {}, lines: {} };
        customers.set(customerNumber, customer);
      }
      customer.rowCount++;
      for (const field of CUSTOMER_FIELDS) {
        const value = customerValues[field];
        if (value === undefined) continue;
        const first = customer.values[field];
        if (first === undefined) {
          customer.values[field] = value;
          customer.lines[field] = record.line;
        } else if (first !== value) {
          reader.at(
            field,
            `customer ${customerNumber} has ${quoteValue(first)} on line ${customer.lines[field]}, not ${quoteValue(value)}`,
          );
        }
      }
    }

    if (errors.length > errorsBefore) continue;
    total += BigInt(gross as number);
    rows.push({
      line: record.line,
      invoiceNumber: invoiceNumber as string,
      customerNumber: customerNumber as string,
      invoiceDate: invoiceDate as CalendarDate,
      dueDate: dueDate as CalendarDate,
      paymentDays: paymentDays as number,
      currency: 'EUR',
      grossCents: gross as number,
      netCents: netCents as number,
      vatCents,
    });
  }
  if (total > BigInt(Number.MAX_SAFE_INTEGER))
    fail(header.line, columns.gross as string, 'the amounts add up to more than can be imported at once');
  if (errors.length > 0) return { ok: false, errors: byLine(errors) };
  return {
    ok: true,
    rows,
    customers: [...customers.values()].map(toCustomer),
    columns,
    ignoredColumns,
    encoding,
    delimiter,
    totalCents: Number(total),
  };
}
