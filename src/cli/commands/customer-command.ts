/**
 * @module customer-command
 * `mahnwerk customer show NUMBER`: master data, open items and the timeline of a customer;
 * `customer statement NUMBER`: the claim statement as of a day, as a table, JSON or letter.
 */
import type { Command } from 'commander';
import { formatMoney } from '../../domain/format-money.ts';
import { Money } from '../../domain/money.ts';
import { showCustomer } from '../../services/customer-service.ts';
import { claimStatement, claimStatementPdf } from '../../services/claim-statement-service.ts';
import { dateOption, localToday } from '../parse-options.ts';
import { writeFileSync } from 'node:fs';
import { addTenantOption, type TenantOption, withServiceContext } from '../cli-context.ts';
import type { CliIo } from '../main.ts';
import { renderTable } from '../render-table.ts';

export function registerCustomerCommand(program: Command, io: CliIo): void {
  const customer = program.command('customer').description('customers (Debitoren)');
  addTenantOption(
    customer
      .command('statement')
      .description(
        'claim statement (Forderungsaufstellung) as of a day: every open claim with payments, costs and default interest by period and rate',
      )
      .argument('<number>', 'customer number')
      .option('--date <date>', 'as of this day (YYYY-MM-DD, default today)')
      .option('-o, --out <file>', 'write it as a letter (PDF)')
      .option('--json', 'print JSON'),
  ).action(
    async (number: string, options: TenantOption & { date?: string; out?: string; json?: boolean }) => {
      const asOf = dateOption(options.date, '--date', () => localToday());
      if (options.out) {
        const out = options.out;
        const pdf = await withServiceContext(io, options, 'customer statement', (ctx) =>
          claimStatementPdf(ctx, number, asOf),
        );
        writeFileSync(out, pdf);
        io.out(`${out}: claim statement of ${number} as of ${asOf}\n`);
        return;
      }
      const statement = await withServiceContext(io, options, 'customer statement', (ctx) =>
        claimStatement(ctx, number, asOf),
      );
      if (options.json) {
        io.out(JSON.stringify(statement) + '\n');
        return;
      }
      const money = (cents: number) => formatMoney(Money.of(cents), 'de');
      io.out(`Forderungsaufstellung ${statement.customerNumber} zum ${asOf}\n`);
      io.out(
        renderTable(
          ['invoice', 'due', 'amount', 'open', 'costs', 'interest', 'total'],
          statement.items.map((i) => [
            i.invoiceNumber,
            i.dueDate,
            money(i.grossCents),
            money(i.openPrincipalCents),
            money(i.openCostsCents),
            money(Math.max(0, i.interestCents - i.interestPaidCents)),
            money(i.totalCents),
          ]),
          [false, false, true, true, true, true, true],
        ) + '\n',
      );
      for (const item of statement.items) {
        for (const s of item.interestSegments) {
          io.out(
            `  ${item.invoiceNumber}: ${s.ratePercent} % p.a. ${s.from} – ${s.to} (${s.days} days) on ${money(s.principalCents)} = ${money(s.interestCents)}\n`,
          );
        }
      }
      io.out(`total ${money(statement.totalCents)}\n`);
    },
  );
  addTenantOption(
    customer
      .command('show')
      .description('master data, invoices with what is open, and the timeline of events')
      .argument('<number>', 'customer number')
      .option('--json', 'print JSON'),
  ).action(async (number: string, options: TenantOption & { json?: boolean }) => {
    const view = await withServiceContext(io, options, 'customer show', (ctx) => showCustomer(ctx, number));
    if (options.json) {
      io.out(JSON.stringify(view) + '\n');
      return;
    }
    const c = view.customer;
    const money = (cents: number) => formatMoney(Money.of(cents), 'de');
    const address = c.address ? `${c.address.street}, ${c.address.postalCode} ${c.address.city}` : '—';
    io.out(`${c.number}  ${c.name}\n`);
    io.out(
      `  ${c.debtorKind === 'business' ? 'Unternehmen' : 'Verbraucher'} · ${address} · ${c.email ?? 'keine E-Mail'} · Sprache ${c.language}\n`,
    );
    if (c.blockReason)
      io.out(`  Mahnsperre: ${c.blockReason}${c.blockUntil ? ` bis ${c.blockUntil}` : ''}\n`);
    io.out('\n');
    io.out(
      renderTable(
        ['invoice', 'issued', 'due', 'status', 'amount', 'open', 'costs'],
        view.invoices.map(({ invoice, claim }) => [
          invoice.number,
          invoice.issuedOn,
          invoice.dueDate,
          invoice.status,
          money(invoice.grossCents),
          money(claim.openPrincipalCents),
          money(claim.openCostsCents),
        ]),
        [false, false, false, false, true, true, true],
      ) + '\n\n',
    );
    io.out('timeline:\n');
    for (const event of view.timeline) {
      io.out(
        `  ${event.occurredAt.slice(0, 19).replace('T', ' ')}  ${event.type.padEnd(24)} ${event.actor.padEnd(10)} ${summarise(event.payload)}\n`,
      );
    }
  });
}

function summarise(payload: Record<string, unknown>): string {
  return Object.entries(payload)
    .filter(([, v]) => v !== null && typeof v !== 'object')
    .map(([k, v]) => `${k}=${String(v)}`)
    .join(' ');
}
