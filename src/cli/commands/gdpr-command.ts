/**
 * @module gdpr-command
 * `mahnwerk gdpr export|retention|erase CUSTOMER`: a customer's data protection rights from the
 * command line — everything stored about them as JSON, the retention periods that keep records and
 * when each ends, and erasure of what no period keeps (only with --yes; without it, what it would do).
 */
import { writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { findCustomerOrFail } from '../../services/customer-service.ts';
import {
  customerRetention,
  eraseCustomerData,
  exportCustomerData,
  type RetentionReport,
} from '../../services/gdpr-service.ts';
import { addTenantOption, type TenantOption, withServiceContext } from '../cli-context.ts';
import type { CliIo } from '../main.ts';
import { dateOption, localToday } from '../parse-options.ts';

function describeRetention(report: RetentionReport): string {
  const lines = [`Kunde ${report.customer.number} (${report.customer.name}), Stand ${report.asOf}`];
  for (const c of report.classes) {
    lines.push(
      `  ${c.key}: ${c.records} record(s), latest ${c.latestRecordOn ?? '–'}, kept until ${c.keptUntil ?? '–'}` +
        ` (${c.years} years, ${c.law})${c.over ? ' — period over' : ''}`,
    );
  }
  if (report.openMatters.length > 0) lines.push(`  open: ${report.openMatters.join(', ')}`);
  lines.push('  erasable now:', ...report.erasableNow.map((e) => `    - ${e}`));
  lines.push('  kept:', ...report.kept.map((k) => `    - ${k}`));
  return lines.join('\n') + '\n';
}

export function registerGdprCommand(program: Command, io: CliIo): void {
  const gdpr = program.command('gdpr').description('data protection: export, retention, erasure');
  addTenantOption(
    gdpr
      .command('export')
      .description('everything stored about a customer, as JSON (GDPR Art. 15, 20)')
      .argument('<customer>', 'customer number')
      .option('-o, --out <file>', 'write to this file instead of printing')
      .option('--date <date>', 'retention as of this day (YYYY-MM-DD, default today)'),
  ).action(async (number: string, options: TenantOption & { out?: string; date?: string }) => {
    const asOf = dateOption(options.date, '--date', () => localToday());
    const exported = await withServiceContext(
      io,
      { ...options, createTenant: false },
      'gdpr export',
      async (ctx) =>
        exportCustomerData(ctx, (await findCustomerOrFail(ctx.db, ctx.tenantId, number)).id, asOf),
    );
    const json = JSON.stringify(exported, null, 2) + '\n';
    if (options.out) {
      writeFileSync(options.out, json);
      io.out(`${options.out}: all data of customer ${number} (${json.length} bytes)\n`);
    } else {
      io.out(json);
    }
  });

  addTenantOption(
    gdpr
      .command('retention')
      .description('the retention periods that keep a customer’s records, and when each ends')
      .argument('<customer>', 'customer number')
      .option('--date <date>', 'as of this day (YYYY-MM-DD, default today)')
      .option('--json', 'print JSON'),
  ).action(async (number: string, options: TenantOption & { date?: string; json?: boolean }) => {
    const asOf = dateOption(options.date, '--date', () => localToday());
    const report = await withServiceContext(
      io,
      { ...options, createTenant: false },
      'gdpr retention',
      async (ctx) =>
        customerRetention(ctx, (await findCustomerOrFail(ctx.db, ctx.tenantId, number)).id, asOf),
    );
    io.out(options.json ? JSON.stringify(report) + '\n' : describeRetention(report));
  });

  addTenantOption(
    gdpr
      .command('erase')
      .description(
        'erase or anonymise what no retention period keeps (GDPR Art. 17); without --yes only shows what it would do',
      )
      .argument('<customer>', 'customer number')
      .option('--date <date>', 'as of this day (YYYY-MM-DD, default today)')
      .option('--yes', 'really erase')
      .option('--json', 'print JSON'),
  ).action(
    async (number: string, options: TenantOption & { date?: string; yes?: boolean; json?: boolean }) => {
      const asOf = dateOption(options.date, '--date', () => localToday());
      if (!options.yes) {
        const report = await withServiceContext(
          io,
          { ...options, createTenant: false },
          'gdpr erase',
          async (ctx) =>
            customerRetention(ctx, (await findCustomerOrFail(ctx.db, ctx.tenantId, number)).id, asOf),
        );
        io.out(describeRetention(report) + 'nothing erased: run again with --yes to erase\n');
        return;
      }
      const result = await withServiceContext(
        io,
        { ...options, createTenant: false },
        'gdpr erase',
        async (ctx) =>
          eraseCustomerData(ctx, (await findCustomerOrFail(ctx.db, ctx.tenantId, number)).id, asOf),
      );
      if (options.json) {
        io.out(JSON.stringify(result) + '\n');
        return;
      }
      const removed = Object.entries(result.removed)
        .map(([what, n]) => `${what} ${n}`)
        .join(', ');
      io.out(
        `customer ${number}: erased (${removed})${result.anonymisedCustomer ? '; name and address anonymised' : ''}\n` +
          `kept:\n${result.retention.kept.map((k) => `  - ${k}`).join('\n')}\n`,
      );
    },
  );
}
