/**
 * @module order-service
 * An order from capture to payment: captured (with its payment terms stated up front), confirmed
 * (the confirmation PDF with the terms in plain words, e-mailed when the customer has an address),
 * in progress, a delivery date that moves (always with its reason), cancelled — each step a row of
 * the order's lifecycle and an event on the customer's timeline, in one transaction. Deliveries and
 * their invoices are in order-delivery-service; the invoice takes the order's lines and terms, so
 * nothing is typed twice and no day is lost. Capture checks the customer's credit limit
 * (credit-risk-service): above it the order carries a warning, or is refused when the company
 * blocks; invoicing the order is not checked again.
 */
import { z } from 'zod';
import { type CustomerRow, findCustomerById } from '../db/customer-repository.ts';
import type { Db } from '../db/database.ts';
import { appendEvents, type NewEvent } from '../db/event-store.ts';
import {
  deliveriesOf,
  deliveryDateChangesOf,
  findOrderById,
  findOrderByNumber,
  insertDeliveryDateChange,
  insertOrder,
  invoicesOfOrder,
  linesOfOrder,
  listOrders,
  type OrderRow,
  statusChangesOf,
  updateOrderRow,
} from '../db/order-repository.ts';
import type { OrderStatus } from '../db/schema.ts';
import { reserveNumbers } from '../db/tenant-repository.ts';
import { type CalendarDate, formatCalendarDate } from '../domain/calendar-date.ts';
import {
  isOrderPaid,
  MANUAL_ORDER_STATUSES,
  ORDER_TRANSITIONS,
  remainingQuantities,
} from '../domain/order-lifecycle.ts';
import { parsePaymentTerms } from '../domain/payment-terms.ts';
import { calendarDateSchema } from '../domain/schema-types.ts';
import { AppError } from './app-error.ts';
import { checkCreditLimitInTransaction, type CreditLimitWarning } from './credit-risk-service.ts';
import { findCustomerOrFail } from './customer-service.ts';
import {
  type CreatedInvoice,
  DEFAULT_PAYMENT_TERMS,
  invoiceLineSchema,
  toLineRows,
} from './invoice-service.ts';
import { invoiceDeliveryInTransaction, recordDeliveryInTransaction } from './order-delivery-service.ts';
import {
  queueConfirmationEmail,
  type QueuedEmail,
  queueStatusUpdate,
  renderOrderConfirmation,
} from './order-email-service.ts';
import { getOrderSettings } from './order-settings-service.ts';
import { changeOrderStatus, lockOrderOrFail, recordOrderReceived, todayOf } from './order-status-change.ts';
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
  /** `confirmed` (default): confirmed at once, as most orders are; `received`: confirmed later. */
  status: z.enum(['received', 'confirmed']).default('confirmed'),
  /** Queue the confirmation e-mail when confirmed (customer with an e-mail address only). */
  sendConfirmation: z.boolean().default(true),
});

/** The order as stored, the warning when it takes the customer above the credit limit, and the e-mail queued. */
export type CapturedOrder = OrderRow & {
  creditLimitWarning: CreditLimitWarning | null;
  confirmationEmail: QueuedEmail;
};

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
        status: 'received',
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
    await recordOrderReceived(tx, ctx, order);
    if (input.status === 'received') {
      return { ...order, creditLimitWarning: credit?.warning ?? null, confirmationEmail: null };
    }
    const confirmed = await confirmInTransaction(tx, ctx, order, customer, {
      confirmedOn: maxDay(order.orderedOn as CalendarDate, todayOf(ctx)),
      sendConfirmation: input.sendConfirmation,
      note: null,
    });
    return {
      ...confirmed.order,
      creditLimitWarning: credit?.warning ?? null,
      confirmationEmail: confirmed.confirmationEmail,
    };
  });
}

const maxDay = (a: CalendarDate, b: CalendarDate): CalendarDate => (a > b ? a : b);

async function customerOfOrder(tx: Db, ctx: ServiceContext, order: OrderRow): Promise<CustomerRow> {
  const customer = await findCustomerById(tx, ctx.tenantId, order.customerId);
  if (!customer) throw new AppError('not-found', `customer of order ${order.number} not found`);
  return customer;
}

