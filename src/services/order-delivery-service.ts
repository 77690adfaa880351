/**
 * @module order-delivery-service
 * Deliveries of an order, whole or in part, and the invoice for each — so that no day is lost
 * between delivery and invoice. With the company's setting `orders.invoiceOnDelivery` =
 * `automatic` the delivery is invoiced in the same transaction (the delivered quantities at the
 * order's prices and terms) and the invoice queued for e-mail; with `after-check` a person gets the
 * task "Rechnung prüfen und senden" and invoices the delivery after looking at it. An order whose
 * invoices are all paid becomes `paid` (markPaidOrders, for the daily run).
 */
import { z } from 'zod';
import { type CustomerRow, findCustomerById } from '../db/customer-repository.ts';
import type { Db } from '../db/database.ts';
import { completeTaskRow, findTask, insertTask } from '../db/task-repository.ts';
import { appendEvents, readEventsPage } from '../db/event-store.ts';
import {
  deliveriesOf,
  findOrderById,
  insertDelivery,
  invoiceStatesOfInvoicedOrders,
  linesOfOrder,
  type OrderDeliveryRow,
  invoicesOfOrder,
  type OrderRow,
  setDeliveryInvoice,
} from '../db/order-repository.ts';
import { type CalendarDate, formatCalendarDate } from '../domain/calendar-date.ts';
import { minorToDecimalString } from '../domain/money.ts';
import {
  isOrderPaid,
  type OrderInvoiceState,
  planDelivery,
  statusAfterDelivery,
  statusAfterInvoicing,
} from '../domain/order-lifecycle.ts';
import { calendarDateSchema } from '../domain/schema-types.ts';
import { AppError } from './app-error.ts';
import { type CreatedInvoice, createInvoiceInTransaction, invoiceInputSchema } from './invoice-service.ts';
import { queueInvoiceEmail, type QueuedEmail } from './order-email-service.ts';
import { getOrderSettings, type InvoiceOnDeliveryMode } from './order-settings-service.ts';
import { changeOrderStatus, checked, lockOrderOrFail, todayOf } from './order-status-change.ts';
import { parseInput } from './parse-input.ts';
import type { ServiceContext } from './service-context.ts';

/** The kind of the task that asks a person to check and send the invoice of a delivery. */
export const INVOICE_CHECK_TASK_KIND = 'invoice-check';

/** A quantity as a decimal text ("2.5"); the same text again when parsed twice (route, then service). */
const quantitySchema = z.union([z.string(), z.number()]).transform((value, ctx) => {
  const text = String(value).trim().replace(',', '.');
  if (!/^\d{1,12}(?:\.\d{1,3})?$/.test(text)) {
    ctx.addIssue({ code: 'custom', message: `expected a quantity with at most 3 decimals, got "${value}"` });
    return z.NEVER;
  }
  return text;
});

/** "2.5" → 2500 thousandths; the text was checked by the schema. */
function toMilli(text: string): number {
  const [whole = '0', fraction = ''] = text.split('.');
  return Number(whole + fraction.padEnd(3, '0'));
}

export const deliveryInputSchema = z.object({
  deliveredOn: calendarDateSchema,
  /** `all`: whatever is still to deliver; otherwise the quantities per order position. */
  lines: z.union([
    z.literal('all'),
    z
      .array(z.object({ position: z.number().int().positive(), quantity: quantitySchema }))
      .min(1)
      .max(1000),
  ]),
  note: z.string().trim().max(2000).nullable().optional(),
  /** The invoice date of an automatic invoice; default today. */
  invoiceDate: calendarDateSchema.optional(),
});

export interface RecordedDelivery {
  order: OrderRow;
  delivery: OrderDeliveryRow;
  /** The invoice made at once (`automatic`), or null. */
  invoice: CreatedInvoice | null;
  invoiceEmail: QueuedEmail;
  /** The task to check and send the invoice (`after-check`), or null. */
  checkTaskId: number | null;
  mode: InvoiceOnDeliveryMode;
}

async function customerOf(tx: Db, ctx: ServiceContext, order: OrderRow): Promise<CustomerRow> {
  const customer = await findCustomerById(tx, ctx.tenantId, order.customerId);
  if (!customer) throw new AppError('not-found', `customer of order ${order.number} not found`);
  return customer;
}

