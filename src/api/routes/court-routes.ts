/**
 * @module court-routes
 * (being written this session)
 */
import type { ApiApp, ApiDeps } from '../api-deps.ts';

export function courtRoutes(_app: ApiApp, _deps: ApiDeps): void {}
