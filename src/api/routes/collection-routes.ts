/**
 * @module collection-routes
 * Escalation: collection cases (handover to an agency or a lawyer, the case file, the agency's
 * remittances, closing or returning), write-offs of bad debt and settlements (Vergleich).
 */
import { z } from 'zod';
import { localToday } from '../../cli/parse-options.ts';
import { writeOffsOfCustomer } from '../../db/collection-repository.ts';
import { invoicesToHold } from '../../db/hold-repository.ts';
import type { CalendarDate } from '../../domain/calendar-date.ts';
import { minorToDecimalString } from '../../domain/money.ts';
import { AppError } from '../../services/app-error.ts';
import {
  caseFile,
  closeCollectionCase,
  getCollectionCase,
  handOverClaims,
  listCases,
  recordRemittance,
} from '../../services/collection-service.ts';
import type { ServiceContext } from '../../services/service-context.ts';
import { settleClaims, writeOffClaims } from '../../services/write-off-service.ts';
import { type ApiApp, type ApiDeps, serviceContext } from '../api-deps.ts';
import { idParams, rowId } from '../params.ts';
import { sendFile } from '../send-file.ts';
import { customerOr404 } from './customer-routes.ts';

const day = z.iso.date();
const cents = z.number().int().min(0);
const decimal = (value: number) => minorToDecimalString(value, 2);

const caseClaimSchema = z.object({
  invoiceId: z.number(),
  invoiceNumber: z.string(),
  dueDate: z.string(),
  status: z.string().describe('the invoice now: open, paid, written-off'),
  principalCents: z.number().int(),
  costsCents: z.number().int(),
  interestCents: z.number().int().describe('interest owed on the handover day'),
  totalCents: z.number().int(),
});

const caseSchema = z.object({
  id: z.number(),
  customerId: z.number(),
  customerNumber: z.string(),
  customerName: z.string(),
  kind: z.enum(['agency', 'lawyer']),
  agencyName: z.string(),
  agencyReference: z.string().nullable(),
  handedOverOn: z.string(),
  status: z.enum(['handed-over', 'agency-paid', 'closed', 'returned']),
  closedOn: z.string().nullable(),
  claims: z.array(caseClaimSchema),
  handedOverCents: z.number().int(),
  remittances: z.array(
    z.object({
      id: z.number(),
      reportedOn: z.string(),
      collectedCents: z.number().int(),
      debtorCostsCents: z.number().int(),
      retainedCents: z.number().int(),
      forwardedCents: z.number().int(),
      paymentId: z.number().nullable(),
    }),
  ),
  collectedCents: z.number().int(),
  forwardedCents: z.number().int(),
});

const caseListItemSchema = caseSchema
  .pick({
    id: true,
    customerId: true,
    customerNumber: true,
    customerName: true,
    kind: true,
    agencyName: true,
    handedOverOn: true,
    status: true,
    closedOn: true,
    handedOverCents: true,
    collectedCents: true,
  })
  .extend({ claims: z.number().int().describe('number of claims') });

const writtenOffSchema = z.object({
  writeOffId: z.number(),
  invoiceNumber: z.string(),
  principalCents: z.number().int(),
  costsCents: z.number().int(),
  interestCents: z.number().int().describe('default interest accrued and given up'),
  vatCents: z.number().int().describe('VAT contained in the principal written off (§ 17 UStG correction)'),
});

/** The numbers of the customer's invoices named by id; an id that is not the customer's is named. */
async function invoiceNumbersOf(
  ctx: ServiceContext,
  customerId: number,
  ids: readonly number[] | undefined,
): Promise<string[] | undefined> {
  if (!ids) return undefined;
  const rows = await invoicesToHold(ctx.db, ctx.tenantId, ids);
  return ids.map((id, i) => {
    const row = rows.find((r) => r.id === id);
    if (!row || row.customerId !== customerId) {
      throw new AppError('validation', `invoiceIds.${i}: invoice ${id} is not an invoice of this customer`, {
        issues: [{ path: `invoiceIds.${i}`, message: 'not an invoice of this customer' }],
      });
    }
    return row.number;
  });
}

