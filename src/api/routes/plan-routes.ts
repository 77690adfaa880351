/**
 * @module plan-routes
 * Instalment plans over HTTP: the list (by status and customer, newest first, paged), one plan
 * with its claims, its schedule covered by the payments so far and where it stands, agreeing a
 * plan (optionally with interest and reminders), cancelling one, and the agreement as PDF.
 */
import { z } from 'zod';
import { localToday } from '../../cli/parse-options.ts';
import type { CalendarDate } from '../../domain/calendar-date.ts';
import { AppError } from '../../services/app-error.ts';
import {
  cancelInstalmentPlan,
  createInstalmentPlan,
  getInstalmentPlan,
  instalmentAgreementPdf,
  type InstalmentPlanSummary,
  type InstalmentPlanView,
  listPlans,
} from '../../services/instalment-plan-service.ts';
import type { ApiApp, ApiDeps } from '../api-deps.ts';
import { serviceContext } from '../api-deps.ts';
import { decodeCursor, listOf, page, pageQuery } from '../pagination.ts';
import { idParams, rowId } from '../params.ts';
import { sendFile } from '../send-file.ts';
import { customerOr404 } from './customer-routes.ts';

const PLAN_STATUSES = ['active', 'completed', 'accelerated', 'cancelled'] as const;

const day = z.iso.date();
const amount = z
  .string()
  .trim()
  .regex(/^\d{1,12}([.,]\d{1,2})?$/, 'expected an amount like 150.00');

const dueSchema = z.object({
  number: z.number().describe('0 for the down payment'),
  dueDate: z.string(),
  openCents: z.number().int(),
});

const standingSchema = z.object({
  asOf: z.string(),
  status: z.enum(['active', 'completed', 'accelerated']),
  next: dueSchema.nullable().describe('the next instalment not yet covered'),
  missed: dueSchema.nullable().describe('the instalment not covered by the end of its grace period'),
  acceleratedOn: z.string().nullable(),
});

const interestSchema = z.object({
  ratePercent: z.string().describe('per cent a year on the principal still open'),
  dayCount: z.string(),
  totalCents: z.number().int().describe('the interest of all instalments'),
});

const summarySchema = z.object({
  id: z.number(),
  customerId: z.number(),
  customerNumber: z.string(),
  customerName: z.string(),
  status: z.enum(PLAN_STATUSES).describe('as the daily check last decided'),
  agreedOn: z.string(),
  closedOn: z.string().nullable(),
  currency: z.string(),
  claimsCents: z.number().int().describe('what the claims came to on the agreement day'),
  interest: interestSchema.nullable(),
  totalCents: z.number().int().describe('the whole schedule: claims plus agreed interest'),
  paidCents: z.number().int(),
  openCents: z.number().int(),
  graceDays: z.number().int(),
  reminderDaysBefore: z.number().int().nullable().describe('null: no e-mail reminders'),
  instalmentCount: z.number().int(),
  standing: standingSchema,
});

const claimSchema = z.object({
  invoiceNumber: z.string(),
  dueDate: z.string(),
  openPrincipalCents: z.number().int(),
  costsCents: z.number().int().describe('costs and the flat fee of § 288 Abs. 5 BGB'),
  interestCents: z.number().int().describe('default interest to the agreement day'),
  totalCents: z.number().int(),
});

const instalmentSchema = z.object({
  number: z.number().int(),
  dueDate: z.string(),
  amountCents: z.number().int(),
  interestCents: z.number().int().describe('agreed interest in the amount'),
  paidCents: z.number().int().describe('covered by the payments so far, the earliest instalment first'),
});

const planSchema = summarySchema.omit({ instalmentCount: true }).extend({
  customerEmail: z.string().nullable().describe('where reminders go; null: none are sent'),
  claims: z.array(claimSchema),
  instalments: z.array(instalmentSchema),
  agreement: z.string().describe('URL of the agreement as PDF'),
});

const createBody = z.object({
  customerNumber: z.string().trim().min(1).max(100),
  invoiceNumbers: z
    .array(z.string().trim().min(1).max(100))
    .min(1)
    .max(200)
    .optional()
    .describe('default: every open claim of the customer'),
  agreedOn: day.optional().describe('default today'),
  downPayment: amount.optional().describe('due on the day of the agreement'),
  count: z.number().int().min(1).max(120).optional().describe('either the number of instalments …'),
  amountPerInstalment: amount.optional().describe('… or the amount of each (the last takes the rest)'),
  firstDueDate: day,
  rhythm: z.union([
    z.object({ months: z.number().int().min(1).max(12) }),
    z.object({ days: z.number().int().min(1).max(90) }),
  ]),
  graceDays: z.number().int().min(0).max(90).optional().describe('default 14'),
  interestRatePercent: z
    .string()
    .trim()
    .regex(/^\d{1,2}([.,]\d{1,4})?$/, 'expected a rate like 5 or 4.5')
    .optional()
    .describe('agreed interest a year on the principal still open; business customers only'),
  reminderDaysBefore: z
    .number()
    .int()
    .min(0)
    .max(30)
    .nullable()
    .optional()
    .describe('e-mail reminder this many days before each instalment (default 5); null: none'),
});

function summaryJson(plan: InstalmentPlanSummary): z.infer<typeof summarySchema> {
  return { ...plan, status: plan.status };
}

