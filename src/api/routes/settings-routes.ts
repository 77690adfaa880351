/**
 * @module settings-routes
 * (being written)
 */
import type { ApiApp, ApiDeps } from '../api-deps.ts';

export function settingsRoutes(_app: ApiApp, _deps: ApiDeps): void {}
