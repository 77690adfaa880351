/**
 * @module order-email-service
 * What the customer hears about an order, by e-mail through the outbox: the confirmation with its
 * PDF, progress and delay updates (from the templates, or written by hand), and the invoice made on
 * delivery. The wording is filled in when the e-mail is queued, so the timeline shows exactly what
 * the customer is sent; the PDF is attached when it leaves (src/delivery/order-email.ts).
 * Every e-mail queued is an event on the customer's timeline, in the transaction that queued it.
 */
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { type CustomerRow, findCustomerById } from '../db/customer-repository.ts';
import type { Db } from '../db/database.ts';
import { appendEvents } from '../db/event-store.ts';
import { enqueueOrderEmail, linesOfOrder, lockOrderByNumber, type OrderRow } from '../db/order-repository.ts';
import { baseRateOn, GERMAN_BASE_RATES } from '../domain/base-rates.ts';
import { type CalendarDate, formatCalendarDate } from '../domain/calendar-date.ts';
import { formatMoney } from '../domain/format-money.ts';
import { Money } from '../domain/money.ts';
import { parsePaymentTerms } from '../domain/payment-terms.ts';
import { describePaymentTerms } from '../domain/payment-terms-wording.ts';
import {
  type OrderConfirmationDocument,
  renderOrderConfirmationPdf,
} from '../documents/order-confirmation-pdf.ts';
import {
  fillOrderTemplate,
  ORDER_TEMPLATE_KEYS,
  orderTemplate,
  type OrderTemplateKey,
  type OrderTemplateValues,
} from '../documents/order-update-templates.ts';
import { AppError } from './app-error.ts';
import { getCompanyProfile } from './company-service.ts';
import { documentCustomer } from './document-service.ts';
import { parseInput } from './parse-input.ts';
import type { ServiceContext } from './service-context.ts';

/** The outbox payload of an e-mail about an order. */
export interface OrderEmailPayload {
  type: 'order-email';
  kind: 'confirmation' | 'update' | 'invoice';
  orderId: number;
  orderNumber: string;
  customerId: number;
  subject: string;
  text: string;
  /** The invoice attached (kind `invoice`). */
  invoiceNumber?: string;
}

export function isOrderEmailPayload(payload: unknown): payload is OrderEmailPayload {
  const p = payload as Partial<OrderEmailPayload> | null;
  return (
    typeof p === 'object' &&
    p !== null &&
    p.type === 'order-email' &&
    typeof p.orderId === 'number' &&
    typeof p.subject === 'string' &&
    typeof p.text === 'string'
  );
}

/** Where an e-mail went: the outbox row and the address, or null when the customer has none. */
export type QueuedEmail = { outboxId: number; recipient: string } | null;

/**
 * Queues the e-mail when the customer has an address; null otherwise. `dedupeKey` makes it once
 * only (a confirmation, an invoice); updates get a key of their own each.
 */
export async function queueOrderEmail(
  tx: Db,
  ctx: ServiceContext,
  customer: CustomerRow,
  payload: Omit<OrderEmailPayload, 'type' | 'customerId'>,
  dedupeKey: string,
): Promise<QueuedEmail> {
  if (!customer.email) return null;
  const outboxId = await enqueueOrderEmail(tx, {
    tenantId: ctx.tenantId,
    dedupeKey,
    payload: { type: 'order-email', customerId: customer.id, ...payload },
  });
  return { outboxId, recipient: customer.email };
}

/** The values of an order's templates; `extra` adds what only some templates use. */
export async function orderTemplateValues(
  tx: Db,
  ctx: ServiceContext,
  order: OrderRow,
  customer: CustomerRow,
  extra: Partial<OrderTemplateValues> = {},
): Promise<OrderTemplateValues> {
  const language = customer.language;
  const [company, lines] = await Promise.all([
    getCompanyProfile({ db: tx, tenantId: ctx.tenantId }),
    linesOfOrder(tx, ctx.tenantId, order.id),
  ]);
  const date = (d: string | null) =>
    d ? formatCalendarDate(d as CalendarDate, language) : language === 'de' ? 'noch offen' : 'to be agreed';
  const total = lines.reduce((sum, l) => sum + l.grossCents, 0);
  return {
    customerName: customer.name,
    companyName: company.name,
    orderNumber: order.number,
    orderedOn: date(order.orderedOn),
    deliveryDate: date(order.deliveryDate),
    previousDeliveryDate: date(null),
    reason: '',
    note: '',
    invoiceNumber: '',
    dueDate: '',
    total: formatMoney(Money.of(total, order.currency), language),
    ...extra,
  };
}

