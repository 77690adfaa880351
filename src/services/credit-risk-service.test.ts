import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  newTenantContext,
  openTestDatabase,
  TEST_DATABASE_KINDS,
  type TestDatabase,
} from '../../test/support/test-database.ts';
import type { CalendarDate } from '../domain/calendar-date.ts';
import { type BankStatement, emptyTransaction, type StatementEntry } from '../formats/bank-statement.ts';
import { writeCamt053 } from '../formats/camt-writer.ts';
import { creditLimitAlerts, customerRisk, riskList } from './credit-risk-service.ts';
import { createCustomer } from './customer-service.ts';
import { openDispute, recordPromiseToPay, resolveDispute, settlePromises } from './hold-service.ts';
import { createInvoice } from './invoice-service.ts';
import { captureOrder } from './order-service.ts';
import { recordPayment } from './payment-service.ts';
import type { ServiceContext } from './service-context.ts';
import { importStatement } from './statement-import-service.ts';

const TODAY = '2025-06-30' as CalendarDate;
const ACCOUNT = 'DE89370400440532013000';
const PAYER_IBAN = 'DE02120300000000202051';

function entry(
  cents: number,
  day: string,
  remittance: string,
  tx: Partial<StatementEntry['transactions'][number]>,
  direction: 'credit' | 'debit' = 'credit',
): StatementEntry {
  return {
    bookingDate: day as CalendarDate,
    valueDate: day as CalendarDate,
    amountCents: cents,
    currency: 'EUR',
    direction,
    reversal: false,
    status: 'BOOK',
    bankReference: null,
    bankTransactionCode: null,
    bookingText: null,
    transactions: [
      {
        ...emptyTransaction(cents, 'EUR'),
        remittance: [remittance],
        counterparty: { name: 'Spät GmbH', iban: PAYER_IBAN, bic: null },
        ...tx,
      },
    ],
  };
}

