/**
 * @module import-command
 * `mahnwerk import invoices FILE.csv`: open invoices and their customers from a CSV file, all or
 * nothing. A rejected file lists every error as `file:line:column: message` (exit code 2).
 */
import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { formatMoney } from '../../domain/format-money.ts';
import { Money } from '../../domain/money.ts';
import { DEFAULT_PAYMENT_DAYS, INVOICE_CSV_COLUMNS } from '../../formats/invoice-csv.ts';
import { importInvoices } from '../../services/import-invoices-service.ts';
import { addTenantOption, type TenantOption, withServiceContext } from '../cli-context.ts';
import { CliUsageError } from '../cli-error.ts';
import type { CliIo } from '../main.ts';

/** The columns for `--help`, from the same table the parser reads. */
export function describeInvoiceCsvColumns(): string {
  const lines = INVOICE_CSV_COLUMNS.map((c) => {
    const names = c.headers.join(' | ');
    return `  ${c.required ? '*' : ' '} ${names}${c.description ? `\n      ${c.description}` : ''}`;
  });
  return [
    '',
    'Columns (* required; header names in German or English, case does not matter):',
    ...lines,
    '',
    'Fields separated by ; or , (from the header line), RFC 4180 quotes; decimal comma or point;',
    `UTF-8 or Windows-1252. Without a due date the invoice is due after the payment days (default ${DEFAULT_PAYMENT_DAYS}).`,
    'All or nothing: one bad row and nothing is imported; every error is listed as file:line:column.',
    'Customers are matched by number; new ones are created, existing ones keep their master data.',
  ].join('\n');
}

export function registerImportCommand(program: Command, io: CliIo): Command {
  const command = program.command('import').description('import data from files');
  addTenantOption(
    command
      .command('invoices')
      .description('import open invoices and their customers from a CSV file, all or nothing')
      .argument('<file>', 'CSV file')
      .option('--json', 'print the result as JSON'),
  )
    .addHelpText('after', describeInvoiceCsvColumns())
    .action(async (file: string, options: TenantOption & { json?: boolean }) => {
      let bytes: Buffer;
      try {
        bytes = readFileSync(file);
      } catch (error) {
        throw new CliUsageError(
          `${file}: cannot read: ${(error as NodeJS.ErrnoException).code ?? String(error)}`,
        );
      }
      const result = await withServiceContext(io, options, 'import invoices', (ctx) =>
        importInvoices(ctx, { fileName: file, bytes }),
      );
      if (options.json) {
        io.out(JSON.stringify(result) + '\n');
        return;
      }
      const total = formatMoney(Money.of(result.totalCents, result.currency), 'de');
      const customers = result.customersCreated + result.customersMatched;
      io.out(
        `imported ${result.invoices} invoice${result.invoices === 1 ? '' : 's'} (${total}) for ${customers} customer${customers === 1 ? '' : 's'} (${result.customersCreated} new)\n`,
      );
      if (result.ignoredColumns.length > 0)
        io.out(`ignored columns (not read): ${result.ignoredColumns.join(', ')}\n`);
    });
  return command;
}
