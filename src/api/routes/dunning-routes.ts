/**
 * @module dunning-routes
 * Dunning over HTTP: the run (a dry run first to see what it would propose, then the real one),
 * the list of runs, the proposed notices with their claims and letters, approving and cancelling
 * them, and the letters of a run for the post as one PDF.
 */
import { z } from 'zod';
import { localToday } from '../../cli/parse-options.ts';
import { findCustomerById } from '../../db/customer-repository.ts';
import { type DunningRunRow, findRun, listRuns, noticeCountsOfRun } from '../../db/dunning-repository.ts';
import {
  findNotice,
  findNoticeWithItems,
  listNoticeSummaries,
  type NoticeRow,
} from '../../db/notice-repository.ts';
import type { CalendarDate } from '../../domain/calendar-date.ts';
import { AppError } from '../../services/app-error.ts';
import { noticePdf, runLettersPdf } from '../../services/document-service.ts';
import { type DunningRunResult, runDunning } from '../../services/dunning-run-service.ts';
import { approveNotices, cancelNotice } from '../../services/notice-service.ts';
import type { ServiceContext } from '../../services/service-context.ts';
import type { ApiApp, ApiDeps } from '../api-deps.ts';
import { idParams, rowId } from '../params.ts';
import { serviceContext } from '../api-deps.ts';
import { decodeCursor, listOf, page, pageQuery } from '../pagination.ts';
import { customerOr404 } from './customer-routes.ts';
import { sendFile } from '../send-file.ts';

const NOTICE_STATUSES = ['proposed', 'approved', 'sent', 'cancelled'] as const;

const runBody = z
  .object({ date: z.iso.date().optional().describe('the run date; default today (Europe/Berlin)') })
  .default({});

const stageSummarySchema = z.object({ notices: z.number(), claims: z.number(), amountCents: z.number() });

const previewSchema = z.object({
  date: z.string(),
  notices: z.number(),
  claims: z.number(),
  amountCents: z.number(),
  byStage: z.record(z.string(), stageSummarySchema).describe('per stage key'),
  heldBack: z.record(z.string(), z.number()).describe('claims held back, per reason'),
});

const runResultSchema = previewSchema.extend({
  runId: z.number(),
  approvedAutomatically: z.number().describe('notices approved at once (policy with automatic approval)'),
  promises: z
    .object({ kept: z.number(), broken: z.number(), reminders: z.number() })
    .describe('promises to pay decided before the run; reminders: follow-up tasks made on the promised day'),
  plans: z
    .object({ completed: z.number(), accelerated: z.number() })
    .describe('instalment plans decided before the run'),
  instalmentReminders: z.number().describe('e-mail reminders queued for instalments due soon'),
});

const runSchema = z.object({
  id: z.number(),
  runOn: z.string(),
  status: z.enum(['running', 'finished', 'failed']),
  startedAt: z.string(),
  finishedAt: z.string().nullable(),
  actor: z.string(),
  stats: z.record(z.string(), z.unknown()),
});

const noticeSummarySchema = z.object({
  id: z.number(),
  runId: z.number().nullable(),
  customerId: z.number(),
  customerNumber: z.string(),
  customerName: z.string(),
  stageKey: z.string(),
  stageIndex: z.number(),
  channel: z.string(),
  issuedOn: z.string(),
  paymentDeadline: z.string().nullable(),
  status: z.enum(NOTICE_STATUSES),
  feeCents: z.number(),
  totalCents: z.number(),
  claims: z.number().describe('claims (invoices) on the notice'),
});

const noticeItemSchema = z.object({
  invoiceId: z.number(),
  invoiceNumber: z.string(),
  issuedOn: z.string(),
  dueDate: z.string(),
  grossCents: z.number(),
  openPrincipalCents: z.number(),
  openCostsCents: z.number(),
  interestCents: z.number(),
  interestPaidCents: z.number(),
  flatFeeCents: z.number(),
  totalCents: z.number(),
  alreadyInDefault: z.boolean(),
  defaultStartsOn: z.string().nullable(),
  defaultReason: z.string().nullable(),
  stageKey: z
    .string()
    .describe('the stage this claim reached; in a consolidated notice it may lie below the notice’s'),
});

