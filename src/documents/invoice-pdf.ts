/**
 * @module invoice-pdf
 * The invoice as a letter (§14 Abs. 4 UStG: who, to whom, number, date, delivery date, what,
 * net per VAT rate, the rate and the tax, the total), with the payment terms in words — due date,
 * Skonto until when and how much — and, for the amount open, an EPC QR code (GiroCode) with the
 * invoice's RF creditor reference, so that a banking app fills in the transfer and the payment
 * comes back matched beyond doubt.
 *
 * An invoice imported from a summary e-invoice (Factur-X MINIMUM) may have no lines: the table then
 * says so in one row carrying the net total, and the totals below are the stored ones.
 *
 * @example
 * const pdf = await renderInvoicePdf({ company, invoice, lines, customer, openCents, skonto: [] });
 */
import { type CalendarDate, formatCalendarDate } from '../domain/calendar-date.ts';
import { creditorReferenceOrNull } from '../domain/creditor-reference.ts';
import { formatMoney } from '../domain/format-money.ts';
import { thirtyDayNoticeSentence } from '../domain/payment-terms-wording.ts';
import { divideRounded } from '../domain/rounding.ts';
import { Money } from '../domain/money.ts';
import { buildEpcQrPayload, epcQrModules } from '../formats/epc-qr.ts';
import type { CompanyProfile } from '../services/company-service.ts';
import {
  BOLD,
  createLetter,
  FONT,
  formatIban,
  recipientLines,
  LEFT,
  type Letter,
  MM,
  RIGHT,
} from './letter-pdf.ts';

export interface InvoiceDocument {
  number: string;
  issuedOn: CalendarDate;
  deliveredOn: CalendarDate | null;
  dueDate: CalendarDate;
  currency: string;
  netCents: number;
  vatCents: number;
  grossCents: number;
  /**
   * The invoice tells the customer that default follows 30 days after due date and receipt — what
   * makes that rule bind a consumer (§ 286 Abs. 3 BGB); the dunning run relies on it being printed.
   */
  thirtyDayNotice: boolean;
}

export interface InvoiceDocumentLine {
  position: number;
  description: string;
  quantityMilli: number;
  unit: string;
  unitPriceCents: number;
  vatRateBasisPoints: number;
  netCents: number;
}

export interface InvoiceDocumentCustomer {
  number: string;
  name: string;
  address: { street: string; postalCode: string; city: string; country: string; extra?: string[] } | null;
  language: 'de' | 'en';
  vatId: string | null;
}

export interface RenderInvoicePdfInput {
  company: CompanyProfile;
  invoice: InvoiceDocument;
  lines: readonly InvoiceDocumentLine[];
  customer: InvoiceDocumentCustomer;
  /** What is open now: the QR code asks for this amount. */
  openCents: number;
  /** Skonto offers, best first: pay `payableCents` by `deadline`. */
  skonto: readonly { percent: string; deadline: CalendarDate; discountCents: number; payableCents: number }[];
}

