/**
 * @module access
 * Who may call a route. Each route names the least role it needs in `config.access`
 * (default: viewer for reads, controller for changes; `public` needs no login). The caller comes
 * from the session cookie or an `Authorization: Bearer mw_…` token; a browser session must send
 * its CSRF token in `x-csrf-token` with every change.
 */
import { timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Database } from '../db/database.ts';
import {
  authenticateApiToken,
  authenticateSession,
  type Caller,
  type Role,
} from '../services/auth-service.ts';
import { sendProblem } from './problem.ts';

export type Access = 'public' | Role;

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: Access;
  }
  interface FastifyRequest {
    caller: Caller | null;
  }
  interface FastifyInstance {
    /** The least role of every API route, by `METHOD /path` (for the docs and the access tests). */
    routeAccess: Map<string, Access>;
  }
}

export const SESSION_COOKIE = 'mahnwerk_session';
const RANK: Record<Role, number> = { viewer: 0, controller: 1, admin: 2 };
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

function accessOfRoute(method: string, config: { access?: Access } | undefined): Access {
  return config?.access ?? (SAFE_METHODS.has(method) ? 'viewer' : 'controller');
}

export function registerAccess(app: FastifyInstance, database: Database, now: () => Date): void {
  app.decorateRequest('caller', null);
  app.decorate('routeAccess', new Map<string, Access>());
  app.addHook('onRoute', (route) => {
    if (!route.url.startsWith('/api/') || route.url.startsWith('/api/docs')) return;
    for (const method of [route.method].flat()) {
      if (method === 'HEAD') continue;
      const access = accessOfRoute(method, route.config as { access?: Access } | undefined);
      app.routeAccess.set(`${method} ${route.url}`, access);
      if (route.schema && access !== 'public') {
        const note = `Needs the role ${access} or higher.`;
        route.schema.description = route.schema.description ? `${route.schema.description}\n\n${note}` : note;
      }
    }
  });
  // onRequest: before the body is parsed and validated, so a stranger learns nothing from validation errors.
  app.addHook('onRequest', async (request: FastifyRequest, reply: FastifyReply) => {
    const route = request.routeOptions.url;
    // Unknown routes get their 404 from the not-found handler; the docs page is public.
    if (route === undefined || !route.startsWith('/api/') || route.startsWith('/api/docs')) return;
    const access = accessOfRoute(request.method, request.routeOptions.config);
    if (access === 'public') return;
    const authorization = request.headers.authorization;
    const sessionToken = request.cookies[SESSION_COOKIE];
    let caller: Caller | null = null;
    if (authorization?.startsWith('Bearer ')) {
      caller = await authenticateApiToken(database.db, authorization.slice(7).trim(), now());
    } else if (sessionToken) {
      caller = await authenticateSession(database.db, sessionToken, now());
      if (caller && !SAFE_METHODS.has(request.method)) {
        const sent = request.headers['x-csrf-token'];
        if (typeof sent !== 'string' || !sameSecret(sent, caller.csrfToken ?? '')) {
          return sendProblem(reply, 403, 'csrf', 'x-csrf-token header missing or wrong; reload the page');
        }
      }
    }
    if (!caller) return sendProblem(reply, 401, 'unauthenticated', 'log in or send a valid API token');
    if (RANK[caller.role] < RANK[access]) {
      return sendProblem(reply, 403, 'forbidden', `this needs the role ${access}; you are ${caller.role}`);
    }
    request.caller = caller;
  });
}

/** The caller of a route that is not public (the access hook has made sure there is one). */
export function callerOf(request: FastifyRequest): Caller {
  if (!request.caller) throw new Error(`route ${request.routeOptions.url} has no caller: is it public?`);
  return request.caller;
}