const noticeDetailSchema = noticeSummarySchema.extend({
  policyKey: z.string(),
  policyVersion: z.number(),
  templateKey: z.string(),
  currency: z.string(),
  feeWaivedBecause: z.string().nullable(),
  announcesEscalation: z.boolean(),
  decidedAt: z.string().nullable(),
  decidedBy: z.string().nullable(),
  cancelReason: z.string().nullable(),
  items: z.array(noticeItemSchema),
  pdf: z.string().describe('URL of the letter as PDF'),
});

const approveBody = z
  .object({
    noticeIds: z.array(z.number().int().positive()).max(10_000).optional(),
    all: z.boolean().default(false).describe('every proposal (of the run, when runId is given)'),
    runId: z.number().int().positive().optional(),
  })
  .superRefine((body, ctx) => {
    if (!body.all && (body.noticeIds ?? []).length === 0) {
      ctx.addIssue({
        code: 'custom',
        path: ['noticeIds'],
        message: 'name the notices to approve, or send all: true',
      });
    }
    if (body.runId !== undefined && !body.all) {
      ctx.addIssue({ code: 'custom', path: ['runId'], message: 'runId only goes with all: true' });
    }
  });

function runJson(run: DunningRunRow): z.infer<typeof runSchema> {
  return {
    id: run.id,
    runOn: run.runOn,
    status: run.status,
    startedAt: run.startedAt.toISOString(),
    finishedAt: run.finishedAt?.toISOString() ?? null,
    actor: run.actor,
    stats: run.stats,
  };
}

function resultJson(result: DunningRunResult): z.infer<typeof previewSchema> {
  return {
    date: result.date,
    notices: result.notices,
    claims: result.claims,
    amountCents: result.amountCents,
    byStage: result.byStage,
    heldBack: result.heldBack,
  };
}

function noticeSummaryJson(
  n: NoticeRow,
  customer: { number: string; name: string },
  claims: number,
): z.infer<typeof noticeSummarySchema> {
  return {
    id: n.id,
    runId: n.runId,
    customerId: n.customerId,
    customerNumber: customer.number,
    customerName: customer.name,
    stageKey: n.stageKey,
    stageIndex: n.stageIndex,
    channel: n.channel,
    issuedOn: n.issuedOn,
    paymentDeadline: n.paymentDeadline,
    status: n.status,
    feeCents: n.feeCents,
    totalCents: n.totalCents,
    claims,
  };
}

async function runOr404(ctx: ServiceContext, id: number): Promise<DunningRunRow> {
  const run = await findRun(ctx.db, ctx.tenantId, id);
  if (!run) throw new AppError('not-found', `run ${id} not found`);
  return run;
}

/** The notice with its claims and customer, or 404 (also for another company's id). */
async function noticeDetail(ctx: ServiceContext, id: number): Promise<z.infer<typeof noticeDetailSchema>> {
  const found = await findNoticeWithItems(ctx.db, ctx.tenantId, id);
  if (!found) throw new AppError('not-found', `notice ${id} not found`);
  const { notice: n, items } = found;
  const customer = await findCustomerById(ctx.db, ctx.tenantId, n.customerId);
  if (!customer) throw new AppError('not-found', `customer of notice ${id} not found`);
  return {
    ...noticeSummaryJson(n, customer, items.length),
    policyKey: n.policyKey,
    policyVersion: n.policyVersion,
    templateKey: n.templateKey,
    currency: n.currency,
    feeWaivedBecause: n.feeWaivedBecause,
    announcesEscalation: n.announcesEscalation,
    decidedAt: n.decidedAt?.toISOString() ?? null,
    decidedBy: n.decidedBy,
    cancelReason: n.cancelReason,
    items: items.map((i) => ({
      invoiceId: i.invoiceId,
      invoiceNumber: i.invoiceNumber,
      issuedOn: i.issuedOn,
      dueDate: i.dueDate,
      grossCents: i.grossCents,
      openPrincipalCents: i.openPrincipalCents,
      openCostsCents: i.openCostsCents,
      interestCents: i.interestCents,
      interestPaidCents: i.interestPaidCents,
      flatFeeCents: i.flatFeeCents,
      totalCents: i.totalCents,
      alreadyInDefault: i.alreadyInDefault,
      defaultStartsOn: i.defaultStartsOn,
      defaultReason: i.defaultReason,
      stageKey: i.stageKey ?? n.stageKey,
    })),
    pdf: `/api/notices/${n.id}/pdf`,
  };
}

