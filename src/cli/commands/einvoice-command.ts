/**
 * @module einvoice-command
 * E-invoices: `einvoice parse FILE` prints an XRechnung / ZUGFeRD / Factur-X invoice (XML, or a PDF
 * with the XML embedded) as read, without touching the database.
 */
import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { formatMoney } from '../../domain/format-money.ts';
import { Money } from '../../domain/money.ts';
import { type EInvoice, EInvoiceError, readEInvoice } from '../../formats/einvoice-read.ts';
import { CliUsageError } from '../cli-error.ts';
import { addTenantOption, type TenantOption, withServiceContext } from '../cli-context.ts';
import { importEInvoices } from '../../services/import-einvoices-service.ts';
import type { CliIo } from '../main.ts';

export function registerEInvoiceCommand(program: Command, io: CliIo): void {
  const einvoice = program
    .command('einvoice')
    .description('e-invoices (XRechnung UBL/CII, ZUGFeRD/Factur-X)');
  einvoice
    .command('parse')
    .description('print an e-invoice as read, without storing anything')
    .argument('<file>', 'UBL or CII XML, or a PDF with the XML embedded')
    .option('--json', 'print the normalised JSON')
    .action(async (file: string, options: { json?: boolean }) => {
      let bytes: Uint8Array;
      try {
        bytes = readFileSync(file);
      } catch (error) {
        throw new CliUsageError(
          `${file}: cannot read: ${(error as NodeJS.ErrnoException).code ?? String(error)}`,
        );
      }
      let invoice: EInvoice;
      try {
        invoice = await readEInvoice(bytes, file);
      } catch (error) {
        if (error instanceof EInvoiceError) throw new CliUsageError(error.message);
        throw error;
      }
      io.out(options.json ? JSON.stringify(invoice, null, 2) + '\n' : summarise(invoice));
    });
}

/** A few lines a person reads to check what was recognised. */
function summarise(invoice: EInvoice): string {
  const money = (cents: number) => formatMoney(Money.of(cents, invoice.currency), 'de');
  const kind = invoice.kind === 'credit-note' ? 'credit note' : 'invoice';
  const lines = [
    `${kind} ${invoice.number} (type ${invoice.typeCode}, ${invoice.syntax.toUpperCase()}${invoice.profile ? `, ${invoice.profile}` : ''})`,
    `issued ${invoice.issueDate}, due ${invoice.dueDate ?? '—'}`,
    `seller ${invoice.seller.name}${invoice.seller.vatId ? ` (${invoice.seller.vatId})` : ''}`,
    `buyer  ${invoice.buyer.name}${invoice.buyerReference ? `, buyer reference ${invoice.buyerReference}` : ''}`,
    `net ${money(invoice.netCents)}, VAT ${money(invoice.vatCents)}, total ${money(invoice.totalCents)}` +
      (invoice.prepaidCents !== 0 ? `, prepaid ${money(invoice.prepaidCents)}` : '') +
      `, payable ${money(invoice.payableCents)}`,
    `${invoice.lines.length} line${invoice.lines.length === 1 ? '' : 's'}`,
  ];
  for (const offer of invoice.skonto) {
    lines.push(
      `Skonto ${offer.percent} % within ${offer.days} days${offer.baseCents !== null ? ` on ${money(offer.baseCents)}` : ''}`,
    );
  }
  for (const means of invoice.paymentMeans) {
    const accounts = means.ibans.join(', ');
    lines.push(
      `payment means ${means.code}${accounts ? ` to ${accounts}` : ''}${means.remittanceInfo ? `, reference "${means.remittanceInfo}"` : ''}`,
    );
  }
  for (const warning of invoice.warnings) lines.push(`note: ${warning}`);
  return lines.join('\n') + '\n';
}

/** `import einvoice FILE…`: all files or none. */
export function registerEInvoiceImportCommand(importCommand: Command, io: CliIo): void {
  addTenantOption(
    importCommand
      .command('einvoice')
      .description(
        'import invoices and credit notes from XRechnung / ZUGFeRD / Factur-X files (XML or PDF), all or nothing; unknown buyers become customers',
      )
      .argument('<files...>', 'UBL or CII XML files, or PDFs with the XML embedded')
      .option('--json', 'print the result as JSON'),
  ).action(async (files: string[], options: TenantOption & { json?: boolean }) => {
    const loaded = files.map((file) => {
      try {
        return { fileName: file, bytes: new Uint8Array(readFileSync(file)) };
      } catch (error) {
        throw new CliUsageError(
          `${file}: cannot read: ${(error as NodeJS.ErrnoException).code ?? String(error)}`,
        );
      }
    });
    const results = await withServiceContext(io, options, 'import einvoice', (ctx) =>
      importEInvoices(ctx, loaded),
    );
    if (options.json) {
      io.out(JSON.stringify(results) + '\n');
      return;
    }
    for (const r of results) {
      const what = r.kind === 'credit-note' ? 'credit note' : 'invoice';
      const state = r.outcome === 'created' ? 'imported' : 'imported before, skipped';
      io.out(
        `${r.fileName}: ${what} ${r.number} ${state} — customer ${r.customerNumber}${r.customerCreated ? ' (new)' : ''}, ` +
          `total ${formatMoney(Money.of(r.totalCents), 'de')}, payable ${formatMoney(Money.of(r.payableCents), 'de')}` +
          `${r.dueDate ? `, due ${r.dueDate}` : ''}\n`,
      );
      for (const warning of r.warnings) io.out(`  note: ${warning}\n`);
    }
  });
}
