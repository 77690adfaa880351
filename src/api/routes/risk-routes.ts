/**
 * @module risk-routes
 * (being written this session)
 */
import type { ApiApp, ApiDeps } from '../api-deps.ts';

export function riskRoutes(_app: ApiApp, _deps: ApiDeps): void {}
