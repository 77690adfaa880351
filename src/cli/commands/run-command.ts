/**
 * @module run-command
 * `mahnwerk run dunning`: the daily run for a date, with a summary per stage.
 */
import { progressBar } from '../progress-bar.ts';
import type { Command } from 'commander';
import { formatMoney } from '../../domain/format-money.ts';
import { Money } from '../../domain/money.ts';
import { runDunning } from '../../services/dunning-run-service.ts';
import { addTenantOption, type TenantOption, withServiceContext } from '../cli-context.ts';
import type { CliIo } from '../main.ts';
import { dateOption, localToday } from '../parse-options.ts';
import { renderTable } from '../render-table.ts';

export function registerRunCommand(program: Command, io: CliIo): void {
  const run = program.command('run').description('run scheduled work now');
  addTenantOption(
    run
      .command('dunning')
      .description(
        'evaluate every open claim for the date and propose notices (one letter per customer, calls and escalation decisions apart); a second run on the same date creates nothing',
      )
      .option('--date <date>', 'the day to run for (YYYY-MM-DD, default today)')
      .option('--dry-run', 'show what would be proposed, write nothing')
      .option('--json', 'print {"notices","claims","amountCents","byStage",…} as JSON'),
  ).action(async (options: TenantOption & { date?: string; dryRun?: boolean; json?: boolean }) => {
    const date = dateOption(options.date, '--date', () => localToday());
    const bar = progressBar(io, 'customers', options.json === true);
    let result;
    try {
      result = await withServiceContext(io, options, 'run dunning', (ctx, database) =>
        runDunning(ctx, database, {
          date,
          dryRun: options.dryRun ?? false,
          ...(bar ? { onProgress: bar.update } : {}),
        }),
      );
    } finally {
      bar?.stop();
    }
    if (options.json) {
      io.out(JSON.stringify(result) + '\n');
      return;
    }
    const money = (cents: number) => formatMoney(Money.of(cents), 'de');
    io.out(
      `Mahnlauf ${result.date}${result.dryRun ? ' (Probelauf, nichts gespeichert)' : ` — run ${result.runId}`}\n`,
    );
    const rows = Object.entries(result.byStage).map(([stage, s]) => [
      stage,
      String(s.notices),
      String(s.claims),
      money(s.amountCents),
    ]);
    rows.push(['total', String(result.notices), String(result.claims), money(result.amountCents)]);
    io.out(renderTable(['stage', 'notices', 'claims', 'amount'], rows, [false, true, true, true]) + '\n');
    const held = Object.entries(result.heldBack)
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([reason, n]) => `${reason} ${n}`);
    if (held.length > 0) io.out(`held back: ${held.join(', ')}\n`);
    const { promises, plans } = result;
    if (promises.kept + promises.broken + promises.reminders > 0) {
      io.out(
        `promises: ${promises.kept} kept, ${promises.broken} broken, ${promises.reminders} due today (tasks to follow up)\n`,
      );
    }
    if (result.instalmentReminders > 0) {
      io.out(`instalment reminders queued: ${result.instalmentReminders}\n`);
    }
    if (plans.completed + plans.accelerated > 0) {
      io.out(
        `instalment plans: ${plans.completed} completed, ${plans.accelerated} accelerated (dunning resumes)\n`,
      );
    }
    if (result.approvedAutomatically > 0) io.out(`approved automatically: ${result.approvedAutomatically}\n`);
    if (!result.dryRun && result.notices > 0 && result.approvedAutomatically < result.notices) {
      io.out(`review and approve: mahnwerk notices list · mahnwerk notices approve --all\n`);
    }
  });
}
