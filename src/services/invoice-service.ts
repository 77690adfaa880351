/**
 * @module invoice-service
 * Invoicing: an invoice from lines (or from an order), with totals, due date and Skonto from the
 * payment terms, an open claim, and its event — all in one transaction. An invoice not made from
 * an order is checked against the customer's credit limit (credit-risk-service): above it, it
 * carries a warning, or is refused when the company blocks.
 */
import { z } from 'zod';
import type { Db } from '../db/database.ts';
import { appendEvents, type NewEvent } from '../db/event-store.ts';
import {
  type InvoiceRow,
  insertInvoices,
  type NewInvoiceLineRow,
  type NewInvoiceRow,
} from '../db/invoice-repository.ts';
import { reserveNumbers } from '../db/tenant-repository.ts';
import type { CalendarDate } from '../domain/calendar-date.ts';
import { computeInvoiceTotals } from '../domain/invoice-totals.ts';
import {
  dueDateFor,
  isDueDateFixedByCalendar,
  type PaymentTermsInput,
  parsePaymentTerms,
} from '../domain/payment-terms.ts';
import { calendarDateSchema } from '../domain/schema-types.ts';
import { AppError } from './app-error.ts';
import { checkCreditLimitInTransaction, type CreditLimitWarning } from './credit-risk-service.ts';
import { findCustomerOrFail } from './customer-service.ts';
import { parseInput } from './parse-input.ts';
import type { ServiceContext } from './service-context.ts';

/** Used when neither the invoice nor the customer names terms. */
export const DEFAULT_PAYMENT_TERMS: PaymentTermsInput = { kind: 'net', days: 14 };

const decimal = (what: string, decimals: number) =>
  z.union([z.string(), z.number()]).transform((value, ctx) => {
    const text = String(value).trim();
    if (!new RegExp(`^\\d{1,12}(?:[.,]\\d{1,${decimals}})?$`).test(text)) {
      ctx.addIssue({
        code: 'custom',
        message: `expected ${what} with at most ${decimals} decimals, got "${text}"`,
      });
      return z.NEVER;
    }
    return text.replace(',', '.');
  });

export const invoiceLineSchema = z.object({
  description: z.string().trim().min(1).max(500),
  quantity: decimal('a quantity', 3).default('1'),
  unit: z.string().max(10).default('C62'),
  unitPrice: decimal('a price', 2),
  vatRatePercent: decimal('a VAT rate', 2).default('19'),
});

export const invoiceInputSchema = z.object({
  customerNumber: z.string().min(1),
  number: z.string().trim().min(1).max(40).optional(),
  issuedOn: calendarDateSchema,
  receivedOn: calendarDateSchema.nullable().optional(),
  deliveredOn: calendarDateSchema.nullable().optional(),
  paymentTerms: z.record(z.string(), z.unknown()).optional(),
  /** The invoice tells a consumer that default follows 30 days after due date and receipt (§286 Abs. 3 BGB). */
  thirtyDayNotice: z.boolean().default(true),
  lines: z.array(invoiceLineSchema).min(1).max(1000),
});

export type InvoiceInput = z.input<typeof invoiceInputSchema>;

/** "1.5" with 3 decimals → 1500; the text was checked by the schema (digits, at most `decimals` decimals). */
function toScaledInteger(text: string, decimals: number): number {
  const [whole = '0', fraction = ''] = text.split('.');
  return Number(whole + fraction.padEnd(decimals, '0'));
}

export function toLineRows(lines: z.output<typeof invoiceLineSchema>[]): NewInvoiceLineRow[] {
  const inputs = lines.map((line) => ({
    quantityMilli: toScaledInteger(line.quantity, 3),
    unitPriceCents: toScaledInteger(line.unitPrice, 2),
    vatRateBasisPoints: toScaledInteger(line.vatRatePercent, 2),
  }));
  const totals = computeInvoiceTotals(inputs);
  return lines.map((line, i) => ({
    position: i + 1,
    description: line.description,
    unit: line.unit,
    quantityMilli: inputs[i]?.quantityMilli as number,
    unitPriceCents: inputs[i]?.unitPriceCents as number,
    vatRateBasisPoints: inputs[i]?.vatRateBasisPoints as number,
    netCents: totals.lines[i]?.net.minor as number,
    vatCents: totals.lines[i]?.vat.minor as number,
    grossCents: totals.lines[i]?.gross.minor as number,
  }));
}

