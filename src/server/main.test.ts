import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestApi } from '../../test/support/test-api.ts';
import { openTestDatabase, type TestDatabase } from '../../test/support/test-database.ts';

describe('server', () => {
  let database: TestDatabase;
  let app: FastifyInstance;
  beforeAll(async () => {
    database = await openTestDatabase('pglite');
    app = await openTestApi(database);
  });
  afterAll(async () => {
    await app.close();
    await database.close();
  });

  it('answers the health check', async () => {
    const response = await app.inject({ method: 'GET', url: '/health' });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({ status: 'ok', service: 'mahnwerk' });
  });

  it('computes default interest with the same JSON as the CLI', async () => {
    const response = await app.inject({
      method: 'GET',
      url: '/api/interest?principal=1000.00&from=2024-01-16&to=2024-07-16&debtor=business',
    });
    expect(response.statusCode).toBe(200);
    // 100000 × 12.62 % × 167/365 = 5774.08 → 5774; 100000 × 12.37 % × 15/365 = 508.36 → 508
    expect(response.json()).toMatchObject({
      principalCents: 100000,
      interestCents: 6282,
      flatFeeCents: 4000,
    });
  });

  it('answers bad input with problem+json naming the field', async () => {
    const response = await app.inject({
      method: 'GET',
      url: '/api/interest?principal=abc&from=2024-01-16&to=2024-07-16&debtor=business',
    });
    expect(response.statusCode).toBe(400);
    expect(response.headers['content-type']).toContain('application/problem+json');
    expect(response.json()).toMatchObject({ code: 'invalid-amount', errors: [{ path: 'principal' }] });
  });

  it('answers an unknown route and a missing query field as problems, never with a stack trace', async () => {
    const unknown = await app.inject({ method: 'GET', url: '/api/nothing-here' });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json()).toMatchObject({ code: 'not-found', status: 404 });
    const missing = await app.inject({ method: 'GET', url: '/api/interest?principal=1' });
    expect(missing.statusCode).toBe(400);
    expect(missing.json()).toMatchObject({ code: 'validation' });
    expect(missing.json().errors[0].path).toMatch(/^querystring\./);
    expect(missing.body).not.toMatch(/at .*\.ts:\d+/);
  });

  it('serves the OpenAPI 3.1 document and the docs page', async () => {
    const doc = await app.inject({ method: 'GET', url: '/api/openapi.json' });
    expect(doc.statusCode).toBe(200);
    expect(doc.json()).toMatchObject({ openapi: '3.1.0', info: { title: 'Mahnwerk API' } });
    expect(Object.keys(doc.json().paths)).toContain('/api/auth/login');
    const page = await app.inject({ method: 'GET', url: '/api/docs/' });
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toContain('text/html');
  });

  it('sets security headers', async () => {
    const response = await app.inject({ method: 'GET', url: '/health' });
    expect(response.headers['x-content-type-options']).toBe('nosniff');
    expect(response.headers['content-security-policy']).toContain("default-src 'self'");
    expect(response.headers['x-frame-options']).toBe('SAMEORIGIN');
  });
});
