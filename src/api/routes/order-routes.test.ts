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
  let admin: ApiCaller;
  let stranger: ApiCaller;
  beforeAll(async () => {
    database = await openTestDatabase('pglite');
    app = await openTestApi(database, { now: () => new Date('2026-10-05T09:00:00Z') });
    ({ controller, viewer, admin } = await newTenantWithCallers(app, database));
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

  it('takes an order through its lifecycle: confirm, start, move the date, deliver in part and in full', async () => {
    const customer = (
      await controller.post('/api/customers', {
        name: 'Lebenszyklus GmbH',
        debtorKind: 'business',
        email: 'einkauf@lebenszyklus.example',
        paymentTerms: { kind: 'net', days: 14 },
      })
    ).json();
    const created = await controller.post('/api/orders', {
      customerNumber: customer.number,
      orderedOn: '2026-10-01',
      deliveryDate: '2026-10-04',
      status: 'received',
      lines: [{ description: 'Stuhl', quantity: '4', unitPrice: '100.00', vatRatePercent: '19' }],
    });
    expect(created.statusCode, created.body).toBe(201);
    const { id } = created.json();
    expect(created.json()).toMatchObject({ status: 'received', confirmationEmail: null });

    const start = await controller.post(`/api/orders/${id}/start`, {});
    expect(start.statusCode).toBe(409);
    expect(start.headers['content-type']).toContain('application/problem+json');
    expect(start.json()).toMatchObject({ code: 'conflict', errors: [{ path: 'status' }] });

    const confirmed = await controller.post(`/api/orders/${id}/confirm`, {});
    expect(confirmed.statusCode, confirmed.body).toBe(200);
    expect(confirmed.json()).toMatchObject({
      status: 'confirmed',
      confirmedOn: '2026-10-05',
      confirmationEmail: { recipient: 'einkauf@lebenszyklus.example' },
    });
    const pdf = await viewer.get(`/api/orders/${id}/confirmation.pdf`);
    expect(pdf.statusCode).toBe(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    expect(pdf.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');

    expect((await controller.post(`/api/orders/${id}/start`, { note: 'los' })).json().status).toBe(
      'in-progress',
    );
    const noReason = await controller.post(`/api/orders/${id}/delivery-date`, { newDate: '2026-10-09' });
    expect(noReason.statusCode).toBe(400);
    expect(noReason.json().errors[0].path).toBe('reason');
    const moved = await controller.post(`/api/orders/${id}/delivery-date`, {
      newDate: '2026-10-09',
      reason: 'Holz kommt später',
      notify: true,
    });
    expect(moved.statusCode, moved.body).toBe(200);
    expect(moved.json()).toMatchObject({
      deliveryDate: '2026-10-09',
      update: { recipient: expect.any(String) },
    });

    const over = await controller.post(`/api/orders/${id}/deliveries`, {
      deliveredOn: '2026-10-05',
      lines: [{ position: 1, quantity: '5' }],
    });
    expect(over.statusCode).toBe(400);
    expect(over.json().errors).toEqual([
      {
        path: 'lines.0.quantity',
        message: 'position 1: 5 is more than the 4 still to deliver (4 ordered, 0 delivered)',
      },
    ]);
    const part = await controller.post(`/api/orders/${id}/deliveries`, {
      deliveredOn: '2026-10-05',
      lines: [{ position: 1, quantity: '1' }],
    });
    expect(part.statusCode, part.body).toBe(201);
    expect(part.json()).toMatchObject({
      order: { status: 'partly-delivered' },
      mode: 'automatic',
      invoice: { grossCents: 11_900, issuedOn: '2026-10-05', dueDate: '2026-10-19' },
      invoiceEmail: { recipient: 'einkauf@lebenszyklus.example' },
    });
    const rest = await controller.post(`/api/orders/${id}/deliveries`, {
      deliveredOn: '2026-10-05',
      lines: 'all',
    });
    expect(rest.json()).toMatchObject({ order: { status: 'invoiced' }, invoice: { grossCents: 35_700 } });

    const update = await controller.post(`/api/orders/${id}/updates`, {
      subject: 'Danke',
      text: 'Alles geliefert.',
    });
    expect(update.statusCode, update.body).toBe(201);
    expect((await controller.post(`/api/orders/${id}/updates`, {})).json().errors[0].path).toBe('text');

    const detail = (await viewer.get(`/api/orders/${id}`)).json();
    expect(detail).toMatchObject({
      status: 'invoiced',
      customer: { number: customer.number },
      lines: [{ quantity: 4, delivered: 4, remaining: 0 }],
      deliveryDateChanges: [
        { previousDate: '2026-10-04', newDate: '2026-10-09', reason: 'Holz kommt später' },
      ],
      nextStatuses: [],
      isPaid: false,
    });
    expect(detail.statusChanges.map((c: { to: string }) => c.to)).toEqual([
      'received',
      'confirmed',
      'in-progress',
      'partly-delivered',
      'delivered',
      'invoiced',
    ]);
    expect(detail.deliveries.map((d: { invoiceNumber: string | null }) => d.invoiceNumber)).toEqual(
      detail.invoices.map((i: { number: string }) => i.number),
    );
    expect((await viewer.get('/api/orders/invoicing-lag?asOf=2026-10-05')).json()).toMatchObject({
      from: '2026-07-08',
      to: '2026-10-05',
      medianDays: 0,
    });
    expect((await stranger.get(`/api/orders/${id}/confirmation.pdf`)).statusCode).toBe(404);
    expect((await stranger.post(`/api/orders/${id}/start`, {})).statusCode).toBe(404);
    expect((await viewer.post(`/api/orders/${id}/cancel`, { note: 'nein' })).statusCode).toBe(403);
  });

  it('invoices a delivery after its check when the company asks for that, and lets only admins change it', async () => {
    expect((await viewer.get('/api/settings/orders')).json()).toEqual({
      invoiceOnDelivery: 'automatic',
      statusUpdates: false,
    });
    expect(
      (await controller.put('/api/settings/orders', { invoiceOnDelivery: 'after-check' })).statusCode,
    ).toBe(403);
    const bad = await admin.put('/api/settings/orders', { invoiceOnDelivery: 'weekly' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors[0].path).toBe('invoiceOnDelivery');
    const changed = await admin.put('/api/settings/orders', { invoiceOnDelivery: 'after-check' });
    expect(changed.json()).toEqual({ invoiceOnDelivery: 'after-check', statusUpdates: false });

    const customer = (
      await controller.post('/api/customers', { name: 'Prüf KG', debtorKind: 'business' })
    ).json();
    const { id } = (
      await controller.post('/api/orders', {
        customerNumber: customer.number,
        orderedOn: '2026-10-01',
        lines: [{ description: 'Tür', unitPrice: '200.00' }],
      })
    ).json();
    const delivered = (
      await controller.post(`/api/orders/${id}/deliveries`, { deliveredOn: '2026-10-02', lines: 'all' })
    ).json();
    expect(delivered).toMatchObject({ mode: 'after-check', invoice: null, checkTaskId: expect.any(Number) });
    expect((await viewer.get('/api/orders/invoicing-lag?asOf=2026-10-05')).json()).toMatchObject({
      ordersNotInvoiced: 1,
    });
    const invoiced = await controller.post(`/api/orders/${id}/invoice`, {
      issuedOn: '2026-10-05',
      deliveryId: delivered.delivery.id,
    });
    expect(invoiced.statusCode, invoiced.body).toBe(201);
    expect(invoiced.json()).toMatchObject({
      grossCents: 23_800,
      deliveredOn: '2026-10-02',
      invoiceEmail: null,
    });
    expect((await viewer.get(`/api/orders/${id}`)).json().status).toBe('invoiced');
    await admin.put('/api/settings/orders', { invoiceOnDelivery: 'automatic' });
  });
});
