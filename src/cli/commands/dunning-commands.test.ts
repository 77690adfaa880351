import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  newTenantContext,
  openTestDatabase,
  TEST_DATABASE_KINDS,
  type TestDatabase,
} from '../../../test/support/test-database.ts';
import { createCustomer } from '../../services/customer-service.ts';
import { createInvoice } from '../../services/invoice-service.ts';
import { runCli } from '../../../test/support/run-cli.ts';

describe.each(TEST_DATABASE_KINDS)('dunning commands on %s', (kind) => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await openTestDatabase(kind);
  }, 60_000);
  afterAll(() => database?.close());

  const run = (...args: string[]) => runCli(args, () => Promise.resolve(database));

  /** A company with one business customer and two invoices of 119.00 €, due 16 and 31 Jan 2025. */
  async function company(): Promise<string> {
    const ctx = await newTenantContext(database);
    await createCustomer(ctx, { number: '10001', name: 'Beispiel AG', debtorKind: 'business' });
    for (const [number, issuedOn] of [
      ['RE-1', '2025-01-02'],
      ['RE-2', '2025-01-17'],
    ] as const) {
      await createInvoice(ctx, {
        customerNumber: '10001',
        number,
        issuedOn,
        paymentTerms: { kind: 'net', days: 14 },
        lines: [{ description: 'Wartung', quantity: '1', unitPrice: '100.00', vatRatePercent: '19' }],
      });
    }
    return ctx.tenantCode;
  }

  it('runs the dunning twice on one date: the second run creates 0 notices', async () => {
    const tenant = await company();
    const first = await run('run', 'dunning', '--date', '2025-02-10', '--tenant', tenant, '--json');
    expect(first.code).toBe(0);
    // RE-1 due 16 Jan is past +7; RE-2 due 31 Jan is past +7 on 7 Feb: both in one payment reminder.
    expect(JSON.parse(first.out)).toMatchObject({ notices: 1, claims: 2, amountCents: 23_800 });
    const second = await run('run', 'dunning', '--date', '2025-02-10', '--tenant', tenant, '--json');
    expect(JSON.parse(second.out)).toMatchObject({ notices: 0, claims: 0, amountCents: 0 });
    const table = await run('run', 'dunning', '--date', '2025-02-10', '--tenant', tenant, '--dry-run');
    expect(table.out).toContain('Probelauf');
    expect(table.out).toContain('awaiting-approval 2');
  });

  it('approves, reports aging and shows the customer with its timeline', async () => {
    const tenant = await company();
    await run('run', 'dunning', '--date', '2025-02-10', '--tenant', tenant);
    const listed = await run('notices', 'list', '--tenant', tenant, '--json');
    const [notice] = JSON.parse(listed.out) as { id: number; stageKey: string }[];
    expect(notice?.stageKey).toBe('payment-reminder');
    expect((await run('notices', 'approve', '--all', '--tenant', tenant)).out).toContain('approved 1 notice');

    const aging = await run('report', 'aging', '--date', '2025-02-20', '--tenant', tenant, '--json');
    // RE-1 is 35 days past due (31–60), RE-2 20 days (1–30).
    expect(JSON.parse(aging.out)).toMatchObject({
      buckets: {
        current: { count: 0 },
        '1-30': { count: 1, amountCents: 11_900 },
        '31-60': { count: 1, amountCents: 11_900 },
      },
      totalCents: 23_800,
    });
    const shown = await run('customer', 'show', '10001', '--tenant', tenant);
    expect(shown.code).toBe(0);
    expect(shown.out).toContain('Beispiel AG');
    expect(shown.out).toContain('RE-2');
    expect(shown.out).toContain('notice.approved');
    expect((await run('customer', 'show', '99999', '--tenant', tenant)).code).toBe(2);
  });

  it('verifies the audit chain and fails with exit code 1 after a row was changed', async () => {
    const tenant = await company();
    const ok = await run('audit', 'verify', '--tenant', tenant);
    expect(ok).toMatchObject({ code: 0 });
    expect(ok.out).toContain('intact');
    await database.db.execute(
      sql`update events set actor = 'someone else' where seq = 2 and tenant_id = (select tenant_id from tenants where code = ${tenant})`,
    );
    const broken = await run('audit', 'verify', '--tenant', tenant);
    expect(broken.code).toBe(1);
    expect(broken.out).toContain('BROKEN at event 2');
  });

  it('rejects a malformed date with exit code 2 naming the option', async () => {
    const result = await run('run', 'dunning', '--date', '10.02.2025');
    expect(result.code).toBe(2);
    expect(result.err).toContain('--date');
  });
});
