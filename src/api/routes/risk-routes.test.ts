import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiCaller, newTenantWithCallers, openTestApi } from '../../../test/support/test-api.ts';
import { openTestDatabase, type TestDatabase } from '../../../test/support/test-database.ts';
import { readEventsOf } from '../../db/event-store.ts';
import { createCustomer } from '../../services/customer-service.ts';
import { createInvoice } from '../../services/invoice-service.ts';
import { recordPayment } from '../../services/payment-service.ts';

const TODAY = '2025-06-30';
const now = () => new Date(`${TODAY}T09:00:00Z`);

describe('credit risk over HTTP', () => {
  let database: TestDatabase;
  let app: FastifyInstance;
  let admin: ApiCaller;
  let controller: ApiCaller;
  let viewer: ApiCaller;
  let stranger: ApiCaller;
  let lateId: number;
  let tightId: number;

  beforeAll(async () => {
    database = await openTestDatabase('pglite');
    app = await openTestApi(database, { now });
    ({ admin, controller, viewer } = await newTenantWithCallers(app, database, { now }));
    ({ viewer: stranger } = await newTenantWithCallers(app, database, { now }));
    const ctx = controller.ctx;
    // K-1: RE-1 paid 30 days late, RE-2 45 days overdue today. K-2: 1,190.00 open against a limit of 1,000.00.
    lateId = (await createCustomer(ctx, { number: 'K-1', name: 'Spät GmbH', debtorKind: 'business' })).id;
    tightId = (
      await createCustomer(ctx, {
        number: 'K-2',
        name: 'Knapp OHG',
        debtorKind: 'business',
        creditLimitCents: 100_000,
      })
    ).id;
    const invoice = (customerNumber: string, number: string, issuedOn: string) =>
      createInvoice(ctx, {
        customerNumber,
        number,
        issuedOn,
        paymentTerms: { kind: 'net', days: 14 },
        lines: [{ description: 'Ware', unitPrice: '1000.00' }],
      });
    await invoice('K-1', 'RE-1', '2025-03-03');
    await recordPayment(ctx, {
      customerNumber: 'K-1',
      receivedOn: '2025-04-16',
      amount: '1190.00',
      invoiceNumbers: ['RE-1'],
    });
    await invoice('K-1', 'RE-2', '2025-05-02');
    await invoice('K-2', 'RE-3', '2025-06-20');
  }, 60_000);
  afterAll(async () => {
    await app.close();
    await database.close();
  });

  it('answers a customer’s risk to a viewer, as of today by default, the factors adding up to the score', async () => {
    const response = await viewer.get(`/api/customers/${lateId}/risk`);
    expect(response.statusCode).toBe(200);
    const body = response.json();
    expect(body).toMatchObject({
      asOf: TODAY,
      customer: { id: lateId, number: 'K-1', name: 'Spät GmbH', creditLimitCents: null },
      behaviour: { invoicesWithRecord: 2, invoicesSettled: 1, averageDaysLate: 37.5, overdueCents: 119_000 },
      exposure: { openClaimsCents: 119_000, totalCents: 119_000, creditLimitCents: null, usedPercent: null },
      expectation: { typicalDaysLate: 30 },
    });
    expect(body.factors).toHaveLength(10);
    expect(body.score).toBe(body.factors.reduce((sum: number, f: { points: number }) => sum + f.points, 0));
    expect(body.factors[0]).toMatchObject({ key: 'days-late', label: 'Days late', maxPoints: 30 });
    const earlier = (await viewer.get(`/api/customers/${lateId}/risk?asOf=2025-04-16`)).json();
    expect(earlier).toMatchObject({
      asOf: '2025-04-16',
      behaviour: { invoicesWithRecord: 1, overdueCents: 0 },
    });
  });

  it('answers 404 for another company’s customer and 400 for a bad day', async () => {
    const other = await stranger.get(`/api/customers/${lateId}/risk`);
    expect(other.statusCode).toBe(404);
    expect(other.json()).toMatchObject({ code: 'not-found' });
    const bad = await viewer.get(`/api/customers/${lateId}/risk?asOf=30.06.2025`);
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors).toMatchObject([{ path: 'querystring.asOf' }]);
  });

  it('lists the customers by risk with the alerts of those above their limit', async () => {
    const response = await viewer.get('/api/risk');
    expect(response.statusCode).toBe(200);
    const body = response.json();
    expect(body.items.map((i: { customerNumber: string }) => i.customerNumber)).toEqual(['K-1', 'K-2']);
    expect(body).toMatchObject({ asOf: TODAY, customers: 2 });
    expect(body.alerts).toEqual([
      {
        customerId: tightId,
        customerNumber: 'K-2',
        name: 'Knapp OHG',
        creditLimitCents: 100_000,
        openClaimsCents: 119_000,
        openOrdersCents: 0,
        exposureCents: 119_000,
        overLimitCents: 19_000,
      },
    ]);
    const medium = (await viewer.get('/api/risk?band=medium&limit=5')).json();
    expect(medium.items.map((i: { customerNumber: string }) => i.customerNumber)).toEqual(['K-2']);
    const bad = await viewer.get('/api/risk?band=awful');
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors[0].path).toBe('querystring.band');
  });

  it('answers the cash forecast per ISO week', async () => {
    const response = await viewer.get('/api/reports/cash-forecast?weeks=3');
    expect(response.statusCode).toBe(200);
    const body = response.json();
    expect(body.weeks.map((w: { week: string; from: string }) => [w.week, w.from])).toEqual([
      ['2025-W27', '2025-06-30'],
      ['2025-W28', '2025-07-07'],
      ['2025-W29', '2025-07-14'],
    ]);
    expect(
      body.expectedCents + body.laterCents + body.doubtfulCents + body.disputedCents + body.handedOverCents,
    ).toBe(body.totalCents);
    expect(body.totalCents).toBe(238_000);
    expect((await viewer.get('/api/reports/cash-forecast')).json().weeks).toHaveLength(12);
    const bad = await viewer.get('/api/reports/cash-forecast?weeks=0');
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors[0].path).toBe('querystring.weeks');
  });

  it('lets an admin choose to block orders and invoices above the limit; warns by default', async () => {
    expect((await viewer.get('/api/settings/credit-limit')).json()).toEqual({ mode: 'warn' });
    const invoice = {
      customerNumber: 'K-2',
      issuedOn: TODAY,
      lines: [{ description: 'Mehr Ware', unitPrice: '100.00' }],
    };
    const warned = await controller.post('/api/invoices', invoice);
    expect(warned.statusCode).toBe(201);
    expect(warned.json().creditLimitWarning).toMatchObject({
      customerNumber: 'K-2',
      limitCents: 100_000,
      exposureCents: 119_000,
      amountCents: 11_900,
      exceededByCents: 30_900,
    });
    const events = await readEventsOf(database.db, controller.ctx.tenantId, tightId);
    // RE-3 exceeded the limit already when it was made (in the setup), this invoice a second time.
    expect(
      events.filter((e) => e.type === 'credit-limit.exceeded').map((e) => e.payload.exceededByCents),
    ).toEqual([19_000, 30_900]);

    expect((await controller.put('/api/settings/credit-limit', { mode: 'block' })).statusCode).toBe(403);
    const set = await admin.put('/api/settings/credit-limit', { mode: 'block' });
    expect(set.statusCode).toBe(200);
    expect(set.json()).toEqual({ mode: 'block' });
    const refused = await controller.post('/api/invoices', invoice);
    expect(refused.statusCode).toBe(409);
    expect(refused.json()).toMatchObject({
      code: 'conflict',
      errors: [{ path: 'customer.creditLimitCents', message: expect.stringContaining('€1,000.00') }],
    });
    const badMode = await admin.put('/api/settings/credit-limit', { mode: 'shout' });
    expect(badMode.statusCode).toBe(400);
    expect(badMode.json().errors[0].path).toBe('mode');
  });
});
