/**
 * A claim's whole way down (issue 7): a business customer defaults, is reminded and dunned, agrees
 * to an instalment plan, misses an instalment, the plan accelerates and dunning resumes, the claims
 * are handed over to a collection agency, the agency collects a part (with its costs), and the rest
 * is written off — every cent explained, every step on the customer's timeline and in the chain.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PDFDocument } from 'pdf-lib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readEventsOf } from '../src/db/event-store.ts';
import { findInvoiceByNumber } from '../src/db/invoice-repository.ts';
import type { CalendarDate } from '../src/domain/calendar-date.ts';
import { verifyEventChain } from '../src/services/audit-service.ts';
import { claimStatement } from '../src/services/claim-statement-service.ts';
import {
  caseFile,
  closeCollectionCase,
  handOverClaims,
  recordRemittance,
} from '../src/services/collection-service.ts';
import { updateCompanyProfile } from '../src/services/company-service.ts';
import { createCustomer } from '../src/services/customer-service.ts';
import { runDunning } from '../src/services/dunning-run-service.ts';
import { createInstalmentPlan, getInstalmentPlan } from '../src/services/instalment-plan-service.ts';
import { createInvoice } from '../src/services/invoice-service.ts';
import { approveNotices, listNotices } from '../src/services/notice-service.ts';
import { recordPayment } from '../src/services/payment-service.ts';
import { hasPoppler } from './support/poppler.ts';
import {
  newTenantContext,
  openTestDatabase,
  TEST_DATABASE_KINDS,
  type TestDatabase,
} from './support/test-database.ts';

const day = (text: string) => text as CalendarDate;

describe.each(TEST_DATABASE_KINDS)('from default to write-off on %s', (kind) => {
  let database: TestDatabase;
  let dir: string;
  beforeAll(async () => {
    database = await openTestDatabase(kind);
    dir = mkdtempSync(join(tmpdir(), 'mahnwerk-e2e-'));
  }, 60_000);
  afterAll(async () => {
    await database?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('defaults, is dunned, breaks a plan, is handed over, pays a part through the agency, and the rest is written off', async () => {
    const ctx = await newTenantContext(database);
    await updateCompanyProfile(ctx, {
      name: 'Mahnwerk Test GmbH',
      address: { street: 'Friedrichstraße 100', postalCode: '10117', city: 'Berlin', country: 'DE' },
      bank: { iban: 'DE89370400440532013000', bic: 'COBADEFFXXX', bankName: null },
    });
    const customer = await createCustomer(ctx, {
      number: 'K-1',
      name: 'Säumig Bau GmbH',
      debtorKind: 'business',
      email: 'buchhaltung@saeumig.example',
      address: { street: 'Hauptstraße 5', postalCode: '80331', city: 'München', country: 'DE' },
    });
    for (const [number, price] of [
      ['RE-1', '1000.00'],
      ['RE-2', '500.00'],
    ] as const) {
      await createInvoice(ctx, {
        customerNumber: 'K-1',
        number,
        issuedOn: '2026-11-02',
        paymentTerms: { kind: 'net', days: 30 },
        lines: [{ description: 'Rohbauarbeiten', unitPrice: price, vatRatePercent: '19' }],
      });
    }

    // 1. Due 2 Dec 2026, unpaid: a payment reminder, then the first dunning with interest and € 40 each.
    for (const date of ['2026-12-09', '2026-12-23']) {
      const run = await runDunning(ctx, database, { date: day(date) });
      expect(run.notices).toBe(1);
      await approveNotices(ctx, { all: true });
    }
    const dunned = await listNotices(ctx, 'approved');
    expect(dunned.map((n) => n.stageKey).sort()).toEqual(['first-dunning', 'payment-reminder']);

    // 2. An instalment plan: 200 € down, three monthly instalments from 1 Feb; only the down payment comes.
    const plan = await createInstalmentPlan(ctx, {
      customerNumber: 'K-1',
      agreedOn: '2027-01-05',
      downPayment: '200.00',
      count: 3,
      firstDueDate: '2027-02-01',
      rhythm: { months: 1 },
      graceDays: 10,
    });
    await recordPayment(ctx, { customerNumber: 'K-1', receivedOn: '2027-01-05', amount: '200.00' });
    expect((await runDunning(ctx, database, { date: day('2027-01-20') })).heldBack['instalment-plan']).toBe(
      2,
    );

    // 3. The instalment of 1 Feb is missed; after 10 days' grace the plan accelerates, dunning resumes.
    const resumed = await runDunning(ctx, database, { date: day('2027-02-12') });
    expect(resumed.plans).toEqual({ completed: 0, accelerated: 1 });
    expect((await getInstalmentPlan(ctx, plan.id)).status).toBe('accelerated');
    expect((await listNotices(ctx, 'proposed')).map((n) => n.stageKey)).toEqual(['final-notice']);
    await approveNotices(ctx, { all: true });

    // 4. Handed over on 1 Mar: what the statement claims that day is what the agency gets.
    const before = await claimStatement(ctx, 'K-1', day('2027-03-01'));
    const handed = await handOverClaims(ctx, {
      customerNumber: 'K-1',
      handedOverOn: '2027-03-01',
      agencyName: 'Inkasso Nord GmbH',
      agencyReference: 'IN-4711',
    });
    expect(handed.claims.map((c) => c.invoiceNumber)).toEqual(['RE-1', 'RE-2']);
    expect(handed.handedOverCents).toBe(before.totalCents);
    for (const claim of handed.claims) {
      const item = before.items.find((i) => i.invoiceNumber === claim.invoiceNumber);
      expect(claim.principalCents).toBe(item?.openPrincipalCents);
      expect(claim.interestCents).toBe((item?.interestCents ?? 0) - (item?.interestPaidCents ?? 0));
      expect(claim.interestCents).toBeGreaterThan(0);
    }
    const held = await runDunning(ctx, database, { date: day('2027-03-20') });
    expect(held.notices).toBe(0);
    expect(held.heldBack['handed-over']).toBe(2);
    await expect(
      handOverClaims(ctx, {
        customerNumber: 'K-1',
        handedOverOn: '2027-03-02',
        agencyName: 'Zweite Inkasso AG',
      }),
    ).rejects.toThrow(/RE-1 is already handed over \(case \d+\)/);

    // The case file: statement, history and copies, as PDF, JSON and CSV.
    const file = await caseFile(ctx, handed.id, day('2027-03-01'));
    expect(file.json.totalCents).toBe(before.totalCents);
    expect(file.csv.split('\r\n')[1]).toMatch(/^RE-1;2026-11-02;2026-12-02;1190,00;/);
    const pdf = await PDFDocument.load(file.pdf);
    // The cover, two invoices, and the three notices that went out (each at least one page).
    expect(pdf.getPageCount()).toBeGreaterThanOrEqual(1 + 2 + 3);
    expect(file.json.documents).toEqual(expect.arrayContaining(['Rechnung RE-1', 'Rechnung RE-2']));
    if (hasPoppler()) {
      const path = join(dir, `case-${kind}.pdf`);
      writeFileSync(path, file.pdf);
      const text = execFileSync('pdftotext', [path, '-']).toString().replace(/\s+/g, ' ');
      expect(text).toContain('Übergabe zum Forderungseinzug: Säumig Bau GmbH');
      expect(text).toContain('9 Prozentpunkte über dem jeweiligen Basiszinssatz seit');
      expect(text).toContain('Ratenzahlung nicht eingehalten');
    }

    // 5. The agency collects 800 € (incl. 120 € collection costs it charged the debtor) and keeps 150 €.
    const paid = await recordRemittance(ctx, handed.id, {
      reportedOn: '2027-04-15',
      collected: '800.00',
      debtorCosts: '120.00',
      retained: '150.00',
    });
    expect(paid.status).toBe('agency-paid');
    expect(paid.forwardedCents).toBe(65_000);
    const after = await claimStatement(ctx, 'K-1', day('2027-04-15'));
    const sum = <T>(items: readonly T[], pick: (item: T) => number) => items.reduce((s, i) => s + pick(i), 0);
    // Every cent of the 800 € went to costs (the agency's 120 € among them), interest or principal.
    const interestPaidNow =
      sum(after.items, (i) => i.interestPaidCents) - sum(before.items, (i) => i.interestPaidCents);
    expect(sum(after.items, (i) => i.openPrincipalCents + i.openCostsCents + i.flatFeeCents)).toBe(
      sum(handed.claims, (c) => c.principalCents + c.costsCents) + 12_000 - 80_000 + interestPaidNow,
    );
    // § 366: the agency named the claims in order, so RE-1 came first; § 367: its costs, then the
    // interest the handover claimed, then principal.
    const [re1] = after.items;
    const handedRe1 = handed.claims[0] as (typeof handed.claims)[number];
    const beforeRe1 = before.items[0] as (typeof before.items)[number];
    expect(re1?.openCostsCents).toBe(0);
    expect(re1?.interestPaidCents).toBe(beforeRe1.interestPaidCents + handedRe1.interestCents);
    expect(re1?.openPrincipalCents).toBe(
      handedRe1.principalCents - (80_000 - handedRe1.costsCents - 12_000 - handedRe1.interestCents),
    );

    // 6. Nothing more to get: the case is closed and the rest written off as bad debt.
    const closed = await closeCollectionCase(ctx, handed.id, {
      closedOn: '2027-06-30',
      outcome: 'closed',
      writeOffReason: 'Schuldner insolvent, Inkasso erfolglos',
    });
    expect(closed.status).toBe('closed');
    for (const number of ['RE-1', 'RE-2']) {
      expect((await findInvoiceByNumber(ctx.db, ctx.tenantId, number))?.status).toBe('written-off');
    }
    expect((await claimStatement(ctx, 'K-1', day('2027-07-01'))).items).toEqual([]);
    expect((await runDunning(ctx, database, { date: day('2027-07-15') })).claims).toBe(0);

    // The timeline shows every step in order, and the chain holds.
    const timeline = (await readEventsOf(ctx.db, ctx.tenantId, customer.id)).map((e) => e.type);
    const steps = [
      'invoice.created',
      'notice.approved',
      'notice.approved',
      'instalment-plan.agreed',
      'payment.recorded',
      'instalment-plan.accelerated',
      'notice.approved',
      'collection.handed-over',
      'payment.recorded',
      'collection.remittance',
      'claim.written-off',
      'claim.written-off',
      'collection.closed',
    ];
    let at = -1;
    for (const step of steps) {
      at = timeline.indexOf(step, at + 1);
      expect(at, `${step} after the previous step in ${timeline.join(', ')}`).toBeGreaterThanOrEqual(0);
    }
    const writeOffs = (await readEventsOf(ctx.db, ctx.tenantId, customer.id)).filter(
      (e) => e.type === 'claim.written-off',
    );
    for (const event of writeOffs) {
      const p = event.payload as { principalCents: number; vatCents: number };
      // The VAT hint: the VAT contained in the gross principal written off (19 %).
      expect(p.vatCents).toBe(Math.round((p.principalCents * 19) / 119));
    }
    expect((await verifyEventChain(ctx)).ok).toBe(true);
  }, 120_000);
});
