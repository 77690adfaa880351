/**
 * @module api-error
 * The API's `application/problem+json` errors as one Error type: the stable `code`, the
 * human-readable `detail`, and for validation errors the fields (`path`) with their messages.
 */

export interface FieldError {
  path: string;
  message: string;
}

export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly detail: string;
  readonly errors: readonly FieldError[];

  constructor(status: number, code: string, detail: string, errors: readonly FieldError[] = []) {
    super(detail);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.detail = detail;
    this.errors = errors;
  }

  /** The message for one form field (`path` as the API names it, e.g. `address.city`). */
  messageFor(path: string): string | undefined {
    return this.errors.find((e) => e.path === path || e.path === `body.${path}`)?.message;
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function fieldErrorsOf(value: unknown): FieldError[] {
  if (!Array.isArray(value)) return [];
  return value
    .filter(isRecord)
    .map((e) => ({ path: String(e.path ?? ''), message: String(e.message ?? '') }));
}

/** An error response (status, body text) as an ApiError; a body that is not a problem still gives a message. */
export function apiErrorOf(status: number, statusText: string, bodyText: string): ApiError {
  let body: unknown = null;
  try {
    body = JSON.parse(bodyText);
  } catch {
    // not JSON: a proxy's or the network's error page
  }
  if (isRecord(body) && (typeof body.detail === 'string' || typeof body.code === 'string')) {
    const code = typeof body.code === 'string' ? body.code : `http-${status}`;
    const detail =
      typeof body.detail === 'string' ? body.detail : typeof body.title === 'string' ? body.title : code;
    return new ApiError(status, code, detail, fieldErrorsOf(body.errors));
  }
  const text = bodyText.trim().slice(0, 300);
  return new ApiError(status, `http-${status}`, text || statusText || `HTTP ${status}`);
}

/** Network failures (server down, offline) as an ApiError with status 0. */
export function networkError(cause: unknown): ApiError {
  const error = new ApiError(0, 'network', cause instanceof Error ? cause.message : String(cause));
  return error;
}
