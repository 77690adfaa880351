/**
 * Sessions, credentials at rest, logs, security headers, CSRF and the login rate limit — each
 * checked over HTTP as a browser or a machine would meet them. The clock is injected, so expiry is
 * tested by moving it, not by waiting.
 */
import { Writable } from 'node:stream';
import { sql } from 'drizzle-orm';
import Fastify, { type FastifyInstance, type LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { LOG_REDACT_PATHS, registerApi } from '../../src/api/app.ts';
import { queryRows } from '../../src/db/database.ts';
import { buildServer } from '../../src/server/main.ts';
import {
  createApiToken,
  createUser,
  SESSION_ABSOLUTE_MS,
  SESSION_IDLE_MS,
} from '../../src/services/auth-service.ts';
import { openTestApi, TEST_PASSWORD } from '../support/test-api.ts';
import { newTenantContext, openTestDatabase, type TestDatabase } from '../support/test-database.ts';

const START = new Date('2026-03-16T08:00:00Z');
const HOUR = 60 * 60 * 1000;

describe('sessions, credentials, logs, headers, CSRF', () => {
  let database: TestDatabase;
  let app: FastifyInstance;
  let clock = START;
  let ipCounter = 0;

  beforeAll(async () => {
    database = await openTestDatabase('pglite');
    app = await openTestApi(database, { now: () => clock });
  }, 60_000);
  afterAll(async () => {
    await app?.close();
    await database?.close();
  });

  /** A user of a new company; each test logs in from its own address, clear of the rate limit. */
  async function newUser(role: 'admin' | 'controller' | 'viewer' = 'controller') {
    const ctx = await newTenantContext(database, { now: () => clock });
    const email = `${role}-${ctx.tenantCode}@example.test`;
    await createUser(ctx, { email, name: 'Nutzer', role, password: TEST_PASSWORD });
    ipCounter += 1;
    return { ctx, email, ip: `10.20.0.${ipCounter}` };
  }

  const login = (
    user: { email: string; ip: string },
    password = TEST_PASSWORD,
    cookie?: string,
  ): Promise<LightMyRequestResponse> =>
    app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { email: user.email, password },
      remoteAddress: user.ip,
      ...(cookie ? { headers: { cookie: `mahnwerk_session=${cookie}` } } : {}),
    });

  const sessionOf = (response: LightMyRequestResponse) => {
    const cookie = response.cookies.find((c) => c.name === 'mahnwerk_session')?.value;
    if (!cookie) throw new Error(`no session cookie: ${response.body}`);
    return { cookie, csrf: response.json().csrfToken as string };
  };

  const me = (cookie: string) =>
    app.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie: `mahnwerk_session=${cookie}` } });

  const change = (session: { cookie: string; csrf?: string }, url = '/api/auth/logout-everywhere') =>
    app.inject({
      method: 'POST',
      url,
      headers: {
        cookie: `mahnwerk_session=${session.cookie}`,
        ...(session.csrf === undefined ? {} : { 'x-csrf-token': session.csrf }),
      },
    });

  describe('session tokens', () => {
    it('never accepts a cookie value chosen before login, and issues a new token at every login', async () => {
      clock = START;
      const user = await newUser();
      const planted = 'attacker-chosen-session-value-0123456789';
      expect((await me(planted)).statusCode).toBe(401);
      const first = sessionOf(await login(user, TEST_PASSWORD, planted));
      expect(first.cookie).not.toBe(planted);
      expect((await me(planted)).statusCode).toBe(401);
      expect((await me(first.cookie)).statusCode).toBe(200);
      // Logging in again from the same browser rotates: the old token ends, the new one differs.
      const second = sessionOf(await login(user, TEST_PASSWORD, first.cookie));
      expect(second.cookie).not.toBe(first.cookie);
      expect(second.csrf).not.toBe(first.csrf);
      expect((await me(first.cookie)).statusCode).toBe(401);
      expect((await me(second.cookie)).statusCode).toBe(200);
    });

    it('ends a session after the idle time, and extends it while it is used', async () => {
      clock = START;
      const user = await newUser();
      const idle = sessionOf(await login(user));
      const busy = sessionOf(await login(user));
      clock = new Date(START.getTime() + SESSION_IDLE_MS - HOUR);
      expect((await me(busy.cookie)).statusCode).toBe(200); // used: extended
      clock = new Date(START.getTime() + SESSION_IDLE_MS + 1000);
      expect((await me(idle.cookie)).statusCode).toBe(401);
      expect((await me(busy.cookie)).statusCode).toBe(200);
    });

    it('ends every session at its absolute lifetime, however busy', async () => {
      clock = START;
      const user = await newUser();
      const session = sessionOf(await login(user));
      for (let t = 0; t < SESSION_ABSOLUTE_MS; t += 6 * HOUR) {
        clock = new Date(START.getTime() + t);
        expect((await me(session.cookie)).statusCode, `after ${t / HOUR} h`).toBe(200);
      }
      clock = new Date(START.getTime() + SESSION_ABSOLUTE_MS);
      expect((await me(session.cookie)).statusCode).toBe(401);
      clock = START;
    });

    it('logs out one session, or all of the user’s sessions everywhere', async () => {
      clock = START;
      const user = await newUser();
      const [a, b, c] = [
        sessionOf(await login(user)),
        sessionOf(await login(user)),
        sessionOf(await login(user)),
      ];
      expect((await change(a as never, '/api/auth/logout')).statusCode).toBe(204);
      expect((await me(a?.cookie ?? '')).statusCode).toBe(401);
      expect((await me(b?.cookie ?? '')).statusCode).toBe(200);
      expect((await change(b as never)).statusCode).toBe(204);
      expect((await me(b?.cookie ?? '')).statusCode).toBe(401);
      expect((await me(c?.cookie ?? '')).statusCode).toBe(401);
      const [row] = await queryRows<{ n: number }>(
        database.db,
        sql`select count(*)::int as n from sessions s join users u on u.tenant_id = s.tenant_id and u.id = s.user_id
             where u.email = ${user.email}`,
      );
      expect(row?.n).toBe(0);
    });
  });

  describe('credentials at rest and in logs', () => {
    it('stores passwords as argon2id, and sessions and API tokens only as hashes', async () => {
      const user = await newUser('admin');
      const session = sessionOf(await login(user));
      const { token } = await createApiToken(user.ctx, { name: 'ERP', role: 'viewer' });
      const [stored] = await queryRows<{ password_hash: string }>(
        database.db,
        sql`select password_hash from users where email = ${user.email}`,
      );
      expect(stored?.password_hash).toMatch(/^\$argon2id\$v=19\$m=\d+,t=\d+,p=\d+\$/);
      const dump = JSON.stringify(
        await queryRows(
          database.db,
          sql`select (select json_agg(s) from sessions s where s.tenant_id = ${user.ctx.tenantId}) as sessions,
                     (select json_agg(t) from api_tokens t where t.tenant_id = ${user.ctx.tenantId}) as tokens,
                     (select json_agg(u) from users u where u.tenant_id = ${user.ctx.tenantId}) as users,
                     (select json_agg(e) from events e where e.tenant_id = ${user.ctx.tenantId}) as events`,
        ),
      );
      expect(dump).toContain('token_hash');
      for (const secret of [session.cookie, token, TEST_PASSWORD, token.slice(10)]) {
        expect(dump).not.toContain(secret);
      }
    });

    it('writes no password, cookie, CSRF token or API token to the request log, even at trace level', async () => {
      let logged = '';
      const stream = new Writable({
        write(chunk: Buffer, _encoding, done) {
          logged += chunk.toString();
          done();
        },
      });
      // The worst case: a logger that serializes every header, and a hook that logs every body.
      const logging = Fastify({
        logger: {
          level: 'trace',
          stream,
          redact: LOG_REDACT_PATHS,
          serializers: {
            req: (request) => ({ method: request.method, url: request.url, headers: request.headers }),
          },
        },
      });
      await registerApi(logging, { database, now: () => clock });
      logging.addHook('preHandler', async (request) => {
        request.log.debug({ body: request.body, headers: request.headers }, 'request body');
      });
      await logging.ready();
      const user = await newUser('admin');
      const response = await logging.inject({
        method: 'POST',
        url: '/api/auth/login',
        payload: { email: user.email, password: TEST_PASSWORD },
        remoteAddress: user.ip,
      });
      const session = sessionOf(response);
      const headers = { cookie: `mahnwerk_session=${session.cookie}`, 'x-csrf-token': session.csrf };
      const created = await logging.inject({
        method: 'POST',
        url: '/api/tokens',
        headers,
        payload: { name: 'ERP', role: 'viewer' },
      });
      const { token } = created.json() as { token: string };
      await logging.inject({
        method: 'GET',
        url: '/api/auth/me',
        headers: { authorization: `Bearer ${token}` },
      });
      const newPassword = 'ein ganz anderes neues Passwort';
      const changed = await logging.inject({
        method: 'POST',
        url: '/api/auth/password',
        headers,
        payload: { currentPassword: TEST_PASSWORD, newPassword },
      });
      expect(changed.statusCode).toBe(204);
      await logging.close();
      expect(logged).toContain('/api/auth/password'); // the log did record the requests
      expect(logged).toContain('[Redacted]');
      for (const secret of [TEST_PASSWORD, newPassword, session.cookie, session.csrf, token]) {
        expect(logged).not.toContain(secret);
      }
    });
  });

  describe('headers and CSRF', () => {
    it('sends a content security policy and the other security headers', async () => {
      const response = await app.inject({ method: 'GET', url: '/api/openapi.json' });
      const csp = String(response.headers['content-security-policy']);
      expect(csp).toContain("default-src 'self'");
      expect(csp).toContain("script-src 'self'");
      expect(csp).toContain("object-src 'none'");
      expect(csp).toContain("frame-ancestors 'self'");
      expect(response.headers).toMatchObject({
        'x-content-type-options': 'nosniff',
        'x-frame-options': 'SAMEORIGIN',
        'referrer-policy': 'no-referrer',
        'cross-origin-opener-policy': 'same-origin',
      });
      // Plain HTTP (an office network): no HSTS pin.
      expect(response.headers['strict-transport-security']).toBeUndefined();
    });

    it('sends HSTS when the request came over TLS through a trusted proxy', async () => {
      vi.stubEnv('MAHNWERK_TRUST_PROXY', '1');
      const proxied = await buildServer(database, { webDist: '/nonexistent', now: () => clock });
      vi.unstubAllEnvs();
      const overTls = await proxied.inject({
        method: 'GET',
        url: '/api/openapi.json',
        headers: { 'x-forwarded-proto': 'https' },
      });
      expect(overTls.headers['strict-transport-security']).toBe('max-age=31536000');
      const plain = await proxied.inject({ method: 'GET', url: '/api/openapi.json' });
      expect(plain.headers['strict-transport-security']).toBeUndefined();
      await proxied.close();
      // Without a trusted proxy, anyone could send x-forwarded-proto: it is ignored.
      const direct = await app.inject({
        method: 'GET',
        url: '/api/openapi.json',
        headers: { 'x-forwarded-proto': 'https' },
      });
      expect(direct.headers['strict-transport-security']).toBeUndefined();
    });

    it('refuses a change by session without the CSRF token or with a wrong one, and needs none with a bearer token', async () => {
      clock = START;
      const user = await newUser('admin');
      const session = sessionOf(await login(user));
      const body = { name: 'Frau Muster GmbH', number: 'K-CSRF', debtorKind: 'business' };
      const post = (headers: Record<string, string>) =>
        app.inject({ method: 'POST', url: '/api/customers', headers, payload: body });
      const cookie = `mahnwerk_session=${session.cookie}`;
      for (const headers of [
        { cookie },
        { cookie, 'x-csrf-token': 'wrong' },
        { cookie, 'x-csrf-token': '' },
      ]) {
        const response = await post(headers);
        expect(response.statusCode).toBe(403);
        expect(response.json()).toMatchObject({ code: 'csrf' });
      }
      // Another session's token does not fit this session.
      const other = sessionOf(await login(user));
      expect((await post({ cookie, 'x-csrf-token': other.csrf })).statusCode).toBe(403);
      expect((await post({ cookie, 'x-csrf-token': session.csrf })).statusCode).toBe(201);
      const { token } = await createApiToken(user.ctx, { name: 'ERP', role: 'controller' });
      const byToken = await app.inject({
        method: 'POST',
        url: '/api/customers',
        headers: { authorization: `Bearer ${token}` },
        payload: { ...body, number: 'K-CSRF-2' },
      });
      expect(byToken.statusCode).toBe(201);
    });

    it('takes a login only as JSON, so a cross-site form cannot log a browser in', async () => {
      const user = await newUser();
      const response = await app.inject({
        method: 'POST',
        url: '/api/auth/login',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        payload: `email=${encodeURIComponent(user.email)}&password=${encodeURIComponent(TEST_PASSWORD)}`,
        remoteAddress: user.ip,
      });
      expect(response.statusCode).toBe(415);
      expect(response.cookies).toEqual([]);
    });
  });

  it('limits login attempts per address: the 11th within 15 minutes is refused with 429', async () => {
    const user = await newUser();
    const statuses: number[] = [];
    // Ten different accounts guessed from one address (one account would be slowed on its own first).
    for (let i = 0; i < 10; i += 1)
      statuses.push(
        (await login({ ...user, email: `guess-${i}-${user.email}` }, 'wrong password')).statusCode,
      );
    statuses.push((await login(user, 'wrong password')).statusCode);
    expect(statuses).toEqual([...Array(10).fill(401), 429]);
    // Refused even with the right password while the limit lasts.
    expect((await login(user)).statusCode).toBe(429);
  });

  it('slows guessing one account from many addresses: after 5 failures in a row 1, 2, 4 … s between attempts', async () => {
    const user = await newUser('admin');
    const started = clock;
    let address = 0;
    const attempt = (password?: string) => {
      address += 1;
      return login({ email: user.email.toUpperCase(), ip: `10.40.${ipCounter}.${address}` }, password);
    };
    const wait = (ms: number) => (clock = new Date(clock.getTime() + ms));
    try {
      for (let i = 0; i < 5; i += 1) expect((await attempt('wrong password')).statusCode).toBe(401);
      // Even the right password waits: the wait is not a hint that the password was right.
      const refused = await attempt();
      expect(refused.statusCode).toBe(429);
      expect(refused.json()).toMatchObject({
        code: 'rate-limited',
        detail: 'too many failed logins for this e-mail address: try again in 1 s',
      });
      wait(1000);
      expect((await attempt('wrong password')).statusCode).toBe(401); // the 6th failure: 2 s now
      wait(1000);
      expect((await attempt()).json()).toMatchObject({ detail: expect.stringMatching(/try again in 1 s/) });
      wait(1000);
      const in_ = await attempt();
      expect(in_.statusCode).toBe(200);
      // A successful login starts the count again.
      expect((await attempt('wrong password')).statusCode).toBe(401);
      // The company's audit log shows each failed attempt.
      const failed = await queryRows<{ n: number }>(
        database.db,
        sql`select count(*)::int as n from events where tenant_id = ${user.ctx.tenantId} and type = 'user.login-failed'`,
      );
      expect(failed[0]?.n).toBe(7);
    } finally {
      clock = started;
    }
  });
});
