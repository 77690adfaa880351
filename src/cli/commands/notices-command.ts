/**
 * @module notices-command
 * `mahnwerk notices list|approve|cancel`: review the proposals of a run.
 */
import type { Command } from 'commander';
import { formatMoney } from '../../domain/format-money.ts';
import { Money } from '../../domain/money.ts';
import { approveNotices, cancelNotice, listNotices } from '../../services/notice-service.ts';
import { CliUsageError } from '../cli-error.ts';
import { addTenantOption, type TenantOption, withServiceContext } from '../cli-context.ts';
import type { CliIo } from '../main.ts';
import { positiveIntegerOption } from '../parse-options.ts';
import { renderTable } from '../render-table.ts';

const STATUSES = ['proposed', 'approved', 'sent', 'cancelled'] as const;

export function registerNoticesCommand(program: Command, io: CliIo): void {
  const notices = program.command('notices').description('review, approve and cancel proposed notices');
  addTenantOption(
    notices
      .command('list')
      .description('list notices by status (default: proposed)')
      .option('--status <status>', `one of ${STATUSES.join(', ')}`, 'proposed')
      .option('--json', 'print JSON'),
  ).action(async (options: TenantOption & { status: string; json?: boolean }) => {
    if (!(STATUSES as readonly string[]).includes(options.status)) {
      throw new CliUsageError(`--status: expected one of ${STATUSES.join(', ')}, got "${options.status}"`);
    }
    const rows = await withServiceContext(io, options, 'notices list', (ctx) =>
      listNotices(ctx, options.status as (typeof STATUSES)[number]),
    );
    if (options.json) {
      io.out(JSON.stringify(rows) + '\n');
      return;
    }
    io.out(
      renderTable(
        ['id', 'customer', 'stage', 'channel', 'issued', 'deadline', 'fee', 'total'],
        rows.map((n) => [
          String(n.id),
          String(n.customerId),
          n.stageKey,
          n.channel,
          n.issuedOn,
          n.paymentDeadline ?? '—',
          formatMoney(Money.of(n.feeCents), 'de'),
          formatMoney(Money.of(n.totalCents), 'de'),
        ]),
        [true, true, false, false, false, false, true, true],
      ) + '\n',
    );
  });
  addTenantOption(
    notices
      .command('approve')
      .description('approve proposals: they count as sent and are queued for delivery')
      .argument('[ids...]', 'notice ids')
      .option('--all', 'approve every proposal')
      .option('--run <id>', 'with --all: only the proposals of this run'),
  ).action(async (ids: string[], options: TenantOption & { all?: boolean; run?: string }) => {
    if (!options.all && ids.length === 0) throw new CliUsageError('give notice ids or --all');
    const noticeIds = ids.map((id) => positiveIntegerOption(id, 'ids'));
    const runId = options.run ? positiveIntegerOption(options.run, '--run') : undefined;
    const count = await withServiceContext(io, options, 'notices approve', (ctx) =>
      approveNotices(ctx, { noticeIds, all: options.all ?? false, ...(runId ? { runId } : {}) }),
    );
    io.out(`approved ${count} notice(s)\n`);
  });
  addTenantOption(
    notices
      .command('cancel')
      .description('cancel a proposal, with a reason')
      .argument('<id>', 'notice id')
      .requiredOption('--reason <text>', 'why it should not go out'),
  ).action(async (id: string, options: TenantOption & { reason: string }) => {
    const noticeId = positiveIntegerOption(id, 'id');
    await withServiceContext(io, options, 'notices cancel', (ctx) =>
      cancelNotice(ctx, noticeId, options.reason),
    );
    io.out(`cancelled notice ${noticeId}\n`);
  });
}
