import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { validatePain008 } from '../../formats/schemas/validate-pain008.ts';
import { updateCompanyProfile } from '../../services/company-service.ts';
import { createCustomer } from '../../services/customer-service.ts';
import { createInvoice } from '../../services/invoice-service.ts';
import { type ApiCaller, newTenantWithCallers, openTestApi } from '../../../test/support/test-api.ts';
import { openTestDatabase, type TestDatabase } from '../../../test/support/test-database.ts';

const TODAY = '2026-03-16';
const now = () => new Date(`${TODAY}T09:00:00Z`);

function expectProblem(response: LightMyRequestResponse, status: number, code?: string) {
  expect(response.statusCode, response.body).toBe(status);
  expect(response.headers['content-type']).toContain('application/problem+json');
  if (code) expect(response.json().code).toBe(code);
  return response.json() as { code: string; detail: string; errors?: { path: string; message: string }[] };
}

describe('SEPA direct debit over HTTP', () => {
  let database: TestDatabase;
  let app: FastifyInstance;
  let controller: ApiCaller;
  let viewer: ApiCaller;
  let stranger: ApiCaller;
  let consumerId: number;
  let businessId: number;

  beforeAll(async () => {
    database = await openTestDatabase('pglite');
    app = await openTestApi(database, { now });
    let ctx;
    ({ controller, viewer, ctx } = await newTenantWithCallers(app, database, { now }));
    ({ controller: stranger } = await newTenantWithCallers(app, database, { now }));
    await updateCompanyProfile(ctx, {
      name: 'Beispiel GmbH',
      creditorId: 'DE98ZZZ09999999999',
      bank: { iban: 'DE89370400440532013000', bic: 'COBADEFFXXX', bankName: null },
    });
    consumerId = (await createCustomer(ctx, { number: 'K-1', name: 'Jürgen Müller', debtorKind: 'consumer' }))
      .id;
    businessId = (await createCustomer(ctx, { number: 'K-2', name: 'Schmidt AG', debtorKind: 'business' }))
      .id;
    for (const [customerNumber, number] of [
      ['K-1', 'RE-1'],
      ['K-2', 'RE-2'],
    ] as const) {
      await createInvoice(ctx, {
        customerNumber,
        number,
        issuedOn: '2026-02-02',
        paymentTerms: { kind: 'net', days: 14 },
        lines: [{ description: 'Wartung', unitPrice: '100.00' }],
      });
    }
  }, 60_000);
  afterAll(async () => {
    await app.close();
    await database.close();
  });

  it('records and lists a customer’s mandates; bad ones are refused with the field named', async () => {
    expect((await viewer.get(`/api/customers/${consumerId}/mandates`)).json()).toEqual({ items: [] });
    const body = { reference: 'M-K1', signedOn: '2026-03-01', iban: 'DE02 1203 0000 0000 2020 51' };
    expectProblem(await viewer.post(`/api/customers/${consumerId}/mandates`, body), 403, 'forbidden');
    const created = await controller.post(`/api/customers/${consumerId}/mandates`, body);
    expect(created.statusCode, created.body).toBe(201);
    expect(created.json()).toMatchObject({
      customerNumber: 'K-1',
      reference: 'M-K1',
      scheme: 'CORE',
      kind: 'recurring',
      debtorName: 'Jürgen Müller',
      iban: 'DE02120300000000202051',
      status: 'active',
    });
    const b2b = await controller.post(`/api/customers/${businessId}/mandates`, {
      reference: 'M-K2',
      signedOn: '2026-03-01',
      scheme: 'B2B',
      iban: 'DE02500105170137075030',
      bic: 'INGDDEFFXXX',
    });
    expect(b2b.statusCode, b2b.body).toBe(201);
    const paths = (response: LightMyRequestResponse) =>
      expectProblem(response, 400, 'validation').errors?.map((e) => e.path);
    expect(
      paths(await controller.post(`/api/customers/${consumerId}/mandates`, { ...body, reference: 'M_2' })),
    ).toEqual(['reference']);
    expect(
      paths(
        await controller.post(`/api/customers/${consumerId}/mandates`, {
          ...body,
          reference: 'M-3',
          scheme: 'B2B',
        }),
      ),
    ).toEqual(['scheme']);
    expect(
      paths(
        await controller.post(`/api/customers/${consumerId}/mandates`, {
          ...body,
          reference: 'M-4',
          signedOn: '2026-03-17',
        }),
      ),
    ).toEqual(['signedOn']);
    expect(
      paths(await controller.post(`/api/customers/${consumerId}/mandates`, { reference: 'M-5' })),
    ).toEqual(expect.arrayContaining(['signedOn', 'iban']));
    expectProblem(await controller.post(`/api/customers/${consumerId}/mandates`, body), 409, 'conflict');
    const listed = (await viewer.get(`/api/customers/${consumerId}/mandates`)).json();
    expect(listed.items.map((m: { reference: string }) => m.reference)).toEqual(['M-K1']);
    // Another company sees none of it.
    expectProblem(await stranger.get(`/api/customers/${consumerId}/mandates`), 404, 'not-found');
    expectProblem(await stranger.post(`/api/customers/${consumerId}/mandates`, body), 404, 'not-found');
    expectProblem(await stranger.post(`/api/mandates/${created.json().id}/revoke`, {}), 404, 'not-found');
  });

  it('exports the file of a scheme for download, again on request, and revokes with the collections to recall', async () => {
    const mandates = (await viewer.get(`/api/customers/${businessId}/mandates`)).json().items;
    expectProblem(await viewer.post('/api/sepa/exports', { collectionDate: '2026-03-20' }), 403, 'forbidden');
    const core = await controller.post('/api/sepa/exports', { collectionDate: '2026-03-20' });
    expect(core.statusCode, core.body).toBe(201);
    expect(core.headers['content-type']).toContain('application/xml');
    expect(core.headers['content-disposition']).toBe('attachment; filename="MW-20260316-00001.xml"');
    expect(core.headers).toMatchObject({
      'x-sepa-message-id': 'MW-20260316-00001',
      'x-sepa-count': '1',
      'x-sepa-sum-cents': '11900',
    });
    expect(JSON.parse(decodeURIComponent(String(core.headers['x-sepa-warnings'])))).toEqual([]);
    expect(await validatePain008(core.body)).toEqual({ valid: true, errors: [] });
    expect(core.body).toContain('<Nm>Juergen Mueller</Nm>');
    const b2b = await controller.post('/api/sepa/exports', { collectionDate: '2026-03-20', scheme: 'B2B' });
    expect(b2b.statusCode, b2b.body).toBe(201);
    expect(b2b.body).toContain('<LclInstrm><Cd>B2B</Cd></LclInstrm>');
    // Everything due is in a file now.
    const nothing = expectProblem(
      await controller.post('/api/sepa/exports', { collectionDate: '2026-03-20' }),
      409,
      'conflict',
    );
    expect(nothing.detail).toBe('nothing to collect on 2026-03-20 (CORE)');
    expectProblem(
      await controller.post('/api/sepa/exports', { collectionDate: '20.03.2026' }),
      400,
      'validation',
    );

    const again = await viewer.get('/api/sepa/exports/MW-20260316-00001');
    expect(again.statusCode).toBe(200);
    expect(again.body).toBe(core.body);
    expect(again.headers['x-sepa-same-as-exported']).toBe('true');
    expectProblem(await stranger.get('/api/sepa/exports/MW-20260316-00001'), 404, 'not-found');

    const revoked = await controller.post(`/api/mandates/${mandates[0].id}/revoke`, {});
    expect(revoked.statusCode, revoked.body).toBe(200);
    expect(revoked.json()).toMatchObject({
      mandate: { reference: 'M-K2', status: 'revoked', revokedOn: TODAY },
      pendingCollections: [
        { endToEndId: 'MW-20260316-00002-1', collectionDate: '2026-03-20', amountCents: 119_00 },
      ],
    });
    expectProblem(await controller.post(`/api/mandates/${mandates[0].id}/revoke`, {}), 409, 'conflict');
  });
});
