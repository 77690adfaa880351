import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  newTenantContext,
  openTestDatabase,
  TEST_DATABASE_KINDS,
  type TestDatabase,
} from '../../test/support/test-database.ts';
import { queryRows } from '../db/database.ts';
import type { CalendarDate } from '../domain/calendar-date.ts';
import { Money } from '../domain/money.ts';
import { verifyEventChain } from './audit-service.ts';
import { createCustomer } from './customer-service.ts';
import { runDunning } from './dunning-run-service.ts';
import { createInvoice } from './invoice-service.ts';
import { PaymentBatch } from './payment-batch.ts';
import { type BookPaymentOptions, bookPaymentInTransaction } from './payment-service.ts';
import type { ServiceContext } from './service-context.ts';

describe.each(TEST_DATABASE_KINDS)('booking payments as a batch on %s', (kind) => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await openTestDatabase(kind);
  }, 60_000);
  afterAll(() => database?.close());

  /**
   * K-1: three invoices (2 % Skonto within 10 days), K-2: one invoice overdue with a proposed
   * reminder, K-3: nothing open. Returns the context and the customers' ids.
   */
  async function setup(): Promise<{ ctx: ServiceContext; ids: Record<string, number> }> {
    const ctx = await newTenantContext(database, { now: () => new Date('2025-04-20T10:00:00Z') });
    const ids: Record<string, number> = {};
    for (const number of ['K-1', 'K-2', 'K-3']) {
      ids[number] = (
        await createCustomer(ctx, { number, name: `Kunde ${number}`, debtorKind: 'business' })
      ).id;
    }
    for (const [customerNumber, number, issuedOn] of [
      ['K-1', 'RE-1', '2025-04-10'],
      ['K-1', 'RE-2', '2025-03-01'],
      ['K-1', 'RE-3', '2025-03-05'],
      ['K-2', 'RE-4', '2025-02-01'],
    ] as const) {
      await createInvoice(ctx, {
        customerNumber,
        number,
        issuedOn,
        paymentTerms: { kind: 'net', days: 30, skonto: [{ percent: '2', days: 10 }] },
        lines: [{ description: 'Ware', quantity: '1', unitPrice: '1000.00', vatRatePercent: '19' }],
      });
    }
    await runDunning(ctx, database, { date: '2025-04-20' as CalendarDate });
    return { ctx, ids };
  }

  const payments = (ids: Record<string, number>): BookPaymentOptions[] => {
    const payment = (customer: string, cents: number, invoiceNumbers: string[] = []): BookPaymentOptions => ({
      customer: { id: ids[customer] as number, number: customer },
      amount: Money.of(cents),
      receivedOn: '2025-04-20' as CalendarDate,
      invoiceNumbers,
      reference: `Zahlung ${customer}`,
      payerName: null,
      payerIban: null,
      source: 'bank',
      toleranceCents: 100,
    });
    return [
      payment('K-1', 116_620, ['RE-1']), // with Skonto, inside the period
      payment('K-1', 50_000), // the oldest claim first (§ 366 Abs. 2 BGB)
      payment('K-1', 69_000), // the rest of RE-2 — sees the payment before it
      payment('K-2', 118_950, ['RE-4']), // 50 cents short: within the tolerance; cancels the proposal
      payment('K-1', 200_000), // RE-3 and 81 € credit
      payment('K-3', 1_000), // nothing open: all credit
    ];
  };

  /** The tenant's bookings without ids: claims, allocations in booking order, proposals, events. */
  async function bookings(ctx: ServiceContext) {
    const rows = <T>(query: ReturnType<typeof sql>) => queryRows<T>(ctx.db, query);
    return {
      claims: await rows(
        sql`select i.number, i.status, c.open_principal_cents, c.open_costs_cents, c.interest_paid_cents
              from claim_states c join invoices i on i.tenant_id = c.tenant_id and i.id = c.invoice_id
             where c.tenant_id = ${ctx.tenantId} order by i.number`,
      ),
      allocations: await rows(
        sql`select p.amount_cents as paid, p.reference, a.component, a.amount_cents, a.rule, i.number
              from payments p join payment_allocations a on a.tenant_id = p.tenant_id and a.payment_id = p.id
              left join invoices i on i.tenant_id = a.tenant_id and i.id = a.invoice_id
             where p.tenant_id = ${ctx.tenantId} order by p.id, a.id`,
      ),
      proposals: await rows(
        sql`select n.status, i.number, ni.cancelled, ni.cancel_reason is not null as has_reason
              from notice_items ni join notices n on n.tenant_id = ni.tenant_id and n.id = ni.notice_id
              join invoices i on i.tenant_id = ni.tenant_id and i.id = ni.invoice_id
             where ni.tenant_id = ${ctx.tenantId} order by i.number`,
      ),
      events: (
        await rows<{ type: string }>(
          sql`select type from events where tenant_id = ${ctx.tenantId} order by seq`,
        )
      ).map((e) => e.type),
    };
  }

  it('books exactly what booking the payments one by one books, in a few statements', async () => {
    const alone = await setup();
    for (const options of payments(alone.ids)) {
      await alone.ctx.db.transaction((tx) => bookPaymentInTransaction(tx, alone.ctx, options));
    }
    const batched = await setup();
    await batched.ctx.db.transaction(async (tx) => {
      const batch = new PaymentBatch(tx, batched.ctx, 'BE');
      await batch.load(Object.values(batched.ids));
      for (const options of payments(batched.ids)) batch.add(options);
      const stored = await batch.write();
      expect(stored.map((p) => p.amountCents)).toEqual([116_620, 50_000, 69_000, 118_950, 200_000, 1_000]);
    });
    const expected = await bookings(alone.ctx);
    expect(expected.proposals).toContainEqual({
      status: 'cancelled',
      number: 'RE-4',
      cancelled: true,
      has_reason: true,
    });
    expect(expected.claims.filter((c) => (c as { status: string }).status === 'paid')).toHaveLength(4);
    expect(await bookings(batched.ctx)).toEqual(expected);
    expect((await verifyEventChain(batched.ctx)).ok).toBe(true);
  });

  it('refuses an invoice that an earlier payment of the batch settled, naming it', async () => {
    const { ctx, ids } = await setup();
    await ctx.db.transaction(async (tx) => {
      const batch = new PaymentBatch(tx, ctx, 'BE');
      await batch.load([ids['K-2'] as number]);
      const [, , , fullRe4] = payments(ids);
      batch.add(fullRe4 as BookPaymentOptions);
      expect(() => batch.add(fullRe4 as BookPaymentOptions)).toThrow(
        /RE-4 is not an open invoice of customer K-2/,
      );
      expect(() =>
        batch.add({
          ...(fullRe4 as BookPaymentOptions),
          customer: { id: ids['K-1'] as number, number: 'K-1' },
        }),
      ).toThrow(/not loaded/);
    });
  });
});
