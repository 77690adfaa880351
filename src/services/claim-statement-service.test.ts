import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  newTenantContext,
  openTestDatabase,
  TEST_DATABASE_KINDS,
  type TestDatabase,
} from '../../test/support/test-database.ts';
import { UBL_CREDIT_NOTE } from '../../test/support/einvoice-samples.ts';
import { findClaimState, findInvoiceByNumber } from '../db/invoice-repository.ts';
import type { CalendarDate } from '../domain/calendar-date.ts';
import type { AllocationLine } from '../domain/payment-allocation.ts';
import { type ClaimStatement, claimStatement, claimStatementPdf } from './claim-statement-service.ts';
import { createCustomer } from './customer-service.ts';
import { runDunning } from './dunning-run-service.ts';
import { importEInvoices } from './import-einvoices-service.ts';
import { createInvoice } from './invoice-service.ts';
import { approveNotices } from './notice-service.ts';
import { recordPayment } from './payment-service.ts';
import type { ServiceContext } from './service-context.ts';

const d = (text: string) => text as CalendarDate;

/** What a payment paid on one component of the claims (§367 BGB: costs, interest, principal). */
const paidOn = (lines: readonly AllocationLine[], component: AllocationLine['component']) =>
  lines.filter((l) => l.component === component).reduce((sum, l) => sum + l.amount.minor, 0);

