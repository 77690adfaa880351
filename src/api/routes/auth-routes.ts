/**
 * @module auth-routes
 * Login, logout and "who am I" for the browser; the session cookie is HttpOnly, SameSite=Lax,
 * and Secure when the request came over TLS (directly or through a proxy that says so). A login
 * always issues a new session token and ends the one the browser brought along.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import {
  changePassword,
  login,
  logout,
  logoutEverywhere,
  type Caller,
  SESSION_IDLE_MS,
} from '../../services/auth-service.ts';
import { callerOf, SESSION_COOKIE } from '../access.ts';
import type { ApiApp, ApiDeps } from '../api-deps.ts';
import { serviceContext } from '../api-deps.ts';

export const sessionSchema = z.object({
  user: z
    .object({
      id: z.number(),
      email: z.string(),
      name: z.string(),
      role: z.enum(['admin', 'controller', 'viewer']),
      language: z.enum(['de', 'en']),
    })
    .nullable(),
  role: z.enum(['admin', 'controller', 'viewer']),
  tenant: z.object({ code: z.string(), name: z.string() }),
  csrfToken: z.string().nullable(),
});

function sessionOf(caller: Caller): z.infer<typeof sessionSchema> {
  return { user: caller.user, role: caller.role, tenant: caller.tenant, csrfToken: caller.csrfToken };
}

function overTls(request: FastifyRequest): boolean {
  return request.protocol === 'https' || request.headers['x-forwarded-proto'] === 'https';
}

function setSessionCookie(request: FastifyRequest, reply: FastifyReply, token: string, maxAgeMs: number) {
  reply.setCookie(SESSION_COOKIE, token, {
    path: '/',
    httpOnly: true,
    sameSite: 'lax',
    secure: overTls(request),
    maxAge: Math.floor(maxAgeMs / 1000),
  });
}

export function authRoutes(app: ApiApp, deps: ApiDeps): void {
  app.post(
    '/api/auth/login',
    {
      config: {
        access: 'public',
        rateLimit: { max: 10, timeWindow: '15 minutes', keyGenerator: (r) => r.ip },
      },
      schema: {
        tags: ['auth'],
        summary: 'Log in with e-mail and password; sets the session cookie',
        security: [],
        body: z.object({ email: z.string().min(1).max(320), password: z.string().min(1).max(1000) }),
        response: { 200: sessionSchema },
      },
    },
    async (request, reply) => {
      const { sessionToken, caller } = await login(deps.database.db, request.body, deps.now());
      // Rotation: the session the browser had before (if any) ends; only the new token is valid.
      const previous = request.cookies[SESSION_COOKIE];
      if (previous) await logout(deps.database.db, previous);
      setSessionCookie(request, reply, sessionToken, SESSION_IDLE_MS);
      return sessionOf(caller);
    },
  );

  app.post(
    '/api/auth/logout',
    {
      config: { access: 'viewer' },
      schema: { tags: ['auth'], summary: 'End this session' },
    },
    async (request, reply) => {
      const token = request.cookies[SESSION_COOKIE];
      if (token) await logout(deps.database.db, token);
      reply.clearCookie(SESSION_COOKIE, { path: '/' });
      return reply.code(204).send();
    },
  );

  app.post(
    '/api/auth/logout-everywhere',
    {
      config: { access: 'viewer' },
      schema: {
        tags: ['auth'],
        summary: 'End every session of yours, in every browser (e.g. after a lost laptop)',
      },
    },
    async (request, reply) => {
      const caller = callerOf(request);
      if (caller.user) await logoutEverywhere(serviceContext(request, deps), caller.user.id);
      reply.clearCookie(SESSION_COOKIE, { path: '/' });
      return reply.code(204).send();
    },
  );

  app.get(
    '/api/auth/me',
    {
      schema: {
        tags: ['auth'],
        summary: 'The caller: user, role, company and CSRF token',
        response: { 200: sessionSchema },
      },
    },
    async (request) => sessionOf(callerOf(request)),
  );

  app.post(
    '/api/auth/password',
    {
      config: { access: 'viewer' },
      schema: {
        tags: ['auth'],
        summary: 'Change your own password; ends your other sessions',
        body: z.object({ currentPassword: z.string().min(1).max(1000), newPassword: z.string().max(1000) }),
      },
    },
    async (request, reply) => {
      const caller = callerOf(request);
      if (!caller.user) return reply.code(204).send();
      await changePassword(serviceContext(request, deps), caller.user.id, request.body);
      reply.clearCookie(SESSION_COOKIE, { path: '/' });
      return reply.code(204).send();
    },
  );
}
