import { afterAll, describe, expect, it } from 'vitest';
import { buildServer } from './main.ts';

describe('server', () => {
  const app = buildServer();
  afterAll(() => app.close());

  it('answers the health check', async () => {
    const response = await app.inject({ method: 'GET', url: '/health' });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ status: 'ok', service: 'mahnwerk' });
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
    expect(response.json()).toMatchObject({ code: 'invalid-amount', field: 'principal' });
  });
});
