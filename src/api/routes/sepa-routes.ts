/**
 * @module sepa-routes
 * SEPA direct debit over HTTP: a customer's mandates (list, record), revoking a mandate, and the
 * export of what is due for collection on a day as a pain.008.001.08 file for the bank — one
 * scheme per file (CORE by default, B2B on request), as German banks take them. The export answers
 * with the file itself; its summary travels in `x-sepa-*` headers. An exported file can be fetched
 * again by its message id.
 */
import { z } from 'zod';
import { AppError } from '../../services/app-error.ts';
import {
  addMandate,
  exportDirectDebits,
  exportedFile,
  listMandates,
  type MandateView,
  revokeMandate,
} from '../../services/sepa-service.ts';
import type { ApiApp, ApiDeps } from '../api-deps.ts';
import { serviceContext } from '../api-deps.ts';
import { idParams } from '../params.ts';
import { sendFile } from '../send-file.ts';
import { customerOr404 } from './customer-routes.ts';

export const mandateSchema = z.object({
  id: z.number(),
  customerId: z.number(),
  customerNumber: z.string(),
  customerName: z.string(),
  reference: z.string().describe('Mandatsreferenz'),
  signedOn: z.string(),
  scheme: z.enum(['CORE', 'B2B']),
  kind: z.enum(['recurring', 'one-off']),
  debtorName: z.string().describe('the account holder'),
  iban: z.string(),
  bic: z.string().nullable(),
  firstCollectedOn: z.string().nullable(),
  lastCollectionDate: z.string().nullable(),
  revokedOn: z.string().nullable(),
  status: z.enum(['active', 'revoked', 'used', 'expired']).describe('today'),
});

const mandateBody = z.object({
  reference: z.string().max(100).describe("up to 35 of A-Z a-z 0-9 / - ? : ( ) . , ' + and space, unique"),
  signedOn: z.iso.date().describe('day of signature; not after today'),
  scheme: z.enum(['CORE', 'B2B']).default('CORE').describe('B2B only for business debtors'),
  kind: z.enum(['recurring', 'one-off']).default('recurring'),
  debtorName: z.string().max(70).optional().describe('the account holder; default: the customer'),
  iban: z.string().max(50),
  bic: z.string().max(20).nullable().optional().describe('needed for an account outside the EEA'),
});

const exportBody = z.object({
  collectionDate: z.iso.date().describe('requested collection date, a TARGET2 business day'),
  scheme: z.enum(['CORE', 'B2B']).default('CORE').describe('one scheme per file'),
});

/** A header value that stays ASCII whatever the text holds (warnings name customers and invoices). */
const headerJson = (value: unknown) => encodeURIComponent(JSON.stringify(value));

function mandateJson(view: MandateView): z.infer<typeof mandateSchema> {
  return view;
}

export function sepaRoutes(app: ApiApp, deps: ApiDeps): void {
  app.get(
    '/api/customers/:id/mandates',
    {
      schema: {
        tags: ['sepa'],
        summary: 'The customer’s SEPA direct debit mandates, newest first, with their status today',
        params: idParams,
        response: { 200: z.object({ items: z.array(mandateSchema) }) },
      },
    },
    async (request) => {
      const ctx = serviceContext(request, deps);
      const customer = await customerOr404(ctx, request.params.id);
      return { items: (await listMandates(ctx, { customerId: customer.id })).map(mandateJson) };
    },
  );

  app.post(
    '/api/customers/:id/mandates',
    {
      schema: {
        tags: ['sepa'],
        summary: 'Record a signed SEPA direct debit mandate of the customer',
        params: idParams,
        body: mandateBody,
        response: { 201: mandateSchema },
      },
    },
    async (request, reply) => {
      const ctx = serviceContext(request, deps);
      const customer = await customerOr404(ctx, request.params.id);
      const view = await addMandate(ctx, { ...request.body, customerId: customer.id });
      return reply.code(201).send(mandateJson(view));
    },
  );

  app.post(
    '/api/mandates/:id/revoke',
    {
      schema: {
        tags: ['sepa'],
        summary: 'Revoke a mandate: no collection under it from that day on',
        params: idParams,
        body: z
          .object({
            revokedOn: z.iso.date().optional().describe('first day without collections; default today'),
          })
          .default({}),
        response: {
          200: z.object({
            mandate: mandateSchema,
            pendingCollections: z
              .array(
                z.object({ endToEndId: z.string(), collectionDate: z.string(), amountCents: z.number() }),
              )
              .describe('exported for that day or later: ask the bank to recall them'),
          }),
        },
      },
    },
    async (request) => {
      const ctx = serviceContext(request, deps);
      const result = await revokeMandate(ctx, request.params.id, { revokedOn: request.body.revokedOn });
      return { mandate: mandateJson(result.mandate), pendingCollections: result.pendingCollections };
    },
  );

  app.post(
    '/api/sepa/exports',
    {
      schema: {
        tags: ['sepa'],
        summary:
          'Export what is due for collection on a day as a pain.008.001.08 file (the answer is the file)',
        description:
          'Headers: `x-sepa-message-id`, `x-sepa-count`, `x-sepa-sum-cents`, and `x-sepa-warnings` / ' +
          '`x-sepa-skipped` as URI-encoded JSON arrays. 409 when nothing is due.',
        body: exportBody,
      },
    },
    async (request, reply) => {
      const ctx = serviceContext(request, deps);
      const result = await exportDirectDebits(ctx, request.body);
      const [file] = result.files;
      if (!file) {
        throw new AppError(
          'conflict',
          `nothing to collect on ${result.collectionDate} (${request.body.scheme})`,
          {
            issues: result.skipped.map((s) => ({ path: `customer ${s.customerNumber}`, message: s.reason })),
          },
        );
      }
      reply
        .code(201)
        .header('x-sepa-message-id', file.messageId)
        .header('x-sepa-count', String(file.count))
        .header('x-sepa-sum-cents', String(file.sumCents))
        .header('x-sepa-warnings', headerJson(result.warnings))
        .header('x-sepa-skipped', headerJson(result.skipped));
      return sendFile(
        reply,
        new TextEncoder().encode(file.xml),
        'application/xml',
        file.fileName,
        'attachment',
      );
    },
  );

  app.get(
    '/api/sepa/exports/:messageId',
    {
      schema: {
        tags: ['sepa'],
        summary: 'An exported pain.008 file once more, by its message id',
        params: z.object({ messageId: z.string().min(1).max(35) }),
      },
    },
    async (request, reply) => {
      const ctx = serviceContext(request, deps);
      const file = await exportedFile(ctx, request.params.messageId);
      reply
        .header('x-sepa-count', String(file.count))
        .header('x-sepa-sum-cents', String(file.sumCents))
        .header('x-sepa-same-as-exported', String(file.sameAsExported));
      return sendFile(
        reply,
        new TextEncoder().encode(file.xml),
        'application/xml',
        file.fileName,
        'attachment',
      );
    },
  );
}
