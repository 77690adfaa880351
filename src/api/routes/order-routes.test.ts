import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ublInvoice } from '../../../test/support/einvoice-samples.ts';
import { type ApiCaller, newTenantWithCallers, openTestApi } from '../../../test/support/test-api.ts';
import { openTestDatabase, type TestDatabase } from '../../../test/support/test-database.ts';

describe('orders and incoming e-invoices over HTTP', () => {
  let database: TestDatabase;
  let app: FastifyInstance;
  let controller: ApiCaller;
  let viewer: ApiCaller;
  let stranger: ApiCaller;
  beforeAll(async () => {
    database = await openTestDatabase('pglite');
    app = await openTestApi(database);
    ({ controller, viewer } = await newTenantWithCallers(app, database));
    ({ controller: stranger } = await newTenantWithCallers(app, database));
  }, 60_000);
  afterAll(async () => {
    await app.close();
    await database.close();
  });

  it('captures an order, invoices it once with its terms, and keeps it from other companies', async () => {
    const customer = (
      await controller.post('/api/customers', {
        name: 'Bau GmbH',
        debtorKind: 'business',
        paymentTerms: { kind: 'net', days: 30 },
      })
    ).json();
    const order = await controller.post('/api/orders', {
      customerNumber: customer.number,
      orderedOn: '2026-10-01',
      lines: [{ description: 'Gerüst', quantity: '2', unitPrice: '500.00', vatRatePercent: '19' }],
    });
    expect(order.statusCode).toBe(201);
    const { id } = order.json();
    expect(order.json()).toMatchObject({ status: 'confirmed', paymentTerms: { kind: 'net', days: 30 } });
    const detail = (await viewer.get(`/api/orders/${id}`)).json();
    expect(detail.lines).toMatchObject([{ description: 'Gerüst', netCents: 100000, grossCents: 119000 }]);
    const invoiced = await controller.post(`/api/orders/${id}/invoice`, { issuedOn: '2026-10-05' });
    expect(invoiced.statusCode).toBe(201);
    expect(invoiced.json()).toMatchObject({ grossCents: 119000, dueDate: '2026-11-04' });
    expect((await controller.post(`/api/orders/${id}/invoice`, { issuedOn: '2026-10-05' })).statusCode).toBe(
      409,
    );
    expect(
      (await controller.post(`/api/orders/${id}/invoice`, { issuedOn: 'soon' })).json().errors[0].path,
    ).toBe('issuedOn');
    expect((await viewer.get('/api/orders')).json().items.map((o: { id: number }) => o.id)).toContain(id);
    expect((await stranger.get(`/api/orders/${id}`)).statusCode).toBe(404);
    expect((await stranger.post(`/api/orders/${id}/invoice`, { issuedOn: '2026-10-05' })).statusCode).toBe(
      404,
    );
    expect((await viewer.post('/api/orders', {})).statusCode).toBe(403);
  });

  it('warns when an order takes the customer above the credit limit', async () => {
    const customer = (
      await controller.post('/api/customers', {
        name: 'Limit KG',
        debtorKind: 'business',
        creditLimitCents: 100_000,
      })
    ).json();
    const order = (amount: string) =>
      controller.post('/api/orders', {
        customerNumber: customer.number,
        orderedOn: '2026-10-01',
        lines: [{ description: 'Gerüst', unitPrice: amount, vatRatePercent: '19' }],
      });
    const within = await order('500.00');
    expect(within.statusCode, within.body).toBe(201);
    expect(within.json().creditLimitWarning).toBeNull();
    const above = await order('500.00');
    expect(above.statusCode).toBe(201);
    expect(above.json().creditLimitWarning).toMatchObject({
      limitCents: 100_000,
      exposureAfterCents: 119_000,
    });
  });

  it('imports an XRechnung sent as application/xml once, and refuses a broken one with its reason', async () => {
    const xml = ublInvoice({ number: 'EXT-4711' });
    const send = (body: string, caller = controller) =>
      caller.request({
        method: 'POST',
        url: '/api/einvoices',
        payload: body,
        headers: { 'content-type': 'application/xml', 'x-filename': '../../etc/passwd.xml' },
      });
    const first = await send(xml);
    expect(first.statusCode).toBe(201);
    expect(first.json()).toMatchObject({
      number: 'EXT-4711',
      outcome: 'created',
      customerCreated: true,
      fileName: '.._.._etc_passwd.xml',
    });
    const again = await send(xml);
    expect(again.statusCode).toBe(200);
    expect(again.json()).toMatchObject({ outcome: 'already-imported' });
    const broken = await send('<Invoice>');
    expect(broken.statusCode).toBeGreaterThanOrEqual(400);
    expect(broken.statusCode).toBeLessThan(500);
    expect(broken.headers['content-type']).toContain('application/problem+json');
    const listed = (await viewer.get('/api/invoices?q=EXT-4711')).json().items;
    expect(listed).toHaveLength(1);
    expect((await send(xml, viewer)).statusCode).toBe(403);
  });
});
