/**
 * @module collection-routes
 * (being written this session)
 */
import type { ApiApp, ApiDeps } from '../api-deps.ts';

export function collectionRoutes(_app: ApiApp, _deps: ApiDeps): void {}
