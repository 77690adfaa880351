/**
 * @module invoice-routes
 * Invoices: the list, creating one, the detail with payments, notices and what is claimed today
 * (interest so far, flat fee, costs — the claim statement line), and the documents: PDF and
 * e-invoice. Also the customer's claim statement (Forderungsaufstellung) as JSON and PDF.
 */
import { z } from 'zod';
import { localToday } from '../../cli/parse-options.ts';
import {
  findClaimState,
  findInvoiceById,
  findInvoiceLines,
  type InvoiceRow,
  listInvoiceSummaries,
  noticesOfInvoice,
  paymentsOfInvoice,
} from '../../db/invoice-repository.ts';
import { findCustomerById } from '../../db/customer-repository.ts';
import { daysPastDue } from '../../domain/aging.ts';
import type { CalendarDate } from '../../domain/calendar-date.ts';
import { AppError } from '../../services/app-error.ts';
import { claimStatementPdf, statementOf } from '../../services/claim-statement-service.ts';
import { invoicePdf } from '../../services/document-service.ts';
import { EINVOICE_EXPORT_FORMATS, exportInvoice } from '../../services/einvoice-export-service.ts';
import { createInvoice, invoiceInputSchema } from '../../services/invoice-service.ts';
import type { ServiceContext } from '../../services/service-context.ts';
import type { ApiApp, ApiDeps } from '../api-deps.ts';
import { idParams, rowId } from '../params.ts';
import { serviceContext } from '../api-deps.ts';
import { decodeCursor, listOf, page, pageQuery } from '../pagination.ts';
import { sendFile } from '../send-file.ts';
import { customerOr404 } from './customer-routes.ts';

const invoiceSummarySchema = z.object({
  id: z.number(),
  number: z.string(),
  customerId: z.number(),
  customerNumber: z.string(),
  customerName: z.string(),
  issuedOn: z.string(),
  dueDate: z.string(),
  grossCents: z.number(),
  openCents: z.number(),
  status: z.enum(['open', 'paid', 'cancelled', 'written-off']),
  daysOverdue: z.number(),
});

async function invoiceOr404(ctx: ServiceContext, id: number): Promise<InvoiceRow> {
  const invoice = await findInvoiceById(ctx.db, ctx.tenantId, id);
  if (!invoice) throw new AppError('not-found', `invoice ${id} not found`);
  return invoice;
}

/** How late an invoice is while something of it is open. */
const daysOverdue = (dueDate: string, openCents: number, today: CalendarDate) =>
  openCents > 0 ? daysPastDue(dueDate as CalendarDate, today) : 0;

