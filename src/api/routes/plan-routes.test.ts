import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CalendarDate } from '../../domain/calendar-date.ts';
import { updateCompanyProfile } from '../../services/company-service.ts';
import { createCustomer } from '../../services/customer-service.ts';
import { runDunning } from '../../services/dunning-run-service.ts';
import { createInvoice } from '../../services/invoice-service.ts';
import { approveNotices } from '../../services/notice-service.ts';
import { recordPayment } from '../../services/payment-service.ts';
import {
  anonymous,
  type ApiCaller,
  newTenantWithCallers,
  openTestApi,
} from '../../../test/support/test-api.ts';
import { openTestDatabase, type TestDatabase } from '../../../test/support/test-database.ts';

const TODAY = '2027-01-05';
const now = () => new Date(`${TODAY}T09:00:00Z`);

/** K-1 (business) with RE-1 (1,190.00 €) and RE-2 (595.00 €), due 2 Dec 2026 and reminded; K-2 a consumer with RE-9. */
async function seed(caller: ApiCaller, database: TestDatabase): Promise<void> {
  const ctx = caller.ctx;
  await updateCompanyProfile(ctx, {
    name: 'Mahnwerk Test GmbH',
    address: { street: 'Friedrichstraße 100', postalCode: '10117', city: 'Berlin', country: 'DE' },
    bank: { iban: 'DE89370400440532013000', bic: 'COBADEFFXXX', bankName: null },
  });
  await createCustomer(ctx, {
    number: 'K-1',
    name: 'Müller Maschinenbau GmbH',
    debtorKind: 'business',
    email: 'buchhaltung@mueller.example',
    address: { street: 'Hauptstraße 5', postalCode: '80331', city: 'München', country: 'DE' },
  });
  await createCustomer(ctx, { number: 'K-2', name: 'Erika Muster', debtorKind: 'consumer' });
  for (const [customerNumber, number, price] of [
    ['K-1', 'RE-1', '1000.00'],
    ['K-1', 'RE-2', '500.00'],
    ['K-2', 'RE-9', '100.00'],
  ] as const) {
    await createInvoice(ctx, {
      customerNumber,
      number,
      issuedOn: '2026-11-02',
      paymentTerms: { kind: 'net', days: 30 },
      lines: [{ description: 'Wartung', unitPrice: price, vatRatePercent: '19' }],
    });
  }
  await runDunning(ctx, database, { date: '2026-12-09' as CalendarDate });
  await approveNotices(ctx, { all: true });
}

function expectProblem(response: LightMyRequestResponse, status: number, code?: string) {
  expect(response.statusCode, response.body).toBe(status);
  expect(response.headers['content-type']).toContain('application/problem+json');
  if (code) expect(response.json().code).toBe(code);
  return response.json() as { code: string; detail: string; errors?: { path: string; message: string }[] };
}

const pathsOf = (response: LightMyRequestResponse) =>
  (expectProblem(response, 400).errors ?? []).map((e) => e.path);

const body = (overrides: Record<string, unknown> = {}) => ({
  customerNumber: 'K-1',
  invoiceNumbers: ['RE-1'],
  downPayment: '200.00',
  count: 3,
  firstDueDate: '2027-02-01',
  rhythm: { months: 1 },
  graceDays: 10,
  ...overrides,
});

