/**
 * @module work-routes
 * The daily work besides the run: tasks (the call list) and completing them with their outcome,
 * promises to pay, disputes and their resolution, and the company's event log.
 */
import { z } from 'zod';
import { localToday } from '../../cli/parse-options.ts';
import { readEventsPage } from '../../db/event-store.ts';
import {
  type ListedDispute,
  type ListedPromise,
  listDisputes,
  listPromises,
} from '../../db/hold-repository.ts';
import { findListedTask, type ListedTask, listTasks } from '../../db/task-repository.ts';
import { minorToDecimalString } from '../../domain/money.ts';
import { AppError } from '../../services/app-error.ts';
import {
  DISPUTE_RESOLUTIONS,
  openDispute,
  recordPromisesToPay,
  resolveDispute,
} from '../../services/hold-service.ts';
import { completeTask, createTask, TASK_OUTCOMES } from '../../services/task-service.ts';
import type { ServiceContext } from '../../services/service-context.ts';
import type { ApiApp, ApiDeps } from '../api-deps.ts';
import { idParams, rowId } from '../params.ts';
import { serviceContext } from '../api-deps.ts';
import { decodeCursor, listOf, page, pageQuery } from '../pagination.ts';
import { eventJson, eventSchema } from './customer-routes.ts';

const day = z.iso.date();
const taskKind = z
  .string()
  .regex(/^[a-z][a-z0-9-]{0,39}$/, 'expected lowercase letters, digits and dashes, e.g. call');

const taskSchema = z.object({
  id: z.number(),
  kind: z.string().describe('call, letter, check … or the template key of a task stage'),
  title: z.string(),
  dueOn: z.string(),
  status: z.enum(['open', 'done', 'cancelled']),
  outcome: z.string().nullable(),
  customerId: z.number(),
  customerNumber: z.string(),
  customerName: z.string(),
  invoiceId: z.number().nullable(),
  noticeId: z.number().nullable(),
  createdAt: z.string(),
  doneAt: z.string().nullable(),
});

const promiseSchema = z.object({
  id: z.number(),
  invoiceId: z.number(),
  invoiceNumber: z.string(),
  customerId: z.number(),
  customerNumber: z.string(),
  customerName: z.string(),
  madeOn: z.string(),
  payBy: z.string().describe('the promised day'),
  amountCents: z.number().int(),
  status: z.enum(['open', 'kept', 'broken']),
  createdAt: z.string(),
});

const disputeSchema = z.object({
  id: z.number(),
  invoiceId: z.number(),
  invoiceNumber: z.string(),
  customerId: z.number(),
  customerNumber: z.string(),
  customerName: z.string(),
  openedOn: z.string(),
  reason: z.string(),
  owner: z.string().nullable(),
  expiresOn: z.string().nullable(),
  resolvedOn: z.string().nullable(),
  resolution: z.string().nullable(),
  createdAt: z.string(),
});

const companyEventSchema = eventSchema.extend({ customerId: z.number().nullable() });

function taskJson({ task, customerNumber, customerName }: ListedTask): z.infer<typeof taskSchema> {
  return {
    id: task.id,
    kind: task.kind,
    title: task.title,
    dueOn: task.dueOn,
    status: task.status,
    outcome: task.outcome,
    customerId: task.customerId,
    customerNumber,
    customerName,
    invoiceId: task.invoiceId,
    noticeId: task.noticeId,
    createdAt: task.createdAt.toISOString(),
    doneAt: task.doneAt?.toISOString() ?? null,
  };
}

function promiseJson(row: ListedPromise): z.infer<typeof promiseSchema> {
  const { promise: p } = row;
  return {
    id: p.id,
    invoiceId: p.invoiceId,
    invoiceNumber: row.invoiceNumber,
    customerId: row.customerId,
    customerNumber: row.customerNumber,
    customerName: row.customerName,
    madeOn: p.madeOn,
    payBy: p.payBy,
    amountCents: p.amountCents,
    status: p.status,
    createdAt: p.createdAt.toISOString(),
  };
}

function disputeJson(row: ListedDispute): z.infer<typeof disputeSchema> {
  const { dispute: d } = row;
  return {
    id: d.id,
    invoiceId: d.invoiceId,
    invoiceNumber: row.invoiceNumber,
    customerId: row.customerId,
    customerNumber: row.customerNumber,
    customerName: row.customerName,
    openedOn: d.openedOn,
    reason: d.reason,
    owner: d.owner,
    expiresOn: d.expiresOn,
    resolvedOn: d.resolvedOn,
    resolution: d.resolution,
    createdAt: d.createdAt.toISOString(),
  };
}

async function listedTask(ctx: ServiceContext, id: number) {
  const row = await findListedTask(ctx.db, ctx.tenantId, id);
  if (!row) throw new Error(`task ${id} vanished`);
  return taskJson(row);
}

async function listedDispute(ctx: ServiceContext, id: number) {
  const [row] = await listDisputes(ctx.db, ctx.tenantId, { id, limit: 1 });
  if (!row) throw new Error(`dispute ${id} vanished`);
  return disputeJson(row);
}

