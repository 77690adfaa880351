import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openApiWith } from '../../../test/support/api-with-routes.ts';
import { newTenantWithCallers } from '../../../test/support/test-api.ts';
import { openTestDatabase, type TestDatabase } from '../../../test/support/test-database.ts';
import { gdprRoutes } from './gdpr-routes.ts';

const now = () => new Date('2026-03-16T09:00:00Z');

describe('GDPR routes', () => {
  let database: TestDatabase;
  let app: FastifyInstance;
  let company: Awaited<ReturnType<typeof newTenantWithCallers>>;
  let other: Awaited<ReturnType<typeof newTenantWithCallers>>;
  let customerId: number;

  beforeAll(async () => {
    database = await openTestDatabase('pglite');
    app = await openApiWith(database, now, [gdprRoutes]);
    company = await newTenantWithCallers(app, database, { now });
    other = await newTenantWithCallers(app, database, { now });
    const created = await company.controller.post('/api/customers', {
      number: 'K-7',
      name: 'Erika Mustermann',
      debtorKind: 'consumer',
      email: 'erika@example.test',
    });
    customerId = created.json().id;
    const invoice = await company.controller.post('/api/invoices', {
      customerNumber: 'K-7',
      issuedOn: '2025-02-03',
      lines: [{ description: 'Wartung', unitPrice: '100.00' }],
    });
    expect(invoice.statusCode).toBe(201);
  }, 60_000);
  afterAll(async () => {
    await app?.close();
    await database?.close();
  });

  it('shows the retention periods with their end, for admins only', async () => {
    const response = await company.admin.get(`/api/customers/${customerId}/gdpr/retention?asOf=2026-03-16`);
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({
      customer: { number: 'K-7' },
      keptUntil: '2033-12-31',
      openMatters: ['1 open invoice(s)'],
    });
    expect(response.json().classes[0]).toMatchObject({ key: 'booking-records', keptUntil: '2033-12-31' });
    expect((await company.controller.get(`/api/customers/${customerId}/gdpr/retention`)).statusCode).toBe(
      403,
    );
  });

  it('exports the customer’s data as a JSON download', async () => {
    const response = await company.admin.post(`/api/customers/${customerId}/gdpr/export`, {});
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-disposition']).toBe(
      'attachment; filename="kunde-K-7-daten-2026-03-16.json"',
    );
    expect(response.headers['cache-control']).toBe('no-store');
    const body = response.json();
    expect(body).toMatchObject({
      format: 'mahnwerk-gdpr-export',
      data: { customer: { email: 'erika@example.test' } },
    });
    expect(body.data.invoices).toHaveLength(1);
  });

  it('refuses erasure with the reason while the invoice is open', async () => {
    const response = await company.admin.post(`/api/customers/${customerId}/gdpr/erase`, {});
    expect(response.statusCode).toBe(409);
    expect(response.json().detail).toContain('1 open invoice(s)');
  });

  it('answers 404 to another company', async () => {
    expect((await other.admin.get(`/api/customers/${customerId}/gdpr/retention`)).statusCode).toBe(404);
    expect((await other.admin.post(`/api/customers/${customerId}/gdpr/export`, {})).statusCode).toBe(404);
    expect((await other.admin.post(`/api/customers/${customerId}/gdpr/erase`, {})).statusCode).toBe(404);
  });
});
