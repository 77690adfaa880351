import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  newTenantContext,
  openTestDatabase,
  TEST_DATABASE_KINDS,
  type TestDatabase,
} from '../../test/support/test-database.ts';
import { listOutbox } from '../db/delivery-repository.ts';
import { readEventsOf } from '../db/event-store.ts';
import { ORDER_STATUSES } from '../db/schema.ts';
import { listTasks } from '../db/task-repository.ts';
import type { CalendarDate } from '../domain/calendar-date.ts';
import { ORDER_LIFECYCLE } from '../domain/order-lifecycle.ts';
import { composeOrderEmail } from '../delivery/order-email.ts';
import { verifyEventChain } from './audit-service.ts';
import { createCustomer } from './customer-service.ts';
import { invoiceDelivery, markPaidOrders, recordDelivery } from './order-delivery-service.ts';
import { isOrderEmailPayload, sendOrderUpdate } from './order-email-service.ts';
import { deliveryToInvoiceKpi } from './order-kpi-service.ts';
import {
  cancelOrder,
  captureOrder,
  confirmOrder,
  getOrderDetail,
  moveDeliveryDate,
  startOrder,
} from './order-service.ts';
import { updateOrderSettings } from './order-settings-service.ts';
import { recordPayment } from './payment-service.ts';
import type { ServiceContext } from './service-context.ts';

/** A context whose clock the test moves: `at('2025-05-05')`. */
async function companyWithClock(database: TestDatabase) {
  let now = new Date('2025-05-02T09:00:00Z');
  const ctx = await newTenantContext(database, { now: () => now });
  return { ctx, at: (day: string) => void (now = new Date(`${day}T09:00:00Z`)) };
}

const pendingMails = async (ctx: ServiceContext) =>
  (await listOutbox(ctx.db, ctx.tenantId, ['pending'])).filter((r) => isOrderEmailPayload(r.payload));

