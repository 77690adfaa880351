/**
 * @module case-file-pdf
 * The case file (Übergabeakte) for a collection agency or a lawyer: a covering letter to them with
 * the debtor, the claim statement on the handover day (principal, costs, interest with its basis,
 * every claim to the cent), the communication history, and the list of enclosed copies; followed by
 * the copies themselves (invoices, notices), appended page by page.
 */
import { PDFDocument } from 'pdf-lib';
import { type CalendarDate, formatCalendarDate } from '../domain/calendar-date.ts';
import { formatMoney } from '../domain/format-money.ts';
import { Money } from '../domain/money.ts';
import type { CompanyProfile } from '../services/company-service.ts';
import type { InvoiceDocumentCustomer } from './invoice-pdf.ts';
import { createLetter, horizontalRule, LEFT, recipientLines, RIGHT, tableRow } from './letter-pdf.ts';

export interface CaseFileClaim {
  invoiceNumber: string;
  issuedOn: CalendarDate;
  dueDate: CalendarDate;
  grossCents: number;
  openPrincipalCents: number;
  /** Open costs and the flat fee (§ 288 Abs. 5 BGB). */
  costsCents: number;
  /** Default interest to the day, less what was paid on it. */
  interestCents: number;
  totalCents: number;
  /** "9 Prozentpunkte über dem Basiszinssatz seit …", or null when no interest runs. */
  interestBasis: string | null;
}

export interface CaseFileHistoryEntry {
  on: string;
  what: string;
}

export interface RenderCaseFileInput {
  company: CompanyProfile;
  agency: { name: string; kind: 'agency' | 'lawyer'; reference: string | null };
  customer: InvoiceDocumentCustomer & {
    debtorKind: 'consumer' | 'business';
    email: string | null;
    phone: string | null;
  };
  caseId: number;
  handedOverOn: CalendarDate;
  asOf: CalendarDate;
  claims: CaseFileClaim[];
  history: CaseFileHistoryEntry[];
  /** Notices that went out for the claims (their copies are enclosed). */
  noticesSent: number;
  enclosures: string[];
}

const money = (cents: number) => formatMoney(Money.of(cents, 'EUR'), 'de');
const date = (d: CalendarDate) => formatCalendarDate(d, 'de');

/** The covering pages: letter to the agency, debtor, statement, history, enclosures. */
export async function renderCaseFileCover(input: RenderCaseFileInput): Promise<Uint8Array> {
  const letter = createLetter({
    company: input.company,
    recipient: { lines: recipientLines(input.agency.name, null) },
    info: [
      ['Akte', String(input.caseId)],
      ['Übergabe', date(input.handedOverOn)],
      ['Stand', date(input.asOf)],
      ['Kundennr.', input.customer.number],
      ...(input.agency.reference ? ([['Ihr Zeichen', input.agency.reference]] as [string, string][]) : []),
    ],
    subject: `Übergabe zum Forderungseinzug: ${input.customer.name}`,
    language: 'de',
    title: `Übergabeakte ${input.caseId}`,
  });
  letter.paragraph('Sehr geehrte Damen und Herren,');
  letter.paragraph(
    `wir übergeben Ihnen ${input.agency.kind === 'lawyer' ? 'zur anwaltlichen Beitreibung' : 'zum Forderungseinzug'} ` +
      `unsere nachstehenden Forderungen gegen den Schuldner. Alle Forderungen sind fällig` +
      (input.noticesSent > 0
        ? `; unsere ${input.noticesSent === 1 ? 'Mahnung blieb' : `${input.noticesSent} Mahnschreiben blieben`} ohne Erfolg (Verlauf und Kopien anbei).`
        : '. Verlauf und Kopien der Rechnungen anbei.'),
  );
  letter.paragraph('Schuldner', { bold: true, gapAfter: 0.5 });
  letter.paragraph(
    [
      ...recipientLines(input.customer.name, input.customer.address),
      input.customer.debtorKind === 'business' ? 'Unternehmer (§ 14 BGB)' : 'Verbraucher (§ 13 BGB)',
      ...(input.customer.email ? [`E-Mail: ${input.customer.email}`] : []),
      ...(input.customer.phone ? [`Telefon: ${input.customer.phone}`] : []),
    ].join('\n'),
  );

  letter.paragraph(`Forderungsaufstellung zum ${date(input.asOf)}`, { bold: true, gapAfter: 1 });
  const x = [LEFT, 50, 70, 96, 122, 146, 166];
  const w = [25, 20, 22, 26, 24, 20, RIGHT - 166];
  tableRow(letter, x, w, ['Rechnung', 'vom', 'fällig', 'Hauptforderung', 'Kosten', 'Zinsen', 'Summe'], {
    bold: true,
    rightFrom: 3,
  });
  horizontalRule(letter);
  for (const claim of input.claims) {
    tableRow(
      letter,
      x,
      w,
      [
        claim.invoiceNumber,
        date(claim.issuedOn),
        date(claim.dueDate),
        money(claim.openPrincipalCents),
        money(claim.costsCents),
        money(claim.interestCents),
        money(claim.totalCents),
      ],
      { rightFrom: 3 },
    );
  }
  horizontalRule(letter);
  const sum = (pick: (c: CaseFileClaim) => number) => input.claims.reduce((s, c) => s + pick(c), 0);
  tableRow(
    letter,
    x,
    w,
    [
      'Summe',
      '',
      '',
      money(sum((c) => c.openPrincipalCents)),
      money(sum((c) => c.costsCents)),
      money(sum((c) => c.interestCents)),
      money(sum((c) => c.totalCents)),
    ],
    { bold: true, rightFrom: 3 },
  );
  letter.y += 2;
  const bases = input.claims.filter((c) => c.interestBasis);
  if (bases.length > 0) {
    letter.paragraph(
      'Zinsen (§§ 286, 288 BGB) laufen weiter:\n' +
        bases.map((c) => `Rechnung ${c.invoiceNumber}: ${c.interestBasis}`).join('\n'),
      { size: 9 },
    );
  }
  letter.paragraph(
    'Kosten: Mahngebühren und die Verzugspauschale nach § 288 Abs. 5 BGB (nur bei Unternehmern). ' +
      'Die Pauschale wird auf Rechtsverfolgungskosten angerechnet.',
    { size: 9 },
  );

  letter.paragraph('Verlauf', { bold: true, gapAfter: 1 });
  const hx = [LEFT, 48];
  const hw = [22, RIGHT - 48];
  for (const entry of input.history) {
    tableRow(letter, hx, hw, [entry.on, entry.what], { rightFrom: 99 });
  }
  letter.y += 2;
  if (input.enclosures.length > 0) {
    letter.paragraph('Anlagen (Kopien)', { bold: true, gapAfter: 1 });
    letter.paragraph(input.enclosures.map((e) => `– ${e}`).join('\n'), { size: 9 });
  }
  letter.paragraph('Mit freundlichen Grüßen');
  letter.paragraph(input.company.name);
  return letter.finish();
}

/** The cover followed by every page of each copy, in order, as one PDF. */
export async function appendCopies(cover: Uint8Array, copies: readonly Uint8Array[]): Promise<Uint8Array> {
  const merged = await PDFDocument.load(cover);
  for (const copy of copies) {
    const source = await PDFDocument.load(copy);
    const pages = await merged.copyPages(source, source.getPageIndices());
    for (const page of pages) merged.addPage(page);
  }
  return merged.save();
}
