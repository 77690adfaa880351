import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  newTenantContext,
  openTestDatabase,
  TEST_DATABASE_KINDS,
  type TestDatabase,
} from '../../test/support/test-database.ts';
import type { CalendarDate } from '../domain/calendar-date.ts';
import { claimStatement, claimStatementPdf } from './claim-statement-service.ts';
import { createCustomer } from './customer-service.ts';
import { createInvoice } from './invoice-service.ts';
import { recordPayment } from './payment-service.ts';

describe.each(TEST_DATABASE_KINDS)('claim statements on %s', (kind) => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await openTestDatabase(kind);
  }, 60_000);
  afterAll(() => database?.close());

  it('explains every cent: open principal after payments, interest by period, and the total', async () => {
    const ctx = await newTenantContext(database);
    await createCustomer(ctx, { number: 'K-1', name: 'Spät GmbH', debtorKind: 'business' });
    await createInvoice(ctx, {
      customerNumber: 'K-1',
      number: 'RE-1',
      issuedOn: '2025-01-02',
      // Due on a calendar date: default starts the next day (§286 Abs. 2 Nr. 1 BGB).
      paymentTerms: { kind: 'fixed-date', dueDate: '2025-01-31' },
      lines: [{ description: 'Leistung', unitPrice: '1000.00' }],
    });
    await createInvoice(ctx, {
      customerNumber: 'K-1',
      number: 'RE-2',
      issuedOn: '2025-06-02',
      paymentTerms: { kind: 'net', days: 30 },
      lines: [{ description: 'Leistung', unitPrice: '100.00' }],
    });
    await recordPayment(ctx, {
      customerNumber: 'K-1',
      receivedOn: '2025-03-03',
      amount: '190.00',
      invoiceNumbers: ['RE-1'],
    });

    const statement = await claimStatement(ctx, 'K-1', '2025-04-01' as CalendarDate);
    // RE-2 is issued after the day of the statement: it is not part of it.
    expect(statement.items.map((i) => i.invoiceNumber)).toEqual(['RE-1']);
    const re1 = statement.items.find((i) => i.invoiceNumber === 'RE-1');
    expect(re1).toMatchObject({ grossCents: 1190_00, openPrincipalCents: 1000_00, openCostsCents: 0 });
    // Two periods: 1190.00 from 1 Feb to 2 Mar, then 1000.00 from 3 Mar to 31 Mar.
    expect(re1?.interestSegments.map((s) => [s.from, s.to, s.principalCents])).toEqual([
      ['2025-02-01', '2025-03-02', 1190_00],
      ['2025-03-03', '2025-03-31', 1000_00],
    ]);
    const interest = re1?.interestSegments.reduce((sum, s) => sum + s.interestCents, 0) ?? 0;
    expect(re1?.interestCents).toBe(interest);
    expect(interest).toBeGreaterThan(0);
    for (const item of statement.items) {
      expect(item.totalCents).toBe(
        item.openPrincipalCents +
          item.openCostsCents +
          Math.max(0, item.interestCents - item.interestPaidCents),
      );
    }
    expect(statement.totalCents).toBe(statement.items.reduce((sum, i) => sum + i.totalCents, 0));

    const pdf = await claimStatementPdf(ctx, 'K-1', '2025-04-01' as CalendarDate);
    expect(Buffer.from(pdf.subarray(0, 5)).toString()).toBe('%PDF-');
    await expect(claimStatement(ctx, 'K-404', '2025-04-01' as CalendarDate)).rejects.toThrow(
      /customer K-404 not found/,
    );
  });
});
