import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiToken, createUser, ensureFirstAdmin } from '../../services/auth-service.ts';
import { openTestApi, signIn, TEST_PASSWORD } from '../../../test/support/test-api.ts';
import {
  newTenantContext,
  openTestDatabase,
  type TestDatabase,
} from '../../../test/support/test-database.ts';
import { sql } from 'drizzle-orm';

describe('authentication', () => {
  let database: TestDatabase;
  let app: FastifyInstance;
  beforeAll(async () => {
    database = await openTestDatabase('pglite');
    app = await openTestApi(database);
  }, 60_000);
  afterAll(async () => {
    await app.close();
    await database.close();
  });

  const login = (email: string, password: string, ip = '10.0.0.1') =>
    app.inject({ method: 'POST', url: '/api/auth/login', payload: { email, password }, remoteAddress: ip });

  it('logs in with the right password, sets an HttpOnly SameSite=Lax cookie, and stores only hashes', async () => {
    const ctx = await newTenantContext(database);
    await createUser(ctx, {
      email: 'Anna@Example.test',
      name: 'Anna',
      role: 'controller',
      password: TEST_PASSWORD,
    });
    const response = await login('anna@example.test', TEST_PASSWORD);
    expect(response.statusCode).toBe(200);
    const body = response.json();
    expect(body).toMatchObject({
      user: { email: 'anna@example.test', role: 'controller' },
      role: 'controller',
    });
    expect(body.csrfToken).toMatch(/^[\w-]{20,}$/);
    const cookie = response.cookies.find((c) => c.name === 'mahnwerk_session');
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Lax', path: '/' });
    expect(cookie?.secure).toBeFalsy();
    const stored = await database.db.execute(
      sql`select password_hash from users where email = 'anna@example.test'`,
    );
    expect(JSON.stringify(stored)).toContain('$argon2id$');
    const sessions = await database.db.execute(sql`select token_hash from sessions`);
    expect(JSON.stringify(sessions)).not.toContain(cookie?.value);
  });

  it('marks the cookie Secure behind TLS', async () => {
    const ctx = await newTenantContext(database);
    await createUser(ctx, { email: 'tls@example.test', name: 'T', role: 'viewer', password: TEST_PASSWORD });
    const tlsApp = await (await import('../../server/main.ts')).buildServer(database, { webDist: '/none' });
    // A TLS-terminating proxy says so in x-forwarded-proto.
    const response = await tlsApp.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { email: 'tls@example.test', password: TEST_PASSWORD },
      headers: { 'x-forwarded-proto': 'https' },
    });
    expect(response.cookies.find((c) => c.name === 'mahnwerk_session')?.secure).toBe(true);
    await tlsApp.close();
  });

  it('refuses a wrong password and an unknown e-mail alike', async () => {
    const ctx = await newTenantContext(database);
    await createUser(ctx, {
      email: 'bob@example.test',
      name: 'Bob',
      role: 'viewer',
      password: TEST_PASSWORD,
    });
    const wrong = await login('bob@example.test', 'not the password', '10.0.0.2');
    const unknown = await login('nobody@example.test', 'whatever', '10.0.0.2');
    for (const response of [wrong, unknown]) {
      expect(response.statusCode).toBe(401);
      expect(response.headers['content-type']).toContain('application/problem+json');
      expect(response.json()).toMatchObject({
        code: 'unauthenticated',
        detail: 'e-mail or password is wrong',
      });
    }
  });

  it('rate-limits login attempts per address', async () => {
    const statuses: number[] = [];
    // A different account each time: one account alone is slowed after five failures (see
    // test/security/sessions-and-headers.test.ts).
    for (let i = 0; i < 12; i += 1)
      statuses.push((await login(`x${i}@example.test`, 'guess', '10.9.9.9')).statusCode);
    expect(statuses.slice(0, 10).every((s) => s === 401)).toBe(true);
    expect(statuses.slice(10)).toEqual([429, 429]);
    const limited = await login('x@example.test', 'guess', '10.9.9.9');
    expect(limited.json()).toMatchObject({ code: 'rate-limited' });
    // Another address is not affected.
    expect((await login('x@example.test', 'guess', '10.9.9.8')).statusCode).toBe(401);
  });

  it('knows the caller with the cookie, needs the CSRF token for changes, and forgets the session on logout', async () => {
    const ctx = await newTenantContext(database);
    const viewer = await signIn(app, ctx, 'viewer');
    const me = await viewer.get('/api/auth/me');
    expect(me.statusCode).toBe(200);
    expect(me.json()).toMatchObject({ role: 'viewer', tenant: { code: ctx.tenantCode } });
    const withoutCsrf = await viewer.request({
      method: 'POST',
      url: '/api/auth/logout',
      headers: { 'x-csrf-token': 'wrong' },
    });
    expect(withoutCsrf.statusCode).toBe(403);
    expect(withoutCsrf.json()).toMatchObject({ code: 'csrf' });
    const logout = await viewer.post('/api/auth/logout');
    expect(logout.statusCode).toBe(204);
    expect((await viewer.get('/api/auth/me')).statusCode).toBe(401);
  });

  it('logs out everywhere: every session of the user ends, another user’s stays', async () => {
    const ctx = await newTenantContext(database);
    await createUser(ctx, {
      email: 'multi@example.test',
      name: 'M',
      role: 'controller',
      password: TEST_PASSWORD,
    });
    const sessions = [];
    for (const ip of ['10.3.3.1', '10.3.3.2']) {
      const response = await login('multi@example.test', TEST_PASSWORD, ip);
      const cookie = response.cookies.find((c) => c.name === 'mahnwerk_session')?.value;
      sessions.push({ cookie: `mahnwerk_session=${cookie}`, 'x-csrf-token': response.json().csrfToken });
    }
    const other = await signIn(app, ctx, 'viewer');
    const [first, second] = sessions;
    const done = await app.inject({ method: 'POST', url: '/api/auth/logout-everywhere', headers: first });
    expect(done.statusCode).toBe(204);
    expect((await app.inject({ method: 'GET', url: '/api/auth/me', headers: second })).statusCode).toBe(401);
    expect((await app.inject({ method: 'GET', url: '/api/auth/me', headers: first })).statusCode).toBe(401);
    expect((await other.get('/api/auth/me')).statusCode).toBe(200);
  });

  it('accepts API tokens (shown once, stored hashed) without CSRF, and refuses revoked or unknown ones', async () => {
    const ctx = await newTenantContext(database);
    const { token, id } = await createApiToken(ctx, { name: 'ERP', role: 'controller' });
    expect(token).toMatch(/^mw_/);
    const me = await app.inject({
      method: 'GET',
      url: '/api/auth/me',
      headers: { authorization: `Bearer ${token}` },
    });
    expect(me.json()).toMatchObject({ role: 'controller', user: null, csrfToken: null });
    const stored = await database.db.execute(sql`select token_hash from api_tokens where id = ${id}`);
    expect(JSON.stringify(stored)).not.toContain(token);
    await database.db.execute(sql`update api_tokens set revoked_at = now() where id = ${id}`);
    const revoked = await app.inject({
      method: 'GET',
      url: '/api/auth/me',
      headers: { authorization: `Bearer ${token}` },
    });
    expect(revoked.statusCode).toBe(401);
    const unknown = await app.inject({
      method: 'GET',
      url: '/api/auth/me',
      headers: { authorization: 'Bearer mw_nothing' },
    });
    expect(unknown.statusCode).toBe(401);
  });

  it('changes the password, ends the sessions, and refuses a short one', async () => {
    const ctx = await newTenantContext(database);
    const user = await signIn(app, ctx, 'controller');
    const me = (await user.get('/api/auth/me')).json();
    const short = await user.post('/api/auth/password', {
      currentPassword: TEST_PASSWORD,
      newPassword: 'short',
    });
    expect(short.statusCode).toBe(400);
    expect(short.json().errors[0]).toMatchObject({ path: 'password' });
    const changed = await user.post('/api/auth/password', {
      currentPassword: TEST_PASSWORD,
      newPassword: 'a much longer new password',
    });
    expect(changed.statusCode).toBe(204);
    expect((await user.get('/api/auth/me')).statusCode).toBe(401);
    expect((await login(me.user.email, 'a much longer new password', '10.1.1.1')).statusCode).toBe(200);
  });

  it('creates the first admin once, with the given or a generated password', async () => {
    const ctx = await newTenantContext(database);
    const first = await ensureFirstAdmin(ctx, { email: `admin-${ctx.tenantCode}@example.test` });
    expect(first).toMatchObject({ generated: true });
    expect(first?.password.length).toBeGreaterThanOrEqual(12);
    expect(await ensureFirstAdmin(ctx, {})).toBeNull();
    const response = await login(first?.email ?? '', first?.password ?? '', '10.2.2.2');
    expect(response.json()).toMatchObject({ role: 'admin' });
  });
});
