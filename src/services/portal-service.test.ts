import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readEventsOf } from '../db/event-store.ts';
import { listTasks } from '../db/task-repository.ts';
import {
  disputeAttachments,
  instalmentPlans,
  noticeItems,
  notices,
  outbox,
  reportedPayments,
} from '../db/schema.ts';
import type { CalendarDate } from '../domain/calendar-date.ts';
import { isPortalMessagePayload } from '../delivery/portal-email.ts';
import {
  newTenantContext,
  openTestDatabase,
  TEST_DATABASE_KINDS,
  type TestDatabase,
} from '../../test/support/test-database.ts';
import { claimStatement } from './claim-statement-service.ts';
import { updateCompanyProfile } from './company-service.ts';
import { createCustomer, findCustomerOrFail } from './customer-service.ts';
import { runDunning } from './dunning-run-service.ts';
import { getInstalmentPlan } from './instalment-plan-service.ts';
import { createInvoice } from './invoice-service.ts';
import { approveNotices } from './notice-service.ts';
import { recordPayment } from './payment-service.ts';
import { portalContextOf } from './portal-context.ts';
import {
  approvePlanProposal,
  listPlanProposals,
  proposeInstalmentPlan,
  rejectPlanProposal,
} from './portal-plan-service.ts';
import {
  attachmentTypeOf,
  displayFileName,
  disputeInvoice,
  portalInvoicePdf,
  portalNoticePdf,
  portalOverview,
  promiseToPay,
  reportPaidAlready,
  updateBillingEmail,
} from './portal-service.ts';
import { updatePortalSettings } from './portal-settings-service.ts';

const TODAY = '2026-03-16';
const now = () => new Date(`${TODAY}T09:00:00Z`);
const day = (d: string) => d as CalendarDate;
const PDF = Buffer.from('%PDF-1.7\n% a small file\n').toString('base64');
const GIF = Buffer.from('GIF89a....').toString('base64');

