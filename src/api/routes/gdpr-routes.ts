/**
 * @module gdpr-routes
 * A customer's data protection rights over HTTP, for admins only: the retention periods that keep
 * the customer's records (and when each ends), the export of everything stored (JSON download), and
 * erasure of what no period keeps — refused with the reasons while claims are open.
 */
import { z } from 'zod';
import { localToday } from '../../cli/parse-options.ts';
import type { CalendarDate } from '../../domain/calendar-date.ts';
import { customerRetention, eraseCustomerData, exportCustomerData } from '../../services/gdpr-service.ts';
import type { ApiApp, ApiDeps } from '../api-deps.ts';
import { serviceContext } from '../api-deps.ts';
import { idParams } from '../params.ts';

const asOf = z.iso.date().optional().describe('as of this day (YYYY-MM-DD, default today)');

const retentionSchema = z.object({
  customer: z.object({ id: z.number(), number: z.string(), name: z.string() }),
  asOf: z.string(),
  classes: z.array(
    z.object({
      key: z.enum(['booking-records', 'business-letters']),
      years: z.number(),
      law: z.string(),
      covers: z.string(),
      records: z.number(),
      latestRecordOn: z.string().nullable(),
      keptUntil: z.string().nullable().describe('31 December of the latest record’s year plus the period'),
      over: z.boolean(),
    }),
  ),
  keptUntil: z.string().nullable(),
  openMatters: z.array(z.string()).describe('why erasure is refused now; empty: it may go ahead'),
  erasableNow: z.array(z.string()),
  kept: z.array(z.string()),
});

export function gdprRoutes(app: ApiApp, deps: ApiDeps): void {
  app.get(
    '/api/customers/:id/gdpr/retention',
    {
      config: { access: 'admin' },
      schema: {
        tags: ['gdpr'],
        summary:
          'The retention periods (§ 147 AO, § 257 HGB) that keep the customer’s records, when each ends, and what erasure would remove',
        params: idParams,
        querystring: z.object({ asOf }),
        response: { 200: retentionSchema },
      },
    },
    async (request) => {
      const ctx = serviceContext(request, deps);
      return customerRetention(
        ctx,
        request.params.id,
        (request.query.asOf ?? localToday(ctx.now())) as CalendarDate,
      );
    },
  );

  app.post(
    '/api/customers/:id/gdpr/export',
    {
      config: { access: 'admin' },
      schema: {
        tags: ['gdpr'],
        summary:
          'Everything stored about the customer as one JSON file (GDPR Art. 15, 20); recorded as gdpr.exported',
        params: idParams,
        body: z.object({ asOf }).optional(),
      },
    },
    async (request, reply) => {
      const ctx = serviceContext(request, deps);
      const day = (request.body?.asOf ?? localToday(ctx.now())) as CalendarDate;
      const exported = await exportCustomerData(ctx, request.params.id, day);
      const number = exported.data.customer.number.replace(/[^\w.-]/g, '_');
      return reply
        .header('content-type', 'application/json; charset=utf-8')
        .header('content-disposition', `attachment; filename="kunde-${number}-daten-${day}.json"`)
        .header('cache-control', 'no-store')
        .send(JSON.stringify(exported, null, 2));
    },
  );

  app.post(
    '/api/customers/:id/gdpr/erase',
    {
      config: { access: 'admin' },
      schema: {
        tags: ['gdpr'],
        summary:
          'Erase or anonymise what no retention period keeps (GDPR Art. 17); 409 with the reasons while claims, plans, cases or disputes are open',
        params: idParams,
        body: z.object({ asOf }).optional(),
        response: {
          200: z.object({
            retention: retentionSchema,
            removed: z.record(z.string(), z.number()),
            anonymisedCustomer: z.boolean(),
          }),
        },
      },
    },
    async (request) => {
      const ctx = serviceContext(request, deps);
      return eraseCustomerData(
        ctx,
        request.params.id,
        (request.body?.asOf ?? localToday(ctx.now())) as CalendarDate,
      );
    },
  );
}