/** A day the step happened, not before the order came in. */
function dayOfStep(
  order: OrderRow,
  day: string | undefined,
  ctx: ServiceContext,
  field: string,
): CalendarDate {
  const on = (day ?? maxDay(order.orderedOn as CalendarDate, todayOf(ctx))) as CalendarDate;
  if (on < order.orderedOn) {
    throw new AppError('validation', `${field}: ${on} lies before the order of ${order.orderedOn}`, {
      issues: [{ path: field, message: `must be ${order.orderedOn} or later` }],
    });
  }
  return on;
}

export interface ConfirmedOrder {
  order: OrderRow;
  /** The confirmation e-mail queued (PDF attached when it leaves), or null without an address. */
  confirmationEmail: QueuedEmail;
}

async function confirmInTransaction(
  tx: Db,
  ctx: ServiceContext,
  order: OrderRow,
  customer: CustomerRow,
  options: { confirmedOn: CalendarDate; sendConfirmation: boolean; note: string | null },
): Promise<ConfirmedOrder> {
  const changed = await changeOrderStatus(tx, ctx, order, 'confirmed', {
    on: options.confirmedOn,
    note: options.note,
    set: { confirmedOn: options.confirmedOn },
  });
  const confirmationEmail = options.sendConfirmation
    ? await queueConfirmationEmail(tx, ctx, changed.order, customer)
    : null;
  await appendEvents(
    tx,
    ctx.tenantId,
    ctx.actor,
    [
      {
        type: 'order.confirmed',
        entityType: 'order',
        entityId: order.id,
        customerId: order.customerId,
        payload: {
          number: order.number,
          confirmedOn: options.confirmedOn,
          deliveryDate: order.deliveryDate,
          confirmationEmail,
        },
      },
    ],
    ctx.now(),
  );
  return { order: changed.order, confirmationEmail };
}

const stepSchema = z.object({
  /** The day of the step; default today (not before the order date). */
  on: calendarDateSchema.optional(),
  note: z.string().trim().max(2000).nullable().optional(),
});

export const confirmOrderSchema = stepSchema.extend({ sendConfirmation: z.boolean().default(true) });

/**
 * Confirms a received order: records the day, and queues the confirmation e-mail with its PDF
 * (items, prices, VAT, delivery date and the payment terms in plain words) when the customer has
 * an e-mail address.
 */
export async function confirmOrder(
  ctx: ServiceContext,
  orderNumber: string,
  raw: z.input<typeof confirmOrderSchema> = {},
): Promise<ConfirmedOrder> {
  const input = parseInput(confirmOrderSchema, raw, 'confirmation');
  return ctx.db.transaction(async (tx) => {
    const order = await lockOrderOrFail(tx, ctx, orderNumber);
    if (order.status !== 'received') {
      throw new AppError(
        'conflict',
        `order ${orderNumber} is ${order.status}; only a received order is confirmed`,
        {
          issues: [{ path: 'status', message: `order is ${order.status}` }],
        },
      );
    }
    return confirmInTransaction(tx, ctx, order, await customerOfOrder(tx, ctx, order), {
      confirmedOn: dayOfStep(order, input.on, ctx, 'on'),
      sendConfirmation: input.sendConfirmation,
      note: input.note ?? null,
    });
  });
}

/** Work on the order has started (in progress); an update e-mail follows when the company wants one. */
export async function startOrder(
  ctx: ServiceContext,
  orderNumber: string,
  raw: z.input<typeof stepSchema> = {},
): Promise<OrderRow> {
  const input = parseInput(stepSchema, raw, 'start');
  return ctx.db.transaction(async (tx) => {
    const order = await lockOrderOrFail(tx, ctx, orderNumber);
    if (order.status === 'in-progress') {
      throw new AppError('conflict', `order ${orderNumber} is in progress already`);
    }
    const changed = await changeOrderStatus(tx, ctx, order, 'in-progress', {
      on: dayOfStep(order, input.on, ctx, 'on'),
      note: input.note ?? null,
      customer: await customerOfOrder(tx, ctx, order),
    });
    return changed.order;
  });
}

export const cancelOrderSchema = stepSchema.extend({ note: z.string().trim().min(3).max(2000) });

