import { and, eq, sql } from 'drizzle-orm';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  newTenantContext,
  openTestDatabase,
  TEST_DATABASE_KINDS,
  type TestDatabase,
} from '../../test/support/test-database.ts';
import { readEventsOf } from '../db/event-store.ts';
import { findInvoiceByNumber } from '../db/invoice-repository.ts';
import { claimCosts, claimStates } from '../db/schema.ts';
import type { CalendarDate } from '../domain/calendar-date.ts';
import { AppError } from './app-error.ts';
import { claimStatement } from './claim-statement-service.ts';
import { updateCompanyProfile } from './company-service.ts';
import {
  courtDunningOf,
  exportCourtDunning,
  getCourtDunningSettings,
  interestClaimOf,
  type KostenArt,
  legalFormOf,
  openCostsOf,
  prepareCourtDunning,
  updateCourtDunningSettings,
} from './court-dunning-service.ts';
import { createCustomer, findCustomerOrFail } from './customer-service.ts';
import { runDunning } from './dunning-run-service.ts';
import { openDispute } from './hold-service.ts';
import { createInstalmentPlan } from './instalment-plan-service.ts';
import { createInvoice } from './invoice-service.ts';
import { approveNotices } from './notice-service.ts';
import { recordPayment } from './payment-service.ts';
import type { ServiceContext } from './service-context.ts';

const d = (text: string) => text as CalendarDate;

describe('legalFormOf', () => {
  it('reads the legal form from a name, compound forms before their parts', () => {
    expect(legalFormOf('Spät GmbH')).toMatchObject({
      form: 'GmbH',
      art: 'gesellschaft',
      representative: 'Geschäftsführer',
    });
    expect(legalFormOf('Bau Meier GmbH & Co. KG')?.form).toBe('GmbH & Co. KG');
    expect(legalFormOf('Start UG (haftungsbeschränkt)')?.form).toBe('UG (haftungsbeschränkt)');
    expect(legalFormOf('Kunde AG')).toMatchObject({ form: 'AG', representative: 'Vorstand' });
    expect(legalFormOf('Blumen Schulz e.K.')).toMatchObject({
      form: 'e.K.',
      art: 'firma',
      representative: 'Inhaber',
    });
    expect(legalFormOf('Sportverein Blau-Weiß e. V.')?.form).toBe('e.V.');
    expect(legalFormOf('Müller & Söhne OHG')?.form).toBe('OHG');
  });

  it('finds no form in a plain name, nor in words that merely contain the letters', () => {
    expect(legalFormOf('Malerbetrieb Schmidt')).toBeNull();
    expect(legalFormOf('Hagen Klaus')).toBeNull();
    expect(legalFormOf('KGB Reisen')).toBeNull();
  });
});

describe('interestClaimOf', () => {
  const base = {
    invoiceNumber: 'RE-1',
    defaultStartsOn: d('2025-02-01'),
    asOf: d('2025-04-01'),
    openPrincipalCents: 1190_00,
    interestCents: 2000,
    interestPaidCents: 0,
    segments: [{ days: 59, principalCents: 1190_00 }],
    rateBasis: 'statutory-business' as const,
    surchargePercent: '9.00',
    contractualPercent: null,
  };

  it('claims running interest from the first day of default when one principal ran throughout', () => {
    const { laufende, ausgerechnete } = interestClaimOf(base, 1);
    expect(ausgerechnete).toBeNull();
    expect(laufende).toMatchObject({
      zinsart: 'ueber-basiszinssatz',
      prozentpunkte: '9',
      ab: '2025-02-01',
      aus: { euro: '1190.00', cent: 1190_00 },
      grundlage: '§ 288 Abs. 2 BGB',
    });
    expect(laufende.text).toBe(
      '9 Prozentpunkte über dem jeweiligen Basiszinssatz ab 01.02.2025 aus 1.190,00 €',
    );
  });

  it('claims the interest to the day as calculated, and running interest from the day, after a partial payment', () => {
    const { laufende, ausgerechnete } = interestClaimOf(
      {
        ...base,
        openPrincipalCents: 1000_00,
        segments: [
          { days: 30, principalCents: 1190_00 },
          { days: 29, principalCents: 1000_00 },
        ],
      },
      2,
    );
    expect(laufende).toMatchObject({ ab: '2025-04-01', aus: { cent: 1000_00 }, zuHauptforderung: 2 });
    expect(ausgerechnete).toMatchObject({
      zuHauptforderung: 2,
      von: '2025-02-01',
      bis: '2025-03-31',
      betrag: { cent: 2000 },
    });
    expect(ausgerechnete?.grund).toContain('Teilzahlung');
  });

  it('deducts interest paid, and treats days paused by a dispute the same way', () => {
    expect(interestClaimOf({ ...base, interestPaidCents: 500 }, 1).ausgerechnete?.betrag.cent).toBe(1500);
    const paused = interestClaimOf({ ...base, segments: [{ days: 40, principalCents: 1190_00 }] }, 1);
    expect(paused.laufende.ab).toBe('2025-04-01');
    expect(paused.ausgerechnete?.grund).toContain('Streit');
  });

  it('names 5 points over the base rate for a consumer, and a fixed rate for a contractual one', () => {
    const consumer = interestClaimOf(
      { ...base, rateBasis: 'statutory-consumer', surchargePercent: '5.00' },
      1,
    );
    expect(consumer.laufende).toMatchObject({ prozentpunkte: '5', grundlage: '§ 288 Abs. 1 BGB' });
    const contractual = interestClaimOf(
      { ...base, rateBasis: 'contractual', surchargePercent: null, contractualPercent: '12.50' },
      1,
    );
    expect(contractual.laufende).toMatchObject({
      zinsart: 'fest',
      prozentJaehrlich: '12.5',
      prozentpunkte: null,
    });
    expect(contractual.laufende.text).toMatch(/^12,5 % jährlich ab/);
  });
});

