/**
 * @module order-confirmation-pdf
 * The order confirmation (Auftragsbestätigung) as a DIN 5008 letter on the company's letterhead:
 * what was ordered with prices and VAT, the totals, the delivery date promised, and the payment
 * terms stated plainly (payment-terms-wording: due date rule, Skonto, and what late payment costs,
 * worded for the kind of debtor) — agreed up front, so no reminder has to explain them later.
 * In the customer's language.
 *
 * @example
 * const pdf = await renderOrderConfirmationPdf({ company, customer, order, lines, terms });
 */
import { type CalendarDate, formatCalendarDate } from '../domain/calendar-date.ts';
import { formatMoney } from '../domain/format-money.ts';
import { computeInvoiceTotals } from '../domain/invoice-totals.ts';
import { Money } from '../domain/money.ts';
import type { PaymentTermsWording } from '../domain/payment-terms-wording.ts';
import type { CompanyProfile } from '../services/company-service.ts';
import type { InvoiceDocumentCustomer, InvoiceDocumentLine } from './invoice-pdf.ts';
import {
  BOLD,
  createLetter,
  FONT,
  horizontalRule,
  LEFT,
  type Letter,
  MM,
  recipientLines,
  RIGHT,
} from './letter-pdf.ts';

export interface OrderConfirmationDocument {
  company: CompanyProfile;
  customer: InvoiceDocumentCustomer;
  order: {
    number: string;
    orderedOn: CalendarDate;
    confirmedOn: CalendarDate | null;
    deliveryDate: CalendarDate | null;
    currency: string;
    notes: string | null;
  };
  lines: readonly InvoiceDocumentLine[];
  terms: PaymentTermsWording;
}

const TEXT = {
  de: {
    subject: (n: string) => `Auftragsbestätigung ${n}`,
    number: 'Auftragsnr.',
    orderedOn: 'Auftragsdatum',
    confirmedOn: 'Datum',
    customer: 'Kundennr.',
    delivery: 'Liefertermin',
    vatId: 'Ihre USt-IdNr.',
    greeting: 'Sehr geehrte Damen und Herren,',
    intro: (date: string) =>
      `vielen Dank für Ihren Auftrag vom ${date}, den wir hiermit wie folgt bestätigen:`,
    columns: ['Pos.', 'Beschreibung', 'Menge', 'Einzelpreis', 'USt', 'Betrag'],
    net: 'Summe netto',
    vat: (rate: string) => `Umsatzsteuer ${rate} %`,
    gross: 'Auftragssumme',
    deliveryOn: (date: string) => `Liefertermin: ${date}.`,
    deliveryOpen: 'Den Liefertermin teilen wir Ihnen gesondert mit.',
    notes: 'Anmerkungen',
    terms: 'Zahlungsbedingungen',
    invoice: 'Die Rechnung erhalten Sie mit der Lieferung.',
    closing: 'Wir danken für Ihr Vertrauen und freuen uns auf die weitere Zusammenarbeit.',
    regards: 'Mit freundlichen Grüßen',
  },
  en: {
    subject: (n: string) => `Order confirmation ${n}`,
    number: 'Order no.',
    orderedOn: 'Order date',
    confirmedOn: 'Date',
    customer: 'Customer no.',
    delivery: 'Delivery date',
    vatId: 'Your VAT ID',
    greeting: 'Dear Sir or Madam,',
    intro: (date: string) => `thank you for your order of ${date}, which we hereby confirm as follows:`,
    columns: ['Pos.', 'Description', 'Qty', 'Unit price', 'VAT', 'Amount'],
    net: 'Total net',
    vat: (rate: string) => `VAT ${rate} %`,
    gross: 'Order total',
    deliveryOn: (date: string) => `Delivery date: ${date}.`,
    deliveryOpen: 'We will let you know the delivery date separately.',
    notes: 'Notes',
    terms: 'Payment terms',
    invoice: 'You will receive the invoice with the delivery.',
    closing: 'Thank you for your trust; we look forward to working with you.',
    regards: 'Kind regards',
  },
};

function formatNumber(value: number, decimals: number, language: 'de' | 'en'): string {
  return new Intl.NumberFormat(language === 'de' ? 'de-DE' : 'en-GB', {
    maximumFractionDigits: decimals,
  }).format(value);
}