/** Cancels an order nothing of which was delivered; the reason is required. */
export async function cancelOrder(
  ctx: ServiceContext,
  orderNumber: string,
  raw: z.input<typeof cancelOrderSchema>,
): Promise<OrderRow> {
  const input = parseInput(cancelOrderSchema, raw, 'cancellation');
  return ctx.db.transaction(async (tx) => {
    const order = await lockOrderOrFail(tx, ctx, orderNumber);
    if (order.status === 'cancelled')
      throw new AppError('conflict', `order ${orderNumber} is cancelled already`);
    const changed = await changeOrderStatus(tx, ctx, order, 'cancelled', {
      on: dayOfStep(order, input.on, ctx, 'on'),
      note: input.note,
      customer: await customerOfOrder(tx, ctx, order),
    });
    return changed.order;
  });
}

export const moveDeliveryDateSchema = z.object({
  newDate: calendarDateSchema,
  /** Why the date moves: recorded, and told to the customer. */
  reason: z.string().trim().min(3).max(1000),
  /** Tell the customer by e-mail; default: the company's setting for updates. */
  notify: z.boolean().optional(),
  on: calendarDateSchema.optional(),
});

/**
 * Moves the promised delivery date, with its reason: a row of `order_delivery_date_changes`, the
 * event `order.delivery-date-moved`, and — when asked, or when the company sends updates — the
 * customer's delay e-mail naming the old and new date and the reason.
 */
export async function moveDeliveryDate(
  ctx: ServiceContext,
  orderNumber: string,
  raw: z.input<typeof moveDeliveryDateSchema>,
): Promise<{ order: OrderRow; update: QueuedEmail }> {
  const input = parseInput(moveDeliveryDateSchema, raw, 'delivery date');
  return ctx.db.transaction(async (tx) => {
    const order = await lockOrderOrFail(tx, ctx, orderNumber);
    if (!['received', 'confirmed', 'in-progress', 'partly-delivered'].includes(order.status)) {
      throw new AppError(
        'conflict',
        `order ${orderNumber} is ${order.status}; its delivery date no longer moves`,
        {
          issues: [{ path: 'status', message: `order is ${order.status}` }],
        },
      );
    }
    if (input.newDate === order.deliveryDate) {
      throw new AppError('validation', `newDate: the delivery date is ${input.newDate} already`, {
        issues: [{ path: 'newDate', message: 'is the delivery date already' }],
      });
    }
    const on = dayOfStep(order, input.on, ctx, 'on');
    const moved = await updateOrderRow(tx, ctx.tenantId, order.id, { deliveryDate: input.newDate });
    await insertDeliveryDateChange(tx, {
      tenantId: ctx.tenantId,
      orderId: order.id,
      previousDate: order.deliveryDate,
      newDate: input.newDate,
      reason: input.reason,
      changedOn: on,
      actor: ctx.actor,
    });
    await appendEvents(
      tx,
      ctx.tenantId,
      ctx.actor,
      [
        {
          type: 'order.delivery-date-moved',
          entityType: 'order',
          entityId: order.id,
          customerId: order.customerId,
          payload: {
            number: order.number,
            previousDate: order.deliveryDate,
            newDate: input.newDate,
            reason: input.reason,
            on,
          },
        },
      ],
      ctx.now(),
    );
    const notify = input.notify ?? (await getOrderSettings({ db: tx, tenantId: ctx.tenantId })).statusUpdates;
    const customer = await customerOfOrder(tx, ctx, order);
    const language = customer.language;
    const update = notify
      ? await queueStatusUpdate(tx, ctx, moved, customer, 'order-delivery-date-moved', {
          previousDeliveryDate: order.deliveryDate
            ? formatCalendarDate(order.deliveryDate as CalendarDate, language)
            : language === 'de'
              ? 'noch offen'
              : 'to be agreed',
          reason: input.reason,
        })
      : null;
    return { order: moved, update };
  });
}

const invoiceOrderSchema = z.object({
  issuedOn: calendarDateSchema,
  deliveredOn: calendarDateSchema.nullable().optional(),
});

/**
 * Invoices a whole order at once, with its lines and payment terms: records its delivery in full
 * (on `deliveredOn`, else the promised delivery date, else the invoice date) and invoices it. An
 * order with deliveries recorded is invoiced per delivery instead (order-delivery-service). No
 * credit check: the order's amount counted against the limit since its capture.
 */