function planJson(plan: InstalmentPlanView): z.infer<typeof planSchema> {
  return {
    id: plan.id,
    customerId: plan.customerId,
    customerNumber: plan.customerNumber,
    customerName: plan.customerName,
    customerEmail: plan.customerEmail,
    status: plan.status,
    agreedOn: plan.agreedOn,
    closedOn: plan.closedOn,
    currency: plan.currency,
    claimsCents: plan.claimsCents,
    interest: plan.interest,
    totalCents: plan.totalCents,
    paidCents: plan.paidCents,
    openCents: plan.openCents,
    graceDays: plan.graceDays,
    reminderDaysBefore: plan.reminderDaysBefore,
    standing: plan.standing,
    claims: plan.claims,
    instalments: plan.instalments.map((i) => ({
      number: i.number,
      dueDate: i.dueDate,
      amountCents: i.amountCents,
      interestCents: i.interestCents,
      paidCents: i.paidCents,
    })),
    agreement: `/api/plans/${plan.id}/agreement.pdf`,
  };
}

/** A keyset cursor of the plan id (newest first). */
function idCursor(cursor: string | undefined): number | undefined {
  const id = decodeCursor(cursor, 1)?.[0];
  if (id === undefined) return undefined;
  if (typeof id !== 'number') {
    throw new AppError('validation', 'cursor: not a cursor of this list; start again without it', {
      issues: [{ path: 'querystring.cursor', message: 'not a cursor of this list' }],
    });
  }
  return id;
}

export function planRoutes(app: ApiApp, deps: ApiDeps): void {
  app.get(
    '/api/plans',
    {
      schema: {
        tags: ['plans'],
        summary: 'Instalment plans, newest first, with paid, open and the next instalment',
        querystring: pageQuery.extend({
          status: z.enum([...PLAN_STATUSES, 'all']).default('all'),
          customerId: rowId.optional(),
          asOf: day.optional().describe('paid and open as of this day (default today)'),
        }),
        response: { 200: listOf(summarySchema) },
      },
    },
    async (request) => {
      const ctx = serviceContext(request, deps);
      const q = request.query;
      // A filter naming another company's customer is a 404, as the id in a path would be.
      if (q.customerId !== undefined) await customerOr404(ctx, q.customerId);
      const beforeId = idCursor(q.cursor);
      const rows = await listPlans(
        ctx,
        {
          ...(q.status === 'all' ? {} : { statuses: [q.status] }),
          ...(q.customerId ? { customerId: q.customerId } : {}),
          ...(beforeId !== undefined ? { beforeId } : {}),
          limit: q.limit + 1,
        },
        (q.asOf as CalendarDate | undefined) ?? localToday(ctx.now()),
      );
      const result = page(rows, q.limit, (r) => [r.id]);
      return { items: result.items.map(summaryJson), nextCursor: result.nextCursor };
    },
  );

  app.get(
    '/api/plans/:id',
    {
      schema: {
        tags: ['plans'],
        summary: 'One plan: its claims, its schedule covered by the payments so far, and where it stands',
        params: idParams,
        querystring: z.object({ asOf: day.optional().describe('default today') }),
        response: { 200: planSchema },
      },
    },
    async (request) => {
      const ctx = serviceContext(request, deps);
      const asOf = (request.query.asOf as CalendarDate | undefined) ?? localToday(ctx.now());
      return planJson(await getInstalmentPlan(ctx, request.params.id, asOf));
    },
  );

  app.post(
    '/api/plans',
    {
      schema: {
        tags: ['plans'],
        summary: 'Agree an instalment plan for open claims of a customer; they are not dunned while it runs',
        description:
          'The plan covers what the claims come to on the agreement day (principal, costs, the flat fee, ' +
          'default interest), split into a down payment and instalments to the cent; agreed interest is ' +
          'added into the instalments. Give either count or amountPerInstalment.',
        body: createBody,
        response: { 201: planSchema },
      },
    },
    async (request, reply) => {
      const ctx = serviceContext(request, deps);
      const { agreedOn, ...rest } = request.body;
      const plan = await createInstalmentPlan(ctx, {
        ...rest,
        agreedOn: agreedOn ?? localToday(ctx.now()),
      });
      return reply.code(201).send(planJson(plan));
    },
  );

  app.post(
    '/api/plans/:id/cancel',
    {
      schema: {
        tags: ['plans'],
        summary: 'End an active plan by agreement; its claims are dunned again from the next run on',
        params: idParams,
        body: z.object({
          reason: z.string().trim().min(1).max(2000),
          cancelledOn: day.optional().describe('default today'),
        }),
        response: { 200: planSchema },
      },
    },
    async (request) => {
      const ctx = serviceContext(request, deps);
      const on = (request.body.cancelledOn as CalendarDate | undefined) ?? localToday(ctx.now());
      await cancelInstalmentPlan(ctx, request.params.id, request.body.reason, on);
      return planJson(await getInstalmentPlan(ctx, request.params.id, on));
    },
  );

  app.get(
    '/api/plans/:id/agreement.pdf',
    {
      schema: {
        tags: ['plans'],
        summary: 'The agreement as a letter to sign, with the EPC QR code for the next instalment',
        params: idParams,
        querystring: z.object({ asOf: day.optional().describe('schedule as of this day (default today)') }),
      },
    },
    async (request, reply) => {
      const ctx = serviceContext(request, deps);
      const asOf = (request.query.asOf as CalendarDate | undefined) ?? localToday(ctx.now());
      const pdf = await instalmentAgreementPdf(ctx, request.params.id, asOf);
      return sendFile(reply, pdf, 'application/pdf', `Ratenzahlung-${request.params.id}.pdf`, 'inline');
    },
  );
}