export function invoiceRoutes(app: ApiApp, deps: ApiDeps): void {
  app.get(
    '/api/invoices',
    {
      schema: {
        tags: ['invoices'],
        summary: 'Invoices with what is open of each',
        querystring: pageQuery.extend({
          q: z
            .string()
            .max(200)
            .optional()
            .describe('part of the invoice number or the customer’s name or number'),
          status: z.enum(['open', 'overdue', 'paid', 'all']).default('all'),
          customerId: rowId.optional(),
          sort: z.enum(['dueDate', 'number', 'open']).default('dueDate'),
        }),
        response: { 200: listOf(invoiceSummarySchema) },
      },
    },
    async (request) => {
      const ctx = serviceContext(request, deps);
      const q = request.query;
      const today = localToday(ctx.now());
      const rows = await listInvoiceSummaries(ctx.db, ctx.tenantId, {
        ...(q.q ? { q: q.q } : {}),
        ...(q.customerId ? { customerId: q.customerId } : {}),
        status: q.status,
        sort: q.sort,
        asOf: today,
        after: decodeCursor(q.cursor, 2),
        limit: q.limit,
      });
      const result = page(rows, q.limit, (r) => [r.sortValue, r.id]);
      return {
        items: result.items.map(({ sortValue: _sortValue, ...r }) => ({
          ...r,
          daysOverdue: r.status === 'open' ? daysOverdue(r.dueDate, r.openCents, today) : 0,
        })),
        nextCursor: result.nextCursor,
      };
    },
  );

  app.post(
    '/api/invoices',
    {
      schema: {
        tags: ['invoices'],
        summary:
          'Create an invoice (number from the sequence when not given; due date from the payment terms)',
        body: invoiceInputSchema,
      },
    },
    async (request, reply) => {
      const invoice = await createInvoice(serviceContext(request, deps), request.body);
      return reply.code(201).send(invoice);
    },
  );

  app.get(
    '/api/invoices/:id',
    {
      schema: {
        tags: ['invoices'],
        summary: 'An invoice with lines, payments, notices, and what is claimed of it today',
        params: idParams,
      },
    },
    async (request) => {
      const ctx = serviceContext(request, deps);
      const invoice = await invoiceOr404(ctx, request.params.id);
      const today = localToday(ctx.now());
      const [lines, state, customer, payments, notices] = await Promise.all([
        findInvoiceLines(ctx.db, ctx.tenantId, invoice.id),
        findClaimState(ctx.db, ctx.tenantId, invoice.id),
        findCustomerById(ctx.db, ctx.tenantId, invoice.customerId),
        paymentsOfInvoice(ctx.db, ctx.tenantId, invoice.id),
        noticesOfInvoice(ctx.db, ctx.tenantId, invoice.id),
      ]);
      if (!customer) throw new AppError('not-found', `customer of invoice ${invoice.number} not found`);
      const openCents = (state?.openPrincipalCents ?? 0) + (state?.openCostsCents ?? 0);
      const claimed =
        invoice.status === 'open' && openCents > 0
          ? (await statementOf(ctx, customer, today)).items.find((i) => i.invoiceNumber === invoice.number)
          : undefined;
      return {
        invoice: {
          id: invoice.id,
          number: invoice.number,
          issuedOn: invoice.issuedOn,
          dueDate: invoice.dueDate,
          deliveredOn: invoice.deliveredOn,
          netCents: invoice.netCents,
          vatCents: invoice.vatCents,
          grossCents: invoice.grossCents,
          currency: invoice.currency,
          status: invoice.status,
          source: invoice.source,
          paymentTerms: invoice.paymentTerms,
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
        },
        customer: { id: customer.id, number: customer.number, name: customer.name },
        openPrincipalCents: state?.openPrincipalCents ?? 0,
        openCostsCents: state?.openCostsCents ?? 0,
        interestPaidCents: state?.interestPaidCents ?? 0,
        daysOverdue: invoice.status === 'open' ? daysOverdue(invoice.dueDate, openCents, today) : 0,
        claimedToday: claimed
          ? {
              asOf: today,
              openPrincipalCents: claimed.openPrincipalCents,
              openCostsCents: claimed.openCostsCents,
              interestCents: claimed.interestCents,
              interestPaidCents: claimed.interestPaidCents,
              flatFeeCents: claimed.flatFeeCents,
              totalCents: claimed.totalCents,
              interestSegments: claimed.interestSegments,
            }
          : null,
        payments: payments.map((p) => ({
          id: Number(p.id),
          receivedOn: String(p.received_on),
          amountCents: Number(p.amount_cents),
          source: String(p.source),
          reference: (p.reference as string | null) ?? null,
          payerName: (p.payer_name as string | null) ?? null,
          reversed: p.reversed_by_payment_id !== null,
          component: String(p.component),
          allocatedCents: Number(p.allocated_cents),
          rule: String(p.rule),
        })),
        notices: notices.map((n) => ({
          id: Number(n.id),
          stageKey: String(n.stage_key),
          issuedOn: String(n.issued_on),
          status: String(n.status),
          channel: String(n.channel),
          paymentDeadline: (n.payment_deadline as string | null) ?? null,
          totalCents: Number(n.total_cents),
          interestCents: Number(n.interest_cents),
          itemCancelled: Boolean(n.cancelled),
        })),
        documents: {
          pdf: `/api/invoices/${invoice.id}/pdf`,
          einvoice: EINVOICE_EXPORT_FORMATS.map((format) => ({
            format,
            url: `/api/invoices/${invoice.id}/einvoice?format=${format}`,
          })),
        },
      };
    },
  );

  app.get(
    '/api/invoices/:id/pdf',
    {
      schema: {
        tags: ['invoices'],
        summary: 'The invoice as PDF (with EPC QR code while open)',
        params: idParams,
      },
    },
    async (request, reply) => {
      const ctx = serviceContext(request, deps);
      const invoice = await invoiceOr404(ctx, request.params.id);
      return sendFile(
        reply,
        await invoicePdf(ctx, invoice.number),
        'application/pdf',
        `${invoice.number}.pdf`,
        'inline',
      );
    },
  );

  app.get(
    '/api/invoices/:id/einvoice',
    {
      schema: {
        tags: ['invoices'],
        summary: 'The invoice as XRechnung 3.0 (UBL or CII) or Factur-X EN 16931',
        params: idParams,
        querystring: z.object({
          format: z.enum(EINVOICE_EXPORT_FORMATS as [string, ...string[]]).default('xrechnung-ubl'),
        }),
      },
    },
    async (request, reply) => {
      const ctx = serviceContext(request, deps);
      const invoice = await invoiceOr404(ctx, request.params.id);
      const file = await exportInvoice(
        ctx,
        invoice.number,
        request.query.format as (typeof EINVOICE_EXPORT_FORMATS)[number],
      );
      return sendFile(reply, file.bytes, file.mimeType, file.fileName, 'attachment');
    },
  );

  app.get(
    '/api/customers/:id/statement',
    {
      schema: {
        tags: ['customers'],
        summary:
          'Claim statement (Forderungsaufstellung): every open claim with principal, costs, interest by period, flat fee',
        params: idParams,
        querystring: z.object({ asOf: z.iso.date().optional() }),
      },
    },
    async (request) => {
      const ctx = serviceContext(request, deps);
      const customer = await customerOr404(ctx, request.params.id);
      return statementOf(ctx, customer, (request.query.asOf ?? localToday(ctx.now())) as CalendarDate);
    },
  );

  app.get(
    '/api/customers/:id/statement.pdf',
    {
      schema: {
        tags: ['customers'],
        summary: 'The claim statement as a letter (PDF)',
        params: idParams,
        querystring: z.object({ asOf: z.iso.date().optional() }),
      },
    },
    async (request, reply) => {
      const ctx = serviceContext(request, deps);
      const customer = await customerOr404(ctx, request.params.id);
      const asOf = (request.query.asOf ?? localToday(ctx.now())) as CalendarDate;
      const pdf = await claimStatementPdf(ctx, customer.number, asOf);
      return sendFile(
        reply,
        pdf,
        'application/pdf',
        `Forderungsaufstellung-${customer.number}-${asOf}.pdf`,
        'inline',
      );
    },
  );
}
