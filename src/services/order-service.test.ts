import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  newTenantContext,
  openTestDatabase,
  TEST_DATABASE_KINDS,
  type TestDatabase,
} from '../../test/support/test-database.ts';
import { readEventsOf } from '../db/event-store.ts';
import { findClaimState } from '../db/invoice-repository.ts';
import { listOrders } from '../db/order-repository.ts';
import { verifyEventChain } from './audit-service.ts';
import { updateCreditLimitSettings } from './company-service.ts';
import { createCustomer } from './customer-service.ts';
import { createInvoice } from './invoice-service.ts';
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
    expect(order).toMatchObject({ status: 'confirmed', number: 'AU000001', creditLimitWarning: null });
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

  it('warns when an order takes the customer above the credit limit, and records it on the timeline', async () => {
    const ctx = await newTenantContext(database);
    const customer = await createCustomer(ctx, {
      number: 'K-9',
      name: 'Limit GmbH',
      debtorKind: 'business',
      creditLimitCents: 100_000,
    });
    await createInvoice(ctx, {
      customerNumber: 'K-9',
      number: 'RE-9',
      issuedOn: '2025-05-02',
      lines: [{ description: 'Ware', unitPrice: '500.00' }],
    });
    // Open 595.00 + 340.00 net (404.60 gross) = 999.60: within the limit.
    const within = await captureOrder(ctx, {
      customerNumber: 'K-9',
      orderedOn: '2025-05-05',
      lines: [{ description: 'Teil', unitPrice: '340.00' }],
    });
    expect(within.creditLimitWarning).toBeNull();
    const above = await captureOrder(ctx, {
      customerNumber: 'K-9',
      orderedOn: '2025-05-06',
      lines: [{ description: 'Teil', unitPrice: '10.00' }],
    });
    expect(above.creditLimitWarning).toEqual({
      customerNumber: 'K-9',
      limitCents: 100_000,
      exposureCents: 99_960,
      amountCents: 1_190,
      exposureAfterCents: 101_150,
      exceededByCents: 1_150,
      message: expect.stringContaining('above the credit limit of €1,000.00 by €11.50'),
    });
    const events = (await readEventsOf(ctx.db, ctx.tenantId, customer.id)).filter(
      (e) => e.type === 'credit-limit.exceeded',
    );
    expect(events).toMatchObject([
      {
        entityType: 'customer',
        payload: { subject: 'order', number: above.number, exceededByCents: 1_150, limitCents: 100_000 },
      },
    ]);
    // Invoicing an order is not checked again: its amount counted since the capture.
    const invoice = await invoiceOrder(ctx, above.number, { issuedOn: '2025-05-07' });
    expect(invoice.creditLimitWarning).toBeNull();
    expect((await verifyEventChain(ctx)).ok).toBe(true);
  });

  it('refuses an order above the limit when the company blocks, naming the limit and the figures', async () => {
    const ctx = await newTenantContext(database);
    const customer = await createCustomer(ctx, {
      number: 'K-10',
      name: 'Block KG',
      debtorKind: 'business',
      creditLimitCents: 50_000,
    });
    await updateCreditLimitSettings(ctx, { mode: 'block' });
    const order = {
      customerNumber: 'K-10',
      orderedOn: '2025-05-05',
      lines: [{ description: 'Maschine', unitPrice: '500.00' }],
    };
    await expect(captureOrder(ctx, order)).rejects.toMatchObject({
      code: 'conflict',
      message: expect.stringMatching(/^credit limit: order AU000001 of €595\.00 .* by €95\.00/),
      issues: [{ path: 'customer.creditLimitCents', message: expect.stringContaining('€500.00') }],
    });
    expect(await listOrders(ctx.db, ctx.tenantId, { beforeId: null, limit: 10 })).toEqual([]);
    expect(
      (await readEventsOf(ctx.db, ctx.tenantId, customer.id)).filter(
        (e) => e.type === 'credit-limit.exceeded',
      ),
    ).toEqual([]);
    // Within the limit it goes through, and a customer without a limit is never checked.
    await expect(
      captureOrder(ctx, { ...order, lines: [{ description: 'Teil', unitPrice: '420.00' }] }),
    ).resolves.toMatchObject({ creditLimitWarning: null });
    await createCustomer(ctx, { number: 'K-11', name: 'Offen AG', debtorKind: 'business' });
    await expect(captureOrder(ctx, { ...order, customerNumber: 'K-11' })).resolves.toMatchObject({
      creditLimitWarning: null,
    });
  });
});
