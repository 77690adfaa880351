/**
 * @module payment-command
 * `mahnwerk payment record`: book a payment by hand; it is allocated as §§366, 367 BGB say.
 */
import type { Command } from 'commander';
import { formatMoney } from '../../domain/format-money.ts';
import { recordPayment } from '../../services/payment-service.ts';
import { addTenantOption, type TenantOption, withServiceContext } from '../cli-context.ts';
import type { CliIo } from '../main.ts';
import { dateOption, localToday } from '../parse-options.ts';

interface PaymentOptions extends TenantOption {
  customer: string;
  amount: string;
  date?: string;
  invoice: string[];
  reference?: string;
  json?: boolean;
}

export function registerPaymentCommand(program: Command, io: CliIo): Command {
  const payment = program.command('payment').alias('payments').description('payments received');
  addTenantOption(
    payment
      .command('record')
      .description(
        'book a payment: Skonto if earned, then to the named invoices, then due before not due, oldest first; within an invoice costs, interest, principal (§§366, 367 BGB); the rest is held as credit',
      )
      .requiredOption('--customer <number>', 'customer number')
      .requiredOption('--amount <amount>', 'amount credited, e.g. 1190.00')
      .option('--date <date>', 'day the money was credited (YYYY-MM-DD, default today)')
      .option(
        '--invoice <number>',
        'an invoice the payer named (repeatable, in the order named)',
        (value: string, previous: string[]) => [...previous, value],
        [],
      )
      .option('--reference <text>', 'remittance text')
      .option('--json', 'print JSON'),
  ).action(async (options: PaymentOptions) => {
    const receivedOn = dateOption(options.date, '--date', () => localToday());
    const result = await withServiceContext(io, options, 'payment record', (ctx) =>
      recordPayment(ctx, {
        customerNumber: options.customer,
        receivedOn,
        amount: options.amount,
        invoiceNumbers: options.invoice,
        ...(options.reference ? { reference: options.reference } : {}),
      }),
    );
    if (options.json) {
      io.out(
        JSON.stringify({
          paymentId: result.payment.id,
          lines: result.lines.map((l) => ({
            invoiceId: Number(l.claimId),
            component: l.component,
            amountCents: l.amount.minor,
            rule: l.rule,
          })),
          skonto: result.skonto.map((s) => ({
            invoiceId: Number(s.claimId),
            discountCents: s.discount.minor,
          })),
          creditCents: result.credit.minor,
          cancelledNoticeItems: result.cancelledNoticeItems,
        }) + '\n',
      );
      return;
    }
    io.out(`payment ${result.payment.id} booked on ${receivedOn}:\n`);
    for (const line of result.lines) {
      io.out(
        `  invoice id ${line.claimId}  ${line.component.padEnd(9)} ${formatMoney(line.amount, 'de')}  (${line.rule})\n`,
      );
    }
    for (const s of result.skonto)
      io.out(`  invoice id ${s.claimId}  Skonto    ${formatMoney(s.discount, 'de')}\n`);
    if (result.credit.isPositive())
      io.out(`  credit held for the customer: ${formatMoney(result.credit, 'de')}\n`);
    if (result.cancelledNoticeItems > 0)
      io.out(`  ${result.cancelledNoticeItems} pending notice item(s) cancelled\n`);
  });
  return payment;
}
