import { and, eq, sql } from 'drizzle-orm';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  newTenantContext,
  openTestDatabase,
  TEST_DATABASE_KINDS,
  type TestDatabase,
} from '../../test/support/test-database.ts';
import { advisoryKeys } from '../db/database.ts';
import { findRun } from '../db/dunning-repository.ts';
import { insertPolicyVersion } from '../db/tenant-repository.ts';
import { DEFAULT_BUSINESS_POLICY } from '../domain/default-dunning-policies.ts';
import { claimStates, customers, dunningRuns, invoices, noticeItems, notices, outbox } from '../db/schema.ts';
import { parseCalendarDate } from '../domain/calendar-date.ts';
import { verifyEventChain } from './audit-service.ts';
import { createCustomer, setDunningBlock } from './customer-service.ts';
import { runDunning } from './dunning-run-service.ts';
import { openDispute, recordPromiseToPay } from './hold-service.ts';
import { createInstalmentPlan } from './instalment-plan-service.ts';
import { createInvoice } from './invoice-service.ts';
import { approveNotices } from './notice-service.ts';
import { Money } from '../domain/money.ts';
import { bookPaymentInTransaction, recordPayment } from './payment-service.ts';
import type { ServiceContext } from './service-context.ts';

const d = parseCalendarDate;

/** Resolves once a session of the database waits for a row lock (the run's batch behind a payment). */
async function waitForLockWait(url: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    for (let i = 0; i < 200; i++) {
      const { rows } = await client.query<{ n: number }>(
        `select count(*)::int as n from pg_stat_activity
          where datname = current_database() and wait_event_type = 'Lock'`,
      );
      if ((rows[0]?.n ?? 0) > 0) return;
      await new Promise((r) => setTimeout(r, 25));
    }
    throw new Error('no session waited for a lock within 5 s');
  } finally {
    await client.end();
  }
}