function notACursor(): AppError {
  return new AppError('validation', 'cursor: not a cursor of this list; start again without it', {
    issues: [{ path: 'querystring.cursor', message: 'not a cursor of this list' }],
  });
}

/** A keyset cursor of (day, id). */
function dayCursor(cursor: string | undefined): readonly [string, number] | null {
  const key = decodeCursor(cursor, 2);
  if (!key) return null;
  const [d, id] = key;
  if (typeof d !== 'string' || typeof id !== 'number') throw notACursor();
  return [d, id];
}

/** A keyset cursor of the sequence number. */
function seqCursor(cursor: string | undefined): number | null {
  const seq = decodeCursor(cursor, 1)?.[0];
  if (seq === undefined) return null;
  if (typeof seq !== 'number') throw notACursor();
  return seq;
}

export function workRoutes(app: ApiApp, deps: ApiDeps): void {
  app.get(
    '/api/tasks',
    {
      schema: {
        tags: ['work'],
        summary: 'Tasks by due date (the call list)',
        querystring: pageQuery.extend({
          status: z.enum(['open', 'done', 'cancelled', 'all']).default('open'),
          kind: taskKind.optional(),
          customerId: rowId.optional(),
        }),
        response: { 200: listOf(taskSchema) },
      },
    },
    async (request) => {
      const ctx = serviceContext(request, deps);
      const q = request.query;
      const rows = await listTasks(ctx.db, ctx.tenantId, {
        ...(q.status === 'all' ? {} : { status: q.status }),
        ...(q.kind ? { kind: q.kind } : {}),
        ...(q.customerId ? { customerId: q.customerId } : {}),
        after: dayCursor(q.cursor),
        limit: q.limit + 1,
      });
      const result = page(rows, q.limit, (r) => [r.task.dueOn, r.task.id]);
      return { items: result.items.map(taskJson), nextCursor: result.nextCursor };
    },
  );

  app.post(
    '/api/tasks',
    {
      schema: {
        tags: ['work'],
        summary: 'Create a task by hand, e.g. a call about an invoice',
        body: z.object({
          customerId: z.number().int().positive(),
          kind: taskKind,
          title: z.string().trim().min(1).max(200),
          dueOn: day,
          invoiceId: z.number().int().positive().nullable().optional(),
        }),
        response: { 201: taskSchema },
      },
    },
    async (request, reply) => {
      const ctx = serviceContext(request, deps);
      const task = await createTask(ctx, request.body);
      return reply.code(201).send(await listedTask(ctx, task.id));
    },
  );

  app.post(
    '/api/tasks/:id/complete',
    {
      schema: {
        tags: ['work'],
        summary:
          'Complete an open task with its outcome (an event on the customer’s timeline), optionally with a follow-up task',
        params: idParams,
        body: z.object({
          outcome: z.enum(TASK_OUTCOMES),
          note: z.string().trim().max(5000).optional(),
          followUpOn: day.optional().describe('a follow-up task of the same kind is due on this day'),
        }),
        response: { 200: z.object({ task: taskSchema, followUp: taskSchema.nullable() }) },
      },
    },
    async (request) => {
      const ctx = serviceContext(request, deps);
      const { task, followUp } = await completeTask(ctx, request.params.id, {
        ...request.body,
        completedOn: localToday(ctx.now()),
      });
      return {
        task: await listedTask(ctx, task.id),
        followUp: followUp ? await listedTask(ctx, followUp.id) : null,
      };
    },
  );

  app.get(
    '/api/promises',
    {
      schema: {
        tags: ['work'],
        summary: 'Promises to pay by the promised day',
        querystring: pageQuery.extend({
          status: z.enum(['open', 'kept', 'broken', 'all']).default('open'),
          customerId: rowId.optional(),
        }),
        response: { 200: listOf(promiseSchema) },
      },
    },
    async (request) => {
      const ctx = serviceContext(request, deps);
      const q = request.query;
      const rows = await listPromises(ctx.db, ctx.tenantId, {
        ...(q.status === 'all' ? {} : { status: q.status }),
        ...(q.customerId ? { customerId: q.customerId } : {}),
        after: dayCursor(q.cursor),
        limit: q.limit + 1,
      });
      const result = page(rows, q.limit, (r) => [r.promise.payBy, r.promise.id]);
      return { items: result.items.map(promiseJson), nextCursor: result.nextCursor };
    },
  );

  app.post(
    '/api/promises',
    {
      schema: {
        tags: ['work'],
        summary:
          'Record a promise to pay an amount for open invoices by a day; dunning of them pauses until then',
        description:
          'The amount is split over the invoices in proportion to what is open on each; one promise per invoice.',
        body: z.object({
          customerId: z.number().int().positive().optional(),
          invoiceIds: z.array(z.number().int().positive()).min(1).max(100),
          amountCents: z.number().int().min(1),
          promisedOn: day.describe('the day the customer promised to pay by'),
          madeOn: day.optional().describe('the day of the promise (default today)'),
        }),
        response: { 201: z.object({ items: z.array(promiseSchema) }) },
      },
    },
    async (request, reply) => {
      const ctx = serviceContext(request, deps);
      const { promisedOn, madeOn, ...rest } = request.body;
      const promises = await recordPromisesToPay(ctx, {
        ...rest,
        payBy: promisedOn,
        madeOn: madeOn ?? localToday(ctx.now()),
      });
      const rows = await listPromises(ctx.db, ctx.tenantId, {
        ids: promises.map((p) => p.id),
        limit: promises.length,
      });
      return reply.code(201).send({ items: rows.map(promiseJson) });
    },
  );

  app.get(
    '/api/disputes',
    {
      schema: {
        tags: ['work'],
        summary: 'Disputes by the day they were opened',
        querystring: pageQuery.extend({
          status: z.enum(['open', 'resolved', 'all']).default('open'),
          customerId: rowId.optional(),
        }),
        response: { 200: listOf(disputeSchema) },
      },
    },
    async (request) => {
      const ctx = serviceContext(request, deps);
      const q = request.query;
      const rows = await listDisputes(ctx.db, ctx.tenantId, {
        ...(q.status === 'all' ? {} : { status: q.status }),
        ...(q.customerId ? { customerId: q.customerId } : {}),
        after: dayCursor(q.cursor),
        limit: q.limit + 1,
      });
      const result = page(rows, q.limit, (r) => [r.dispute.openedOn, r.dispute.id]);
      return { items: result.items.map(disputeJson), nextCursor: result.nextCursor };
    },
  );

  app.post(
    '/api/disputes',
    {
      schema: {
        tags: ['work'],
        summary:
          'Record that the customer disputes an invoice: dunning and interest of it pause, pending proposals are cancelled',
        body: z.object({
          invoiceId: z.number().int().positive(),
          reason: z.string().trim().min(1).max(2000),
          owner: z.string().trim().min(1).max(200).nullable().optional(),
          expiresOn: day.nullable().optional().describe('last day it pauses dunning unless resolved earlier'),
          openedOn: day.optional().describe('the day it was raised (default today)'),
        }),
        response: { 201: disputeSchema },
      },
    },
    async (request, reply) => {
      const ctx = serviceContext(request, deps);
      const { openedOn, ...rest } = request.body;
      const dispute = await openDispute(ctx, { ...rest, openedOn: openedOn ?? localToday(ctx.now()) });
      return reply.code(201).send(await listedDispute(ctx, dispute.id));
    },
  );

  app.post(
    '/api/disputes/:id/resolve',
    {
      schema: {
        tags: ['work'],
        summary:
          'End a dispute; dunning resumes for what is open. With write-off, the amount given (all that is open without one) is written off',
        params: idParams,
        body: z.object({
          resolution: z.enum(DISPUTE_RESOLUTIONS),
          note: z.string().trim().min(1).max(2000).optional(),
          writeOffAmountCents: z
            .number()
            .int()
            .min(1)
            .optional()
            .describe('with write-off: the part of the principal given up'),
          resolvedOn: day.optional().describe('default today'),
        }),
        response: { 200: disputeSchema },
      },
    },
    async (request) => {
      const ctx = serviceContext(request, deps);
      const { resolvedOn, writeOffAmountCents, ...rest } = request.body;
      await resolveDispute(ctx, request.params.id, {
        ...rest,
        ...(writeOffAmountCents ? { writeOffAmount: minorToDecimalString(writeOffAmountCents, 2) } : {}),
        resolvedOn: resolvedOn ?? localToday(ctx.now()),
      });
      return listedDispute(ctx, request.params.id);
    },
  );

  app.get(
    '/api/events',
    {
      schema: {
        tags: ['events'],
        summary: 'The company’s event log, newest first',
        querystring: pageQuery.extend({
          type: z.string().max(80).optional().describe('e.g. dispute.opened'),
          entityType: z.string().max(40).optional().describe('e.g. invoice, customer, notice, task'),
          entityId: z.string().max(80).optional(),
          customerId: rowId.optional(),
        }),
        response: { 200: listOf(companyEventSchema) },
      },
    },
    async (request) => {
      const ctx = serviceContext(request, deps);
      const { limit, cursor, ...filter } = request.query;
      const rows = await readEventsPage(ctx.db, ctx.tenantId, {
        ...(filter.type ? { type: filter.type } : {}),
        ...(filter.entityType ? { entityType: filter.entityType } : {}),
        ...(filter.entityId ? { entityId: filter.entityId } : {}),
        ...(filter.customerId ? { customerId: filter.customerId } : {}),
        beforeSeq: seqCursor(cursor),
        limit: limit + 1,
      });
      const result = page(rows, limit, (e) => [e.seq]);
      return {
        items: result.items.map((e) => ({ ...eventJson(e), customerId: e.customerId })),
        nextCursor: result.nextCursor,
      };
    },
  );
}
