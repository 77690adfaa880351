/**
 * @module order-command
 * `mahnwerk order …`: an order from capture to payment at the terminal — capture, list, show,
 * confirm (the confirmation e-mail is queued), start, move-date (with its reason), deliver (all, or
 * per position), invoice (a delivery after its check), cancel, update (an e-mail to the customer),
 * pdf (the confirmation), mark-paid (for the daily run), settings and the invoicing-lag figure.
 * Thin: each subcommand checks its options and calls one service.
 */
import { writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { ORDER_STATUSES, type OrderStatus } from '../../db/schema.ts';
import { formatMoney } from '../../domain/format-money.ts';
import { Money } from '../../domain/money.ts';
import { invoiceDelivery, markPaidOrders, recordDelivery } from '../../services/order-delivery-service.ts';
import { sendOrderUpdate, UPDATE_TEMPLATE_KEYS } from '../../services/order-email-service.ts';
import { deliveryToInvoiceKpi } from '../../services/order-kpi-service.ts';
import {
  cancelOrder,
  captureOrder,
  confirmOrder,
  getOrderDetail,
  listOrderSummaries,
  moveDeliveryDate,
  orderConfirmationPdf,
  startOrder,
} from '../../services/order-service.ts';
import {
  getOrderSettings,
  INVOICE_ON_DELIVERY_MODES,
  type InvoiceOnDeliveryMode,
  updateOrderSettings,
} from '../../services/order-settings-service.ts';
import { addTenantOption, type TenantOption, withServiceContext } from '../cli-context.ts';
import { CliUsageError } from '../cli-error.ts';
import type { CliIo } from '../main.ts';
import { dateOption, localToday, positiveIntegerOption } from '../parse-options.ts';
import { renderTable } from '../render-table.ts';

const eur = (cents: number) => formatMoney(Money.of(cents), 'de');
const collect = (value: string, previous: string[] = []) => [...previous, value];

/** `Montage;2.5;80.00;19;HUR` → an order line (quantity, VAT and unit may be left out). */
function lineOption(text: string, index: number) {
  const [description = '', quantity = '1', unitPrice = '', vat = '19', unit] = text
    .split(';')
    .map((p) => p.trim());
  if (!description || !unitPrice) {
    throw new CliUsageError(
      `--line ${index + 1}: expected "description;quantity;unit price;VAT %[;unit]", got "${text}"`,
    );
  }
  return { description, quantity, unitPrice, vatRatePercent: vat, ...(unit ? { unit } : {}) };
}

/** `2:1.5` → position 2, quantity 1.5. */
function deliveredLineOption(text: string) {
  const match = /^(\d{1,6}):(\d{1,12}(?:[.,]\d{1,3})?)$/.exec(text.trim());
  if (!match) throw new CliUsageError(`--line: expected "position:quantity" like 2:1.5, got "${text}"`);
  return { position: Number(match[1]), quantity: match[2] as string };
}

function statusOption(value: string | undefined): OrderStatus | undefined {
  if (value === undefined) return undefined;
  const status = ORDER_STATUSES.find((s) => s === value);
  if (!status) throw new CliUsageError(`--status: expected ${ORDER_STATUSES.join(', ')}, got "${value}"`);
  return status;
}

function termsOption(value: string | undefined): Record<string, unknown> | undefined {
  if (value === undefined) return undefined;
  try {
    return JSON.parse(value) as Record<string, unknown>;
  } catch {
    throw new CliUsageError(`--terms: expected JSON like {"kind":"net","days":30}, got "${value}"`);
  }
}

export function registerOrderCommand(program: Command, io: CliIo): Command {
  const order = program
    .command('order')
    .description(
      'orders from capture to payment: confirmation, delivery dates, deliveries and their invoices',
    );

  addTenantOption(
    order
      .command('capture')
      .description(
        'capture an order (confirmed at once unless --received); lines as "description;qty;price;VAT %[;unit]"',
      )
      .requiredOption('--customer <number>', 'customer number')
      .option('--date <date>', 'day of the order (default today)')
      .option('--delivery <date>', 'promised delivery date')
      .option('--number <number>', 'order number (default: the next AU… number)')
      .option('--terms <json>', 'payment terms as JSON (default: the customer’s)')
      .option('--line <line>', 'an order line; repeat for more', collect)
      .option('--received', 'record it as received; confirm it later')
      .option('--no-email', 'do not e-mail the confirmation')
      .option('--json', 'print JSON'),
  ).action(
    async (
      options: TenantOption & {
        customer: string;
        date?: string;
        delivery?: string;
        number?: string;
        terms?: string;
        line?: string[];
        received?: boolean;
        email: boolean;
        json?: boolean;
      },
    ) => {
      const lines = (options.line ?? []).map(lineOption);
      if (lines.length === 0) throw new CliUsageError('--line: give at least one order line');
      const paymentTerms = termsOption(options.terms);
      const captured = await withServiceContext(io, options, 'order capture', (ctx) =>
        captureOrder(ctx, {
          customerNumber: options.customer,
          orderedOn: dateOption(options.date, '--date', () => localToday(ctx.now())),
          ...(options.delivery
            ? { deliveryDate: dateOption(options.delivery, '--delivery', localToday) }
            : {}),
          ...(options.number ? { number: options.number } : {}),
          ...(paymentTerms ? { paymentTerms } : {}),
          lines,
          status: options.received ? 'received' : 'confirmed',
          sendConfirmation: options.email,
        }),
      );
      if (options.json) return io.out(JSON.stringify(captured) + '\n');
      io.out(`order ${captured.number} ${captured.status}\n`);
      if (captured.confirmationEmail)
        io.out(`confirmation e-mail queued to ${captured.confirmationEmail.recipient}\n`);
      if (captured.creditLimitWarning) io.out(`warning: ${captured.creditLimitWarning.message}\n`);
    },
  );

  addTenantOption(
    order
      .command('list')
      .description('orders, newest first')
      .option('--customer <number>', 'only this customer')
      .option('--status <status>', `only this status: ${ORDER_STATUSES.join(', ')}`)
      .option('--json', 'print JSON'),
  ).action(async (options: TenantOption & { customer?: string; status?: string; json?: boolean }) => {
    const status = statusOption(options.status);
    const rows = await withServiceContext(io, options, 'order list', (ctx) =>
      listOrderSummaries(ctx, {
        ...(options.customer ? { customerNumber: options.customer } : {}),
        ...(status ? { status } : {}),
      }),
    );
    if (options.json) return io.out(JSON.stringify(rows) + '\n');
    if (rows.length === 0) return io.out('no orders\n');
    io.out(
      renderTable(
        ['number', 'customer', 'status', 'ordered', 'delivery date'],
        rows.map((r) => [
          r.order.number,
          `${r.customerNumber} ${r.customerName}`,
          r.order.status,
          r.order.orderedOn,
          r.order.deliveryDate ?? '',
        ]),
      ) + '\n',
    );
  });

  addTenantOption(
    order
      .command('show')
      .description('an order with its lines, lifecycle, deliveries and invoices')
      .argument('<number>', 'order number')
      .option('--json', 'print JSON'),
  ).action(async (number: string, options: TenantOption & { json?: boolean }) => {
    const d = await withServiceContext(io, options, 'order show', (ctx) => getOrderDetail(ctx, { number }));
    if (options.json) return io.out(JSON.stringify(d) + '\n');
    io.out(
      `${d.order.number}  ${d.customer.number} ${d.customer.name}  ${d.order.status}${d.isPaid && d.order.status !== 'paid' ? ' (paid by its invoices)' : ''}\n` +
        `ordered ${d.order.orderedOn}, delivery date ${d.order.deliveryDate ?? 'open'}\n\n`,
    );
    io.out(
      renderTable(
        ['pos', 'description', 'ordered', 'delivered', 'gross'],
        d.lines.map((l) => [
          String(l.position),
          l.description,
          String(l.quantityMilli / 1000),
          String(l.deliveredMilli / 1000),
          eur(l.grossCents),
        ]),
        [true, false, true, true, true],
      ) + '\n\n',
    );
    for (const c of d.statusChanges) {
      io.out(`${c.changedOn}  ${c.fromStatus ?? '—'} → ${c.toStatus}${c.note ? `  (${c.note})` : ''}\n`);
    }
    for (const c of d.deliveryDateChanges) {
      io.out(`${c.changedOn}  delivery date ${c.previousDate ?? 'open'} → ${c.newDate}: ${c.reason}\n`);
    }
    for (const del of d.deliveries) {
      const invoice = d.invoices.find((i) => i.id === del.invoiceId);
      io.out(
        `delivery ${del.id} on ${del.deliveredOn}${del.isComplete ? ' (complete)' : ''}: ` +
          `${del.lines.map((l) => `${l.position}×${l.quantityMilli / 1000}`).join(', ')} — ` +
          `${invoice ? `invoice ${invoice.number} ${invoice.status}` : 'not invoiced'}\n`,
      );
    }
  });

  addTenantOption(
    order
      .command('confirm')
      .description('confirm a received order; the confirmation is e-mailed with its PDF')
      .argument('<number>', 'order number')
      .option('--date <date>', 'day of the confirmation (default today)')
      .option('--no-email', 'do not e-mail the confirmation'),
  ).action(async (number: string, options: TenantOption & { date?: string; email: boolean }) => {
    const on = options.date === undefined ? undefined : dateOption(options.date, '--date', localToday);
    const r = await withServiceContext(io, options, 'order confirm', (ctx) =>
      confirmOrder(ctx, number, { ...(on ? { on } : {}), sendConfirmation: options.email }),
    );
    io.out(
      `order ${r.order.number} confirmed on ${r.order.confirmedOn}` +
        (r.confirmationEmail ? `; confirmation e-mail queued to ${r.confirmationEmail.recipient}` : '') +
        '\n',
    );
  });

  addTenantOption(
    order
      .command('start')
      .description('work on the order has started (in progress)')
      .argument('<number>', 'order number')
      .option('--date <date>', 'day (default today)')
      .option('--note <text>', 'a note (also in the customer’s update, if updates are sent)'),
  ).action(async (number: string, options: TenantOption & { date?: string; note?: string }) => {
    const on = options.date === undefined ? undefined : dateOption(options.date, '--date', localToday);
    const started = await withServiceContext(io, options, 'order start', (ctx) =>
      startOrder(ctx, number, { ...(on ? { on } : {}), ...(options.note ? { note: options.note } : {}) }),
    );
    io.out(`order ${started.number} in progress\n`);
  });

  addTenantOption(
    order
      .command('move-date')
      .description('move the promised delivery date, with the reason')
      .argument('<number>', 'order number')
      .requiredOption('--to <date>', 'the new delivery date')
      .requiredOption('--reason <text>', 'why it moves (recorded, and told to the customer)')
      .option('--notify', 'e-mail the customer (default: as the order settings say)')
      .option('--no-notify', 'do not e-mail the customer'),
  ).action(
    async (number: string, options: TenantOption & { to: string; reason: string; notify?: boolean }) => {
      const newDate = dateOption(options.to, '--to', localToday);
      const moved = await withServiceContext(io, options, 'order move-date', (ctx) =>
        moveDeliveryDate(ctx, number, {
          newDate,
          reason: options.reason,
          ...(options.notify === undefined ? {} : { notify: options.notify }),
        }),
      );
      io.out(
        `order ${moved.order.number}: delivery date now ${moved.order.deliveryDate}` +
          (moved.update ? `; update e-mail queued to ${moved.update.recipient}` : '') +
          '\n',
      );
    },
  );

  addTenantOption(
    order
      .command('deliver')
      .description('record a delivery: --all, or --line position:quantity per delivered line')
      .argument('<number>', 'order number')
      .option('--date <date>', 'day of the delivery (default today)')
      .option('--all', 'everything still to deliver')
      .option('--line <position:quantity>', 'a delivered line; repeat for more', collect)
      .option('--note <text>', 'a note')
      .option('--invoice-date <date>', 'date of an automatic invoice (default today)'),
  ).action(
    async (
      number: string,
      options: TenantOption & {
        date?: string;
        all?: boolean;
        line?: string[];
        note?: string;
        invoiceDate?: string;
      },
    ) => {
      const lines = (options.line ?? []).map(deliveredLineOption);
      if (Boolean(options.all) === lines.length > 0)
        throw new CliUsageError('give either --all or one or more --line');
      const r = await withServiceContext(io, options, 'order deliver', (ctx) =>
        recordDelivery(ctx, number, {
          deliveredOn: dateOption(options.date, '--date', () => localToday(ctx.now())),
          lines: options.all ? 'all' : lines,
          ...(options.note ? { note: options.note } : {}),
          ...(options.invoiceDate
            ? { invoiceDate: dateOption(options.invoiceDate, '--invoice-date', localToday) }
            : {}),
        }),
      );
      io.out(`delivery ${r.delivery.id} recorded; order ${r.order.number} ${r.order.status}\n`);
      if (r.invoice) {
        io.out(`invoice ${r.invoice.number} of ${eur(r.invoice.grossCents)}, due ${r.invoice.dueDate}\n`);
        if (r.invoiceEmail) io.out(`invoice e-mail queued to ${r.invoiceEmail.recipient}\n`);
      }
      if (r.checkTaskId !== null) {
        io.out(
          `task ${r.checkTaskId}: check the invoice, then: mahnwerk order invoice ${r.order.number} --delivery ${r.delivery.id}\n`,
        );
      }
    },
  );

  addTenantOption(
    order
      .command('invoice')
      .description('invoice a delivery after its check; the invoice is e-mailed')
      .argument('<number>', 'order number')
      .requiredOption('--delivery <id>', 'the delivery (see order show)')
      .option('--date <date>', 'invoice date (default today)'),
  ).action(async (number: string, options: TenantOption & { delivery: string; date?: string }) => {
    const deliveryId = positiveIntegerOption(options.delivery, '--delivery');
    const issuedOn = options.date === undefined ? undefined : dateOption(options.date, '--date', localToday);
    const made = await withServiceContext(io, options, 'order invoice', (ctx) =>
      invoiceDelivery(ctx, number, deliveryId, issuedOn ? { issuedOn } : {}),
    );
    io.out(
      `invoice ${made.invoice.number} of ${eur(made.invoice.grossCents)}, due ${made.invoice.dueDate}; order ${made.order.status}\n`,
    );
    if (made.email) io.out(`invoice e-mail queued to ${made.email.recipient}\n`);
  });

  addTenantOption(
    order
      .command('cancel')
      .description('cancel an order nothing of which was delivered')
      .argument('<number>', 'order number')
      .requiredOption('--reason <text>', 'why'),
  ).action(async (number: string, options: TenantOption & { reason: string }) => {
    const cancelled = await withServiceContext(io, options, 'order cancel', (ctx) =>
      cancelOrder(ctx, number, { note: options.reason }),
    );
    io.out(`order ${cancelled.number} cancelled\n`);
  });

  addTenantOption(
    order
      .command('update')
      .description(
        `e-mail the customer an update: --template (${UPDATE_TEMPLATE_KEYS.join(', ')}) or --subject and --text`,
      )
      .argument('<number>', 'order number')
      .option('--template <key>', 'a template filled with the order’s facts')
      .option('--note <text>', 'with --template: a paragraph of your own')
      .option('--subject <text>', 'subject written by hand')
      .option('--text <text>', 'text written by hand'),
  ).action(
    async (
      number: string,
      options: TenantOption & { template?: string; note?: string; subject?: string; text?: string },
    ) => {
      const sent = await withServiceContext(io, options, 'order update', (ctx) =>
        sendOrderUpdate(ctx, number, {
          ...(options.template ? { template: options.template } : {}),
          ...(options.note ? { note: options.note } : {}),
          ...(options.subject ? { subject: options.subject } : {}),
          ...(options.text ? { text: options.text } : {}),
        }),
      );
      io.out(`update "${sent.subject}" queued to ${sent.recipient}\n`);
    },
  );

  addTenantOption(
    order
      .command('pdf')
      .description('write the order confirmation as a PDF')
      .argument('<number>', 'order number')
      .requiredOption('-o, --out <file>', 'where to write the PDF'),
  ).action(async (number: string, options: TenantOption & { out: string }) => {
    const pdf = await withServiceContext(io, options, 'order pdf', (ctx) =>
      orderConfirmationPdf(ctx, number),
    );
    writeFileSync(options.out, pdf);
    io.out(`wrote ${options.out} (${pdf.byteLength} bytes)\n`);
  });

  addTenantOption(
    order.command('mark-paid').description('mark invoiced orders whose invoices are all paid as paid'),
  ).action(async (options: TenantOption) => {
    const moved = await withServiceContext(io, options, 'order mark-paid', (ctx) => markPaidOrders(ctx));
    io.out(moved.length === 0 ? 'no orders newly paid\n' : `paid: ${moved.join(', ')}\n`);
  });

  addTenantOption(
    order
      .command('settings')
      .description('show or change how deliveries are invoiced and whether status changes e-mail updates')
      .option('--invoice-on-delivery <mode>', `${INVOICE_ON_DELIVERY_MODES.join(' or ')}`)
      .option('--status-updates <on|off>', 'e-mail the customer on status changes'),
  ).action(async (options: TenantOption & { invoiceOnDelivery?: string; statusUpdates?: string }) => {
    const mode = INVOICE_ON_DELIVERY_MODES.find((m) => m === options.invoiceOnDelivery);
    if (options.invoiceOnDelivery !== undefined && !mode) {
      throw new CliUsageError(
        `--invoice-on-delivery: expected ${INVOICE_ON_DELIVERY_MODES.join(' or ')}, got "${options.invoiceOnDelivery}"`,
      );
    }
    if (options.statusUpdates !== undefined && !['on', 'off'].includes(options.statusUpdates)) {
      throw new CliUsageError(`--status-updates: expected on or off, got "${options.statusUpdates}"`);
    }
    const change: { invoiceOnDelivery?: InvoiceOnDeliveryMode; statusUpdates?: boolean } = {
      ...(mode ? { invoiceOnDelivery: mode } : {}),
      ...(options.statusUpdates ? { statusUpdates: options.statusUpdates === 'on' } : {}),
    };
    const settings = await withServiceContext(io, options, 'order settings', (ctx) =>
      Object.keys(change).length > 0 ? updateOrderSettings(ctx, change) : getOrderSettings(ctx),
    );
    io.out(
      `invoice on delivery: ${settings.invoiceOnDelivery}\nstatus updates by e-mail: ${settings.statusUpdates ? 'on' : 'off'}\n`,
    );
  });

  addTenantOption(
    order
      .command('kpi')
      .description(
        'days from delivery to invoice over the last 90 days, and orders with deliveries not invoiced',
      )
      .option('--date <date>', 'as of this day (default today)')
      .option('--json', 'print JSON'),
  ).action(async (options: TenantOption & { date?: string; json?: boolean }) => {
    const asOf = dateOption(options.date, '--date', () => localToday());
    const kpi = await withServiceContext(io, options, 'order kpi', (ctx) => deliveryToInvoiceKpi(ctx, asOf));
    if (options.json) return io.out(JSON.stringify(kpi) + '\n');
    io.out(
      `${kpi.from} – ${kpi.to}: ${kpi.deliveries} deliveries invoiced` +
        (kpi.deliveries > 0
          ? `, median ${kpi.medianDays} days, average ${kpi.averageDays} days, longest ${kpi.maxDays} days`
          : '') +
        `\nnot yet invoiced: ${kpi.deliveriesNotInvoiced} deliveries of ${kpi.ordersNotInvoiced} orders\n`,
    );
  });

  return order;
}
