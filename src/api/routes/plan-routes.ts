/**
 * @module plan-routes
 * (being written this session)
 */
import type { ApiApp, ApiDeps } from '../api-deps.ts';

export function planRoutes(_app: ApiApp, _deps: ApiDeps): void {}