/**
 * Records a delivery of the order: checks the quantities against what is still to deliver (an
 * over-delivery is refused with its line), moves the order to partly delivered or delivered, and
 * invoices it at once or asks for a check (see the module comment) — all in one transaction.
 */
export async function recordDelivery(
  ctx: ServiceContext,
  orderNumber: string,
  raw: z.input<typeof deliveryInputSchema>,
): Promise<RecordedDelivery> {
  const input = parseInput(deliveryInputSchema, raw, 'delivery');
  const today = todayOf(ctx);
  if (input.deliveredOn > today) {
    throw new AppError('validation', `deliveredOn: ${input.deliveredOn} lies in the future`, {
      issues: [{ path: 'deliveredOn', message: `must be ${today} or earlier` }],
    });
  }
  const invoiceDate = (input.invoiceDate ?? today) as CalendarDate;
  if (invoiceDate < input.deliveredOn) {
    throw new AppError('validation', `invoiceDate: ${invoiceDate} lies before the delivery`, {
      issues: [{ path: 'invoiceDate', message: `must be ${input.deliveredOn} or later` }],
    });
  }
  return ctx.db.transaction(async (tx) => {
    const order = await lockOrderOrFail(tx, ctx, orderNumber);
    const customer = await customerOf(tx, ctx, order);
    const settings = await getOrderSettings({ db: tx, tenantId: ctx.tenantId });
    const lines =
      input.lines === 'all'
        ? ('all' as const)
        : input.lines.map((l) => ({ position: l.position, quantityMilli: toMilli(l.quantity) }));
    const { order: delivered, delivery } = await recordDeliveryInTransaction(tx, ctx, order, customer, {
      deliveredOn: input.deliveredOn as CalendarDate,
      lines,
      note: input.note ?? null,
    });
    if (settings.invoiceOnDelivery === 'automatic') {
      const made = await invoiceDeliveryInTransaction(tx, ctx, delivered, customer, delivery, invoiceDate);
      return {
        order: made.order,
        delivery: { ...delivery, invoiceId: made.invoice.id },
        invoice: made.invoice,
        invoiceEmail: made.email,
        checkTaskId: null,
        mode: settings.invoiceOnDelivery,
      };
    }
    const task = await insertTask(tx, {
      tenantId: ctx.tenantId,
      customerId: order.customerId,
      kind: INVOICE_CHECK_TASK_KIND,
      title:
        `Rechnung prüfen und senden: Auftrag ${order.number}, ` +
        `Lieferung vom ${formatCalendarDate(delivery.deliveredOn as CalendarDate, 'de')}`,
      dueOn: today,
    });
    await appendEvents(
      tx,
      ctx.tenantId,
      ctx.actor,
      [
        {
          type: 'task.created',
          entityType: 'task',
          entityId: task.id,
          customerId: task.customerId,
          payload: { kind: task.kind, title: task.title, dueOn: task.dueOn, invoiceId: null, noticeId: null },
        },
        {
          type: 'order.invoice-check-requested',
          entityType: 'order',
          entityId: order.id,
          customerId: order.customerId,
          payload: { number: order.number, deliveryId: delivery.id, taskId: task.id },
        },
      ],
      ctx.now(),
    );
    return {
      order: delivered,
      delivery,
      invoice: null,
      invoiceEmail: null,
      checkTaskId: task.id,
      mode: settings.invoiceOnDelivery,
    };
  });
}

