/**
 * Test support for route modules the lead has not registered in src/api/app.ts yet: an API with
 * the registered modules plus the given ones (each added only if app.ts does not have it already,
 * so the tests keep passing once it does).
 */
import Fastify, { type FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { API_ROUTE_MODULES, registerApi } from '../../src/api/app.ts';
import type { ApiApp, ApiDeps } from '../../src/api/api-deps.ts';
import type { Database } from '../../src/db/database.ts';

export async function openApiWith(
  database: Database,
  now: () => Date,
  modules: readonly ((app: ApiApp, deps: ApiDeps) => void)[],
): Promise<FastifyInstance> {
  const app = Fastify({ logger: false });
  await registerApi(app, { database, now });
  const registered: readonly unknown[] = API_ROUTE_MODULES;
  for (const routes of modules) {
    if (!registered.includes(routes)) routes(app.withTypeProvider<ZodTypeProvider>(), { database, now });
  }
  await app.ready();
  return app;
}
