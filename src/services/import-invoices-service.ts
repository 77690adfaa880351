/**
 * @module import-invoices-service
 * `import invoices`: open invoices from a CSV file, all or nothing. The file is checked completely
 * first — its own rows, then against the database (invoice numbers taken, customers known as the
 * other debtor kind) — and every problem is reported at once; only a clean file is written, in one
 * transaction with its events, set-wise so that 100,000 rows take seconds, not hours.
 */
import { refreshStatistics } from '../db/database.ts';
import { createHash } from 'node:crypto';
import { type CustomerRow, findCustomersByNumbers, insertCustomers } from '../db/customer-repository.ts';
import { appendEvents, type NewEvent } from '../db/event-store.ts';
import {
  findExistingInvoiceNumbers,
  insertInvoices,
  type NewInvoiceLineRow,
  type NewInvoiceRow,
} from '../db/invoice-repository.ts';
import { roundHalfUp } from '../domain/rounding.ts';
import {
  type InvoiceCsvCustomer,
  type InvoiceCsvError,
  type InvoiceCsvRow,
  parseInvoiceCsv,
} from '../formats/invoice-csv.ts';
import { AppError } from './app-error.ts';
import { customerRowValues } from './customer-service.ts';
import { invoiceCreatedEvent } from './invoice-service.ts';
import type { ServiceContext } from './service-context.ts';

export interface ImportInvoicesInput {
  /** Names the file in errors and in the import's event. */
  fileName: string;
  bytes: Uint8Array;
}

export interface ImportInvoicesResult {
  fileName: string;
  invoices: number;
  customersCreated: number;
  customersMatched: number;
  totalCents: number;
  currency: 'EUR';
  /** Headers that are not documented columns; their data was not read. */
  ignoredColumns: string[];
  encoding: string;
  delimiter: string;
}

/** Events are hashed and inserted in slices, so memory stays flat however long the file. */
const EVENT_CHUNK = 10_000;
/** Invoices built and written at a time (a multiple of EVENT_CHUNK). */
const WRITE_SLICE = 50_000;

/** VAT rate in hundredths of a per cent, from the amounts: 19.00 % → 1900 (commercial rounding). */
export function vatRateBasisPoints(netCents: number, vatCents: number): number {
  if (netCents === 0) return 0;
  return Number(roundHalfUp(BigInt(vatCents) * 10_000n, BigInt(netCents)));
}

function importRejected(fileName: string, errors: readonly InvoiceCsvError[]): AppError {
  const issues = errors.map((e) => ({
    path: e.column ? `${e.file}:${e.line}:${e.column}` : `${e.file}:${e.line}`,
    message: e.message,
  }));
  // The CLI prints the message alone for one issue, else a heading (up to the first colon) and the issues.
  const message =
    issues.length === 1
      ? `${issues[0]?.path}: ${issues[0]?.message} (nothing imported)`
      : `${fileName} rejected with ${issues.length} errors, nothing imported`;
  return new AppError('import-rejected', message, { issues });
}

const KIND_NAMES = { consumer: 'consumer (privat)', business: 'business (gewerblich)' } as const;

/** What the database says against the file: invoice numbers taken, customers of the other debtor kind. */
function conflictsWithDatabase(
  fileName: string,
  columns: { invoiceNumber?: string | undefined; debtorKind?: string | undefined },
  rows: readonly InvoiceCsvRow[],
  customers: readonly InvoiceCsvCustomer[],
  existingCustomers: readonly CustomerRow[],
  takenNumbers: readonly string[],
): InvoiceCsvError[] {
  const errors: InvoiceCsvError[] = [];
  const known = new Map(existingCustomers.map((c) => [c.number, c]));
  for (const customer of customers) {
    const stored = known.get(customer.number);
    if (stored && stored.debtorKind !== customer.debtorKind) {
      errors.push({
        file: fileName,
        line: customer.line,
        column: columns.debtorKind ?? '',
        message: `customer ${customer.number} exists as ${KIND_NAMES[stored.debtorKind]}, the file says ${KIND_NAMES[customer.debtorKind]} (on ${customer.rowCount} row${customer.rowCount === 1 ? '' : 's'})`,
      });
    }
  }
  const taken = new Set(takenNumbers);
  for (const row of rows) {
    if (taken.has(row.invoiceNumber)) {
      errors.push({
        file: fileName,
        line: row.line,
        column: columns.invoiceNumber ?? '',
        message: `invoice ${row.invoiceNumber} exists already`,
      });
    }
  }
  return errors.sort((a, b) => a.line - b.line);
}

function invoiceLine(row: InvoiceCsvRow, language: 'de' | 'en', fileName: string): NewInvoiceLineRow {
  return {
    position: 1,
    description:
      language === 'de'
        ? `Rechnung ${row.invoiceNumber} (CSV-Import ${fileName})`
        : `Invoice ${row.invoiceNumber} (CSV import ${fileName})`,
    quantityMilli: 1000,
    unit: 'C62',
    unitPriceCents: row.netCents,
    vatRateBasisPoints: vatRateBasisPoints(row.netCents, row.vatCents),
    netCents: row.netCents,
    vatCents: row.vatCents,
    grossCents: row.grossCents,
  };
}

