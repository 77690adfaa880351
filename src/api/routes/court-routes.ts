/**
 * @module court-routes
 * Court dunning over HTTP: the data of a Mahnbescheid application for a customer's claims, shaped
 * after www.online-mahnantrag.de, as JSON and as a printable summary (PDF) — both previews, safe to
 * repeat, recording nothing — and the export (POST), which records `court-dunning.prepared` on the
 * customer's timeline. The settings: the OLG district a seat in Nordrhein-Westfalen needs.
 */
import { z } from 'zod';
import { localToday } from '../../cli/parse-options.ts';
import type { CalendarDate } from '../../domain/calendar-date.ts';
import { NW_OLG_DISTRICTS } from '../../domain/central-dunning-court.ts';
import { AppError } from '../../services/app-error.ts';
import {
  CLAIM_KINDS,
  type CourtDunningInput,
  courtDunningOf,
  courtDunningPdf,
  courtDunningSettingsSchema,
  exportCourtDunning,
  getCourtDunningSettings,
  updateCourtDunningSettings,
} from '../../services/court-dunning-service.ts';
import type { ServiceContext } from '../../services/service-context.ts';
import type { ApiApp, ApiDeps } from '../api-deps.ts';
import { serviceContext } from '../api-deps.ts';
import { idParams } from '../params.ts';
import { sendFile } from '../send-file.ts';
import { customerOr404 } from './customer-routes.ts';

const options = {
  date: z.iso.date().optional().describe('as of this day (default today): amounts and default as of it'),
  claimKind: z
    .enum(CLAIM_KINDS)
    .optional()
    .describe(
      'catalogue claim: invoice (sonstiger Anspruch, default), goods (Kaufvertrag, 11), services (5)',
    ),
  expenses: z
    .string()
    .optional()
    .describe('the applicant’s expenses for this procedure in euros, e.g. "3.45"'),
};

const previewQuery = z.object({
  ...options,
  invoices: z
    .string()
    .optional()
    .describe('the invoices to claim, comma-separated (default: every claim that may go to court)'),
});

const exportBody = z.object({
  ...options,
  invoices: z.array(z.string()).min(1).optional().describe('the invoices to claim (default: all that may)'),
  format: z.enum(['json', 'pdf']).default('json'),
});

const settingsSchema = z.object({
  nwOlgDistrict: z.enum(NW_OLG_DISTRICTS).nullable(),
  court: z.object({ name: z.string(), reason: z.string(), statute: z.string() }).nullable(),
  missing: z.string().nullable(),
});

function invoiceList(text: string | undefined): string[] | undefined {
  if (text === undefined) return undefined;
  const numbers = text
    .split(',')
    .map((n) => n.trim())
    .filter((n) => n !== '');
  if (numbers.length === 0) {
    throw new AppError('validation', 'invoices: expected invoice numbers like RE-1,RE-2', {
      issues: [{ path: 'querystring.invoices', message: 'expected invoice numbers like RE-1,RE-2' }],
    });
  }
  return numbers;
}

function inputOf(
  ctx: ServiceContext,
  given: { date?: string | undefined; claimKind?: string | undefined; expenses?: string | undefined },
  invoiceNumbers: string[] | undefined,
): CourtDunningInput {
  return {
    asOf: (given.date ?? localToday(ctx.now())) as CalendarDate,
    ...(given.claimKind ? { claimKind: given.claimKind as CourtDunningInput['claimKind'] } : {}),
    ...(given.expenses !== undefined ? { expenses: given.expenses } : {}),
    ...(invoiceNumbers ? { invoiceNumbers } : {}),
  };
}

export function courtRoutes(app: ApiApp, deps: ApiDeps): void {
  app.get(
    '/api/customers/:id/court-dunning',
    {
      schema: {
        tags: ['customers'],
        summary:
          'Mahnbescheid application data (online-mahnantrag): parties, main claims, interest, ancillary claims, courts; a preview',
        params: idParams,
        querystring: previewQuery,
      },
    },
    async (request) => {
      const ctx = serviceContext(request, deps);
      const customer = await customerOr404(ctx, request.params.id);
      return courtDunningOf(ctx, customer, inputOf(ctx, request.query, invoiceList(request.query.invoices)));
    },
  );

  app.get(
    '/api/customers/:id/court-dunning.pdf',
    {
      schema: {
        tags: ['customers'],
        summary: 'The Mahnbescheid application data as a printable summary (PDF); a preview',
        params: idParams,
        querystring: previewQuery,
      },
    },
    async (request, reply) => {
      const ctx = serviceContext(request, deps);
      const customer = await customerOr404(ctx, request.params.id);
      const input = inputOf(ctx, request.query, invoiceList(request.query.invoices));
      const pdf = await courtDunningPdf(ctx, customer, input);
      return sendFile(
        reply,
        pdf,
        'application/pdf',
        `Mahnantrag-${customer.number}-${input.asOf}.pdf`,
        'inline',
      );
    },
  );

  app.post(
    '/api/customers/:id/court-dunning/exports',
    {
      schema: {
        tags: ['customers'],
        summary:
          'Export the Mahnbescheid application data (JSON or the PDF summary) and record court-dunning.prepared on the customer’s timeline',
        params: idParams,
        body: exportBody,
      },
    },
    async (request, reply) => {
      const ctx = serviceContext(request, deps);
      const customer = await customerOr404(ctx, request.params.id);
      const input = inputOf(ctx, request.body, request.body.invoices);
      const { application, pdf } = await exportCourtDunning(ctx, customer, input, [request.body.format]);
      if (pdf) {
        return sendFile(
          reply,
          pdf,
          'application/pdf',
          `Mahnantrag-${customer.number}-${application.stand}.pdf`,
          'attachment',
        );
      }
      return reply.code(201).send(application);
    },
  );

  app.get(
    '/api/settings/court-dunning',
    {
      schema: {
        tags: ['settings'],
        summary:
          'Court dunning: the OLG district of a seat in Nordrhein-Westfalen and the dunning court it gives',
        response: { 200: settingsSchema },
      },
    },
    async (request) => getCourtDunningSettings(serviceContext(request, deps)),
  );

  app.put(
    '/api/settings/court-dunning',
    {
      config: { access: 'admin' },
      schema: {
        tags: ['settings'],
        summary:
          'Set the OLG district of a seat in Nordrhein-Westfalen (hamm, duesseldorf: Amtsgericht Hagen; koeln: Amtsgericht Euskirchen); null clears it',
        body: courtDunningSettingsSchema,
        response: { 200: settingsSchema },
      },
    },
    async (request) => updateCourtDunningSettings(serviceContext(request, deps), request.body),
  );
}