describe.each(TEST_DATABASE_KINDS)('credit risk on %s', (kind) => {
  let database: TestDatabase;
  let dir: string;
  let ctx: ServiceContext;
  beforeAll(async () => {
    database = await openTestDatabase(kind);
    dir = mkdtempSync(join(tmpdir(), 'mahnwerk-risk-'));
    ctx = await newTenantContext(database, { now: () => new Date(`${TODAY}T09:00:00Z`) });
    await company(ctx);
  }, 60_000);
  afterAll(async () => {
    await database?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  let files = 0;
  async function importEntries(entries: StatementEntry[]) {
    const statement: BankStatement = {
      id: `STMT-${++files}`,
      account: { iban: ACCOUNT, currency: 'EUR' },
      openingBalanceCents: 0,
      closingBalanceCents: null,
      entries,
      sequenceNumber: String(files),
      fromDate: null,
      toDate: null,
    };
    const path = join(dir, `statement-${files}.xml`);
    writeFileSync(
      path,
      [...writeCamt053(statement, { messageId: `M${files}`, createdAt: `${TODAY}T08:00:00` })].join(''),
    );
    return importStatement(ctx, { path });
  }

  const invoice = (customerNumber: string, number: string, issuedOn: string, price: string, days = 14) =>
    createInvoice(ctx, {
      customerNumber,
      number,
      issuedOn,
      paymentTerms: { kind: 'net', days },
      lines: [{ description: 'Ware', unitPrice: price, vatRatePercent: '19' }],
    });

  /**
   * K-1 Spät GmbH (limit 5,000 €): RE-1 paid 30 days late, RE-2 collected and returned by the bank,
   * RE-3 with a dispute rejected and a promise broken, RE-4 not yet due.
   * K-2 Pünktlich AG: five invoices paid a day early, one open not yet due.
   * K-3 Neu KG: nothing yet. K-4 Knapp OHG (limit 1,000 €): one open invoice of 1,190 €.
   */
  async function company(c: ServiceContext) {
    await createCustomer(c, {
      number: 'K-1',
      name: 'Spät GmbH',
      debtorKind: 'business',
      creditLimitCents: 500_000,
    });
    await createCustomer(c, { number: 'K-2', name: 'Pünktlich AG', debtorKind: 'business' });
    await createCustomer(c, { number: 'K-3', name: 'Neu KG', debtorKind: 'business' });
    await createCustomer(c, {
      number: 'K-4',
      name: 'Knapp OHG',
      debtorKind: 'business',
      creditLimitCents: 100_000,
    });
    await invoice('K-1', 'RE-1', '2025-03-03', '1000.00'); // due 17 March
    await invoice('K-1', 'RE-2', '2025-04-01', '500.00'); // due 15 April
    await invoice('K-1', 'RE-3', '2025-05-02', '1000.00'); // due 16 May
    await invoice('K-1', 'RE-4', '2025-06-20', '500.00', 30); // due 21 July (20 July is a Sunday)
    await recordPayment(c, {
      customerNumber: 'K-1',
      receivedOn: '2025-04-16',
      amount: '1190.00',
      invoiceNumbers: ['RE-1'],
    });
    await importEntries([entry(595_00, '2025-04-15', 'RE-2', { endToEndId: 'E2E-RE-2', mandateId: 'M-1' })]);
    await importEntries([
      entry(
        598_50,
        '2025-04-18',
        'RUECKLASTSCHRIFT',
        {
          endToEndId: 'E2E-RE-2',
          mandateId: 'M-1',
          returnReason: 'MD06',
          originalAmountCents: 595_00,
          chargesCents: 3_50,
        },
        'debit',
      ),
    ]);
    const dispute = await openDispute(c, {
      invoiceNumber: 'RE-3',
      openedOn: '2025-05-20',
      reason: 'Menge falsch',
    });
    await resolveDispute(c, dispute.id, { resolvedOn: '2025-05-22', resolution: 'rejected' });
    await recordPromiseToPay(c, {
      invoiceNumber: 'RE-3',
      madeOn: '2025-05-23',
      payBy: '2025-05-30',
      amount: '1190.00',
    });
    await settlePromises(c, '2025-06-10' as CalendarDate);
    for (const month of ['01', '02', '03', '04', '05']) {
      await invoice('K-2', `P-${month}`, `2025-${month}-02`, '2000.00');
      await recordPayment(c, {
        customerNumber: 'K-2',
        receivedOn: `2025-${month}-15`,
        amount: '2380.00',
        invoiceNumbers: [`P-${month}`],
      });
    }
    await invoice('K-2', 'P-06', '2025-06-25', '2000.00');
    await invoice('K-4', 'KN-1', '2025-06-20', '1000.00');
  }

  it('explains a late payer’s score by the facts that moved it', async () => {
    const risk = await customerRisk(ctx, { number: 'K-1' }, TODAY);
    expect(risk.customer).toMatchObject({ number: 'K-1', name: 'Spät GmbH', creditLimitCents: 500_000 });
    // RE-1 30 days late, RE-2 (returned) 76 and RE-3 45 days overdue, RE-4 not yet due.
    expect(risk.behaviour).toMatchObject({
      invoicesWithRecord: 3,
      invoicesSettled: 1,
      invoicesOverdue: 2,
      averageDaysLate: 50.3,
      shareLatePercent: 100,
      overdueCents: 59_500 + 119_000,
      oldestOverdueDays: 76,
      promisesBroken: 1,
      promisesKept: 0,
      returnedPayments: 1,
      disputesLost: 1,
      noticesSent: 0,
      // 357,000 issued since 3 March: 120 days, 4 months.
      monthlyVolumeCents: 89_250,
    });
    // (119,000 × 30 + 59,500 × 76 + 119,000 × 45) / 297,500 = 45.2 days → 30 × 45.2/60 = 22.6 → 23.
    expect(Object.fromEntries(risk.factors.map((f) => [f.key, f.points]))).toEqual({
      'days-late': 23,
      'share-late': 10,
      'overdue-amount': 8,
      'overdue-age': 6,
      'broken-promises': 4,
      returns: 3,
      'disputes-lost': 2,
      notices: 0,
      collection: 0,
      'thin-history': 8,
    });
    expect(risk.score).toBe(64);
    expect(risk.band).toBe('very-high');
    // 89,250 × 2 × 36 % = 64,260 → €600 in steps of €100.
    expect(risk.suggestedLimit.cents).toBe(60_000);
    expect(risk.expectation).toEqual({ typicalDaysLate: 30, probabilityPercent: 70 });
    // Open: RE-2 with the bank's return charges, RE-3, RE-4.
    expect(risk.exposure).toEqual({
      openClaimsCents: 59_500 + 3_50 + 119_000 + 59_500,
      openOrdersCents: 0,
      totalCents: 238_350,
      creditLimitCents: 500_000,
      usedPercent: 47.7,
      overLimitCents: 0,
    });
  });

  it('reads the facts as of an earlier day: payments and events after it do not count', async () => {
    const risk = await customerRisk(ctx, { number: 'K-1' }, '2025-04-16' as CalendarDate);
    // RE-1 paid that day (30 days late), RE-2 collected on its due date (returned only on 18 April);
    // nothing returned, disputed or promised yet.
    expect(risk.behaviour).toMatchObject({
      invoicesWithRecord: 2,
      invoicesSettled: 2,
      averageDaysLate: 15,
      returnedPayments: 0,
      disputesLost: 0,
      promisesBroken: 0,
    });
  });

  it('gives a punctual customer a low score and a customer without history the neutral one', async () => {
    const punctual = await customerRisk(ctx, { number: 'K-2' }, TODAY);
    expect(punctual.score).toBe(0);
    expect(punctual.band).toBe('low');
    expect(punctual.behaviour).toMatchObject({ invoicesSettled: 5, averageDaysLate: 0 });
    const fresh = await customerRisk(ctx, { number: 'K-3' }, TODAY);
    expect(fresh).toMatchObject({ score: 20, band: 'medium', suggestedLimit: { cents: null } });
    expect(fresh.factors.find((f) => f.points > 0)?.key).toBe('thin-history');
  });

  it('names the customer it cannot find', async () => {
    await expect(customerRisk(ctx, { number: 'K-99' }, TODAY)).rejects.toMatchObject({
      code: 'not-found',
      issues: [{ path: 'customerNumber' }],
    });
    const other = await newTenantContext(database);
    const mine = await customerRisk(ctx, { number: 'K-1' }, TODAY);
    await expect(customerRisk(other, { id: mine.customer.id }, TODAY)).rejects.toMatchObject({
      code: 'not-found',
    });
  });

  it('lists the customers with open items riskiest first, with the alerts of those above their limit', async () => {
    const list = await riskList(ctx, TODAY);
    expect(list.items.map((i) => [i.customerNumber, i.score, i.band])).toEqual([
      ['K-1', 64, 'very-high'],
      ['K-4', 20, 'medium'],
      ['K-2', 0, 'low'],
    ]);
    expect(list.customers).toBe(3);
    expect(list.bands).toEqual({ low: 1, medium: 1, high: 0, 'very-high': 1 });
    expect(list.items[0]).toMatchObject({
      topFactors: [
        { key: 'days-late', points: 23 },
        { key: 'share-late', points: 10 },
        { key: 'overdue-amount', points: 8 },
      ],
      exposureCents: 238_350,
      overLimitCents: 0,
    });
    expect(list.alerts).toEqual([
      {
        customerId: list.items[1]?.customerId,
        customerNumber: 'K-4',
        name: 'Knapp OHG',
        creditLimitCents: 100_000,
        openClaimsCents: 119_000,
        openOrdersCents: 0,
        exposureCents: 119_000,
        overLimitCents: 19_000,
      },
    ]);
    expect((await riskList(ctx, TODAY, { band: 'low' })).items.map((i) => i.customerNumber)).toEqual(['K-2']);
    expect((await riskList(ctx, TODAY, { limit: 1 })).items).toHaveLength(1);
    await expect(riskList(ctx, TODAY, { limit: 0 })).rejects.toMatchObject({
      code: 'validation',
      issues: [{ path: 'limit' }],
    });
  });

  it('counts orders not yet invoiced into the exposure behind the alerts', async () => {
    const c = await newTenantContext(database, { now: () => new Date(`${TODAY}T09:00:00Z`) });
    await createCustomer(c, {
      number: 'O-1',
      name: 'Besteller GmbH',
      debtorKind: 'business',
      creditLimitCents: 200_000,
    });
    await captureOrder(c, {
      customerNumber: 'O-1',
      orderedOn: TODAY,
      lines: [{ description: 'Maschine', unitPrice: '1500.00' }],
    });
    expect(await creditLimitAlerts(c)).toEqual([]);
    const second = await captureOrder(c, {
      customerNumber: 'O-1',
      orderedOn: TODAY,
      lines: [{ description: 'Zubehör', unitPrice: '500.00' }],
    });
    expect(second.creditLimitWarning).toMatchObject({ exposureCents: 178_500, exceededByCents: 38_000 });
    expect(await creditLimitAlerts(c)).toMatchObject([
      { customerNumber: 'O-1', openClaimsCents: 0, openOrdersCents: 238_000, overLimitCents: 38_000 },
    ]);
  });
});
