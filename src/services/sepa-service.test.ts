import { XMLParser } from 'fast-xml-parser';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  newTenantContext,
  openTestDatabase,
  TEST_DATABASE_KINDS,
  type TestDatabase,
} from '../../test/support/test-database.ts';
import { readEvents } from '../db/event-store.ts';
import { customers, directDebits, sepaMandates, tenants } from '../db/schema.ts';
import { validatePain008 } from '../formats/schemas/validate-pain008.ts';
import { AppError } from './app-error.ts';
import { verifyEventChain } from './audit-service.ts';
import { updateCompanyProfile } from './company-service.ts';
import { createCustomer, setDunningBlock } from './customer-service.ts';
import { openDispute } from './hold-service.ts';
import { createInstalmentPlan } from './instalment-plan-service.ts';
import type { CalendarDate } from '../domain/calendar-date.ts';
import { runDunning } from './dunning-run-service.ts';
import { createInvoice } from './invoice-service.ts';
import { recordPayment } from './payment-service.ts';
import type { ServiceContext } from './service-context.ts';
import { addMandate, exportDirectDebits, exportedFile, listMandates, revokeMandate } from './sepa-service.ts';

const TODAY = '2026-03-16';
const COLLECTION = '2026-03-20';
const IBAN_1 = 'DE02120300000000202051';
const IBAN_2 = 'DE02500105170137075030';
const IBAN_3 = 'DE12500105170648489890';

const parser = new XMLParser({
  ignoreAttributes: false,
  parseTagValue: false,
  isArray: (name) => ['PmtInf', 'DrctDbtTxInf'].includes(name),
});

/** The transactions of a pain.008 document as [end-to-end id, sequence type, amount, mandate, remittance]. */
function transactionsOf(xml: string): string[][] {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const doc = parser.parse(xml).Document.CstmrDrctDbtInitn as any;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  return doc.PmtInf.flatMap((block: any) =>
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    block.DrctDbtTxInf.map((t: any) => [
      t.PmtId.EndToEndId,
      block.PmtTpInf.SeqTp,
      t.InstdAmt['#text'],
      t.DrctDbtTx.MndtRltdInf.MndtId,
      t.RmtInf?.Ustrd ?? '',
    ]),
  );
}

async function rejection(promise: Promise<unknown>): Promise<AppError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error('expected an AppError');
}