/** Fills a shipped template for the order and queues it as an update e-mail. */
export async function queueTemplateEmail(
  tx: Db,
  ctx: ServiceContext,
  options: {
    order: OrderRow;
    customer: CustomerRow;
    key: OrderTemplateKey;
    kind: OrderEmailPayload['kind'];
    extra?: Partial<OrderTemplateValues>;
    dedupeKey?: string;
    invoiceNumber?: string;
  },
): Promise<{ queued: QueuedEmail; subject: string; text: string }> {
  const { order, customer } = options;
  const values = await orderTemplateValues(tx, ctx, order, customer, options.extra);
  const filled = fillOrderTemplate(orderTemplate(options.key, customer.language), values);
  const queued = await queueOrderEmail(
    tx,
    ctx,
    customer,
    {
      kind: options.kind,
      orderId: order.id,
      orderNumber: order.number,
      subject: filled.subject,
      text: filled.body,
      ...(options.invoiceNumber ? { invoiceNumber: options.invoiceNumber } : {}),
    },
    options.dedupeKey ?? `order:${order.id}:update:${randomUUID()}`,
  );
  return { queued, subject: filled.subject, text: filled.body };
}

/**
 * An update from a template about a change of the order, logged on the timeline as
 * `order.update-sent` when it is queued (nothing when the customer has no e-mail address).
 */
export async function queueStatusUpdate(
  tx: Db,
  ctx: ServiceContext,
  order: OrderRow,
  customer: CustomerRow,
  key: OrderTemplateKey,
  extra: Partial<OrderTemplateValues> = {},
): Promise<QueuedEmail> {
  if (!customer.email) return null;
  const { queued, subject, text } = await queueTemplateEmail(tx, ctx, {
    order,
    customer,
    key,
    kind: 'update',
    extra,
  });
  if (queued)
    await appendEvents(
      tx,
      ctx.tenantId,
      ctx.actor,
      [updateSentEvent(order, key, subject, text, queued, 'status')],
      ctx.now(),
    );
  return queued;
}

function updateSentEvent(
  order: OrderRow,
  template: string | null,
  subject: string,
  text: string,
  queued: NonNullable<QueuedEmail>,
  trigger: 'status' | 'by-hand',
) {
  return {
    type: 'order.update-sent',
    entityType: 'order',
    entityId: order.id,
    customerId: order.customerId,
    payload: {
      number: order.number,
      template,
      trigger,
      subject,
      text,
      recipient: queued.recipient,
      outboxId: queued.outboxId,
    },
  };
}

/** The templates a person may pick for an update by hand (not the confirmation and invoice e-mails). */
export const UPDATE_TEMPLATE_KEYS = ORDER_TEMPLATE_KEYS.filter(
  (k) => k !== 'order-confirmation' && k !== 'order-invoice',
) as Exclude<OrderTemplateKey, 'order-confirmation' | 'order-invoice'>[];

export const orderUpdateSchema = z
  .object({
    /** A shipped template, filled with the order's facts… */
    template: z.enum(UPDATE_TEMPLATE_KEYS as [string, ...string[]]).optional(),
    /** …or the wording written by hand. */
    subject: z.string().trim().min(1).max(200).optional(),
    text: z.string().trim().min(1).max(10_000).optional(),
    /** With a template: a paragraph of its own where the template has `{{note}}`. */
    note: z.string().trim().max(2000).optional(),
  })
  .superRefine((value, ctx) => {
    if (value.template === undefined && (value.subject === undefined || value.text === undefined)) {
      ctx.addIssue({ code: 'custom', path: ['text'], message: 'give a template, or a subject and a text' });
    }
    if (value.template !== undefined && (value.subject !== undefined || value.text !== undefined)) {
      ctx.addIssue({
        code: 'custom',
        path: ['template'],
        message: 'give a template or your own text, not both',
      });
    }
  });

/**
 * Sends the customer an update about the order — from a template or written by hand — by e-mail
 * through the outbox, logged as `order.update-sent` on the timeline. Refused when the customer has
 * no e-mail address.
 */
