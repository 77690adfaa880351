/**
 * @module sepa-command
 * `mahnwerk sepa mandate add|list|revoke`: the customers' SEPA direct debit mandates.
 * `mahnwerk sepa export --date YYYY-MM-DD [-o FILE]`: what is due for collection on that day as
 * pain.008.001.08 files for the bank (one per scheme), with a summary. `mahnwerk sepa file <message>`
 * writes an exported file once more.
 */
import { accessSync, constants, writeFileSync } from 'node:fs';
import { dirname, extname } from 'node:path';
import { type Command, Option } from 'commander';
import { formatMoney } from '../../domain/format-money.ts';
import { Money } from '../../domain/money.ts';
import {
  addMandate,
  exportDirectDebits,
  exportedFile,
  listMandates,
  revokeMandate,
  type SepaExportFile,
} from '../../services/sepa-service.ts';
import { addTenantOption, type TenantOption, withServiceContext } from '../cli-context.ts';
import { CliUsageError } from '../cli-error.ts';
import type { CliIo } from '../main.ts';
import { dateOption, localToday, positiveIntegerOption } from '../parse-options.ts';
import { renderTable } from '../render-table.ts';

const eur = (cents: number) => formatMoney(Money.of(cents, 'EUR'), 'de');

/** With two files for one `-o`, the scheme goes before the extension: `lastschrift-b2b.xml`. */
function pathFor(out: string | undefined, file: SepaExportFile, files: number): string {
  if (!out) return file.fileName;
  if (files === 1) return out;
  const extension = extname(out);
  return `${out.slice(0, out.length - extension.length)}-${file.scheme.toLowerCase()}${extension || '.xml'}`;
}

/** Fails before anything is exported when the file could not be written afterwards. */
function assertWritable(out: string | undefined): void {
  const dir = dirname(out ?? 'x');
  try {
    accessSync(dir, constants.W_OK);
  } catch {
    throw new CliUsageError(`-o: cannot write into ${dir}`);
  }
}

function printFile(io: CliIo, path: string, file: SepaExportFile, collectionDate: string): void {
  io.out(
    `${path}: ${file.scheme}, collection on ${collectionDate}, ${file.count} direct debit${file.count === 1 ? '' : 's'}, ${eur(file.sumCents)} (message ${file.messageId})\n`,
  );
  io.out(
    renderTable(
      ['sequence', 'count', 'sum'],
      file.bySequence.map((s) => [s.sequenceType, String(s.count), eur(s.sumCents)]),
      [false, true, true],
    )
      .split('\n')
      .map((line) => `  ${line}`)
      .join('\n') + '\n',
  );
}

