/**
 * Test support for the HTTP API: a server on a test database, users of each role logged in
 * through the real login route, and API tokens; `as(…).get/post/…` inject requests with the
 * session cookie and the CSRF header (or the bearer token).
 */
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import type { Database } from '../../src/db/database.ts';
import { buildServer } from '../../src/server/main.ts';
import { createApiToken, createUser, type Role } from '../../src/services/auth-service.ts';
import type { ServiceContext } from '../../src/services/service-context.ts';
import { newTenantContext } from './test-database.ts';

export const TEST_PASSWORD = 'correct horse battery staple';

export interface ApiCaller {
  role: Role;
  ctx: ServiceContext & { tenantCode: string };
  request(options: InjectOptions): Promise<LightMyRequestResponse>;
  get(url: string): Promise<LightMyRequestResponse>;
  post(url: string, payload?: unknown, headers?: Record<string, string>): Promise<LightMyRequestResponse>;
  put(url: string, payload?: unknown, headers?: Record<string, string>): Promise<LightMyRequestResponse>;
  patch(url: string, payload?: unknown, headers?: Record<string, string>): Promise<LightMyRequestResponse>;
  delete(url: string): Promise<LightMyRequestResponse>;
}

export async function openTestApi(
  database: Database,
  options: { now?: () => Date } = {},
): Promise<FastifyInstance> {
  const app = await buildServer(database, { ...options, webDist: '/nonexistent' });
  await app.ready();
  return app;
}

function callerWith(
  app: FastifyInstance,
  role: Role,
  ctx: ServiceContext & { tenantCode: string },
  headers: Record<string, string>,
): ApiCaller {
  const request = (options: InjectOptions) =>
    app.inject({ ...options, headers: { ...headers, ...(options.headers as Record<string, string>) } });
  const withBody =
    (method: 'POST' | 'PUT' | 'PATCH') => (url: string, payload?: unknown, extra?: Record<string, string>) =>
      request({
        method,
        url,
        ...(payload === undefined ? {} : { payload: payload as object }),
        headers: extra ?? {},
      });
  return {
    role,
    ctx,
    request,
    get: (url) => request({ method: 'GET', url }),
    post: withBody('POST'),
    put: withBody('PUT'),
    patch: withBody('PATCH'),
    delete: (url) => request({ method: 'DELETE', url }),
  };
}

let userCounter = 0;

/** A new user of `role` in the tenant of `ctx`, logged in through POST /api/auth/login. */
export async function signIn(
  app: FastifyInstance,
  ctx: ServiceContext & { tenantCode: string },
  role: Role,
): Promise<ApiCaller> {
  userCounter += 1;
  const email = `${role}-${userCounter}-${ctx.tenantCode}@example.test`;
  await createUser(ctx, { email, name: `${role} ${userCounter}`, role, password: TEST_PASSWORD });
  const response = await app.inject({
    method: 'POST',
    url: '/api/auth/login',
    payload: { email, password: TEST_PASSWORD },
  });
  if (response.statusCode !== 200) throw new Error(`login failed: ${response.body}`);
  const cookie = response.cookies.find((c) => c.name === 'mahnwerk_session');
  if (!cookie) throw new Error('login set no session cookie');
  const { csrfToken } = response.json() as { csrfToken: string };
  return callerWith(app, role, ctx, {
    cookie: `mahnwerk_session=${cookie.value}`,
    'x-csrf-token': csrfToken,
  });
}

/** A machine calling with an API token of `role`. */
export async function withToken(
  app: FastifyInstance,
  ctx: ServiceContext & { tenantCode: string },
  role: Role,
): Promise<ApiCaller> {
  const { token } = await createApiToken(ctx, { name: `test ${role}`, role });
  return callerWith(app, role, ctx, { authorization: `Bearer ${token}` });
}

/** No credentials at all. */
export function anonymous(app: FastifyInstance, ctx: ServiceContext & { tenantCode: string }): ApiCaller {
  return callerWith(app, 'viewer', ctx, {});
}

export async function newTenantWithCallers(
  app: FastifyInstance,
  database: Database,
  options: { now?: () => Date } = {},
) {
  const ctx = await newTenantContext(database, options);
  const [admin, controller, viewer] = await Promise.all([
    signIn(app, ctx, 'admin'),
    signIn(app, ctx, 'controller'),
    signIn(app, ctx, 'viewer'),
  ]);
  return { ctx, admin, controller, viewer };
}
