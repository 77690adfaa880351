import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readEventsOf } from '../db/event-store.ts';
import { listPromises } from '../db/hold-repository.ts';
import type { CalendarDate } from '../domain/calendar-date.ts';
import { newTenantContext, openTestDatabase, type TestDatabase } from '../../test/support/test-database.ts';
import { createCustomer } from './customer-service.ts';
import { runDunning } from './dunning-run-service.ts';
import { PROMISE_GRACE_DAYS, PROMISE_TASK_KIND, recordPromiseToPay, settlePromises } from './hold-service.ts';
import { listTasks } from '../db/task-repository.ts';
import { createInvoice } from './invoice-service.ts';
import { recordPayment } from './payment-service.ts';

const day = (d: string) => d as CalendarDate;

describe('promises to pay are kept or broken', () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await openTestDatabase('pglite');
  }, 60_000);
  afterAll(() => database?.close());

  async function setUp() {
    const ctx = await newTenantContext(database, { now: () => new Date('2026-11-02T09:00:00Z') });
    const customer = await createCustomer(ctx, { name: 'Bau GmbH', debtorKind: 'business' });
    const invoice = (number: string) =>
      createInvoice(ctx, {
        customerNumber: customer.number,
        number,
        issuedOn: '2026-09-01',
        paymentTerms: { kind: 'net', days: 14 },
        lines: [{ description: 'Leistung', unitPrice: '1000.00', vatRatePercent: '0' }],
      });
    for (const n of ['RE-1', 'RE-2', 'RE-3']) await invoice(n);
    const promise = (invoiceNumber: string, amount: string) =>
      recordPromiseToPay(ctx, { invoiceNumber, madeOn: '2026-11-02', payBy: '2026-11-10', amount });
    return { ctx, customer, promise };
  }

  const statuses = async (ctx: Awaited<ReturnType<typeof setUp>>['ctx']) =>
    Object.fromEntries(
      (await listPromises(ctx.db, ctx.tenantId, { limit: 100 })).map((r) => [
        r.invoiceNumber,
        r.promise.status,
      ]),
    );

  it('keeps a promise whose amount came by the day, breaks one after the grace days, and waits in between', async () => {
    const { ctx, customer, promise } = await setUp();
    await promise('RE-1', '500.00');
    await promise('RE-2', '1000.00');
    await recordPayment(ctx, {
      customerNumber: customer.number,
      receivedOn: '2026-11-09',
      amount: '500.00',
      invoiceNumbers: ['RE-1'],
    });
    // Before the promised day: the part payment does not decide yet.
    expect(await settlePromises(ctx, day('2026-11-09'))).toEqual({ kept: 0, broken: 0, reminders: 0 });
    // On the promised day: RE-1 kept; for RE-2 nothing came, so a person is asked to follow up.
    expect(await settlePromises(ctx, day('2026-11-10'))).toEqual({ kept: 1, broken: 0, reminders: 1 });
    const [task] = await listTasks(ctx.db, ctx.tenantId, { kind: PROMISE_TASK_KIND, limit: 10 });
    expect(task?.task).toMatchObject({ dueOn: '2026-11-10', status: 'open' });
    expect(task?.task.title).toMatch(
      /^Zahlungszusage RE-2 über 1\.000,00\s€ bis 10\.11\.2026: Zahlungseingang prüfen$/,
    );
    // Within the grace days a transfer may still be on its way.
    expect(await settlePromises(ctx, day(`2026-11-${10 + PROMISE_GRACE_DAYS}`))).toEqual({
      kept: 0,
      broken: 0,
      reminders: 0, // made once
    });
    expect(await settlePromises(ctx, day(`2026-11-${11 + PROMISE_GRACE_DAYS}`))).toEqual({
      kept: 0,
      broken: 1,
      reminders: 0,
    });
    expect(await statuses(ctx)).toEqual({ 'RE-1': 'kept', 'RE-2': 'broken' });
    const types = (await readEventsOf(ctx.db, ctx.tenantId, customer.id)).map((e) => e.type);
    expect(types).toEqual(expect.arrayContaining(['promise.kept', 'promise.broken']));
    // Decided once: a later pass changes nothing.
    expect(await settlePromises(ctx, day('2026-12-01'))).toEqual({ kept: 0, broken: 0, reminders: 0 });
  });

  it('keeps a promise at once when the invoice is settled, and the daily run reports the decisions', async () => {
    const { ctx, customer, promise } = await setUp();
    await promise('RE-3', '300.00');
    await promise('RE-1', '1000.00');
    await recordPayment(ctx, {
      customerNumber: customer.number,
      receivedOn: '2026-11-05',
      amount: '1000.00',
      invoiceNumbers: ['RE-3'],
    });
    const run = await runDunning(ctx, database, { date: day('2026-11-06') });
    expect(run.promises).toEqual({ kept: 1, broken: 0, reminders: 0 });
    const preview = await runDunning(ctx, database, { date: day('2026-11-20'), dryRun: true });
    expect(preview.promises).toEqual({ kept: 0, broken: 0, reminders: 0 });
    expect(await statuses(ctx)).toEqual({ 'RE-3': 'kept', 'RE-1': 'open' });
  });
});
