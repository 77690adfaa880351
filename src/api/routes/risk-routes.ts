/**
 * @module risk-routes
 * Credit risk over HTTP: a customer's score with the facts that moved it, payment behaviour,
 * exposure against the credit limit and a suggested limit; the customers with open items by risk
 * with the alerts of those above their limit; and the cash forecast per ISO week. All reads (role
 * viewer); the credit-limit mode (warn or block) is in settings-routes.
 */
import { z } from 'zod';
import { localToday } from '../../cli/parse-options.ts';
import type { CalendarDate } from '../../domain/calendar-date.ts';
import { MAX_FORECAST_WEEKS } from '../../domain/cash-forecast.ts';
import { RISK_BANDS, RISK_FACTOR_KEYS } from '../../domain/credit-risk.ts';
import { cashForecast, DEFAULT_FORECAST_WEEKS } from '../../services/cash-forecast-service.ts';
import { customerRisk, riskList } from '../../services/credit-risk-service.ts';
import type { ApiApp, ApiDeps } from '../api-deps.ts';
import { serviceContext } from '../api-deps.ts';
import { idParams } from '../params.ts';

const asOfQuery = z.object({
  asOf: z.iso
    .date()
    .optional()
    .describe('as of this day (YYYY-MM-DD, default today); later facts do not count'),
});

const bandSchema = z.enum(RISK_BANDS).describe('low 0–19, medium 20–39, high 40–59, very-high 60–100');

const factorSchema = z.object({
  key: z.enum(RISK_FACTOR_KEYS).describe('stable, for translating the label'),
  label: z.string(),
  points: z.number().describe('what the factor adds to the score'),
  maxPoints: z.number(),
  detail: z.string().describe('the facts behind the points, in English'),
});

const customerRiskSchema = z.object({
  asOf: z.string(),
  customer: z.object({
    id: z.number(),
    number: z.string(),
    name: z.string(),
    creditLimitCents: z.number().nullable(),
  }),
  score: z.number().describe('0 (safe) … 100 (risky): the sum of the factors’ points'),
  band: bandSchema,
  factors: z.array(factorSchema).describe('every factor in a fixed order, also those with 0 points'),
  behaviour: z.object({
    invoicesWithRecord: z.number().describe('settled or open past due, in the last two years'),
    invoicesSettled: z.number(),
    invoicesOverdue: z.number(),
    averageDaysLate: z.number(),
    weightedDaysLate: z.number().describe('weighted by amount'),
    shareLatePercent: z.number(),
    overdueCents: z.number(),
    oldestOverdueDays: z.number(),
    promisesBroken: z.number(),
    promisesKept: z.number(),
    returnedPayments: z.number(),
    disputesLost: z.number(),
    noticesSent: z.number().describe('in the last 12 months'),
    collectionCases: z.number(),
    badDebtCents: z.number(),
    monthlyVolumeCents: z.number().describe('average monthly invoicing, last 12 months'),
  }),
  suggestedLimit: z.object({
    cents: z.number().nullable().describe('null: no invoices in the last 12 months to base it on'),
    monthlyVolumeCents: z.number(),
    monthsPercent: z.number().describe('months of invoicing the limit covers, in per cent'),
    stepCents: z.number(),
    detail: z.string(),
  }),
  expectation: z.object({
    typicalDaysLate: z.number(),
    probabilityPercent: z.number(),
  }),
  exposure: z.object({
    openClaimsCents: z.number(),
    openOrdersCents: z.number().describe('orders not yet invoiced'),
    totalCents: z.number(),
    creditLimitCents: z.number().nullable(),
    usedPercent: z.number().nullable(),
    overLimitCents: z.number(),
  }),
});

const alertSchema = z.object({
  customerId: z.number(),
  customerNumber: z.string(),
  name: z.string(),
  creditLimitCents: z.number(),
  openClaimsCents: z.number(),
  openOrdersCents: z.number(),
  exposureCents: z.number(),
  overLimitCents: z.number(),
});

