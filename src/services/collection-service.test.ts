import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  newTenantContext,
  openTestDatabase,
  TEST_DATABASE_KINDS,
  type TestDatabase,
} from '../../test/support/test-database.ts';
import { writeOffsOfCustomer } from '../db/collection-repository.ts';
import { listDisputes } from '../db/hold-repository.ts';
import { creditNotes } from '../db/schema.ts';
import { findInvoiceByNumber } from '../db/invoice-repository.ts';
import { findClaimState } from '../db/invoice-repository.ts';
import type { CalendarDate } from '../domain/calendar-date.ts';
import { closeCollectionCase, handOverClaims, listCases, recordRemittance } from './collection-service.ts';
import { createCustomer } from './customer-service.ts';
import { runDunning } from './dunning-run-service.ts';
import { openDispute, resolveDispute } from './hold-service.ts';
import { createInstalmentPlan } from './instalment-plan-service.ts';
import { createInvoice } from './invoice-service.ts';
import type { ServiceContext } from './service-context.ts';
import { settleClaims, vatContained, writeOffClaims } from './write-off-service.ts';

const day = (text: string) => text as CalendarDate;

describe('vatContained', () => {
  it('is the VAT share of a part of the gross amount, rounded half up', () => {
    expect(vatContained(39_000, { vatCents: 19_000, grossCents: 119_000 })).toBe(6_227); // 6,226.89
    expect(vatContained(11_900, { vatCents: 1_900, grossCents: 11_900 })).toBe(1_900);
    expect(vatContained(10_000, { vatCents: 0, grossCents: 10_000 })).toBe(0);
  });
});

