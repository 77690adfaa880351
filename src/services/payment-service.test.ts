import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  newTenantContext,
  openTestDatabase,
  TEST_DATABASE_KINDS,
  type TestDatabase,
} from '../../test/support/test-database.ts';
import { claimStates, invoices, paymentAllocations } from '../db/schema.ts';
import { verifyEventChain } from './audit-service.ts';
import { createCustomer } from './customer-service.ts';
import { createInvoice } from './invoice-service.ts';
import { recordPayment } from './payment-service.ts';
import type { ServiceContext } from './service-context.ts';

describe.each(TEST_DATABASE_KINDS)('recording payments on %s', (kind) => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await openTestDatabase(kind);
  }, 60_000);
  afterAll(() => database?.close());

  /** Two invoices of 1,190.00 € on 3 and 10 Mar 2025 under "2 % within 10 days, net 30". */
  async function setup(): Promise<ServiceContext> {
    const ctx = await newTenantContext(database);
    await createCustomer(ctx, { number: 'K-1', name: 'Skonto GmbH', debtorKind: 'business' });
    for (const [number, issuedOn] of [
      ['RE-1', '2025-03-03'],
      ['RE-2', '2025-03-10'],
    ] as const) {
      await createInvoice(ctx, {
        customerNumber: 'K-1',
        number,
        issuedOn,
        paymentTerms: { kind: 'net', days: 30, skonto: [{ percent: '2', days: 10 }] },
        lines: [{ description: 'Ware', quantity: '1', unitPrice: '1000.00', vatRatePercent: '19' }],
      });
    }
    return ctx;
  }

  const allocationsOf = (ctx: ServiceContext) =>
    ctx.db
      .select()
      .from(paymentAllocations)
      .where(eq(paymentAllocations.tenantId, ctx.tenantId))
      .orderBy(paymentAllocations.id);
  const stateOf = async (ctx: ServiceContext, number: string) => {
    const [row] = await ctx.db
      .select({ open: claimStates.openPrincipalCents, status: invoices.status })
      .from(claimStates)
      .innerJoin(
        invoices,
        and(eq(invoices.tenantId, claimStates.tenantId), eq(invoices.id, claimStates.invoiceId)),
      )
      .where(and(eq(claimStates.tenantId, ctx.tenantId), eq(invoices.number, number)));
    return row;
  };

  it('settles an invoice paid within the Skonto period with 2 % deducted, booking the discount', async () => {
    const ctx = await setup();
    // 1,190.00 € − 2 % (23.80 €) = 1,166.20 €, credited on 13 Mar, the last day of the period.
    const result = await recordPayment(ctx, {
      customerNumber: 'K-1',
      receivedOn: '2025-03-13',
      amount: '1166.20',
      invoiceNumbers: ['RE-1'],
    });
    expect(result.skonto.map((s) => [s.paid.minor, s.discount.minor])).toEqual([[116_620, 2_380]]);
    expect(await stateOf(ctx, 'RE-1')).toEqual({ open: 0, status: 'paid' });
    expect(await stateOf(ctx, 'RE-2')).toEqual({ open: 119_000, status: 'open' });
    expect((await allocationsOf(ctx)).map((a) => [a.component, a.amountCents])).toEqual([
      ['principal', 116_620],
      ['skonto', 2_380],
    ]);
    expect((await verifyEventChain(ctx)).ok).toBe(true);
  });

  it('grants no Skonto after the period: the reduced amount leaves the discount open', async () => {
    const ctx = await setup();
    const result = await recordPayment(ctx, {
      customerNumber: 'K-1',
      receivedOn: '2025-03-14',
      amount: '1166.20',
      invoiceNumbers: ['RE-1'],
    });
    expect(result.skonto).toEqual([]);
    expect(await stateOf(ctx, 'RE-1')).toEqual({ open: 2_380, status: 'open' });
  });

  it('matches an unnamed payment of exactly the reduced amount to the one invoice still in its period', async () => {
    const ctx = await setup();
    // On 14 Mar only RE-2 (period until 20 Mar) offers Skonto; 1,166.20 € settles it.
    const result = await recordPayment(ctx, {
      customerNumber: 'K-1',
      receivedOn: '2025-03-14',
      amount: '1166.20',
    });
    expect(result.skonto).toHaveLength(1);
    expect(await stateOf(ctx, 'RE-2')).toEqual({ open: 0, status: 'paid' });
    expect(await stateOf(ctx, 'RE-1')).toEqual({ open: 119_000, status: 'open' });
  });

  it('does not guess when two invoices offer the same reduced amount', async () => {
    const ctx = await setup();
    // On 13 Mar both are in their period with 1,166.20 €: the payment goes by §366 Abs. 2 (oldest first), no Skonto.
    const result = await recordPayment(ctx, {
      customerNumber: 'K-1',
      receivedOn: '2025-03-13',
      amount: '1166.20',
    });
    expect(result.skonto).toEqual([]);
    expect(await stateOf(ctx, 'RE-1')).toEqual({ open: 2_380, status: 'open' });
  });

  it('allocates a payment to the oldest due claim first (§366 Abs. 2 BGB) and holds an overpayment as credit', async () => {
    const ctx = await setup();
    // On 20 Apr both are due (2 Apr, 9 Apr); 1,500.00 € pays RE-1 in full and 310.00 € of RE-2; no Skonto any more.
    const first = await recordPayment(ctx, {
      customerNumber: 'K-1',
      receivedOn: '2025-04-20',
      amount: '1500.00',
    });
    expect(first.lines.map((l) => [l.claimId !== undefined, l.component, l.amount.minor])).toEqual([
      [true, 'principal', 119_000],
      [true, 'principal', 31_000],
    ]);
    expect(await stateOf(ctx, 'RE-2')).toEqual({ open: 88_000, status: 'open' });
    const second = await recordPayment(ctx, {
      customerNumber: 'K-1',
      receivedOn: '2025-04-21',
      amount: '900.00',
    });
    expect(second.credit.minor).toBe(2_000);
    expect(await stateOf(ctx, 'RE-2')).toEqual({ open: 0, status: 'paid' });
  });

  it('follows the payer naming an invoice (§366 Abs. 1 BGB) and rejects an invoice that is not open', async () => {
    const ctx = await setup();
    await recordPayment(ctx, {
      customerNumber: 'K-1',
      receivedOn: '2025-04-20',
      amount: '100.00',
      invoiceNumbers: ['RE-2'],
    });
    expect(await stateOf(ctx, 'RE-1')).toEqual({ open: 119_000, status: 'open' });
    expect(await stateOf(ctx, 'RE-2')).toEqual({ open: 109_000, status: 'open' });
    await expect(
      recordPayment(ctx, {
        customerNumber: 'K-1',
        receivedOn: '2025-04-20',
        amount: '1.00',
        invoiceNumbers: ['RE-9'],
      }),
    ).rejects.toMatchObject({ code: 'validation' });
    await expect(
      recordPayment(ctx, { customerNumber: 'K-1', receivedOn: '2025-04-20', amount: '-5' }),
    ).rejects.toMatchObject({
      code: 'validation',
    });
  });
});