describe.each(TEST_DATABASE_KINDS)('the customer portal’s use cases (%s)', (kind) => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await openTestDatabase(kind);
  }, 60_000);
  afterAll(() => database?.close());

  async function setUp() {
    const base = await newTenantContext(database, { now });
    const ctx = { ...base, actor: 'user:chef@firma.example' };
    await updateCompanyProfile(ctx, {
      name: 'Firma GmbH',
      bank: { iban: 'DE89 3704 0044 0532 0130 00', bic: 'COBADEFFXXX', bankName: 'Commerzbank' },
    });
    await updatePortalSettings(ctx, { notificationEmail: 'forderungen@firma.example' });
    const a = await createCustomer(ctx, {
      number: 'K-A',
      name: 'Anna Bau GmbH',
      debtorKind: 'business',
      email: 'rechnung@anna.example',
    });
    const b = await createCustomer(ctx, { number: 'K-B', name: 'Bernd KG', debtorKind: 'business' });
    const invoice = (customerNumber: string, number: string, issuedOn: string, amount: string) =>
      createInvoice(ctx, {
        customerNumber,
        number,
        issuedOn,
        paymentTerms: { kind: 'net', days: 14 },
        lines: [{ description: 'Leistung', unitPrice: amount, vatRatePercent: '0' }],
      });
    const a1 = await invoice('K-A', 'RE-A1', '2026-02-01', '1000.00');
    const a2 = await invoice('K-A', 'RE-A2', '2026-03-10', '600.00');
    const b1 = await invoice('K-B', 'RE-B1', '2026-02-01', '500.00');
    const portal = portalContextOf(
      database,
      { tenantId: ctx.tenantId, customerId: a.id, linkId: 1, actor: 'portal-link:1' },
      now,
    );
    return { ctx, portal, a, b, a1, a2, b1 };
  }

  const tasksOf = async (ctx: { db: TestDatabase['db']; tenantId: number }, kind: string) =>
    (await listTasks(ctx.db, ctx.tenantId, { kind, limit: 50 })).map((t) => t.task);

  const portalEventTypes = async (ctx: { tenantId: number }, customerId: number) =>
    (await readEventsOf(database.db, ctx.tenantId, customerId))
      .filter((e) => e.actor === 'portal-link:1')
      .map((e) => e.type);

  it('shows the customer’s own open invoices, the amount due with its reference and GiroCode, and letters', async () => {
    const { ctx, portal, a1, a2, b1 } = await setUp();
    const overview = await portalOverview(portal);
    expect(overview.customer).toEqual({
      number: 'K-A',
      name: 'Anna Bau GmbH',
      language: 'de',
      email: 'rechnung@anna.example',
    });
    expect(overview.invoices.map((i) => [i.id, i.number, i.overdue])).toEqual([
      [a1.id, 'RE-A1', true],
      [a2.id, 'RE-A2', false],
    ]);
    // What is owed is what the claim statement says today (with default interest, if any).
    const statement = await claimStatement(ctx, 'K-A', day(TODAY));
    const [first, second] = overview.invoices;
    expect(first?.openCents).toBe(statement.items.find((i) => i.invoiceNumber === 'RE-A1')?.totalCents);
    expect(first?.openCents).toBeGreaterThanOrEqual(100_000);
    expect(second?.openCents).toBe(60_000);
    const total = (first?.openCents ?? 0) + 60_000;
    expect(overview.amountDue).toMatchObject({
      totalCents: total,
      invoiceNumbers: ['RE-A1', 'RE-A2'],
      reference: null,
      text: 'Kd K-A RE-A1 RE-A2',
      bank: { accountHolder: 'Firma GmbH', iban: 'DE89370400440532013000', bic: 'COBADEFFXXX' },
    });
    expect(overview.amountDue.epcQr?.payload).toBe(
      `BCD\n002\n1\nSCT\nCOBADEFFXXX\nFirma GmbH\nDE89370400440532013000\nEUR${(total / 100).toFixed(2)}\n\n\nKd K-A RE-A1 RE-A2`,
    );
    expect(overview.amountDue.epcQr?.pngDataUrl).toMatch(/^data:image\/png;base64,iVBORw0KGgo/);
    expect(overview.documents.map((d) => [d.kind, d.title, d.href])).toEqual([
      ['invoice', 'Rechnung RE-A2', `/portal-api/invoices/${a2.id}/pdf`],
      ['invoice', 'Rechnung RE-A1', `/portal-api/invoices/${a1.id}/pdf`],
    ]);
    expect(JSON.stringify(overview)).not.toContain('RE-B1');
    expect(JSON.stringify(overview)).not.toContain(`/invoices/${b1.id}/`);
    expect(overview.limits).toEqual({
      promiseMaxDays: 30,
      maxMonths: 6,
      minInstalmentCents: 5000,
      autoAccept: true,
    });
  });

  it('"paid already" pauses dunning of the invoice until the hold ends, cancels the pending notice, and tells the credit controller', async () => {
    const { ctx, portal, a, a1 } = await setUp();
    const before = await runDunning(ctx, database, { date: day(TODAY) });
    expect(before.notices).toBe(2); // A and B, each with their overdue invoice
    const result = await reportPaidAlready(portal, {
      invoiceId: a1.id,
      paidOn: '2026-03-13',
      amountCents: 100_000,
      note: 'Überweisung von der Sparkasse',
    });
    expect(result).toMatchObject({ invoiceNumber: 'RE-A1', holdUntil: '2026-03-23' });
    const [row] = await database.db
      .select()
      .from(reportedPayments)
      .where(eq(reportedPayments.tenantId, ctx.tenantId));
    expect(row).toMatchObject({
      invoiceId: a1.id,
      customerId: a.id,
      paidOn: '2026-03-13',
      amountCents: 100_000,
      reportedOn: TODAY,
      holdUntil: '2026-03-23',
      status: 'open',
    });
    const [task] = await tasksOf(ctx, 'portal-paid');
    expect(task?.id).toBe(row?.taskId);
    expect(task?.title).toMatch(
      /^Kunde meldet Rechnung RE-A1 als bezahlt: 1\.000,00\s€ am 13\.03\.2026 – Zahlungseingang suchen \(Mahnpause bis 23\.03\.2026\)$/,
    );
    // The proposal for A that had not gone out is cancelled.
    const items = await database.db
      .select({ cancelled: noticeItems.cancelled })
      .from(noticeItems)
      .where(and(eq(noticeItems.tenantId, ctx.tenantId), eq(noticeItems.invoiceId, a1.id)));
    expect(items).toEqual([{ cancelled: true }]);
    expect(await portalEventTypes(ctx, a.id)).toEqual(['portal.paid-reported', 'notice.cancelled']);
    // The credit controller gets an e-mail, as the setting asks.
    const mails = (
      await database.db
        .select()
        .from(outbox)
        .where(and(eq(outbox.tenantId, ctx.tenantId), eq(outbox.kind, 'email')))
    ).map((r) => r.payload);
    expect(mails).toHaveLength(1);
    const [mail] = mails;
    if (!isPortalMessagePayload(mail)) throw new Error('expected a portal message');
    expect(mail).toMatchObject({
      to: 'forderungen@firma.example',
      subject: 'Kundenportal: Anna Bau GmbH (K-A)',
    });
    expect(mail.text).toContain('Kunde meldet Rechnung RE-A1 als bezahlt');

    // The next run holds the claim back through the hold's last day, then dunns it again.
    const during = await runDunning(ctx, database, { date: day('2026-03-23') });
    expect(during.heldBack['reported-paid']).toBe(1);
    const pendingOfA1 = async () =>
      database.db
        .select({ id: noticeItems.noticeId })
        .from(noticeItems)
        .innerJoin(
          notices,
          and(eq(notices.tenantId, noticeItems.tenantId), eq(notices.id, noticeItems.noticeId)),
        )
        .where(
          and(
            eq(noticeItems.tenantId, ctx.tenantId),
            eq(noticeItems.invoiceId, a1.id),
            eq(notices.status, 'proposed'),
            eq(noticeItems.cancelled, false),
          ),
        );
    expect(await pendingOfA1()).toEqual([]);
    const after = await runDunning(ctx, database, { date: day('2026-03-24') });
    expect(after.heldBack['reported-paid']).toBeUndefined();
    expect(await pendingOfA1()).toHaveLength(1);
    // No payment came: the report was not confirmed — the customer sees it, the task stays open.
    expect((await portalOverview(portal)).reportedPayments.map((r) => r.status)).toEqual(['not-found']);
    const typesAfter = (await readEventsOf(database.db, ctx.tenantId, a.id)).map((e) => e.type);
    expect(typesAfter).toContain('portal.paid-report-not-confirmed');
    expect((await tasksOf(ctx, 'portal-paid')).map((t) => t.status)).toEqual(['open']);

    // Reported once: a second report waits for the first to be checked.
    await expect(
      reportPaidAlready(portal, { invoiceId: a1.id, paidOn: TODAY, amountCents: 100 }),
    ).rejects.toMatchObject({ code: 'conflict' });
    await expect(
      reportPaidAlready(portal, { invoiceId: a1.id, paidOn: '2026-03-17', amountCents: 100 }),
    ).rejects.toMatchObject({ code: 'validation' });
  });

  it('"paid already" is confirmed by the payment that settles the invoice, and its task is done by itself', async () => {
    const { ctx, portal, a, a1 } = await setUp();
    await reportPaidAlready(portal, { invoiceId: a1.id, paidOn: TODAY, amountCents: 1000_00 });
    await recordPayment(ctx, {
      customerNumber: 'K-A',
      receivedOn: TODAY,
      amount: '1000.00',
      invoiceNumbers: ['RE-A1'],
    });
    expect((await portalOverview(portal)).reportedPayments.map((r) => r.status)).toEqual(['found']);
    expect((await tasksOf(ctx, 'portal-paid')).map((t) => [t.status, t.outcome])).toEqual([
      ['done', 'payment received'],
    ]);
    const types = (await readEventsOf(database.db, ctx.tenantId, a.id)).map((e) => e.type);
    expect(types.indexOf('portal.paid-report-confirmed')).toBeGreaterThan(types.indexOf('payment.recorded'));
    expect(types.indexOf('payment.recorded')).toBeGreaterThan(types.indexOf('portal.paid-reported'));
    // A later run does not call it "not found".
    await runDunning(ctx, database, { date: day('2026-04-30') });
    expect((await portalOverview(portal)).reportedPayments.map((r) => r.status)).toEqual(['found']);
  });

  it('a dispute from the portal stops the next notice, keeps the file as sent, and names it safely', async () => {
    const { ctx, portal, a, a1 } = await setUp();
    await runDunning(ctx, database, { date: day(TODAY) });
    const result = await disputeInvoice(portal, {
      invoiceId: a1.id,
      reason: 'defective',
      text: 'Die Fenster sind undicht.',
      file: { name: '..\\..//etc/Mängel liste.pdf', contentBase64: PDF },
    });
    expect(result).toMatchObject({
      invoiceNumber: 'RE-A1',
      attachment: { fileName: 'Mängel liste.pdf', mimeType: 'application/pdf', sizeBytes: 24 },
    });
    const [stored] = await database.db
      .select()
      .from(disputeAttachments)
      .where(eq(disputeAttachments.tenantId, ctx.tenantId));
    expect(Buffer.from(stored?.content ?? []).toString('base64')).toBe(PDF);
    expect(stored?.disputeId).toBe(result.disputeId);
    const [task] = await tasksOf(ctx, 'portal-dispute');
    expect(task?.title).toBe(
      'Kunde widerspricht Rechnung RE-A1 (Mangelhafte Leistung): Die Fenster sind undicht.',
    );
    expect(await portalEventTypes(ctx, a.id)).toEqual([
      'dispute.opened',
      'notice.cancelled',
      'portal.dispute-opened',
    ]);
    const next = await runDunning(ctx, database, { date: day('2026-04-20') });
    expect(next.heldBack.disputed).toBe(1);
    const overview = await portalOverview(portal);
    expect(overview.invoices.find((i) => i.id === a1.id)?.disputed).toBe(true);
    expect(overview.amountDue.invoiceNumbers).toEqual(['RE-A2']);
    expect(overview.disputes[0]).toMatchObject({
      invoiceNumber: 'RE-A1',
      reason: 'Kundenportal – Mangelhafte Leistung: Die Fenster sind undicht.',
      attachments: [{ fileName: 'Mängel liste.pdf', mimeType: 'application/pdf', sizeBytes: 24 }],
    });
    // Once is enough while it is open.
    await expect(
      disputeInvoice(portal, { invoiceId: a1.id, reason: 'other', text: 'noch einmal' }),
    ).rejects.toMatchObject({ code: 'conflict' });
  });

  it('takes only PDF, PNG and JPEG files of at most 5 MB, by their content', async () => {
    const { portal, a2 } = await setUp();
    await expect(
      disputeInvoice(portal, {
        invoiceId: a2.id,
        reason: 'other',
        text: 'Bild',
        file: { name: 'bild.pdf', contentBase64: GIF },
      }),
    ).rejects.toMatchObject({ code: 'validation', issues: [{ path: 'file' }] });
    const big = Buffer.concat([Buffer.from('%PDF-'), Buffer.alloc(5 * 1024 * 1024 - 4)]);
    await expect(
      disputeInvoice(portal, {
        invoiceId: a2.id,
        reason: 'other',
        text: 'zu groß',
        file: { name: 'gross.pdf', contentBase64: big.toString('base64') },
      }),
    ).rejects.toMatchObject({ code: 'validation' });
    expect(attachmentTypeOf(new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0]))).toBe(
      'image/png',
    );
    expect(attachmentTypeOf(new Uint8Array([0xff, 0xd8, 0xff, 0xe0]))).toBe('image/jpeg');
    expect(attachmentTypeOf(new Uint8Array([0x3c, 0x68, 0x74]))).toBeNull();
    expect(displayFileName('../../../.bashrc')).toBe('bashrc');
    expect(displayFileName('C:\\Users\\x\\Rechnung<1>.pdf')).toBe('Rechnung_1_.pdf');
    expect(displayFileName('///')).toBe('anhang');
  });

  it('a promise to pay holds the invoices until the day, within the company’s limit', async () => {
    const { ctx, portal, a, a1, a2 } = await setUp();
    await expect(promiseToPay(portal, { invoiceIds: [a1.id], payBy: '2026-04-16' })).rejects.toMatchObject({
      code: 'validation',
      issues: [{ path: 'payBy' }],
    });
    const result = await promiseToPay(portal, { invoiceIds: [a1.id, a2.id], payBy: '2026-03-31' });
    expect(result).toEqual({ payBy: '2026-03-31', amountCents: 160_000, invoiceNumbers: ['RE-A1', 'RE-A2'] });
    const run = await runDunning(ctx, database, { date: day(TODAY) });
    expect(run.heldBack['promise-to-pay']).toBe(2);
    const [task] = await tasksOf(ctx, 'portal-promise');
    expect(task?.title).toMatch(/^Kunde sagt Zahlung von 1\.600,00\s€ bis 31\.03\.2026 zu \(RE-A1, RE-A2\)$/);
    expect(await portalEventTypes(ctx, a.id)).toEqual([
      'promise.recorded',
      'promise.recorded',
      'portal.promise-made',
    ]);
    await expect(promiseToPay(portal, { invoiceIds: [a1.id], payBy: '2026-03-20' })).rejects.toMatchObject({
      code: 'conflict',
    });
  });

  it('agrees a plan within the limits at once, and sends one outside them for approval', async () => {
    const { ctx, portal, a, a1, a2 } = await setUp();
    const accepted = await proposeInstalmentPlan(portal, { months: 2, invoiceIds: [a2.id] });
    if (accepted.outcome !== 'accepted') throw new Error('expected an agreed plan');
    expect(accepted.plan).toMatchObject({ status: 'active', agreedOn: TODAY, totalCents: 60_000 });
    expect(accepted.plan.instalments.map((i) => [i.dueDate, i.amountCents])).toEqual([
      ['2026-03-30', 30_000],
      ['2026-04-30', 30_000],
    ]);
    expect((await tasksOf(ctx, 'portal-plan'))[0]?.title).toMatch(/automatisch angenommen/);

    // Twelve months is more than the six allowed: a proposal for a person.
    const proposed = await proposeInstalmentPlan(portal, { months: 12 });
    if (proposed.outcome !== 'awaiting-approval') throw new Error('expected a proposal');
    expect(proposed.proposal).toMatchObject({
      customerId: a.id,
      months: 12,
      invoiceNumbers: ['RE-A1'],
      reasons: ['more than 6 months'],
      firstDueDate: '2026-03-30',
    });
    const [approval] = await tasksOf(ctx, 'portal-plan-approval');
    expect(approval?.title).toMatch(/^Ratenzahlungsvorschlag prüfen \(more than 6 months\): 12 Monatsraten/);
    expect((await listPlanProposals(ctx)).map((p) => p.id)).toEqual([proposed.proposal.id]);
    // Not a plan: the plan list and the plan view do not know it; the overview shows it waiting.
    await expect(getInstalmentPlan(ctx, proposed.proposal.id)).rejects.toMatchObject({ code: 'not-found' });
    expect((await portalOverview(portal)).planProposals).toEqual([
      { id: proposed.proposal.id, proposedOn: TODAY, months: 12, totalCents: proposed.proposal.totalCents },
    ]);
    await expect(proposeInstalmentPlan(portal, { months: 3 })).rejects.toMatchObject({ code: 'conflict' });

    const plan = await approvePlanProposal(ctx, proposed.proposal.id);
    expect(plan).toMatchObject({ status: 'active', customerId: a.id });
    expect(plan.instalments).toHaveLength(12);
    expect(plan.claims.map((c) => c.invoiceNumber)).toEqual(['RE-A1']);
    expect(await listPlanProposals(ctx)).toEqual([]);
    expect((await tasksOf(ctx, 'portal-plan-approval'))[0]?.status).toBe('done');
    await expect(approvePlanProposal(ctx, proposed.proposal.id)).rejects.toMatchObject({ code: 'not-found' });
    const run = await runDunning(ctx, database, { date: day(TODAY) });
    expect(run.heldBack['instalment-plan']).toBe(2);
    const types = (await readEventsOf(database.db, ctx.tenantId, a.id)).map((e) => e.type);
    expect(types.filter((t) => t.includes('plan'))).toEqual([
      'instalment-plan.agreed',
      'portal.plan-proposed',
      'portal.plan-proposed',
      'instalment-plan.agreed',
      'instalment-plan.proposal-approved',
    ]);
    void a1;
  });

  it('keeps every proposal for approval when automatic acceptance is off, and forgets a rejected one', async () => {
    const { ctx, portal, a } = await setUp();
    await updatePortalSettings(ctx, { autoAccept: false, minInstalmentCents: 100 });
    const proposed = await proposeInstalmentPlan(portal, { months: 2 });
    if (proposed.outcome !== 'awaiting-approval') throw new Error('expected a proposal');
    expect(proposed.proposal.reasons).toEqual([]);
    await rejectPlanProposal(ctx, proposed.proposal.id, { reason: 'erst Anzahlung' });
    expect(await listPlanProposals(ctx, { customerId: a.id })).toEqual([]);
    const rows = await database.db
      .select()
      .from(instalmentPlans)
      .where(eq(instalmentPlans.tenantId, ctx.tenantId));
    expect(rows).toEqual([]);
    const types = (await readEventsOf(database.db, ctx.tenantId, a.id)).map((e) => e.type);
    expect(types).toContain('instalment-plan.proposal-rejected');
    // The customer sees that the proposal was not accepted — not the company's internal reason.
    const overview = await portalOverview(portal);
    expect(overview.planProposals).toEqual([]);
    expect(overview.declinedProposals).toEqual([
      {
        proposedOn: proposed.proposal.proposedOn,
        months: 2,
        totalCents: proposed.proposal.totalCents,
        declinedOn: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/),
      },
    ]);
    expect(JSON.stringify(overview)).not.toContain('erst Anzahlung');
  });

  it('changes the billing e-mail address and tells the credit controller', async () => {
    const { ctx, portal, a } = await setUp();
    expect(await updateBillingEmail(portal, { email: 'neu@anna.example' })).toEqual({
      email: 'neu@anna.example',
    });
    expect((await findCustomerOrFail(ctx.db, ctx.tenantId, 'K-A')).email).toBe('neu@anna.example');
    expect((await tasksOf(ctx, 'portal-email'))[0]?.title).toBe(
      'Kunde ändert die E-Mail-Adresse für Rechnungen: rechnung@anna.example → neu@anna.example',
    );
    expect(await portalEventTypes(ctx, a.id)).toEqual(['portal.billing-email-changed']);
  });

  it('hands out the customer’s own invoices and letters only; another’s are not found', async () => {
    const { ctx, portal, a1, b1 } = await setUp();
    await runDunning(ctx, database, { date: day(TODAY) });
    await approveNotices(ctx, { all: true });
    const sent = await database.db
      .select({ id: notices.id, customerId: notices.customerId })
      .from(notices)
      .where(and(eq(notices.tenantId, ctx.tenantId), eq(notices.status, 'approved')));
    const own = sent.find((n) => n.customerId === portal.customerId);
    const other = sent.find((n) => n.customerId !== portal.customerId);
    if (!own || !other) throw new Error('expected a notice for each customer');
    const invoice = await portalInvoicePdf(portal, a1.id);
    expect(Buffer.from(invoice.pdf).subarray(0, 5).toString()).toBe('%PDF-');
    expect(invoice.fileName).toBe('RE-A1.pdf');
    const letter = await portalNoticePdf(portal, own.id);
    expect(Buffer.from(letter.pdf).subarray(0, 5).toString()).toBe('%PDF-');
    expect(
      (await portalOverview(portal)).documents.filter((d) => d.kind === 'notice').map((d) => d.id),
    ).toEqual([own.id]);
    for (const attempt of [
      () => portalInvoicePdf(portal, b1.id),
      () => portalNoticePdf(portal, other.id),
      () => portalInvoicePdf(portal, 999_999_999),
      () => reportPaidAlready(portal, { invoiceId: b1.id, paidOn: TODAY, amountCents: 100 }),
      () => disputeInvoice(portal, { invoiceId: b1.id, reason: 'other', text: 'x' }),
      () => promiseToPay(portal, { invoiceIds: [b1.id], payBy: TODAY }),
      () => proposeInstalmentPlan(portal, { months: 2, invoiceIds: [b1.id] }),
    ]) {
      await expect(attempt()).rejects.toMatchObject({ code: 'not-found' });
    }
    const downloads = (await readEventsOf(database.db, ctx.tenantId, portal.customerId)).filter(
      (e) => e.type === 'portal.document-downloaded',
    );
    expect(downloads.map((e) => e.entityType)).toEqual(['invoice', 'notice']);
  });
});
