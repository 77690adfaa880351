/**
 * @module statement-command
 * Bank statements: `statement parse FILE` prints the normalised content without touching the
 * database; `import statement FILE` stores and books it; `payments review` lists what waits for a
 * person and `payments assign ID INVOICE…` books one by hand.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { formatMoney } from '../../domain/format-money.ts';
import { Money, parseAmount } from '../../domain/money.ts';
import { StatementFormatError } from '../../formats/bank-statement.ts';
import type { StatementEvent } from '../../formats/statement-events.ts';
import { type StatementCsvMapping, statementCsvMappingSchema } from '../../formats/statement-csv.ts';
import {
  assignBankTransaction,
  ignoreBankTransaction,
  listReviewQueue,
} from '../../services/payment-review-service.ts';
import { readStatementFile, type ReadStatementFileOptions } from '../../services/read-statement-file.ts';
import { importStatement } from '../../services/statement-import-service.ts';
import { generateDemoStatement } from '../../services/demo-statement-service.ts';
import { DEFAULT_TENANT_CODE } from '../../services/tenant-service.ts';
import { writeCamt053 } from '../../formats/camt-writer.ts';
import { dateOption, localToday, positiveIntegerOption } from '../parse-options.ts';
import { addTenantOption, type TenantOption, withServiceContext } from '../cli-context.ts';
import { CliUsageError } from '../cli-error.ts';
import type { CliIo } from '../main.ts';
import { progressBar } from '../progress-bar.ts';
import { renderTable } from '../render-table.ts';

interface ReadOptions {
  csvPreset?: string;
  csvMapping?: string;
}

function addReadOptions(command: Command): Command {
  return command
    .option(
      '--csv-preset <name>',
      'CSV layout: sparkasse, ing, dkb, generic (recognised from the header if omitted)',
    )
    .option('--csv-mapping <file>', 'CSV column mapping as JSON (field → header names), for other banks');
}

function readOptions(options: ReadOptions, file: string): ReadStatementFileOptions {
  let mapping: StatementCsvMapping | undefined;
  if (options.csvMapping) {
    let raw: unknown;
    try {
      raw = JSON.parse(readFileSync(options.csvMapping, 'utf8'));
    } catch (error) {
      throw new CliUsageError(
        `--csv-mapping ${options.csvMapping}: cannot read JSON: ${(error as Error).message}`,
      );
    }
    const parsed = statementCsvMappingSchema.safeParse(raw);
    if (!parsed.success) {
      const issues = parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`);
      throw new CliUsageError(`--csv-mapping ${options.csvMapping}: ${issues.join('; ')}`);
    }
    mapping = parsed.data;
  }
  return {
    displayName: file,
    ...(options.csvPreset ? { csvPreset: options.csvPreset } : {}),
    ...(mapping ? { csvMapping: mapping } : {}),
  };
}

function assertReadable(file: string): void {
  try {
    readFileSync(file, { flag: 'r' }).subarray(0, 0);
  } catch (error) {
    throw new CliUsageError(
      `${file}: cannot read: ${(error as NodeJS.ErrnoException).code ?? String(error)}`,
    );
  }
}

/**
 * Writes the events as the JSON document of the parse command, piece by piece: a statement of
 * 100,000 entries is never held as one string.
 */
async function writeJson(
  events: AsyncIterable<StatementEvent>,
  write: (text: string) => void,
): Promise<void> {
  let format = '';
  let statements = 0;
  let entries = 0;
  for await (const event of events) {
    if (event.kind === 'format') {
      format = event.format;
    } else if (event.kind === 'statement') {
      if (statements === 0) write(`{"format":${JSON.stringify(format)},"statements":[`);
      // The header is printed at the end: MT940 gives the closing balance only after the entries.
      write(`${statements > 0 ? ',' : ''}{"entries":[`);
      statements++;
      entries = 0;
    } else if (event.kind === 'entry') {
      write(`${entries > 0 ? ',' : ''}${JSON.stringify(event.entry)}`);
      entries++;
    } else {
      const { entries: _entries, ...rest } = event.statement;
      write(`],${JSON.stringify(rest).slice(1, -1)}}`);
    }
  }
  if (statements === 0) write(`{"format":${JSON.stringify(format)},"statements":[`);
  write(']}\n');
}