const TEXT = {
  de: {
    subject: (n: string) => `Rechnung ${n}`,
    number: 'Rechnungsnr.',
    date: 'Rechnungsdatum',
    delivered: 'Lieferdatum',
    customer: 'Kundennr.',
    due: 'Fällig am',
    vatId: 'Ihre USt-IdNr.',
    greeting: 'Sehr geehrte Damen und Herren,',
    intro: 'für unsere Lieferungen und Leistungen berechnen wir Ihnen:',
    columns: ['Pos.', 'Beschreibung', 'Menge', 'Einzelpreis', 'USt', 'Betrag'],
    noLines: 'Lieferungen und Leistungen laut Rechnung (ohne Einzelpositionen)',
    net: 'Summe netto',
    vat: (rate: string) => `Umsatzsteuer ${rate} %`,
    vatTotal: 'Umsatzsteuer',
    gross: 'Rechnungsbetrag',
    payBy: (date: string) => `Bitte zahlen Sie den Rechnungsbetrag ohne Abzug bis zum ${date}.`,
    skonto: (percent: string, date: string, discount: string, payable: string) =>
      `Bei Zahlung bis zum ${date} gewähren wir ${percent} % Skonto (${discount}); Sie zahlen dann ${payable}.`,
    reference: (ref: string) => `Bitte geben Sie als Verwendungszweck an: ${ref}`,
    account: (iban: string, bic: string | null) => `Bankverbindung: IBAN ${iban}${bic ? `, BIC ${bic}` : ''}`,
    qr: 'GiroCode: mit der Banking-App scannen',
    sameDay: 'Das Liefer- und Leistungsdatum entspricht dem Rechnungsdatum.',
    closing: 'Vielen Dank für Ihren Auftrag.',
    paid: 'Diese Rechnung ist bezahlt.',
    open: (amount: string) => `Offen: ${amount}`,
  },
  en: {
    subject: (n: string) => `Invoice ${n}`,
    number: 'Invoice no.',
    date: 'Invoice date',
    delivered: 'Delivery date',
    customer: 'Customer no.',
    due: 'Due date',
    vatId: 'Your VAT ID',
    greeting: 'Dear Sir or Madam,',
    intro: 'we invoice you for our goods and services as follows:',
    columns: ['Pos.', 'Description', 'Qty', 'Unit price', 'VAT', 'Amount'],
    noLines: 'Goods and services as invoiced (no line items)',
    net: 'Total net',
    vat: (rate: string) => `VAT ${rate} %`,
    vatTotal: 'VAT',
    gross: 'Invoice total',
    payBy: (date: string) => `Please pay the invoice total without deduction by ${date}.`,
    skonto: (percent: string, date: string, discount: string, payable: string) =>
      `If paid by ${date}, you may deduct ${percent} % early payment discount (${discount}) and pay ${payable}.`,
    reference: (ref: string) => `Please quote as payment reference: ${ref}`,
    account: (iban: string, bic: string | null) => `Bank account: IBAN ${iban}${bic ? `, BIC ${bic}` : ''}`,
    qr: 'GiroCode: scan with your banking app',
    sameDay: 'The date of supply is the invoice date.',
    closing: 'Thank you for your order.',
    paid: 'This invoice has been paid.',
    open: (amount: string) => `Open: ${amount}`,
  },
};

function formatQuantity(milli: number, language: 'de' | 'en'): string {
  return new Intl.NumberFormat(language === 'de' ? 'de-DE' : 'en-GB', { maximumFractionDigits: 3 }).format(
    milli / 1000,
  );
}

function formatRate(basisPoints: number, language: 'de' | 'en'): string {
  return new Intl.NumberFormat(language === 'de' ? 'de-DE' : 'en-GB', { maximumFractionDigits: 2 }).format(
    basisPoints / 100,
  );
}

/** The RF reference in groups of four, as people type it. */
function groupReference(reference: string): string {
  return reference.replace(/(.{4})/g, '$1 ').trim();
}