describe('openCostsOf', () => {
  const charge = (kind: KostenArt, on: string, cents: number) => ({ kind, on, cents });

  it('takes payments on costs as paying the oldest charge first', () => {
    const result = openCostsOf(
      [charge('verzugspauschale', '2025-02-21', 4000), charge('mahnkosten', '2025-03-07', 95)],
      95,
    );
    expect([...result.open]).toEqual([['mahnkosten', 95]]);
  });

  it('counts the flat fee against collection costs (§ 288 Abs. 5 Satz 3 BGB)', () => {
    const result = openCostsOf(
      [charge('verzugspauschale', '2025-02-21', 4000), charge('inkassokosten', '2025-05-01', 7000)],
      11000,
    );
    expect(result.open.get('verzugspauschale')).toBe(4000);
    expect(result.open.get('inkassokosten')).toBe(3000);
    expect(result.creditedFlatFeeCents).toBe(4000);
  });

  it('lists open costs that no charge explains as such', () => {
    const result = openCostsOf([charge('mahnkosten', '2025-03-07', 95)], 195);
    expect(result.open.get('sonstige-kosten')).toBe(100);
    expect(result.unexplainedCents).toBe(100);
  });

  it('claims exactly the open costs, less what the flat fee covers', () => {
    const kinds: KostenArt[] = ['mahnkosten', 'verzugspauschale', 'bankruecklastkosten', 'inkassokosten'];
    const charges = fc.array(
      fc.record({
        kind: fc.constantFrom(...kinds),
        on: fc.constantFrom('2025-01-10', '2025-02-10', '2025-03-10'),
        cents: fc.integer({ min: 1, max: 100_00 }),
      }),
      { maxLength: 6 },
    );
    fc.assert(
      fc.property(charges, fc.nat(1000_00), (list, openCosts) => {
        const result = openCostsOf(list, openCosts);
        const claimed = [...result.open.values()].reduce((s, v) => s + v, 0);
        expect(claimed + result.creditedFlatFeeCents).toBe(openCosts);
        for (const cents of result.open.values()) expect(cents).toBeGreaterThan(0);
      }),
    );
  });
});

