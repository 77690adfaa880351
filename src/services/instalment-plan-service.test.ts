import { execFileSync } from 'node:child_process';
import { hasPoppler } from '../../test/support/poppler.ts';
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
import { and, eq } from 'drizzle-orm';
import { readEvents } from '../db/event-store.ts';
import { findInvoiceByNumber } from '../db/invoice-repository.ts';
import { outbox } from '../db/schema.ts';
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
  decideInstalmentPlans,
  getInstalmentPlan,
  instalmentAgreementPdf,
  listPlans,
} from './instalment-plan-service.ts';
import { approveNotices, listNotices } from './notice-service.ts';
import { recordPayment } from './payment-service.ts';
import type { ServiceContext } from './service-context.ts';

const day = (text: string) => text as CalendarDate;

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
  async function defaulted(
    customer: { email?: string; debtorKind?: 'business' | 'consumer' } = {},
  ): Promise<ServiceContext> {
    const ctx = await newTenantContext(database);
    await updateCompanyProfile(ctx, {
      name: 'Mahnwerk Test GmbH',
      address: { street: 'Friedrichstraße 100', postalCode: '10117', city: 'Berlin', country: 'DE' },
      bank: { iban: 'DE89370400440532013000', bic: 'COBADEFFXXX', bankName: null },
    });
    await createCustomer(ctx, {
      number: 'K-1',
      name: 'Müller Maschinenbau GmbH',
      debtorKind: customer.debtorKind ?? 'business',
      ...(customer.email ? { email: customer.email } : {}),
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

  it('adds agreed interest on the principal into the schedule, demands it on the claims, and completes when all is paid', async () => {
    const ctx = await defaulted();
    const created = await createInstalmentPlan(
      ctx,
      plan({ downPayment: undefined, count: 6, interestRatePercent: '6' }),
    );
    expect(created.interest).toMatchObject({ ratePercent: '6.00', dayCount: 'act/365' });
    const interest = created.interest?.totalCents as number;
    const sum = (part: (i: (typeof created.instalments)[number]) => number) =>
      created.instalments.reduce((total, i) => total + part(i), 0);
    expect(created.claimsCents).toBe(created.claims.reduce((total, c) => total + c.totalCents, 0));
    expect(interest).toBe(sum((i) => i.interestCents));
    expect(created.totalCents).toBe(created.claimsCents + interest);
    expect(sum((i) => i.amountCents)).toBe(created.totalCents);
    // 6 % a year on about 1,785 € of principal over 6 months, falling: more than 20 €, less than 60 €.
    expect(interest).toBeGreaterThan(2_000);
    expect(interest).toBeLessThan(6_000);
    // The first instalment carries the interest on the whole principal for 27 days (5 Jan – 1 Feb).
    const principal = created.claims.reduce((total, c) => total + c.openPrincipalCents, 0);
    expect(created.instalments[0]?.interestCents).toBe(Math.round((principal * 6 * 27) / 36_500));

    // Paying exactly the schedule completes the plan and settles both invoices, nothing left over.
    for (const instalment of created.instalments) {
      await recordPayment(ctx, {
        customerNumber: 'K-1',
        receivedOn: instalment.dueDate,
        amount: (instalment.amountCents / 100).toFixed(2),
      });
    }
    const last = created.instalments.at(-1)?.dueDate as CalendarDate;
    expect(await checkInstalmentPlans(ctx, last)).toEqual({ completed: 1, accelerated: 0 });
    const done = await getInstalmentPlan(ctx, created.id, last);
    expect(done).toMatchObject({ status: 'completed', paidCents: created.totalCents, openCents: 0 });
    for (const number of ['RE-1', 'RE-2']) {
      expect((await findInvoiceByNumber(ctx.db, ctx.tenantId, number))?.status).toBe('paid');
    }
  });

  it('names the field of what is wrong: interest for a consumer, an unknown claim, a schedule that cannot work', async () => {
    const consumer = await defaulted({ debtorKind: 'consumer' });
    const issuesOf = async (run: Promise<unknown>) => {
      const error = (await run.then(
        () => null,
        (e: unknown) => e,
      )) as { issues?: { path: string }[]; message: string } | null;
      expect(error).not.toBeNull();
      return { paths: (error?.issues ?? []).map((i) => i.path), message: error?.message ?? '' };
    };
    const consumerInterest = await issuesOf(
      createInstalmentPlan(consumer, plan({ interestRatePercent: '5' })),
    );
    expect(consumerInterest.paths).toEqual(['interestRatePercent']);
    expect(consumerInterest.message).toMatch(/consumer credit \(§ 506 BGB\)/);

    const ctx = await defaulted();
    expect((await issuesOf(createInstalmentPlan(ctx, plan({ invoiceNumbers: ['RE-9'] })))).paths).toEqual([
      'invoiceNumbers.0',
    ]);
    expect((await issuesOf(createInstalmentPlan(ctx, plan({ interestRatePercent: '45' })))).paths).toEqual([
      'interestRatePercent',
    ]);
    expect((await issuesOf(createInstalmentPlan(ctx, plan({ interestRatePercent: 'viel' })))).paths).toEqual([
      'interestRatePercent',
    ]);
    expect((await issuesOf(createInstalmentPlan(ctx, plan({ downPayment: '99999.00' })))).paths).toEqual([
      'downPayment',
    ]);
    expect((await issuesOf(createInstalmentPlan(ctx, plan({ reminderDaysBefore: 45 })))).paths).toEqual([
      'reminderDaysBefore',
    ]);
  });

  it('reminds by e-mail before each open instalment, once each, with an event; not without an address or once paid', async () => {
    const ctx = await defaulted({ email: 'buchhaltung@mueller.example' });
    const created = await createInstalmentPlan(ctx, plan({ reminderDaysBefore: 3 }));
    await recordPayment(ctx, { customerNumber: 'K-1', receivedOn: '2027-01-05', amount: '200.00' });
    const reminderRows = async () =>
      (
        await ctx.db
          .select()
          .from(outbox)
          .where(and(eq(outbox.tenantId, ctx.tenantId), eq(outbox.kind, 'email')))
      ).filter((row) => row.noticeId === null);
    expect(await reminderRows()).toEqual([]);
    // Instalment 1 falls due on 1 Feb: nothing on 28 Jan, the reminder from 29 Jan.
    expect((await decideInstalmentPlans(ctx, day('2027-01-28'))).reminders).toBe(0);
    expect(await decideInstalmentPlans(ctx, day('2027-01-29'))).toEqual({
      completed: 0,
      accelerated: 0,
      reminders: 1,
    });
    // The next day and the daily run change nothing: one reminder per instalment.
    expect((await decideInstalmentPlans(ctx, day('2027-01-30'))).reminders).toBe(0);
    await runDunning(ctx, database, { date: day('2027-01-31') });
    const rows = await reminderRows();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      status: 'pending',
      noticeId: null,
      dedupeKey: `instalment-plan:${created.id}:1:reminder`,
      payload: {
        type: 'instalment-reminder',
        planId: created.id,
        instalment: 1,
        dueDate: '2027-02-01',
        amountCents: created.instalments[1]?.amountCents,
      },
    });
    const events = (await readEvents(ctx.db, ctx.tenantId, 0, 10_000)).filter(
      (e) => e.type === 'instalment-plan.reminder-queued',
    );
    expect(events).toHaveLength(1);
    expect(events[0]?.payload).toMatchObject({ instalment: 1, recipient: 'buchhaltung@mueller.example' });

    // Instalment 2 (1 Mar) paid early: no reminder for it.
    await recordPayment(ctx, {
      customerNumber: 'K-1',
      receivedOn: '2027-02-01',
      amount: (
        ((created.instalments[1]?.amountCents ?? 0) + (created.instalments[2]?.amountCents ?? 0)) /
        100
      ).toFixed(2),
    });
    expect((await decideInstalmentPlans(ctx, day('2027-02-27'))).reminders).toBe(0);
    expect((await decideInstalmentPlans(ctx, day('2027-03-29'))).reminders).toBe(1);
    expect((await verifyEventChain(ctx)).ok).toBe(true);

    // Without an e-mail address nothing is queued.
    const silent = await defaulted();
    await createInstalmentPlan(silent, plan());
    expect((await decideInstalmentPlans(silent, day('2027-01-30'))).reminders).toBe(0);
    // Nor for a plan agreed without reminders.
    const none = await defaulted({ email: 'a@b.example' });
    await createInstalmentPlan(none, plan({ reminderDaysBefore: null }));
    expect((await decideInstalmentPlans(none, day('2027-01-30'))).reminders).toBe(0);
  });

  it('lists plans newest first with paid, open and the next instalment, by status and customer, page by page', async () => {
    const ctx = await defaulted();
    const first = await createInstalmentPlan(ctx, plan({ invoiceNumbers: ['RE-1'], downPayment: undefined }));
    const second = await createInstalmentPlan(
      ctx,
      plan({ invoiceNumbers: ['RE-2'], downPayment: undefined }),
    );
    await cancelInstalmentPlan(ctx, first.id, 'neu verhandelt', day('2027-01-06'));
    await recordPayment(ctx, {
      customerNumber: 'K-1',
      receivedOn: '2027-01-20',
      amount: '100.00',
      invoiceNumbers: ['RE-2'],
    });
    const listed = await listPlans(ctx, {}, day('2027-01-21'));
    expect(listed.map((p) => [p.id, p.status])).toEqual([
      [second.id, 'active'],
      [first.id, 'cancelled'],
    ]);
    expect(listed[0]).toMatchObject({
      customerNumber: 'K-1',
      paidCents: 10_000,
      openCents: second.totalCents - 10_000,
      instalmentCount: 3,
      standing: {
        status: 'active',
        next: {
          number: 1,
          dueDate: '2027-02-01',
          openCents: (second.instalments[0]?.amountCents as number) - 10_000,
        },
      },
    });
    expect((await listPlans(ctx, { statuses: ['cancelled'] })).map((p) => p.id)).toEqual([first.id]);
    expect((await listPlans(ctx, { limit: 1 })).map((p) => p.id)).toEqual([second.id]);
    expect((await listPlans(ctx, { limit: 1, beforeId: second.id })).map((p) => p.id)).toEqual([first.id]);
    expect(await listPlans(ctx, { customerId: first.customerId + 1_000_000 })).toEqual([]);
  });

  it.skipIf(!hasPoppler())(
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

      const other = await defaulted();
      const withInterest = await createInstalmentPlan(
        other,
        plan({ downPayment: undefined, interestRatePercent: '4.5' }),
      );
      const interestFile = join(dir, `agreement-interest-${kind}.pdf`);
      writeFileSync(interestFile, await instalmentAgreementPdf(other, withInterest.id, day('2027-01-05')));
      const interestText = execFileSync('pdftotext', [interestFile, '-']).toString().replace(/\s+/g, ' ');
      expect(interestText).toContain('Zinsen von 4,50 % jährlich');
      expect(interestText).toContain('davon Zinsen');
      // The table of claims and the schedule each end in a total.
      expect(interestText.match(/Gesamtbetrag/g)).toHaveLength(2);
      const eur = (cents: number) =>
        (cents / 100).toLocaleString('de-DE', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
      expect(interestText).toContain(`insgesamt ${eur(withInterest.interest?.totalCents as number)} €`);
    },
    60_000,
  );
});