export function registerStatementCommands(program: Command, importCommand: Command, io: CliIo): void {
  const statement = program
    .command('statement')
    .description('bank statements (camt.052/053/054, MT940, CSV)');
  addReadOptions(
    statement
      .command('parse')
      .description('print a bank statement file as read, without storing anything')
      .argument('<file>', 'camt XML, ZIP of camt XML, MT940 or CSV')
      .option('--json', 'print the normalised JSON'),
  ).action(async (file: string, options: ReadOptions & { json?: boolean }) => {
    assertReadable(file);
    const events = readStatementFile(file, readOptions(options, file));
    try {
      if (options.json) {
        // Collected first so that a file failing half-way prints nothing but the error.
        const chunks: string[] = [];
        await writeJson(events, (text) => chunks.push(text));
        io.out(chunks.join(''));
        return;
      }
      await printStatement(events, io);
    } catch (error) {
      if (error instanceof StatementFormatError) throw new CliUsageError(error.message);
      throw error;
    }
  });

  addTenantOption(
    statement
      .command('demo')
      .description(
        "write a realistic camt.053 for the company's open invoices (typical remittance texts, typos, partial payments, Skonto, returns, other entries) to try import and matching",
      )
      .requiredOption('--out <file>', 'where to write the camt.053 XML')
      .option('--payments <n>', 'number of entries to generate', '300')
      .option('--date <date>', 'booking day (YYYY-MM-DD, default today)')
      .option('--seed <n>', 'seed of the generator', '1'),
  ).action(async (options: TenantOption & { out: string; payments: string; date?: string; seed: string }) => {
    const date = dateOption(options.date, '--date', () => localToday());
    const payments = positiveIntegerOption(options.payments, '--payments');
    const seed = positiveIntegerOption(options.seed, '--seed');
    const { statement: generated } = await withServiceContext(io, options, 'statement demo', (ctx) =>
      generateDemoStatement(ctx, { date, payments, seed }),
    );
    writeFileSync(
      options.out,
      [...writeCamt053(generated, { messageId: `DEMO-${date}`, createdAt: `${date}T18:00:00` })].join(''),
    );
    io.out(`${options.out}: camt.053.001.08 with ${generated.entries.length} entries for ${date}\n`);
    io.out(
      `next: mahnwerk import statement ${options.out}${options.tenant === DEFAULT_TENANT_CODE ? '' : ` --tenant ${options.tenant}`}\n`,
    );
  });

  addTenantOption(
    addReadOptions(
      importCommand
        .command('statement')
        .description(
          'import a bank statement: store new entries (a file imported before adds nothing), book matched payments, queue the rest for review',
        )
        .argument('<file>', 'camt XML, ZIP of camt XML, MT940 or CSV')
        .option('--account <iban>', 'the account, for CSV exports that do not name it')
        .option(
          '--tolerance <amount>',
          'shortfall written off on named invoices, e.g. 1.00 (default: company setting, else 1.00)',
        )
        .option('--json', 'print the result as JSON'),
    ),
  ).action(
    async (
      file: string,
      options: TenantOption & ReadOptions & { account?: string; tolerance?: string; json?: boolean },
    ) => {
      assertReadable(file);
      let toleranceCents: number | undefined;
      if (options.tolerance !== undefined) {
        try {
          toleranceCents = parseAmount(options.tolerance, 'EUR', '--tolerance').minor;
        } catch (error) {
          throw new CliUsageError((error as Error).message);
        }
        if (toleranceCents < 0) throw new CliUsageError('--tolerance: must not be negative');
      }
      const bar = progressBar(io, 'entries', options.json === true);
      let result;
      try {
        result = await withServiceContext(io, options, 'import statement', (ctx) =>
          importStatement(ctx, {
            path: file,
            ...readOptions(options, file),
            ...(options.account ? { accountIban: options.account } : {}),
            ...(toleranceCents !== undefined ? { toleranceCents } : {}),
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
      if (result.alreadyImported) {
        io.out(`${file}: imported before; nothing added\n`);
        return;
      }
      io.out(
        `${file} (${result.format}): ${result.entriesRead} entries read, ${result.entriesAdded} new` +
          (result.entriesRead > result.entriesAdded
            ? ` (${result.entriesRead - result.entriesAdded} known already)`
            : '') +
          '\n',
      );
      io.out(
        `booked ${result.booked} (${formatMoney(Money.of(result.bookedCents), 'de')}), ${result.returns} returns, ` +
          `${result.review} for review, ${result.parked} parked (payer unknown), ${result.ignored} not receivables\n`,
      );
      if (result.review + result.parked > 0) io.out('see: mahnwerk payments review\n');
    },
  );
}

async function printStatement(events: AsyncIterable<StatementEvent>, io: CliIo): Promise<void> {
  let rows: string[][] = [];
  for await (const event of events) {
    if (event.kind === 'format') io.out(`format ${event.format}\n`);
    else if (event.kind === 'statement') rows = [];
    else if (event.kind === 'entry') {
      const e = event.entry;
      for (const t of e.transactions) {
        const cents = t.amountCents ?? e.amountCents;
        const amount = formatMoney(Money.of(e.direction === 'debit' ? -cents : cents, t.currency), 'de');
        rows.push([
          e.bookingDate,
          amount + (e.reversal ? ' (Storno)' : ''),
          t.counterparty.name ?? '',
          [t.creditorReference, ...t.remittance].filter(Boolean).join(' ').slice(0, 60),
        ]);
      }
    } else {
      const s = event.statement;
      const money = (cents: number | null) =>
        cents === null ? '—' : formatMoney(Money.of(cents, s.account.currency ?? 'EUR'), 'de');
      io.out(
        `\nstatement ${s.id}  account ${s.account.iban ?? '—'}  opening ${money(s.openingBalanceCents)}  closing ${money(s.closingBalanceCents)}\n`,
      );
      io.out(
        renderTable(['booked', 'amount', 'counterparty', 'remittance'], rows, [false, true, false, false]) +
          '\n',
      );
    }
  }
}

export function registerPaymentReviewCommands(payment: Command, io: CliIo): void {
  addTenantOption(
    payment
      .command('review')
      .description('bank transactions waiting for a person, with ranked suggestions')
      .option('--json', 'print JSON'),
  ).action(async (options: TenantOption & { json?: boolean }) => {
    const items = await withServiceContext(io, options, 'payments review', (ctx) => listReviewQueue(ctx));
    if (options.json) {
      io.out(JSON.stringify(items) + '\n');
      return;
    }
    if (items.length === 0) {
      io.out('nothing to review\n');
      return;
    }
    for (const item of items) {
      const amount = formatMoney(
        Money.of(item.direction === 'debit' ? -item.amountCents : item.amountCents, item.currency),
        'de',
      );
      io.out(
        `#${item.id}  ${item.bookingDate}  ${amount}  ${item.payerName ?? '(no name)'}  ${item.payerIban ?? ''}\n`,
      );
      io.out(`    "${item.remittance}"\n    ${item.status}: ${item.reason.join('; ')}\n`);
      for (const s of item.suggestions) {
        const invoices = (s.invoiceNumbers as string[]).join(' ') || '(oldest first)';
        io.out(
          `    ${String(s.confidence).padStart(3)} %  ${s.customerNumber} ${s.customerName}  ${invoices}  — ${(s.evidence as string[]).join(', ')}\n`,
        );
      }
    }
  });

  addTenantOption(
    payment
      .command('assign')
      .description('book a transaction from the review queue against invoices (in the order named)')
      .argument('<id>', 'the transaction id shown by payments review')
      .argument('[invoices...]', 'invoice numbers')
      .option('--customer <number>', 'the customer, when no invoice is named (allocated oldest first)')
      .option('--json', 'print JSON'),
  ).action(
    async (id: string, invoices: string[], options: TenantOption & { customer?: string; json?: boolean }) => {
      const transactionId = transactionIdOf(id);
      const result = await withServiceContext(io, options, 'payments assign', (ctx) =>
        assignBankTransaction(ctx, {
          transactionId,
          invoiceNumbers: invoices,
          ...(options.customer ? { customerNumber: options.customer } : {}),
        }),
      );
      if (options.json) {
        io.out(JSON.stringify({ paymentId: result.payment.id, creditCents: result.credit.minor }) + '\n');
        return;
      }
      io.out(
        `booked as payment ${result.payment.id}${result.credit.isPositive() ? `, credit ${formatMoney(result.credit, 'de')}` : ''}\n`,
      );
    },
  );

  addTenantOption(
    payment
      .command('ignore')
      .description('take a transaction out of the review queue: not a customer payment')
      .argument('<id>', 'the transaction id shown by payments review')
      .requiredOption('--reason <text>', 'why, for the record'),
  ).action(async (id: string, options: TenantOption & { reason: string }) => {
    const transactionId = transactionIdOf(id);
    await withServiceContext(io, options, 'payments ignore', (ctx) =>
      ignoreBankTransaction(ctx, transactionId, options.reason),
    );
    io.out(`#${transactionId} set aside\n`);
  });
}

function transactionIdOf(id: string): number {
  const value = Number(id.replace(/^#/, ''));
  if (!Number.isSafeInteger(value) || value <= 0) {
    throw new CliUsageError(`<id>: expected the number shown by payments review, got "${id}"`);
  }
  return value;
}
