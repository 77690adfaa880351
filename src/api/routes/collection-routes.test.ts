import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newTenantWithCallers, openTestApi, type ApiCaller } from '../../../test/support/test-api.ts';
import { openTestDatabase, type TestDatabase } from '../../../test/support/test-database.ts';
import { createCustomer } from '../../services/customer-service.ts';
import { createInvoice } from '../../services/invoice-service.ts';

const TODAY = '2026-04-20';
const now = () => new Date(`${TODAY}T09:00:00Z`);

function expectProblem(response: LightMyRequestResponse, status: number) {
  expect(response.statusCode, response.body).toBe(status);
  expect(response.headers['content-type']).toContain('application/problem+json');
  return response.json() as { code: string; detail: string; errors?: { path: string; message: string }[] };
}

describe('collection cases, write-offs and settlements over HTTP', () => {
  let database: TestDatabase;
  let app: FastifyInstance;
  let controller: ApiCaller;
  let viewer: ApiCaller;
  const ids: Record<string, number> = {};

  beforeAll(async () => {
    database = await openTestDatabase('pglite');
    app = await openTestApi(database, { now });
    ({ controller, viewer } = await newTenantWithCallers(app, database, { now }));
    const ctx = controller.ctx;
    for (const [number, name] of [
      ['K-1', 'Müller GmbH'],
      ['K-2', 'Schulz KG'],
    ] as const) {
      ids[number] = (await createCustomer(ctx, { number, name, debtorKind: 'business' })).id;
    }
    for (const [customerNumber, number] of [
      ['K-1', 'RE-1'],
      ['K-1', 'RE-2'],
      ['K-2', 'RE-3'],
      ['K-2', 'RE-4'],
    ] as const) {
      const invoice = await createInvoice(ctx, {
        customerNumber,
        number,
        issuedOn: '2026-01-05',
        lines: [{ description: 'Beratung', unitPrice: '1000.00' }],
      });
      ids[number] = invoice.id;
    }
  }, 60_000);
  afterAll(async () => {
    await app.close();
    await database.close();
  });

  it('hands over, serves the case file in three formats, books a remittance and closes with a write-off', async () => {
    const created = await controller.post('/api/collection-cases', {
      customerId: ids['K-1'],
      agencyName: 'Inkasso Nord GmbH',
      agencyReference: 'IN-9',
    });
    expect(created.statusCode, created.body).toBe(201);
    const handed = created.json();
    expect(handed.claims.map((c: { invoiceNumber: string }) => c.invoiceNumber)).toEqual(['RE-1', 'RE-2']);
    expect(handed.handedOverOn).toBe(TODAY);

    const listed = await viewer.get('/api/collection-cases?status=open');
    expect(listed.json().items).toEqual([expect.objectContaining({ id: handed.id, claims: 2 })]);
    const pdf = await viewer.get(`/api/collection-cases/${handed.id}/file`);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    expect(pdf.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
    const csv = await viewer.get(`/api/collection-cases/${handed.id}/file?format=csv`);
    expect(csv.headers['content-disposition']).toMatch(
      /^attachment; filename="akte-\d+-K-1-2026-04-20.csv"$/,
    );
    expect(csv.body).toContain('RE-1;2026-01-05;');
    const json = await viewer.get(`/api/collection-cases/${handed.id}/file?format=json`);
    expect(JSON.parse(json.body).totalCents).toBe(handed.handedOverCents);

    expectProblem(
      await viewer.post(`/api/collection-cases/${handed.id}/remittances`, { collectedCents: 1000 }),
      403,
    );
    const invalid = expectProblem(
      await controller.post(`/api/collection-cases/${handed.id}/remittances`, { collectedCents: -5 }),
      400,
    );
    expect(invalid.errors?.[0]?.path).toBe('collectedCents');
    const paid = await controller.post(`/api/collection-cases/${handed.id}/remittances`, {
      collectedCents: 50_000,
      debtorCostsCents: 5_000,
      retainedCents: 7_500,
    });
    expect(paid.statusCode, paid.body).toBe(201);
    expect(paid.json()).toMatchObject({
      status: 'agency-paid',
      collectedCents: 50_000,
      forwardedCents: 42_500,
    });

    const refused = expectProblem(
      await controller.post(`/api/collection-cases/${handed.id}/close`, { outcome: 'closed' }),
      409,
    );
    expect(refused.detail).toMatch(/give a write-off reason/);
    const closed = await controller.post(`/api/collection-cases/${handed.id}/close`, {
      outcome: 'closed',
      writeOffReason: 'Insolvenz mangels Masse abgelehnt',
    });
    expect(closed.statusCode, closed.body).toBe(200);
    expect(closed.json().claims.map((c: { status: string }) => c.status)).toEqual([
      'written-off',
      'written-off',
    ]);
    const writeOffs = await viewer.get(`/api/customers/${ids['K-1']}/write-offs`);
    expect(writeOffs.json().items).toHaveLength(2);
    expect(writeOffs.json().items[0]).toMatchObject({ kind: 'bad-debt', caseId: handed.id });
  });

  it('settles and writes off by invoice id, and refuses an invoice of another customer', async () => {
    const wrong = expectProblem(
      await controller.post(`/api/customers/${ids['K-2']}/settlements`, {
        invoiceIds: [ids['RE-1']],
        amountReceivedCents: 100,
        reason: 'x',
      }),
      400,
    );
    expect(wrong.errors?.[0]?.path).toBe('invoiceIds.0');
    const settled = await controller.post(`/api/customers/${ids['K-2']}/settlements`, {
      invoiceIds: [ids['RE-3']],
      amountReceivedCents: 80_000,
      reason: 'Vergleich nach Reklamation',
    });
    expect(settled.statusCode, settled.body).toBe(201);
    expect(settled.json().receivedCents).toBe(80_000);
    expect(settled.json().writtenOff[0].invoiceNumber).toBe('RE-3');
    const written = await controller.post(`/api/customers/${ids['K-2']}/write-offs`, {
      invoiceIds: [ids['RE-4']],
      reason: 'Firma gelöscht',
    });
    expect(written.statusCode, written.body).toBe(201);
    expect(written.json().items[0]).toMatchObject({
      invoiceNumber: 'RE-4',
      principalCents: 119_000,
      vatCents: 19_000,
    });
  });
});
