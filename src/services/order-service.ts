/**
 * @module order-service
 * Capturing an order (with its payment terms stated up front) and invoicing it: the invoice
 * takes the order's lines and terms, so nothing is typed twice and no day is lost. Capture checks
 * the customer's credit limit (credit-risk-service): above it the order carries a warning, or is
 * refused when the company blocks; invoicing the order is not checked again.
 */
import { z } from 'zod';
import { findCustomerById } from '../db/customer-repository.ts';
import { appendEvents, type NewEvent } from '../db/event-store.ts';
import {
  insertOrder,
  linesOfOrder,
  lockOrderByNumber,
  type OrderRow,
  setOrderStatus,
} from '../db/order-repository.ts';
import { reserveNumbers } from '../db/tenant-repository.ts';
import { minorToDecimalString } from '../domain/money.ts';
import { parsePaymentTerms } from '../domain/payment-terms.ts';
import { calendarDateSchema } from '../domain/schema-types.ts';
import { AppError } from './app-error.ts';
import { checkCreditLimitInTransaction, type CreditLimitWarning } from './credit-risk-service.ts';
import {
  type CreatedInvoice,
  createInvoiceInTransaction,
  DEFAULT_PAYMENT_TERMS,
  invoiceInputSchema,
  invoiceLineSchema,
  toLineRows,
} from './invoice-service.ts';
import { findCustomerOrFail } from './customer-service.ts';
import { parseInput } from './parse-input.ts';
import type { ServiceContext } from './service-context.ts';

export const orderInputSchema = z.object({
  customerNumber: z.string().min(1),
  number: z.string().trim().min(1).max(40).optional(),
  orderedOn: calendarDateSchema,
  deliveryDate: calendarDateSchema.nullable().optional(),
  paymentTerms: z.record(z.string(), z.unknown()).optional(),
  notes: z.string().max(5000).nullable().optional(),
  lines: z.array(invoiceLineSchema).min(1).max(1000),
});

/** The order as stored, and the warning when it takes the customer above the credit limit. */
export type CapturedOrder = OrderRow & { creditLimitWarning: CreditLimitWarning | null };

export async function captureOrder(
  ctx: ServiceContext,
  raw: z.input<typeof orderInputSchema>,
): Promise<CapturedOrder> {
  const input = parseInput(orderInputSchema, raw, 'order');
  return ctx.db.transaction(async (tx) => {
    const customer = await findCustomerOrFail(tx, ctx.tenantId, input.customerNumber);
    const terms = input.paymentTerms ?? customer.paymentTerms ?? DEFAULT_PAYMENT_TERMS;
    try {
      parsePaymentTerms(terms);
    } catch (error) {
      throw new AppError('validation', `paymentTerms: ${(error as Error).message}`);
    }
    let number = input.number;
    if (!number) {
      const { prefix, first } = await reserveNumbers(tx, ctx.tenantId, 'order', 1);
      number = `${prefix}${String(first).padStart(6, '0')}`;
    }
    const lines = toLineRows(input.lines);
    // Checked before the order is stored, so its own amount is not yet among the open orders.
    const credit = await checkCreditLimitInTransaction(
      tx,
      ctx,
      customer,
      lines.reduce((sum, l) => sum + (l.grossCents as number), 0),
      { kind: 'order', number },
    );
    const order = await insertOrder(
      tx,
      {
        tenantId: ctx.tenantId,
        number,
        customerId: customer.id,
        status: 'confirmed',
        orderedOn: input.orderedOn,
        deliveryDate: input.deliveryDate ?? null,
        paymentTerms: terms as Record<string, unknown>,
        notes: input.notes ?? null,
      },
      lines,
    );
    const events: NewEvent[] = [
      {
        type: 'order.captured',
        entityType: 'order',
        entityId: order.id,
        customerId: customer.id,
        payload: { number: order.number, orderedOn: order.orderedOn, paymentTerms: terms },
      },
    ];
    if (credit) events.push(credit.event);
    await appendEvents(tx, ctx.tenantId, ctx.actor, events, ctx.now());
    return { ...order, creditLimitWarning: credit?.warning ?? null };
  });
}

const invoiceOrderSchema = z.object({
  issuedOn: calendarDateSchema,
  deliveredOn: calendarDateSchema.nullable().optional(),
});

/**
 * Invoices an order once, with its lines and payment terms. No credit check: the order's amount
 * counted against the limit since its capture, and the invoice only takes its place.
 */
export async function invoiceOrder(
  ctx: ServiceContext,
  orderNumber: string,
  raw: z.input<typeof invoiceOrderSchema>,
): Promise<CreatedInvoice> {
  const options = parseInput(invoiceOrderSchema, raw, 'invoicing');
  return ctx.db.transaction(async (tx) => {
    const order = await lockOrderByNumber(tx, ctx.tenantId, orderNumber);
    if (!order) throw new AppError('not-found', `order ${orderNumber} not found`);
    if (order.status === 'invoiced')
      throw new AppError('conflict', `order ${orderNumber} is invoiced already`);
    const lines = await linesOfOrder(tx, ctx.tenantId, order.id);
    const customer = await findCustomerById(tx, ctx.tenantId, order.customerId);
    if (!customer) throw new AppError('not-found', `customer of order ${orderNumber} not found`);
    const input = parseInput(
      invoiceInputSchema,
      {
        customerNumber: customer.number,
        issuedOn: options.issuedOn,
        deliveredOn: options.deliveredOn ?? order.deliveryDate,
        paymentTerms: order.paymentTerms,
        lines: lines.map((line) => ({
          description: line.description,
          quantity: minorToDecimalString(line.quantityMilli, 3),
          unit: line.unit,
          unitPrice: minorToDecimalString(line.unitPriceCents, 2),
          vatRatePercent: minorToDecimalString(line.vatRateBasisPoints, 2),
        })),
      },
      'invoice',
    );
    const invoice = await createInvoiceInTransaction(tx, ctx, input, order.id);
    await setOrderStatus(tx, ctx.tenantId, order.id, 'invoiced');
    await appendEvents(
      tx,
      ctx.tenantId,
      ctx.actor,
      [
        {
          type: 'order.invoiced',
          entityType: 'order',
          entityId: order.id,
          customerId: order.customerId,
          payload: { invoiceNumber: invoice.number, issuedOn: invoice.issuedOn },
        },
      ],
      ctx.now(),
    );
    return invoice;
  });
}