export async function invoiceOrder(
  ctx: ServiceContext,
  orderNumber: string,
  raw: z.input<typeof invoiceOrderSchema>,
): Promise<CreatedInvoice> {
  const options = parseInput(invoiceOrderSchema, raw, 'invoicing');
  return ctx.db.transaction(async (tx) => {
    const order = await lockOrderOrFail(tx, ctx, orderNumber);
    if (order.status === 'invoiced' || order.status === 'paid')
      throw new AppError('conflict', `order ${orderNumber} is invoiced already`);
    if ((await deliveriesOf(tx, ctx.tenantId, order.id)).length > 0) {
      throw new AppError(
        'conflict',
        `order ${orderNumber} has deliveries recorded; each delivery is invoiced on its own`,
      );
    }
    const customer = await customerOfOrder(tx, ctx, order);
    const deliveredOn = (options.deliveredOn ?? order.deliveryDate ?? options.issuedOn) as CalendarDate;
    const { order: delivered, delivery } = await recordDeliveryInTransaction(tx, ctx, order, customer, {
      deliveredOn,
      lines: 'all',
      note: null,
    });
    const made = await invoiceDeliveryInTransaction(
      tx,
      ctx,
      delivered,
      customer,
      delivery,
      options.issuedOn as CalendarDate,
    );
    return made.invoice;
  });
}

/** The order with everything its page shows: lines with what is delivered, its lifecycle, invoices. */
export async function getOrderDetail(ctx: ServiceContext, ref: { id: number } | { number: string }) {
  const order =
    'id' in ref
      ? await findOrderById(ctx.db, ctx.tenantId, ref.id)
      : await findOrderByNumber(ctx.db, ctx.tenantId, ref.number);
  if (!order) throw new AppError('not-found', `order ${'id' in ref ? ref.id : ref.number} not found`);
  const [customer, lines, statusChanges, dateChanges, deliveries, invoices] = await Promise.all([
    findCustomerById(ctx.db, ctx.tenantId, order.customerId),
    linesOfOrder(ctx.db, ctx.tenantId, order.id),
    statusChangesOf(ctx.db, ctx.tenantId, order.id),
    deliveryDateChangesOf(ctx.db, ctx.tenantId, order.id),
    deliveriesOf(ctx.db, ctx.tenantId, order.id),
    invoicesOfOrder(ctx.db, ctx.tenantId, order.id),
  ]);
  if (!customer) throw new AppError('not-found', `customer of order ${order.number} not found`);
  const remaining = new Map(
    remainingQuantities(
      lines.map((l) => ({ position: l.position, quantityMilli: l.quantityMilli })),
      deliveries.flatMap((d) => d.lines),
    ).map((r) => [r.position, r.quantityMilli]),
  );
  return {
    order,
    customer: {
      id: customer.id,
      number: customer.number,
      name: customer.name,
      email: customer.email,
      language: customer.language,
      debtorKind: customer.debtorKind,
    },
    lines: lines.map((l) => ({
      ...l,
      remainingMilli: remaining.get(l.position) ?? 0,
      deliveredMilli: l.quantityMilli - (remaining.get(l.position) ?? 0),
    })),
    statusChanges,
    deliveryDateChanges: dateChanges,
    deliveries,
    invoices,
    /** The steps a person may take now (the others follow from deliveries and invoices). */
    nextStatuses: ORDER_TRANSITIONS[order.status].filter((s) =>
      MANUAL_ORDER_STATUSES.includes(s),
    ) as OrderStatus[],
    /** Paid by its invoices, even before the daily run marks it so. */
    isPaid: order.status === 'paid' || isOrderPaid(order.status, invoices),
  };
}

export type OrderDetail = Awaited<ReturnType<typeof getOrderDetail>>;

/** The order confirmation as a PDF, as it is (or was) e-mailed. */
export async function orderConfirmationPdf(ctx: ServiceContext, orderNumber: string): Promise<Uint8Array> {
  const order = await findOrderByNumber(ctx.db, ctx.tenantId, orderNumber);
  if (!order) throw new AppError('not-found', `order ${orderNumber} not found`);
  return renderOrderConfirmation(ctx, order);
}

/** Orders newest first, optionally of one customer or in one status (at most `limit`). */
export async function listOrderSummaries(
  ctx: ServiceContext,
  filter: { customerNumber?: string; status?: OrderStatus; limit?: number } = {},
) {
  const customer = filter.customerNumber
    ? await findCustomerOrFail(ctx.db, ctx.tenantId, filter.customerNumber)
    : null;
  return listOrders(ctx.db, ctx.tenantId, {
    ...(customer ? { customerId: customer.id } : {}),
    ...(filter.status ? { status: filter.status } : {}),
    beforeId: null,
    limit: filter.limit ?? 500,
  });
}
