/**
 * @module court-command
 * `mahnwerk court prepare CUSTOMER`: the data of a Mahnbescheid application (online-mahnantrag)
 * for a customer's claims as of a day. Without files it prints a preview and records nothing; with
 * `--json FILE` and/or `--pdf FILE` it writes the export and records `court-dunning.prepared` on the
 * customer's timeline. `mahnwerk court settings`: the OLG district a seat in Nordrhein-Westfalen needs.
 */
import { existsSync, statSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { Command } from 'commander';
import { NW_OLG_DISTRICTS, type NwOlgDistrict } from '../../domain/central-dunning-court.ts';
import {
  CLAIM_KINDS,
  type ClaimKind,
  type CourtDunningApplication,
  type CourtDunningExportFormat,
  exportCourtDunning,
  getCourtDunningSettings,
  prepareCourtDunning,
  updateCourtDunningSettings,
} from '../../services/court-dunning-service.ts';
import { findCustomerOrFail } from '../../services/customer-service.ts';
import { addTenantOption, type TenantOption, withServiceContext } from '../cli-context.ts';
import { CliUsageError } from '../cli-error.ts';
import type { CliIo } from '../main.ts';
import { dateOption, localToday } from '../parse-options.ts';
import { renderTable } from '../render-table.ts';

interface PrepareOptions extends TenantOption {
  invoices?: string;
  date?: string;
  json?: string;
  pdf?: string;
  claimKind?: string;
  expenses?: string;
}

function claimKindOption(value: string | undefined): ClaimKind {
  if (value === undefined) return 'invoice';
  if (!(CLAIM_KINDS as readonly string[]).includes(value)) {
    throw new CliUsageError(`--claim-kind: expected ${CLAIM_KINDS.join(', ')}, got "${value}"`);
  }
  return value as ClaimKind;
}

function invoicesOption(value: string | undefined): string[] | undefined {
  if (value === undefined) return undefined;
  const numbers = value
    .split(',')
    .map((n) => n.trim())
    .filter((n) => n !== '');
  if (numbers.length === 0) throw new CliUsageError('--invoices: expected invoice numbers like RE-1,RE-2');
  return numbers;
}

/** Refuses an output file whose folder does not exist before anything is recorded. */
function outputFile(value: string | undefined, option: string): string | undefined {
  if (value === undefined) return undefined;
  const folder = dirname(resolve(value));
  if (!existsSync(folder) || !statSync(folder).isDirectory()) {
    throw new CliUsageError(`${option}: folder ${folder} does not exist`);
  }
  return value;
}

function printPreview(io: CliIo, a: CourtDunningApplication): void {
  const party = (p: CourtDunningApplication['antragsteller']) =>
    `${p.name}${p.rechtsform ? '' : ' (Rechtsform nicht erkannt)'}, ${p.strasse}, ${p.plz} ${p.ort}${p.land !== 'DE' ? `, ${p.land}` : ''}`;
  const euro = (b: { euro: string }) => b.euro.replace('.', ',');
  io.out(
    `Mahnantrag für ${a.kunde.nummer}, Stand ${a.stand} — ${a.mahngericht.name} (${a.mahngericht.grund})\n`,
  );
  io.out(`Antragsteller  ${party(a.antragsteller)}\n`);
  io.out(`Antragsgegner  ${party(a.antragsgegner)}\n\n`);
  io.out(
    renderTable(
      ['nr', 'claim', 'invoice', 'default from', 'principal', 'running interest'],
      a.hauptforderungen.map((h) => {
        const z = a.zinsen.laufende.find((l) => l.zuHauptforderung === h.nr);
        return [
          String(h.nr),
          h.katalognummer === null ? h.anspruch : `${h.anspruch} (${h.katalognummer})`,
          h.bezeichnung,
          h.verzugsbeginn,
          euro(h.betrag),
          z
            ? `${z.prozentpunkte ?? z.prozentJaehrlich} ${z.zinsart === 'fest' ? '%' : 'Pp.'} ab ${z.ab}`
            : '',
        ];
      }),
      [false, false, false, false, true, false],
    ) + '\n',
  );
  for (const z of a.zinsen.ausgerechnete) {
    io.out(`  calculated interest on ${z.zuHauptforderung}: ${euro(z.betrag)} ${z.von} – ${z.bis}\n`);
  }
  const n = a.nebenforderungen;
  const costs = [
    ['Auslagen', a.auslagen],
    ['Mahnkosten', n.mahnkosten],
    ['Bankrücklastkosten', n.bankruecklastkosten],
    ['Inkassokosten', n.inkassokosten],
    ...n.sonstige.map((s) => [s.bezeichnung, s.betrag] as const),
  ] as const;
  const shown = costs.filter(([, amount]) => amount.cent !== 0);
  io.out(
    `ancillary      ${shown.length === 0 ? 'none' : shown.map(([label, amount]) => `${label} ${euro(amount)}`).join(', ')}\n`,
  );
  io.out(
    `trial court    ${a.prozessgericht.art} ${a.prozessgericht.plz} ${a.prozessgericht.ort} (value ${euro(a.prozessgericht.streitwert)})\n`,
  );
  io.out(`total          ${euro(a.summe.gesamt)} plus running interest; the court computes its fee\n`);
  for (const hint of a.hinweise) io.out(`hint: ${hint.text}\n`);
  for (const left of a.nichtAufgenommen) io.out(`left out: ${left.rechnungsnummer}: ${left.grund}\n`);
}

export function registerCourtCommand(program: Command, io: CliIo): void {
  const court = program
    .command('court')
    .description('court dunning (gerichtliches Mahnverfahren): the data for a Mahnbescheid application');
  addTenantOption(
    court
      .command('prepare')
      .description(
        'the Mahnbescheid application data for a customer’s claims in default, shaped after www.online-mahnantrag.de; writing a file records it on the customer’s timeline',
      )
      .argument('<customer>', 'customer number')
      .option(
        '--invoices <numbers>',
        'the invoices to claim, comma-separated (default: all that may go to court)',
      )
      .option('--date <date>', 'as of this day (YYYY-MM-DD, default today)')
      .option('--claim-kind <kind>', `catalogue claim: ${CLAIM_KINDS.join(', ')} (default invoice)`)
      .option('--expenses <amount>', 'your expenses for this procedure in euros, e.g. 3.45 (postage)')
      .option('--json <file>', 'write the application data as JSON')
      .option('--pdf <file>', 'write the printable summary as PDF'),
  ).action(async (customerNumber: string, options: PrepareOptions) => {
    const input = {
      asOf: dateOption(options.date, '--date', () => localToday()),
      claimKind: claimKindOption(options.claimKind),
      ...(options.invoices !== undefined ? { invoiceNumbers: invoicesOption(options.invoices) } : {}),
      ...(options.expenses !== undefined ? { expenses: options.expenses } : {}),
    };
    const json = outputFile(options.json, '--json');
    const pdfFile = outputFile(options.pdf, '--pdf');
    if (!json && !pdfFile) {
      const application = await withServiceContext(io, options, 'court prepare', (ctx) =>
        prepareCourtDunning(ctx, customerNumber, input),
      );
      printPreview(io, application);
      return;
    }
    const formats: CourtDunningExportFormat[] = [
      ...(json ? ['json' as const] : []),
      ...(pdfFile ? ['pdf' as const] : []),
    ];
    const { application, pdf } = await withServiceContext(io, options, 'court prepare', async (ctx) =>
      exportCourtDunning(ctx, await findCustomerOrFail(ctx.db, ctx.tenantId, customerNumber), input, formats),
    );
    const claims = application.hauptforderungen.map((h) => h.rechnungsnummer).join(', ');
    if (json) {
      writeFileSync(json, JSON.stringify(application, null, 2) + '\n');
      io.out(`${json}: Mahnantrag data for ${customerNumber} (${claims}) as of ${application.stand}\n`);
    }
    if (pdfFile && pdf) {
      writeFileSync(pdfFile, pdf);
      io.out(`${pdfFile}: summary for www.online-mahnantrag.de (${claims})\n`);
    }
    io.out(
      `${application.mahngericht.name}; total ${application.summe.gesamt.euro} EUR plus running interest; ${application.hinweise.length} hint(s)${application.nichtAufgenommen.length > 0 ? `, ${application.nichtAufgenommen.length} claim(s) left out` : ''}\n`,
    );
  });

  addTenantOption(
    court
      .command('settings')
      .description('show or set what court dunning needs: the OLG district of a seat in Nordrhein-Westfalen')
      .option(
        '--olg-district <district>',
        `${NW_OLG_DISTRICTS.join(', ')} (Hamm and Düsseldorf: Amtsgericht Hagen; Köln: Amtsgericht Euskirchen), or none to clear`,
      )
      .option('--json', 'print JSON'),
  ).action(async (options: TenantOption & { olgDistrict?: string; json?: boolean }) => {
    let district: NwOlgDistrict | null | undefined;
    if (options.olgDistrict !== undefined) {
      if (options.olgDistrict === 'none') district = null;
      else if ((NW_OLG_DISTRICTS as readonly string[]).includes(options.olgDistrict)) {
        district = options.olgDistrict as NwOlgDistrict;
      } else {
        throw new CliUsageError(
          `--olg-district: expected ${NW_OLG_DISTRICTS.join(', ')} or none, got "${options.olgDistrict}"`,
        );
      }
    }
    const settings = await withServiceContext(io, options, 'court settings', (ctx) =>
      district === undefined
        ? getCourtDunningSettings(ctx)
        : updateCourtDunningSettings(ctx, { nwOlgDistrict: district }),
    );
    if (options.json) {
      io.out(JSON.stringify(settings) + '\n');
      return;
    }
    io.out(`OLG district   ${settings.nwOlgDistrict ?? '—'}\n`);
    io.out(`dunning court  ${settings.court ? `${settings.court.name} (${settings.court.reason})` : '—'}\n`);
    if (settings.missing) io.out(`missing        ${settings.missing}\n`);
  });
}
