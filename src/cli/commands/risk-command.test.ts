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
import { recordPayment } from '../../services/payment-service.ts';

describe.each(TEST_DATABASE_KINDS)('risk commands on %s', (kind) => {
  let database: TestDatabase;
  let tenant: string;
  beforeAll(async () => {
    database = await openTestDatabase(kind);
    const ctx = await newTenantContext(database);
    tenant = ctx.tenantCode;
    // K-1: RE-1 paid 30 days late, RE-2 open and 45 days overdue on 30 June. K-2: above its limit.
    await createCustomer(ctx, {
      number: 'K-1',
      name: 'Spät GmbH',
      debtorKind: 'business',
      creditLimitCents: 500_000,
    });
    await createCustomer(ctx, {
      number: 'K-2',
      name: 'Knapp OHG',
      debtorKind: 'business',
      creditLimitCents: 50_000,
    });
    const invoice = (customerNumber: string, number: string, issuedOn: string) =>
      createInvoice(ctx, {
        customerNumber,
        number,
        issuedOn,
        paymentTerms: { kind: 'net', days: 14 },
        lines: [{ description: 'Ware', unitPrice: '1000.00' }],
      });
    await invoice('K-1', 'RE-1', '2025-03-03');
    await recordPayment(ctx, {
      customerNumber: 'K-1',
      receivedOn: '2025-04-16',
      amount: '1190.00',
      invoiceNumbers: ['RE-1'],
    });
    await invoice('K-1', 'RE-2', '2025-05-02');
    await invoice('K-2', 'RE-3', '2025-06-20');
  }, 60_000);
  afterAll(() => database?.close());

  /** Amounts print with a no-break space before the euro sign, as Intl writes them. */
  const nb = (text: string) => text.replace(/ €/g, '\u00a0€');
  const run = (...args: string[]) => runCli([...args, '--tenant', tenant], () => Promise.resolve(database));

  it('shows a customer’s score with every factor and why, exposure and the suggested limit', async () => {
    const shown = await run('risk', 'show', 'K-1', '--date', '2025-06-30');
    expect(shown.code).toBe(0);
    expect(shown.out).toMatch(
      /^K-1 Spät GmbH — risk \d+ of 100 \((low|medium|high|very-high)\), as of 2025-06-30/,
    );
    expect(shown.out).toMatch(/Days late\s+\d+\/30\s+37\.5 days late on average over 2 invoices/);
    expect(shown.out).toMatch(/Little payment history\s+12\/20/);
    expect(shown.out).toContain(
      nb('exposure   1.190,00 € open + 0,00 € ordered = 1.190,00 € of the limit 5.000,00 € (23.8 %)'),
    );
    expect(shown.out).toContain('forecast   pays 30 days after the due date');
    const json = JSON.parse((await run('risk', 'show', 'K-1', '--date', '2025-06-30', '--json')).out);
    expect(json.score).toBe(json.factors.reduce((sum: number, f: { points: number }) => sum + f.points, 0));
    expect(shown.out).toContain(`risk ${json.score} of 100 (${json.band})`);
    expect(json.behaviour).toMatchObject({
      invoicesWithRecord: 2,
      averageDaysLate: 37.5,
      overdueCents: 119_000,
    });
  });

  it('names an unknown customer and a bad date', async () => {
    const missing = await run('risk', 'show', 'K-99');
    expect(missing.code).toBe(2);
    expect(missing.err).toContain('customer K-99 not found');
    const badDate = await run('risk', 'show', 'K-1', '--date', '30.06.2025');
    expect(badDate.code).toBe(2);
    expect(badDate.err).toContain('--date');
  });

  it('lists the customers riskiest first and those above their limit', async () => {
    const listed = await run('risk', 'list', '--date', '2025-06-30');
    expect(listed.code).toBe(0);
    expect(listed.out).toContain('Risk as of 2025-06-30: 2 customers with open items');
    const lines = listed.out.split('\n');
    expect(lines.findIndex((l) => l.startsWith('K-1'))).toBeLessThan(
      lines.findIndex((l) => l.startsWith('K-2')),
    );
    expect(listed.out).toContain('Above their credit limit (1):');
    expect(lines.at(-2)).toMatch(
      /^K-2\s+Knapp OHG\s+500,00\s€\s+1\.190,00\s€\s+0,00\s€\s+1\.190,00\s€\s+690,00\s€$/,
    );
    const json = JSON.parse(
      (await run('risk', 'list', '--date', '2025-06-30', '--limit', '1', '--json')).out,
    );
    expect(json.items.map((i: { customerNumber: string }) => i.customerNumber)).toEqual(['K-1']);
    expect(json.alerts).toMatchObject([{ customerNumber: 'K-2', overLimitCents: 69_000 }]);
    const badBand = await run('risk', 'list', '--band', 'awful');
    expect(badBand.code).toBe(2);
    expect(badBand.err).toContain('--band');
    expect((await run('risk', 'list', '--limit', '0')).err).toContain('--limit');
  });

  it('forecasts the cash per week, and names a bad number of weeks', async () => {
    const forecast = await run('risk', 'forecast', '--weeks', '3', '--date', '2025-06-30');
    expect(forecast.code).toBe(0);
    expect(forecast.out).toContain('Cash forecast from 2025-06-30 to 2025-07-20 (3 weeks)');
    expect(forecast.out).toMatch(/2025-W27\s+2025-06-30\s+2025-07-06/);
    expect(forecast.out).toMatch(/2025-W29\s+2025-07-14\s+2025-07-20/);
    expect(forecast.out).toContain(nb('open in all  2.380,00 € (2 customers, 0 instalment plans)'));
    const json = JSON.parse(
      (await run('risk', 'forecast', '--weeks', '3', '--date', '2025-06-30', '--json')).out,
    );
    expect(
      json.expectedCents + json.laterCents + json.doubtfulCents + json.disputedCents + json.handedOverCents,
    ).toBe(238_000);
    const bad = await run('risk', 'forecast', '--weeks', 'many');
    expect(bad.code).toBe(2);
    expect(bad.err).toContain('--weeks');
    expect((await run('risk', 'forecast', '--weeks', '105')).err).toMatch(/weeks/);
  });

  it('shows and sets whether orders above the limit are warned about or refused', async () => {
    expect((await run('risk', 'settings')).out).toContain('credit limit  warn:');
    const set = await run('risk', 'settings', '--limit-mode', 'block');
    expect(set.code).toBe(0);
    expect(set.out).toContain(
      'credit limit  block: orders and invoices above a customer’s limit are refused',
    );
    expect(JSON.parse((await run('risk', 'settings', '--json')).out)).toEqual({ mode: 'block' });
    const bad = await run('risk', 'settings', '--limit-mode', 'shout');
    expect(bad.code).toBe(2);
    expect(bad.err).toContain('--limit-mode');
  });
});