describe('instalment plans over HTTP', () => {
  let database: TestDatabase;
  let app: FastifyInstance;
  let controller: ApiCaller;
  let viewer: ApiCaller;
  let stranger: ApiCaller;

  beforeAll(async () => {
    database = await openTestDatabase('pglite');
    app = await openTestApi(database, { now });
    ({ controller, viewer } = await newTenantWithCallers(app, database, { now }));
    ({ controller: stranger } = await newTenantWithCallers(app, database, { now }));
    await seed(controller, database);
    await seed(stranger, database);
  }, 120_000);
  afterAll(async () => {
    await app.close();
    await database.close();
  });

  it('rejects bad input naming the field, from the request and from the service', async () => {
    expect(pathsOf(await controller.post('/api/plans', body({ firstDueDate: '1.2.2027' })))).toEqual([
      'firstDueDate',
    ]);
    expect(pathsOf(await controller.post('/api/plans', body({ downPayment: '200 €' })))).toEqual([
      'downPayment',
    ]);
    expect(pathsOf(await controller.post('/api/plans', body({ rhythm: { weeks: 2 } })))).toContain('rhythm');
    expect(pathsOf(await controller.post('/api/plans', body({ amountPerInstalment: '100.00' })))).toEqual([
      'count',
    ]);
    expect(pathsOf(await controller.post('/api/plans', body({ interestRatePercent: 'fünf' })))).toEqual([
      'interestRatePercent',
    ]);
    expect(pathsOf(await controller.post('/api/plans', body({ interestRatePercent: '45' })))).toEqual([
      'interestRatePercent',
    ]);
    expect(pathsOf(await controller.post('/api/plans', body({ reminderDaysBefore: 60 })))).toEqual([
      'reminderDaysBefore',
    ]);
    expect(pathsOf(await controller.post('/api/plans', body({ invoiceNumbers: ['RE-404'] })))).toEqual([
      'invoiceNumbers.0',
    ]);
    expect(
      pathsOf(
        await controller.post(
          '/api/plans',
          body({ customerNumber: 'K-2', invoiceNumbers: ['RE-9'], interestRatePercent: '5' }),
        ),
      ),
    ).toEqual(['interestRatePercent']);
    expect(
      expectProblem(await controller.post('/api/plans', body({ customerNumber: 'K-404' })), 404).errors,
    ).toEqual([{ path: 'customerNumber', message: 'no such customer' }]);
  });

  it('agrees a plan with interest, shows it with claims, schedule and standing, and lists it', async () => {
    const response = await controller.post('/api/plans', body({ interestRatePercent: '5' }));
    expect(response.statusCode, response.body).toBe(201);
    const plan = response.json();
    expect(plan).toMatchObject({
      customerNumber: 'K-1',
      customerEmail: 'buchhaltung@mueller.example',
      status: 'active',
      agreedOn: TODAY,
      graceDays: 10,
      reminderDaysBefore: 5,
      interest: { ratePercent: '5.00', dayCount: 'act/365' },
      agreement: `/api/plans/${plan.id}/agreement.pdf`,
      standing: { status: 'active', next: { number: 0, dueDate: TODAY, openCents: 20_000 } },
    });
    expect(plan.claims.map((c: { invoiceNumber: string }) => c.invoiceNumber)).toEqual(['RE-1']);
    const sum = (key: 'amountCents' | 'interestCents') =>
      plan.instalments.reduce((total: number, i: Record<string, number>) => total + (i[key] as number), 0);
    expect(sum('amountCents')).toBe(plan.totalCents);
    expect(sum('interestCents')).toBe(plan.interest.totalCents);
    expect(plan.totalCents).toBe(plan.claimsCents + plan.interest.totalCents);
    // RE-1 is now in an active plan: no second one.
    const busy = expectProblem(await controller.post('/api/plans', body()), 409, 'conflict');
    expect(busy.errors?.map((e) => e.path)).toEqual(['invoiceNumbers']);

    // The down payment comes: the viewer sees it covered, as of a later day.
    await recordPayment(controller.ctx, {
      customerNumber: 'K-1',
      receivedOn: TODAY,
      amount: '200.00',
      invoiceNumbers: ['RE-1'],
    });
    const shown = await viewer.get(`/api/plans/${plan.id}?asOf=2027-01-10`);
    expect(shown.statusCode, shown.body).toBe(200);
    expect(shown.json()).toMatchObject({
      paidCents: 20_000,
      openCents: plan.totalCents - 20_000,
      standing: { asOf: '2027-01-10', next: { number: 1, dueDate: '2027-02-01' } },
    });
    expect(shown.json().instalments[0]).toMatchObject({ number: 0, paidCents: 20_000 });

    const listed = await viewer.get('/api/plans?status=active');
    expect(listed.statusCode, listed.body).toBe(200);
    expect(listed.json().items[0]).toMatchObject({
      id: plan.id,
      customerName: 'Müller Maschinenbau GmbH',
      paidCents: 20_000,
      instalmentCount: 4,
    });
  });

  it('pages the list newest first and filters by status and customer', async () => {
    const second = (await controller.post('/api/plans', body({ invoiceNumbers: ['RE-2'] }))).json();
    const first = await viewer.get('/api/plans?limit=1');
    expect(first.json().items.map((p: { id: number }) => p.id)).toEqual([second.id]);
    expect(first.json().nextCursor).toEqual(expect.any(String));
    const next = await viewer.get(`/api/plans?limit=1&cursor=${first.json().nextCursor}`);
    expect(next.json().items).toHaveLength(1);
    expect(next.json().items[0].id).toBeLessThan(second.id);
    expect((await viewer.get(`/api/plans?customerId=${second.customerId}`)).json().items).toHaveLength(2);
    expect((await viewer.get('/api/plans?status=cancelled')).json().items).toEqual([]);
    expectProblem(await viewer.get('/api/plans?cursor=bm90LWEtY3Vyc29y'), 400, 'validation');
    expect(pathsOf(await viewer.get('/api/plans?status=broken'))).toEqual(['querystring.status']);
  });

  it('cancels an active plan with a reason, once', async () => {
    const response = await controller.post(
      '/api/plans',
      body({ customerNumber: 'K-2', invoiceNumbers: ['RE-9'], downPayment: '10.00' }),
    );
    expect(response.statusCode, response.body).toBe(201);
    const created = response.json();
    expect(pathsOf(await controller.post(`/api/plans/${created.id}/cancel`, { reason: '  ' }))).toEqual([
      'reason',
    ]);
    const cancelled = await controller.post(`/api/plans/${created.id}/cancel`, { reason: 'Vergleich' });
    expect(cancelled.statusCode, cancelled.body).toBe(200);
    expect(cancelled.json()).toMatchObject({ status: 'cancelled', closedOn: TODAY });
    expectProblem(
      await controller.post(`/api/plans/${created.id}/cancel`, { reason: 'nochmal' }),
      409,
      'conflict',
    );
  });

  it('sends the agreement as PDF', async () => {
    const [plan] = (await viewer.get('/api/plans?status=active&limit=1')).json().items;
    const response = await viewer.get(`/api/plans/${plan.id}/agreement.pdf`);
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('application/pdf');
    expect(response.headers['content-disposition']).toBe(`inline; filename="Ratenzahlung-${plan.id}.pdf"`);
    expect(response.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
  });

  it('lets a viewer read but not change, and keeps companies apart', async () => {
    expectProblem(await viewer.post('/api/plans', body()), 403, 'forbidden');
    expectProblem(await anonymous(app, viewer.ctx).get('/api/plans'), 401, 'unauthenticated');
    const theirs = (
      await stranger.post('/api/plans', body({ invoiceNumbers: ['RE-2'], customerNumber: 'K-1' }))
    ).json();
    expectProblem(await controller.get(`/api/plans/${theirs.id}`), 404, 'not-found');
    expectProblem(await controller.get(`/api/plans?customerId=${theirs.customerId}`), 404, 'not-found');
    expectProblem(await controller.get(`/api/plans/${theirs.id}/agreement.pdf`), 404, 'not-found');
    expectProblem(
      await controller.post(`/api/plans/${theirs.id}/cancel`, { reason: 'nicht meins' }),
      404,
      'not-found',
    );
    const mine = (await controller.get('/api/plans?limit=200')).json().items.map((p: { id: number }) => p.id);
    expect(mine).not.toContain(theirs.id);
  });
});
