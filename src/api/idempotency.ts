/**
 * @module idempotency
 * `Idempotency-Key` for POSTs that move money: the first request with a key runs and its response
 * is stored with the key in the same transaction as the change, so a retry after a lost answer gets
 * the stored response (same status, header `idempotent-replayed: true`) instead of a second payment.
 * The same key with another request (other route, other body) is refused with 409
 * `idempotency-key-reused`. A request that fails stores nothing: its retry runs again.
 *
 * @example
 * return respondIdempotently(request, reply, ctx, async (tx) => ({ statusCode: 201, body: await pay(tx) }));
 */
import { createHash } from 'node:crypto';
import { and, eq, sql } from 'drizzle-orm';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { advisoryKeys } from '../db/database.ts';
import { idempotencyKeys } from '../db/schema.ts';
import type { ServiceContext } from '../services/service-context.ts';
import { sendProblem } from './problem.ts';

/** The header as a route declares it: optional; printable ASCII without spaces, as in RFC 9110 tokens. */
export const idempotencyHeaders = z.object({
  'idempotency-key': z
    .string()
    .min(1)
    .max(255)
    .regex(/^[\x21-\x7e]+$/, 'printable ASCII without spaces, e.g. a UUID')
    .optional()
    .describe('a random value (a UUID) per intended change; send the same one when retrying'),
});

export interface IdempotentResponse {
  statusCode: number;
  body: unknown;
}

/** Method, path with query, and SHA-256 of the validated body: what makes a retry "the same request". */
export function requestHashOf(request: FastifyRequest): string {
  const body = createHash('sha256')
    .update(JSON.stringify(request.body ?? null))
    .digest('hex');
  return `${request.method} ${request.url} ${body}`;
}

/**
 * Runs `run` once per key and company. `run` gets a context whose `db` is the transaction the key
 * is stored in; services that open their own transaction on it use a savepoint inside it.
 */
export async function respondIdempotently(
  request: FastifyRequest,
  reply: FastifyReply,
  ctx: ServiceContext,
  run: (ctx: ServiceContext) => Promise<IdempotentResponse>,
): Promise<FastifyReply> {
  const key = request.headers['idempotency-key'];
  if (typeof key !== 'string') {
    const response = await run(ctx);
    return reply.code(response.statusCode).send(response.body);
  }
  const requestHash = requestHashOf(request);
  const outcome = await ctx.db.transaction(async (tx) => {
    // Two requests with the same key at once: the second waits for the first and then replays it.
    const [k1, k2] = advisoryKeys(`idempotency:${ctx.tenantId}:${key}`);
    await tx.execute(sql`select pg_advisory_xact_lock(${k1}, ${k2})`);
    const [stored] = await tx
      .select()
      .from(idempotencyKeys)
      .where(and(eq(idempotencyKeys.tenantId, ctx.tenantId), eq(idempotencyKeys.key, key)));
    if (stored) {
      return stored.requestHash === requestHash
        ? { kind: 'replay' as const, statusCode: stored.statusCode, body: stored.response }
        : { kind: 'reused' as const };
    }
    const response = await run({ ...ctx, db: tx });
    await tx.insert(idempotencyKeys).values({
      tenantId: ctx.tenantId,
      key,
      requestHash,
      statusCode: response.statusCode,
      response: response.body,
    });
    return { kind: 'fresh' as const, ...response };
  });
  if (outcome.kind === 'reused') {
    return sendProblem(
      reply,
      409,
      'idempotency-key-reused',
      'this Idempotency-Key was used for another request; send a new key for a new change',
      [{ path: 'headers.idempotency-key', message: 'used before with another request' }],
    );
  }
  if (outcome.kind === 'replay') reply.header('idempotent-replayed', 'true');
  return reply.code(outcome.statusCode).send(outcome.body);
}
