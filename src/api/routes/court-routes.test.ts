import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiCaller, newTenantWithCallers, openTestApi } from '../../../test/support/test-api.ts';
import { openTestDatabase, type TestDatabase } from '../../../test/support/test-database.ts';
import { readEventsOf } from '../../db/event-store.ts';
import { updateCompanyProfile } from '../../services/company-service.ts';
import { createCustomer } from '../../services/customer-service.ts';
import { createInvoice } from '../../services/invoice-service.ts';

const TODAY = '2025-04-01';
const now = () => new Date(`${TODAY}T09:00:00Z`);

describe('court dunning over HTTP', () => {
  let database: TestDatabase;
  let app: FastifyInstance;
  let admin: ApiCaller;
  let controller: ApiCaller;
  let viewer: ApiCaller;
  let stranger: ApiCaller;
  let customerId: number;

  beforeAll(async () => {
    database = await openTestDatabase('pglite');
    app = await openTestApi(database, { now });
    ({ admin, controller, viewer } = await newTenantWithCallers(app, database, { now }));
    ({ controller: stranger } = await newTenantWithCallers(app, database, { now }));
    const ctx = controller.ctx;
    await updateCompanyProfile(ctx, {
      name: 'Muster Handel GmbH',
      address: { street: 'Friedrichstraße 100', postalCode: '10117', city: 'Berlin', country: 'DE' },
      managingDirectors: 'Max Muster',
    });
    const customer = await createCustomer(ctx, {
      number: 'K-1',
      name: 'Spät GmbH',
      debtorKind: 'business',
      address: { street: 'Marienplatz 8', postalCode: '80331', city: 'München', country: 'DE' },
    });
    customerId = customer.id;
    for (const [number, dueDate] of [
      ['RE-1', '2025-01-31'],
      ['RE-2', '2025-12-31'],
    ] as const) {
      await createInvoice(ctx, {
        customerNumber: 'K-1',
        number,
        issuedOn: '2025-01-02',
        paymentTerms: { kind: 'fixed-date', dueDate },
        lines: [{ description: 'Ware', unitPrice: '1000.00' }],
      });
    }
  }, 60_000);
  afterAll(async () => {
    await app.close();
    await database.close();
  });

  const events = async () =>
    (await readEventsOf(database.db, controller.ctx.tenantId, customerId)).filter(
      (e) => e.type === 'court-dunning.prepared',
    );

  it('previews the application as JSON for a viewer, as of today by default, recording nothing', async () => {
    const response = await viewer.get(`/api/customers/${customerId}/court-dunning?claimKind=goods`);
    expect(response.statusCode).toBe(200);
    const body = response.json();
    expect(body).toMatchObject({
      stand: TODAY,
      mahngericht: { name: 'Amtsgericht Wedding' },
      antragsteller: { name: 'Muster Handel GmbH', rechtsform: 'GmbH' },
      antragsgegner: { name: 'Spät GmbH', plz: '80331' },
      hauptforderungen: [
        { nr: 1, rechnungsnummer: 'RE-1', katalognummer: 11, betrag: { euro: '1190.00', cent: 119000 } },
      ],
      prozessgericht: { art: 'Amtsgericht', ort: 'München' },
    });
    expect(body.nichtAufgenommen).toEqual([
      { rechnungsnummer: 'RE-2', grund: expect.stringMatching(/nicht im Verzug/) },
    ]);
    const pdf = await viewer.get(
      `/api/customers/${customerId}/court-dunning.pdf?date=${TODAY}&invoices=RE-1`,
    );
    expect(pdf.statusCode).toBe(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    expect(pdf.headers['content-disposition']).toBe(`inline; filename="Mahnantrag-K-1-${TODAY}.pdf"`);
    expect(pdf.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
    expect(await events()).toEqual([]);
  });

  it('answers a claim that may not go to court with a problem naming it', async () => {
    const response = await viewer.get(`/api/customers/${customerId}/court-dunning?invoices=RE-1,RE-2`);
    expect(response.statusCode).toBe(409);
    expect(response.headers['content-type']).toContain('application/problem+json');
    expect(response.json()).toMatchObject({
      code: 'conflict',
      errors: [
        { path: 'invoiceNumbers.1', message: expect.stringMatching(/^invoice RE-2 is not in default/) },
      ],
    });
    const badDate = await viewer.get(`/api/customers/${customerId}/court-dunning?date=1.4.2025`);
    expect(badDate.statusCode).toBe(400);
    expect(badDate.json().errors[0].path).toBe('querystring.date');
    const noInvoices = await viewer.get(`/api/customers/${customerId}/court-dunning?invoices=,`);
    expect(noInvoices.statusCode).toBe(400);
    const kind = await viewer.get(`/api/customers/${customerId}/court-dunning?claimKind=lease`);
    expect(kind.statusCode).toBe(400);
    expect(kind.json().errors[0].path).toBe('querystring.claimKind');
  });

  it('exports for a controller, records court-dunning.prepared, and refuses a viewer', async () => {
    expect((await viewer.post(`/api/customers/${customerId}/court-dunning/exports`, {})).statusCode).toBe(
      403,
    );
    const response = await controller.post(`/api/customers/${customerId}/court-dunning/exports`, {
      invoices: ['RE-1'],
      expenses: '2.50',
    });
    expect(response.statusCode).toBe(201);
    expect(response.json()).toMatchObject({
      auslagen: { cent: 250 },
      hauptforderungen: [{ rechnungsnummer: 'RE-1' }],
    });
    const pdf = await controller.post(`/api/customers/${customerId}/court-dunning/exports`, {
      format: 'pdf',
    });
    expect(pdf.statusCode).toBe(200);
    expect(pdf.headers['content-disposition']).toBe(`attachment; filename="Mahnantrag-K-1-${TODAY}.pdf"`);
    const recorded = await events();
    expect(recorded.map((e) => e.payload.formats)).toEqual([['json'], ['pdf']]);
    expect(recorded[0]).toMatchObject({
      actor: expect.stringMatching(/^user:/),
      payload: { invoiceNumbers: ['RE-1'] },
    });
    const timeline = await viewer.get(`/api/customers/${customerId}/timeline`);
    expect(timeline.statusCode).toBe(200);
    expect(timeline.json().items.map((e: { type: string }) => e.type)).toContain('court-dunning.prepared');
  });

  it('answers 404 for another company’s customer', async () => {
    expect((await stranger.get(`/api/customers/${customerId}/court-dunning`)).statusCode).toBe(404);
    expect((await stranger.get(`/api/customers/${customerId}/court-dunning.pdf`)).statusCode).toBe(404);
    expect((await stranger.post(`/api/customers/${customerId}/court-dunning/exports`, {})).statusCode).toBe(
      404,
    );
  });

  it('lets an admin set the OLG district of a seat in NRW; others may only read it', async () => {
    const read = await viewer.get('/api/settings/court-dunning');
    expect(read.statusCode).toBe(200);
    expect(read.json()).toMatchObject({
      nwOlgDistrict: null,
      court: { name: 'Amtsgericht Wedding' },
      missing: null,
    });
    expect((await controller.put('/api/settings/court-dunning', { nwOlgDistrict: 'koeln' })).statusCode).toBe(
      403,
    );
    const set = await admin.put('/api/settings/court-dunning', { nwOlgDistrict: 'koeln' });
    expect(set.statusCode).toBe(200);
    // The company sits in Berlin: the district is kept, the court stays Wedding.
    expect(set.json()).toMatchObject({ nwOlgDistrict: 'koeln', court: { name: 'Amtsgericht Wedding' } });
    const bad = await admin.put('/api/settings/court-dunning', { nwOlgDistrict: 'aachen' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors[0].path).toBe('nwOlgDistrict');
  });
});
