/**
 * @module client
 * The one way the web app talks to the API: same-origin cookies, the CSRF token on every change,
 * problem+json errors as ApiError, and a hook for "the session ended" (401) that shows the login.
 */
import { ApiError, apiErrorOf, networkError } from './api-error.ts';

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

let csrfToken: string | null = null;
let onUnauthenticated: () => void = () => {};

/** The session's CSRF token (from login and /api/auth/me), sent as `x-csrf-token` on changes. */
export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

export function csrfHeaders(method: string): Record<string, string> {
  return method !== 'GET' && csrfToken ? { 'x-csrf-token': csrfToken } : {};
}

/** Called when an API call answers 401 (session expired or logged out elsewhere). */
export function setUnauthenticatedHandler(handler: () => void): void {
  onUnauthenticated = handler;
}

/** Reports a 401 outside /api/auth (where 401 is an answer, not an expired session). */
export function reportUnauthenticated(path: string, error: ApiError): void {
  if (error.status === 401 && !path.startsWith('/api/auth/')) onUnauthenticated();
}

export interface RequestOptions {
  /** JSON body. */
  json?: unknown;
  /** Raw body (a file), sent as is. */
  raw?: Blob;
  headers?: Record<string, string>;
}

export async function apiRequest<T>(method: Method, path: string, options: RequestOptions = {}): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json', ...csrfHeaders(method) };
  let body: BodyInit | undefined;
  if (options.json !== undefined) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(options.json);
  } else if (options.raw) {
    headers['content-type'] = 'application/octet-stream';
    body = options.raw;
  }
  Object.assign(headers, options.headers);
  let response: Response;
  try {
    response = await fetch(path, { method, headers, body, credentials: 'same-origin' });
  } catch (cause) {
    throw networkError(cause);
  }
  const text = await response.text();
  if (!response.ok) {
    const error = apiErrorOf(response.status, response.statusText, text);
    reportUnauthenticated(path, error);
    throw error;
  }
  return (text ? JSON.parse(text) : undefined) as T;
}

export const api = {
  get: <T>(path: string) => apiRequest<T>('GET', path),
  post: <T>(path: string, json: unknown = {}, headers?: Record<string, string>) =>
    apiRequest<T>('POST', path, { json, ...(headers ? { headers } : {}) }),
  put: <T>(path: string, json: unknown) => apiRequest<T>('PUT', path, { json }),
  patch: <T>(path: string, json: unknown, headers?: Record<string, string>) =>
    apiRequest<T>('PATCH', path, { json, ...(headers ? { headers } : {}) }),
  delete: <T>(path: string) => apiRequest<T>('DELETE', path),
};

export { ApiError };