describe.each(TEST_DATABASE_KINDS)('SEPA mandates and direct debit exports on %s', (kind) => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await openTestDatabase(kind);
  }, 60_000);
  afterAll(() => database?.close());

  /** A company with creditor id and bank account; "today" is Monday 16 March 2026. */
  async function company(
    options: { creditorId?: string | null; bank?: boolean } = {},
  ): Promise<ServiceContext> {
    const ctx = await newTenantContext(database, { now: () => new Date(`${TODAY}T09:00:00Z`) });
    await updateCompanyProfile(ctx, {
      name: 'Mahnwerk Test GmbH',
      creditorId: options.creditorId === undefined ? 'DE98ZZZ09999999999' : options.creditorId,
      bank:
        options.bank === false
          ? null
          : { iban: 'DE89370400440532013000', bic: 'COBADEFFXXX', bankName: 'Commerzbank' },
    });
    return ctx;
  }

  /** An invoice of 100.00 € net, 119.00 € gross. */
  const invoice = (
    ctx: ServiceContext,
    customerNumber: string,
    number: string,
    issuedOn: string,
    days = 14,
  ) =>
    createInvoice(ctx, {
      customerNumber,
      number,
      issuedOn,
      paymentTerms: { kind: 'net', days },
      lines: [{ description: 'Wartung', unitPrice: '100.00' }],
    });

  it('records a mandate with its checks, lists it and revokes it', async () => {
    const ctx = await company();
    await createCustomer(ctx, { number: 'K-1', name: 'Jürgen Müller', debtorKind: 'consumer' });
    await createCustomer(ctx, { number: 'K-2', name: 'Schmidt Logistik AG', debtorKind: 'business' });
    const mandate = await addMandate(ctx, {
      customerNumber: 'K-1',
      reference: 'MANDAT-K1-2026',
      signedOn: '2026-03-01',
      iban: 'DE02 1203 0000 0000 2020 51',
    });
    expect(mandate).toMatchObject({
      customerNumber: 'K-1',
      reference: 'MANDAT-K1-2026',
      scheme: 'CORE',
      kind: 'recurring',
      debtorName: 'Jürgen Müller',
      iban: IBAN_1,
      bic: null,
      status: 'active',
    });
    const [customer] = await ctx.db
      .select({ ibans: customers.ibans })
      .from(customers)
      .where(and(eq(customers.tenantId, ctx.tenantId), eq(customers.number, 'K-1')));
    expect(customer?.ibans).toEqual([IBAN_1]); // learnt for matching transfers from the account

    const failing = async (input: Record<string, unknown>) =>
      rejection(
        addMandate(ctx, {
          customerNumber: 'K-1',
          reference: 'MANDAT-X',
          signedOn: '2026-03-01',
          iban: IBAN_1,
          ...input,
        } as never),
      );
    const pathsOf = (error: AppError) => error.issues.map((i) => i.path);
    expect(pathsOf(await failing({ reference: 'MANDAT_1' }))).toEqual(['reference']);
    expect(pathsOf(await failing({ reference: 'M'.repeat(36) }))).toEqual(['reference']);
    expect(pathsOf(await failing({ iban: 'DE02120300000000202052' }))).toEqual(['iban']);
    expect(pathsOf(await failing({ signedOn: '2026-03-17' }))).toEqual(['signedOn']);
    expect(pathsOf(await failing({ scheme: 'B2B' }))).toEqual(['scheme']);
    expect(pathsOf(await failing({ iban: 'CH9300762011623852957' }))).toEqual(['bic']);
    expect(pathsOf(await failing({ bic: 'COBADE' }))).toEqual(['bic']);
    const duplicate = await failing({ reference: 'MANDAT-K1-2026' });
    expect([duplicate.code, pathsOf(duplicate)]).toEqual(['conflict', ['reference']]);
    expect((await failing({ customerNumber: 'K-9' })).code).toBe('not-found');

    const b2b = await addMandate(ctx, {
      customerNumber: 'K-2',
      reference: 'B2B-K2',
      signedOn: '2026-02-01',
      scheme: 'B2B',
      debtorName: 'Schmidt Logistik AG Hamburg',
      iban: IBAN_2,
      bic: 'ingddeffxxx',
    });
    expect(b2b).toMatchObject({
      scheme: 'B2B',
      bic: 'INGDDEFFXXX',
      debtorName: 'Schmidt Logistik AG Hamburg',
    });
    expect((await listMandates(ctx)).map((m) => m.reference)).toEqual(['MANDAT-K1-2026', 'B2B-K2']);
    expect((await listMandates(ctx, { customerNumber: 'K-2' })).map((m) => m.reference)).toEqual(['B2B-K2']);

    expect(pathsOf(await rejection(revokeMandate(ctx, b2b.id, { revokedOn: '2026-01-31' })))).toEqual([
      'revokedOn',
    ]);
    const revoked = await revokeMandate(ctx, b2b.id);
    expect(revoked).toMatchObject({
      mandate: { status: 'revoked', revokedOn: TODAY },
      pendingCollections: [],
    });
    expect((await rejection(revokeMandate(ctx, b2b.id))).code).toBe('conflict');
    expect((await rejection(revokeMandate(ctx, 999_999_999))).code).toBe('not-found');

    const events = (await readEvents(ctx.db, ctx.tenantId, 0, 1000)).filter((e) =>
      e.type.startsWith('sepa-'),
    );
    expect(events.map((e) => [e.type, e.payload.reference])).toEqual([
      ['sepa-mandate.added', 'MANDAT-K1-2026'],
      ['sepa-mandate.added', 'B2B-K2'],
      ['sepa-mandate.revoked', 'B2B-K2'],
    ]);
    expect(events[0]?.payload.iban).toBe('DE02…2051');
  });

  it('exports what is due on a day: a file per scheme, each valid by the ISO schema, with its events', async () => {
    const ctx = await company();
    await createCustomer(ctx, { number: 'K-1', name: 'Jürgen Müller', debtorKind: 'consumer' });
    await createCustomer(ctx, {
      number: 'K-2',
      name: 'Schmidt Logistik AG',
      debtorKind: 'business',
      language: 'en',
    });
    await createCustomer(ctx, { number: 'K-3', name: 'Gesperrt GmbH', debtorKind: 'business' });
    await createCustomer(ctx, { number: 'K-4', name: 'Ohne Mandat', debtorKind: 'consumer' });
    await createCustomer(ctx, { number: 'K-5', name: 'Widerrufen', debtorKind: 'consumer' });
    await invoice(ctx, 'K-1', 'RE-1', '2026-02-02'); // due 16 Feb: collected
    await invoice(ctx, 'K-1', 'RE-2', '2026-03-10', 30); // due 9 April: not yet
    await invoice(ctx, 'K-1', 'RE-3', '2026-02-02'); // disputed
    await invoice(ctx, 'K-1', 'RE-4', '2026-02-02'); // paid
    await invoice(ctx, 'K-1', 'RE-5', '2026-03-10', 7); // due 17 March, issued only 10 days before
    await invoice(ctx, 'K-2', 'RE-6', '2026-02-20');
    await invoice(ctx, 'K-3', 'RE-7', '2026-02-02');
    await invoice(ctx, 'K-4', 'RE-8', '2026-02-02');
    await invoice(ctx, 'K-5', 'RE-9', '2026-02-02');
    await openDispute(ctx, { invoiceNumber: 'RE-3', openedOn: '2026-03-01', reason: 'Leistung fehlt' });
    await recordPayment(ctx, {
      customerNumber: 'K-1',
      receivedOn: '2026-03-02',
      amount: '119.00',
      invoiceNumbers: ['RE-4'],
    });
    await addMandate(ctx, { customerNumber: 'K-1', reference: 'M-K1', signedOn: '2026-01-10', iban: IBAN_1 });
    await addMandate(ctx, {
      customerNumber: 'K-2',
      reference: 'M-K2-B2B',
      signedOn: '2026-01-10',
      scheme: 'B2B',
      iban: IBAN_2,
      bic: 'INGDDEFFXXX',
    });
    await addMandate(ctx, { customerNumber: 'K-3', reference: 'M-K3', signedOn: '2026-01-10', iban: IBAN_3 });
    await setDunningBlock(ctx, 'K-3', { reason: 'Insolvenzverfahren', until: null });
    const k5 = await addMandate(ctx, {
      customerNumber: 'K-5',
      reference: 'M-K5',
      signedOn: '2026-01-10',
      iban: IBAN_3,
    });
    await revokeMandate(ctx, k5.id, { revokedOn: '2026-03-10' });

    const result = await exportDirectDebits(ctx, { collectionDate: COLLECTION });
    expect(result.files.map((f) => [f.messageId, f.scheme, f.count, f.sumCents])).toEqual([
      ['MW-20260316-00001', 'CORE', 2, 238_00],
      ['MW-20260316-00002', 'B2B', 1, 119_00],
    ]);
    const [core, b2b] = result.files;
    for (const file of result.files)
      expect(await validatePain008(file.xml)).toEqual({ valid: true, errors: [] });
    expect(transactionsOf(core?.xml ?? '')).toEqual([
      ['MW-20260316-00001-1', 'FRST', '119.00', 'M-K1', 'Rechnung RE-1 vom 02.02.2026'],
      ['MW-20260316-00001-2', 'RCUR', '119.00', 'M-K1', 'Rechnung RE-5 vom 10.03.2026'],
    ]);
    expect(transactionsOf(b2b?.xml ?? '')).toEqual([
      ['MW-20260316-00002-1', 'FRST', '119.00', 'M-K2-B2B', 'Invoice RE-6 of 20 Feb 2026'],
    ]);
    expect(core?.bySequence).toEqual([
      { sequenceType: 'FRST', count: 1, sumCents: 119_00 },
      { sequenceType: 'RCUR', count: 1, sumCents: 119_00 },
    ]);
    expect(result.skipped).toEqual([{ customerNumber: 'K-3', reason: 'dunning block: Insolvenzverfahren' }]);
    expect(result.warnings).toEqual([
      expect.stringMatching(/^K-1 RE-5: issued on 2026-03-10, less than 14 days/),
    ]);

    const rows = await ctx.db
      .select()
      .from(directDebits)
      .where(eq(directDebits.tenantId, ctx.tenantId))
      .orderBy(directDebits.id);
    expect(
      rows.map((r) => [r.endToEndId, r.status, r.amountCents, r.collectionDate, r.sequenceType]),
    ).toEqual([
      ['MW-20260316-00001-1', 'exported', 119_00, COLLECTION, 'FRST'],
      ['MW-20260316-00001-2', 'exported', 119_00, COLLECTION, 'RCUR'],
      ['MW-20260316-00002-1', 'exported', 119_00, COLLECTION, 'FRST'],
    ]);
    const mandates = await ctx.db
      .select({ reference: sepaMandates.reference, first: sepaMandates.firstCollectedOn })
      .from(sepaMandates)
      .where(eq(sepaMandates.tenantId, ctx.tenantId))
      .orderBy(sepaMandates.id);
    expect(mandates).toEqual([
      { reference: 'M-K1', first: COLLECTION },
      { reference: 'M-K2-B2B', first: COLLECTION },
      { reference: 'M-K3', first: null },
      { reference: 'M-K5', first: null },
    ]);
    const events = await readEvents(ctx.db, ctx.tenantId, 0, 1000);
    const exported = events.filter((e) => e.type === 'sepa.exported');
    expect(exported.map((e) => [e.entityId, e.payload.scheme, e.payload.count, e.payload.sha256])).toEqual([
      ['MW-20260316-00001', 'CORE', 2, core?.sha256],
      ['MW-20260316-00002', 'B2B', 1, b2b?.sha256],
    ]);
    const perCustomer = events.filter((e) => e.type === 'direct-debit.exported');
    expect(
      perCustomer.map((e) =>
        (e.payload.collections as { invoiceNumber: string }[]).map((c) => c.invoiceNumber),
      ),
    ).toEqual([['RE-1', 'RE-5'], ['RE-6']]);
    expect(perCustomer.every((e) => e.customerId !== null)).toBe(true);
    expect((await verifyEventChain(ctx)).ok).toBe(true);
    // A lost file is written again as it was.
    const again = await exportedFile(ctx, 'MW-20260316-00002');
    expect(again).toMatchObject({ xml: b2b?.xml, sha256: b2b?.sha256, sameAsExported: true, count: 1 });
    expect((await rejection(exportedFile(ctx, 'MW-20260316-99999'))).code).toBe('not-found');

    // The same day again: everything due is in a file already.
    expect(await exportDirectDebits(ctx, { collectionDate: COLLECTION })).toMatchObject({ files: [] });
    // A month later the next invoice follows under RCUR, and only CORE when asked for.
    await invoice(ctx, 'K-2', 'RE-10', '2026-03-16');
    const april = await exportDirectDebits(ctx, { collectionDate: '2026-04-10', scheme: 'CORE' });
    expect(
      april.files.map((f) => [f.scheme, f.collections.map((c) => [c.invoiceNumber, c.sequenceType])]),
    ).toEqual([['CORE', [['RE-2', 'RCUR']]]]);
  });

  it('collects the instalments of an active plan, not its invoices, and a one-off mandate once', async () => {
    const ctx = await company();
    await createCustomer(ctx, { number: 'K-1', name: 'Ratenzahler', debtorKind: 'consumer' });
    await createCustomer(ctx, { number: 'K-2', name: 'Einmalig', debtorKind: 'consumer' });
    await invoice(ctx, 'K-1', 'RE-1', '2026-01-05');
    await invoice(ctx, 'K-1', 'RE-2', '2026-01-05');
    await invoice(ctx, 'K-2', 'RE-3', '2026-01-05');
    await invoice(ctx, 'K-2', 'RE-4', '2026-01-10');
    const plan = await createInstalmentPlan(ctx, {
      customerNumber: 'K-1',
      agreedOn: '2026-02-20',
      count: 3,
      firstDueDate: '2026-03-10',
      rhythm: { months: 1 },
      reminderDaysBefore: null,
    } as never);
    const instalments = [...plan.instalments].sort((a, b) => a.number - b.number);
    // Half of the first instalment was paid by transfer: the rest is collected.
    await recordPayment(ctx, {
      customerNumber: 'K-1',
      receivedOn: '2026-03-02',
      amount: (Math.floor((instalments[0]?.amountCents ?? 0) / 2) / 100).toFixed(2),
      invoiceNumbers: ['RE-1'],
    });
    await addMandate(ctx, { customerNumber: 'K-1', reference: 'M-K1', signedOn: '2026-02-20', iban: IBAN_1 });
    await addMandate(ctx, {
      customerNumber: 'K-2',
      reference: 'M-K2-ONCE',
      signedOn: '2026-02-20',
      kind: 'one-off',
      iban: IBAN_2,
    });

    const result = await exportDirectDebits(ctx, { collectionDate: COLLECTION });
    const [file] = result.files;
    expect(await validatePain008(file?.xml ?? '')).toEqual({ valid: true, errors: [] });
    const first = instalments[0]?.amountCents ?? 0;
    expect(
      file?.collections.map((c) => [
        c.customerNumber,
        c.invoiceNumber,
        c.planId,
        c.instalmentNumber,
        c.sequenceType,
        c.amountCents,
      ]),
    ).toEqual([
      ['K-1', null, plan.id, 1, 'FRST', first - Math.floor(first / 2)],
      ['K-2', 'RE-3', null, null, 'OOFF', 119_00],
    ]);
    expect(transactionsOf(file?.xml ?? '')[0]?.[4]).toBe(
      'Rate 1 der Ratenzahlungsvereinbarung vom 20.02.2026: RE-1, RE-2',
    );
    expect(result.skipped).toEqual([
      {
        customerNumber: 'K-2',
        reason: 'invoice RE-4: the one-off mandate M-K2-ONCE carries a single collection',
      },
    ]);
    // The one-off mandate is used up; the plan's next instalment waits for its due date.
    const later = await exportDirectDebits(ctx, { collectionDate: '2026-04-10' });
    expect(
      later.files.flatMap((f) =>
        f.collections.map((c) => [c.customerNumber, c.instalmentNumber, c.sequenceType]),
      ),
    ).toEqual([['K-1', 2, 'RCUR']]);
    expect((await listMandates(ctx, { customerNumber: 'K-2' }))[0]?.status).toBe('used');
  });

  it('skips an expired mandate and warns about a date that cannot settle', async () => {
    const ctx = await company();
    await createCustomer(ctx, { number: 'K-1', name: 'Alt', debtorKind: 'consumer' });
    await createCustomer(ctx, { number: 'K-2', name: 'Neu', debtorKind: 'consumer' });
    await invoice(ctx, 'K-1', 'RE-1', '2026-02-02');
    await invoice(ctx, 'K-2', 'RE-2', '2026-02-02');
    await addMandate(ctx, {
      customerNumber: 'K-1',
      reference: 'M-OLD',
      signedOn: '2023-03-01',
      iban: IBAN_1,
    });
    await addMandate(ctx, {
      customerNumber: 'K-2',
      reference: 'M-NEW',
      signedOn: '2026-01-01',
      iban: IBAN_2,
    });
    // Saturday, and tomorrow at the earliest would be Tuesday.
    const result = await exportDirectDebits(ctx, { collectionDate: '2026-03-21' });
    expect(result.files.flatMap((f) => f.collections.map((c) => c.customerNumber))).toEqual(['K-2']);
    expect(result.skipped).toEqual([
      { customerNumber: 'K-1', reason: 'mandate M-OLD expired: not used for 36 months' },
    ]);
    expect(result.warnings).toEqual([expect.stringContaining('2026-03-21 is no TARGET2 business day')]);
    const soon = await exportDirectDebits(ctx, { collectionDate: TODAY });
    expect(soon.warnings).toEqual([expect.stringContaining('the earliest collection date is 2026-03-17')]);
    expect((await listMandates(ctx, { customerNumber: 'K-1' }))[0]?.status).toBe('expired');
  });

  it('holds a claim back from dunning while its collection is under way, and dunns it when none came', async () => {
    const ctx = await company();
    await createCustomer(ctx, { number: 'K-1', name: 'Lastschrift GmbH', debtorKind: 'business' });
    await invoice(ctx, 'K-1', 'RE-1', '2026-02-02');
    await invoice(ctx, 'K-1', 'RE-2', '2026-02-02');
    await exportDirectDebits(ctx, { collectionDate: '2026-03-18' }); // nobody has a mandate yet
    await addMandate(ctx, { customerNumber: 'K-1', reference: 'M-1', signedOn: '2026-03-01', iban: IBAN_1 });
    const exported = await exportDirectDebits(ctx, { collectionDate: '2026-03-18' });
    expect(exported.files.flatMap((f) => f.collections.map((c) => c.invoiceNumber))).toEqual([
      'RE-1',
      'RE-2',
    ]);
    const during = await runDunning(ctx, database, { date: '2026-03-20' as CalendarDate, dryRun: true });
    expect(during.heldBack['direct-debit']).toBe(2);
    expect(during.notices).toBe(0);
    // A week after the requested day nothing came back on a statement: a person should look, and dunning resumes.
    const after = await runDunning(ctx, database, { date: '2026-03-26' as CalendarDate, dryRun: true });
    expect(after.heldBack['direct-debit'] ?? 0).toBe(0);
    expect(after.claims).toBe(2);
  });

  it('refuses to export without a valid creditor id or a bank account', async () => {
    const none = await company({ creditorId: null });
    expect((await rejection(exportDirectDebits(none, { collectionDate: COLLECTION }))).issues).toEqual([
      { path: 'creditorId', message: expect.stringContaining('no creditor id') },
    ]);
    // The profile refuses a wrong creditor id; one stored before that check is refused by the export.
    await expect(company({ creditorId: 'DE99ZZZ09999999999' })).rejects.toThrow(/creditorId/);
    const wrong = await company();
    await wrong.db
      .update(tenants)
      .set({ creditorId: 'DE99ZZZ09999999999' })
      .where(eq(tenants.tenantId, wrong.tenantId));
    expect((await rejection(exportDirectDebits(wrong, { collectionDate: COLLECTION }))).issues[0]?.path).toBe(
      'creditorId',
    );
    const noBank = await company({ bank: false });
    expect(
      (await rejection(exportDirectDebits(noBank, { collectionDate: COLLECTION }))).issues[0]?.path,
    ).toBe('bank');
    expect(
      (await rejection(exportDirectDebits(noBank, { collectionDate: '2026-02-30' }))).issues[0]?.path,
    ).toBe('collectionDate');
  });
});
