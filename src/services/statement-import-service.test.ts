import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  newTenantContext,
  openTestDatabase,
  TEST_DATABASE_KINDS,
  type TestDatabase,
} from '../../test/support/test-database.ts';
import {
  bankEntries,
  bankStatements,
  bankTransactions,
  claimCosts,
  claimStates,
  customers,
  directDebits,
  invoices,
  noticeItems,
  paymentAllocations,
  payments,
} from '../db/schema.ts';
import type { CalendarDate } from '../domain/calendar-date.ts';
import { creditorReferenceFor } from '../domain/creditor-reference.ts';
import { type BankStatement, emptyTransaction, type StatementEntry } from '../formats/bank-statement.ts';
import { writeCamt053 } from '../formats/camt-writer.ts';
import { readEvents } from '../db/event-store.ts';
import { verifyEventChain } from './audit-service.ts';
import { updateCompanyProfile } from './company-service.ts';
import { createInstalmentPlan, getInstalmentPlan } from './instalment-plan-service.ts';
import { addMandate, exportDirectDebits } from './sepa-service.ts';
import { runDunning } from './dunning-run-service.ts';
import { createCustomer } from './customer-service.ts';
import { createInvoice } from './invoice-service.ts';
import { assignBankTransaction, ignoreBankTransaction, listReviewQueue } from './payment-review-service.ts';
import type { ServiceContext } from './service-context.ts';
import { importStatement } from './statement-import-service.ts';

const ACCOUNT = 'DE89370400440532013000';
const PAYER_IBAN = 'DE02120300000000202051';

function credit(
  cents: number,
  remittance: string[],
  extra: Partial<StatementEntry> & { tx?: Partial<StatementEntry['transactions'][number]> } = {},
): StatementEntry {
  const { tx, ...entry } = extra;
  return {
    bookingDate: '2025-03-12' as CalendarDate,
    valueDate: '2025-03-12' as CalendarDate,
    amountCents: cents,
    currency: 'EUR',
    direction: 'credit',
    reversal: false,
    status: 'BOOK',
    bankReference: null,
    bankTransactionCode: null,
    bookingText: null,
    transactions: [
      {
        ...emptyTransaction(cents, 'EUR'),
        remittance,
        counterparty: { name: 'Müller Maschinenbau GmbH', iban: PAYER_IBAN, bic: null },
        ...tx,
      },
    ],
    ...entry,
  };
}

