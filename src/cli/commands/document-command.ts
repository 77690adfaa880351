/**
 * @module document-command
 * Documents as PDF: `invoice pdf NUMBER -o FILE`; and the company's own details that every letter
 * carries: `company show`, `company set`.
 */
import { writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import {
  getCompanyProfile,
  updateCompanyProfile,
  type CompanyProfileUpdate,
} from '../../services/company-service.ts';
import { invoicePdf } from '../../services/document-service.ts';
import { addTenantOption, type TenantOption, withServiceContext } from '../cli-context.ts';
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

  const company = program
    .command('company')
    .description("the company's own details for letters and invoices");
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