describe.each(TEST_DATABASE_KINDS)('court dunning on %s', (kind) => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await openTestDatabase(kind);
  }, 60_000);
  afterAll(() => database?.close());

  const address = (postalCode: string, city: string, country = 'DE') => ({
    street: 'Hauptstraße 1',
    postalCode,
    city,
    country,
  });

  /** A company in Bavaria with one business customer and invoices due on calendar dates. */
  async function company(state = 'BY'): Promise<ServiceContext> {
    const ctx = await newTenantContext(database, { state });
    await updateCompanyProfile(ctx, {
      name: 'Muster Handel GmbH',
      address: address('96450', 'Coburg'),
      managingDirectors: 'Max Muster',
    });
    await createCustomer(ctx, {
      number: 'K-1',
      name: 'Spät GmbH',
      debtorKind: 'business',
      address: address('80331', 'München'),
    });
    return ctx;
  }

  async function invoice(
    ctx: ServiceContext,
    number: string,
    dueDate: string,
    amount = '1000.00',
    customer = 'K-1',
  ) {
    await createInvoice(ctx, {
      customerNumber: customer,
      number,
      issuedOn: '2025-01-02',
      // Due on a calendar date: default starts the next day (§286 Abs. 2 Nr. 1 BGB).
      paymentTerms: { kind: 'fixed-date', dueDate },
      lines: [{ description: 'Leistung', unitPrice: amount }],
    });
  }

  /** Runs the dunning run on `date` and approves what it proposes. */
  async function dunOn(ctx: ServiceContext, date: string) {
    await runDunning(ctx, database, { date: d(date) });
    await approveNotices(ctx, { all: true });
  }

  it('prepares the application: courts, parties, main claim, running interest and the costs charged', async () => {
    const ctx = await company();
    await invoice(ctx, 'RE-1', '2025-01-31');
    await dunOn(ctx, '2025-02-07'); // payment reminder
    await dunOn(ctx, '2025-02-21'); // 1st Mahnung: the €40 flat fee
    await dunOn(ctx, '2025-03-07'); // 2nd Mahnung: a fee (postage)

    const asOf = d('2025-04-01');
    const application = await prepareCourtDunning(ctx, 'K-1', { asOf, claimKind: 'goods' });
    const statement = await claimStatement(ctx, 'K-1', asOf);
    const [line] = statement.items;

    expect(application.mahngericht).toMatchObject({ name: 'Amtsgericht Coburg' });
    expect(application.antragsteller).toMatchObject({
      art: 'gesellschaft',
      rechtsform: 'GmbH',
      plz: '96450',
      gesetzlicherVertreter: { funktion: 'Geschäftsführer', name: 'Max Muster' },
    });
    expect(application.antragsgegner).toMatchObject({
      art: 'gesellschaft',
      name: 'Spät GmbH',
      ort: 'München',
    });
    expect(application.hauptforderungen).toEqual([
      expect.objectContaining({
        nr: 1,
        katalognummer: 11,
        anspruch: 'Kaufvertrag',
        bezeichnung: 'Rechnung Nr. RE-1 vom 02.01.2025',
        verzugsbeginn: '2025-02-01',
        betrag: { euro: '1190.00', cent: line?.openPrincipalCents },
      }),
    ]);
    expect(application.zinsen.laufende).toEqual([
      expect.objectContaining({
        zuHauptforderung: 1,
        prozentpunkte: '9',
        ab: '2025-02-01',
        text: '9 Prozentpunkte über dem jeweiligen Basiszinssatz ab 01.02.2025 aus 1.190,00 €',
      }),
    ]);
    expect(application.zinsen.ausgerechnete).toEqual([]);
    // The costs of the statement, split by kind: the flat fee and the dunning fee.
    const n = application.nebenforderungen;
    expect(n.sonstige).toEqual([
      { bezeichnung: 'Verzugspauschale § 288 Abs. 5 BGB', betrag: { euro: '40.00', cent: 4000 } },
    ]);
    expect(n.mahnkosten.cent).toBeGreaterThan(0);
    expect(n.mahnkosten.cent + 4000).toBe(line?.openCostsCents);
    expect(application.summe.nebenforderungen.cent).toBe(line?.openCostsCents);
    expect(application.summe.gesamt.cent).toBe((line?.openPrincipalCents ?? 0) + (line?.openCostsCents ?? 0));
    expect(application.prozessgericht).toMatchObject({
      art: 'Amtsgericht',
      plz: '80331',
      ort: 'München',
      streitwert: { cent: 1190_00 },
      wertgrenzeAmtsgericht: { cent: 5_000_00 },
    });
    expect(application.gerichtskosten).toMatch(/berechnet das Mahngericht/);
    expect(application.hinweise.map((h) => h.code)).toContain('antragsgegner-vertreter');
    expect(application.hinweise.map((h) => h.code)).not.toContain('sonstiger-anspruch');
  });

  it('after a partial payment claims the interest to the day as calculated and running interest from the day', async () => {
    const ctx = await company();
    await invoice(ctx, 'RE-1', '2025-01-31');
    await recordPayment(ctx, {
      customerNumber: 'K-1',
      receivedOn: '2025-03-03',
      amount: '190.00',
      invoiceNumbers: ['RE-1'],
    });
    const asOf = d('2025-04-01');
    const application = await prepareCourtDunning(ctx, 'K-1', { asOf });
    const [line] = (await claimStatement(ctx, 'K-1', asOf)).items;
    expect(application.hauptforderungen[0]?.betrag.cent).toBe(1000_00);
    expect(application.zinsen.laufende[0]).toMatchObject({ ab: '2025-04-01', aus: { cent: 1000_00 } });
    expect(application.zinsen.ausgerechnete).toEqual([
      expect.objectContaining({
        von: '2025-02-01',
        bis: '2025-03-31',
        betrag: expect.objectContaining({
          cent: (line?.interestCents ?? 0) - (line?.interestPaidCents ?? 0),
        }),
      }),
    ]);
    expect(application.summe.ausgerechneteZinsen.cent).toBeGreaterThan(0);
    expect(application.hinweise.map((h) => h.code)).toContain('sonstiger-anspruch');
  });

  it('refuses named claims that may not go to court, naming each; without a selection it leaves them out', async () => {
    const ctx = await company();
    await invoice(ctx, 'RE-OK', '2025-01-31');
    await invoice(ctx, 'RE-PAID', '2025-01-31');
    await invoice(ctx, 'RE-DISPUTED', '2025-01-31');
    await invoice(ctx, 'RE-PLAN', '2025-01-31');
    await invoice(ctx, 'RE-LATER', '2025-12-31');
    await recordPayment(ctx, {
      customerNumber: 'K-1',
      receivedOn: '2025-02-15',
      amount: '1190.00',
      invoiceNumbers: ['RE-PAID'],
    });
    await openDispute(ctx, { invoiceNumber: 'RE-DISPUTED', openedOn: '2025-02-20', reason: 'Mangel' });
    await createInstalmentPlan(ctx, {
      customerNumber: 'K-1',
      invoiceNumbers: ['RE-PLAN'],
      agreedOn: '2025-03-01',
      count: 3,
      firstDueDate: '2025-04-01',
      rhythm: { months: 1 },
    });
    const asOf = d('2025-03-20');

    const refusal = async (invoiceNumbers: string[]) => {
      try {
        await prepareCourtDunning(ctx, 'K-1', { asOf, invoiceNumbers });
      } catch (error) {
        expect(error).toBeInstanceOf(AppError);
        return error as AppError;
      }
      throw new Error('expected a refusal');
    };
    const named = await refusal(['RE-OK', 'RE-PAID', 'RE-DISPUTED', 'RE-PLAN', 'RE-LATER']);
    expect(named.code).toBe('conflict');
    expect(named.issues).toEqual([
      // Paid after default began: the interest for those days is open, but cannot be the main claim.
      {
        path: 'invoiceNumbers.1',
        message:
          'invoice RE-PAID is paid: only costs or interest are open, which cannot be the main claim here',
      },
      {
        path: 'invoiceNumbers.2',
        message: expect.stringMatching(/^invoice RE-DISPUTED is disputed since 2025-02-20/),
      },
      {
        path: 'invoiceNumbers.3',
        message: expect.stringMatching(/^invoice RE-PLAN is in an active instalment plan/),
      },
      {
        path: 'invoiceNumbers.4',
        message: expect.stringMatching(/^invoice RE-LATER is not in default on 2025-03-20 \(due 2025-12-31/),
      },
    ]);
    const unknown = await refusal(['RE-404']);
    expect(unknown.code).toBe('validation');
    expect(unknown.issues[0]).toMatchObject({
      path: 'invoiceNumbers.0',
      message: 'RE-404 is not an invoice of customer K-1',
    });

    const all = await prepareCourtDunning(ctx, 'K-1', { asOf });
    expect(all.hauptforderungen.map((h) => h.rechnungsnummer)).toEqual(['RE-OK']);
    expect(all.nichtAufgenommen).toEqual([
      { rechnungsnummer: 'RE-PAID', grund: 'Hauptforderung bezahlt, nur Kosten oder Zinsen offen' },
      { rechnungsnummer: 'RE-DISPUTED', grund: 'bestritten seit 20.02.2025 (Streit offen)' },
      { rechnungsnummer: 'RE-PLAN', grund: 'in einer laufenden Ratenzahlungsvereinbarung' },
      { rechnungsnummer: 'RE-LATER', grund: expect.stringMatching(/^am 20\.03\.2025 nicht im Verzug/) },
    ]);
  });

  it('refuses when nothing can go to court', async () => {
    const ctx = await company();
    await invoice(ctx, 'RE-LATER', '2025-12-31');
    await expect(prepareCourtDunning(ctx, 'K-1', { asOf: d('2025-03-20') })).rejects.toThrow(
      /customer K-1 has no claim that can go to court on 2025-03-20: invoice RE-LATER is not in default/,
    );
  });

  it('needs the OLG district of a seat in NRW, names the setting, and then picks Hagen or Euskirchen', async () => {
    const ctx = await company('NW');
    await invoice(ctx, 'RE-1', '2025-01-31');
    const asOf = d('2025-04-01');
    await expect(prepareCourtDunning(ctx, 'K-1', { asOf })).rejects.toMatchObject({
      code: 'validation',
      issues: [
        {
          path: 'settings.courtDunning.nwOlgDistrict',
          message: expect.stringContaining('mahnwerk court settings'),
        },
      ],
    });
    expect(await getCourtDunningSettings(ctx)).toMatchObject({ nwOlgDistrict: null, court: null });
    await updateCourtDunningSettings(ctx, { nwOlgDistrict: 'koeln' });
    expect((await prepareCourtDunning(ctx, 'K-1', { asOf })).mahngericht.name).toBe('Amtsgericht Euskirchen');
    const settings = await updateCourtDunningSettings(ctx, { nwOlgDistrict: 'duesseldorf' });
    expect(settings).toMatchObject({
      nwOlgDistrict: 'duesseldorf',
      court: { name: 'Amtsgericht Hagen' },
      missing: null,
    });
    await expect(updateCourtDunningSettings(ctx, { nwOlgDistrict: 'aachen' as never })).rejects.toThrow(
      /nwOlgDistrict/,
    );
  });

  it('names the respondent a natural person, 5 points, and warns when a consumer’s default rests on a reminder', async () => {
    const ctx = await company();
    await createCustomer(ctx, {
      number: 'V-1',
      name: 'Erika Mustermann',
      debtorKind: 'consumer',
      address: address('10115', 'Berlin'),
    });
    await createInvoice(ctx, {
      customerNumber: 'V-1',
      number: 'RV-1',
      issuedOn: '2025-01-02',
      paymentTerms: { kind: 'net', days: 14 },
      // Without the notice of § 286 Abs. 3 BGB only a reminder puts a consumer into default.
      thirtyDayNotice: false,
      lines: [{ description: 'Leistung', unitPrice: '100.00' }],
    });
    await dunOn(ctx, '2025-01-26'); // payment reminder (consumer policy: +10 days) puts her into default
    const application = await prepareCourtDunning(ctx, 'V-1', {
      asOf: d('2025-03-01'),
      claimKind: 'services',
    });
    expect(application.antragsgegner).toMatchObject({ art: 'natuerliche-person', rechtsform: null });
    expect(application.kunde.verbraucher).toBe(true);
    expect(application.hauptforderungen[0]).toMatchObject({
      katalognummer: 5,
      anspruch: 'Dienstleistungsvertrag',
    });
    expect(application.zinsen.laufende[0]).toMatchObject({
      prozentpunkte: '5',
      grundlage: '§ 288 Abs. 1 BGB',
    });
    expect(application.nebenforderungen.sonstige).toEqual([]);
    const codes = application.hinweise.map((h) => h.code);
    expect(codes).toContain('verbraucher-verzug');
    expect(codes).toContain('antragsgegner-name');
  });

  it('claims collection costs beyond the flat fee, and bank charges of a returned debit', async () => {
    const ctx = await company();
    await invoice(ctx, 'RE-1', '2025-01-31');
    await dunOn(ctx, '2025-02-07');
    await dunOn(ctx, '2025-02-21'); // the flat fee
    const invoiceRow = await findInvoiceByNumber(ctx.db, ctx.tenantId, 'RE-1');
    const invoiceId = invoiceRow?.id as number;
    // Costs charged outside a notice, as the collection and statement imports book them.
    await ctx.db.insert(claimCosts).values([
      {
        tenantId: ctx.tenantId,
        invoiceId,
        kind: 'collection-costs',
        amountCents: 7000,
        incurredOn: '2025-03-10',
        description: 'Inkasso',
      },
      {
        tenantId: ctx.tenantId,
        invoiceId,
        kind: 'return-charges',
        amountCents: 350,
        incurredOn: '2025-03-11',
        description: 'Rücklastschrift',
      },
    ]);
    await ctx.db
      .update(claimStates)
      .set({ openCostsCents: sql`${claimStates.openCostsCents} + 7350` })
      .where(and(eq(claimStates.tenantId, ctx.tenantId), eq(claimStates.invoiceId, invoiceId)));

    const application = await prepareCourtDunning(ctx, 'K-1', { asOf: d('2025-04-01'), expenses: '3.45' });
    const n = application.nebenforderungen;
    expect(n.inkassokosten.cent).toBe(3000);
    expect(n.bankruecklastkosten.cent).toBe(350);
    expect(n.sonstige[0]?.betrag.cent).toBe(4000);
    expect(application.auslagen).toEqual({ euro: '3.45', cent: 345 });
    expect(application.hinweise.find((h) => h.code === 'pauschale-angerechnet')?.text).toMatch(/40,00 €/);
    expect(application.summe.gesamt.cent).toBe(
      application.summe.hauptforderungen.cent + 4000 + 3000 + 350 + 345 + n.mahnkosten.cent,
    );
    await expect(prepareCourtDunning(ctx, 'K-1', { asOf: d('2025-04-01'), expenses: '-1' })).rejects.toThrow(
      /expenses/,
    );
  });

  it('sends a value above the Amtsgericht limit to the Landgericht, by the limit of the day', async () => {
    const ctx = await company();
    await invoice(ctx, 'RE-1', '2025-01-31', '6000.00');
    expect((await prepareCourtDunning(ctx, 'K-1', { asOf: d('2025-12-31') })).prozessgericht.art).toBe(
      'Landgericht',
    );
    expect((await prepareCourtDunning(ctx, 'K-1', { asOf: d('2026-01-02') })).prozessgericht).toMatchObject({
      art: 'Amtsgericht',
      wertgrenzeAmtsgericht: { cent: 10_000_00 },
    });
  });

  it('refuses without the parties’ addresses and against a respondent abroad', async () => {
    const ctx = await company();
    await createCustomer(ctx, { number: 'K-2', name: 'Ohne Adresse GmbH', debtorKind: 'business' });
    await createCustomer(ctx, {
      number: 'K-3',
      name: 'Wien GmbH',
      debtorKind: 'business',
      address: address('1010', 'Wien', 'AT'),
    });
    const asOf = d('2025-04-01');
    await expect(prepareCourtDunning(ctx, 'K-2', { asOf })).rejects.toMatchObject({
      issues: [{ path: 'customer.address' }],
    });
    await expect(prepareCourtDunning(ctx, 'K-3', { asOf })).rejects.toThrow(/§ 703d ZPO/);
    const bare = await newTenantContext(database);
    await createCustomer(bare, {
      number: 'K-1',
      name: 'X GmbH',
      debtorKind: 'business',
      address: address('80331', 'München'),
    });
    await expect(prepareCourtDunning(bare, 'K-1', { asOf })).rejects.toMatchObject({
      issues: [{ path: 'company.address' }],
    });
  });

  it('records court-dunning.prepared on the customer’s timeline on export, not on a preview', async () => {
    const ctx = await company();
    await invoice(ctx, 'RE-1', '2025-01-31');
    const customer = await findCustomerOrFail(ctx.db, ctx.tenantId, 'K-1');
    const count = async () => (await readEventsOf(ctx.db, ctx.tenantId, customer.id)).length;
    const before = await count();
    await courtDunningOf(ctx, customer, { asOf: d('2025-04-01') });
    expect(await count()).toBe(before);

    const { application, pdf } = await exportCourtDunning(ctx, customer, { asOf: d('2025-04-01') }, [
      'json',
      'pdf',
    ]);
    expect(Buffer.from(pdf?.subarray(0, 5) ?? []).toString()).toBe('%PDF-');
    const events = await readEventsOf(ctx.db, ctx.tenantId, customer.id);
    const event = events.find((e) => e.type === 'court-dunning.prepared');
    expect(event).toMatchObject({
      entityType: 'customer',
      customerId: customer.id,
      payload: {
        asOf: '2025-04-01',
        invoiceNumbers: ['RE-1'],
        dunningCourt: 'Amtsgericht Coburg',
        trialCourt: 'Amtsgericht 80331 München',
        principalCents: application.summe.hauptforderungen.cent,
        totalCents: application.summe.gesamt.cent,
        formats: ['json', 'pdf'],
      },
    });
  });
});
