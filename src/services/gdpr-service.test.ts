import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Database, queryRows } from '../db/database.ts';
import { insertTasks } from '../db/delivery-repository.ts';
import type { CalendarDate } from '../domain/calendar-date.ts';
import { newTenantContext, openTestDatabase, TEST_DATABASE_KINDS } from '../../test/support/test-database.ts';
import { verifyEventChain } from './audit-service.ts';
import { addContact, createCustomer } from './customer-service.ts';
import { customerRetention, eraseCustomerData, exportCustomerData } from './gdpr-service.ts';
import { createInvoice } from './invoice-service.ts';
import { recordPayment } from './payment-service.ts';
import { addMandate } from './sepa-service.ts';
import type { ServiceContext } from './service-context.ts';

const d = (text: string) => text as CalendarDate;

describe.each(TEST_DATABASE_KINDS)('GDPR: export, retention and erasure on %s', (kind) => {
  let database: Database;
  beforeAll(async () => {
    database = await openTestDatabase(kind);
  }, 60_000);
  afterAll(() => database?.close());

  /** A consumer with a contact, a mandate, a task, a portal link and one invoice of 10 May 2024, open or paid. */
  async function customerWithHistory(options: { paid: boolean }) {
    const ctx: ServiceContext = await newTenantContext(database, {
      now: () => new Date('2026-03-16T09:00:00Z'),
    });
    const customer = await createCustomer(ctx, {
      number: 'K-1',
      name: 'Erika Mustermann',
      debtorKind: 'consumer',
      email: 'erika@example.test',
      phone: '030 123456',
      address: { street: 'Heidestraße 17', postalCode: '51147', city: 'Köln' },
      ibans: ['DE02120300000000202051'],
      notes: 'ruft lieber abends an',
    });
    await addContact(ctx, customer.id, {
      name: 'Max Mustermann',
      role: 'billing',
      email: 'max@example.test',
    });
    await createInvoice(ctx, {
      customerNumber: 'K-1',
      number: 'RE-1',
      issuedOn: '2024-05-10',
      paymentTerms: { kind: 'net', days: 14 },
      lines: [{ description: 'Wartung', unitPrice: '100.00' }],
    });
    await addMandate(ctx, {
      customerId: customer.id,
      reference: 'M-1',
      signedOn: '2024-04-01',
      iban: 'DE02120300000000202051',
    });
    await insertTasks(ctx.db, [
      {
        tenantId: ctx.tenantId,
        customerId: customer.id,
        kind: 'call',
        title: 'Frau Mustermann anrufen',
        dueOn: '2024-06-01',
      },
    ]);
    await ctx.db
      .execute(sql`insert into portal_links (tenant_id, customer_id, token_hash, expires_at, created_by)
      values (${ctx.tenantId}, ${customer.id}, ${`secret-hash-${ctx.tenantId}`}, now() + interval '30 days', 'test')`);
    if (options.paid) {
      await recordPayment(ctx, {
        customerNumber: 'K-1',
        receivedOn: '2024-05-20',
        amount: '119.00',
        invoiceNumbers: ['RE-1'],
        payerName: 'Erika Mustermann',
        payerIban: 'DE02120300000000202051',
      });
    }
    return { ctx, customerId: customer.id };
  }

  const customerRow = async (ctx: ServiceContext, id: number) =>
    (
      await queryRows<Record<string, unknown>>(
        ctx.db,
        sql`select name, email, phone, address, vat_id, notes, ibans from customers where tenant_id = ${ctx.tenantId} and id = ${id}`,
      )
    )[0];

  it('exports everything about the customer as JSON, without secrets, and records the export', async () => {
    const { ctx, customerId } = await customerWithHistory({ paid: true });
    const exported = await exportCustomerData(ctx, customerId, d('2026-03-16'));
    expect(exported.format).toBe('mahnwerk-gdpr-export');
    expect(exported.data.customer).toMatchObject({
      number: 'K-1',
      name: 'Erika Mustermann',
      email: 'erika@example.test',
    });
    expect(exported.data.contacts.map((c) => c.name)).toEqual(['Max Mustermann']);
    expect(exported.data.invoices.map((i) => i.number)).toEqual(['RE-1']);
    expect(exported.data.invoiceLines).toHaveLength(1);
    expect(exported.data.payments.map((p) => p.payerName)).toEqual(['Erika Mustermann']);
    expect(exported.data.paymentAllocations.length).toBeGreaterThan(0);
    expect(exported.data.sepaMandates.map((m) => m.reference)).toEqual(['M-1']);
    expect(exported.data.tasks.map((t) => t.title)).toEqual(['Frau Mustermann anrufen']);
    expect(exported.data.portalLinks).toHaveLength(1);
    expect(exported.data.events.map((e) => e.type)).toEqual(
      expect.arrayContaining(['customer.created', 'invoice.created', 'payment.recorded']),
    );
    const text = JSON.stringify(exported);
    expect(text).not.toContain('secret-hash-'); // the portal link's token hash stays inside
    const [event] = await queryRows<{ type: string; payload: { sections: Record<string, number> } }>(
      ctx.db,
      sql`select type, payload from events where tenant_id = ${ctx.tenantId} order by seq desc limit 1`,
    );
    expect(event).toMatchObject({
      type: 'gdpr.exported',
      payload: { sections: { invoices: 1, contacts: 1 } },
    });
  });

  it('shows the retention end of each record class, counted from the end of the record’s year', async () => {
    const { ctx, customerId } = await customerWithHistory({ paid: true });
    const report = await customerRetention(ctx, customerId, d('2026-03-16'));
    expect(report.classes.map((c) => [c.key, c.latestRecordOn, c.keptUntil, c.over])).toEqual([
      // invoice of 10 May 2024, paid 20 May 2024: 8 years from 31 Dec 2024
      ['booking-records', '2024-05-20', '2032-12-31', false],
      // the SEPA mandate signed 1 April 2024: 6 years from 31 Dec 2024
      ['business-letters', '2024-04-01', '2030-12-31', false],
    ]);
    expect(report.keptUntil).toBe('2032-12-31');
    expect(report.classes[0]?.law).toContain('§ 147');
    expect(report.openMatters).toEqual([]);
    expect(report.kept.join('\n')).toContain('until 2032-12-31');
  });

  it('refuses erasure while a claim is open, saying why, and changes nothing', async () => {
    const { ctx, customerId } = await customerWithHistory({ paid: false });
    await expect(eraseCustomerData(ctx, customerId, d('2026-03-16'))).rejects.toMatchObject({
      code: 'conflict',
      message: expect.stringContaining('1 open invoice(s)'),
    });
    expect(await customerRow(ctx, customerId)).toMatchObject({ email: 'erika@example.test' });
  });

  it('erases what no rule keeps, keeps the records and the name they need until their period ends', async () => {
    const { ctx, customerId } = await customerWithHistory({ paid: true });
    const result = await eraseCustomerData(ctx, customerId, d('2026-03-16'));
    expect(result.anonymisedCustomer).toBe(false);
    expect(result.removed).toMatchObject({ contacts: 1, portalLinks: 1, tasks: 1 });
    expect(await customerRow(ctx, customerId)).toMatchObject({
      name: 'Erika Mustermann',
      address: expect.objectContaining({ city: 'Köln' }),
      email: null,
      phone: null,
      notes: null,
      ibans: [],
    });
    const [payment] = await queryRows<{ payer_name: string }>(
      ctx.db,
      sql`select payer_name from payments where tenant_id = ${ctx.tenantId}`,
    );
    expect(payment?.payer_name).toBe('Erika Mustermann'); // a booking record until 2032
    const [mandate] = await queryRows<{ debtor_name: string }>(
      ctx.db,
      sql`select debtor_name from sepa_mandates where tenant_id = ${ctx.tenantId}`,
    );
    expect(mandate?.debtor_name).toBe('Erika Mustermann'); // a business letter until 2030
    const [task] = await queryRows<{ title: string }>(
      ctx.db,
      sql`select title from tasks where tenant_id = ${ctx.tenantId}`,
    );
    expect(task?.title).toBe('anonymisiert');
    // The event log is untouched and still verifies; the erasure is in it, without personal data.
    expect(await verifyEventChain(ctx)).toMatchObject({ ok: true });
    const [event] = await queryRows<{ type: string; payload: unknown }>(
      ctx.db,
      sql`select type, payload from events where tenant_id = ${ctx.tenantId} order by seq desc limit 1`,
    );
    expect(event?.type).toBe('gdpr.erased');
    expect(JSON.stringify(event?.payload)).not.toMatch(/Mustermann|erika@/);
  });

  it('anonymises the rest once every period has ended', async () => {
    const { ctx, customerId } = await customerWithHistory({ paid: true });
    // 2030 ended the mandate's period; 2032 the invoice's and the payment's.
    const between = await eraseCustomerData(ctx, customerId, d('2031-01-01'));
    expect(between.anonymisedCustomer).toBe(false);
    const [mandate] = await queryRows<{ debtor_name: string; iban: string }>(
      ctx.db,
      sql`select debtor_name, iban from sepa_mandates where tenant_id = ${ctx.tenantId}`,
    );
    expect(mandate).toEqual({ debtor_name: 'anonymisiert', iban: 'anonymisiert' });
    const after = await eraseCustomerData(ctx, customerId, d('2033-01-01'));
    expect(after.anonymisedCustomer).toBe(true);
    expect(await customerRow(ctx, customerId)).toMatchObject({
      name: 'Gelöschter Kunde K-1',
      address: null,
      vat_id: null,
    });
    const [payment] = await queryRows<{ payer_name: string | null; payer_iban: string | null }>(
      ctx.db,
      sql`select payer_name, payer_iban from payments where tenant_id = ${ctx.tenantId}`,
    );
    expect(payment).toEqual({ payer_name: null, payer_iban: null });
    expect(await verifyEventChain(ctx)).toMatchObject({ ok: true });
  });

  it('answers not found for another company’s customer', async () => {
    const { customerId } = await customerWithHistory({ paid: true });
    const stranger = await newTenantContext(database);
    for (const attempt of [
      () => exportCustomerData(stranger, customerId, d('2026-03-16')),
      () => customerRetention(stranger, customerId, d('2026-03-16')),
      () => eraseCustomerData(stranger, customerId, d('2026-03-16')),
    ]) {
      await expect(attempt()).rejects.toMatchObject({ code: 'not-found' });
    }
  });
});