export function collectionRoutes(app: ApiApp, deps: ApiDeps): void {
  app.get(
    '/api/collection-cases',
    {
      schema: {
        tags: ['collection'],
        summary: 'Collection cases, newest first',
        querystring: z.object({
          status: z.enum(['open', 'all']).default('all'),
          customerId: rowId.optional(),
        }),
        response: { 200: z.object({ items: z.array(caseListItemSchema) }) },
      },
    },
    async (request) => {
      const ctx = serviceContext(request, deps);
      const { status, customerId } = request.query;
      const items = await listCases(ctx, {
        ...(customerId ? { customerId } : {}),
        ...(status === 'open' ? { open: true } : {}),
      });
      return { items };
    },
  );

  app.post(
    '/api/collection-cases',
    {
      schema: {
        tags: ['collection'],
        summary: 'Hand claims of a customer over to a collection agency or a lawyer',
        description:
          'The claims (all open, due ones when none are named) are recorded with what the statement claims on the day; ' +
          'from then the company no longer dunns them. Refused for disputed claims, claims in an active instalment plan ' +
          'or another open case, and claims not yet due.',
        body: z.object({
          customerId: z.number().int().positive(),
          invoiceIds: z.array(z.number().int().positive()).min(1).max(500).optional(),
          kind: z.enum(['agency', 'lawyer']).default('agency'),
          agencyName: z.string().trim().min(1).max(200),
          agencyReference: z.string().trim().min(1).max(100).nullable().optional(),
          handedOverOn: day.optional().describe('default today'),
        }),
        response: {
          201: caseSchema.extend({
            leftOut: z
              .array(z.object({ invoiceNumber: z.string(), reason: z.string() }))
              .describe(
                'due claims not handed over (disputed, in a plan or another case), when none were named',
              ),
          }),
        },
      },
    },
    async (request, reply) => {
      const ctx = serviceContext(request, deps);
      const { invoiceIds, handedOverOn, customerId, ...rest } = request.body;
      const customer = await customerOr404(ctx, customerId);
      const invoiceNumbers = await invoiceNumbersOf(ctx, customer.id, invoiceIds);
      const created = await handOverClaims(ctx, {
        ...rest,
        customerId: customer.id,
        ...(invoiceNumbers ? { invoiceNumbers } : {}),
        handedOverOn: handedOverOn ?? localToday(ctx.now()),
      });
      return reply.code(201).send(created);
    },
  );

  app.get(
    '/api/collection-cases/:id',
    {
      schema: {
        tags: ['collection'],
        summary: 'A collection case: its claims as handed over and now, and the agency’s remittances',
        params: idParams,
        response: { 200: caseSchema },
      },
    },
    async (request) => getCollectionCase(serviceContext(request, deps), request.params.id),
  );

  app.post(
    '/api/collection-cases/:id/remittances',
    {
      schema: {
        tags: ['collection'],
        summary: 'Book what the agency collected, with the costs it charged the debtor and what it kept',
        description:
          'The collected amount is booked as a payment to the case’s claims (§ 367 BGB: costs, interest, principal); ' +
          'the debtor’s collection costs are charged to the oldest claim first; what the agency kept is the company’s ' +
          'expense and does not reduce the debt.',
        params: idParams,
        body: z.object({
          collectedCents: z.number().int().min(1),
          debtorCostsCents: cents.default(0),
          retainedCents: cents.default(0),
          reference: z.string().trim().max(200).optional(),
          reportedOn: day.optional().describe('default today'),
        }),
        response: { 201: caseSchema },
      },
    },
    async (request, reply) => {
      const ctx = serviceContext(request, deps);
      const b = request.body;
      const view = await recordRemittance(ctx, request.params.id, {
        reportedOn: b.reportedOn ?? localToday(ctx.now()),
        collected: decimal(b.collectedCents),
        debtorCosts: decimal(b.debtorCostsCents),
        retained: decimal(b.retainedCents),
        ...(b.reference ? { reference: b.reference } : {}),
      });
      return reply.code(201).send(view);
    },
  );

  app.post(
    '/api/collection-cases/:id/close',
    {
      schema: {
        tags: ['collection'],
        summary:
          'Close a case (writing off what is still open, with a reason) or return it to the company’s dunning',
        params: idParams,
        body: z.object({
          outcome: z.enum(['closed', 'returned']),
          writeOffReason: z.string().trim().min(1).max(2000).optional(),
          note: z.string().trim().max(2000).optional(),
          closedOn: day.optional().describe('default today'),
        }),
        response: { 200: caseSchema },
      },
    },
    async (request) => {
      const ctx = serviceContext(request, deps);
      const { closedOn, ...rest } = request.body;
      return closeCollectionCase(ctx, request.params.id, {
        ...rest,
        closedOn: closedOn ?? localToday(ctx.now()),
      });
    },
  );

  app.get(
    '/api/collection-cases/:id/file',
    {
      schema: {
        tags: ['collection'],
        summary:
          'The case file for the agency: PDF (statement, history, copies of invoices and notices), JSON or CSV',
        params: idParams,
        querystring: z.object({
          format: z.enum(['pdf', 'json', 'csv']).default('pdf'),
          date: day.optional().describe('statement as of this day (default today)'),
        }),
      },
    },
    async (request, reply) => {
      const ctx = serviceContext(request, deps);
      const asOf = (request.query.date ?? localToday(ctx.now())) as CalendarDate;
      const file = await caseFile(ctx, request.params.id, asOf);
      switch (request.query.format) {
        case 'json':
          return sendFile(
            reply,
            new TextEncoder().encode(JSON.stringify(file.json, null, 2)),
            'application/json',
            `${file.fileBase}.json`,
            'attachment',
          );
        case 'csv':
          return sendFile(
            reply,
            new TextEncoder().encode(file.csv),
            'text/csv; charset=utf-8',
            `${file.fileBase}.csv`,
            'attachment',
          );
        default:
          return sendFile(reply, file.pdf, 'application/pdf', `${file.fileBase}.pdf`, 'inline');
      }
    },
  );

  app.get(
    '/api/customers/:id/write-offs',
    {
      schema: {
        tags: ['collection'],
        summary: 'What was written off on the customer’s claims, with the VAT to correct',
        params: idParams,
        response: {
          200: z.object({
            items: z.array(
              writtenOffSchema.extend({
                invoiceId: z.number(),
                writtenOffOn: z.string(),
                kind: z.enum(['bad-debt', 'settlement', 'dispute']),
                reason: z.string(),
                caseId: z.number().nullable(),
              }),
            ),
          }),
        },
      },
    },
    async (request) => {
      const ctx = serviceContext(request, deps);
      const customer = await customerOr404(ctx, request.params.id);
      const rows = await writeOffsOfCustomer(ctx.db, ctx.tenantId, customer.id);
      return {
        items: rows.map(({ writeOff: w, invoiceNumber }) => ({
          writeOffId: w.id,
          invoiceId: w.invoiceId,
          invoiceNumber,
          writtenOffOn: w.writtenOffOn,
          kind: w.kind,
          reason: w.reason,
          principalCents: w.principalCents,
          costsCents: w.costsCents,
          interestCents: w.interestCents,
          vatCents: w.vatCents,
          caseId: w.caseId,
        })),
      };
    },
  );

  app.post(
    '/api/customers/:id/write-offs',
    {
      schema: {
        tags: ['collection'],
        summary:
          'Write off uncollectible claims of the customer (bad debt), all open ones when none are named',
        params: idParams,
        body: z.object({
          invoiceIds: z.array(z.number().int().positive()).min(1).max(500).optional(),
          reason: z.string().trim().min(1).max(2000),
          writtenOffOn: day.optional().describe('default today'),
        }),
        response: { 201: z.object({ items: z.array(writtenOffSchema) }) },
      },
    },
    async (request, reply) => {
      const ctx = serviceContext(request, deps);
      const customer = await customerOr404(ctx, request.params.id);
      const invoiceNumbers = await invoiceNumbersOf(ctx, customer.id, request.body.invoiceIds);
      const items = await writeOffClaims(ctx, {
        customerId: customer.id,
        reason: request.body.reason,
        writtenOffOn: request.body.writtenOffOn ?? localToday(ctx.now()),
        ...(invoiceNumbers ? { invoiceNumbers } : {}),
      });
      return reply.code(201).send({ items });
    },
  );

  app.post(
    '/api/customers/:id/settlements',
    {
      schema: {
        tags: ['collection'],
        summary:
          'Settlement (Vergleich): book the reduced amount received and write off the rest of the named claims',
        params: idParams,
        body: z.object({
          invoiceIds: z.array(z.number().int().positive()).min(1).max(500),
          amountReceivedCents: z
            .number()
            .int()
            .min(1)
            .optional()
            .describe('received now and booked; omit when it is booked already'),
          reason: z.string().trim().min(1).max(2000),
          settledOn: day.optional().describe('default today'),
        }),
        response: {
          201: z.object({
            paymentId: z.number().nullable(),
            receivedCents: z.number().int(),
            writtenOff: z.array(writtenOffSchema),
          }),
        },
      },
    },
    async (request, reply) => {
      const ctx = serviceContext(request, deps);
      const customer = await customerOr404(ctx, request.params.id);
      const b = request.body;
      const invoiceNumbers = (await invoiceNumbersOf(ctx, customer.id, b.invoiceIds)) as string[];
      const result = await settleClaims(ctx, {
        customerId: customer.id,
        invoiceNumbers,
        reason: b.reason,
        settledOn: b.settledOn ?? localToday(ctx.now()),
        ...(b.amountReceivedCents ? { amountReceived: decimal(b.amountReceivedCents) } : {}),
      });
      return reply.code(201).send(result);
    },
  );
}
