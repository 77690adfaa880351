/**
 * @module work-routes
 * The daily work besides the run: tasks (the call list, with whom to call and the script of open
 * claims) and completing them with their outcome, promises to pay, disputes and their resolution,
 * and the company's event log.
 */
import { z } from 'zod';
import { localToday } from '../../cli/parse-options.ts';
import { caseHoldsOf } from '../../db/collection-repository.ts';
import { findCustomersByIds } from '../../db/customer-repository.ts';
import { noticeHistoryOf, openClaimsOfCustomers } from '../../db/dunning-repository.ts';
import { readEventsPage } from '../../db/event-store.ts';
import {
  disputesOf,
  type ListedDispute,
  type ListedPromise,
  listDisputes,
  listPromises,
  openPromisesOf,
} from '../../db/hold-repository.ts';
import { planHoldsOf } from '../../db/instalment-plan-repository.ts';
import { findListedTask, type ListedTask, listTasks } from '../../db/task-repository.ts';
import { daysPastDue } from '../../domain/aging.ts';
import type { CalendarDate } from '../../domain/calendar-date.ts';
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

/** Why the company's own dunning leaves a claim alone, for the caller to know before asking for money. */
const SCRIPT_HOLDS = ['disputed', 'promise', 'instalment-plan', 'handed-over'] as const;

/** At most this many claims per script (the oldest due first); the totals cover all of them. */
const SCRIPT_CLAIMS = 50;

const lastNoticeSchema = z.object({
  stageKey: z.string(),
  issuedOn: z.string(),
});

const scriptSchema = z
  .object({
    asOf: z.string().describe('the day the days overdue are counted to (today)'),
    openCents: z.number().int().describe('open principal and costs of all open claims'),
    overdueCents: z.number().int().describe('of that, on claims past their due date'),
    claims: z.array(
      z.object({
        invoiceId: z.number(),
        invoiceNumber: z.string(),
        dueDate: z.string(),
        openCents: z.number().int().describe('open principal and costs'),
        daysOverdue: z.number().int().describe('0 when not yet due'),
        lastNotice: lastNoticeSchema
          .nullable()
          .describe('the last notice about this claim that went out (approved or sent)'),
        heldBy: z.enum(SCRIPT_HOLDS).nullable().describe('what holds the claim back from dunning now'),
      }),
    ),
    moreClaims: z.number().int().describe(`open claims beyond the ${SCRIPT_CLAIMS} listed`),
    lastNotice: lastNoticeSchema
      .extend({ invoiceNumber: z.string() })
      .nullable()
      .describe('the latest notice to the customer that went out, over all open claims'),
  })
  .describe('what the caller needs on screen: the open claims, oldest due first');

type CallScript = z.infer<typeof scriptSchema>;

