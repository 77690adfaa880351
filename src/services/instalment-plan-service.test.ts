import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  newTenantContext,
  openTestDatabase,
  TEST_DATABASE_KINDS,
  type TestDatabase,
} from '../../test/support/test-database.ts';
import { readEvents } from '../db/event-store.ts';
import type { CalendarDate } from '../domain/calendar-date.ts';
import { verifyEventChain } from './audit-service.ts';
import { updateCompanyProfile } from './company-service.ts';
import { createCustomer } from './customer-service.ts';
import { runDunning } from './dunning-run-service.ts';
import { createInvoice } from './invoice-service.ts';
import {
  cancelInstalmentPlan,
  checkInstalmentPlans,
  createInstalmentPlan,
  getInstalmentPlan,
  instalmentAgreementPdf,
  listPlans,
} from './instalment-plan-service.ts';
import { approveNotices, listNotices } from './notice-service.ts';
import { recordPayment } from './payment-service.ts';
import type { ServiceContext } from './service-context.ts';

const day = (text: string) => text as CalendarDate;

function hasPoppler(): boolean {
  try {
    execFileSync('pdftotext', ['-v'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

describe.each(TEST_DATABASE_KINDS)('instalment plans on %s', (kind) => {
  let database: TestDatabase;
  let dir: string;
  beforeAll(async () => {
    database = await openTestDatabase(kind);
    dir = mkdtempSync(join(tmpdir(), 'mahnwerk-plans-'));
  }, 60_000);
  afterAll(async () => {
    await database?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  /** Two invoices of K-1 (1,190.00 € and 595.00 €), due 2 Dec 2026, reminded on 9 Dec. */
  async function defaulted(): Promise<ServiceContext> {
    const ctx = await newTenantContext(database);
    await updateCompanyProfile(ctx, {
      name: 'Mahnwerk Test GmbH',
      address: { street: 'Friedrichstraße 100', postalCode: '10117', city: 'Berlin', country: 'DE' },
      bank: { iban: 'DE89370400440532013000', bic: 'COBADEFFXXX', bankName: null },
    });
    await createCustomer(ctx, {
      number: 'K-1',
      name: 'Müller Maschinenbau GmbH',
      debtorKind: 'business',
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
        lines: [{ description: 'Wartung', unitPrice: price, vatRatePercent: '19' }],
      });
    }
    await runDunning(ctx, database, { date: day('2026-12-09') });
    await approveNotices(ctx, { all: true });
    return ctx;
  }

  const plan = (overrides: Record<string, unknown> = {}) => ({
    customerNumber: 'K-1',
    agreedOn: '2027-01-05',
    downPayment: '200.00',
    count: 3,
    firstDueDate: '2027-02-01',
    rhythm: { months: 1 },
    graceDays: 10,
    ...overrides,
  });

  it('covers what the claims come to on the agreement day, explained per claim, split to the cent', async () => {
    const ctx = await defaulted();
    const created = await createInstalmentPlan(ctx, plan());
    expect(created.claims.map((c) => c.invoiceNumber)).toEqual(['RE-1', 'RE-2']);
    for (const claim of created.claims) {
      // Every cent of a claim is principal, costs (the €40 flat fee among them) or interest.
      expect(claim.openPrincipalCents + claim.costsCents + claim.interestCents).toBe(claim.totalCents);
    }
    expect(created.claims[0]).toMatchObject({ openPrincipalCents: 119_000 });
    expect(created.totalCents).toBe(created.claims.reduce((sum, c) => sum + c.totalCents, 0));
    expect(created.totalCents).toBeGreaterThan(178_500); // interest and flat fees on top of the principal
    expect(created.instalments.map((i) => [i.number, i.dueDate])).toEqual([
      [0, '2027-01-05'],
      [1, '2027-02-01'],
      [2, '2027-03-01'],
      [3, '2027-04-01'],
    ]);
    expect(created.instalments[0]?.amountCents).toBe(20_000);
    expect(created.instalments.reduce((sum, i) => sum + i.amountCents, 0)).toBe(created.totalCents);
    expect(created.status).toBe('active');

    // A claim can be in one active plan only; an unknown one is named.
    await expect(createInstalmentPlan(ctx, plan({ invoiceNumbers: ['RE-2'] }))).rejects.toThrow(
      /RE-2 already in an active instalment plan/,
    );
    await expect(createInstalmentPlan(ctx, plan({ invoiceNumbers: ['RE-9'] }))).rejects.toThrow(
      /invoiceNumbers\.0: RE-9 is not an open claim of customer K-1/,
    );
    await expect(createInstalmentPlan(ctx, plan({ amountPerInstalment: '100.00' }))).rejects.toThrow(
      /either count or amountPerInstalment/,
    );
    expect((await listPlans(ctx, { customerNumber: 'K-1' })).map((p) => p.id)).toEqual([created.id]);
  });

  it('holds dunning while the plan runs, accelerates on a missed instalment, and dunning resumes at the final notice', async () => {
    const ctx = await defaulted();
    const created = await createInstalmentPlan(ctx, plan());
    // Down payment paid on the day of the agreement: the plan holds both claims.
    await recordPayment(ctx, {
      customerNumber: 'K-1',
      receivedOn: '2027-01-05',
      amount: '200.00',
      invoiceNumbers: ['RE-1'],
    });
    const run = await runDunning(ctx, database, { date: day('2027-01-20') });
    expect(run.notices).toBe(0);
    expect(run.heldBack['instalment-plan']).toBe(2);

    // The first instalment paid, the second (due 1 Mar) not.
    const first = created.instalments[1]?.amountCents as number;
    await recordPayment(ctx, {
      customerNumber: 'K-1',
      receivedOn: '2027-02-01',
      amount: (first / 100).toFixed(2),
      invoiceNumbers: ['RE-1'],
    });
    const onTrack = await getInstalmentPlan(ctx, created.id, day('2027-03-05'));
    expect(onTrack.paidCents).toBe(20_000 + first);
    expect(onTrack.instalments.map((i) => i.paidCents)).toEqual([20_000, first, 0, 0]);

    // Grace of 10 days ends on 11 Mar: still active then, accelerated from 12 Mar.
    expect(await checkInstalmentPlans(ctx, day('2027-03-11'))).toEqual({ completed: 0, accelerated: 0 });
    const resumed = await runDunning(ctx, database, { date: day('2027-03-12') });
    expect(resumed.plans).toEqual({ completed: 0, accelerated: 1 });
    expect((await getInstalmentPlan(ctx, created.id)).status).toBe('accelerated');
    const [notice] = await listNotices(ctx, 'proposed');
    expect(notice?.stageKey).toBe('final-notice');

    const events = (await readEvents(ctx.db, ctx.tenantId, 0, 10_000)).filter((e) =>
      e.type.startsWith('instalment-plan.'),
    );
    expect(events.map((e) => e.type)).toEqual(['instalment-plan.agreed', 'instalment-plan.accelerated']);
    expect(events[1]?.payload).toMatchObject({ acceleratedOn: '2027-03-12', missedInstalment: 2 });
    expect((await verifyEventChain(ctx)).ok).toBe(true);
  });

  it('completes when everything is paid, and a cancelled plan releases its claims', async () => {
    const ctx = await defaulted();
    const created = await createInstalmentPlan(
      ctx,
      plan({ invoiceNumbers: ['RE-2'], downPayment: undefined }),
    );
    await recordPayment(ctx, {
      customerNumber: 'K-1',
      receivedOn: '2027-01-20',
      amount: (created.totalCents / 100).toFixed(2),
      invoiceNumbers: ['RE-2'],
    });
    expect(await checkInstalmentPlans(ctx, day('2027-01-21'))).toEqual({ completed: 1, accelerated: 0 });
    expect((await getInstalmentPlan(ctx, created.id)).status).toBe('completed');

    const other = await createInstalmentPlan(ctx, plan({ invoiceNumbers: ['RE-1'], downPayment: undefined }));
    await cancelInstalmentPlan(ctx, other.id, 'Kunde zahlt per Vergleich', day('2027-01-22'));
    await expect(cancelInstalmentPlan(ctx, other.id, 'nochmal', day('2027-01-22'))).rejects.toThrow(
      /is active; only an active plan|is cancelled; only an active plan/,
    );
    const run = await runDunning(ctx, database, { date: day('2027-01-25') });
    expect(run.heldBack['instalment-plan'] ?? 0).toBe(0);
  });

  it.skipIf(!hasPoppler() && process.env.MAHNWERK_REQUIRE_SERVICES !== '1')(
    'prints the agreement with the claims, the schedule, the acceleration clause and the QR code for the next instalment',
    async () => {
      const ctx = await defaulted();
      const created = await createInstalmentPlan(ctx, plan());
      const file = join(dir, `agreement-${kind}.pdf`);
      writeFileSync(file, await instalmentAgreementPdf(ctx, created.id, day('2027-01-05')));
      const text = execFileSync('pdftotext', [file, '-']).toString().replace(/\s+/g, ' ');
      expect(text).toContain('Ratenzahlungsvereinbarung');
      expect(text).toMatch(/RE-1 .*RE-2/);
      expect(text).toContain('Anzahlung');
      expect(text).toContain('länger als 10 Tage in Rückstand');
      expect(text).toContain('Bitte überweisen Sie die nächste Rate von 200,00 € bis zum 05.01.2027');
      expect(text).toContain('Verwendungszweck: Kd K-1 RE-1 RE-2');
    },
    60_000,
  );
});