describe.each(TEST_DATABASE_KINDS)('write-offs, settlements and collection cases on %s', (kind) => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await openTestDatabase(kind);
  }, 60_000);
  afterAll(() => database?.close());

  /** K-1 (business) with RE-1 1,190.00 € and RE-2 595.00 €, issued 2 Nov 2026, due 2 Dec 2026. */
  async function company(): Promise<ServiceContext> {
    const ctx = await newTenantContext(database);
    await createCustomer(ctx, { number: 'K-1', name: 'Zahler AG', debtorKind: 'business' });
    for (const [number, price] of [
      ['RE-1', '1000.00'],
      ['RE-2', '500.00'],
    ] as const) {
      await createInvoice(ctx, {
        customerNumber: 'K-1',
        number,
        issuedOn: '2026-11-02',
        paymentTerms: { kind: 'net', days: 30 },
        lines: [{ description: 'Leistung', unitPrice: price, vatRatePercent: '19' }],
      });
    }
    return ctx;
  }

  it('settles a claim for a reduced amount: the amount is booked, the rest written off with its VAT', async () => {
    const ctx = await company();
    // Before the due date: no interest, no costs — the figures are exact.
    const settled = await settleClaims(ctx, {
      customerNumber: 'K-1',
      invoiceNumbers: ['RE-1'],
      settledOn: '2026-11-20',
      amountReceived: '800.00',
      reason: 'Mängel an der Leistung, Vergleich vom 20.11.',
    });
    expect(settled.receivedCents).toBe(80_000);
    expect(settled.writtenOff).toEqual([
      expect.objectContaining({
        invoiceNumber: 'RE-1',
        principalCents: 39_000,
        costsCents: 0,
        vatCents: 6_227,
      }),
    ]);
    expect((await findInvoiceByNumber(ctx.db, ctx.tenantId, 'RE-1'))?.status).toBe('written-off');
    const re1 = await findInvoiceByNumber(ctx.db, ctx.tenantId, 'RE-1');
    expect(await findClaimState(ctx.db, ctx.tenantId, re1?.id as number)).toMatchObject({
      openPrincipalCents: 0,
      openCostsCents: 0,
    });
    // RE-2 untouched and still dunned.
    expect((await findInvoiceByNumber(ctx.db, ctx.tenantId, 'RE-2'))?.status).toBe('open');

    // More than is open is no settlement, and nothing is booked.
    await expect(
      settleClaims(ctx, {
        customerNumber: 'K-1',
        invoiceNumbers: ['RE-2'],
        settledOn: '2026-11-20',
        amountReceived: '600.00',
        reason: 'zu viel',
      }),
    ).rejects.toThrow(/amountReceived: 600.00 is more than is open on RE-2/);
    expect((await findInvoiceByNumber(ctx.db, ctx.tenantId, 'RE-2'))?.status).toBe('open');
    await expect(
      writeOffClaims(ctx, {
        customerNumber: 'K-1',
        invoiceNumbers: ['RE-1'],
        writtenOffOn: '2026-11-21',
        reason: 'x',
      }),
    ).rejects.toThrow(/invoiceNumbers\.0: RE-1 is not an open invoice of customer K-1/);
  });

  it('resolves a dispute by writing off a part: interest stops on it, dunning resumes for the rest', async () => {
    const ctx = await company();
    const re2 = await findInvoiceByNumber(ctx.db, ctx.tenantId, 'RE-2');
    const dispute = await openDispute(ctx, {
      invoiceNumber: 'RE-2',
      openedOn: '2026-12-05',
      reason: 'Eine Position nicht geliefert',
    });
    expect(
      (await runDunning(ctx, database, { date: day('2026-12-20'), dryRun: true })).heldBack.disputed,
    ).toBe(1);
    await expect(
      resolveDispute(ctx, dispute.id, {
        resolvedOn: '2026-12-21',
        resolution: 'rejected',
        writeOffAmount: '1.00',
      }),
    ).rejects.toThrow(/writeOffAmount: only with the resolution write-off/);
    await resolveDispute(ctx, dispute.id, {
      resolvedOn: '2026-12-21',
      resolution: 'write-off',
      writeOffAmount: '119.00',
      note: 'Position 2 gutgeschrieben',
    });
    expect(await findClaimState(ctx.db, ctx.tenantId, re2?.id as number)).toMatchObject({
      openPrincipalCents: 59_500 - 11_900,
    });
    const [writeOff] = await writeOffsOfCustomer(ctx.db, ctx.tenantId, re2?.customerId as number);
    expect(writeOff?.writeOff).toMatchObject({ kind: 'dispute', principalCents: 11_900, vatCents: 1_900 });
    const run = await runDunning(ctx, database, { date: day('2026-12-22'), dryRun: true });
    expect(run.heldBack.disputed ?? 0).toBe(0);
  });

  it('resolves a dispute with a credit note: numbered, VAT split, booked against the invoice', async () => {
    const ctx = await company();
    const re1 = await findInvoiceByNumber(ctx.db, ctx.tenantId, 'RE-1');
    const dispute = await openDispute(ctx, {
      invoiceNumber: 'RE-1',
      openedOn: '2026-12-05',
      reason: 'Preis',
    });
    await expect(
      resolveDispute(ctx, dispute.id, {
        resolvedOn: '2026-12-21',
        resolution: 'credit-note',
        creditNoteAmount: '2000.00',
      }),
    ).rejects.toThrow(/creditNoteAmount: more than invoice RE-1 came to \(1190.00\)/);
    await resolveDispute(ctx, dispute.id, {
      resolvedOn: '2026-12-21',
      resolution: 'credit-note',
      creditNoteAmount: '238.00',
      note: 'Preisnachlass 20 %',
    });
    expect(await findClaimState(ctx.db, ctx.tenantId, re1?.id as number)).toMatchObject({
      openPrincipalCents: 119_000 - 23_800,
    });
    const [note] = await ctx.db.select().from(creditNotes).where(eq(creditNotes.tenantId, ctx.tenantId));
    expect(note).toMatchObject({
      number: 'GS000001',
      invoiceId: re1?.id,
      netCents: 20_000,
      vatCents: 3_800,
      grossCents: 23_800,
    });
  });

  it('refuses claims that cannot be handed over, and a returned case gives its claims back to dunning', async () => {
    const ctx = await company();
    const handover = (extra: Record<string, unknown>) =>
      handOverClaims(ctx, { customerNumber: 'K-1', agencyName: 'Inkasso Süd', ...extra } as never);
    await expect(handover({ handedOverOn: '2026-12-01' })).rejects.toThrow(/has no claims due on 2026-12-01/);
    await expect(handover({ handedOverOn: '2026-12-01', invoiceNumbers: ['RE-1'] })).rejects.toThrow(
      /invoiceNumbers\.0: RE-1 is not due before 2026-12-01/,
    );
    await openDispute(ctx, { invoiceNumber: 'RE-2', openedOn: '2026-12-10', reason: 'Menge falsch' });
    await expect(handover({ handedOverOn: '2027-01-10', invoiceNumbers: ['RE-2'] })).rejects.toThrow(
      /RE-2 is disputed \(Menge falsch\)/,
    );
    await createInstalmentPlan(ctx, {
      customerNumber: 'K-1',
      invoiceNumbers: ['RE-1'],
      agreedOn: '2027-01-05',
      count: 2,
      firstDueDate: '2027-02-01',
      rhythm: { months: 1 },
      graceDays: 10,
    });
    await expect(handover({ handedOverOn: '2027-01-10', invoiceNumbers: ['RE-1'] })).rejects.toThrow(
      /RE-1 is in an active instalment plan/,
    );
    await expect(handover({ handedOverOn: '2027-01-10', invoiceNumbers: ['RE-3'] })).rejects.toThrow(
      /RE-3 is not an open claim of customer K-1/,
    );
    await expect(handover({ handedOverOn: 'morgen' })).rejects.toThrow(/handedOverOn/);
    // Without named claims, those that cannot go are left out and said; none left: refused.
    await expect(handover({ handedOverOn: '2027-01-10' })).rejects.toThrow(
      /nothing to hand over: invoice RE-1 is in an active instalment plan.*; invoice RE-2 is disputed/,
    );

    const ctx2 = await company();
    await openDispute(ctx2, { invoiceNumber: 'RE-2', openedOn: '2026-12-10', reason: 'Menge falsch' });
    const partly = await handOverClaims(ctx2, {
      customerNumber: 'K-1',
      handedOverOn: '2027-01-10',
      agencyName: 'Inkasso Süd',
    });
    expect(partly.claims.map((c) => c.invoiceNumber)).toEqual(['RE-1']);
    expect(partly.leftOut).toEqual([{ invoiceNumber: 'RE-2', reason: expect.stringMatching(/is disputed/) }]);
    await closeCollectionCase(ctx2, partly.id, { closedOn: '2027-01-10', outcome: 'returned' });
    const [dispute] = await listDisputes(ctx2.db, ctx2.tenantId, { limit: 10 });
    await resolveDispute(ctx2, dispute?.dispute.id as number, {
      resolvedOn: '2027-01-10',
      resolution: 'rejected',
    });
    const handed = await handOverClaims(ctx2, {
      customerNumber: 'K-1',
      handedOverOn: '2027-01-10',
      agencyName: 'Kanzlei Recht',
      kind: 'lawyer',
    });
    expect((await listCases(ctx2, { open: true })).map((c) => [c.id, c.claims, c.kind])).toEqual([
      [handed.id, 2, 'lawyer'],
    ]);
    await expect(
      recordRemittance(ctx2, handed.id, {
        reportedOn: '2027-02-01',
        collected: '100.00',
        retained: '150.00',
      }),
    ).rejects.toThrow(/retained: the agency cannot keep more than it collected/);
    await expect(
      closeCollectionCase(ctx2, handed.id, { closedOn: '2027-02-01', outcome: 'closed' }),
    ).rejects.toThrow(/claims RE-1, RE-2 of case \d+ are still open: give a write-off reason/);
    expect(
      (await runDunning(ctx2, database, { date: day('2027-02-01'), dryRun: true })).heldBack['handed-over'],
    ).toBe(2);
    await closeCollectionCase(ctx2, handed.id, {
      closedOn: '2027-02-01',
      outcome: 'returned',
      note: 'ohne Erfolg',
    });
    expect(
      (await runDunning(ctx2, database, { date: day('2027-02-02'), dryRun: true })).heldBack['handed-over'] ??
        0,
    ).toBe(0);
    await expect(
      recordRemittance(ctx2, handed.id, { reportedOn: '2027-02-03', collected: '10.00' }),
    ).rejects.toThrow(/collection case \d+ is returned since 2027-02-01/);
  });
});
