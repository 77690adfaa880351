/**
 * @module dunning-routes
 * (being written)
 */
import type { ApiApp, ApiDeps } from '../api-deps.ts';

export function dunningRoutes(_app: ApiApp, _deps: ApiDeps): void {}