function runDate(ctx: ServiceContext, date: string | undefined): CalendarDate {
  return (date ?? localToday(ctx.now())) as CalendarDate;
}

export function dunningRoutes(app: ApiApp, deps: ApiDeps): void {
  app.post(
    '/api/runs/preview',
    {
      schema: {
        tags: ['dunning'],
        summary: 'What a run on the date would propose (dry run: nothing is stored)',
        body: runBody,
        response: { 200: previewSchema },
      },
    },
    async (request) => {
      const ctx = serviceContext(request, deps);
      const result = await runDunning(ctx, deps.database, {
        date: runDate(ctx, request.body.date),
        dryRun: true,
      });
      return resultJson(result);
    },
  );

  app.post(
    '/api/runs',
    {
      schema: {
        tags: ['dunning'],
        summary: 'Run dunning for the date: proposals wait for approval (409 while another run is going)',
        body: runBody,
        response: { 201: runResultSchema },
      },
    },
    async (request, reply) => {
      const ctx = serviceContext(request, deps);
      const result = await runDunning(ctx, deps.database, { date: runDate(ctx, request.body.date) });
      if (result.runId === null) throw new Error('a run that is not dry returned no run id');
      return reply.code(201).send({
        ...resultJson(result),
        runId: result.runId,
        approvedAutomatically: result.approvedAutomatically,
        promises: result.promises,
        plans: result.plans,
        instalmentReminders: result.instalmentReminders,
      });
    },
  );

  app.get(
    '/api/runs',
    {
      schema: {
        tags: ['dunning'],
        summary: 'Dunning runs, newest first',
        querystring: pageQuery,
        response: { 200: listOf(runSchema) },
      },
    },
    async (request) => {
      const ctx = serviceContext(request, deps);
      const { limit, cursor } = request.query;
      const before = decodeCursor(cursor, 1);
      const rows = await listRuns(ctx.db, ctx.tenantId, {
        before: before ? Number(before[0]) : null,
        limit,
      });
      const result = page(rows, limit, (r) => [r.id]);
      return { items: result.items.map(runJson), nextCursor: result.nextCursor };
    },
  );

  app.get(
    '/api/runs/:id',
    {
      schema: {
        tags: ['dunning'],
        summary: 'A run with its figures and how many of its notices are in each status',
        params: idParams,
        response: {
          200: runSchema.extend({
            noticesByStatus: z.record(z.string(), z.number()),
            letters: z.string().describe('URL of the letters for the post as one PDF'),
          }),
        },
      },
    },
    async (request) => {
      const ctx = serviceContext(request, deps);
      const run = await runOr404(ctx, request.params.id);
      return {
        ...runJson(run),
        noticesByStatus: await noticeCountsOfRun(ctx.db, ctx.tenantId, run.id),
        letters: `/api/runs/${run.id}/letters.pdf`,
      };
    },
  );

  app.get(
    '/api/runs/:id/letters.pdf',
    {
      schema: {
        tags: ['dunning'],
        summary: 'Every approved letter of the run that goes by post, in one PDF for printing',
        params: idParams,
      },
    },
    async (request, reply) => {
      const ctx = serviceContext(request, deps);
      const run = await runOr404(ctx, request.params.id);
      const { pdf, letters } = await runLettersPdf(ctx, run.id);
      if (letters === 0) {
        throw new AppError('not-found', `run ${run.id} has no approved letters for the post`);
      }
      return sendFile(reply, pdf, 'application/pdf', `run-${run.id}-letters.pdf`, 'inline');
    },
  );

  app.get(
    '/api/notices',
    {
      schema: {
        tags: ['dunning'],
        summary: 'Notices, newest first, by status, run, customer or stage',
        querystring: pageQuery.extend({
          status: z.enum(NOTICE_STATUSES).optional(),
          runId: rowId.optional(),
          customerId: rowId.optional(),
          stageKey: z.string().min(1).max(100).optional(),
        }),
        response: { 200: listOf(noticeSummarySchema) },
      },
    },
    async (request) => {
      const ctx = serviceContext(request, deps);
      const q = request.query;
      // A filter naming another company's run or customer is a 404, as the id in a path would be.
      if (q.runId !== undefined) await runOr404(ctx, q.runId);
      if (q.customerId !== undefined) await customerOr404(ctx, q.customerId);
      const before = decodeCursor(q.cursor, 1);
      const rows = await listNoticeSummaries(ctx.db, ctx.tenantId, {
        ...(q.status ? { status: q.status } : {}),
        ...(q.runId ? { runId: q.runId } : {}),
        ...(q.customerId ? { customerId: q.customerId } : {}),
        ...(q.stageKey ? { stageKey: q.stageKey } : {}),
        before: before ? Number(before[0]) : null,
        limit: q.limit,
      });
      const result = page(rows, q.limit, (r) => [r.id]);
      return {
        items: result.items.map((r) =>
          noticeSummaryJson(r, { number: r.customerNumber, name: r.customerName }, r.claims),
        ),
        nextCursor: result.nextCursor,
      };
    },
  );

  app.get(
    '/api/notices/:id',
    {
      schema: {
        tags: ['dunning'],
        summary: 'A notice with its claims: what is claimed of each invoice and why',
        params: idParams,
        response: { 200: noticeDetailSchema },
      },
    },
    async (request) => noticeDetail(serviceContext(request, deps), request.params.id),
  );

  app.get(
    '/api/notices/:id/pdf',
    {
      schema: {
        tags: ['dunning'],
        summary: 'The notice as the letter it is (or will be) sent as',
        params: idParams,
      },
    },
    async (request, reply) => {
      const ctx = serviceContext(request, deps);
      const notice = await findNotice(ctx.db, ctx.tenantId, request.params.id);
      if (!notice) throw new AppError('not-found', `notice ${request.params.id} not found`);
      const pdf = await noticePdf(ctx, notice.id);
      return sendFile(reply, pdf, 'application/pdf', `notice-${notice.id}-${notice.stageKey}.pdf`, 'inline');
    },
  );

  app.post(
    '/api/notices/approve',
    {
      schema: {
        tags: ['dunning'],
        summary:
          'Approve proposals: the letters and e-mails are queued, fees become costs of the claims. ' +
          'Notices that are not proposals (any more) are skipped.',
        body: approveBody,
        response: { 200: z.object({ approved: z.number() }) },
      },
    },
    async (request) => {
      const ctx = serviceContext(request, deps);
      const { noticeIds, all, runId } = request.body;
      if (runId !== undefined) await runOr404(ctx, runId);
      const approved = await approveNotices(ctx, {
        all,
        ...(noticeIds ? { noticeIds } : {}),
        ...(runId !== undefined ? { runId } : {}),
      });
      return { approved };
    },
  );

  app.post(
    '/api/notices/:id/cancel',
    {
      schema: {
        tags: ['dunning'],
        summary: 'Cancel a proposal, with the reason (409 when it was decided already)',
        params: idParams,
        body: z.object({ reason: z.string().trim().min(1).max(500) }),
        response: { 200: noticeDetailSchema },
      },
    },
    async (request) => {
      const ctx = serviceContext(request, deps);
      await cancelNotice(ctx, request.params.id, request.body.reason);
      return noticeDetail(ctx, request.params.id);
    },
  );
}