/** The delivery itself, in the caller's transaction: checked quantities, the row, status and events. */
export async function recordDeliveryInTransaction(
  tx: Db,
  ctx: ServiceContext,
  order: OrderRow,
  customer: CustomerRow,
  input: {
    deliveredOn: CalendarDate;
    lines: readonly { position: number; quantityMilli: number }[] | 'all';
    note: string | null;
  },
): Promise<{ order: OrderRow; delivery: OrderDeliveryRow }> {
  if (order.status === 'received' || order.status === 'cancelled') {
    throw new AppError(
      'conflict',
      `order ${order.number} is ${order.status}; ${order.status === 'received' ? 'confirm it first' : 'nothing can be delivered'}`,
      { issues: [{ path: 'status', message: `order is ${order.status}` }] },
    );
  }
  const [orderLines, earlier] = await Promise.all([
    linesOfOrder(tx, ctx.tenantId, order.id),
    deliveriesOf(tx, ctx.tenantId, order.id),
  ]);
  const planned = checked(
    () =>
      planDelivery(
        orderLines.map((l) => ({ position: l.position, quantityMilli: l.quantityMilli })),
        earlier.flatMap((d) => d.lines),
        input.lines,
      ),
    'validation',
  );
  const status = checked(() => statusAfterDelivery(order.status, planned.isComplete), 'conflict');
  const delivery = await insertDelivery(tx, {
    tenantId: ctx.tenantId,
    orderId: order.id,
    deliveredOn: input.deliveredOn,
    lines: planned.lines,
    isComplete: planned.isComplete,
    note: input.note,
    invoiceId: null,
  });
  await appendEvents(
    tx,
    ctx.tenantId,
    ctx.actor,
    [
      {
        type: 'order.delivered',
        entityType: 'order',
        entityId: order.id,
        customerId: order.customerId,
        payload: {
          number: order.number,
          deliveryId: delivery.id,
          deliveredOn: input.deliveredOn,
          lines: planned.lines,
          isComplete: planned.isComplete,
          remaining: planned.remaining,
          ...(input.note ? { note: input.note } : {}),
        },
      },
    ],
    ctx.now(),
  );
  const changed = await changeOrderStatus(tx, ctx, order, status, {
    on: input.deliveredOn,
    note: input.note,
    customer,
    ...(planned.isComplete ? { set: { deliveredOn: input.deliveredOn } } : {}),
    payload: { deliveryId: delivery.id },
  });
  return { order: changed.order, delivery };
}

/**
 * Invoices one delivery in the caller's transaction: the delivered quantities at the order's
 * prices, VAT and payment terms; the invoice is linked to the delivery, queued for e-mail when the
 * customer has an address, an open check task of the delivery is done, and the order becomes
 * invoiced once it is delivered in full and every delivery invoiced.
 */
export async function invoiceDeliveryInTransaction(
  tx: Db,
  ctx: ServiceContext,
  order: OrderRow,
  customer: CustomerRow,
  delivery: OrderDeliveryRow,
  issuedOn: CalendarDate,
): Promise<{ order: OrderRow; invoice: CreatedInvoice; email: QueuedEmail }> {
  if (delivery.invoiceId !== null) {
    throw new AppError('conflict', `delivery ${delivery.id} of order ${order.number} is invoiced already`);
  }
  const orderLines = new Map((await linesOfOrder(tx, ctx.tenantId, order.id)).map((l) => [l.position, l]));
  const input = parseInput(
    invoiceInputSchema,
    {
      customerNumber: customer.number,
      issuedOn,
      deliveredOn: delivery.deliveredOn,
      paymentTerms: order.paymentTerms,
      lines: delivery.lines.map((d) => {
        const line = orderLines.get(d.position);
        if (!line) throw new AppError('conflict', `order ${order.number} has no position ${d.position}`);
        return {
          description: line.description,
          quantity: minorToDecimalString(d.quantityMilli, 3),
          unit: line.unit,
          unitPrice: minorToDecimalString(line.unitPriceCents, 2),
          vatRatePercent: minorToDecimalString(line.vatRateBasisPoints, 2),
        };
      }),
    },
    'invoice',
  );
  const invoice = await createInvoiceInTransaction(tx, ctx, input, order.id);
  if (!(await setDeliveryInvoice(tx, ctx.tenantId, delivery.id, invoice.id))) {
    throw new AppError('conflict', `delivery ${delivery.id} of order ${order.number} was invoiced meanwhile`);
  }
  const email = await queueInvoiceEmail(tx, ctx, order, customer, invoice);
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
        payload: {
          number: order.number,
          deliveryId: delivery.id,
          invoiceNumber: invoice.number,
          issuedOn: invoice.issuedOn,
          grossCents: invoice.grossCents,
          invoiceEmail: email,
        },
      },
    ],
    ctx.now(),
  );
  await completeCheckTasks(tx, ctx, order, delivery.id, invoice.number);
  const deliveries = await deliveriesOf(tx, ctx.tenantId, order.id);
  const status = checked(
    () =>
      statusAfterInvoicing(
        order.status,
        deliveries.map((d) => ({ invoiced: d.invoiceId !== null })),
      ),
    'conflict',
  );
  const changed = await changeOrderStatus(tx, ctx, order, status, {
    on: issuedOn,
    set: { invoicedOn: issuedOn },
    payload: { invoiceNumber: invoice.number },
  });
  return { order: changed.order, invoice, email };
}