const riskListSchema = z.object({
  asOf: z.string(),
  customers: z.number().describe('customers with open items, all bands'),
  bands: z.object({ low: z.number(), medium: z.number(), high: z.number(), 'very-high': z.number() }),
  items: z.array(
    z.object({
      customerId: z.number(),
      customerNumber: z.string(),
      name: z.string(),
      score: z.number(),
      band: bandSchema,
      topFactors: z.array(z.object({ key: z.enum(RISK_FACTOR_KEYS), label: z.string(), points: z.number() })),
      averageDaysLate: z.number(),
      overdueCents: z.number(),
      oldestOverdueDays: z.number(),
      exposureCents: z.number(),
      creditLimitCents: z.number().nullable(),
      suggestedLimitCents: z.number().nullable(),
      overLimitCents: z.number(),
    }),
  ),
  alerts: z.array(alertSchema).describe('customers whose open claims and orders exceed their credit limit'),
});

const forecastSchema = z.object({
  start: z.string(),
  end: z.string(),
  weeks: z.array(
    z.object({
      week: z.string().describe('ISO 8601 week, e.g. 2025-W27'),
      from: z.string(),
      to: z.string(),
      expectedCents: z.number(),
      overdueCents: z.number().describe('of it from claims already past due on the start day'),
      instalmentCents: z.number().describe('of it from instalments of active plans'),
      items: z.number(),
    }),
  ),
  expectedCents: z.number(),
  laterCents: z.number().describe('expected after the last week'),
  doubtfulCents: z.number().describe('not expected, by the customers’ payment probabilities'),
  disputedCents: z.number(),
  handedOverCents: z.number(),
  totalCents: z.number().describe('everything open: the sum of all the amounts above'),
  customers: z.number(),
  plans: z.number(),
});

export function riskRoutes(app: ApiApp, deps: ApiDeps): void {
  app.get(
    '/api/customers/:id/risk',
    {
      schema: {
        tags: ['risk'],
        summary:
          'A customer’s risk score (0–100) with the facts that moved it, payment behaviour, exposure against the credit limit and a suggested limit',
        params: idParams,
        querystring: asOfQuery,
        response: { 200: customerRiskSchema },
      },
    },
    async (request) => {
      const ctx = serviceContext(request, deps);
      const asOf = (request.query.asOf ?? localToday(ctx.now())) as CalendarDate;
      return customerRisk(ctx, { id: request.params.id }, asOf);
    },
  );

  app.get(
    '/api/risk',
    {
      schema: {
        tags: ['risk'],
        summary:
          'Customers with open items, riskiest first (then most overdue), and the alerts of customers above their credit limit',
        querystring: asOfQuery.extend({
          band: bandSchema.optional(),
          limit: z.coerce.number().int().min(1).max(1000).default(100),
        }),
        response: { 200: riskListSchema },
      },
    },
    async (request) => {
      const ctx = serviceContext(request, deps);
      const asOf = (request.query.asOf ?? localToday(ctx.now())) as CalendarDate;
      return riskList(ctx, asOf, {
        limit: request.query.limit,
        ...(request.query.band ? { band: request.query.band } : {}),
      });
    },
  );

  app.get(
    '/api/reports/cash-forecast',
    {
      schema: {
        tags: ['reports'],
        summary:
          'Cash expected per ISO week from due dates and each customer’s payment behaviour; instalment plans by their instalments, disputed and handed-over claims apart',
        querystring: z.object({
          weeks: z.coerce.number().int().min(1).max(MAX_FORECAST_WEEKS).default(DEFAULT_FORECAST_WEEKS),
          start: z.iso.date().optional().describe('the first day (default today); its week runs to Sunday'),
        }),
        response: { 200: forecastSchema },
      },
    },
    async (request) => {
      const ctx = serviceContext(request, deps);
      const start = (request.query.start ?? localToday(ctx.now())) as CalendarDate;
      return cashForecast(ctx, start, { weeks: request.query.weeks });
    },
  );
}
