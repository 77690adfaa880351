/**
 * @module document-command
 * Documents as PDF: `invoice pdf NUMBER -o FILE`; and the company's own details that every letter
 * carries: `company show`, `company set`.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import {
  getCompanyProfile,
  updateCompanyProfile,
  type CompanyProfileUpdate,
} from '../../services/company-service.ts';
import { invoicePdf, noticePdf, runLettersPdf } from '../../services/document-service.ts';
import {
  EINVOICE_EXPORT_FORMATS,
  exportInvoice,
  isEInvoiceExportFormat,
} from '../../services/einvoice-export-service.ts';
import { getTemplate, listTemplates, saveTemplate } from '../../services/template-service.ts';
import { TEMPLATE_PLACEHOLDERS } from '../../documents/letter-templates.ts';
import { CliUsageError } from '../cli-error.ts';
import { positiveIntegerOption } from '../parse-options.ts';
import { addTenantOption, type TenantOption, withDatabase, withServiceContext } from '../cli-context.ts';
import { renderTable } from '../render-table.ts';
import { createCompany } from '../../services/tenant-service.ts';
import { allTenants } from '../../db/tenant-repository.ts';
import type { CliIo } from '../main.ts';

export function registerDocumentCommands(program: Command, io: CliIo): void {
  const invoice = program.command('invoice').description('invoices');
  addTenantOption(
    invoice
      .command('pdf')
      .description(
        'the invoice as a PDF letter (DIN 5008) with payment terms and an EPC QR code for what is open',
      )
      .argument('<number>', 'invoice number')
      .requiredOption('-o, --out <file>', 'where to write the PDF'),
  ).action(async (number: string, options: TenantOption & { out: string }) => {
    const pdf = await withServiceContext(io, options, 'invoice pdf', (ctx) => invoicePdf(ctx, number));
    writeFileSync(options.out, pdf);
    io.out(`${options.out}: invoice ${number} (${pdf.length} bytes)\n`);
  });

  addTenantOption(
    invoice
      .command('einvoice')
      .description(
        'the invoice as an e-invoice: XRechnung 3.0 (UBL or CII), or the invoice PDF with Factur-X/ZUGFeRD EN 16931 XML embedded',
      )
      .argument('<number>', 'invoice number')
      .requiredOption('--format <format>', EINVOICE_EXPORT_FORMATS.join(' | '))
      .option('-o, --out <file>', 'where to write it (default: e.g. RE000815-xrechnung-ubl.xml)'),
  ).action(async (number: string, options: TenantOption & { format: string; out?: string }) => {
    const format = options.format;
    if (!isEInvoiceExportFormat(format)) {
      throw new CliUsageError(`--format: expected ${EINVOICE_EXPORT_FORMATS.join(', ')}, got "${format}"`);
    }
    const file = await withServiceContext(io, options, 'invoice einvoice', (ctx) =>
      exportInvoice(ctx, number, format),
    );
    const out = options.out ?? file.fileName;
    writeFileSync(out, file.bytes);
    io.out(`${out}: invoice ${number} as ${format} (${file.bytes.length} bytes)\n`);
  });

  const notice = program.command('notice').description('reminders and dunning notices');
  addTenantOption(
    notice
      .command('pdf')
      .description(
        'the notice as the letter it is sent as: wording of its stage, statement of claims, interest explained',
      )
      .argument('<id>', 'notice id (notices list)')
      .requiredOption('-o, --out <file>', 'where to write the PDF'),
  ).action(async (id: string, options: TenantOption & { out: string }) => {
    const noticeId = positiveIntegerOption(id, '<id>');
    const pdf = await withServiceContext(io, options, 'notice pdf', (ctx) => noticePdf(ctx, noticeId));
    writeFileSync(options.out, pdf);
    io.out(`${options.out}: notice ${noticeId} (${pdf.length} bytes)\n`);
  });

  const letters = program.command('letters').description('letters for the post');
  addTenantOption(
    letters
      .command('print')
      .description(
        'all letters of a dunning run that go by post (channel letter or email-and-letter), in one PDF',
      )
      .requiredOption('--run <id>', 'the run id (run dunning prints it)')
      .requiredOption('-o, --out <file>', 'where to write the PDF'),
  ).action(async (options: TenantOption & { run: string; out: string }) => {
    const runId = positiveIntegerOption(options.run, '--run');
    const result = await withServiceContext(io, options, 'letters print', (ctx) => runLettersPdf(ctx, runId));
    if (result.letters === 0) {
      io.out(`run ${runId} has no letters for the post\n`);
      return;
    }
    writeFileSync(options.out, result.pdf);
    io.out(`${options.out}: ${result.letters} letter${result.letters === 1 ? '' : 's'} of run ${runId}\n`);
  });

  const template = program.command('template').description('wording of the letters per stage and language');
  addTenantOption(template.command('list').description('the templates and whether they were changed')).action(
    async (options: TenantOption) => {
      const all = await withServiceContext(io, options, 'template list', (ctx) => listTemplates(ctx));
      for (const t of all)
        io.out(`${t.key.padEnd(20)} ${t.language}  ${t.custom ? 'changed' : 'shipped'}  ${t.subject}\n`);
    },
  );
  addTenantOption(
    template
      .command('show')
      .description('one template as JSON {"subject","body"}, ready to edit and save with template set')
      .argument('<key>', 'e.g. first-dunning')
      .option('--lang <de|en>', 'language', 'de'),
  ).action(async (key: string, options: TenantOption & { lang: string }) => {
    const language = languageOption(options.lang);
    const found = await withServiceContext(io, options, 'template show', (ctx) =>
      getTemplate(ctx, key, language),
    );
    io.out(JSON.stringify({ subject: found.subject, body: found.body }, null, 2) + '\n');
  });
  addTenantOption(
    template
      .command('set')
      .description('save a template from a JSON file {"subject","body"}; unknown placeholders are refused')
      .argument('<key>', 'e.g. first-dunning')
      .requiredOption('--file <file>', 'JSON file')
      .option('--lang <de|en>', 'language', 'de'),
  )
    .addHelpText(
      'after',
      `\nPlaceholders:\n${Object.entries(TEMPLATE_PLACEHOLDERS)
        .map(([name, what]) => `  {{${name}}}  ${what}`)
        .join('\n')}`,
    )
    .action(async (key: string, options: TenantOption & { file: string; lang: string }) => {
      const language = languageOption(options.lang);
      let raw: { subject?: unknown; body?: unknown };
      try {
        raw = JSON.parse(readFileSync(options.file, 'utf8')) as { subject?: unknown; body?: unknown };
      } catch (error) {
        throw new CliUsageError(`--file ${options.file}: cannot read JSON: ${(error as Error).message}`);
      }
      if (typeof raw.subject !== 'string' || typeof raw.body !== 'string') {
        throw new CliUsageError(`--file ${options.file}: expected {"subject": "…", "body": "…"}`);
      }
      const subject = raw.subject;
      const body = raw.body;
      await withServiceContext(io, options, 'template set', (ctx) =>
        saveTemplate(ctx, key, language, { subject, body }),
      );
      io.out(`template ${key} (${language}) saved\n`);
    });

  const company = program
    .command('company')
    .description("the company's own details for letters and invoices");
  company
    .command('create <code>')
    .description('a further company (tenant) in this database; --tenant <code> then works on it')
    .requiredOption('--name <text>', 'the company name for letters and invoices')
    .option(
      '--state <code>',
      'federal state of the seat (public holidays): BW, BY, BE, BB, HB, HH, HE, MV, NI, NW, RP, SL, SN, ST, SH, TH',
      'BE',
    )
    .action(async (code: string, options: { name: string; state: string }) => {
      const tenant = await withDatabase(io, 'company create', (database) =>
        createCompany(database.db, { code, name: options.name, state: options.state }, 'cli'),
      );
      io.out(`company "${tenant.name}" created; work on it with --tenant ${tenant.code}\n`);
    });
  company
    .command('list')
    .description('the companies in this database')
    .option('--json', 'print JSON')
    .action(async (options: { json?: boolean }) => {
      const all = await withDatabase(io, 'company list', (database) => allTenants(database.db));
      const rows = all.map((t) => ({ code: t.code, name: t.name, state: t.state }));
      io.out(
        options.json
          ? JSON.stringify(rows) + '\n'
          : renderTable(
              ['code', 'name', 'state'],
              rows.map((r) => [r.code, r.name, r.state]),
            ) + '\n',
      );
    });
  addTenantOption(
    company.command('show').description('name, address, ids and bank account').option('--json', 'print JSON'),
  ).action(async (options: TenantOption & { json?: boolean }) => {
    const profile = await withServiceContext(io, options, 'company show', (ctx) => getCompanyProfile(ctx));
    if (options.json) {
      io.out(JSON.stringify(profile) + '\n');
      return;
    }
    const rows: [string, string | null][] = [
      ['name', profile.name],
      [
        'address',
        profile.address
          ? `${profile.address.street}, ${profile.address.postalCode} ${profile.address.city}, ${profile.address.country}`
          : null,
      ],
      ['phone', profile.phone],
      ['email', profile.email],
      ['website', profile.website],
      ['VAT id', profile.vatId],
      ['tax number', profile.taxNumber],
      ['register', profile.register],
      ['managing directors', profile.managingDirectors],
      ['federal state', profile.state],
      ['creditor id', profile.creditorId],
      [
        'bank',
        profile.bank
          ? `${profile.bank.iban}${profile.bank.bic ? ` ${profile.bank.bic}` : ''}${profile.bank.bankName ? ` (${profile.bank.bankName})` : ''}`
          : null,
      ],
    ];
    io.out(rows.map(([label, value]) => `${label.padEnd(19)} ${value ?? '—'}`).join('\n') + '\n');
  });
  addTenantOption(
    company
      .command('set')
      .description('change the details given; the rest stays')
      .option('--name <text>')
      .option('--street <text>')
      .option('--postal-code <text>')
      .option('--city <text>')
      .option('--country <code>', 'two letters, default DE')
      .option('--phone <text>')
      .option('--email <address>')
      .option('--website <url>')
      .option('--vat-id <id>', 'e.g. DE123456789')
      .option('--tax-number <text>')
      .option('--register <text>', 'e.g. "Amtsgericht Berlin-Charlottenburg HRB 123456"')
      .option('--managing-directors <names>')
      .option(
        '--state <code>',
        'federal state of the seat: BW, BY, BE, BB, HB, HH, HE, MV, NI, NW, RP, SL, SN, ST, SH, TH',
      )
      .option('--creditor-id <id>', 'SEPA creditor id')
      .option('--iban <iban>', 'the account invoices ask to be paid into')
      .option('--bic <bic>')
      .option('--bank-name <text>'),
  ).action(async (options: TenantOption & Record<string, string | undefined>) => {
    const profile = await withServiceContext(io, options, 'company set', async (ctx) => {
      const current = await getCompanyProfile(ctx);
      const update: CompanyProfileUpdate = {};
      const copy = (key: keyof CompanyProfileUpdate, option: string) => {
        if (options[option] !== undefined) (update as Record<string, unknown>)[key] = options[option];
      };
      copy('name', 'name');
      copy('phone', 'phone');
      copy('email', 'email');
      copy('website', 'website');
      copy('vatId', 'vatId');
      copy('taxNumber', 'taxNumber');
      copy('register', 'register');
      copy('managingDirectors', 'managingDirectors');
      copy('creditorId', 'creditorId');
      copy('state', 'state');
      if (options.street || options.postalCode || options.city || options.country) {
        update.address = {
          street: options.street ?? current.address?.street ?? '',
          postalCode: options.postalCode ?? current.address?.postalCode ?? '',
          city: options.city ?? current.address?.city ?? '',
          country: options.country ?? current.address?.country ?? 'DE',
        };
      }
      if (options.iban || options.bic || options.bankName) {
        update.bank = {
          iban: options.iban ?? current.bank?.iban ?? '',
          bic: options.bic ?? current.bank?.bic ?? null,
          bankName: options.bankName ?? current.bank?.bankName ?? null,
        };
      }
      return updateCompanyProfile(ctx, update);
    });
    io.out(`company "${profile.name}" updated\n`);
  });
}

function languageOption(value: string): 'de' | 'en' {
  if (value !== 'de' && value !== 'en') throw new CliUsageError(`--lang: expected de or en, got "${value}"`);
  return value;
}
