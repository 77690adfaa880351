/**
 * @module risk-command
 * `mahnwerk risk show CUSTOMER`: a customer's risk score with the facts that moved it, payment
 * behaviour, exposure against the credit limit and the suggested limit. `mahnwerk risk list`: the
 * customers with open items, riskiest first, and those above their credit limit. `mahnwerk risk
 * forecast`: the cash expected week by week. `mahnwerk risk settings`: whether orders and invoices
 * above a customer's credit limit are warned about or refused.
 */
import { type Command, Option } from 'commander';
import { RISK_BANDS, type RiskBand } from '../../domain/credit-risk.ts';
import { formatMoney } from '../../domain/format-money.ts';
import { Money } from '../../domain/money.ts';
import { cashForecast, DEFAULT_FORECAST_WEEKS } from '../../services/cash-forecast-service.ts';
import {
  CREDIT_LIMIT_MODES,
  type CreditLimitMode,
  getCreditLimitSettings,
  updateCreditLimitSettings,
} from '../../services/company-service.ts';
import { customerRisk, riskList } from '../../services/credit-risk-service.ts';
import { addTenantOption, type TenantOption, withServiceContext } from '../cli-context.ts';
import type { CliIo } from '../main.ts';
import { dateOption, localToday, positiveIntegerOption } from '../parse-options.ts';
import { renderTable } from '../render-table.ts';

const eur = (cents: number) => formatMoney(Money.of(cents), 'de');
const eurOrDash = (cents: number | null) => (cents === null ? '—' : eur(cents));

interface DatedOptions extends TenantOption {
  date?: string;
  json?: boolean;
}

