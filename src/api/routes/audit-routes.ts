/**
 * @module audit-routes
 * "Who did what", for admins: the company's event log filtered by actor, type, customer and time,
 * and the result of the last nightly verification of its hash chain (an alert when it broke).
 */
import { z } from 'zod';
import { AppError } from '../../services/app-error.ts';
import { lastVerification, listAuditEvents } from '../../services/audit-service.ts';
import type { ApiApp, ApiDeps } from '../api-deps.ts';
import { serviceContext } from '../api-deps.ts';
import { decodeCursor, listOf, page, pageQuery } from '../pagination.ts';
import { rowId } from '../params.ts';

const auditEventSchema = z.object({
  id: z.number().describe('sequence number in the company’s event chain'),
  at: z.string(),
  actor: z.string().describe('user:<e-mail>, api-token:<id>, cli, scheduler, portal…'),
  type: z.string(),
  entityType: z.string(),
  entityId: z.string(),
  customerId: z.number().nullable(),
  payload: z.record(z.string(), z.unknown()),
});

/** A day (from its start, UTC) or an instant. */
const instant = z.union([z.iso.date(), z.iso.datetime({ offset: true })]);

function instantOf(value: string | undefined): Date | undefined {
  return value === undefined ? undefined : new Date(value.length === 10 ? `${value}T00:00:00Z` : value);
}

export function auditRoutes(app: ApiApp, deps: ApiDeps): void {
  app.get(
    '/api/audit/events',
    {
      config: { access: 'admin' },
      schema: {
        tags: ['audit'],
        summary: 'Who did what: the event log newest first, filtered by actor, type, customer and time',
        querystring: pageQuery.extend({
          actor: z.string().max(400).optional().describe('e.g. user:anna@example.com'),
          type: z.string().max(80).optional().describe('e.g. payment.recorded'),
          customerId: rowId.optional(),
          from: instant.optional().describe('at or after (YYYY-MM-DD or ISO 8601)'),
          to: instant.optional().describe('before (YYYY-MM-DD or ISO 8601)'),
        }),
        response: { 200: listOf(auditEventSchema) },
      },
    },
    async (request) => {
      const ctx = serviceContext(request, deps);
      const { limit, cursor, actor, type, customerId, from, to } = request.query;
      const key = decodeCursor(cursor, 1);
      if (key !== null && typeof key[0] !== 'number') {
        throw new AppError('validation', 'cursor: not a cursor of this list; start again without it');
      }
      const fromAt = instantOf(from);
      const toAt = instantOf(to);
      const rows = await listAuditEvents(ctx, {
        ...(actor === undefined ? {} : { actor }),
        ...(type === undefined ? {} : { type }),
        ...(customerId === undefined ? {} : { customerId }),
        ...(fromAt === undefined ? {} : { from: fromAt }),
        ...(toAt === undefined ? {} : { to: toAt }),
        beforeSeq: key === null ? null : (key[0] as number),
        limit: limit + 1,
      });
      const result = page(rows, limit, (e) => [e.seq]);
      return {
        items: result.items.map((e) => ({
          id: e.seq,
          at: e.occurredAt,
          actor: e.actor,
          type: e.type,
          entityType: e.entityType,
          entityId: e.entityId,
          customerId: e.customerId,
          payload: e.payload,
        })),
        nextCursor: result.nextCursor,
      };
    },
  );

  app.get(
    '/api/audit/verification',
    {
      config: { access: 'admin' },
      schema: {
        tags: ['audit'],
        summary:
          'The last verification of the event chain (nightly, or `mahnwerk audit verify`): intact, or the first broken row',
        response: {
          200: z.object({
            verification: z
              .object({
                at: z.string(),
                ok: z.boolean(),
                checked: z.number(),
                firstBroken: z.object({ seq: z.number(), problem: z.string() }).nullable(),
              })
              .nullable(),
          }),
        },
      },
    },
    async (request) => ({ verification: await lastVerification(serviceContext(request, deps)) }),
  );
}