/** Every line adds up: open principal + open costs + (interest − interest paid), and the total. */
function expectToAddUp(statement: ClaimStatement) {
  for (const item of statement.items) {
    expect(item.totalCents).toBe(
      item.openPrincipalCents +
        item.openCostsCents +
        Math.max(0, item.interestCents - item.interestPaidCents),
    );
    expect(item.interestCents).toBe(item.interestSegments.reduce((sum, s) => sum + s.interestCents, 0));
  }
  expect(statement.totalCents).toBe(statement.items.reduce((sum, i) => sum + i.totalCents, 0));
}

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

  /** Runs the dunning run on `date` and approves what it proposes (the notices count as sent that day). */
  async function dunOn(ctx: ServiceContext, date: string) {
    await runDunning(ctx, database, { date: d(date) });
    await approveNotices(ctx, { all: true });
  }

  it('as of a past day, lists a claim paid since, with only the payments, costs and interest up to that day', async () => {
    const ctx = await newTenantContext(database);
    await createCustomer(ctx, { number: 'K-1', name: 'Spät GmbH', debtorKind: 'business' });
    for (const number of ['RE-0', 'RE-1']) {
      await createInvoice(ctx, {
        customerNumber: 'K-1',
        number,
        issuedOn: '2025-01-02',
        paymentTerms: { kind: 'fixed-date', dueDate: '2025-01-31' },
        lines: [{ description: 'Leistung', unitPrice: '1000.00' }],
      });
    }
    // RE-0 is paid on time: it never belongs in a statement.
    await recordPayment(ctx, {
      customerNumber: 'K-1',
      receivedOn: '2025-01-20',
      amount: '1190.00',
      invoiceNumbers: ['RE-0'],
    });
    await dunOn(ctx, '2025-02-07'); // payment reminder, no charges
    await dunOn(ctx, '2025-02-21'); // 1st Mahnung: the €40 flat fee (§288 Abs. 5 BGB) and interest
    const first = await recordPayment(ctx, {
      customerNumber: 'K-1',
      receivedOn: '2025-02-28',
      amount: '100.00',
      invoiceNumbers: ['RE-1'],
    });
    await dunOn(ctx, '2025-03-07'); // 2nd Mahnung: a fee of €0.95
    const second = await recordPayment(ctx, {
      customerNumber: 'K-1',
      receivedOn: '2025-03-20',
      amount: '2000.00',
      invoiceNumbers: ['RE-1'],
    });
    // §367 BGB: the first payment paid the flat fee, then the interest demanded, then principal.
    expect(paidOn(first.lines, 'costs')).toBe(40_00);
    const firstInterest = paidOn(first.lines, 'interest');
    const firstPrincipal = paidOn(first.lines, 'principal');
    expect(firstInterest).toBeGreaterThan(0);
    expect(paidOn(second.lines, 'costs')).toBe(95);
    const invoice = await findInvoiceByNumber(ctx.db, ctx.tenantId, 'RE-1');
    expect(await findClaimState(ctx.db, ctx.tenantId, invoice?.id ?? 0)).toMatchObject({
      openPrincipalCents: 0,
      openCostsCents: 0,
    });

    // Before the first payment: the whole principal and the flat fee are open.
    const before = await claimStatement(ctx, 'K-1', d('2025-02-25'));
    expect(before.items.map((i) => i.invoiceNumber)).toEqual(['RE-1']);
    expect(before.items[0]).toMatchObject({
      openPrincipalCents: 1190_00,
      openCostsCents: 40_00,
      interestPaidCents: 0,
    });
    expectToAddUp(before);

    // After the first payment, before the 2nd Mahnung: its fee is not yet incurred, the later payment not yet made.
    const between = await claimStatement(ctx, 'K-1', d('2025-03-01'));
    expect(between.items.map((i) => i.invoiceNumber)).toEqual(['RE-1']);
    const re1 = between.items[0];
    expect(re1).toMatchObject({
      openPrincipalCents: 1190_00 - firstPrincipal,
      openCostsCents: 0,
      interestPaidCents: firstInterest,
    });
    expect(re1?.interestSegments.map((s) => [s.from, s.to, s.principalCents])).toEqual([
      ['2025-02-01', '2025-02-27', 1190_00],
      ['2025-02-28', '2025-02-28', 1190_00 - firstPrincipal],
    ]);
    expectToAddUp(between);

    // After the 2nd Mahnung: its fee is open.
    const later = await claimStatement(ctx, 'K-1', d('2025-03-10'));
    expect(later.items[0]).toMatchObject({
      openPrincipalCents: 1190_00 - firstPrincipal,
      openCostsCents: 95,
      interestPaidCents: firstInterest,
    });
    expectToAddUp(later);
    const pdf = await claimStatementPdf(ctx, 'K-1', d('2025-03-10'));
    expect(Buffer.from(pdf.subarray(0, 5)).toString()).toBe('%PDF-');

    // Once all is booked: principal and costs paid; the interest from the 2nd Mahnung to the payment is still owed.
    const after = await claimStatement(ctx, 'K-1', d('2025-04-01'));
    expect(after.items.map((i) => i.invoiceNumber)).toEqual(['RE-1']);
    expect(after.items[0]).toMatchObject({
      openPrincipalCents: 0,
      openCostsCents: 0,
      interestPaidCents: firstInterest + paidOn(second.lines, 'interest'),
    });
    expect(after.items[0]?.interestSegments.at(-1)?.to).toBe('2025-03-19');
    expect(after.totalCents).toBeGreaterThan(0);
    expectToAddUp(after);
  });

  it('lists a claim whose principal is settled while its costs are open, with principal 0', async () => {
    const ctx = await newTenantContext(database);
    // The name the credit note below gives its buyer.
    await createCustomer(ctx, { number: 'K-2', name: 'Müller & Söhne GmbH', debtorKind: 'business' });
    await createInvoice(ctx, {
      customerNumber: 'K-2',
      number: 'RE-2025-001',
      issuedOn: '2024-12-02',
      paymentTerms: { kind: 'fixed-date', dueDate: '2024-12-31' },
      lines: [{ description: 'Schrauben', unitPrice: '50.00' }],
    });
    await dunOn(ctx, '2025-01-07'); // payment reminder
    await dunOn(ctx, '2025-01-21'); // 1st Mahnung with the €40 flat fee
    // A credit note of 59.50 on 1 Feb corrects the invoice to nothing: it reduces the principal, not the costs.
    await importEInvoices(ctx, [{ fileName: 'gs.xml', bytes: new TextEncoder().encode(UBL_CREDIT_NOTE) }]);
    const invoice = await findInvoiceByNumber(ctx.db, ctx.tenantId, 'RE-2025-001');
    expect(await findClaimState(ctx.db, ctx.tenantId, invoice?.id ?? 0)).toMatchObject({
      openPrincipalCents: 0,
      openCostsCents: 40_00,
    });

    const statement = await claimStatement(ctx, 'K-2', d('2025-03-01'));
    expect(statement.items.map((i) => i.invoiceNumber)).toEqual(['RE-2025-001']);
    const item = statement.items[0];
    expect(item).toMatchObject({ grossCents: 59_50, openPrincipalCents: 0, openCostsCents: 40_00 });
    // Interest ran on 59.50 from the first day of default to the day before the credit note.
    expect(item?.interestSegments.map((s) => [s.from, s.to, s.principalCents])).toEqual([
      ['2025-01-01', '2025-01-31', 59_50],
    ]);
    expectToAddUp(statement);
  });

  it('lists a claim paid late with the default interest still owed to the day of payment, and leaves out one paid on time', async () => {
    const ctx = await newTenantContext(database);
    await createCustomer(ctx, { number: 'K-3', name: 'Zögerlich KG', debtorKind: 'business' });
    for (const number of ['RE-3', 'RE-4']) {
      await createInvoice(ctx, {
        customerNumber: 'K-3',
        number,
        issuedOn: '2025-01-02',
        paymentTerms: { kind: 'fixed-date', dueDate: '2025-01-31' },
        lines: [{ description: 'Leistung', unitPrice: '1000.00' }],
      });
    }
    await recordPayment(ctx, {
      customerNumber: 'K-3',
      receivedOn: '2025-01-31',
      amount: '1190.00',
      invoiceNumbers: ['RE-4'],
    });
    // No notice demanded interest: the whole payment went to principal, the interest is still owed.
    await recordPayment(ctx, {
      customerNumber: 'K-3',
      receivedOn: '2025-03-03',
      amount: '1190.00',
      invoiceNumbers: ['RE-3'],
    });

    const statement = await claimStatement(ctx, 'K-3', d('2025-04-01'));
    expect(statement.items.map((i) => i.invoiceNumber)).toEqual(['RE-3']);
    const item = statement.items[0];
    expect(item).toMatchObject({ openPrincipalCents: 0, openCostsCents: 0, interestPaidCents: 0 });
    expect(item?.interestSegments.map((s) => [s.from, s.to, s.principalCents])).toEqual([
      ['2025-02-01', '2025-03-02', 1190_00],
    ]);
    expect(item?.interestCents).toBeGreaterThan(0);
    expect(item?.totalCents).toBe(item?.interestCents);
    expectToAddUp(statement);
    const pdf = await claimStatementPdf(ctx, 'K-3', d('2025-04-01'));
    expect(Buffer.from(pdf.subarray(0, 5)).toString()).toBe('%PDF-');
  });
});
