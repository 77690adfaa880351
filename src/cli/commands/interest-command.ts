/**
 * @module interest-command
 * `mahnwerk interest`: default interest by hand, without a database, so anyone can check the numbers.
 */
import { readFileSync } from 'node:fs';
import { type Command, Option } from 'commander';
import { GERMAN_BASE_RATES, mergeBaseRates, parseBaseRateCsv } from '../../domain/base-rates.ts';
import { type CalendarDate, formatCalendarDate, parseCalendarDate } from '../../domain/calendar-date.ts';
import { DAY_COUNT_CONVENTIONS, type DayCountConvention } from '../../domain/day-count.ts';
import {
  computeDefaultInterest,
  DEBTOR_KINDS,
  type DebtorKind,
  type DefaultInterest,
} from '../../domain/default-interest.ts';
import { isDomainError } from '../../domain/domain-error.ts';
import { explainDefaultInterest } from '../../domain/explain-default-interest.ts';
import { formatMoney, LANGUAGES, type Language } from '../../domain/format-money.ts';
import { parseAmount } from '../../domain/money.ts';
import { formatPercent, parsePercent } from '../../domain/percent.ts';
import { CliUsageError } from '../cli-error.ts';
import type { CliIo } from '../main.ts';
import { renderTable } from '../render-table.ts';

interface InterestOptions {
  principal: string;
  from: string;
  to: string;
  debtor: string;
  contractDate?: string;
  payment: string[];
  rate?: string;
  dayCount: string;
  currency: string;
  baseRates?: string;
  json?: boolean;
  lang: string;
}

function oneOf<T extends string>(value: string, allowed: readonly T[], option: string): T {
  if (!(allowed as readonly string[]).includes(value)) {
    throw new CliUsageError(`${option}: expected ${allowed.join(' or ')}, got "${value}"`);
  }
  return value as T;
}

/** Re-labels a domain validation error with the option the user typed. */
function withOption<T>(option: string | ((error: unknown) => string), parse: () => T): T {
  try {
    return parse();
  } catch (error) {
    const message = error instanceof Error ? error.message.replace(/^[\w. ]+: /, '') : String(error);
    throw new CliUsageError(`${typeof option === 'string' ? option : option(error)}: ${message}`);
  }
}

/** The option behind an error of the computation, by the error's path (principal, payments, contractualRate). */
function optionOfComputeError(error: unknown): string {
  const path = isDomainError(error) ? (error.path ?? '') : '';
  if (path === 'principal') return '--principal';
  if (path === 'contractualRate') return '--rate';
  if (path.startsWith('payments')) return '--payment';
  // What is left is a missing Basiszinssatz: the first day of default lies before the table.
  return '--from';
}

export function interestToJson(result: DefaultInterest) {
  return {
    currency: result.principal.currency,
    principalCents: result.principal.minor,
    interestCents: result.interest.minor,
    flatFeeCents: result.flatFee.minor,
    segments: result.segments.map((s) => ({
      from: s.from,
      to: s.to,
      days: s.days,
      baseRatePercent: s.baseRate === null ? null : formatPercent(s.baseRate),
      ratePercent: formatPercent(s.rate),
      principalCents: s.principal.minor,
      interestCents: s.interest.minor,
      yearFraction: s.yearFraction,
    })),
    from: result.from,
    to: result.to,
    rateBasis: result.rateBasis,
    dayCount: result.dayCount,
  };
}

function renderInterest(result: DefaultInterest, language: Language): string {
  const de = language === 'de';
  const percent = (p: Parameters<typeof formatPercent>[0]) => {
    const text = formatPercent(p);
    return `${de ? text.replace('.', ',') : text} %`;
  };
  const date = (d: CalendarDate) => formatCalendarDate(d, language);
  const header = de
    ? ['von', 'bis', 'Tage', 'Basiszins', 'Zinssatz', 'Hauptforderung', 'Zinsen']
    : ['from', 'to', 'days', 'base rate', 'rate', 'principal', 'interest'];
  const rows = result.segments.map((s) => [
    date(s.from),
    date(s.to),
    String(s.days),
    s.baseRate === null ? '—' : percent(s.baseRate),
    percent(s.rate),
    formatMoney(s.principal, language),
    formatMoney(s.interest, language),
  ]);
  const table = renderTable(header, rows, [false, false, true, true, true, true, true]);
  const explanation = explainDefaultInterest(result, language);
  return (
    [explanation[0], explanation[1], '', table, '', ...explanation.slice(2 + result.segments.length)].join(
      '\n',
    ) + '\n'
  );
}

