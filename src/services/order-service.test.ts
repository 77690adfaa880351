import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  newTenantContext,
  openTestDatabase,
  TEST_DATABASE_KINDS,
  type TestDatabase,
} from '../../test/support/test-database.ts';
import { findClaimState } from '../db/invoice-repository.ts';
import { verifyEventChain } from './audit-service.ts';
import { createCustomer } from './customer-service.ts';
import { captureOrder, invoiceOrder } from './order-service.ts';

describe.each(TEST_DATABASE_KINDS)('orders on %s', (kind) => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await openTestDatabase(kind);
  }, 60_000);
  afterAll(() => database?.close());

  it('captures an order with its terms and invoices it once with the same lines, terms and totals', async () => {
    const ctx = await newTenantContext(database);
    await createCustomer(ctx, {
      number: 'K-7',
      name: 'Auftrag GmbH',
      debtorKind: 'business',
      paymentTerms: { kind: 'net', days: 30, skonto: [{ percent: '2', days: 10 }] },
    });
    const order = await captureOrder(ctx, {
      customerNumber: 'K-7',
      orderedOn: '2025-05-02',
      deliveryDate: '2025-05-20',
      lines: [
        { description: 'Montage', quantity: '2.5', unit: 'HUR', unitPrice: '80.00', vatRatePercent: '19' },
        { description: 'Fachbuch', quantity: '1', unitPrice: '39.90', vatRatePercent: '7' },
      ],
    });
    expect(order).toMatchObject({ status: 'confirmed', number: 'AU000001' });
    expect(order.paymentTerms).toEqual({ kind: 'net', days: 30, skonto: [{ percent: '2', days: 10 }] });

    const invoice = await invoiceOrder(ctx, order.number, { issuedOn: '2025-05-21' });
    // 2.5 h × 80.00 = 200.00 € at 19 % → 38.00 €; 39.90 € at 7 % → 2.793 → 2.79 €: gross 280.69 €.
    expect(invoice).toMatchObject({
      orderId: order.id,
      source: 'order',
      netCents: 23_990,
      vatCents: 4_079,
      grossCents: 28_069,
      dueDate: '2025-06-20',
      deliveredOn: '2025-05-20',
    });
    expect(await findClaimState(ctx.db, ctx.tenantId, invoice.id)).toMatchObject({
      openPrincipalCents: 28_069,
    });
    await expect(invoiceOrder(ctx, order.number, { issuedOn: '2025-05-22' })).rejects.toMatchObject({
      code: 'conflict',
    });
    expect((await verifyEventChain(ctx)).ok).toBe(true);
  });

  it('rejects an order without lines, naming the field', async () => {
    const ctx = await newTenantContext(database);
    await createCustomer(ctx, { number: 'K-8', name: 'Leer KG', debtorKind: 'business' });
    await expect(
      captureOrder(ctx, { customerNumber: 'K-8', orderedOn: '2025-05-02', lines: [] }),
    ).rejects.toMatchObject({
      code: 'validation',
      issues: [{ path: 'lines' }],
    });
  });
});
