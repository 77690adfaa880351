import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  newTenantContext,
  openTestDatabase,
  TEST_DATABASE_KINDS,
  type TestDatabase,
} from '../../test/support/test-database.ts';
import { findClaimState } from '../db/invoice-repository.ts';
import { addDays, type CalendarDate } from '../domain/calendar-date.ts';
import { cashForecast } from './cash-forecast-service.ts';
import { handOverClaims } from './collection-service.ts';
import { customerRisk } from './credit-risk-service.ts';
import { createCustomer } from './customer-service.ts';
import { openDispute } from './hold-service.ts';
import { createInstalmentPlan } from './instalment-plan-service.ts';
import { createInvoice } from './invoice-service.ts';
import { recordPayment } from './payment-service.ts';
import type { ServiceContext } from './service-context.ts';

const START = '2025-06-30' as CalendarDate; // a Monday

describe.each(TEST_DATABASE_KINDS)('cash forecast on %s', (kind) => {
  let database: TestDatabase;
  let ctx: ServiceContext;
  let handedOverCents = 0;
  beforeAll(async () => {
    database = await openTestDatabase(kind);
    ctx = await newTenantContext(database, { now: () => new Date(`${START}T09:00:00Z`) });
    const invoice = (customerNumber: string, number: string, issuedOn: string, price: string) =>
      createInvoice(ctx, {
        customerNumber,
        number,
        issuedOn,
        paymentTerms: { kind: 'net', days: 14 },
        lines: [{ description: 'Ware', unitPrice: price, vatRatePercent: '19' }],
      });
    // K-1 pays ten days late, always: five invoices, and one open due 2 July.
    await createCustomer(ctx, { number: 'K-1', name: 'Regelmäßig GmbH', debtorKind: 'business' });
    for (const month of ['01', '02', '03', '04', '05']) {
      const row = await invoice('K-1', `R-${month}`, `2025-${month}-02`, '1000.00');
      await recordPayment(ctx, {
        customerNumber: 'K-1',
        receivedOn: addDays(row.dueDate as CalendarDate, 10),
        amount: '1190.00',
        invoiceNumbers: [row.number],
      });
    }
    await invoice('K-1', 'R-06', '2025-06-18', '1000.00');
    // K-2, a new customer: its first invoice is 14 days overdue.
    await createCustomer(ctx, { number: 'K-2', name: 'Erstkunde AG', debtorKind: 'business' });
    await invoice('K-2', 'E-1', '2025-06-02', '1000.00');
    // K-3: a disputed claim.
    await createCustomer(ctx, { number: 'K-3', name: 'Streit KG', debtorKind: 'business' });
    await invoice('K-3', 'S-1', '2025-06-02', '500.00');
    await openDispute(ctx, { invoiceNumber: 'S-1', openedOn: '2025-06-20', reason: 'Mangel' });
    // K-4: its claim in a plan of two instalments, 1 July and 1 August.
    await createCustomer(ctx, { number: 'K-4', name: 'Raten GmbH', debtorKind: 'business' });
    await invoice('K-4', 'P-1', '2025-06-01', '1000.00');
    await createInstalmentPlan(ctx, {
      customerNumber: 'K-4',
      agreedOn: '2025-06-10',
      count: 2,
      firstDueDate: '2025-07-01',
      rhythm: { months: 1 },
    });
    // K-5: handed over to an agency.
    await createCustomer(ctx, { number: 'K-5', name: 'Privat Person', debtorKind: 'consumer' });
    const lost = await invoice('K-5', 'H-1', '2025-04-01', '200.00');
    await handOverClaims(ctx, {
      customerNumber: 'K-5',
      handedOverOn: '2025-06-20',
      agencyName: 'Inkasso AG',
    });
    const state = await findClaimState(ctx.db, ctx.tenantId, lost.id);
    handedOverCents = (state?.openPrincipalCents ?? 0) + (state?.openCostsCents ?? 0);
  }, 60_000);
  afterAll(() => database?.close());

  it('derives each customer’s expectation from its behaviour', async () => {
    // K-1: 10 days late on all five → 5 + share 10 = 15, low: 98 %. K-2: 14 days overdue, one invoice
    // of history → 7 + 10 + 8 (a month's invoicing overdue) + 1 + 16 = 42, high: 85 %.
    expect(await customerRisk(ctx, { number: 'K-1' }, START)).toMatchObject({
      score: 15,
      expectation: { typicalDaysLate: 10, probabilityPercent: 98 },
    });
    expect(await customerRisk(ctx, { number: 'K-2' }, START)).toMatchObject({
      score: 42,
      // Nothing settled yet: expected no sooner than it is late now.
      expectation: { typicalDaysLate: 14, probabilityPercent: 85 },
    });
    // K-4: 15 days overdue → 8 + 10 + 8 + 1 + 16 = 43, high: 85 %.
    expect(await customerRisk(ctx, { number: 'K-4' }, START)).toMatchObject({
      score: 43,
      expectation: { probabilityPercent: 85 },
    });
  });

  it('expects payments week by week from due dates and behaviour, instalments for planned claims', async () => {
    const forecast = await cashForecast(ctx, START, { weeks: 4 });
    expect(forecast.weeks).toEqual([
      // K-2's overdue claim: 85 % of 1,190.00; K-4's first instalment (1 July): 85 % of 595.00.
      {
        week: '2025-W27',
        from: '2025-06-30',
        to: '2025-07-06',
        expectedCents: 101_150 + 50_575,
        overdueCents: 101_150,
        instalmentCents: 50_575,
        items: 2,
      },
      // K-1's claim due 2 July, usually paid ten days late: 12 July; 98 % of 1,190.00.
      {
        week: '2025-W28',
        from: '2025-07-07',
        to: '2025-07-13',
        expectedCents: 116_620,
        overdueCents: 0,
        instalmentCents: 0,
        items: 1,
      },
      {
        week: '2025-W29',
        from: '2025-07-14',
        to: '2025-07-20',
        expectedCents: 0,
        overdueCents: 0,
        instalmentCents: 0,
        items: 0,
      },
      {
        week: '2025-W30',
        from: '2025-07-21',
        to: '2025-07-27',
        expectedCents: 0,
        overdueCents: 0,
        instalmentCents: 0,
        items: 0,
      },
    ]);
    expect(forecast).toMatchObject({
      start: START,
      end: '2025-07-27',
      expectedCents: 268_345,
      laterCents: 50_575, // K-4's second instalment, 1 August
      doubtfulCents: 2_380 + 17_850 + 8_925 + 8_925,
      disputedCents: 59_500,
      handedOverCents,
      totalCents: 119_000 * 3 + 59_500 + handedOverCents,
      customers: 5,
      plans: 1,
    });
    expect(handedOverCents).toBeGreaterThanOrEqual(23_800);
  });

  it('forecasts twelve weeks by default and names a bad number of weeks', async () => {
    expect((await cashForecast(ctx, START)).weeks).toHaveLength(12);
    await expect(cashForecast(ctx, START, { weeks: 0 })).rejects.toMatchObject({
      code: 'validation',
      issues: [{ path: 'weeks' }],
    });
    await expect(cashForecast(ctx, START, { weeks: 105 })).rejects.toMatchObject({ code: 'validation' });
  });

  it('has nothing to expect for a company without open claims', async () => {
    const empty = await newTenantContext(database);
    const forecast = await cashForecast(empty, START, { weeks: 2 });
    expect(forecast).toMatchObject({ expectedCents: 0, totalCents: 0, customers: 0, plans: 0 });
    expect(forecast.weeks.map((w) => w.week)).toEqual(['2025-W27', '2025-W28']);
  });
});