function drawLines(letter: Letter, input: RenderInvoicePdfInput, language: 'de' | 'en'): void {
  const { doc } = letter;
  const t = TEXT[language];
  const money = (cents: number) => formatMoney(Money.of(cents, input.invoice.currency), language);
  // Columns in mm: position, description, quantity, unit price, VAT, amount.
  const x = [LEFT, LEFT + 10, 122, 141, 163, 170];
  const widths = [9, 96, 18, 21, 8, RIGHT - 170];
  const header = (): void => {
    doc.font(BOLD).fontSize(9);
    t.columns.forEach((label, i) =>
      doc.text(label, (x[i] as number) * MM, letter.y * MM, {
        width: (widths[i] as number) * MM,
        align: i >= 2 ? 'right' : 'left',
      }),
    );
    letter.y += 5;
    doc
      .moveTo(LEFT * MM, letter.y * MM)
      .lineTo(RIGHT * MM, letter.y * MM)
      .lineWidth(0.5)
      .stroke();
    letter.y += 2;
  };
  header();
  if (input.lines.length === 0) {
    // Not an empty table: one row saying why, with the net total it stands for.
    doc.font(FONT).fontSize(9);
    doc.text(t.noLines, (x[1] as number) * MM, letter.y * MM, { width: 96 * MM });
    doc.text(money(input.invoice.netCents), (x[5] as number) * MM, letter.y * MM, {
      width: (widths[5] as number) * MM,
      align: 'right',
    });
    letter.y += Math.max(4.5, doc.heightOfString(t.noLines, { width: 96 * MM }) / MM + 1);
  }
  for (const line of input.lines) {
    doc.font(FONT).fontSize(9);
    const height = Math.max(4.5, doc.heightOfString(line.description, { width: 96 * MM }) / MM + 1);
    if (letter.y + height > 255) {
      letter.ensureSpace(300);
      header();
      doc.font(FONT).fontSize(9);
    }
    const cells = [
      String(line.position),
      line.description,
      `${formatQuantity(line.quantityMilli, language)} ${line.unit === 'C62' ? '' : line.unit}`.trim(),
      money(line.unitPriceCents),
      `${formatRate(line.vatRateBasisPoints, language)} %`,
      money(line.netCents),
    ];
    cells.forEach((cell, i) =>
      doc.text(cell, (x[i] as number) * MM, letter.y * MM, {
        width: (widths[i] as number) * MM,
        align: i >= 2 ? 'right' : 'left',
      }),
    );
    letter.y += height;
  }
  doc
    .moveTo(LEFT * MM, letter.y * MM)
    .lineTo(RIGHT * MM, letter.y * MM)
    .lineWidth(0.5)
    .stroke();
  letter.y += 2;
}

function drawTotals(letter: Letter, input: RenderInvoicePdfInput, language: 'de' | 'en'): void {
  const { doc } = letter;
  const t = TEXT[language];
  const money = (cents: number) => formatMoney(Money.of(cents, input.invoice.currency), language);
  const rows: [string, string, boolean][] = [[t.net, money(input.invoice.netCents), false]];
  // The tax per rate as EN 16931 computes it: per rate on the sum of the stored line nets, half-up.
  // Where that does not give the invoice's stored totals (an imported invoice with document-level
  // allowances), only the stated VAT total is printed: the letter never shows other tax than billed.
  const byRate = new Map<number, number>();
  for (const line of input.lines)
    byRate.set(line.vatRateBasisPoints, (byRate.get(line.vatRateBasisPoints) ?? 0) + line.netCents);
  const breakdown = [...byRate.entries()]
    .sort(([a], [b]) => b - a)
    .map(([rate, net]) => ({
      rate,
      net,
      vat: Number(divideRounded(BigInt(net) * BigInt(rate), 10000n, 'half-up')),
    }));
  const consistent =
    breakdown.reduce((sum, r) => sum + r.net, 0) === input.invoice.netCents &&
    breakdown.reduce((sum, r) => sum + r.vat, 0) === input.invoice.vatCents;
  if (consistent) {
    for (const r of breakdown) {
      const label = t.vat(formatRate(r.rate, language));
      rows.push([breakdown.length > 1 ? `${label} (${money(r.net)})` : label, money(r.vat), false]);
    }
  } else {
    rows.push([t.vatTotal, money(input.invoice.vatCents), false]);
  }
  rows.push([t.gross, money(input.invoice.grossCents), true]);
  letter.ensureSpace(rows.length * 5 + 4);
  for (const [label, value, bold] of rows) {
    doc.font(bold ? BOLD : FONT).fontSize(bold ? 10 : 9);
    doc.text(label, 105 * MM, letter.y * MM, { width: 55 * MM });
    doc.text(value, 160 * MM, letter.y * MM, { width: (RIGHT - 160) * MM, align: 'right' });
    letter.y += bold ? 6 : 4.8;
  }
  letter.y += 4;
}

