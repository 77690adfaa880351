/**
 * @module api-deps
 * What every route module receives: the database and the clock, and the typed fastify instance.
 */
import type {
  FastifyBaseLogger,
  FastifyInstance,
  FastifyRequest,
  RawReplyDefaultExpression,
  RawRequestDefaultExpression,
  RawServerDefault,
} from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Database } from '../db/database.ts';
import { type ServiceContext, tenantContext } from '../services/service-context.ts';
import { callerOf } from './access.ts';

export interface ApiDeps {
  database: Database;
  now: () => Date;
}

export type ApiApp = FastifyInstance<
  RawServerDefault,
  RawRequestDefaultExpression,
  RawReplyDefaultExpression,
  FastifyBaseLogger,
  ZodTypeProvider
>;

export function serviceContext(request: FastifyRequest, deps: ApiDeps): ServiceContext {
  const caller = callerOf(request);
  return tenantContext(deps.database, caller.tenantId, caller.actor, deps.now);
}
