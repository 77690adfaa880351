/**
 * @module customer-command
 * `mahnwerk customer show NUMBER`: master data, open items and the timeline of a customer.
 */
import type { Command } from 'commander';
import { formatMoney } from '../../domain/format-money.ts';
import { Money } from '../../domain/money.ts';
import { showCustomer } from '../../services/customer-service.ts';
import { addTenantOption, type TenantOption, withServiceContext } from '../cli-context.ts';
import type { CliIo } from '../main.ts';
import { renderTable } from '../render-table.ts';

export function registerCustomerCommand(program: Command, io: CliIo): void {
  const customer = program.command('customer').description('customers (Debitoren)');
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