export function registerRiskCommand(program: Command, io: CliIo): void {
  const risk = program
    .command('risk')
    .description('credit risk: scores with their reasons, credit limits, the cash forecast');

  addTenantOption(
    risk
      .command('show')
      .description(
        'a customer’s risk score (0 safe … 100 risky) with the facts that moved it, and a suggested limit',
      )
      .argument('<customer>', 'customer number')
      .option('--date <date>', 'as of this day (YYYY-MM-DD, default today)')
      .option('--json', 'print the assessment as JSON'),
  ).action(async (customerNumber: string, options: DatedOptions) => {
    const asOf = dateOption(options.date, '--date', () => localToday());
    const r = await withServiceContext(io, options, 'risk show', (ctx) =>
      customerRisk(ctx, { number: customerNumber }, asOf),
    );
    if (options.json) {
      io.out(JSON.stringify(r) + '\n');
      return;
    }
    const b = r.behaviour;
    io.out(
      `${r.customer.number} ${r.customer.name} — risk ${r.score} of 100 (${r.band}), as of ${r.asOf}\n\n`,
    );
    io.out(
      renderTable(
        ['factor', 'points', 'why'],
        [
          ...r.factors.map((f) => [f.label, `${f.points}/${f.maxPoints}`, f.detail]),
          ['score', String(r.score), ''],
        ],
        [false, true, false],
      ) + '\n\n',
    );
    io.out(
      `behaviour  ${b.invoicesWithRecord} invoices with a record (${b.invoicesSettled} settled, ${b.invoicesOverdue} overdue): ` +
        `${b.averageDaysLate} days late on average, ${b.weightedDaysLate} weighted by amount, ${b.shareLatePercent} % late\n`,
    );
    io.out(
      `overdue    ${eur(b.overdueCents)}${b.invoicesOverdue > 0 ? ` (oldest ${b.oldestOverdueDays} days past due)` : ''}\n`,
    );
    const x = r.exposure;
    io.out(
      `exposure   ${eur(x.openClaimsCents)} open + ${eur(x.openOrdersCents)} ordered = ${eur(x.totalCents)}` +
        (x.creditLimitCents === null
          ? ', no credit limit\n'
          : ` of the limit ${eur(x.creditLimitCents)}${x.usedPercent === null ? '' : ` (${x.usedPercent} %)`}` +
            `${x.overLimitCents > 0 ? `, ${eur(x.overLimitCents)} ABOVE IT` : ''}\n`),
    );
    io.out(`suggested  ${eurOrDash(r.suggestedLimit.cents)} — ${r.suggestedLimit.detail}\n`);
    io.out(
      `forecast   pays ${r.expectation.typicalDaysLate} days after the due date; ${r.expectation.probabilityPercent} % of a claim expected\n`,
    );
  });

  addTenantOption(
    risk
      .command('list')
      .description('customers with open items, riskiest first, and the customers above their credit limit')
      .option('--date <date>', 'as of this day (YYYY-MM-DD, default today)')
      .addOption(new Option('--band <band>', 'only customers in this band').choices([...RISK_BANDS]))
      .option('--limit <n>', 'at most this many customers (default 100)')
      .option('--json', 'print {"items":[…],"alerts":[…],…} as JSON'),
  ).action(async (options: DatedOptions & { band?: RiskBand; limit?: string }) => {
    const asOf = dateOption(options.date, '--date', () => localToday());
    const limit = options.limit === undefined ? undefined : positiveIntegerOption(options.limit, '--limit');
    const list = await withServiceContext(io, options, 'risk list', (ctx) =>
      riskList(ctx, asOf, {
        ...(limit === undefined ? {} : { limit }),
        ...(options.band ? { band: options.band } : {}),
      }),
    );
    if (options.json) {
      io.out(JSON.stringify(list) + '\n');
      return;
    }
    io.out(
      `Risk as of ${list.asOf}: ${list.customers} customers with open items — ` +
        `${RISK_BANDS.map((band) => `${band} ${list.bands[band]}`).join(', ')}\n`,
    );
    if (list.items.length > 0) {
      io.out(
        renderTable(
          [
            'customer',
            'name',
            'score',
            'band',
            'days late',
            'overdue',
            'exposure',
            'limit',
            'suggested',
            'main factors',
          ],
          list.items.map((i) => [
            i.customerNumber,
            i.name,
            String(i.score),
            i.band,
            String(i.averageDaysLate),
            eur(i.overdueCents),
            eur(i.exposureCents),
            eurOrDash(i.creditLimitCents),
            eurOrDash(i.suggestedLimitCents),
            i.topFactors.map((f) => `${f.label} ${f.points}`).join(', '),
          ]),
          [false, false, true, false, true, true, true, true, true, false],
        ) + '\n',
      );
    }
    if (list.alerts.length === 0) {
      io.out('No customer is above its credit limit.\n');
      return;
    }
    io.out(`\nAbove their credit limit (${list.alerts.length}):\n`);
    io.out(
      renderTable(
        ['customer', 'name', 'limit', 'open', 'ordered', 'exposure', 'above by'],
        list.alerts.map((a) => [
          a.customerNumber,
          a.name,
          eur(a.creditLimitCents),
          eur(a.openClaimsCents),
          eur(a.openOrdersCents),
          eur(a.exposureCents),
          eur(a.overLimitCents),
        ]),
        [false, false, true, true, true, true, true],
      ) + '\n',
    );
  });

  addTenantOption(
    risk
      .command('forecast')
      .description(
        'cash expected per week (ISO weeks) from due dates and each customer’s payment behaviour; instalment plans by their instalments, disputed and handed-over claims apart',
      )
      .option('--weeks <n>', `how many weeks (1 to 104, default ${DEFAULT_FORECAST_WEEKS})`)
      .option('--date <date>', 'the first day (YYYY-MM-DD, default today); its week runs to Sunday')
      .option('--json', 'print the forecast as JSON'),
  ).action(async (options: DatedOptions & { weeks?: string }) => {
    const start = dateOption(options.date, '--date', () => localToday());
    const weeks =
      options.weeks === undefined ? DEFAULT_FORECAST_WEEKS : positiveIntegerOption(options.weeks, '--weeks');
    const f = await withServiceContext(io, options, 'risk forecast', (ctx) =>
      cashForecast(ctx, start, { weeks }),
    );
    if (options.json) {
      io.out(JSON.stringify(f) + '\n');
      return;
    }
    io.out(`Cash forecast from ${f.start} to ${f.end} (${f.weeks.length} weeks)\n`);
    io.out(
      renderTable(
        ['week', 'from', 'to', 'expected', 'of it overdue', 'of it instalments', 'items'],
        [
          ...f.weeks.map((w) => [
            w.week,
            w.from,
            w.to,
            eur(w.expectedCents),
            eur(w.overdueCents),
            eur(w.instalmentCents),
            String(w.items),
          ]),
          ['total', '', '', eur(f.expectedCents), '', '', ''],
        ],
        [false, false, false, true, true, true, true],
      ) + '\n',
    );
    io.out(`later        ${eur(f.laterCents)} expected after ${f.end}\n`);
    io.out(`doubtful     ${eur(f.doubtfulCents)} not expected (by the customers' payment behaviour)\n`);
    io.out(`disputed     ${eur(f.disputedCents)}\n`);
    io.out(`handed over  ${eur(f.handedOverCents)}\n`);
    io.out(`open in all  ${eur(f.totalCents)} (${f.customers} customers, ${f.plans} instalment plans)\n`);
  });

  addTenantOption(
    risk
      .command('settings')
      .description('show or set what happens to an order or invoice above the customer’s credit limit')
      .addOption(
        new Option('--limit-mode <mode>', 'warn: made with a warning (default); block: refused').choices([
          ...CREDIT_LIMIT_MODES,
        ]),
      )
      .option('--json', 'print JSON'),
  ).action(async (options: TenantOption & { limitMode?: CreditLimitMode; json?: boolean }) => {
    const settings = await withServiceContext(io, options, 'risk settings', (ctx) =>
      options.limitMode === undefined
        ? getCreditLimitSettings(ctx)
        : updateCreditLimitSettings(ctx, { mode: options.limitMode }),
    );
    if (options.json) {
      io.out(JSON.stringify(settings) + '\n');
      return;
    }
    io.out(
      `credit limit  ${settings.mode}: ${
        settings.mode === 'warn'
          ? 'orders and invoices above a customer’s limit are made, with a warning on the customer’s timeline'
          : 'orders and invoices above a customer’s limit are refused'
      }\n`,
    );
  });
}
