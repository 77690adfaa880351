/**
 * @module payment-routes
 * Payments over HTTP: uploading a bank statement file (its payments matched and booked, the rest
 * queued), the list of imports, the review queue with its suggestions and deciding on an item
 * (assign to invoices, or set aside), the list of payments and recording one by hand. The two
 * POSTs that create a payment accept an `Idempotency-Key` (see ../idempotency.ts).
 */
import { randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { errorCodes, type FastifyReply, type FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { allocationsOfPayment, listPayments, type PaymentSummaryRow } from '../../db/payment-repository.ts';
import {
  listImports,
  type StatementImportSummaryRow,
  statementsOfImport,
} from '../../db/statement-repository.ts';
import { isValidIban } from '../../domain/iban.ts';
import { minorToDecimalString } from '../../domain/money.ts';
import { STATEMENT_CSV_PRESETS } from '../../formats/statement-csv.ts';
import { AppError } from '../../services/app-error.ts';
import {
  assignBankTransaction,
  ignoreBankTransaction,
  listReviewQueue,
} from '../../services/payment-review-service.ts';
import { type RecordedPayment, recordPayment } from '../../services/payment-service.ts';
import type { ServiceContext } from '../../services/service-context.ts';
import { importStatement } from '../../services/statement-import-service.ts';
import type { ApiApp, ApiDeps } from '../api-deps.ts';
import { idParams, rowId } from '../params.ts';
import { serviceContext } from '../api-deps.ts';
import { idempotencyHeaders, respondIdempotently } from '../idempotency.ts';
import { decodeCursor, listOf, page, pageQuery } from '../pagination.ts';
import { sendProblem } from '../problem.ts';
import { customerOr404 } from './customer-routes.ts';

/** The largest statement file accepted: a year of camt.053 of a busy account. */
export const MAX_STATEMENT_BYTES = 100 * 2 ** 20;

const importResultSchema = z.object({
  importId: z.number(),
  duplicate: z.boolean().describe('the same file was imported before: nothing added'),
  fileName: z.string(),
  format: z.string(),
  statements: z.number(),
  entries: z.number().describe('entries in the file'),
  newEntries: z.number().describe('entries not known from an earlier file'),
  transactions: z.number(),
  booked: z.number(),
  bookedCents: z.number(),
  review: z.number(),
  parked: z.number().describe('payer not recognised'),
  ignored: z.number().describe('not receivables: outgoing payments, pending entries'),
  returns: z.number().describe('returned direct debits and reversals undone'),
});

const importSummarySchema = z.object({
  id: z.number(),
  fileName: z.string(),
  format: z.string(),
  importedAt: z.string(),
  entries: z.number(),
  newEntries: z.number(),
  booked: z.number(),
  review: z.number(),
  parked: z.number(),
  ignored: z.number(),
});

const suggestionSchema = z.object({
  customerId: z.number().nullable(),
  customerNumber: z.string().nullable(),
  customerName: z.string().nullable(),
  invoiceIds: z.array(z.number()),
  invoiceNumbers: z.array(z.string()),
  confidence: z.number().describe('0–100'),
  evidence: z.array(z.string()),
});

const reviewItemSchema = z.object({
  id: z.number(),
  status: z.enum(['review', 'parked']),
  bookingDate: z.string(),
  amountCents: z.number(),
  currency: z.string(),
  direction: z.enum(['credit', 'debit']),
  payerName: z.string().nullable(),
  payerIban: z.string().nullable(),
  remittance: z.string(),
  endToEndId: z.string().nullable(),
  creditorReference: z.string().nullable(),
  reason: z.array(z.string()),
  suggestions: z.array(suggestionSchema),
});

const allocationSchema = z.object({
  invoiceId: z.number().nullable(),
  invoiceNumber: z.string().nullable(),
  component: z.enum(['costs', 'interest', 'principal', 'skonto', 'credit', 'write-off']),
  amountCents: z.number(),
  rule: z.string(),
});

const recordedPaymentSchema = z.object({
  paymentId: z.number(),
  customerId: z.number().nullable(),
  receivedOn: z.string(),
  amountCents: z.number(),
  allocations: z.array(allocationSchema),
  creditCents: z.number().describe('held as the customer’s credit'),
  cancelledNoticeItems: z.number().describe('claims taken off proposals that had not gone out'),
});

const paymentSummarySchema = z.object({
  id: z.number(),
  customerId: z.number().nullable(),
  customerNumber: z.string().nullable(),
  customerName: z.string().nullable(),
  receivedOn: z.string(),
  amountCents: z.number(),
  currency: z.string(),
  reference: z.string().nullable(),
  payerName: z.string().nullable(),
  payerIban: z.string().nullable(),
  source: z.string(),
  bankTransactionId: z.number().nullable(),
  reversesPaymentId: z.number().nullable(),
  reversed: z.boolean(),
  allocatedCents: z.number(),
  creditCents: z.number(),
});

const paymentBody = z.object({
  customerNumber: z.string().trim().min(1).max(100),
  amountCents: z.number().int().positive().max(Number.MAX_SAFE_INTEGER),
  bookedOn: z.iso.date().describe('the day the money was credited'),
  invoiceNumbers: z.array(z.string().trim().min(1).max(100)).max(1000).default([]),
  reference: z.string().max(500).nullable().optional(),
  payerName: z.string().max(200).nullable().optional(),
  payerIban: z.string().max(40).nullable().optional(),
});

/** A statement file streamed to a temporary file of its own; removed when the response is sent. */
export class SpooledUpload {
  constructor(
    readonly path: string,
    readonly bytes: number,
  ) {}
}

/** A body parser that streams the body to a new file in the temp folder, refusing more than `maxBytes`. */
export function spoolBodyUpTo(maxBytes: number) {
  return async (_request: FastifyRequest, payload: NodeJS.ReadableStream): Promise<SpooledUpload> => {
    const path = join(tmpdir(), `mahnwerk-statement-${randomUUID()}`);
    let bytes = 0;
    const limit = new Transform({
      transform(chunk: Buffer, _encoding, callback) {
        bytes += chunk.length;
        if (bytes > maxBytes) callback(new errorCodes.FST_ERR_CTP_BODY_TOO_LARGE());
        else callback(null, chunk);
      },
    });
    try {
      await pipeline(payload, limit, createWriteStream(path, { flags: 'wx', mode: 0o600 }));
    } catch (error) {
      await rm(path, { force: true });
      throw error;
    }
    return new SpooledUpload(path, bytes);
  };
}

async function discardUpload(request: FastifyRequest): Promise<void> {
  if (request.body instanceof SpooledUpload) await rm(request.body.path, { force: true });
}

/** Before any answer goes out (a bad query, a refused file, the import's result): the spooled file goes. */
async function discardBeforeSending<T>(
  request: FastifyRequest,
  _reply: FastifyReply,
  payload: T,
): Promise<T> {
  await discardUpload(request);
  return payload;
}

/** A declared size over the limit is refused before a byte of the body is written to disk. */
async function refuseTooLarge(request: FastifyRequest, reply: FastifyReply): Promise<void> {
  if (Number(request.headers['content-length'] ?? 0) > MAX_STATEMENT_BYTES) {
    await sendProblem(reply, 413, 'too-large', `the file is larger than ${MAX_STATEMENT_BYTES / 2 ** 20} MB`);
  }
}

/**
 * The name the client gave the file, for messages and the import list only: never a path. Percent
 * encoding (for names that are not ASCII) is decoded; folders, control characters and quotes are dropped.
 */
export function displayFileName(header: string | undefined): string {
  let name = header ?? '';
  try {
    name = decodeURIComponent(name);
  } catch {
    // not percent-encoded: taken as it is
  }
  const base = name.split(/[/\\]/).at(-1) ?? '';
  const clean = base
    .replace(/[\p{Cc}\p{Cf}"]/gu, '')
    .trim()
    .slice(0, 200);
  return clean === '' || clean === '.' || clean === '..' ? 'statement' : clean;
}

function importSummaryJson(r: StatementImportSummaryRow): z.infer<typeof importSummarySchema> {
  return {
    id: r.id,
    fileName: r.fileName,
    format: r.format,
    importedAt: r.importedAt.toISOString(),
    entries: r.entriesRead,
    newEntries: r.entriesAdded,
    booked: r.booked,
    review: r.review,
    parked: r.parked,
    ignored: r.ignored,
  };
}

function paymentSummaryJson({
  reversedByPaymentId,
  ...r
}: PaymentSummaryRow): z.infer<typeof paymentSummarySchema> {
  return { ...r, reversed: reversedByPaymentId !== null };
}

async function recordedPaymentJson(
  ctx: ServiceContext,
  recorded: RecordedPayment,
): Promise<z.infer<typeof recordedPaymentSchema>> {
  const { payment } = recorded;
  return {
    paymentId: payment.id,
    customerId: payment.customerId,
    receivedOn: payment.receivedOn,
    amountCents: payment.amountCents,
    allocations: await allocationsOfPayment(ctx.db, ctx.tenantId, payment.id),
    creditCents: recorded.credit.minor,
    cancelledNoticeItems: recorded.cancelledNoticeItems,
  };
}

function statementRoutes(app: ApiApp, deps: ApiDeps): void {
  void app.register(async (plugin) => {
    const scope = plugin.withTypeProvider<ZodTypeProvider>();
    // Only in this scope: elsewhere application/octet-stream stays unsupported (415).
    scope.addContentTypeParser('application/octet-stream', spoolBodyUpTo(MAX_STATEMENT_BYTES));
    scope.addHook('onSend', discardBeforeSending);
    scope.addHook('onRequestAbort', discardUpload);
    scope.post(
      '/api/statements',
      {
        onRequest: refuseTooLarge,
        schema: {
          tags: ['payments'],
          summary:
            'Import a bank statement (camt.052/053/054 XML, ZIP of camt, MT940, CSV) sent as the raw body ' +
            `(application/octet-stream, at most ${MAX_STATEMENT_BYTES / 2 ** 20} MB): matched payments are booked, ` +
            'the rest waits for review. A file that cannot be read is refused (422) naming the place, and nothing is stored.',
          querystring: z.object({
            csvPreset: z
              .enum(Object.keys(STATEMENT_CSV_PRESETS) as [string, ...string[]])
              .optional()
              .describe('the bank of a CSV export; recognised from the header when absent'),
            account: z
              .string()
              .trim()
              .refine(isValidIban, 'not a valid IBAN')
              .optional()
              .describe('the account IBAN, for CSV exports that do not name it'),
            toleranceCents: z.coerce
              .number()
              .int()
              .min(0)
              .max(100_000)
              .optional()
              .describe('shortfall written off on named invoices; default: the company setting, else 100'),
          }),
          headers: z.object({
            'x-filename': z.string().max(1000).optional().describe('the original file name, only shown'),
          }),
          response: { 200: importResultSchema, 201: importResultSchema },
        },
      },
      async (request, reply) => {
        const upload = request.body;
        if (!(upload instanceof SpooledUpload)) {
          return sendProblem(
            reply,
            415,
            'unsupported-media-type',
            'send the statement file as the body with Content-Type: application/octet-stream',
          );
        }
        const ctx = serviceContext(request, deps);
        const q = request.query;
        try {
          const result = await importStatement(ctx, {
            path: upload.path,
            displayName: displayFileName(request.headers['x-filename']),
            ...(q.csvPreset ? { csvPreset: q.csvPreset } : {}),
            ...(q.account ? { accountIban: q.account } : {}),
            ...(q.toleranceCents !== undefined ? { toleranceCents: q.toleranceCents } : {}),
          });
          if (result.importId === null) throw new Error('the import returned no import id');
          return reply.code(result.alreadyImported ? 200 : 201).send({
            importId: result.importId,
            duplicate: result.alreadyImported,
            fileName: result.fileName,
            format: result.format,
            statements: result.statements,
            entries: result.entriesRead,
            newEntries: result.entriesAdded,
            transactions: result.transactions,
            booked: result.booked,
            bookedCents: result.bookedCents,
            review: result.review,
            parked: result.parked,
            ignored: result.ignored,
            returns: result.returns,
          });
        } finally {
          await discardUpload(request);
        }
      },
    );
  });

  app.get(
    '/api/statements',
    {
      schema: {
        tags: ['payments'],
        summary: 'Imported statement files, newest first, with what became of their transactions',
        querystring: pageQuery,
        response: { 200: listOf(importSummarySchema) },
      },
    },
    async (request) => {
      const ctx = serviceContext(request, deps);
      const { limit, cursor } = request.query;
      const before = decodeCursor(cursor, 1);
      const rows = await listImports(ctx.db, ctx.tenantId, {
        before: before ? Number(before[0]) : null,
        limit,
      });
      const result = page(rows, limit, (r) => [r.id]);
      return { items: result.items.map(importSummaryJson), nextCursor: result.nextCursor };
    },
  );

  app.get(
    '/api/statements/:id',
    {
      schema: {
        tags: ['payments'],
        summary: 'An imported file with its statements: account, period and balances',
        params: idParams,
        response: {
          200: importSummarySchema.extend({
            statements: z.array(
              z.object({
                id: z.number(),
                statementRef: z.string(),
                accountIban: z.string(),
                currency: z.string().nullable(),
                sequenceNumber: z.string().nullable(),
                fromDate: z.string().nullable(),
                toDate: z.string().nullable(),
                openingBalanceCents: z.number().nullable(),
                closingBalanceCents: z.number().nullable(),
              }),
            ),
          }),
        },
      },
    },
    async (request) => {
      const ctx = serviceContext(request, deps);
      const [found] = await listImports(ctx.db, ctx.tenantId, {
        id: request.params.id,
        before: null,
        limit: 1,
      });
      if (!found) throw new AppError('not-found', `statement import ${request.params.id} not found`);
      const statements = await statementsOfImport(ctx.db, ctx.tenantId, found.id);
      return {
        ...importSummaryJson(found),
        statements: statements.map((s) => ({
          id: s.id,
          statementRef: s.statementRef,
          accountIban: s.accountIban,
          currency: s.currency,
          sequenceNumber: s.sequenceNumber,
          fromDate: s.fromDate,
          toDate: s.toDate,
          openingBalanceCents: s.openingBalanceCents,
          closingBalanceCents: s.closingBalanceCents,
        })),
      };
    },
  );
}

function reviewRoutes(app: ApiApp, deps: ApiDeps): void {
  app.get(
    '/api/review-queue',
    {
      schema: {
        tags: ['payments'],
        summary:
          'Bank transactions waiting for a person (review) or with an unknown payer (parked), oldest first',
        querystring: pageQuery,
        response: { 200: listOf(reviewItemSchema) },
      },
    },
    async (request) => {
      const ctx = serviceContext(request, deps);
      const { limit, cursor } = request.query;
      const after = decodeCursor(cursor, 2);
      const rows = await listReviewQueue(ctx, {
        after: after ? [String(after[0]), Number(after[1])] : null,
        limit,
      });
      return page(rows, limit, (r) => [r.bookingDate, r.id]);
    },
  );

  app.post(
    '/api/review-queue/:id/assign',
    {
      schema: {
        tags: ['payments'],
        summary:
          'Book the transaction as a payment of these invoices (or of the customer, oldest claims first); ' +
          '409 when it was decided already',
        params: idParams,
        headers: idempotencyHeaders,
        body: z.object({
          invoiceNumbers: z.array(z.string().trim().min(1).max(100)).max(1000).default([]),
          customerNumber: z.string().trim().min(1).max(100).optional(),
        }),
        response: { 200: recordedPaymentSchema },
      },
    },
    async (request, reply) =>
      respondIdempotently(request, reply, serviceContext(request, deps), async (ctx) => {
        const recorded = await assignBankTransaction(ctx, {
          transactionId: request.params.id,
          invoiceNumbers: request.body.invoiceNumbers,
          ...(request.body.customerNumber ? { customerNumber: request.body.customerNumber } : {}),
        });
        return { statusCode: 200, body: await recordedPaymentJson(ctx, recorded) };
      }),
  );

  app.post(
    '/api/review-queue/:id/ignore',
    {
      schema: {
        tags: ['payments'],
        summary: 'Take the transaction out of the queue: not a customer payment (refund, own transfer)',
        params: idParams,
        body: z.object({ reason: z.string().trim().min(1).max(500) }),
        response: { 200: z.object({ id: z.number(), status: z.literal('ignored') }) },
      },
    },
    async (request) => {
      const ctx = serviceContext(request, deps);
      await ignoreBankTransaction(ctx, request.params.id, request.body.reason);
      return { id: request.params.id, status: 'ignored' as const };
    },
  );
}

function paymentListRoutes(app: ApiApp, deps: ApiDeps): void {
  app.get(
    '/api/payments',
    {
      schema: {
        tags: ['payments'],
        summary: 'Payments, latest credit day first, with where the money went',
        querystring: pageQuery.extend({ customerId: rowId.optional() }),
        response: { 200: listOf(paymentSummarySchema) },
      },
    },
    async (request) => {
      const ctx = serviceContext(request, deps);
      const q = request.query;
      if (q.customerId !== undefined) await customerOr404(ctx, q.customerId);
      const after = decodeCursor(q.cursor, 2);
      const rows = await listPayments(ctx.db, ctx.tenantId, {
        ...(q.customerId !== undefined ? { customerId: q.customerId } : {}),
        after: after ? [String(after[0]), Number(after[1])] : null,
        limit: q.limit,
      });
      const result = page(rows, q.limit, (r) => [r.receivedOn, r.id]);
      return { items: result.items.map(paymentSummaryJson), nextCursor: result.nextCursor };
    },
  );

  app.get(
    '/api/payments/:id',
    {
      schema: {
        tags: ['payments'],
        summary: 'A payment and where it went: costs, interest, principal per invoice, Skonto, credit',
        params: idParams,
        response: { 200: paymentSummarySchema.extend({ allocations: z.array(allocationSchema) }) },
      },
    },
    async (request) => {
      const ctx = serviceContext(request, deps);
      const [found] = await listPayments(ctx.db, ctx.tenantId, {
        id: request.params.id,
        after: null,
        limit: 1,
      });
      if (!found) throw new AppError('not-found', `payment ${request.params.id} not found`);
      return {
        ...paymentSummaryJson(found),
        allocations: await allocationsOfPayment(ctx.db, ctx.tenantId, found.id),
      };
    },
  );

  app.post(
    '/api/payments',
    {
      schema: {
        tags: ['payments'],
        summary:
          'Record a payment by hand: allocated by §§366, 367 BGB (named invoices first; costs, interest, ' +
          'principal), with Skonto; the rest held as credit. Send an Idempotency-Key to retry safely.',
        headers: idempotencyHeaders,
        body: paymentBody,
        response: { 201: recordedPaymentSchema },
      },
    },
    async (request, reply) =>
      respondIdempotently(request, reply, serviceContext(request, deps), async (ctx) => {
        const body = request.body;
        const recorded = await recordPayment(ctx, {
          customerNumber: body.customerNumber,
          receivedOn: body.bookedOn,
          amount: minorToDecimalString(body.amountCents, 2),
          invoiceNumbers: body.invoiceNumbers,
          reference: body.reference ?? null,
          payerName: body.payerName ?? null,
          payerIban: body.payerIban ?? null,
          source: 'manual',
        });
        return { statusCode: 201, body: await recordedPaymentJson(ctx, recorded) };
      }),
  );
}

export function paymentRoutes(app: ApiApp, deps: ApiDeps): void {
  statementRoutes(app, deps);
  reviewRoutes(app, deps);
  paymentListRoutes(app, deps);
}
