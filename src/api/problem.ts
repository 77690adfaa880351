/**
 * @module problem
 * Every API error as `application/problem+json` (RFC 9457) with a stable `code` and, for
 * validation errors, the field paths. One table maps service and domain errors to statuses;
 * anything unforeseen becomes a 500 with a reference, never a stack trace.
 */
import { randomUUID } from 'node:crypto';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { isDomainError } from '../domain/domain-error.ts';
import { type AppErrorCode, isAppError } from '../services/app-error.ts';

export interface ProblemIssue {
  path: string;
  message: string;
}

export interface Problem {
  type: string;
  title: string;
  status: number;
  code: string;
  detail: string;
  errors?: ProblemIssue[];
}

const STATUS_OF: Record<AppErrorCode, number> = {
  'not-found': 404,
  conflict: 409,
  validation: 400,
  'database-locked': 503,
  'run-in-progress': 409,
  'import-rejected': 422,
  unauthenticated: 401,
  forbidden: 403,
  'precondition-failed': 412,
  'rate-limited': 429,
};

const TITLES: Record<number, string> = {
  400: 'Invalid request',
  401: 'Not logged in',
  403: 'Not allowed',
  404: 'Not found',
  409: 'Conflict',
  412: 'Changed meanwhile',
  413: 'Too large',
  415: 'Unsupported media type',
  422: 'Cannot be processed',
  429: 'Too many requests',
  500: 'Internal error',
  503: 'Unavailable',
};

export function sendProblem(
  reply: FastifyReply,
  status: number,
  code: string,
  detail: string,
  errors?: ProblemIssue[],
): FastifyReply {
  const body: Problem = {
    type: 'about:blank',
    title: TITLES[status] ?? 'Error',
    status,
    code,
    detail,
    ...(errors && errors.length > 0 ? { errors } : {}),
  };
  return reply.code(status).type('application/problem+json').serializer(JSON.stringify).send(body);
}

/** `/lines/0/amount` of the body as `lines.0.amount`; of the query string as `querystring.limit`. */
function fieldPath(instancePath: string, part: string | undefined): string {
  const parts = instancePath.split('/').filter((p) => p !== '');
  return (part && part !== 'body' ? [part, ...parts] : parts).join('.');
}

const PG_UNAVAILABLE = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENOTFOUND',
  'EPIPE',
  '57P01',
  '57P03',
  '08006',
  '08001',
  '08003',
]);

/** What node-postgres says without a code when the server went away or cannot be reached in time. */
const PG_UNAVAILABLE_MESSAGE =
  /Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error|Connection is closed/i;

/**
 * Whether the database could not be reached. The driver's error is usually the `cause` of drizzle's
 * "Failed query" error (DrizzleQueryError), so the chain of causes is searched.
 */
export function isDatabaseUnavailable(error: unknown): boolean {
  let current: unknown = error;
  for (let depth = 0; depth < 5 && current instanceof Error; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string' && PG_UNAVAILABLE.has(code)) return true;
    if (PG_UNAVAILABLE_MESSAGE.test(current.message)) return true;
    current = (current as { cause?: unknown }).cause;
  }
  return false;
}

export function errorHandler(
  error: FastifyError,
  request: FastifyRequest,
  reply: FastifyReply,
): FastifyReply {
  if (hasZodFastifySchemaValidationErrors(error)) {
    const part = error.validationContext;
    const errors = error.validation.map((v) => ({
      path: fieldPath(v.instancePath, part),
      message: v.message ?? 'invalid',
    }));
    const first = errors[0];
    return sendProblem(
      reply,
      400,
      'validation',
      first ? `${first.path || part}: ${first.message}` : 'invalid request',
      errors,
    );
  }
  if (isAppError(error)) {
    return sendProblem(reply, STATUS_OF[error.code], error.code, error.message, [...error.issues]);
  }
  if (isDomainError(error)) {
    const errors =
      error.issues.length > 0
        ? [...error.issues]
        : error.path
          ? [{ path: error.path, message: error.message }]
          : [];
    return sendProblem(reply, 400, error.code, error.message, errors);
  }
  const status = error.statusCode ?? 500;
  if (status === 429) return sendProblem(reply, 429, 'rate-limited', error.message);
  if (status === 413) return sendProblem(reply, 413, 'too-large', error.message);
  if (status === 415) return sendProblem(reply, 415, 'unsupported-media-type', error.message);
  if (status >= 400 && status < 500) return sendProblem(reply, status, 'bad-request', error.message);
  if (isDatabaseUnavailable(error)) {
    return sendProblem(
      reply,
      503,
      'database-unavailable',
      'the database cannot be reached; try again shortly',
    );
  }
  const reference = randomUUID();
  request.log.error({ err: error, reference }, 'unhandled error');
  return sendProblem(reply, 500, 'internal', `an internal error occurred (reference ${reference})`);
}
