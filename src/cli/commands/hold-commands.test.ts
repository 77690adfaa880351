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

describe.each(TEST_DATABASE_KINDS)('payment, dispute, promise and block commands on %s', (kind) => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await openTestDatabase(kind);
  }, 60_000);
  afterAll(() => database?.close());

  const run = (...args: string[]) => runCli(args, () => Promise.resolve(database));

  /** Invoices RE-1 … RE-3 of 119.00 € each, issued 2 Jan 2025, due 16 Jan, for business customer 20001. */
  async function company(): Promise<string> {
    const ctx = await newTenantContext(database);
    await createCustomer(ctx, { number: '20001', name: 'Zahler AG', debtorKind: 'business' });
    for (const number of ['RE-1', 'RE-2', 'RE-3']) {
      await createInvoice(ctx, {
        customerNumber: '20001',
        number,
        issuedOn: '2025-01-02',
        paymentTerms: { kind: 'net', days: 14 },
        lines: [{ description: 'Leistung', unitPrice: '100.00' }],
      });
    }
    return ctx.tenantCode;
  }

  it('records a payment, a dispute and a promise, and the run holds those claims back', async () => {
    const tenant = await company();
    const paid = await run(
      'payment',
      'record',
      '--customer',
      '20001',
      '--amount',
      '119.00',
      '--date',
      '2025-01-20',
      '--invoice',
      'RE-1',
      '--tenant',
      tenant,
      '--json',
    );
    expect(paid.code).toBe(0);
    expect(JSON.parse(paid.out)).toMatchObject({
      creditCents: 0,
      lines: [{ component: 'principal', amountCents: 11_900 }],
    });
    expect(
      (
        await run(
          'dispute',
          'open',
          '--invoice',
          'RE-2',
          '--reason',
          'falsche Menge',
          '--date',
          '2025-01-20',
          '--tenant',
          tenant,
        )
      ).out,
    ).toContain('opened');
    expect(
      (
        await run(
          'promise',
          'record',
          '--invoice',
          'RE-3',
          '--pay-by',
          '2025-02-10',
          '--amount',
          '119.00',
          '--date',
          '2025-01-20',
          '--tenant',
          tenant,
        )
      ).code,
    ).toBe(0);
    const result = JSON.parse(
      (await run('run', 'dunning', '--date', '2025-01-25', '--tenant', tenant, '--json')).out,
    );
    expect(result).toMatchObject({ notices: 0, heldBack: { disputed: 1, 'promise-to-pay': 1 } });
  });

  it('blocks and unblocks a customer', async () => {
    const tenant = await company();
    expect(
      (
        await run(
          'customer',
          'block',
          '20001',
          '--reason',
          'Insolvenzantrag',
          '--until',
          '2025-03-31',
          '--tenant',
          tenant,
        )
      ).code,
    ).toBe(0);
    expect(
      JSON.parse((await run('run', 'dunning', '--date', '2025-01-25', '--tenant', tenant, '--json')).out),
    ).toMatchObject({
      notices: 0,
      heldBack: { blocked: 3 },
    });
    expect((await run('customer', 'unblock', '20001', '--tenant', tenant)).code).toBe(0);
    expect(
      JSON.parse((await run('run', 'dunning', '--date', '2025-01-25', '--tenant', tenant, '--json')).out),
    ).toMatchObject({ notices: 1, claims: 3 });
  });

  it('rejects bad input with exit code 2 naming what is wrong', async () => {
    const tenant = await company();
    const badAmount = await run(
      'payment',
      'record',
      '--customer',
      '20001',
      '--amount',
      '12,345',
      '--date',
      '2025-01-20',
      '--tenant',
      tenant,
    );
    expect(badAmount.code).toBe(2);
    expect(badAmount.err).toContain('amount');
    const unknown = await run('dispute', 'open', '--invoice', 'RE-99', '--reason', 'x', '--tenant', tenant);
    expect(unknown.code).toBe(2);
    expect(unknown.err).toContain('RE-99');
    const badDate = await run(
      'promise',
      'record',
      '--invoice',
      'RE-1',
      '--pay-by',
      'morgen',
      '--amount',
      '1',
      '--tenant',
      tenant,
    );
    expect(badDate.code).toBe(2);
    expect(badDate.err).toContain('--pay-by');
  });
});
