/**
 * @module case-command
 * `mahnwerk case handover|list|show|file|remittance|close`: collection cases (Inkasso, lawyer);
 * `mahnwerk writeoff` (bad debt) and `mahnwerk settle` (Vergleich).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Command } from 'commander';
import { formatMoney } from '../../domain/format-money.ts';
import { Money } from '../../domain/money.ts';
import {
  caseFile,
  closeCollectionCase,
  type CollectionCaseView,
  getCollectionCase,
  handOverClaims,
  listCases,
  recordRemittance,
} from '../../services/collection-service.ts';
import { findCustomerOrFail } from '../../services/customer-service.ts';
import { settleClaims, type WrittenOff, writeOffClaims } from '../../services/write-off-service.ts';
import { addTenantOption, type TenantOption, withServiceContext } from '../cli-context.ts';
import { CliUsageError } from '../cli-error.ts';
import type { CliIo } from '../main.ts';
import { dateOption, localToday, positiveIntegerOption } from '../parse-options.ts';
import { renderTable } from '../render-table.ts';

const eur = (cents: number) => formatMoney(Money.of(cents, 'EUR'), 'de');
const list = (text: string | undefined) => (text ? text.split(',').map((n) => n.trim()) : undefined);

function printCase(io: CliIo, c: CollectionCaseView): void {
  io.out(
    `case ${c.id} · ${c.customerNumber} ${c.customerName} · ${c.kind} ${c.agencyName}` +
      `${c.agencyReference ? ` (${c.agencyReference})` : ''} · ${c.status}${c.closedOn ? ` since ${c.closedOn}` : ''}` +
      ` · handed over ${c.handedOverOn}: ${eur(c.handedOverCents)}, collected ${eur(c.collectedCents)}, ` +
      `forwarded ${eur(c.forwardedCents)}\n\n`,
  );
  io.out(
    renderTable(
      ['invoice', 'due', 'principal', 'costs', 'interest', 'total', 'now'],
      c.claims.map((x) => [
        x.invoiceNumber,
        x.dueDate,
        eur(x.principalCents),
        eur(x.costsCents),
        eur(x.interestCents),
        eur(x.totalCents),
        x.status,
      ]),
      [false, false, true, true, true, true, false],
    ) + '\n',
  );
  if (c.remittances.length > 0) {
    io.out(
      '\n' +
        renderTable(
          ['reported', 'collected', 'debtor costs', 'kept by agency', 'forwarded'],
          c.remittances.map((r) => [
            r.reportedOn,
            eur(r.collectedCents),
            eur(r.debtorCostsCents),
            eur(r.retainedCents),
            eur(r.forwardedCents),
          ]),
          [false, true, true, true, true],
        ) +
        '\n',
    );
  }
}

function printWrittenOff(io: CliIo, rows: readonly WrittenOff[]): void {
  if (rows.length === 0) return;
  io.out(
    renderTable(
      ['invoice', 'principal', 'costs', 'interest given up', 'VAT to correct (§ 17 UStG)'],
      rows.map((w) => [
        w.invoiceNumber,
        eur(w.principalCents),
        eur(w.costsCents),
        eur(w.interestCents),
        eur(w.vatCents),
      ]),
      [false, true, true, true, true],
    ) + '\n',
  );
}

export function registerCaseCommand(program: Command, io: CliIo): void {
  const collection = program
    .command('case')
    .description('collection cases: hand claims over to an agency or a lawyer, follow and close them');
  addTenantOption(
    collection
      .command('handover')
      .description("hand a customer's claims over; they are no longer dunned by the company")
      .argument('<customer>', 'customer number')
      .requiredOption('--agency <name>', 'the collection agency or the law firm')
      .option('--lawyer', 'a lawyer, not an agency')
      .option('--invoices <list>', 'comma-separated invoice numbers (default: all open claims that are due)')
      .option('--reference <text>', "the agency's file number")
      .option('--date <date>', 'day of the handover (default today)'),
  ).action(
    async (
      customer: string,
      options: TenantOption & {
        agency: string;
        lawyer?: boolean;
        invoices?: string;
        reference?: string;
        date?: string;
      },
    ) => {
      const handedOverOn = dateOption(options.date, '--date', () => localToday());
      const invoiceNumbers = list(options.invoices);
      const created = await withServiceContext(io, options, 'case handover', (ctx) =>
        handOverClaims(ctx, {
          customerNumber: customer,
          handedOverOn,
          agencyName: options.agency,
          kind: options.lawyer ? 'lawyer' : 'agency',
          ...(invoiceNumbers ? { invoiceNumbers } : {}),
          ...(options.reference ? { agencyReference: options.reference } : {}),
        }),
      );
      printCase(io, created);
      for (const left of created.leftOut) io.out(`left out: ${left.reason}\n`);
      io.out(`the case file: mahnwerk case file ${created.id} --out akte-${created.id}\n`);
    },
  );
  addTenantOption(
    collection
      .command('list')
      .description('collection cases, newest first')
      .option('--open', 'only cases the agency still works')
      .option('--customer <number>', 'only this customer')
      .option('--json', 'print JSON'),
  ).action(async (options: TenantOption & { open?: boolean; customer?: string; json?: boolean }) => {
    const rows = await withServiceContext(io, options, 'case list', async (ctx) =>
      listCases(ctx, {
        ...(options.open ? { open: true } : {}),
        ...(options.customer
          ? { customerId: (await findCustomerOrFail(ctx.db, ctx.tenantId, options.customer)).id }
          : {}),
      }),
    );
    if (options.json) return io.out(JSON.stringify(rows) + '\n');
    if (rows.length === 0) return io.out('no collection cases\n');
    io.out(
      renderTable(
        ['id', 'customer', 'agency', 'handed over', 'status', 'claims', 'amount', 'collected'],
        rows.map((r) => [
          String(r.id),
          `${r.customerNumber} ${r.customerName}`,
          r.agencyName,
          r.handedOverOn,
          r.status,
          String(r.claims),
          eur(r.handedOverCents),
          eur(r.collectedCents),
        ]),
        [true, false, false, false, false, true, true, true],
      ) + '\n',
    );
  });
  addTenantOption(
    collection
      .command('show')
      .description('a case with its claims and what the agency reported')
      .argument('<id>', 'case id')
      .option('--json', 'print JSON'),
  ).action(async (id: string, options: TenantOption & { json?: boolean }) => {
    const caseId = positiveIntegerOption(id, '<id>');
    const view = await withServiceContext(io, options, 'case show', (ctx) => getCollectionCase(ctx, caseId));
    if (options.json) return io.out(JSON.stringify(view) + '\n');
    printCase(io, view);
  });
  addTenantOption(
    collection
      .command('file')
      .description('the case file for the agency: PDF (statement, history, copies), JSON and CSV')
      .argument('<id>', 'case id')
      .requiredOption('--out <dir>', 'folder to write the three files to')
      .option('--date <date>', 'statement as of this day (default today)'),
  ).action(async (id: string, options: TenantOption & { out: string; date?: string }) => {
    const caseId = positiveIntegerOption(id, '<id>');
    const asOf = dateOption(options.date, '--date', () => localToday());
    const file = await withServiceContext(io, options, 'case file', (ctx) => caseFile(ctx, caseId, asOf));
    mkdirSync(options.out, { recursive: true });
    const paths = [
      [join(options.out, `${file.fileBase}.pdf`), file.pdf],
      [join(options.out, `${file.fileBase}.json`), JSON.stringify(file.json, null, 2) + '\n'],
      [join(options.out, `${file.fileBase}.csv`), file.csv],
    ] as const;
    for (const [path, content] of paths) writeFileSync(path, content);
    io.out(`${paths.map(([path]) => path).join('\n')}\n`);
  });
  addTenantOption(
    collection
      .command('remittance')
      .description('book what the agency collected, with the costs it charged the debtor and what it kept')
      .argument('<id>', 'case id')
      .requiredOption('--collected <amount>', 'collected from the debtor, e.g. 800.00')
      .option(
        '--debtor-costs <amount>',
        'collection costs the agency charged the debtor (part of the collected amount)',
      )
      .option('--retained <amount>', 'kept by the agency (its costs and commission)')
      .option('--reference <text>', "the agency's statement number")
      .option('--date <date>', 'day of the report (default today)'),
  ).action(
    async (
      id: string,
      options: TenantOption & {
        collected: string;
        debtorCosts?: string;
        retained?: string;
        reference?: string;
        date?: string;
      },
    ) => {
      const caseId = positiveIntegerOption(id, '<id>');
      const reportedOn = dateOption(options.date, '--date', () => localToday());
      const view = await withServiceContext(io, options, 'case remittance', (ctx) =>
        recordRemittance(ctx, caseId, {
          reportedOn,
          collected: options.collected,
          ...(options.debtorCosts ? { debtorCosts: options.debtorCosts } : {}),
          ...(options.retained ? { retained: options.retained } : {}),
          ...(options.reference ? { reference: options.reference } : {}),
        }),
      );
      printCase(io, view);
    },
  );
  addTenantOption(
    collection
      .command('close')
      .description('close a case (writing off what is still open) or return it (the claims are dunned again)')
      .argument('<id>', 'case id')
      .option('--write-off <reason>', 'close, and write off what is still open with this reason')
      .option('--returned', 'the agency gives the claims back')
      .option('--note <text>', 'a note for the record')
      .option('--date <date>', 'day (default today)'),
  ).action(
    async (
      id: string,
      options: TenantOption & { writeOff?: string; returned?: boolean; note?: string; date?: string },
    ) => {
      const caseId = positiveIntegerOption(id, '<id>');
      if (options.returned && options.writeOff) {
        throw new CliUsageError(
          '--returned and --write-off: a returned case writes nothing off; give one of them',
        );
      }
      const closedOn = dateOption(options.date, '--date', () => localToday());
      const view = await withServiceContext(io, options, 'case close', (ctx) =>
        closeCollectionCase(ctx, caseId, {
          closedOn,
          outcome: options.returned ? 'returned' : 'closed',
          ...(options.writeOff ? { writeOffReason: options.writeOff } : {}),
          ...(options.note ? { note: options.note } : {}),
        }),
      );
      printCase(io, view);
    },
  );

  addTenantOption(
    program
      .command('writeoff')
      .description('write off uncollectible claims of a customer (bad debt), with the VAT to correct')
      .argument('<customer>', 'customer number')
      .requiredOption('--reason <text>', 'why the claims are uncollectible')
      .option('--invoices <list>', 'comma-separated invoice numbers (default: all open claims)')
      .option('--date <date>', 'day of the write-off (default today)'),
  ).action(
    async (
      customer: string,
      options: TenantOption & { reason: string; invoices?: string; date?: string },
    ) => {
      const writtenOffOn = dateOption(options.date, '--date', () => localToday());
      const invoiceNumbers = list(options.invoices);
      const rows = await withServiceContext(io, options, 'writeoff', (ctx) =>
        writeOffClaims(ctx, {
          customerNumber: customer,
          writtenOffOn,
          reason: options.reason,
          ...(invoiceNumbers ? { invoiceNumbers } : {}),
        }),
      );
      printWrittenOff(io, rows);
    },
  );
  addTenantOption(
    program
      .command('settle')
      .description('settlement (Vergleich): book the reduced amount received and write off the rest')
      .argument('<customer>', 'customer number')
      .requiredOption('--invoices <list>', 'comma-separated invoice numbers')
      .requiredOption('--reason <text>', 'what was agreed')
      .option('--amount <amount>', 'the reduced amount received now (omit when it is booked already)')
      .option('--date <date>', 'day of the settlement (default today)'),
  ).action(
    async (
      customer: string,
      options: TenantOption & { invoices: string; reason: string; amount?: string; date?: string },
    ) => {
      const settledOn = dateOption(options.date, '--date', () => localToday());
      const result = await withServiceContext(io, options, 'settle', (ctx) =>
        settleClaims(ctx, {
          customerNumber: customer,
          invoiceNumbers: list(options.invoices) as string[],
          settledOn,
          reason: options.reason,
          ...(options.amount ? { amountReceived: options.amount } : {}),
        }),
      );
      io.out(
        `booked ${eur(result.receivedCents)}${result.paymentId ? ` (payment ${result.paymentId})` : ''}\n`,
      );
      printWrittenOff(io, result.writtenOff);
    },
  );
}
