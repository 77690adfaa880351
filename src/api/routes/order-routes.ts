/**
 * @module order-routes
 * Orders from capture to payment — captured with their payment terms, confirmed (the confirmation
 * PDF, e-mailed), in progress, a delivery date moved with its reason, deliveries whole or in part
 * (invoiced at once or after a check), cancelled, updates to the customer — the company's order
 * settings and the figure of days from delivery to invoice; and e-invoices coming in from other
 * systems: the XML (XRechnung UBL/CII) or a ZUGFeRD/Factur-X PDF as the request body.
 */
import { z } from 'zod';
import { localToday } from '../../cli/parse-options.ts';
import { ORDER_STATUSES } from '../../db/schema.ts';
import { findOrderById, listOrders, type OrderRow } from '../../db/order-repository.ts';
import type { CalendarDate } from '../../domain/calendar-date.ts';
import { AppError } from '../../services/app-error.ts';
import { importEInvoices } from '../../services/import-einvoices-service.ts';
import {
  deliveryInputSchema,
  invoiceDelivery,
  recordDelivery,
} from '../../services/order-delivery-service.ts';
import {
  orderUpdateSchema,
  sendOrderUpdate,
  UPDATE_TEMPLATE_KEYS,
} from '../../services/order-email-service.ts';
import { deliveryToInvoiceKpi } from '../../services/order-kpi-service.ts';
import {
  cancelOrder,
  cancelOrderSchema,
  captureOrder,
  confirmOrder,
  confirmOrderSchema,
  getOrderDetail,
  invoiceOrder,
  moveDeliveryDate,
  moveDeliveryDateSchema,
  orderConfirmationPdf,
  orderInputSchema,
  startOrder,
} from '../../services/order-service.ts';
import {
  getOrderSettings,
  INVOICE_ON_DELIVERY_MODES,
  orderSettingsUpdateSchema,
  updateOrderSettings,
} from '../../services/order-settings-service.ts';
import type { ServiceContext } from '../../services/service-context.ts';
import type { ApiApp, ApiDeps } from '../api-deps.ts';
import { idParams, rowId } from '../params.ts';
import { serviceContext } from '../api-deps.ts';
import { decodeCursor, page, pageQuery } from '../pagination.ts';
import { sendFile } from '../send-file.ts';

const EINVOICE_TYPES = ['application/xml', 'text/xml', 'application/pdf'];
const MAX_EINVOICE_BYTES = 20 * 1024 * 1024;

async function orderOr404(ctx: ServiceContext, id: number): Promise<OrderRow> {
  const order = await findOrderById(ctx.db, ctx.tenantId, id);
  if (!order) throw new AppError('not-found', `order ${id} not found`);
  return order;
}

const orderJson = (o: OrderRow) => ({
  id: o.id,
  number: o.number,
  customerId: o.customerId,
  status: o.status,
  orderedOn: o.orderedOn,
  deliveryDate: o.deliveryDate,
  confirmedOn: o.confirmedOn,
  deliveredOn: o.deliveredOn,
  invoicedOn: o.invoicedOn,
  paymentTerms: o.paymentTerms,
  notes: o.notes,
});

const stepBody = z.object({
  on: z.iso.date().optional().describe('the day of the step, YYYY-MM-DD; default today'),
  note: z.string().trim().max(2000).nullable().optional(),
});

const orderSettingsJson = z.object({
  invoiceOnDelivery: z
    .enum(INVOICE_ON_DELIVERY_MODES)
    .describe(
      'automatic: a delivery is invoiced and e-mailed at once; after-check: a task asks a person first',
    ),
  statusUpdates: z
    .boolean()
    .describe('e-mail the customer an update from the templates when the status changes'),
});

