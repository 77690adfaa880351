/**
 * @module report-command
 * `mahnwerk report aging`: open items by days past due.
 */
import { type Command, Option } from 'commander';
import { AGING_BUCKETS, type AgingReport } from '../../domain/aging.ts';
import { formatMoney } from '../../domain/format-money.ts';
import { agingReport } from '../../services/report-service.ts';
import { addTenantOption, type TenantOption, withServiceContext } from '../cli-context.ts';
import type { CliIo } from '../main.ts';
import { dateOption, localToday } from '../parse-options.ts';
import { renderTable } from '../render-table.ts';

export function agingToJson(report: AgingReport) {
  return {
    asOf: report.asOf,
    buckets: Object.fromEntries(
      AGING_BUCKETS.map((b) => [
        b,
        { count: report.buckets[b].count, amountCents: report.buckets[b].amount.minor },
      ]),
    ),
    totalCents: report.total.minor,
    count: report.count,
  };
}

export function registerReportCommand(program: Command, io: CliIo): void {
  const report = program.command('report').description('reports on receivables');
  addTenantOption(
    report
      .command('aging')
      .description(
        'aging report (Fälligkeitsanalyse): open amounts in the buckets current, 1-30, 31-60, 61-90, 90+ days past due',
      )
      .option('--date <date>', 'as of this day (YYYY-MM-DD, default today)')
      .addOption(new Option('--by <breakdown>', 'break down by').choices(['customer', 'group']))
      .option('--json', 'print {"buckets":{…},"totalCents"} (with "by" rows when --by is given)'),
  ).action(async (options: TenantOption & { date?: string; by?: 'customer' | 'group'; json?: boolean }) => {
    const asOf = dateOption(options.date, '--date', () => localToday());
    const result = await withServiceContext(io, options, 'report aging', (ctx) =>
      agingReport(ctx, asOf, options.by ?? null),
    );
    if (options.json) {
      io.out(
        JSON.stringify({
          ...agingToJson(result.total),
          ...(result.breakdown
            ? { by: result.breakdown.map((b) => ({ key: b.key, ...agingToJson(b.report) })) }
            : {}),
        }) + '\n',
      );
      return;
    }
    const row = (label: string, r: AgingReport) => [
      label,
      ...AGING_BUCKETS.map((b) => formatMoney(r.buckets[b].amount, 'de')),
      formatMoney(r.total, 'de'),
    ];
    const rows = (result.breakdown ?? []).map((b) => row(b.key, b.report));
    rows.push(row('total', result.total));
    io.out(`Fälligkeitsanalyse zum ${asOf} (Tage überfällig)\n`);
    io.out(
      renderTable([options.by ?? '', ...AGING_BUCKETS, 'total'], rows, [
        false,
        true,
        true,
        true,
        true,
        true,
        true,
      ]) + '\n',
    );
  });
}
