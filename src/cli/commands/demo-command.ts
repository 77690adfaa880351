/**
 * @module demo-command
 * `mahnwerk demo`: fills an empty company with realistic demo data (customers, a year of invoices,
 * payments, disputes, promises, blocks) and prints what it made, so that the dunning run has
 * something to do at once.
 */
import { progressBar } from '../progress-bar.ts';
import type { Command } from 'commander';
import { formatMoney } from '../../domain/format-money.ts';
import { Money } from '../../domain/money.ts';
import {
  createDemoData,
  DEMO_DEFAULTS,
  DEMO_MAX_CUSTOMERS,
  DEMO_MAX_INVOICES,
  type DemoSummary,
} from '../../services/demo-service.ts';
import { DEFAULT_TENANT_CODE } from '../../services/tenant-service.ts';
import { addTenantOption, type TenantOption, withServiceContext } from '../cli-context.ts';
import { CliUsageError } from '../cli-error.ts';
import type { CliIo } from '../main.ts';
import { dateOption, localToday, positiveIntegerOption } from '../parse-options.ts';

interface DemoOptions extends TenantOption {
  customers: string;
  invoices: string;
  seed: string;
  today?: string;
  json?: boolean;
}

function countOption(value: string, option: string, max: number): number {
  const count = positiveIntegerOption(value, option);
  if (count > max) throw new CliUsageError(`${option}: at most ${max} in a demo, got ${count}`);
  return count;
}

function parseDemoOptions(options: DemoOptions) {
  const customers = countOption(options.customers, '--customers', DEMO_MAX_CUSTOMERS);
  const invoices = countOption(options.invoices, '--invoices', DEMO_MAX_INVOICES);
  if (invoices < customers) {
    throw new CliUsageError(
      `--invoices: must be at least --customers (${customers}), as every customer gets an invoice; got ${invoices}`,
    );
  }
  const seed = positiveIntegerOption(options.seed, '--seed');
  const today = dateOption(options.today, '--today', () => localToday());
  return { customers, invoices, seed, today };
}

export function renderDemoSummary(tenant: string, s: DemoSummary): string {
  const money = (cents: number) => formatMoney(Money.of(cents), 'en');
  return [
    `Demo data for company "${tenant}" as of ${s.today} (seed ${s.seed}):`,
    `  customers  ${s.customers} (${s.businessCustomers} businesses, ${s.consumerCustomers} consumers)`,
    `  invoices   ${s.invoices} over ${money(s.invoicedCents)}: ${s.paidInvoices} paid, ${s.partlyPaidInvoices} partly paid, ${s.openInvoices} open, ${s.overdueInvoices} of them overdue`,
    `  payments   ${s.payments} over ${money(s.paidCents)}`,
    `  open       ${money(s.openCents)}, overdue ${money(s.overdueCents)}`,
    `  holds      ${s.disputes} disputes, ${s.promises} promises to pay, ${s.blocks} dunning blocks`,
    `next: mahnwerk run dunning --date ${s.today}${tenant === DEFAULT_TENANT_CODE ? '' : ` --tenant ${tenant}`}`,
  ].join('\n');
}

export function registerDemoCommand(program: Command, io: CliIo): void {
  addTenantOption(
    program
      .command('demo')
      .description(
        'fill an empty company with realistic demo data: German customers, 12 months of invoices, payments, disputes, promises to pay',
      )
      .option(
        '--customers <n>',
        'number of customers (about a quarter consumers)',
        String(DEMO_DEFAULTS.customers),
      )
      .option('--invoices <n>', 'number of invoices, at least --customers', String(DEMO_DEFAULTS.invoices))
      .option(
        '--seed <n>',
        'seed of the generator: the same seed gives the same data',
        String(DEMO_DEFAULTS.seed),
      )
      .option('--today <date>', 'the day the data leads up to (YYYY-MM-DD; default: today)')
      .option('--json', 'print the summary as one JSON object'),
  ).action(async (options: DemoOptions) => {
    const input = parseDemoOptions(options);
    const bar = progressBar(io, 'demo data', options.json === true);
    let summary: DemoSummary;
    try {
      summary = await withServiceContext(io, { ...options, createTenant: true }, 'demo', (ctx) =>
        createDemoData(ctx, { ...input, ...(bar ? { onProgress: bar.update } : {}) }),
      );
    } finally {
      bar?.stop();
    }
    io.out(
      options.json
        ? `${JSON.stringify({ tenant: options.tenant, ...summary })}\n`
        : `${renderDemoSummary(options.tenant, summary)}\n`,
    );
  });
}