export function registerSepaCommand(program: Command, io: CliIo): void {
  const sepa = program.command('sepa').description('SEPA direct debit: mandates and pain.008 exports');
  const mandate = sepa.command('mandate').description('SEPA direct debit mandates of customers');

  addTenantOption(
    mandate
      .command('add')
      .description('record a signed mandate (its IBAN is learnt for recognising transfers)')
      .requiredOption('--customer <number>', 'customer number')
      .requiredOption(
        '--reference <ref>',
        "mandate reference: up to 35 of A-Z a-z 0-9 / - ? : ( ) . , ' + and space",
      )
      .requiredOption('--signed <date>', 'day of signature')
      .requiredOption('--iban <iban>', "the debtor's account")
      .option('--bic <bic>', "the debtor's bank (needed outside the EEA)")
      .option('--name <text>', 'account holder, if not the customer')
      .addOption(
        new Option('--scheme <scheme>', 'CORE, or B2B for business debtors')
          .choices(['CORE', 'B2B'])
          .default('CORE'),
      )
      .option('--one-off', 'a single collection (OOFF) instead of recurring ones'),
  ).action(
    async (
      options: TenantOption & {
        customer: string;
        reference: string;
        signed: string;
        iban: string;
        bic?: string;
        name?: string;
        scheme: 'CORE' | 'B2B';
        oneOff?: boolean;
      },
    ) => {
      const signedOn = dateOption(options.signed, '--signed', () => localToday());
      const added = await withServiceContext(io, options, 'sepa mandate add', (ctx) =>
        addMandate(ctx, {
          customerNumber: options.customer,
          reference: options.reference,
          signedOn,
          iban: options.iban,
          bic: options.bic ?? null,
          scheme: options.scheme,
          kind: options.oneOff ? 'one-off' : 'recurring',
          ...(options.name ? { debtorName: options.name } : {}),
        }),
      );
      io.out(
        `mandate ${added.id} ${added.reference} recorded for ${added.customerNumber}: ${added.scheme}, ${added.kind}, ${added.iban}, signed ${added.signedOn}\n`,
      );
    },
  );

  addTenantOption(
    mandate
      .command('list')
      .description('mandates, newest first, with their status today')
      .option('--customer <number>', 'only this customer')
      .option('--json', 'print JSON'),
  ).action(async (options: TenantOption & { customer?: string; json?: boolean }) => {
    const rows = await withServiceContext(io, options, 'sepa mandate list', (ctx) =>
      listMandates(ctx, options.customer ? { customerNumber: options.customer } : {}),
    );
    if (options.json) return io.out(JSON.stringify(rows) + '\n');
    if (rows.length === 0) return io.out('no mandates\n');
    io.out(
      renderTable(
        ['id', 'customer', 'reference', 'scheme', 'kind', 'signed', 'iban', 'status', 'last collection'],
        rows.map((m) => [
          String(m.id),
          `${m.customerNumber} ${m.customerName}`,
          m.reference,
          m.scheme,
          m.kind,
          m.signedOn,
          m.iban,
          m.status === 'revoked' ? `revoked ${m.revokedOn}` : m.status,
          m.lastCollectionDate ?? '',
        ]),
        [true],
      ) + '\n',
    );
  });

  addTenantOption(
    mandate
      .command('revoke')
      .description('end a mandate: no collection under it from that day on')
      .argument('<id>', 'mandate id (see sepa mandate list)')
      .option('--date <date>', 'first day without collections (default today)'),
  ).action(async (id: string, options: TenantOption & { date?: string }) => {
    const mandateId = positiveIntegerOption(id, '<id>');
    const revokedOn = dateOption(options.date, '--date', () => localToday());
    const result = await withServiceContext(io, options, 'sepa mandate revoke', (ctx) =>
      revokeMandate(ctx, mandateId, { revokedOn }),
    );
    io.out(
      `mandate ${result.mandate.reference} of ${result.mandate.customerNumber} revoked from ${revokedOn}\n`,
    );
    for (const p of result.pendingCollections) {
      io.out(
        `warning: ${p.endToEndId} (${eur(p.amountCents)} on ${p.collectionDate}) was exported already: ask the bank to recall it\n`,
      );
    }
  });

  addTenantOption(
    sepa
      .command('export')
      .description(
        'write what is due for collection on a day as pain.008.001.08 (one file per scheme, CORE and B2B)',
      )
      .requiredOption('--date <date>', 'requested collection date (a TARGET2 business day)')
      .option('-o, --out <file>', 'file to write (default: <message id>.xml here)')
      .addOption(new Option('--scheme <scheme>', 'only this scheme').choices(['CORE', 'B2B']))
      .option('--json', 'print the summary as JSON'),
  ).action(
    async (
      options: TenantOption & { date: string; out?: string; scheme?: 'CORE' | 'B2B'; json?: boolean },
    ) => {
      const collectionDate = dateOption(options.date, '--date', () => localToday());
      assertWritable(options.out);
      const result = await withServiceContext(io, options, 'sepa export', (ctx) =>
        exportDirectDebits(ctx, { collectionDate, ...(options.scheme ? { scheme: options.scheme } : {}) }),
      );
      const written = result.files.map((file) => {
        const path = pathFor(options.out, file, result.files.length);
        writeFileSync(path, file.xml);
        return { path, file };
      });
      if (options.json) {
        io.out(
          JSON.stringify({
            collectionDate: result.collectionDate,
            files: written.map(({ path, file }) => ({ path, ...file, xml: undefined })),
            warnings: result.warnings,
            skipped: result.skipped,
          }) + '\n',
        );
        return;
      }
      if (written.length === 0) io.out(`nothing to collect on ${collectionDate}\n`);
      for (const { path, file } of written) printFile(io, path, file, collectionDate);
      if (written.length > 1) {
        const count = written.reduce((s, w) => s + w.file.count, 0);
        const sum = written.reduce((s, w) => s + w.file.sumCents, 0);
        io.out(`total: ${count} direct debits, ${eur(sum)}\n`);
      }
      for (const s of result.skipped) io.out(`skipped ${s.customerNumber}: ${s.reason}\n`);
      for (const w of result.warnings) io.out(`warning: ${w}\n`);
      if (written.length > 0) {
        io.out(
          'send the files to the bank (online banking / EBICS); the statement import books the credits and returns\n',
        );
      }
    },
  );

  addTenantOption(
    sepa
      .command('file')
      .description('write an exported pain.008 file once more (when the first one got lost)')
      .argument('<message>', 'message id, e.g. MW-20260316-00001')
      .option('-o, --out <file>', 'file to write (default: <message id>.xml here)'),
  ).action(async (messageId: string, options: TenantOption & { out?: string }) => {
    const file = await withServiceContext(io, options, 'sepa file', (ctx) => exportedFile(ctx, messageId));
    const path = options.out ?? file.fileName;
    writeFileSync(path, file.xml);
    printFile(io, path, file, file.collectionDate);
    if (!file.sameAsExported) {
      io.out(
        "warning: the company's or a debtor's details changed since the export: the file differs from the one first written\n",
      );
    }
  });
}
