import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  newTenantContext,
  openTestDatabase,
  TEST_DATABASE_KINDS,
  type TestDatabase,
} from '../../test/support/test-database.ts';
import { readEventsOf } from '../db/event-store.ts';
import { findClaimState, findInvoiceByNumber } from '../db/invoice-repository.ts';
import { verifyEventChain } from './audit-service.ts';
import { updateCreditLimitSettings } from './company-service.ts';
import { createCustomer } from './customer-service.ts';
import { createInvoice } from './invoice-service.ts';
import { recordPayment } from './payment-service.ts';

describe.each(TEST_DATABASE_KINDS)('invoices on %s', (kind) => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await openTestDatabase(kind);
  }, 60_000);
  afterAll(() => database?.close());

  const lines = (price: string) => [{ description: 'Leistung', unitPrice: price }];

  it('creates an invoice with totals, due date, an open claim and its event', async () => {
    const ctx = await newTenantContext(database);
    const customer = await createCustomer(ctx, { number: 'K-1', name: 'Kunde GmbH', debtorKind: 'business' });
    const invoice = await createInvoice(ctx, {
      customerNumber: 'K-1',
      issuedOn: '2025-05-02',
      paymentTerms: { kind: 'net', days: 14 },
      lines: [
        { description: 'Beratung', quantity: '3', unitPrice: '120.00', vatRatePercent: '19' },
        { description: 'Buch', unitPrice: '20.00', vatRatePercent: '7' },
      ],
    });
    // 360.00 at 19 % = 68.40; 20.00 at 7 % = 1.40: gross 449.80, due 16 May.
    expect(invoice).toMatchObject({
      number: 'RE000001',
      netCents: 38_000,
      vatCents: 6_980,
      grossCents: 44_980,
      dueDate: '2025-05-16',
      status: 'open',
      creditLimitWarning: null,
    });
    expect(await findClaimState(ctx.db, ctx.tenantId, invoice.id)).toMatchObject({
      openPrincipalCents: 44_980,
    });
    expect((await readEventsOf(ctx.db, ctx.tenantId, customer.id)).map((e) => e.type)).toEqual([
      'customer.created',
      'invoice.created',
    ]);
  });

  it('warns above the credit limit, counting only what is still open, and blocks when the company says so', async () => {
    const ctx = await newTenantContext(database);
    const customer = await createCustomer(ctx, {
      number: 'K-2',
      name: 'Grenze GmbH',
      debtorKind: 'business',
      creditLimitCents: 119_000,
    });
    await createInvoice(ctx, {
      customerNumber: 'K-2',
      number: 'RE-1',
      issuedOn: '2025-05-02',
      lines: lines('500.00'),
    });
    // 595.00 open + 595.00 new = 1,190.00: exactly the limit, within it.
    const exact = await createInvoice(ctx, {
      customerNumber: 'K-2',
      number: 'RE-2',
      issuedOn: '2025-05-03',
      lines: lines('500.00'),
    });
    expect(exact.creditLimitWarning).toBeNull();
    const above = await createInvoice(ctx, {
      customerNumber: 'K-2',
      number: 'RE-3',
      issuedOn: '2025-05-04',
      lines: lines('100.00'),
    });
    expect(above.creditLimitWarning).toMatchObject({
      exposureCents: 119_000,
      amountCents: 11_900,
      exceededByCents: 11_900,
      message: expect.stringMatching(/^invoice RE-3 of €119\.00 takes customer K-2's exposure/),
    });
    expect(
      (await readEventsOf(ctx.db, ctx.tenantId, customer.id))
        .filter((e) => e.type === 'credit-limit.exceeded')
        .map((e) => e.payload),
    ).toEqual([
      {
        subject: 'invoice',
        number: 'RE-3',
        limitCents: 119_000,
        exposureCents: 119_000,
        amountCents: 11_900,
        exposureAfterCents: 130_900,
        exceededByCents: 11_900,
      },
    ]);

    await updateCreditLimitSettings(ctx, { mode: 'block' });
    await expect(
      createInvoice(ctx, {
        customerNumber: 'K-2',
        number: 'RE-4',
        issuedOn: '2025-05-05',
        lines: lines('1.00'),
      }),
    ).rejects.toMatchObject({ code: 'conflict', issues: [{ path: 'customer.creditLimitCents' }] });
    expect(await findInvoiceByNumber(ctx.db, ctx.tenantId, 'RE-4')).toBeUndefined();

    // Paid claims free the limit again.
    await recordPayment(ctx, {
      customerNumber: 'K-2',
      receivedOn: '2025-05-10',
      amount: '714.00',
      invoiceNumbers: ['RE-1', 'RE-3'],
    });
    const after = await createInvoice(ctx, {
      customerNumber: 'K-2',
      number: 'RE-4',
      issuedOn: '2025-05-11',
      lines: lines('500.00'),
    });
    expect(after.creditLimitWarning).toBeNull();
    expect((await verifyEventChain(ctx)).ok).toBe(true);
  });
});
