/**
 * @module order-routes
 * Orders (captured with their payment terms, invoiced once) and e-invoices coming in from other
 * systems: the XML (XRechnung UBL/CII) or a ZUGFeRD/Factur-X PDF as the request body.
 */
import { z } from 'zod';
import { findOrderById, linesOfOrder, listOrders, type OrderRow } from '../../db/order-repository.ts';
import { AppError } from '../../services/app-error.ts';
import { importEInvoices } from '../../services/import-einvoices-service.ts';
import { captureOrder, invoiceOrder, orderInputSchema } from '../../services/order-service.ts';
import type { ServiceContext } from '../../services/service-context.ts';
import type { ApiApp, ApiDeps } from '../api-deps.ts';
import { idParams, rowId } from '../params.ts';
import { serviceContext } from '../api-deps.ts';
import { decodeCursor, page, pageQuery } from '../pagination.ts';

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
  paymentTerms: o.paymentTerms,
  notes: o.notes,
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
          status: z.string().max(20).optional(),
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
      return reply.code(201).send({ ...orderJson(order), creditLimitWarning: order.creditLimitWarning });
    },
  );

  app.get(
    '/api/orders/:id',
    { schema: { tags: ['orders'], summary: 'An order with its lines', params: idParams } },
    async (request) => {
      const ctx = serviceContext(request, deps);
      const order = await orderOr404(ctx, request.params.id);
      const lines = await linesOfOrder(ctx.db, ctx.tenantId, order.id);
      return {
        ...orderJson(order),
        lines: lines.map((l) => ({
          position: l.position,
          description: l.description,
          quantity: l.quantityMilli / 1000,
          unit: l.unit,
          unitPriceCents: l.unitPriceCents,
          vatRatePercent: l.vatRateBasisPoints / 100,
          netCents: l.netCents,
          vatCents: l.vatCents,
          grossCents: l.grossCents,
        })),
      };
    },
  );

  app.post(
    '/api/orders/:id/invoice',
    {
      schema: {
        tags: ['orders'],
        summary: 'Invoice the order (once) with its lines and payment terms',
        params: idParams,
        body: z.object({ issuedOn: z.iso.date(), deliveredOn: z.iso.date().nullable().optional() }),
      },
    },
    async (request, reply) => {
      const ctx = serviceContext(request, deps);
      const order = await orderOr404(ctx, request.params.id);
      return reply.code(201).send(await invoiceOrder(ctx, order.number, request.body));
    },
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