describe.each(TEST_DATABASE_KINDS)('order lifecycle on %s', (kind) => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await openTestDatabase(kind);
  }, 60_000);
  afterAll(() => database?.close());

  it('knows the same states as the database column', () => {
    expect([...ORDER_LIFECYCLE]).toEqual([...ORDER_STATUSES]);
  });

  it('goes from received to paid: confirmation e-mail, moved date with reason, partial delivery invoiced at once', async () => {
    const { ctx, at } = await companyWithClock(database);
    const customer = await createCustomer(ctx, {
      number: 'K-1',
      name: 'Werkstatt GmbH',
      debtorKind: 'business',
      email: 'einkauf@werkstatt.example',
      paymentTerms: { kind: 'net', days: 30, skonto: [{ percent: '2', days: 10 }] },
    });
    const captured = await captureOrder(ctx, {
      customerNumber: 'K-1',
      orderedOn: '2025-05-02',
      deliveryDate: '2025-05-20',
      status: 'received',
      lines: [
        { description: 'Schraube', quantity: '10', unitPrice: '10.00', vatRatePercent: '19' },
        { description: 'Handbuch', quantity: '2', unitPrice: '50.00', vatRatePercent: '7' },
      ],
    });
    expect(captured).toMatchObject({ status: 'received', confirmedOn: null, confirmationEmail: null });
    expect(await pendingMails(ctx)).toEqual([]);

    at('2025-05-05');
    const confirmed = await confirmOrder(ctx, captured.number);
    expect(confirmed.order).toMatchObject({ status: 'confirmed', confirmedOn: '2025-05-05' });
    expect(confirmed.confirmationEmail).toMatchObject({ recipient: 'einkauf@werkstatt.example' });
    const [confirmationRow] = await pendingMails(ctx);
    expect(confirmationRow).toMatchObject({
      kind: 'email',
      noticeId: null,
      dedupeKey: `order:${captured.id}:confirmation`,
      payload: {
        kind: 'confirmation',
        orderNumber: captured.number,
        subject: `Auftragsbestätigung ${captured.number}`,
      },
    });
    const confirmationMail = await composeOrderEmail(ctx, confirmationRow?.payload as never);
    expect(confirmationMail).toMatchObject({
      message: {
        to: 'einkauf@werkstatt.example',
        text: expect.stringContaining('Liefertermin ist der 20.05.2025'),
        attachments: [
          { filename: `Auftragsbestätigung ${captured.number}.pdf`, contentType: 'application/pdf' },
        ],
      },
    });
    const attached =
      'message' in confirmationMail ? confirmationMail.message.attachments[0]?.content : undefined;
    expect(
      Buffer.from(attached ?? [])
        .subarray(0, 5)
        .toString(),
    ).toBe('%PDF-');
    await expect(confirmOrder(ctx, captured.number)).rejects.toMatchObject({ code: 'conflict' });

    at('2025-05-06');
    expect(await startOrder(ctx, captured.number)).toMatchObject({ status: 'in-progress' });

    at('2025-05-15');
    await expect(
      moveDeliveryDate(ctx, captured.number, { newDate: '2025-05-27', reason: '' }),
    ).rejects.toMatchObject({ code: 'validation', issues: [{ path: 'reason' }] });
    const moved = await moveDeliveryDate(ctx, captured.number, {
      newDate: '2025-05-27',
      reason: 'Unser Lieferant liefert das Material eine Woche später.',
      notify: true,
    });
    expect(moved.order.deliveryDate).toBe('2025-05-27');
    expect(moved.update).not.toBeNull();
    const delayMail = (await pendingMails(ctx)).find((r) => r.id === moved.update?.outboxId);
    expect(delayMail?.payload).toMatchObject({
      kind: 'update',
      subject: `Neuer Liefertermin für Ihren Auftrag ${captured.number}`,
      text: expect.stringContaining(
        'verschiebt sich vom 20.05.2025 auf den 27.05.2025. Der Grund: Unser Lieferant liefert das Material eine Woche später.',
      ),
    });

    at('2025-05-23');
    await expect(
      recordDelivery(ctx, captured.number, {
        deliveredOn: '2025-05-23',
        lines: [{ position: 1, quantity: '11' }],
      }),
    ).rejects.toMatchObject({
      code: 'validation',
      issues: [
        {
          path: 'lines.0.quantity',
          message: 'position 1: 11 is more than the 10 still to deliver (10 ordered, 0 delivered)',
        },
      ],
    });
    const partial = await recordDelivery(ctx, captured.number, {
      deliveredOn: '2025-05-23',
      lines: [{ position: 1, quantity: '4' }],
    });
    expect(partial.mode).toBe('automatic');
    expect(partial.order.status).toBe('partly-delivered');
    expect(partial.delivery).toMatchObject({
      isComplete: false,
      lines: [{ position: 1, quantityMilli: 4000 }],
    });
    // 4 × 10.00 = 40.00 net + 19 % = 47.60, invoiced the same day, due 30 days later.
    expect(partial.invoice).toMatchObject({
      orderId: captured.id,
      issuedOn: '2025-05-23',
      deliveredOn: '2025-05-23',
      dueDate: '2025-06-22',
      grossCents: 4_760,
    });
    expect(partial.invoiceEmail).toMatchObject({ recipient: 'einkauf@werkstatt.example' });
    const invoiceRow = (await pendingMails(ctx)).find((r) => r.id === partial.invoiceEmail?.outboxId);
    expect(invoiceRow).toMatchObject({
      dedupeKey: `invoice:${partial.invoice?.id}:email`,
      payload: { kind: 'invoice', invoiceNumber: partial.invoice?.number },
    });
    const invoiceMail = await composeOrderEmail(ctx, invoiceRow?.payload as never);
    expect(invoiceMail).toMatchObject({
      message: {
        subject: `Rechnung ${partial.invoice?.number} zu Ihrem Auftrag ${captured.number}`,
        text: expect.stringMatching(/über 47,60\s€ .* bis zum 22\.06\.2025/),
        attachments: [{ filename: `Rechnung ${partial.invoice?.number}.pdf` }],
      },
    });

    at('2025-05-27');
    const rest = await recordDelivery(ctx, captured.number, { deliveredOn: '2025-05-27', lines: 'all' });
    // 6 × 10.00 + 19 % = 71.40; 2 × 50.00 + 7 % = 107.00.
    expect(rest.invoice).toMatchObject({ grossCents: 17_840, issuedOn: '2025-05-27' });
    expect(rest.order).toMatchObject({
      status: 'invoiced',
      deliveredOn: '2025-05-27',
      invoicedOn: '2025-05-27',
    });
    await expect(
      recordDelivery(ctx, captured.number, { deliveredOn: '2025-05-27', lines: 'all' }),
    ).rejects.toMatchObject({ code: 'validation', message: expect.stringContaining('delivered already') });

    expect(await markPaidOrders(ctx)).toEqual([]);
    await recordPayment(ctx, {
      customerNumber: 'K-1',
      receivedOn: '2025-05-28',
      amount: '47.60',
      invoiceNumbers: [partial.invoice?.number as string],
    });
    expect(await markPaidOrders(ctx)).toEqual([]);
    await recordPayment(ctx, {
      customerNumber: 'K-1',
      receivedOn: '2025-05-29',
      amount: '178.40',
      invoiceNumbers: [rest.invoice?.number as string],
    });
    expect((await getOrderDetail(ctx, { number: captured.number })).isPaid).toBe(true);
    at('2025-05-30');
    expect(await markPaidOrders(ctx)).toEqual([captured.number]);
    expect(await markPaidOrders(ctx)).toEqual([]);

    const detail = await getOrderDetail(ctx, { id: captured.id });
    expect(detail.order.status).toBe('paid');
    expect(detail.statusChanges.map((c) => [c.fromStatus, c.toStatus, c.changedOn])).toEqual([
      [null, 'received', '2025-05-02'],
      ['received', 'confirmed', '2025-05-05'],
      ['confirmed', 'in-progress', '2025-05-06'],
      ['in-progress', 'partly-delivered', '2025-05-23'],
      ['partly-delivered', 'delivered', '2025-05-27'],
      ['delivered', 'invoiced', '2025-05-27'],
      ['invoiced', 'paid', '2025-05-30'],
    ]);
    expect(detail.deliveryDateChanges).toMatchObject([
      { previousDate: '2025-05-20', newDate: '2025-05-27', reason: expect.stringContaining('Lieferant') },
    ]);
    expect(detail.lines.map((l) => [l.deliveredMilli, l.remainingMilli])).toEqual([
      [10_000, 0],
      [2_000, 0],
    ]);
    expect(detail.invoices.map((i) => i.status)).toEqual(['paid', 'paid']);

    const kpi = await deliveryToInvoiceKpi(ctx, '2025-05-30' as CalendarDate);
    expect(kpi).toMatchObject({ deliveries: 2, medianDays: 0, averageDays: 0, ordersNotInvoiced: 0 });

    const types = (await readEventsOf(ctx.db, ctx.tenantId, customer.id)).map((e) => e.type);
    for (const type of [
      'order.captured',
      'order.confirmed',
      'order.status-changed',
      'order.delivery-date-moved',
      'order.update-sent',
      'order.delivered',
      'order.invoiced',
    ]) {
      expect(types).toContain(type);
    }
    expect((await verifyEventChain(ctx)).ok).toBe(true);
  });

  it('asks for a check instead of invoicing at once, and counts the days until the invoice', async () => {
    const { ctx, at } = await companyWithClock(database);
    await updateOrderSettings(ctx, { invoiceOnDelivery: 'after-check' });
    await createCustomer(ctx, { number: 'K-2', name: 'Ohne Mail KG', debtorKind: 'business' });
    const order = await captureOrder(ctx, {
      customerNumber: 'K-2',
      orderedOn: '2025-05-02',
      lines: [{ description: 'Regal', quantity: '3', unitPrice: '100.00' }],
    });
    expect(order).toMatchObject({ status: 'confirmed', confirmedOn: '2025-05-02', confirmationEmail: null });

    at('2025-05-21');
    const delivered = await recordDelivery(ctx, order.number, { deliveredOn: '2025-05-20', lines: 'all' });
    expect(delivered).toMatchObject({ mode: 'after-check', invoice: null, invoiceEmail: null });
    expect(delivered.order).toMatchObject({ status: 'delivered', deliveredOn: '2025-05-20' });
    const [task] = await listTasks(ctx.db, ctx.tenantId, { status: 'open', limit: 10 });
    expect(task?.task).toMatchObject({
      id: delivered.checkTaskId,
      kind: 'invoice-check',
      title: `Rechnung prüfen und senden: Auftrag ${order.number}, Lieferung vom 20.05.2025`,
      dueOn: '2025-05-21',
    });
    expect(await deliveryToInvoiceKpi(ctx, '2025-05-21' as CalendarDate)).toMatchObject({
      deliveries: 0,
      medianDays: null,
      ordersNotInvoiced: 1,
      deliveriesNotInvoiced: 1,
    });

    at('2025-05-25');
    await expect(
      invoiceDelivery(ctx, order.number, delivered.delivery.id, { issuedOn: '2025-05-19' }),
    ).rejects.toMatchObject({ code: 'validation', issues: [{ path: 'issuedOn' }] });
    const made = await invoiceDelivery(ctx, order.number, delivered.delivery.id);
    expect(made.invoice).toMatchObject({
      issuedOn: '2025-05-25',
      deliveredOn: '2025-05-20',
      grossCents: 35_700,
    });
    expect(made.order.status).toBe('invoiced');
    expect(made.email).toBeNull();
    expect(await listTasks(ctx.db, ctx.tenantId, { status: 'open', limit: 10 })).toEqual([]);
    await expect(invoiceDelivery(ctx, order.number, delivered.delivery.id)).rejects.toMatchObject({
      code: 'conflict',
    });
    expect(await deliveryToInvoiceKpi(ctx, '2025-05-25' as CalendarDate)).toMatchObject({
      deliveries: 1,
      medianDays: 5,
      averageDays: 5,
      maxDays: 5,
      ordersNotInvoiced: 0,
    });
    expect(await pendingMails(ctx)).toEqual([]);
    expect((await verifyEventChain(ctx)).ok).toBe(true);
  });

  it('refuses steps out of order, cancels with a reason, and sends status updates when the company wants them', async () => {
    const { ctx, at } = await companyWithClock(database);
    await createCustomer(ctx, {
      number: 'K-3',
      name: 'Kundin Meier',
      debtorKind: 'consumer',
      language: 'en',
      email: 'meier@example.test',
    });
    const lines = [{ description: 'Tisch', unitPrice: '300.00' }];
    const received = await captureOrder(ctx, {
      customerNumber: 'K-3',
      orderedOn: '2025-05-02',
      status: 'received',
      lines,
    });
    await expect(startOrder(ctx, received.number)).rejects.toMatchObject({
      code: 'conflict',
      issues: [{ path: 'status', message: expect.stringContaining('it can become confirmed or cancelled') }],
    });
    await expect(
      recordDelivery(ctx, received.number, { deliveredOn: '2025-05-02', lines: 'all' }),
    ).rejects.toMatchObject({ code: 'conflict', message: expect.stringContaining('confirm it first') });
    await expect(cancelOrder(ctx, received.number, { note: '' })).rejects.toMatchObject({
      issues: [{ path: 'note' }],
    });
    expect(await cancelOrder(ctx, received.number, { note: 'Kundin hat storniert' })).toMatchObject({
      status: 'cancelled',
    });
    await expect(confirmOrder(ctx, received.number)).rejects.toMatchObject({ code: 'conflict' });

    await updateOrderSettings(ctx, { statusUpdates: true });
    at('2025-05-03');
    const order = await captureOrder(ctx, {
      customerNumber: 'K-3',
      orderedOn: '2025-05-03',
      deliveryDate: '2025-05-10',
      lines,
    });
    expect(order.confirmationEmail).not.toBeNull();
    await startOrder(ctx, order.number, { note: 'We are building your table now.' });
    const mails = (await pendingMails(ctx)).map(
      (r) => r.payload as { kind: string; subject: string; text: string },
    );
    expect(mails.map((m) => [m.kind, m.subject])).toEqual(
      expect.arrayContaining([
        ['confirmation', `Order confirmation ${order.number}`],
        ['update', `Your order ${order.number} is in progress`],
      ]),
    );
    const progress = mails.find((m) => m.kind === 'update');
    expect(progress?.text).toBe(
      `Dear Sir or Madam,\n\nwe have started work on your order ${order.number} of 3 May 2025. Delivery is planned for 10 May 2025.\n\nWe are building your table now.\n\nKind regards\nTest ${ctx.tenantCode}`,
    );
    expect((await verifyEventChain(ctx)).ok).toBe(true);
  });

  it('sends an update written by hand or from a template, logged on the timeline', async () => {
    const { ctx } = await companyWithClock(database);
    const customer = await createCustomer(ctx, {
      number: 'K-4',
      name: 'Bau AG',
      debtorKind: 'business',
      email: 'bau@example.test',
    });
    await createCustomer(ctx, { number: 'K-5', name: 'Stumm GmbH', debtorKind: 'business' });
    const order = await captureOrder(ctx, {
      customerNumber: 'K-4',
      orderedOn: '2025-05-02',
      sendConfirmation: false,
      lines: [{ description: 'Gerüst', unitPrice: '500.00' }],
    });
    expect(order.confirmationEmail).toBeNull();
    const byHand = await sendOrderUpdate(ctx, order.number, {
      subject: 'Kurze Rückfrage',
      text: 'Wohin dürfen wir liefern?',
    });
    expect(byHand).toMatchObject({ recipient: 'bau@example.test', subject: 'Kurze Rückfrage' });
    const fromTemplate = await sendOrderUpdate(ctx, order.number, { template: 'order-in-progress' });
    expect(fromTemplate.subject).toBe(`Ihr Auftrag ${order.number} ist in Arbeit`);
    expect(fromTemplate.text).not.toContain('{{');
    await expect(sendOrderUpdate(ctx, order.number, { subject: 'Nur Betreff' })).rejects.toMatchObject({
      code: 'validation',
      issues: [{ path: 'text' }],
    });
    const silent = await captureOrder(ctx, {
      customerNumber: 'K-5',
      orderedOn: '2025-05-02',
      lines: [{ description: 'Gerüst', unitPrice: '500.00' }],
    });
    await expect(sendOrderUpdate(ctx, silent.number, { subject: 'a', text: 'b' })).rejects.toMatchObject({
      code: 'conflict',
      issues: [{ path: 'customer.email' }],
    });
    const updates = (await readEventsOf(ctx.db, ctx.tenantId, customer.id)).filter(
      (e) => e.type === 'order.update-sent',
    );
    expect(updates.map((e) => e.payload)).toEqual([
      expect.objectContaining({
        trigger: 'by-hand',
        template: null,
        subject: 'Kurze Rückfrage',
        outboxId: byHand.outboxId,
      }),
      expect.objectContaining({
        trigger: 'by-hand',
        template: 'order-in-progress',
        outboxId: fromTemplate.outboxId,
      }),
    ]);
    expect((await pendingMails(ctx)).map((r) => r.id).sort()).toEqual(
      [byHand.outboxId, fromTemplate.outboxId].sort(),
    );
  });
});