describe.each(TEST_DATABASE_KINDS)('importing bank statements on %s', (kind) => {
  let database: TestDatabase;
  let dir: string;
  let files = 0;
  beforeAll(async () => {
    database = await openTestDatabase(kind);
    dir = mkdtempSync(join(tmpdir(), 'mahnwerk-statement-'));
  }, 60_000);
  afterAll(async () => {
    await database?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  function writeStatement(entries: StatementEntry[], id = 'STMT-1'): string {
    const statement: BankStatement = {
      id,
      account: { iban: ACCOUNT, currency: 'EUR' },
      openingBalanceCents: 0,
      closingBalanceCents: null,
      entries,
      sequenceNumber: '1',
      fromDate: null,
      toDate: null,
    };
    const path = join(dir, `statement-${++files}.xml`);
    writeFileSync(
      path,
      [...writeCamt053(statement, { messageId: 'T', createdAt: '2025-03-12T18:00:00' })].join(''),
    );
    return path;
  }

  /** Customer K-1 with RE-1 (1,190.00, 2 % Skonto within 10 days), RE-2 and RE-3 (each 595.00). */
  async function setup(): Promise<ServiceContext> {
    const ctx = await newTenantContext(database);
    await createCustomer(ctx, { number: 'K-1', name: 'Müller Maschinenbau GmbH', debtorKind: 'business' });
    await createCustomer(ctx, { number: 'K-2', name: 'Schmidt Logistik AG', debtorKind: 'business' });
    const invoice = (number: string, customerNumber: string, price: string, skonto = false) =>
      createInvoice(ctx, {
        customerNumber,
        number,
        issuedOn: '2025-03-03',
        paymentTerms: skonto
          ? { kind: 'net', days: 30, skonto: [{ percent: '2', days: 10 }] }
          : { kind: 'net', days: 14 },
        lines: [{ description: 'Ware', quantity: '1', unitPrice: price, vatRatePercent: '19' }],
      });
    await invoice('RE-1', 'K-1', '1000.00', true);
    await invoice('RE-2', 'K-1', '500.00');
    await invoice('RE-3', 'K-1', '500.00');
    await invoice('RE-4', 'K-2', '100.00');
    return ctx;
  }

  const claim = async (ctx: ServiceContext, number: string) => {
    const [row] = await ctx.db
      .select({
        principal: claimStates.openPrincipalCents,
        costs: claimStates.openCostsCents,
        status: invoices.status,
      })
      .from(claimStates)
      .innerJoin(
        invoices,
        and(eq(invoices.tenantId, claimStates.tenantId), eq(invoices.id, claimStates.invoiceId)),
      )
      .where(and(eq(claimStates.tenantId, ctx.tenantId), eq(invoices.number, number)));
    return row;
  };

  it('books payments naming their invoices, with Skonto and several invoices in one transfer', async () => {
    const ctx = await setup();
    const path = writeStatement([
      // 1,190.00 − 2 % = 1,166.20 within the Skonto period.
      credit(1166_20, ['RE-1 abzgl. 2% Skonto']),
      credit(1190_00, ['Rechnungen RE-2 und RE-3']),
    ]);
    const result = await importStatement(ctx, { path });
    expect(result).toMatchObject({ entriesRead: 2, entriesAdded: 2, booked: 2, review: 0, parked: 0 });
    expect(await claim(ctx, 'RE-1')).toEqual({ principal: 0, costs: 0, status: 'paid' });
    expect(await claim(ctx, 'RE-2')).toMatchObject({ principal: 0, status: 'paid' });
    expect(await claim(ctx, 'RE-3')).toMatchObject({ principal: 0, status: 'paid' });
    const skonto = await ctx.db
      .select()
      .from(paymentAllocations)
      .where(and(eq(paymentAllocations.tenantId, ctx.tenantId), eq(paymentAllocations.component, 'skonto')));
    expect(skonto.map((a) => a.amountCents)).toEqual([23_80]);
    // The payer's IBAN is learnt for the customer.
    const [k1] = await ctx.db
      .select({ ibans: customers.ibans })
      .from(customers)
      .where(and(eq(customers.tenantId, ctx.tenantId), eq(customers.number, 'K-1')));
    expect(k1?.ibans).toEqual([PAYER_IBAN]);
    expect((await verifyEventChain(ctx)).ok).toBe(true);
  });

  it('adds nothing when the same file or an overlapping one is imported again', async () => {
    const ctx = await setup();
    const first = credit(595_00, ['RE-2'], { bankReference: 'BANKREF-1' });
    const second = credit(100_00, ['RE-3 Teilzahlung']);
    const path = writeStatement([first, second]);
    expect(await importStatement(ctx, { path })).toMatchObject({ entriesAdded: 2, booked: 2 });
    expect(await importStatement(ctx, { path })).toMatchObject({ alreadyImported: true, entriesAdded: 0 });
    const other = credit(119_00, ['RE-4'], {
      tx: { counterparty: { name: 'Schmidt Logistik AG', iban: 'DE75512108001245126199', bic: null } },
    });
    const overlapping = writeStatement([first, second, other], 'STMT-2');
    expect(await importStatement(ctx, { path: overlapping })).toMatchObject({
      alreadyImported: false,
      entriesRead: 3,
      entriesAdded: 1,
      booked: 1,
    });
    const paid = await ctx.db.select().from(payments).where(eq(payments.tenantId, ctx.tenantId));
    expect(paid).toHaveLength(3);
    expect(await claim(ctx, 'RE-3')).toMatchObject({ principal: 495_00, status: 'open' });
  });

  it('writes off a small shortfall within the tolerance; an overpayment pays other claims, then is held as credit', async () => {
    const ctx = await setup();
    // 600.00 for RE-3 (595.00): 5.00 go to RE-1 (§366 Abs. 2 BGB). Then 1,200.00 for RE-1 (1,185.00 left): 15.00 credit.
    const path = writeStatement([
      credit(594_50, ['RE-2']),
      credit(600_00, ['RE-3']),
      credit(1200_00, ['RE-1']),
    ]);
    await importStatement(ctx, { path, toleranceCents: 100 });
    expect(await claim(ctx, 'RE-2')).toMatchObject({ principal: 0, status: 'paid' });
    const components = await ctx.db
      .select({ component: paymentAllocations.component, cents: paymentAllocations.amountCents })
      .from(paymentAllocations)
      .where(eq(paymentAllocations.tenantId, ctx.tenantId))
      .orderBy(paymentAllocations.id);
    expect(components).toEqual([
      { component: 'principal', cents: 594_50 },
      { component: 'write-off', cents: 50 },
      { component: 'principal', cents: 595_00 },
      { component: 'principal', cents: 5_00 },
      { component: 'principal', cents: 1185_00 },
      { component: 'credit', cents: 15_00 },
    ]);
  });

  it('reopens the claim of a returned direct debit and charges the bank fee as its cost', async () => {
    const ctx = await setup();
    const collected = credit(595_00, ['Lastschrift RE-2'], {
      tx: { endToEndId: 'E2E-RE-2', mandateId: 'M-1' },
    });
    await importStatement(ctx, { path: writeStatement([collected]) });
    expect(await claim(ctx, 'RE-2')).toMatchObject({ principal: 0, status: 'paid' });
    const returned = credit(598_50, ['RUECKLASTSCHRIFT'], {
      direction: 'debit',
      bookingDate: '2025-03-14' as CalendarDate,
      valueDate: '2025-03-14' as CalendarDate,
      tx: {
        endToEndId: 'E2E-RE-2',
        mandateId: 'M-1',
        returnReason: 'MD06',
        originalAmountCents: 595_00,
        chargesCents: 3_50,
      },
    });
    const result = await importStatement(ctx, { path: writeStatement([returned], 'STMT-R') });
    expect(result).toMatchObject({ returns: 1, booked: 1 });
    expect(await claim(ctx, 'RE-2')).toEqual({ principal: 595_00, costs: 3_50, status: 'open' });
    const costs = await ctx.db.select().from(claimCosts).where(eq(claimCosts.tenantId, ctx.tenantId));
    expect(costs).toMatchObject([{ kind: 'return-charges', amountCents: 3_50, incurredOn: '2025-03-14' }]);
    const all = await ctx.db
      .select()
      .from(payments)
      .where(eq(payments.tenantId, ctx.tenantId))
      .orderBy(payments.id);
    expect(all.map((p) => p.amountCents)).toEqual([595_00, -595_00]);
    expect(all[0]?.reversedByPaymentId).toBe(all[1]?.id);
  });

  it('undoes exactly what a reversed credit had booked, without charges', async () => {
    const ctx = await setup();
    const transfer = credit(595_00, ['RE-2'], { tx: { endToEndId: 'E2E-7' } });
    await importStatement(ctx, { path: writeStatement([transfer]) });
    const reversed = credit(595_00, ['RE-2'], {
      direction: 'debit',
      reversal: true,
      bookingDate: '2025-03-13' as CalendarDate,
      valueDate: '2025-03-13' as CalendarDate,
      tx: { endToEndId: 'E2E-7' },
    });
    expect(await importStatement(ctx, { path: writeStatement([reversed], 'STMT-RV') })).toMatchObject({
      returns: 1,
    });
    expect(await claim(ctx, 'RE-2')).toEqual({ principal: 595_00, costs: 0, status: 'open' });
    expect(await ctx.db.select().from(claimCosts).where(eq(claimCosts.tenantId, ctx.tenantId))).toEqual([]);
  });

  it("a claim paid by today's statement is not dunned by today's run", async () => {
    const ctx = await setup();
    // RE-2 and RE-3 were due on 17 March; the payment reminder comes 7 days later.
    const day = '2025-03-31' as CalendarDate;
    const path = writeStatement([credit(595_00, ['RE-2'], { bookingDate: day, valueDate: day })]);
    await importStatement(ctx, { path });
    const run = await runDunning(ctx, database, { date: day });
    const items = await ctx.db
      .select({ number: invoices.number })
      .from(noticeItems)
      .innerJoin(
        invoices,
        and(eq(invoices.tenantId, noticeItems.tenantId), eq(invoices.id, noticeItems.invoiceId)),
      )
      .where(eq(noticeItems.tenantId, ctx.tenantId));
    expect(run.notices).toBeGreaterThan(0);
    expect(items.map((i) => i.number)).toContain('RE-3');
    expect(items.map((i) => i.number)).not.toContain('RE-2');
  });

  it('keeps two equal transfers of one day apart, but a statement delivered twice in one file once', async () => {
    const ctx = await setup();
    const twice = [credit(100_00, ['RE-2']), credit(100_00, ['RE-2'])];
    const withoutReference = [
      credit(50_00, ['RE-3'], { bankReference: 'NOTPROVIDED' }),
      credit(50_00, ['RE-3'], { bankReference: 'NOTPROVIDED' }),
    ];
    const result = await importStatement(ctx, { path: writeStatement([...twice, ...withoutReference]) });
    expect(result).toMatchObject({ entriesAdded: 4, booked: 4 });
    expect(await claim(ctx, 'RE-2')).toMatchObject({ principal: 395_00 });
    expect(await claim(ctx, 'RE-3')).toMatchObject({ principal: 495_00 });

    // camt.052 intraday reports repeat the day's entries: the same statement twice in one file.
    const repeated = credit(20_00, ['RE-3']);
    const path = join(dir, 'repeated.xml');
    const one = [
      ...writeCamt053(
        {
          id: 'R',
          account: { iban: ACCOUNT, currency: 'EUR' },
          openingBalanceCents: null,
          closingBalanceCents: null,
          entries: [repeated],
          sequenceNumber: null,
          fromDate: null,
          toDate: null,
        },
        { messageId: 'T', createdAt: '2025-03-12T18:00:00' },
      ),
    ].join('');
    const statement = /<Stmt>.*<\/Stmt>/s.exec(one)?.[0] ?? '';
    writeFileSync(path, one.replace(statement, statement + statement.replace('<Id>R</Id>', '<Id>R2</Id>')));
    expect(await importStatement(ctx, { path })).toMatchObject({
      statements: 2,
      entriesRead: 2,
      entriesAdded: 1,
    });
    expect(await claim(ctx, 'RE-3')).toMatchObject({ principal: 475_00 });
  });

  it('does not write off a Skonto discount a second time as a shortfall', async () => {
    const ctx = await setup();
    await createInvoice(ctx, {
      customerNumber: 'K-1',
      number: 'RE-9',
      issuedOn: '2025-03-03',
      paymentTerms: { kind: 'net', days: 30, skonto: [{ percent: '2', days: 10 }] },
      lines: [{ description: 'Kleinteil', quantity: '1', unitPrice: '30.00', vatRatePercent: '19' }],
    });
    // 35.70 − 2 % (0.71) = 34.99.
    await importStatement(ctx, { path: writeStatement([credit(34_99, ['RE-9'])]), toleranceCents: 100 });
    expect(await claim(ctx, 'RE-9')).toEqual({ principal: 0, costs: 0, status: 'paid' });
    const rows = await ctx.db
      .select({ component: paymentAllocations.component, cents: paymentAllocations.amountCents })
      .from(paymentAllocations)
      .where(eq(paymentAllocations.tenantId, ctx.tenantId));
    expect(rows).toEqual([
      { component: 'principal', cents: 34_99 },
      { component: 'skonto', cents: 71 },
    ]);
  });

  it('sends a second payment of an invoice paid before to review instead of another invoice', async () => {
    const ctx = await setup();
    await importStatement(ctx, { path: writeStatement([credit(595_00, ['RE-2'], { bankReference: 'A' })]) });
    // RE-3 has the same amount open and the IBAN is known by now: still, the payer named RE-2.
    const again = credit(595_00, ['RE-2'], { bankReference: 'B' });
    const result = await importStatement(ctx, { path: writeStatement([again], 'STMT-2') });
    expect(result).toMatchObject({ booked: 0, review: 1 });
    expect(await claim(ctx, 'RE-3')).toMatchObject({ principal: 595_00 });
    const [item] = await listReviewQueue(ctx);
    expect(item?.suggestions[0]?.evidence).toEqual(
      expect.arrayContaining([expect.stringMatching(/RE-2, settled already/)]),
    );
  });

  it('recognises a returned direct debit by its booking text when the bank gives no code', async () => {
    const ctx = await setup();
    await importStatement(ctx, {
      path: writeStatement([credit(595_00, ['Lastschrift RE-2'], { tx: { mandateId: 'M-9' } })]),
    });
    const returned = credit(595_00, ['RE-2'], {
      direction: 'debit',
      bookingText: 'RUECKLASTSCHRIFT',
      tx: { mandateId: 'M-9' },
    });
    expect(await importStatement(ctx, { path: writeStatement([returned], 'STMT-R') })).toMatchObject({
      returns: 1,
    });
    expect(await claim(ctx, 'RE-2')).toMatchObject({ principal: 595_00, status: 'open' });
  });

  it('undoes only the payment a reversal names by end-to-end id and amount or IBAN', async () => {
    const ctx = await setup();
    const other = {
      counterparty: { name: 'Schmidt Logistik AG', iban: 'DE75512108001245126199', bic: null },
    };
    await importStatement(ctx, {
      path: writeStatement([
        credit(595_00, ['RE-2'], { tx: { endToEndId: '1' } }),
        credit(119_00, ['RE-4'], { tx: { endToEndId: '1', ...other } }),
      ]),
    });
    const reversed = credit(595_00, ['RE-2'], {
      direction: 'debit',
      reversal: true,
      tx: { endToEndId: '1' },
    });
    await importStatement(ctx, { path: writeStatement([reversed], 'STMT-RV') });
    expect(await claim(ctx, 'RE-2')).toMatchObject({ principal: 595_00, status: 'open' });
    expect(await claim(ctx, 'RE-4')).toMatchObject({ principal: 0, status: 'paid' });
  });

  it('queues what it cannot place, and a person books it against the invoices they choose', async () => {
    const ctx = await setup();
    const path = writeStatement([
      credit(50_00, ['Abschlag'], { tx: { counterparty: { name: 'Someone Else', iban: null, bic: null } } }),
      credit(77_00, ['Rechnung 2 bitte'], {
        tx: { counterparty: { name: 'Müller', iban: null, bic: null } },
      }),
      credit(12_00, ['Miete'], { direction: 'debit' }),
    ]);
    const result = await importStatement(ctx, { path });
    expect(result).toMatchObject({ booked: 0, parked: 1, review: 1, ignored: 1 });
    const queue = await listReviewQueue(ctx);
    expect(queue.map((q) => q.status)).toEqual(['parked', 'review']);
    const review = queue[1]!;
    expect(review.suggestions[0]).toMatchObject({ customerNumber: 'K-1' });

    await assignBankTransaction(ctx, { transactionId: review.id, invoiceNumbers: ['RE-2'] });
    expect(await claim(ctx, 'RE-2')).toMatchObject({ principal: 518_00 });
    await expect(
      assignBankTransaction(ctx, { transactionId: review.id, invoiceNumbers: ['RE-2'] }),
    ).rejects.toThrow(/not waiting for review/);
    await expect(
      assignBankTransaction(ctx, { transactionId: queue[0]!.id, invoiceNumbers: ['RE-2', 'RE-4'] }),
    ).rejects.toThrow(/different customers/);
    await ignoreBankTransaction(ctx, queue[0]!.id, 'private transfer');
    expect(await listReviewQueue(ctx)).toEqual([]);
    expect((await verifyEventChain(ctx)).ok).toBe(true);
  });

  it('books an RF creditor reference against its invoice even without any text', async () => {
    const ctx = await setup();
    const path = writeStatement([
      credit(119_00, [], {
        tx: {
          creditorReference: creditorReferenceFor('RE-4'),
          counterparty: { name: null, iban: null, bic: null },
        },
      }),
    ]);
    expect(await importStatement(ctx, { path })).toMatchObject({ booked: 1 });
    expect(await claim(ctx, 'RE-4')).toMatchObject({ principal: 0, status: 'paid' });
  });

  it('stores the closing balance MT940 gives after the entries, also for a statement longer than one batch', async () => {
    const ctx = await setup();
    // 1,200 credits of 0.01 (more than one batch of 1,000 entries), then a statement of one credit.
    const credits = (count: number, from: number) =>
      Array.from({ length: count }, (_, i) => [
        `:61:2503120312C0,01NTRFNONREF//MT-${from + i}`,
        `:86:166?00GUTSCHRIFT?20SVWZ+Spende ${from + i}?32Spender`,
      ]).flat();
    const text = [
      ':20:LONG',
      `:25:${ACCOUNT}`,
      ':28C:00001/001',
      ':60F:C250311EUR100,00',
      ...credits(1200, 0),
      ':62F:C250312EUR112,00',
      '-',
      ':20:SHORT',
      `:25:${ACCOUNT}`,
      ':28C:00002/001',
      ':60F:C250312EUR112,00',
      ...credits(1, 1200),
      ':62F:C250313EUR112,01',
      '-',
    ].join('\r\n');
    const path = join(dir, `statement-${++files}.sta`);
    writeFileSync(path, text, 'latin1');
    expect(await importStatement(ctx, { path })).toMatchObject({ statements: 2, entriesAdded: 1201 });
    const rows = await ctx.db
      .select({
        ref: bankStatements.statementRef,
        opening: bankStatements.openingBalanceCents,
        closing: bankStatements.closingBalanceCents,
        from: bankStatements.fromDate,
        to: bankStatements.toDate,
      })
      .from(bankStatements)
      .where(eq(bankStatements.tenantId, ctx.tenantId))
      .orderBy(bankStatements.id);
    expect(rows).toEqual([
      { ref: 'LONG/00001/001', opening: 100_00, closing: 112_00, from: '2025-03-11', to: '2025-03-12' },
      { ref: 'SHORT/00002/001', opening: 112_00, closing: 112_01, from: '2025-03-12', to: '2025-03-13' },
    ]);
  });

  it('stores nothing of an MT940 file whose last statement is broken', async () => {
    const ctx = await setup();
    const text = [
      ':20:GOOD',
      `:25:${ACCOUNT}`,
      ':60F:C250311EUR0,00',
      ':61:2503120312C595,00NTRFNONREF//GOOD-1',
      ':86:166?00GUTSCHRIFT?20SVWZ+RE-2',
      ':62F:C250312EUR595,00',
      '-',
      ':20:BROKEN',
      `:25:${ACCOUNT}`,
      ':60F:C250312EUR595,00',
      ':61:2503130313C100.00NTRFNONREF//BROKEN-1',
      ':62F:C250313EUR695,00',
    ].join('\n');
    const path = join(dir, `statement-${++files}.sta`);
    writeFileSync(path, text, 'latin1');
    await expect(importStatement(ctx, { path })).rejects.toMatchObject({
      code: 'import-rejected',
      message: expect.stringMatching(/:11: :61: expected an amount with decimal comma/),
    });
    const stored = await ctx.db.select().from(bankEntries).where(eq(bankEntries.tenantId, ctx.tenantId));
    expect(stored).toEqual([]);
    expect(await claim(ctx, 'RE-2')).toMatchObject({ principal: 595_00 });
  });

  it('rejects a file it cannot read with the place of the error, and stores nothing', async () => {
    const ctx = await setup();
    const good = [
      ...writeCamt053(
        {
          id: 'S',
          account: { iban: ACCOUNT, currency: 'EUR' },
          openingBalanceCents: null,
          closingBalanceCents: null,
          entries: [credit(595_00, ['RE-2']), credit(100_00, ['RE-3'])],
          sequenceNumber: null,
          fromDate: null,
          toDate: null,
        },
        { messageId: 'T', createdAt: '2025-03-12T18:00:00' },
      ),
    ].join('');
    // The second entry's amount is broken: the first must not be booked either.
    const broken = good.replace(
      '<Amt Ccy="EUR">100.00</Amt><CdtDbtInd>CRDT</CdtDbtInd><Sts>',
      '<Amt Ccy="EUR">100,00</Amt><CdtDbtInd>CRDT</CdtDbtInd><Sts>',
    );
    expect(broken).not.toBe(good);
    const path = join(dir, 'broken.xml');
    writeFileSync(path, broken);
    await expect(importStatement(ctx, { path })).rejects.toMatchObject({
      code: 'import-rejected',
      message: expect.stringMatching(
        /broken\.xml at Document\/BkToCstmrStmt\/Stmt\[1\]\/Ntry\[2\]\/Amt: expected an amount/,
      ),
    });
    const stored = await ctx.db.select().from(bankEntries).where(eq(bankEntries.tenantId, ctx.tenantId));
    expect(stored).toEqual([]);
    expect(
      await ctx.db.select().from(bankTransactions).where(eq(bankTransactions.tenantId, ctx.tenantId)),
    ).toEqual([]);
    expect(await claim(ctx, 'RE-2')).toMatchObject({ principal: 595_00 });
  });

  /** The company collects by direct debit: creditor id, bank account, and K-1's mandate. */
  async function collecting(ctx: ServiceContext): Promise<void> {
    await updateCompanyProfile(ctx, {
      creditorId: 'DE98ZZZ09999999999',
      bank: { iban: ACCOUNT, bic: null, bankName: null },
    });
    await addMandate(ctx, {
      customerNumber: 'K-1',
      reference: 'M-K1',
      signedOn: '2025-03-01',
      iban: PAYER_IBAN,
    });
  }

  const directDebitsOf = (ctx: ServiceContext) =>
    ctx.db
      .select()
      .from(directDebits)
      .where(eq(directDebits.tenantId, ctx.tenantId))
      .orderBy(directDebits.id);

  /** The credit of our collection as the bank books it: the debtor's account, our end-to-end id. */
  const collected = (cents: number, endToEndId: string, day = '2025-04-10') =>
    credit(cents, ['SEPA-Basislastschrift'], {
      bookingDate: day as CalendarDate,
      valueDate: day as CalendarDate,
      tx: { endToEndId, mandateId: 'M-K1', creditorId: 'DE98ZZZ09999999999' },
    });

  it('round trip: exported direct debits come back as credits and are booked to exactly their invoices; returns undo them', async () => {
    const ctx = await setup();
    await collecting(ctx);
    const exported = await exportDirectDebits(ctx, { collectionDate: '2025-04-10' });
    const [file] = exported.files;
    expect(file?.collections.map((c) => [c.invoiceNumber, c.sequenceType, c.amountCents])).toEqual([
      ['RE-2', 'FRST', 595_00],
      ['RE-3', 'RCUR', 595_00],
      ['RE-1', 'RCUR', 1190_00],
    ]);
    const e2e = new Map(file?.collections.map((c) => [c.invoiceNumber, c.endToEndId]));
    // One credit of its own, and a batch of two that states no single amounts (split by our collections).
    const batch: StatementEntry = {
      ...collected(1785_00, 'unused'),
      transactions: [
        { ...emptyTransaction(null, 'EUR'), endToEndId: e2e.get('RE-1') as string },
        { ...emptyTransaction(null, 'EUR'), endToEndId: e2e.get('RE-3') as string },
      ],
    };
    const result = await importStatement(ctx, {
      path: writeStatement([collected(595_00, e2e.get('RE-2') as string), batch], 'STMT-DD'),
    });
    expect(result).toMatchObject({ transactions: 3, booked: 3, bookedCents: 2380_00, review: 0, parked: 0 });
    for (const number of ['RE-1', 'RE-2', 'RE-3']) {
      expect(await claim(ctx, number)).toMatchObject({ principal: 0, costs: 0, status: 'paid' });
    }
    // RE-1 offered Skonto, but we collected what was open: no discount, every cent to the principal.
    const allocations = await ctx.db
      .select({
        invoiceId: paymentAllocations.invoiceId,
        component: paymentAllocations.component,
        cents: paymentAllocations.amountCents,
      })
      .from(paymentAllocations)
      .where(eq(paymentAllocations.tenantId, ctx.tenantId));
    expect(allocations.filter((a) => a.component !== 'principal')).toEqual([]);
    const rows = await directDebitsOf(ctx);
    expect(rows.map((r) => r.status)).toEqual(['collected', 'collected', 'collected']);
    expect(rows.every((r) => r.paymentId !== null)).toBe(true);
    const transactions = await ctx.db
      .select()
      .from(bankTransactions)
      .where(eq(bankTransactions.tenantId, ctx.tenantId))
      .orderBy(bankTransactions.id);
    expect(transactions.map((t) => [t.amountCents, t.confidence, t.evidence[0]])).toEqual([
      [595_00, 100, `own direct debit ${e2e.get('RE-2')} (mandate M-K1) for invoice RE-2`],
      [1190_00, 100, `own direct debit ${e2e.get('RE-1')} (mandate M-K1) for invoice RE-1`],
      [595_00, 100, `own direct debit ${e2e.get('RE-3')} (mandate M-K1) for invoice RE-3`],
    ]);

    // The debtor objects to RE-2 (MD06, with the bank's charges), RE-3 bounces for lack of funds (AM04).
    const returned = (cents: number, endToEndId: string, reason: string, charges: number | null) =>
      credit(cents, ['RUECKLASTSCHRIFT'], {
        direction: 'debit',
        bookingDate: '2025-04-14' as CalendarDate,
        valueDate: '2025-04-14' as CalendarDate,
        tx: {
          endToEndId,
          mandateId: 'M-K1',
          returnReason: reason,
          originalAmountCents: 595_00,
          chargesCents: charges,
        },
      });
    const back = await importStatement(ctx, {
      path: writeStatement(
        [
          returned(598_50, e2e.get('RE-2') as string, 'MD06', 3_50),
          returned(595_00, e2e.get('RE-3') as string, 'AM04', null),
        ],
        'STMT-RT',
      ),
    });
    expect(back).toMatchObject({ returns: 2, booked: 2 });
    expect(await claim(ctx, 'RE-2')).toEqual({ principal: 595_00, costs: 3_50, status: 'open' });
    expect(await claim(ctx, 'RE-3')).toEqual({ principal: 595_00, costs: 0, status: 'open' });
    expect(await claim(ctx, 'RE-1')).toMatchObject({ principal: 0, status: 'paid' });
    expect(await ctx.db.select().from(claimCosts).where(eq(claimCosts.tenantId, ctx.tenantId))).toMatchObject(
      [{ kind: 'return-charges', amountCents: 3_50, incurredOn: '2025-04-14' }],
    );
    expect((await directDebitsOf(ctx)).map((r) => r.status)).toEqual(['returned', 'returned', 'collected']);
    const reversed = await ctx.db
      .select()
      .from(payments)
      .where(eq(payments.tenantId, ctx.tenantId))
      .orderBy(payments.id);
    expect(reversed.filter((p) => p.amountCents < 0).map((p) => p.amountCents)).toEqual([-595_00, -595_00]);
    const events = (await readEvents(ctx.db, ctx.tenantId, 0, 1000)).map((e) => e.type);
    expect(events.filter((t) => t.startsWith('direct-debit.'))).toEqual([
      'direct-debit.exported',
      'direct-debit.collected',
      'direct-debit.collected',
      'direct-debit.collected',
      'direct-debit.returned',
      'direct-debit.returned',
    ]);

    // Collected again: only RE-3, whose return said the money was missing, not the one the debtor refused.
    const again = await exportDirectDebits(ctx, { collectionDate: '2025-04-24' });
    expect(
      again.files.flatMap((f) => f.collections.map((c) => [c.invoiceNumber, c.sequenceType, c.amountCents])),
    ).toEqual([['RE-3', 'RCUR', 595_00]]);
    expect((await verifyEventChain(ctx)).ok).toBe(true);
  });

  it('books the collection of an instalment to the plan’s claims, as a payment of the instalment would be', async () => {
    const ctx = await setup();
    await collecting(ctx);
    const plan = await createInstalmentPlan(ctx, {
      customerNumber: 'K-1',
      invoiceNumbers: ['RE-2', 'RE-3'],
      agreedOn: '2025-03-20',
      count: 2,
      firstDueDate: '2025-04-01',
      rhythm: { months: 1 },
      reminderDaysBefore: null,
    } as never);
    const { files } = await exportDirectDebits(ctx, { collectionDate: '2025-04-03' });
    // RE-2 and RE-3 are collected only through the plan's first instalment (due first), RE-1 as an invoice.
    const collections = files.flatMap((f) => f.collections);
    expect(collections.map((c) => [c.invoiceNumber, c.planId, c.instalmentNumber])).toEqual([
      [null, plan.id, 1],
      ['RE-1', null, null],
    ]);
    const instalment = collections[0];
    const result = await importStatement(ctx, {
      path: writeStatement([
        collected(instalment?.amountCents ?? 0, instalment?.endToEndId ?? '', '2025-04-03'),
      ]),
    });
    expect(result).toMatchObject({ booked: 1, review: 0 });
    const after = await getInstalmentPlan(ctx, plan.id, '2025-04-03' as CalendarDate);
    expect(after.paidCents).toBe(instalment?.amountCents);
    expect(after.instalments.find((i) => i.number === 1)).toMatchObject({
      paidCents: instalment?.amountCents,
    });
    // The instalment paid the plan's claims; RE-1, open as well, keeps waiting for its own collection.
    expect(await claim(ctx, 'RE-1')).toMatchObject({ principal: 1190_00 });
    expect((await directDebitsOf(ctx)).map((r) => [r.planId, r.status])).toEqual([
      [plan.id, 'collected'],
      [null, 'exported'],
    ]);
  });

  it('marks a collection booked by hand from the review queue as collected', async () => {
    const ctx = await setup();
    await collecting(ctx);
    const { files } = await exportDirectDebits(ctx, { collectionDate: '2025-04-10' });
    const [re2] = files[0]?.collections ?? [];
    await importStatement(ctx, {
      path: writeStatement([collected(590_00, re2?.endToEndId ?? '')], 'STMT-A'),
    });
    const [item] = await listReviewQueue(ctx);
    await assignBankTransaction(ctx, { transactionId: item?.id as number, invoiceNumbers: ['RE-2'] });
    const rows = await directDebitsOf(ctx);
    expect(rows.find((r) => r.endToEndId === re2?.endToEndId)).toMatchObject({ status: 'collected' });
    expect(rows.filter((r) => r.status === 'collected')).toHaveLength(1);
  });

  it('sends a collection that does not fit to a person: another amount, or credited twice', async () => {
    const ctx = await setup();
    await collecting(ctx);
    const { files } = await exportDirectDebits(ctx, { collectionDate: '2025-04-10' });
    const [re2] = files[0]?.collections ?? [];
    const short = await importStatement(ctx, {
      path: writeStatement([collected(590_00, re2?.endToEndId ?? '')], 'STMT-A'),
    });
    expect(short).toMatchObject({ booked: 0, review: 1 });
    const queue = await listReviewQueue(ctx);
    expect(queue[0]?.reason).toEqual([
      `own direct debit ${re2?.endToEndId} (mandate M-K1) for invoice RE-2: collected 59500 cents, credited 59000 cents`,
    ]);
    await importStatement(ctx, {
      path: writeStatement([collected(595_00, re2?.endToEndId ?? '', '2025-04-11')], 'STMT-B'),
    });
    expect(await claim(ctx, 'RE-2')).toMatchObject({ principal: 0, status: 'paid' });
    const twice = await importStatement(ctx, {
      path: writeStatement([collected(595_00, re2?.endToEndId ?? '', '2025-04-12')], 'STMT-C'),
    });
    expect(twice).toMatchObject({ booked: 0, review: 1 });
    expect((await listReviewQueue(ctx)).map((item) => item.reason[0])).toContain(
      `own direct debit ${re2?.endToEndId} (mandate M-K1) for invoice RE-2: it was collected already — credited twice?`,
    );
    // Twice in one file: the second sees the first booked.
    const re3 = files[0]?.collections[1];
    const sameFile = await importStatement(ctx, {
      path: writeStatement(
        [
          collected(595_00, re3?.endToEndId ?? '', '2025-04-13'),
          collected(595_00, re3?.endToEndId ?? '', '2025-04-13'),
        ],
        'STMT-D',
      ),
    });
    expect(sameFile).toMatchObject({ booked: 1, review: 1 });
    expect(await claim(ctx, 'RE-3')).toMatchObject({ principal: 0, status: 'paid' });
  });
});
