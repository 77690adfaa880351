/**
 * @module plan-command
 * `mahnwerk plan create|list|show|pdf|check|cancel`: instalment plans (Ratenzahlungsvereinbarungen),
 * optionally with agreed interest, and reminders by e-mail before each instalment.
 */
import { writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { formatMoney } from '../../domain/format-money.ts';
import { Money } from '../../domain/money.ts';
import {
  cancelInstalmentPlan,
  createInstalmentPlan,
  decideInstalmentPlans,
  getInstalmentPlan,
  instalmentAgreementPdf,
  type InstalmentPlanView,
  listPlans,
} from '../../services/instalment-plan-service.ts';
import { addTenantOption, type TenantOption, withServiceContext } from '../cli-context.ts';
import { CliUsageError } from '../cli-error.ts';
import type { CliIo } from '../main.ts';
import { dateOption, localToday, positiveIntegerOption } from '../parse-options.ts';
import { renderTable } from '../render-table.ts';

const eur = (cents: number) => formatMoney(Money.of(cents, 'EUR'), 'de');

/** `1m`, `3m` (months) or `14d` (days). */
function rhythmOption(value: string): { months: number } | { days: number } {
  const match = /^(\d{1,2})([md])$/.exec(value.trim());
  if (!match) throw new CliUsageError(`--every: expected e.g. 1m (monthly), 3m or 14d, got "${value}"`);
  const n = Number(match[1]);
  return match[2] === 'm' ? { months: n } : { days: n };
}

/** `5` → 5 days before each due date; `none` → no reminders. */
function reminderOption(value: string): number | null {
  if (value.trim() === 'none') return null;
  const days = Number(value);
  if (!Number.isInteger(days) || days < 0 || days > 30) {
    throw new CliUsageError(`--remind: expected 0 to 30 days or "none", got "${value}"`);
  }
  return days;
}

function printPlan(io: CliIo, plan: InstalmentPlanView): void {
  io.out(
    `plan ${plan.id} · ${plan.customerNumber} ${plan.customerName} · ${plan.status}` +
      `${plan.closedOn ? ` since ${plan.closedOn}` : ''} · agreed ${plan.agreedOn} · ` +
      `${eur(plan.totalCents)}, paid ${eur(plan.paidCents)}, open ${eur(plan.openCents)} · grace ${plan.graceDays} days\n`,
  );
  io.out(
    (plan.interest
      ? `interest ${plan.interest.ratePercent} % a year (${plan.interest.dayCount}) on the principal: ${eur(plan.interest.totalCents)}\n`
      : '') +
      (plan.reminderDaysBefore === null
        ? 'no reminders\n\n'
        : `reminders ${plan.reminderDaysBefore} days before each instalment to ${plan.customerEmail ?? '(no e-mail address: none sent)'}\n\n`),
  );
  io.out(
    renderTable(
      ['invoice', 'due', 'principal', 'costs', 'interest', 'total'],
      plan.claims.map((c) => [
        c.invoiceNumber,
        c.dueDate,
        eur(c.openPrincipalCents),
        eur(c.costsCents),
        eur(c.interestCents),
        eur(c.totalCents),
      ]),
      [false, false, true, true, true, true],
    ) + '\n\n',
  );
  io.out(
    renderTable(
      ['no', 'due', 'amount', 'interest', 'paid'],
      plan.instalments.map((i) => [
        i.number === 0 ? 'down' : String(i.number),
        i.dueDate,
        eur(i.amountCents),
        eur(i.interestCents),
        eur(i.paidCents),
      ]),
      [true, false, true, true, true],
    ) + '\n',
  );
}

export function registerPlanCommand(program: Command, io: CliIo): void {
  const plan = program.command('plan').description('instalment plans: agree, follow, print, cancel');
  addTenantOption(
    plan
      .command('create')
      .description(
        'agree an instalment plan for open claims of a customer; they are not dunned while it runs',
      )
      .requiredOption('--customer <number>', 'customer number')
      .option('--invoices <list>', 'comma-separated invoice numbers (default: all open claims)')
      .option('--date <date>', 'day of the agreement (default today)')
      .option('--down <amount>', 'down payment, due on the day of the agreement, e.g. 200.00')
      .option('--count <n>', 'number of instalments')
      .option('--amount <amount>', 'or: amount of each instalment (the last takes the rest)')
      .requiredOption('--first <date>', 'due date of the first instalment')
      .option('--every <rhythm>', '1m (monthly, default), 3m, 14d …', '1m')
      .option('--grace <days>', 'days an instalment may be late before the whole balance falls due', '14')
      .option(
        '--interest <percent>',
        'agreed interest a year on the principal still open, e.g. 5 (business only)',
      )
      .option('--remind <days>', 'e-mail reminder this many days before each instalment, or "none"', '5'),
  ).action(
    async (
      options: TenantOption & {
        customer: string;
        invoices?: string;
        date?: string;
        down?: string;
        count?: string;
        amount?: string;
        first: string;
        every: string;
        grace: string;
        interest?: string;
        remind: string;
      },
    ) => {
      const agreedOn = dateOption(options.date, '--date', () => localToday());
      const firstDueDate = dateOption(options.first, '--first', () => localToday());
      const created = await withServiceContext(io, options, 'plan create', (ctx) =>
        createInstalmentPlan(ctx, {
          customerNumber: options.customer,
          ...(options.invoices ? { invoiceNumbers: options.invoices.split(',').map((n) => n.trim()) } : {}),
          agreedOn,
          ...(options.down ? { downPayment: options.down } : {}),
          ...(options.count ? { count: positiveIntegerOption(options.count, '--count') } : {}),
          ...(options.amount ? { amountPerInstalment: options.amount } : {}),
          firstDueDate,
          rhythm: rhythmOption(options.every),
          graceDays: Number.parseInt(options.grace, 10),
          ...(options.interest ? { interestRatePercent: options.interest } : {}),
          reminderDaysBefore: reminderOption(options.remind),
        }),
      );
      printPlan(io, created);
      io.out(`print the agreement: mahnwerk plan pdf ${created.id} -o vereinbarung.pdf\n`);
    },
  );
  addTenantOption(
    plan
      .command('list')
      .description('instalment plans, newest first')
      .option('--customer <number>', 'only this customer')
      .option('--status <status>', 'active, completed, accelerated or cancelled (default: all)')
      .option('--json', 'print JSON'),
  ).action(async (options: TenantOption & { customer?: string; status?: string; json?: boolean }) => {
    const statuses = ['active', 'completed', 'accelerated', 'cancelled'] as const;
    const status = statuses.find((s) => s === options.status);
    if (options.status !== undefined && !status) {
      throw new CliUsageError(`--status: expected ${statuses.join(', ')}, got "${options.status}"`);
    }
    const rows = await withServiceContext(io, options, 'plan list', (ctx) =>
      listPlans(ctx, {
        ...(options.customer ? { customerNumber: options.customer } : {}),
        ...(status ? { statuses: [status] } : {}),
      }),
    );
    if (options.json) return io.out(JSON.stringify(rows) + '\n');
    if (rows.length === 0) return io.out('no instalment plans\n');
    io.out(
      renderTable(
        ['id', 'customer', 'status', 'agreed', 'total', 'paid', 'open', 'next due'],
        rows.map((r) => [
          String(r.id),
          `${r.customerNumber} ${r.customerName}`,
          r.status,
          r.agreedOn,
          eur(r.totalCents),
          eur(r.paidCents),
          eur(r.openCents),
          r.status === 'active' && r.standing.next
            ? `${r.standing.next.dueDate} ${eur(r.standing.next.openCents)}`
            : '',
        ]),
        [true, false, false, false, true, true, true, false],
      ) + '\n',
    );
  });
  addTenantOption(
    plan
      .command('show')
      .description('a plan with its claims and its schedule covered by the payments so far')
      .argument('<id>', 'plan id')
      .option('--date <date>', 'as of this day (default today)')
      .option('--json', 'print JSON'),
  ).action(async (id: string, options: TenantOption & { date?: string; json?: boolean }) => {
    const planId = positiveIntegerOption(id, '<id>');
    const asOf = dateOption(options.date, '--date', () => localToday());
    const view = await withServiceContext(io, options, 'plan show', (ctx) =>
      getInstalmentPlan(ctx, planId, asOf),
    );
    if (options.json) return io.out(JSON.stringify(view) + '\n');
    printPlan(io, view);
  });
  addTenantOption(
    plan
      .command('pdf')
      .description('the agreement as a letter to sign, with the EPC QR code for the next instalment')
      .argument('<id>', 'plan id')
      .requiredOption('-o, --out <file>', 'PDF file to write')
      .option('--date <date>', 'schedule as of this day (default today)'),
  ).action(async (id: string, options: TenantOption & { out: string; date?: string }) => {
    const planId = positiveIntegerOption(id, '<id>');
    const asOf = dateOption(options.date, '--date', () => localToday());
    const pdf = await withServiceContext(io, options, 'plan pdf', (ctx) =>
      instalmentAgreementPdf(ctx, planId, asOf),
    );
    writeFileSync(options.out, pdf);
    io.out(`${options.out}: instalment agreement ${planId} (${pdf.byteLength} bytes)\n`);
  });
  addTenantOption(
    plan
      .command('check')
      .description(
        'decide the active plans: completed, or accelerated after a missed instalment, and queue the e-mail reminders (the daily run does this too)',
      )
      .option('--date <date>', 'day to decide on (default today)'),
  ).action(async (options: TenantOption & { date?: string }) => {
    const today = dateOption(options.date, '--date', () => localToday());
    const result = await withServiceContext(io, options, 'plan check', (ctx) =>
      decideInstalmentPlans(ctx, today),
    );
    io.out(
      `${result.completed} completed, ${result.accelerated} accelerated, ${result.reminders} reminder(s) queued\n`,
    );
  });
  addTenantOption(
    plan
      .command('cancel')
      .description('end an active plan by agreement; its claims are dunned again')
      .argument('<id>', 'plan id')
      .requiredOption('--reason <text>', 'why')
      .option('--date <date>', 'day (default today)'),
  ).action(async (id: string, options: TenantOption & { reason: string; date?: string }) => {
    const planId = positiveIntegerOption(id, '<id>');
    const on = dateOption(options.date, '--date', () => localToday());
    await withServiceContext(io, options, 'plan cancel', (ctx) =>
      cancelInstalmentPlan(ctx, planId, options.reason, on),
    );
    io.out(`plan ${planId} cancelled\n`);
  });
}