/** The payment terms beside the EPC QR code (vector squares: sharp at any print resolution). */
export function drawPaymentBlock(
  letter: Letter,
  text: string,
  qr: { payload: string; label: string } | null,
): void {
  const size = 32;
  letter.doc.font(FONT).fontSize(9.5);
  const width = (RIGHT - LEFT - (qr ? size + 6 : 0)) * MM;
  const height = Math.max(qr ? size + 6 : 0, letter.doc.heightOfString(text, { width }) / MM);
  letter.ensureSpace(height + 4);
  letter.doc.text(text, LEFT * MM, letter.y * MM, { width, lineGap: 1.5 });
  if (qr) {
    drawQr(letter, qr.payload, RIGHT - size, letter.y - 2, size);
    letter.doc.font(FONT).fontSize(6.5).fillColor('#444444');
    letter.doc.text(qr.label, (RIGHT - size) * MM, (letter.y + size - 2) * MM, {
      width: size * MM,
      align: 'center',
    });
    letter.doc.fillColor('black');
  }
  letter.y += height + 4;
}

/** The EPC QR code as vector squares: sharp at any print resolution. */
function drawQr(letter: Letter, payload: string, xMm: number, yMm: number, sizeMm: number): void {
  const matrix = epcQrModules(payload);
  const quiet = 4;
  const module = sizeMm / (matrix.size + 2 * quiet);
  const { doc } = letter;
  doc.save().fillColor('black');
  matrix.rows.forEach((row, r) =>
    row.forEach((dark, c) => {
      if (dark) {
        doc.rect(
          (xMm + (c + quiet) * module) * MM,
          (yMm + (r + quiet) * module) * MM,
          module * MM,
          module * MM,
        );
      }
    }),
  );
  doc.fill().restore();
}

export async function renderInvoicePdf(input: RenderInvoicePdfInput): Promise<Uint8Array> {
  const language = input.customer.language;
  const t = TEXT[language];
  const date = (d: CalendarDate) => formatCalendarDate(d, language);
  const money = (cents: number) => formatMoney(Money.of(cents, input.invoice.currency), language);
  const info: [string, string][] = [
    [t.number, input.invoice.number],
    [t.date, date(input.invoice.issuedOn)],
    ...(input.invoice.deliveredOn
      ? [[t.delivered, date(input.invoice.deliveredOn)] as [string, string]]
      : []),
    [t.customer, input.customer.number],
    [t.due, date(input.invoice.dueDate)],
    ...(input.customer.vatId ? [[t.vatId, input.customer.vatId] as [string, string]] : []),
  ];
  const letter = createLetter({
    company: input.company,
    recipient: { lines: recipientLines(input.customer.name, input.customer.address) },
    info,
    subject: t.subject(input.invoice.number),
    language,
    title: t.subject(input.invoice.number),
  });
  letter.paragraph(t.greeting);
  // §14 Abs. 4 Nr. 6 UStG: the date of supply must be stated, also when it is the invoice date.
  letter.paragraph(input.invoice.deliveredOn ? t.intro : `${t.intro.replace(/:$/, '.')} ${t.sameDay}`, {
    gapAfter: 4,
  });
  drawLines(letter, input, language);
  drawTotals(letter, input, language);

  // A number too long for an RF reference goes into the QR code as text instead.
  const reference = creditorReferenceOrNull(input.invoice.number);
  if (input.openCents <= 0) {
    letter.paragraph(t.paid);
  } else {
    const terms = [
      t.payBy(date(input.invoice.dueDate)),
      ...input.skonto.map((s) =>
        t.skonto(s.percent, date(s.deadline), money(s.discountCents), money(s.payableCents)),
      ),
      ...(input.invoice.thirtyDayNotice ? [thirtyDayNoticeSentence(language)] : []),
      ...(input.openCents !== input.invoice.grossCents ? [t.open(money(input.openCents))] : []),
      t.reference(reference ? groupReference(reference) : input.invoice.number),
      ...(input.company.bank ? [t.account(formatIban(input.company.bank.iban), input.company.bank.bic)] : []),
    ].join('\n');
    const bank = input.company.bank;
    drawPaymentBlock(
      letter,
      terms,
      bank
        ? {
            payload: buildEpcQrPayload({
              name: input.company.name.slice(0, 70),
              iban: bank.iban,
              bic: bank.bic,
              amountCents: input.openCents,
              ...(reference ? { reference } : { text: input.invoice.number }),
            }),
            label: t.qr,
          }
        : null,
    );
  }
  letter.paragraph(t.closing);
  return letter.finish();
}
