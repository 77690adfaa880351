/**
 * @module sepa-routes
 * (being written this session)
 */
import type { ApiApp, ApiDeps } from '../api-deps.ts';

export function sepaRoutes(_app: ApiApp, _deps: ApiDeps): void {}
