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
import type { DebtorKind } from '../domain/default-interest.ts';
import { addDays, type CalendarDate, daysBetween } from '../domain/calendar-date.ts';
import { minorToDecimalString } from '../domain/money.ts';
import {
  type CsvEncoding,
  type CsvRecord,
  decodeCsvText,
  findCsvHeader,
  readCsvRecords,
} from './csv-records.ts';
import {
  cleanCsvField,
  normalizeCsvName,
  type Parsed,
  parseCsvAmount,
  parseCsvCountry,
  parseCsvCurrency,
  parseCsvDate,
  parseCsvDays,
  parseCsvDebtorKind,
  parseCsvEmail,
  parseCsvLanguage,
  quoteCsvValue,
} from './csv-values.ts';

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
      encoding: CsvEncoding;
      delimiter: ';' | ',';
      totalCents: number;
    }
  | { ok: false; errors: InvoiceCsvError[] };

function formatCents(value: number): string {
  return minorToDecimalString(value, 2);
}

const FIELD_BY_HEADER = new Map<string, InvoiceCsvColumn>(
  INVOICE_CSV_COLUMNS.flatMap((column) => column.headers.map((h) => [normalizeCsvName(h), column] as const)),
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
    return i === undefined ? '' : cleanCsvField(this.record.fields[i]);
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

/**
 * The whole file is decoded in memory: a year of a large company (1,000,000 invoices) is about
 * 120 MB; a larger file is refused before it is decoded and split.
 */
export const MAX_INVOICE_CSV_BYTES = 256 * 2 ** 20;

/** Reads an invoice CSV; never throws on bad input, but returns every error found. */
export function parseInvoiceCsv(bytes: Uint8Array, fileName: string): InvoiceCsvResult {
  const errors: InvoiceCsvError[] = [];
  const fail = (line: number, column: string, message: string) =>
    void errors.push({ file: fileName, line, column, message });
  if (bytes.length > MAX_INVOICE_CSV_BYTES) {
    fail(
      1,
      '',
      `the file is larger than ${MAX_INVOICE_CSV_BYTES / 2 ** 20} MB; split it into several imports`,
    );
    return { ok: false, errors };
  }
  const { text, encoding } = decodeCsvText(bytes);

  const { start, line: headerLine, delimiter } = findCsvHeader(text);
  if (text.slice(start).trim() === '') {
    fail(headerLine, '', EMPTY_FILE);
    return { ok: false, errors };
  }
  if (!delimiter) {
    fail(headerLine, '', 'expected a header line with column names separated by ; or ,');
    return { ok: false, errors };
  }
  const { records, errors: recordErrors } = readCsvRecords(text, start, headerLine, delimiter);
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
    const column = FIELD_BY_HEADER.get(normalizeCsvName(name));
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
    const paymentDaysGiven = reader.parsed('paymentDays', parseCsvDays);
    const gross = reader.parsed('gross', parseCsvAmount, true);
    const netGiven = reader.parsed('net', parseCsvAmount);
    const vatGiven = reader.parsed('vat', parseCsvAmount);
    reader.parsed('currency', parseCsvCurrency);
    const customerValues: Partial<Record<InvoiceCsvField, string | undefined>> = {
      customerName: reader.text('customerName', true)?.replace(/\s+/g, ' '),
      debtorKind: reader.parsed('debtorKind', parseCsvDebtorKind, true),
      language: reader.parsed('language', parseCsvLanguage),
      email: reader.parsed('email', parseCsvEmail),
      street: reader.text('street', false),
      postalCode: reader.text('postalCode', false),
      city: reader.text('city', false),
      country: reader.parsed('country', parseCsvCountry),
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
            `customer ${customerNumber} has ${quoteCsvValue(first)} on line ${customer.lines[field]}, not ${quoteCsvValue(value)}`,
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