/** Marks the open check tasks of the delivery done: the invoice was made. */
async function completeCheckTasks(
  tx: Db,
  ctx: ServiceContext,
  order: OrderRow,
  deliveryId: number,
  invoiceNumber: string,
): Promise<void> {
  const requests = await readEventsPage(tx, ctx.tenantId, {
    type: 'order.invoice-check-requested',
    entityType: 'order',
    entityId: String(order.id),
    beforeSeq: null,
    limit: 1000,
  });
  for (const request of requests) {
    const payload = request.payload as { deliveryId?: number; taskId?: number };
    if (payload.deliveryId !== deliveryId || typeof payload.taskId !== 'number') continue;
    const open = await findTask(tx, ctx.tenantId, payload.taskId);
    if (!open || open.status !== 'open') continue;
    const done = await completeTaskRow(tx, ctx.tenantId, open.id, 'done', ctx.now());
    if (!done) continue;
    await appendEvents(
      tx,
      ctx.tenantId,
      ctx.actor,
      [
        {
          type: 'task.completed',
          entityType: 'task',
          entityId: done.id,
          customerId: done.customerId,
          payload: {
            kind: done.kind,
            title: done.title,
            outcome: 'done',
            note: `invoice ${invoiceNumber} made`,
            invoiceId: null,
            followUpTaskId: null,
          },
        },
      ],
      ctx.now(),
    );
  }
}

export const invoiceDeliverySchema = z.object({ issuedOn: calendarDateSchema.optional() });

/** Invoices a delivery recorded without one (after the check); the invoice is queued for e-mail. */
export async function invoiceDelivery(
  ctx: ServiceContext,
  orderNumber: string,
  deliveryId: number,
  raw: z.input<typeof invoiceDeliverySchema> = {},
): Promise<{ order: OrderRow; invoice: CreatedInvoice; email: QueuedEmail }> {
  const input = parseInput(invoiceDeliverySchema, raw, 'invoicing');
  return ctx.db.transaction(async (tx) => {
    const order = await lockOrderOrFail(tx, ctx, orderNumber);
    const delivery = (await deliveriesOf(tx, ctx.tenantId, order.id)).find((d) => d.id === deliveryId);
    if (!delivery) throw new AppError('not-found', `order ${orderNumber} has no delivery ${deliveryId}`);
    const issuedOn = (input.issuedOn ?? todayOf(ctx)) as CalendarDate;
    if (issuedOn < delivery.deliveredOn) {
      throw new AppError('validation', `issuedOn: ${issuedOn} lies before the delivery`, {
        issues: [{ path: 'issuedOn', message: `must be ${delivery.deliveredOn} or later` }],
      });
    }
    return invoiceDeliveryInTransaction(tx, ctx, order, await customerOf(tx, ctx, order), delivery, issuedOn);
  });
}

/**
 * Moves every invoiced order whose invoices are all paid to `paid`, with the day; for the daily
 * run (and callable any time: an order already paid is not touched). Returns the numbers moved.
 */
export async function markPaidOrders(
  ctx: ServiceContext,
  on: CalendarDate = todayOf(ctx),
): Promise<string[]> {
  const states = await invoiceStatesOfInvoicedOrders(ctx.db, ctx.tenantId);
  const byOrder = new Map<number, OrderInvoiceState[]>();
  for (const s of states) byOrder.set(s.orderId, [...(byOrder.get(s.orderId) ?? []), { status: s.status }]);
  const moved: string[] = [];
  for (const [orderId, invoices] of byOrder) {
    if (!isOrderPaid('invoiced', invoices)) continue;
    const number = await ctx.db.transaction(async (tx) => {
      const found = await findOrderById(tx, ctx.tenantId, orderId);
      if (!found) return null;
      const order = await lockOrderOrFail(tx, ctx, found.number);
      // Looked at again under the lock: a payment may have been reversed meanwhile.
      if (!isOrderPaid(order.status, await invoicesOfOrder(tx, ctx.tenantId, order.id))) return null;
      await changeOrderStatus(tx, ctx, order, 'paid', { on, note: 'all invoices paid' });
      return order.number;
    });
    if (number) moved.push(number);
  }
  return moved;
}