/** Reserves `count` invoice numbers: RE000001 … */
export async function nextInvoiceNumbers(db: Db, tenantId: number, count: number): Promise<string[]> {
  const { prefix, first } = await reserveNumbers(db, tenantId, 'invoice', count);
  return Array.from({ length: count }, (_, i) => `${prefix}${String(first + i).padStart(6, '0')}`);
}

/** The invoice as stored, and the warning when it takes the customer above the credit limit. */
export type CreatedInvoice = InvoiceRow & { creditLimitWarning: CreditLimitWarning | null };

export async function createInvoice(ctx: ServiceContext, raw: InvoiceInput): Promise<CreatedInvoice> {
  const input = parseInput(invoiceInputSchema, raw, 'invoice');
  return ctx.db.transaction((tx) => createInvoiceInTransaction(tx, ctx, input, null));
}

/**
 * Creates the invoice, its lines, its open claim and its event in the caller's transaction. Only
 * an invoice without an order is checked against the credit limit: an order's amount counted
 * against it since the order was captured.
 */
export async function createInvoiceInTransaction(
  tx: Db,
  ctx: ServiceContext,
  input: z.output<typeof invoiceInputSchema>,
  orderId: number | null,
): Promise<CreatedInvoice> {
  const customer = await findCustomerOrFail(tx, ctx.tenantId, input.customerNumber);
  const termsInput = input.paymentTerms ?? customer.paymentTerms ?? DEFAULT_PAYMENT_TERMS;
  let terms;
  try {
    terms = parsePaymentTerms(termsInput);
  } catch (error) {
    throw new AppError('validation', `paymentTerms: ${(error as Error).message}`, {
      issues: [{ path: 'paymentTerms', message: (error as Error).message }],
    });
  }
  const lines = toLineRows(input.lines);
  const number = input.number ?? (await nextInvoiceNumbers(tx, ctx.tenantId, 1))[0];
  const grossCents = lines.reduce((s, l) => s + (l.grossCents as number), 0);
  // Checked before the invoice is stored, so its own amount is not yet among the open claims.
  const credit =
    orderId === null
      ? await checkCreditLimitInTransaction(tx, ctx, customer, grossCents, {
          kind: 'invoice',
          number: number as string,
        })
      : null;
  const invoice: NewInvoiceRow = {
    tenantId: ctx.tenantId,
    number: number as string,
    customerId: customer.id,
    orderId,
    issuedOn: input.issuedOn,
    receivedOn: input.receivedOn ?? null,
    deliveredOn: input.deliveredOn ?? null,
    dueDate: dueDateFor(terms, input.issuedOn as CalendarDate),
    dueDateFixedByCalendar: isDueDateFixedByCalendar(terms),
    thirtyDayNotice: input.thirtyDayNotice,
    paymentTerms: termsInput as Record<string, unknown>,
    currency: 'EUR',
    netCents: lines.reduce((s, l) => s + (l.netCents as number), 0),
    vatCents: lines.reduce((s, l) => s + (l.vatCents as number), 0),
    grossCents,
    source: orderId === null ? 'manual' : 'order',
  };
  const [created] = await insertInvoices(tx, ctx.tenantId, [{ invoice, lines }]);
  const row = created as InvoiceRow;
  await appendEvents(
    tx,
    ctx.tenantId,
    ctx.actor,
    [invoiceCreatedEvent(row, { orderId }), ...(credit ? [credit.event] : [])],
    ctx.now(),
  );
  return { ...row, creditLimitWarning: credit?.warning ?? null };
}

/** The event of a new invoice, as every way of creating one records it; `extra` says where it came from. */
export function invoiceCreatedEvent(row: InvoiceRow, extra: Record<string, unknown> = {}): NewEvent {
  return {
    type: 'invoice.created',
    entityType: 'invoice',
    entityId: row.id,
    customerId: row.customerId,
    payload: {
      number: row.number,
      grossCents: row.grossCents,
      issuedOn: row.issuedOn,
      dueDate: row.dueDate,
      ...extra,
    },
  };
}
