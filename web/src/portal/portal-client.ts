/**
 * @module portal-client
 * The portal's only way to the server: same-origin requests to /portal-api (never /api), the
 * session cookie sent by the browser (HttpOnly, so this code never sees it), the session's CSRF
 * value in `x-portal-csrf` on every change, and problem+json errors as ApiError. The CSRF value is
 * kept in sessionStorage so that reloading the page keeps the session; it is worth nothing without
 * the cookie and goes when the tab closes.
 */
import { ApiError, apiErrorOf, networkError } from '../api/api-error.ts';
import type {
  DisputeBody,
  DisputeResult,
  PaidAlreadyBody,
  PaidAlreadyResult,
  PlanProposalBody,
  PlanProposalResult,
  PortalOverview,
  PromiseBody,
  PromiseResult,
  SessionAnswer,
} from './portal-types.ts';

export const PORTAL_API = '/portal-api';
const CSRF_HEADER = 'x-portal-csrf';
const CSRF_KEY = 'mahnwerk-portal-csrf';

let csrfToken: string | null = null;

function storage(): Storage | null {
  try {
    return window.sessionStorage;
  } catch {
    // Storage switched off (private mode of some browsers): the session lasts as long as the page.
    return null;
  }
}

/** Keeps (or with null forgets) the session's CSRF value. */
export function rememberCsrf(token: string | null): void {
  csrfToken = token;
  if (token) storage()?.setItem(CSRF_KEY, token);
  else storage()?.removeItem(CSRF_KEY);
}

/** The CSRF value of a session opened earlier in this tab, if any. */
export function storedCsrf(): string | null {
  csrfToken ??= storage()?.getItem(CSRF_KEY) ?? null;
  return csrfToken;
}

type Method = 'GET' | 'POST' | 'PUT' | 'DELETE';

async function portalRequest<T>(method: Method, path: string, json?: unknown): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (method !== 'GET' && csrfToken) headers[CSRF_HEADER] = csrfToken;
  if (json !== undefined) headers['content-type'] = 'application/json';
  let response: Response;
  try {
    response = await fetch(`${PORTAL_API}${path}`, {
      method,
      headers,
      credentials: 'same-origin',
      cache: 'no-store',
      ...(json !== undefined ? { body: JSON.stringify(json) } : {}),
    });
  } catch (cause) {
    throw networkError(cause);
  }
  const text = await response.text();
  if (!response.ok) throw apiErrorOf(response.status, response.statusText, text);
  return (text ? JSON.parse(text) : undefined) as T;
}

export const portalApi = {
  /** Exchanges the link's token (and the one-time code, when asked for) for a session cookie. */
  openSession: (token: string, code?: string) =>
    portalRequest<SessionAnswer>('POST', '/session', { token, mode: 'cookie', ...(code ? { code } : {}) }),
  endSession: () => portalRequest<void>('DELETE', '/session'),
  overview: () => portalRequest<PortalOverview>('GET', '/overview'),
  reportPaid: (body: PaidAlreadyBody) => portalRequest<PaidAlreadyResult>('POST', '/paid-already', body),
  dispute: (body: DisputeBody) => portalRequest<DisputeResult>('POST', '/disputes', body),
  promise: (body: PromiseBody) => portalRequest<PromiseResult>('POST', '/promises', body),
  proposePlan: (body: PlanProposalBody) => portalRequest<PlanProposalResult>('POST', '/plan-proposals', body),
  updateBillingEmail: (email: string) => portalRequest<{ email: string }>('PUT', '/billing-email', { email }),
};

/** Whether an error means the session is gone (ended, revoked, or its CSRF value lost): open the link again. */
export function isSessionGone(error: unknown): boolean {
  return (
    error instanceof ApiError && (error.status === 401 || (error.status === 403 && error.code === 'csrf'))
  );
}