export function registerInterestCommand(program: Command, io: CliIo): void {
  program
    .command('interest')
    .description(
      'compute statutory default interest (§§288, 289 BGB) for a claim, without a database; interest accrues for every day d with from <= d < to',
    )
    .requiredOption('--principal <amount>', 'open principal, e.g. 1000.00')
    .requiredOption('--from <date>', 'first day of default (YYYY-MM-DD)')
    .requiredOption('--to <date>', 'day the money is credited, excluded (YYYY-MM-DD)')
    .addOption(new Option('--debtor <kind>', 'debtor kind').choices(DEBTOR_KINDS).makeOptionMandatory())
    .option(
      '--contract-date <date>',
      'day the obligation arose; before 2014-07-29: +8 pp and no flat fee (default: --from)',
    )
    .option(
      '--payment <date:amount>',
      'a payment that reduces the principal from that day on, e.g. 2024-03-01:300.00 (repeatable)',
      (value: string, previous: string[]) => [...previous, value],
      [],
    )
    .option('--rate <percent>', 'contractual rate per year instead of the statutory one (§288 Abs. 3 BGB)')
    .addOption(
      new Option('--day-count <convention>', 'day count').choices(DAY_COUNT_CONVENTIONS).default('act/365'),
    )
    .option('--currency <code>', 'currency of the amounts', 'EUR')
    .option(
      '--base-rates <file>',
      'CSV with extra Basiszinssatz rows (valid_from,rate_percent) that add to or replace the built-in ones',
    )
    .option('--json', 'print one JSON object')
    .addOption(new Option('--lang <language>', 'language of the table').choices(LANGUAGES).default('de'))
    .action((options: InterestOptions) => {
      const currency = options.currency.toUpperCase();
      const principal = withOption('--principal', () => parseAmount(options.principal, currency));
      const from = withOption('--from', () => parseCalendarDate(options.from));
      const to = withOption('--to', () => parseCalendarDate(options.to));
      if (to < from) throw new CliUsageError(`--to: ${to} lies before --from ${from}`);
      const debtorKind = oneOf<DebtorKind>(options.debtor, DEBTOR_KINDS, '--debtor');
      const dayCount = oneOf<DayCountConvention>(options.dayCount, DAY_COUNT_CONVENTIONS, '--day-count');
      const language = oneOf<Language>(options.lang, LANGUAGES, '--lang');
      const obligationDate = options.contractDate
        ? withOption('--contract-date', () => parseCalendarDate(options.contractDate as string))
        : undefined;
      const payments = options.payment.map((text) => {
        const match = /^(\d{4}-\d{2}-\d{2}):(.+)$/.exec(text.trim());
        if (!match)
          throw new CliUsageError(`--payment: expected DATE:AMOUNT like 2024-03-01:300.00, got "${text}"`);
        const date = withOption('--payment', () => parseCalendarDate(match[1] as string));
        if (date >= to)
          throw new CliUsageError(
            `--payment: ${date} is not before --to ${to}, so it changes no interest day`,
          );
        const amount = withOption('--payment', () => parseAmount(match[2] as string, currency));
        if (!amount.isPositive())
          throw new CliUsageError(`--payment: the amount must be positive, got "${match[2]}"`);
        return { date, amount };
      });
      const contractualRate = options.rate
        ? withOption('--rate', () => parsePercent(options.rate as string))
        : undefined;
      let baseRates = GERMAN_BASE_RATES;
      if (options.baseRates) {
        const file = options.baseRates;
        let text: string;
        try {
          text = readFileSync(file, 'utf8');
        } catch (error) {
          throw new CliUsageError(
            `--base-rates: cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`,
          );
        }
        baseRates = mergeBaseRates(GERMAN_BASE_RATES, parseBaseRateCsv(text, file));
      }
      const result = withOption(optionOfComputeError, () =>
        computeDefaultInterest({
          principal,
          from,
          to,
          debtorKind,
          dayCount,
          baseRates,
          principalPayments: payments,
          ...(obligationDate ? { obligationDate } : {}),
          ...(contractualRate ? { contractualRate } : {}),
        }),
      );
      io.out(options.json ? JSON.stringify(interestToJson(result)) + '\n' : renderInterest(result, language));
    });
}