/** Tables an import fills in bulk: their statistics are refreshed afterwards (see refreshStatistics). */
const IMPORTED_TABLES = ['customers', 'invoices', 'invoice_lines', 'claim_states', 'events'];

export async function importInvoices(
  ctx: ServiceContext,
  input: ImportInvoicesInput,
): Promise<ImportInvoicesResult> {
  const { fileName, bytes } = input;
  const parsed = parseInvoiceCsv(bytes, fileName);
  if (!parsed.ok) throw importRejected(fileName, parsed.errors);
  const { rows, customers, columns } = parsed;
  const sha256 = createHash('sha256').update(bytes).digest('hex');

  const result = await ctx.db.transaction(async (tx) => {
    // Checked inside the transaction, so a concurrent import cannot slip in between check and write.
    const existing = await findCustomersByNumbers(
      tx,
      ctx.tenantId,
      customers.map((c) => c.number),
    );
    const taken = await findExistingInvoiceNumbers(
      tx,
      ctx.tenantId,
      rows.map((r) => r.invoiceNumber),
    );
    const conflicts = conflictsWithDatabase(fileName, columns, rows, customers, existing, taken);
    if (conflicts.length > 0) throw importRejected(fileName, conflicts);

    const existingNumbers = new Set(existing.map((c) => c.number));
    const created = await insertCustomers(
      tx,
      customers
        .filter((c) => !existingNumbers.has(c.number))
        .map((c) =>
          customerRowValues(ctx.tenantId, c.number, {
            name: c.name,
            debtorKind: c.debtorKind,
            language: c.language,
            email: c.email,
            address: c.address,
            ibans: [],
          }),
        ),
    );
    const customerByNumber = new Map([...existing, ...created].map((c) => [c.number, c]));
    const at = ctx.now();
    const append = async (events: NewEvent[]) => {
      for (let i = 0; i < events.length; i += EVENT_CHUNK)
        await appendEvents(tx, ctx.tenantId, ctx.actor, events.slice(i, i + EVENT_CHUNK), at);
    };
    await append(
      created.map((c) => ({
        type: 'customer.created',
        entityType: 'customer',
        entityId: c.id,
        customerId: c.id,
        payload: { number: c.number, name: c.name, debtorKind: c.debtorKind, source: 'csv' },
      })),
    );

    // The invoices in slices, each written with its events before the next is built: a large file
    // holds its parsed rows, not also every row object, stored row and event at once (W1's memory).
    let invoiceCount = 0;
    for (let start = 0; start < rows.length; start += WRITE_SLICE) {
      const invoiceRows = rows.slice(start, start + WRITE_SLICE).map((row) => {
        const customer = customerByNumber.get(row.customerNumber) as CustomerRow;
        const invoice: NewInvoiceRow = {
          tenantId: ctx.tenantId,
          number: row.invoiceNumber,
          customerId: customer.id,
          issuedOn: row.invoiceDate,
          dueDate: row.dueDate,
          // The file gives days or a due date, which the row turned into days: never a calendar-fixed term.
          dueDateFixedByCalendar: false,
          // Whether the invoice told a consumer about §286 Abs. 3 BGB is unknown: assume it did not.
          thirtyDayNotice: false,
          paymentTerms: { kind: 'net', days: row.paymentDays },
          currency: row.currency,
          netCents: row.netCents,
          vatCents: row.vatCents,
          grossCents: row.grossCents,
          source: 'csv',
        };
        return { invoice, lines: [invoiceLine(row, customer.language, fileName)] };
      });
      const invoices = await insertInvoices(tx, ctx.tenantId, invoiceRows);
      invoiceCount += invoices.length;
      await append(invoices.map((i) => invoiceCreatedEvent(i, { source: 'csv' })));
    }

    const result: ImportInvoicesResult = {
      fileName,
      invoices: invoiceCount,
      customersCreated: created.length,
      customersMatched: existing.length,
      totalCents: parsed.totalCents,
      currency: 'EUR',
      ignoredColumns: parsed.ignoredColumns,
      encoding: parsed.encoding,
      delimiter: parsed.delimiter,
    };
    await append([
      {
        type: 'import.completed',
        entityType: 'import',
        entityId: sha256,
        payload: {
          kind: 'invoices',
          fileName,
          sha256,
          invoices: result.invoices,
          customersCreated: result.customersCreated,
          customersMatched: result.customersMatched,
          totalCents: result.totalCents,
          currency: result.currency,
        },
      },
    ]);
    return result;
  });
  await refreshStatistics(ctx.db, IMPORTED_TABLES);
  return result;
}
