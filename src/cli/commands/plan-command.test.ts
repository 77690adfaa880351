import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../../test/support/run-cli.ts';
import {
  newTenantContext,
  openTestDatabase,
  TEST_DATABASE_KINDS,
  type TestDatabase,
} from '../../../test/support/test-database.ts';
import { createCustomer } from '../../services/customer-service.ts';
import { createInvoice } from '../../services/invoice-service.ts';

describe.each(TEST_DATABASE_KINDS)('plan command on %s', (kind) => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await openTestDatabase(kind);
  }, 60_000);
  afterAll(() => database?.close());

  const run = (...args: string[]) => runCli(args, () => Promise.resolve(database));

  /** RE-1 (1,190.00 €) of business customer 20001 with an e-mail address, due 16 Jan 2027. */
  async function company(): Promise<string> {
    const ctx = await newTenantContext(database);
    await createCustomer(ctx, {
      number: '20001',
      name: 'Zahler AG',
      debtorKind: 'business',
      email: 'buchhaltung@zahler.example',
    });
    await createInvoice(ctx, {
      customerNumber: '20001',
      number: 'RE-1',
      issuedOn: '2027-01-02',
      paymentTerms: { kind: 'net', days: 14 },
      lines: [{ description: 'Leistung', unitPrice: '1000.00' }],
    });
    return ctx.tenantCode;
  }

  it('agrees a plan with interest and reminders, lists it, and the check queues the reminder', async () => {
    const tenant = await company();
    const created = await run(
      'plan',
      'create',
      '--customer',
      '20001',
      '--date',
      '2027-02-01',
      '--first',
      '2027-03-01',
      '--count',
      '3',
      '--interest',
      '6',
      '--remind',
      '3',
      '--tenant',
      tenant,
    );
    expect(created.code, created.err).toBe(0);
    expect(created.out).toMatch(/interest 6\.00 % a year \(act\/365\) on the principal: [\d.,]+\s€/);
    expect(created.out).toContain('reminders 3 days before each instalment to buchhaltung@zahler.example');
    const listed = await run('plan', 'list', '--status', 'active', '--json', '--tenant', tenant);
    const [plan] = JSON.parse(listed.out);
    expect(plan).toMatchObject({ customerNumber: '20001', status: 'active', instalmentCount: 3 });
    expect(plan.totalCents).toBe(plan.claimsCents + plan.interest.totalCents);
    const check = await run('plan', 'check', '--date', '2027-02-26', '--tenant', tenant);
    expect(check.out).toBe('0 completed, 0 accelerated, 1 reminder(s) queued\n');
  });

  it('refuses a bad reminder lead and a bad status with the option named', async () => {
    const tenant = await company();
    const bad = await run(
      'plan',
      'create',
      '--customer',
      '20001',
      '--first',
      '2027-03-01',
      '--count',
      '3',
      '--remind',
      'soon',
      '--tenant',
      tenant,
    );
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(/--remind: expected 0 to 30 days or "none"/);
    const status = await run('plan', 'list', '--status', 'broken', '--tenant', tenant);
    expect(status.code).toBe(2);
    expect(status.err).toMatch(/--status: expected active, completed, accelerated, cancelled/);
  });
});