export async function sendOrderUpdate(
  ctx: ServiceContext,
  orderNumber: string,
  raw: z.input<typeof orderUpdateSchema>,
): Promise<{ outboxId: number; recipient: string; subject: string; text: string }> {
  const input = parseInput(orderUpdateSchema, raw, 'update');
  return ctx.db.transaction(async (tx) => {
    const order = await lockOrderByNumber(tx, ctx.tenantId, orderNumber);
    if (!order) throw new AppError('not-found', `order ${orderNumber} not found`);
    const customer = await findCustomerById(tx, ctx.tenantId, order.customerId);
    if (!customer) throw new AppError('not-found', `customer of order ${orderNumber} not found`);
    if (!customer.email) {
      throw new AppError('conflict', `customer ${customer.number} has no e-mail address`, {
        issues: [{ path: 'customer.email', message: 'no e-mail address on file' }],
      });
    }
    let subject: string;
    let text: string;
    let queued: QueuedEmail;
    if (input.template) {
      ({ queued, subject, text } = await queueTemplateEmail(tx, ctx, {
        order,
        customer,
        key: input.template as OrderTemplateKey,
        kind: 'update',
        extra: { note: input.note ?? '' },
      }));
    } else {
      subject = input.subject as string;
      text = input.text as string;
      queued = await queueOrderEmail(
        tx,
        ctx,
        customer,
        { kind: 'update', orderId: order.id, orderNumber: order.number, subject, text },
        `order:${order.id}:update:${randomUUID()}`,
      );
    }
    if (!queued) throw new AppError('conflict', `the update of order ${orderNumber} could not be queued`);
    await appendEvents(
      tx,
      ctx.tenantId,
      ctx.actor,
      [updateSentEvent(order, input.template ?? null, subject, text, queued, 'by-hand')],
      ctx.now(),
    );
    return { ...queued, subject, text };
  });
}

/** Everything the confirmation PDF of an order needs; `db` may be a transaction. */
export async function loadOrderConfirmation(
  ctx: Pick<ServiceContext, 'db' | 'tenantId'> & { now?: () => Date },
  order: OrderRow,
): Promise<OrderConfirmationDocument> {
  const [customer, lines, company] = await Promise.all([
    findCustomerById(ctx.db, ctx.tenantId, order.customerId),
    linesOfOrder(ctx.db, ctx.tenantId, order.id),
    getCompanyProfile(ctx),
  ]);
  if (!customer) throw new AppError('not-found', `customer of order ${order.number} not found`);
  const day = (order.confirmedOn ?? order.orderedOn) as CalendarDate;
  let currentBaseRate;
  try {
    currentBaseRate = baseRateOn(GERMAN_BASE_RATES, day);
  } catch {
    currentBaseRate = undefined; // a day before the table: the rate is then not stated as an example
  }
  return {
    company,
    customer: documentCustomer(customer),
    order: {
      number: order.number,
      orderedOn: order.orderedOn as CalendarDate,
      confirmedOn: order.confirmedOn as CalendarDate | null,
      deliveryDate: order.deliveryDate as CalendarDate | null,
      currency: order.currency,
      notes: order.notes,
    },
    lines,
    terms: describePaymentTerms({
      terms: parsePaymentTerms(order.paymentTerms),
      debtorKind: customer.debtorKind,
      language: customer.language,
      obligationDate: order.orderedOn as CalendarDate,
      ...(currentBaseRate ? { currentBaseRate } : {}),
      currency: order.currency,
    }),
  };
}

export async function renderOrderConfirmation(
  ctx: Pick<ServiceContext, 'db' | 'tenantId'>,
  order: OrderRow,
): Promise<Uint8Array> {
  return renderOrderConfirmationPdf(await loadOrderConfirmation(ctx, order));
}

/** The confirmation e-mail (wording from the template; the PDF is attached when it leaves). */
export async function queueConfirmationEmail(
  tx: Db,
  ctx: ServiceContext,
  order: OrderRow,
  customer: CustomerRow,
): Promise<QueuedEmail> {
  const { queued } = await queueTemplateEmail(tx, ctx, {
    order,
    customer,
    key: 'order-confirmation',
    kind: 'confirmation',
    dedupeKey: `order:${order.id}:confirmation`,
  });
  return queued;
}

/** The e-mail of an invoice made for an order, once per invoice. */
export async function queueInvoiceEmail(
  tx: Db,
  ctx: ServiceContext,
  order: OrderRow,
  customer: CustomerRow,
  invoice: { id: number; number: string; dueDate: string; grossCents: number; currency: string },
): Promise<QueuedEmail> {
  const language = customer.language;
  const { queued } = await queueTemplateEmail(tx, ctx, {
    order,
    customer,
    key: 'order-invoice',
    kind: 'invoice',
    dedupeKey: `invoice:${invoice.id}:email`,
    invoiceNumber: invoice.number,
    extra: {
      invoiceNumber: invoice.number,
      dueDate: formatCalendarDate(invoice.dueDate as CalendarDate, language),
      total: formatMoney(Money.of(invoice.grossCents, invoice.currency), language),
    },
  });
  return queued;
}
