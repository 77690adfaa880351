/**
 * @module work-routes
 * (being written)
 */
import type { ApiApp, ApiDeps } from '../api-deps.ts';

export function workRoutes(_app: ApiApp, _deps: ApiDeps): void {}
