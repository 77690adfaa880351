/**
 * @module payment-routes
 * (being written)
 */
import type { ApiApp, ApiDeps } from '../api-deps.ts';

export function paymentRoutes(_app: ApiApp, _deps: ApiDeps): void {}