const listedTaskSchema = taskSchema.extend({
  customerPhone: z.string().nullable(),
  customerEmail: z.string().nullable(),
  script: scriptSchema.nullable().describe('with script=true; else null'),
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

/**
 * The scripts of the customers' calls, set-wise for a page of tasks: their open claims, the notices
 * that went out about them, and what holds each back (a query each, never one per task or claim).
 */
async function callScriptsOf(
  ctx: ServiceContext,
  customerIds: readonly number[],
  today: CalendarDate,
): Promise<Map<number, CallScript>> {
  const claims = await openClaimsOfCustomers(ctx.db, ctx.tenantId, customerIds);
  const invoiceIds = claims.map((c) => c.invoiceId);
  const [history, disputes, promises, plans, cases] = await Promise.all([
    noticeHistoryOf(ctx.db, ctx.tenantId, invoiceIds),
    disputesOf(ctx.db, ctx.tenantId, invoiceIds),
    openPromisesOf(ctx.db, ctx.tenantId, invoiceIds),
    planHoldsOf(ctx.db, ctx.tenantId, invoiceIds),
    caseHoldsOf(ctx.db, ctx.tenantId, invoiceIds),
  ]);
  const lastNotice = new Map<number, { stageKey: string; issuedOn: string }>();
  for (const item of history) {
    if (item.status === 'proposed') continue;
    const known = lastNotice.get(item.invoiceId);
    if (!known || item.issuedOn >= known.issuedOn) {
      lastNotice.set(item.invoiceId, { stageKey: item.stageKey, issuedOn: item.issuedOn });
    }
  }
  const disputed = new Set(
    disputes.filter((d) => d.openedOn <= today && d.resolvedOn === null).map((d) => d.invoiceId),
  );
  const promised = new Set(promises.filter((p) => p.payBy >= today).map((p) => p.invoiceId));
  const heldBy = (invoiceId: number): CallScript['claims'][number]['heldBy'] =>
    cases.has(invoiceId)
      ? 'handed-over'
      : disputed.has(invoiceId)
        ? 'disputed'
        : plans.get(invoiceId)?.status === 'active'
          ? 'instalment-plan'
          : promised.has(invoiceId)
            ? 'promise'
            : null;
  const scripts = new Map<number, CallScript>(
    customerIds.map((id) => [
      id,
      { asOf: today, openCents: 0, overdueCents: 0, claims: [], moreClaims: 0, lastNotice: null },
    ]),
  );
  const sorted = [...claims].sort(
    (a, b) => a.dueDate.localeCompare(b.dueDate) || a.number.localeCompare(b.number),
  );
  for (const claim of sorted) {
    const script = scripts.get(claim.customerId);
    if (!script) continue;
    const openCents = claim.openPrincipalCents + claim.openCostsCents;
    const daysOverdue = daysPastDue(claim.dueDate as CalendarDate, today);
    const notice = lastNotice.get(claim.invoiceId) ?? null;
    script.openCents += openCents;
    if (daysOverdue > 0) script.overdueCents += openCents;
    if (notice && (!script.lastNotice || notice.issuedOn > script.lastNotice.issuedOn)) {
      script.lastNotice = { ...notice, invoiceNumber: claim.number };
    }
    if (script.claims.length >= SCRIPT_CLAIMS) {
      script.moreClaims += 1;
      continue;
    }
    script.claims.push({
      invoiceId: claim.invoiceId,
      invoiceNumber: claim.number,
      dueDate: claim.dueDate,
      openCents,
      daysOverdue,
      lastNotice: notice,
      heldBy: heldBy(claim.invoiceId),
    });
  }
  return scripts;
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
        summary: 'Tasks by due date (the call list), with the customer’s phone and e-mail',
        description:
          'With script=true each task also carries the script of the call: the customer’s open claims ' +
          '(open amount, days overdue, the last notice that went out, what holds a claim back), loaded for ' +
          'the whole page at once.',
        querystring: pageQuery.extend({
          status: z.enum(['open', 'done', 'cancelled', 'all']).default('open'),
          kind: taskKind.optional(),
          customerId: rowId.optional(),
          script: z.stringbool().default(false).describe('add the script of open claims to each task'),
        }),
        response: { 200: listOf(listedTaskSchema) },
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
      const customerIds = [...new Set(result.items.map((r) => r.task.customerId))];
      const [customers, scripts] = await Promise.all([
        findCustomersByIds(ctx.db, ctx.tenantId, customerIds),
        q.script ? callScriptsOf(ctx, customerIds, localToday(ctx.now())) : null,
      ]);
      const contactOf = new Map(customers.map((c) => [c.id, c]));
      return {
        items: result.items.map((row) => ({
          ...taskJson(row),
          customerPhone: contactOf.get(row.task.customerId)?.phone ?? null,
          customerEmail: contactOf.get(row.task.customerId)?.email ?? null,
          script: scripts?.get(row.task.customerId) ?? null,
        })),
        nextCursor: result.nextCursor,
      };
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
          creditNoteAmountCents: z
            .number()
            .int()
            .min(1)
            .optional()
            .describe('with credit-note: the gross amount of the credit note issued and booked'),
          resolvedOn: day.optional().describe('default today'),
        }),
        response: { 200: disputeSchema },
      },
    },
    async (request) => {
      const ctx = serviceContext(request, deps);
      const { resolvedOn, writeOffAmountCents, creditNoteAmountCents, ...rest } = request.body;
      await resolveDispute(ctx, request.params.id, {
        ...rest,
        ...(writeOffAmountCents ? { writeOffAmount: minorToDecimalString(writeOffAmountCents, 2) } : {}),
        ...(creditNoteAmountCents
          ? { creditNoteAmount: minorToDecimalString(creditNoteAmountCents, 2) }
          : {}),
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