function drawLines(letter: Letter, input: OrderConfirmationDocument, language: 'de' | 'en'): void {
  const { doc } = letter;
  const t = TEXT[language];
  const money = (cents: number) => formatMoney(Money.of(cents, input.order.currency), language);
  // Columns in mm: position, description, quantity, unit price, VAT, amount.
  const x = [LEFT, LEFT + 10, 122, 141, 163, 170];
  const widths = [9, 96, 18, 21, 8, RIGHT - 170];
  const cellsAt = (cells: readonly string[]) =>
    cells.forEach((cell, i) =>
      doc.text(cell, (x[i] as number) * MM, letter.y * MM, {
        width: (widths[i] as number) * MM,
        align: i >= 2 ? 'right' : 'left',
      }),
    );
  const header = (): void => {
    doc.font(BOLD).fontSize(9);
    cellsAt(t.columns);
    letter.y += 5;
    horizontalRule(letter);
  };
  header();
  for (const line of input.lines) {
    doc.font(FONT).fontSize(9);
    const height = Math.max(4.5, doc.heightOfString(line.description, { width: 96 * MM }) / MM + 1);
    if (letter.y + height > 255) {
      letter.ensureSpace(300);
      header();
      doc.font(FONT).fontSize(9);
    }
    cellsAt([
      String(line.position),
      line.description,
      `${formatNumber(line.quantityMilli / 1000, 3, language)} ${line.unit === 'C62' ? '' : line.unit}`.trim(),
      money(line.unitPriceCents),
      `${formatNumber(line.vatRateBasisPoints / 100, 2, language)} %`,
      money(line.netCents),
    ]);
    letter.y += height;
  }
  horizontalRule(letter);
  letter.y += 0.5;
}

function drawTotals(letter: Letter, input: OrderConfirmationDocument, language: 'de' | 'en'): void {
  const { doc } = letter;
  const t = TEXT[language];
  const money = (m: Money) => formatMoney(m, language);
  // The same totals the invoice will have: VAT per rate on the sum of the line nets (EN 16931).
  const totals = computeInvoiceTotals(input.lines, input.order.currency);
  const rows: [string, string, boolean][] = [[t.net, money(totals.net), false]];
  for (const r of totals.vatBreakdown) {
    const label = t.vat(formatNumber(r.vatRateBasisPoints / 100, 2, language));
    rows.push([totals.vatBreakdown.length > 1 ? `${label} (${money(r.net)})` : label, money(r.vat), false]);
  }
  rows.push([t.gross, money(totals.gross), true]);
  letter.ensureSpace(rows.length * 5 + 4);
  for (const [label, value, bold] of rows) {
    doc.font(bold ? BOLD : FONT).fontSize(bold ? 10 : 9);
    doc.text(label, 105 * MM, letter.y * MM, { width: 55 * MM });
    doc.text(value, 160 * MM, letter.y * MM, { width: (RIGHT - 160) * MM, align: 'right' });
    letter.y += bold ? 6 : 4.8;
  }
  letter.y += 4;
}

export async function renderOrderConfirmationPdf(input: OrderConfirmationDocument): Promise<Uint8Array> {
  const language = input.customer.language;
  const t = TEXT[language];
  const date = (d: CalendarDate) => formatCalendarDate(d, language);
  const { order } = input;
  const info: [string, string][] = [
    [t.number, order.number],
    [t.orderedOn, date(order.orderedOn)],
    ...(order.confirmedOn ? [[t.confirmedOn, date(order.confirmedOn)] as [string, string]] : []),
    [t.customer, input.customer.number],
    ...(order.deliveryDate ? [[t.delivery, date(order.deliveryDate)] as [string, string]] : []),
    ...(input.customer.vatId ? [[t.vatId, input.customer.vatId] as [string, string]] : []),
  ];
  const letter = createLetter({
    company: input.company,
    recipient: { lines: recipientLines(input.customer.name, input.customer.address) },
    info,
    subject: t.subject(order.number),
    language,
    title: t.subject(order.number),
  });
  letter.paragraph(t.greeting);
  letter.paragraph(t.intro(date(order.orderedOn)), { gapAfter: 4 });
  drawLines(letter, input, language);
  drawTotals(letter, input, language);
  letter.paragraph(order.deliveryDate ? t.deliveryOn(date(order.deliveryDate)) : t.deliveryOpen);
  if (order.notes) {
    letter.paragraph(t.notes, { bold: true, gapAfter: 1 });
    letter.paragraph(order.notes);
  }
  letter.paragraph(t.terms, { bold: true, gapAfter: 1 });
  letter.paragraph([input.terms.due, ...input.terms.skonto].join(' '), { size: 9.5, gapAfter: 1.5 });
  letter.paragraph(input.terms.latePayment.join(' '), { size: 9.5 });
  letter.paragraph(t.invoice);
  letter.paragraph(t.closing);
  letter.paragraph(`${t.regards}\n${input.company.name}`);
  return letter.finish();
}