describe.each(TEST_DATABASE_KINDS)('dunning run on %s', (kind) => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await openTestDatabase(kind);
  }, 60_000);
  afterAll(() => database?.close());

  /** A business customer with invoices of 1,190.00 € each (1,000 net + 19 % VAT), net 14 days. */
  async function setup(invoiceDates: string[], customerNumber = 'K-1'): Promise<ServiceContext> {
    const ctx = await newTenantContext(database);
    await createCustomer(ctx, { number: customerNumber, name: 'Muster GmbH', debtorKind: 'business' });
    for (const [i, issuedOn] of invoiceDates.entries()) {
      await createInvoice(ctx, {
        customerNumber,
        number: `RE-${i + 1}`,
        issuedOn,
        paymentTerms: { kind: 'net', days: 14 },
        lines: [{ description: 'Beratung', quantity: '10', unitPrice: '100.00', vatRatePercent: '19' }],
      });
    }
    return ctx;
  }

  const noticesOf = (ctx: ServiceContext) =>
    ctx.db.select().from(notices).where(eq(notices.tenantId, ctx.tenantId)).orderBy(notices.id);

  it('proposes the payment reminder 7 days after the due date, with its items, and writes events that verify', async () => {
    // Issued 2 Jan 2025, due 16 Jan; the payment reminder is due on 23 Jan.
    const ctx = await setup(['2025-01-02']);
    const result = await runDunning(ctx, database, { date: d('2025-01-23') });
    expect(result).toMatchObject({ notices: 1, claims: 1, amountCents: 119_000 });
    expect(result.byStage['payment-reminder']).toEqual({ notices: 1, claims: 1, amountCents: 119_000 });
    const [notice] = await noticesOf(ctx);
    expect(notice).toMatchObject({
      status: 'proposed',
      stageKey: 'payment-reminder',
      policyKey: 'standard-business',
      policyVersion: 1,
    });
    // Deadline 23 Jan + 7 = 30 Jan (a Thursday).
    expect(notice?.paymentDeadline).toBe('2025-01-30');
    expect((await verifyEventChain(ctx)).ok).toBe(true);
  });

  it('is idempotent: a second run on the same date creates nothing', async () => {
    const ctx = await setup(['2025-01-02', '2025-01-03']);
    // Due 16 and 17 Jan: on 24 Jan both are 7 days or more overdue.
    const first = await runDunning(ctx, database, { date: d('2025-01-24') });
    const second = await runDunning(ctx, database, { date: d('2025-01-24') });
    expect(first.notices).toBe(1); // both invoices consolidated into one notice
    expect(first.claims).toBe(2);
    expect(second.notices).toBe(0);
    expect(second.heldBack['awaiting-approval']).toBe(2);
    await approveNotices(ctx, { all: true });
    const third = await runDunning(ctx, database, { date: d('2025-01-24') });
    expect(third.notices).toBe(0);
    expect(await noticesOf(ctx)).toHaveLength(1);
  });

  it('is idempotent beside a pre-due claim: a second run the same day sends it no reminder of its own', async () => {
    // RE-1 due 16 Jan (payment reminder on 27 Jan), RE-2 due 3 Feb (pre-due reminder from 27 Jan).
    const ctx = await setup(['2025-01-02', '2025-01-20']);
    const first = await runDunning(ctx, database, { date: d('2025-01-27') });
    expect(first).toMatchObject({ notices: 1, heldBack: { 'beside-overdue-notice': 1 } });
    // The rerun after a crash is such a second run: it must find nothing to do.
    const second = await runDunning(ctx, database, { date: d('2025-01-27') });
    expect(second).toMatchObject({ notices: 0, heldBack: { 'beside-overdue-notice': 1 } });
    expect(await noticesOf(ctx)).toHaveLength(1);
    // The next day the pre-due reminder is no longer beside a notice of the same day.
    const next = await runDunning(ctx, database, { date: d('2025-01-28') });
    expect(next.byStage).toEqual({ 'pre-due-reminder': { notices: 1, claims: 1, amountCents: 119_000 } });
  });

  it('marks a run left running by a killed process as failed, and the next run proposes the rest', async () => {
    const ctx = await setup(['2025-01-02']);
    // What a process killed after starting its run leaves behind: the run row, nothing else.
    const [stale] = await ctx.db
      .insert(dunningRuns)
      .values({ tenantId: ctx.tenantId, runOn: '2025-01-23', status: 'running', actor: 'cli' })
      .returning();
    const result = await runDunning(ctx, database, { date: d('2025-01-23') });
    expect(result.notices).toBe(1);
    expect(await findRun(ctx.db, ctx.tenantId, stale?.id as number)).toMatchObject({
      status: 'failed',
      stats: { error: 'interrupted: the process stopped during the run' },
    });
    expect(await findRun(ctx.db, ctx.tenantId, result.runId as number)).toMatchObject({ status: 'finished' });
  });

  it.runIf(kind === 'postgres')(
    'proposes no notice for a claim paid while the run works: the batch waits for the payment',
    async () => {
      const ctx = await setup(['2025-01-02', '2025-01-03']);
      // A payment of RE-1 that has locked its claims and not committed yet when the run starts.
      let commit = () => undefined as void;
      const committed = new Promise<void>((resolve) => (commit = resolve));
      let locked = () => undefined as void;
      const hasLocked = new Promise<void>((resolve) => (locked = resolve));
      const payment = ctx.db.transaction(async (tx) => {
        const customer = {
          id: (await tx.select().from(customers).where(eq(customers.tenantId, ctx.tenantId)))[0]
            ?.id as number,
          number: 'K-1',
        };
        await bookPaymentInTransaction(tx, ctx, {
          customer,
          amount: Money.of(119_000),
          receivedOn: d('2025-01-23'),
          invoiceNumbers: ['RE-1'],
          reference: null,
          payerName: null,
          payerIban: null,
          source: 'manual',
        });
        locked();
        await committed;
      });
      await hasLocked;
      const run = runDunning(ctx, database, { date: d('2025-01-24') });
      // The run's batch waits for the payment's row locks; then the payment commits.
      await waitForLockWait(database.url as string);
      commit();
      await payment;
      const result = await run;
      expect(result.claims).toBe(1);
      const items = await ctx.db
        .select({ invoiceId: noticeItems.invoiceId, cancelled: noticeItems.cancelled })
        .from(noticeItems)
        .where(eq(noticeItems.tenantId, ctx.tenantId));
      const [paid] = await ctx.db
        .select()
        .from(invoices)
        .where(and(eq(invoices.tenantId, ctx.tenantId), eq(invoices.number, 'RE-1')));
      expect(items.filter((i) => !i.cancelled).map((i) => i.invoiceId)).not.toContain(paid?.id);
      expect(items).toHaveLength(1);
    },
  );

  it('writes nothing on a dry run', async () => {
    const ctx = await setup(['2025-01-02']);
    const dry = await runDunning(ctx, database, { date: d('2025-01-23'), dryRun: true });
    expect(dry).toMatchObject({ notices: 1, runId: null, dryRun: true });
    expect(await noticesOf(ctx)).toHaveLength(0);
  });

  it('catches up after skipped days one stage at a time, never a burst', async () => {
    const ctx = await setup(['2025-01-02']);
    // First run only on 15 Mar, 58 days after the due date: only the payment reminder.
    const late = await runDunning(ctx, database, { date: d('2025-03-15') });
    expect(Object.keys(late.byStage)).toEqual(['payment-reminder']);
    await approveNotices(ctx, { all: true });
    // Every day for the next two weeks: the 1st Mahnung waits for the reminder's deadline (22 Mar) to pass.
    const stages: string[] = [];
    for (let day = 16; day <= 31; day++) {
      const result = await runDunning(ctx, database, { date: d(`2025-03-${day}`) });
      stages.push(...Object.keys(result.byStage).map((s) => `${day}:${s}`));
      await approveNotices(ctx, { all: true });
    }
    // The reminder's deadline 15 Mar + 7 = Saturday 22 Mar moved to Monday 24 Mar (§193 BGB): the 1st Mahnung comes on 25 Mar.
    expect(stages).toEqual(['25:first-dunning']);
  });

  it('never proposes a notice for a claim that is paid, disputed, promised or blocked', async () => {
    const ctx = await setup(['2025-01-02', '2025-01-03', '2025-01-04', '2025-01-05']);
    await recordPayment(ctx, {
      customerNumber: 'K-1',
      receivedOn: '2025-01-20',
      amount: '1190.00',
      invoiceNumbers: ['RE-1'],
    });
    await openDispute(ctx, {
      invoiceNumber: 'RE-2',
      openedOn: '2025-01-20',
      reason: 'Lieferung unvollständig',
    });
    await recordPromiseToPay(ctx, {
      invoiceNumber: 'RE-3',
      madeOn: '2025-01-20',
      payBy: '2025-02-05',
      amount: '1190.00',
    });
    const result = await runDunning(ctx, database, { date: d('2025-01-26') });
    expect(result.claims).toBe(1);
    const items = await ctx.db.select().from(noticeItems).where(eq(noticeItems.tenantId, ctx.tenantId));
    expect(items.map((i) => i.invoiceId)).toHaveLength(1);
    expect(result.heldBack).toMatchObject({ disputed: 1, 'promise-to-pay': 1 });

    const blocked = await setup(['2025-01-02'], 'K-9');
    await setDunningBlock(blocked, 'K-9', { reason: 'Insolvenzverfahren', until: null });
    const none = await runDunning(blocked, database, { date: d('2025-01-26') });
    expect(none).toMatchObject({ notices: 0, heldBack: { blocked: 1 } });
  });

  it('cancels the proposal items of a claim paid or disputed before the notice went out', async () => {
    const ctx = await setup(['2025-01-02', '2025-01-03']);
    await runDunning(ctx, database, { date: d('2025-01-24') });
    await recordPayment(ctx, {
      customerNumber: 'K-1',
      receivedOn: '2025-01-25',
      amount: '1190.00',
      invoiceNumbers: ['RE-1'],
    });
    const [notice] = await noticesOf(ctx);
    expect(notice).toMatchObject({ status: 'proposed', totalCents: 119_000 });
    await openDispute(ctx, { invoiceNumber: 'RE-2', openedOn: '2025-01-25', reason: 'Rechnung fehlerhaft' });
    const [after] = await noticesOf(ctx);
    expect(after).toMatchObject({ status: 'cancelled' });
  });

  it('cancels the proposals of a customer when a dunning block is set', async () => {
    const ctx = await setup(['2025-01-02']);
    await runDunning(ctx, database, { date: d('2025-01-24') });
    await setDunningBlock(ctx, 'K-1', { reason: 'Kulanz wegen Umzug', until: '2025-02-28' });
    const [notice] = await noticesOf(ctx);
    expect(notice).toMatchObject({ status: 'cancelled', cancelReason: 'dunning block' });
    expect((await runDunning(ctx, database, { date: d('2025-01-25') })).heldBack).toMatchObject({
      blocked: 1,
    });
    expect((await verifyEventChain(ctx)).ok).toBe(true);
    const items = await ctx.db.select().from(noticeItems).where(eq(noticeItems.tenantId, ctx.tenantId));
    expect(items.every((i) => i.cancelled)).toBe(true);
  });

  it('books the flat fee and the fee as open costs on approval and queues the delivery', async () => {
    const ctx = await setup(['2025-01-02']);
    await runDunning(ctx, database, { date: d('2025-01-23') });
    await approveNotices(ctx, { all: true });
    // Payment reminder by email on 23 Jan → default from 24 Jan (§286 Abs. 1 BGB). 1st Mahnung on 6 Feb (+21).
    const result = await runDunning(ctx, database, { date: d('2025-02-06') });
    expect(Object.keys(result.byStage)).toEqual(['first-dunning']);
    // Interest 24 Jan – 5 Feb = 13 days: 119,000 × 11.27 % × 13/365 = 477.67 → 478 ct; flat fee 4,000 ct.
    expect(result.amountCents).toBe(119_000 + 478 + 4_000);
    await approveNotices(ctx, { all: true });
    const [state] = await ctx.db.select().from(claimStates).where(eq(claimStates.tenantId, ctx.tenantId));
    expect(state).toMatchObject({ openCostsCents: 4_000, flatFeeClaimed: true });
    const deliveries = await ctx.db
      .select()
      .from(outbox)
      .where(and(eq(outbox.tenantId, ctx.tenantId)));
    expect(deliveries.map((o) => o.kind).sort()).toEqual(['email', 'email', 'letter']);
  });

  it('approves at once and queues the delivery when the policy says approval: automatic', async () => {
    const ctx = await setup(['2025-01-02']);
    const automatic = { ...DEFAULT_BUSINESS_POLICY, version: 2, approval: 'automatic' as const };
    await insertPolicyVersion(ctx.db, ctx.tenantId, {
      key: 'standard-business',
      version: 2,
      document: automatic as unknown as Record<string, unknown>,
      defaultFor: 'business',
    });
    const result = await runDunning(ctx, database, { date: d('2025-01-23') });
    expect(result).toMatchObject({ notices: 1, approvedAutomatically: 1 });
    const [notice] = await noticesOf(ctx);
    expect(notice).toMatchObject({ status: 'approved', policyVersion: 2, decidedBy: 'test' });
    const deliveries = await ctx.db.select().from(outbox).where(eq(outbox.tenantId, ctx.tenantId));
    expect(deliveries.map((o) => [o.kind, o.status])).toEqual([['email', 'pending']]);
    expect((await runDunning(ctx, database, { date: d('2025-01-23') })).notices).toBe(0);
  });

  it('reminds of an instalment falling due before the run, says how many apart from the plans decided, once each', async () => {
    const ctx = await newTenantContext(database);
    await createCustomer(ctx, {
      number: 'K-1',
      name: 'Muster GmbH',
      debtorKind: 'business',
      email: 'buchhaltung@muster.example',
    });
    await createInvoice(ctx, {
      customerNumber: 'K-1',
      number: 'RE-1',
      issuedOn: '2025-01-02',
      paymentTerms: { kind: 'net', days: 14 },
      lines: [{ description: 'Beratung', quantity: '10', unitPrice: '100.00', vatRatePercent: '19' }],
    });
    // Two instalments, the first due Monday 3 Mar 2025; reminded from 3 days before (28 Feb).
    await createInstalmentPlan(ctx, {
      customerNumber: 'K-1',
      agreedOn: '2025-02-03',
      count: 2,
      firstDueDate: '2025-03-03',
      rhythm: { months: 1 },
      graceDays: 10,
      reminderDaysBefore: 3,
    });
    const reminders = async () =>
      (await ctx.db.select().from(outbox).where(eq(outbox.tenantId, ctx.tenantId))).filter(
        (row) => row.noticeId === null,
      );
    const early = await runDunning(ctx, database, { date: d('2025-02-27') });
    expect(early).toMatchObject({ instalmentReminders: 0, plans: { completed: 0, accelerated: 0 } });
    // A dry run decides nothing and queues nothing.
    const dry = await runDunning(ctx, database, { date: d('2025-02-28'), dryRun: true });
    expect(dry.instalmentReminders).toBe(0);
    expect(await reminders()).toEqual([]);

    const due = await runDunning(ctx, database, { date: d('2025-02-28') });
    expect(due.instalmentReminders).toBe(1);
    expect(due.plans).toEqual({ completed: 0, accelerated: 0 });
    expect(due.heldBack['instalment-plan']).toBe(1);
    expect(await reminders()).toHaveLength(1);
    // The run's stored figures carry the count, as its result does.
    const stored = await findRun(ctx.db, ctx.tenantId, due.runId as number);
    expect(stored?.stats).toMatchObject({ instalmentReminders: 1 });
    // The next run the same day reminds no one twice.
    expect((await runDunning(ctx, database, { date: d('2025-02-28') })).instalmentReminders).toBe(0);
    expect(await reminders()).toHaveLength(1);
  });

  it('refuses a second run of the same tenant while one holds the lock', async () => {
    const ctx = await setup(['2025-01-02']);
    const release = await database.tryLock(`dunning-run:${ctx.tenantId}`);
    expect(release).not.toBeNull();
    await expect(runDunning(ctx, database, { date: d('2025-01-23') })).rejects.toMatchObject({
      code: 'run-in-progress',
    });
    await release?.();
    expect((await runDunning(ctx, database, { date: d('2025-01-23') })).notices).toBe(1);
  });

  it.runIf(kind === 'postgres')(
    'refuses the run when another database session (another process) holds the advisory lock',
    async () => {
      const ctx = await setup(['2025-01-02']);
      const [k1, k2] = advisoryKeys(`dunning-run:${ctx.tenantId}`);
      // Advisory locks belong to one database: the other session connects to the same one.
      const other = new pg.Client({ connectionString: database.url });
      await other.connect();
      // The test database is a fresh one; the lock is global to the server, so any session can hold it.
      await other.query('select pg_advisory_lock($1, $2)', [k1, k2]);
      try {
        await expect(runDunning(ctx, database, { date: d('2025-01-23') })).rejects.toMatchObject({
          code: 'run-in-progress',
        });
      } finally {
        await other.query('select pg_advisory_unlock($1, $2)', [k1, k2]);
        await other.end();
      }
      expect((await runDunning(ctx, database, { date: d('2025-01-23') })).notices).toBe(1);
      expect(await ctx.db.execute(sql`select 1`)).toBeTruthy();
    },
  );
});
