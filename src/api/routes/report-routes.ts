/**
 * @module report-routes
 * The dashboard's figures, the aging report, and demo data for a company that has none yet.
 */
import { z } from 'zod';
import { localToday } from '../../cli/parse-options.ts';
import { countCustomers } from '../../db/customer-repository.ts';
import { AGING_BUCKETS, type AgingReport } from '../../domain/aging.ts';
import type { CalendarDate } from '../../domain/calendar-date.ts';
import { AppError } from '../../services/app-error.ts';
import { dashboard } from '../../services/dashboard-service.ts';
import { createDemoData, DEMO_DEFAULTS } from '../../services/demo-service.ts';
import { agingReport } from '../../services/report-service.ts';
import type { ApiApp, ApiDeps } from '../api-deps.ts';
import { serviceContext } from '../api-deps.ts';

const asOfQuery = z.object({ asOf: z.iso.date().optional().describe('YYYY-MM-DD; default today') });
const bucketSchema = z.object({ bucket: z.enum(AGING_BUCKETS), cents: z.number(), count: z.number() });

const dashboardSchema = z.object({
  asOf: z.string(),
  empty: z.boolean().describe('the company has no customers yet: offer demo data'),
  openCents: z.number(),
  overdueCents: z.number(),
  openInvoices: z.number(),
  overdueInvoices: z.number(),
  aging: z.array(bucketSchema),
  dso: z.number().nullable().describe('days sales outstanding (countback), today'),
  cei: z.number().nullable().describe('collection effectiveness index in per cent, this month so far'),
  trend: z.array(z.object({ month: z.string(), dso: z.number().nullable(), cei: z.number().nullable() })),
  expected: z.array(z.object({ weekStart: z.string(), cents: z.number() })),
  topOverdue: z.array(
    z.object({
      customerId: z.number(),
      customerNumber: z.string(),
      name: z.string(),
      overdueCents: z.number(),
    }),
  ),
  attention: z.object({
    proposals: z.number(),
    paymentsToReview: z.number(),
    promisesDue: z.number(),
    tasksOpen: z.number(),
  }),
});

function bucketsOf(report: AgingReport) {
  return {
    buckets: AGING_BUCKETS.map((bucket) => ({
      bucket,
      cents: report.buckets[bucket].amount.minor,
      count: report.buckets[bucket].count,
    })),
    totalCents: report.total.minor,
  };
}

export function reportRoutes(app: ApiApp, deps: ApiDeps): void {
  app.get(
    '/api/dashboard',
    {
      schema: {
        tags: ['reports'],
        summary: 'Figures of the start page',
        querystring: asOfQuery,
        response: { 200: dashboardSchema },
      },
    },
    async (request) => {
      const ctx = serviceContext(request, deps);
      return dashboard(ctx, (request.query.asOf ?? localToday(ctx.now())) as CalendarDate);
    },
  );

  app.get(
    '/api/reports/aging',
    {
      schema: {
        tags: ['reports'],
        summary:
          'Aging report (Fälligkeitsanalyse): buckets of days past due, in total and by customer or group',
        querystring: asOfQuery.extend({ by: z.enum(['customer', 'group']).optional() }),
      },
    },
    async (request) => {
      const ctx = serviceContext(request, deps);
      const asOf = (request.query.asOf ?? localToday(ctx.now())) as CalendarDate;
      const result = await agingReport(ctx, asOf, request.query.by ?? null);
      return {
        asOf,
        total: bucketsOf(result.total),
        breakdown: result.breakdown?.map((b) => ({ key: b.key, ...bucketsOf(b.report) })) ?? null,
      };
    },
  );

  app.post(
    '/api/demo',
    {
      config: { access: 'admin' },
      schema: {
        tags: ['settings'],
        summary:
          'Fill a company that has no customers yet with demo data (German customers, a year of invoices)',
        body: z
          .object({
            customers: z.number().int().min(1).max(2000).default(DEMO_DEFAULTS.customers),
            invoices: z.number().int().min(1).max(20000).default(DEMO_DEFAULTS.invoices),
          })
          .default({ customers: DEMO_DEFAULTS.customers, invoices: DEMO_DEFAULTS.invoices }),
      },
    },
    async (request, reply) => {
      const ctx = serviceContext(request, deps);
      if ((await countCustomers(ctx.db, ctx.tenantId)) > 0) {
        throw new AppError('conflict', 'demo data only for a company without customers');
      }
      const summary = await createDemoData(ctx, {
        ...request.body,
        seed: DEMO_DEFAULTS.seed,
        today: localToday(ctx.now()),
      });
      return reply.code(201).send(summary);
    },
  );
}