export function orderRoutes(app: ApiApp, deps: ApiDeps): void {
  app.get(
    '/api/orders',
    {
      schema: {
        tags: ['orders'],
        summary: 'Orders, newest first',
        querystring: pageQuery.extend({
          customerId: rowId.optional(),
          status: z.enum(ORDER_STATUSES).optional(),
        }),
      },
    },
    async (request) => {
      const ctx = serviceContext(request, deps);
      const q = request.query;
      const before = decodeCursor(q.cursor, 1);
      const rows = await listOrders(ctx.db, ctx.tenantId, {
        ...(q.customerId ? { customerId: q.customerId } : {}),
        ...(q.status ? { status: q.status } : {}),
        beforeId: before ? Number(before[0]) : null,
        limit: q.limit + 1,
      });
      const result = page(rows, q.limit, (r) => [r.order.id]);
      return {
        items: result.items.map((r) => ({
          ...orderJson(r.order),
          customerNumber: r.customerNumber,
          customerName: r.customerName,
        })),
        nextCursor: result.nextCursor,
      };
    },
  );

  app.post(
    '/api/orders',
    {
      schema: {
        tags: ['orders'],
        summary: 'Capture an order with its lines and payment terms (from the customer when not given)',
        body: orderInputSchema,
      },
    },
    async (request, reply) => {
      const order = await captureOrder(serviceContext(request, deps), request.body);
      // Above the customer's credit limit in `warn` mode: made, with the warning (`block` answers 409).
      return reply.code(201).send({
        ...orderJson(order),
        creditLimitWarning: order.creditLimitWarning,
        confirmationEmail: order.confirmationEmail,
      });
    },
  );

  app.get(
    '/api/orders/invoicing-lag',
    {
      schema: {
        tags: ['orders'],
        summary:
          'Days from delivery to invoice over the last 90 days (median, average) and orders with a delivery not invoiced',
        querystring: z.object({ asOf: z.iso.date().optional().describe('YYYY-MM-DD; default today') }),
      },
    },
    async (request) => {
      const ctx = serviceContext(request, deps);
      return deliveryToInvoiceKpi(ctx, (request.query.asOf ?? localToday(ctx.now())) as CalendarDate);
    },
  );

  app.get(
    '/api/orders/:id',
    {
      schema: {
        tags: ['orders'],
        summary: 'An order with its lines (delivered, still to deliver), lifecycle, deliveries and invoices',
        params: idParams,
      },
    },
    async (request) => {
      const ctx = serviceContext(request, deps);
      const detail = await getOrderDetail(ctx, { id: request.params.id });
      return {
        ...orderJson(detail.order),
        customer: detail.customer,
        lines: detail.lines.map((l) => ({
          position: l.position,
          description: l.description,
          quantity: l.quantityMilli / 1000,
          delivered: l.deliveredMilli / 1000,
          remaining: l.remainingMilli / 1000,
          unit: l.unit,
          unitPriceCents: l.unitPriceCents,
          vatRatePercent: l.vatRateBasisPoints / 100,
          netCents: l.netCents,
          vatCents: l.vatCents,
          grossCents: l.grossCents,
        })),
        statusChanges: detail.statusChanges.map((c) => ({
          from: c.fromStatus,
          to: c.toStatus,
          on: c.changedOn,
          note: c.note,
          actor: c.actor,
        })),
        deliveryDateChanges: detail.deliveryDateChanges.map((c) => ({
          previousDate: c.previousDate,
          newDate: c.newDate,
          reason: c.reason,
          on: c.changedOn,
          actor: c.actor,
        })),
        deliveries: detail.deliveries.map((d) => ({
          id: d.id,
          deliveredOn: d.deliveredOn,
          lines: d.lines.map((l) => ({ position: l.position, quantity: l.quantityMilli / 1000 })),
          isComplete: d.isComplete,
          note: d.note,
          invoiceNumber: detail.invoices.find((i) => i.id === d.invoiceId)?.number ?? null,
        })),
        invoices: detail.invoices.map((i) => ({
          id: i.id,
          number: i.number,
          status: i.status,
          issuedOn: i.issuedOn,
          dueDate: i.dueDate,
          grossCents: i.grossCents,
        })),
        nextStatuses: detail.nextStatuses,
        isPaid: detail.isPaid,
        totalGrossCents: detail.lines.reduce((sum, l) => sum + l.grossCents, 0),
      };
    },
  );

  app.get(
    '/api/orders/:id/confirmation.pdf',
    {
      schema: {
        tags: ['orders'],
        summary:
          'The order confirmation as a PDF (items, prices, VAT, delivery date, payment terms in words)',
        params: idParams,
      },
    },
    async (request, reply) => {
      const ctx = serviceContext(request, deps);
      const order = await orderOr404(ctx, request.params.id);
      const pdf = await orderConfirmationPdf(ctx, order.number);
      return sendFile(reply, pdf, 'application/pdf', `Auftragsbestaetigung-${order.number}.pdf`, 'inline');
    },
  );

  app.post(
    '/api/orders/:id/confirm',
    {
      schema: {
        tags: ['orders'],
        summary:
          'Confirm a received order; the confirmation is e-mailed with its PDF when the customer has an address',
        params: idParams,
        body: confirmOrderSchema,
      },
    },
    async (request) => {
      const ctx = serviceContext(request, deps);
      const order = await orderOr404(ctx, request.params.id);
      const confirmed = await confirmOrder(ctx, order.number, request.body);
      return { ...orderJson(confirmed.order), confirmationEmail: confirmed.confirmationEmail };
    },
  );

  app.post(
    '/api/orders/:id/start',
    {
      schema: {
        tags: ['orders'],
        summary: 'Work on the order has started (in progress)',
        params: idParams,
        body: stepBody,
      },
    },
    async (request) => {
      const ctx = serviceContext(request, deps);
      const order = await orderOr404(ctx, request.params.id);
      return orderJson(await startOrder(ctx, order.number, request.body));
    },
  );

  app.post(
    '/api/orders/:id/cancel',
    {
      schema: {
        tags: ['orders'],
        summary: 'Cancel an order nothing of which was delivered; `note` gives the reason',
        params: idParams,
        body: cancelOrderSchema,
      },
    },
    async (request) => {
      const ctx = serviceContext(request, deps);
      const order = await orderOr404(ctx, request.params.id);
      return orderJson(await cancelOrder(ctx, order.number, request.body));
    },
  );

  app.post(
    '/api/orders/:id/delivery-date',
    {
      schema: {
        tags: ['orders'],
        summary: 'Move the promised delivery date, with the reason (and tell the customer by e-mail)',
        params: idParams,
        body: moveDeliveryDateSchema,
      },
    },
    async (request) => {
      const ctx = serviceContext(request, deps);
      const order = await orderOr404(ctx, request.params.id);
      const moved = await moveDeliveryDate(ctx, order.number, request.body);
      return { ...orderJson(moved.order), update: moved.update };
    },
  );

  app.post(
    '/api/orders/:id/deliveries',
    {
      schema: {
        tags: ['orders'],
        summary:
          'Record a delivery, in full ("all") or per position; invoiced at once or after a check (order settings)',
        params: idParams,
        body: deliveryInputSchema,
      },
    },
    async (request, reply) => {
      const ctx = serviceContext(request, deps);
      const order = await orderOr404(ctx, request.params.id);
      const recorded = await recordDelivery(ctx, order.number, request.body);
      return reply.code(201).send({
        order: orderJson(recorded.order),
        delivery: {
          id: recorded.delivery.id,
          deliveredOn: recorded.delivery.deliveredOn,
          lines: recorded.delivery.lines.map((l) => ({
            position: l.position,
            quantity: l.quantityMilli / 1000,
          })),
          isComplete: recorded.delivery.isComplete,
        },
        mode: recorded.mode,
        invoice: recorded.invoice
          ? {
              id: recorded.invoice.id,
              number: recorded.invoice.number,
              issuedOn: recorded.invoice.issuedOn,
              dueDate: recorded.invoice.dueDate,
              grossCents: recorded.invoice.grossCents,
            }
          : null,
        invoiceEmail: recorded.invoiceEmail,
        checkTaskId: recorded.checkTaskId,
      });
    },
  );

  app.post(
    '/api/orders/:id/invoice',
    {
      schema: {
        tags: ['orders'],
        summary:
          'Invoice one delivery (deliveryId, after its check) or, without deliveries recorded, the whole order at once',
        params: idParams,
        body: z.object({
          issuedOn: z.iso.date(),
          deliveredOn: z.iso.date().nullable().optional(),
          deliveryId: rowId.optional().describe('the delivery to invoice; absent: the whole order'),
        }),
      },
    },
    async (request, reply) => {
      const ctx = serviceContext(request, deps);
      const order = await orderOr404(ctx, request.params.id);
      const { deliveryId, ...body } = request.body;
      if (deliveryId !== undefined) {
        const made = await invoiceDelivery(ctx, order.number, deliveryId, { issuedOn: body.issuedOn });
        return reply.code(201).send({ ...made.invoice, invoiceEmail: made.email });
      }
      return reply.code(201).send(await invoiceOrder(ctx, order.number, body));
    },
  );

  app.post(
    '/api/orders/:id/updates',
    {
      schema: {
        tags: ['orders'],
        summary: `E-mail the customer an update: a template (${UPDATE_TEMPLATE_KEYS.join(', ')}) or subject and text`,
        params: idParams,
        body: orderUpdateSchema,
      },
    },
    async (request, reply) => {
      const ctx = serviceContext(request, deps);
      const order = await orderOr404(ctx, request.params.id);
      return reply.code(201).send(await sendOrderUpdate(ctx, order.number, request.body));
    },
  );

  app.get(
    '/api/settings/orders',
    {
      schema: {
        tags: ['settings'],
        summary:
          'How deliveries are invoiced (automatic or after a check) and whether status changes e-mail updates',
        response: { 200: orderSettingsJson },
      },
    },
    async (request) => getOrderSettings(serviceContext(request, deps)),
  );

  app.put(
    '/api/settings/orders',
    {
      config: { access: 'admin' },
      schema: {
        tags: ['settings'],
        summary: 'Change the order settings (what is not named stays)',
        body: orderSettingsUpdateSchema,
        response: { 200: orderSettingsJson },
      },
    },
    async (request) => updateOrderSettings(serviceContext(request, deps), request.body),
  );

  // E-invoices arrive as their own media types; the parsers live in this scope only.
  void app.register(async (scope) => {
    scope.addContentTypeParser(
      EINVOICE_TYPES,
      { parseAs: 'buffer', bodyLimit: MAX_EINVOICE_BYTES },
      (_request, body, done) => done(null, body),
    );
    scope.post(
      '/api/einvoices',
      {
        bodyLimit: MAX_EINVOICE_BYTES,
        schema: {
          tags: ['invoices'],
          summary:
            'Import one e-invoice (XRechnung UBL/CII as application/xml, ZUGFeRD/Factur-X as application/pdf): ' +
            'creates the invoice or credit note and an unknown customer; the same invoice twice is reported, not doubled',
          headers: z.object({ 'x-filename': z.string().max(255).optional() }),
        },
      },
      async (request, reply) => {
        const body = request.body;
        if (!Buffer.isBuffer(body) || body.length === 0) {
          throw new AppError('validation', `body: send the e-invoice file as ${EINVOICE_TYPES.join(' or ')}`);
        }
        const fileName = String([request.headers['x-filename']].flat()[0] ?? 'upload').replace(
          /[^\p{L}\p{N}._ -]+/gu,
          '_',
        );
        const [imported] = await importEInvoices(serviceContext(request, deps), [
          { fileName, bytes: new Uint8Array(body) },
        ]);
        return reply.code(imported?.outcome === 'created' ? 201 : 200).send(imported);
      },
    );
  });
}
