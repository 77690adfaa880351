/**
 * @module notice-pdf
 * A reminder or dunning letter: the stage's wording (an editable template) and one statement of
 * every claim it lists — invoice, date, due date, amount, payments, what is open, interest, costs
 * and the §288 Abs. 5 BGB flat fee — then the stage fee and the total due by the new deadline,
 * with each interest amount explained by its period, rate and principal. The EPC QR code asks for
 * the total and names the invoices, so the payment comes back matched.
 *
 * @example
 * const pdf = await renderNoticePdf({ company, customer, notice, items, template });
 */
import { type CalendarDate, formatCalendarDate } from '../domain/calendar-date.ts';
import { creditorReferenceOrNull } from '../domain/creditor-reference.ts';
import { formatMoney } from '../domain/format-money.ts';
import { Money } from '../domain/money.ts';
import { buildEpcQrPayload } from '../formats/epc-qr.ts';
import type { CompanyProfile } from '../services/company-service.ts';
import type { InvoiceDocumentCustomer } from './invoice-pdf.ts';
import { drawPaymentBlock } from './invoice-pdf.ts';
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
import { fillTemplate, type LetterTemplate, NEXT_STEP } from './letter-templates.ts';

export interface NoticeDocument {
  id: number;
  issuedOn: CalendarDate;
  paymentDeadline: CalendarDate | null;
  currency: string;
  feeCents: number;
  feeWaivedBecause: string | null;
  totalCents: number;
  announcesEscalation: boolean;
}

export interface InterestSegment {
  from: string;
  to: string;
  days: number;
  ratePercent: string;
  baseRatePercent: string | null;
  principalCents: number;
  interestCents: number;
}

export interface NoticeDocumentItem {
  invoiceNumber: string;
  issuedOn: CalendarDate;
  dueDate: CalendarDate;
  grossCents: number;
  openPrincipalCents: number;
  openCostsCents: number;
  interestCents: number;
  interestPaidCents: number;
  flatFeeCents: number;
  totalCents: number;
  interestSegments: InterestSegment[];
  /** The stage this invoice reached, named when the letter joins invoices at different stages. */
  stageName?: string | null;
}

export interface RenderNoticePdfInput {
  company: CompanyProfile;
  customer: InvoiceDocumentCustomer;
  notice: NoticeDocument;
  items: readonly NoticeDocumentItem[];
  template: LetterTemplate;
}

const TEXT = {
  de: {
    date: 'Datum',
    customer: 'Kundennr.',
    deadline: 'Zahlbar bis',
    columns: ['Rechnung', 'vom', 'fällig', 'Betrag', 'gezahlt', 'offen', 'Zinsen', 'Kosten'],
    flatFee: 'Verzugspauschale (§ 288 Abs. 5 BGB)',
    fee: 'Mahngebühr',
    total: 'Gesamtbetrag',
    interestTitle: 'Verzugszinsen (§ 288 BGB)',
    interest: (
      invoice: string,
      from: string,
      to: string,
      days: number,
      rate: string,
      base: string | null,
      principal: string,
      amount: string,
    ) =>
      `${invoice}: ${rate} % p. a.${base !== null ? ` (Basiszinssatz ${base} %)` : ''} vom ${from} bis ${to} (${days} Tage) auf ${principal}: ${amount}`,
    interestPaid: (invoice: string, amount: string) =>
      `${invoice}: bereits gezahlte Zinsen ${amount} abgezogen`,
    pay: (total: string, deadline: string) => `Bitte überweisen Sie ${total} bis zum ${deadline}.`,
    reference: (ref: string) => `Verwendungszweck: ${ref}`,
    account: (iban: string, bic: string | null) => `IBAN ${iban}${bic ? `, BIC ${bic}` : ''}`,
    qr: 'GiroCode: mit der Banking-App scannen',
  },
  en: {
    date: 'Date',
    customer: 'Customer no.',
    deadline: 'Pay by',
    columns: ['Invoice', 'dated', 'due', 'Amount', 'paid', 'open', 'Interest', 'Costs'],
    flatFee: 'Late payment flat fee (§ 288 (5) BGB)',
    fee: 'Dunning fee',
    total: 'Total due',
    interestTitle: 'Default interest (§ 288 BGB)',
    interest: (
      invoice: string,
      from: string,
      to: string,
      days: number,
      rate: string,
      base: string | null,
      principal: string,
      amount: string,
    ) =>
      `${invoice}: ${rate} % p.a.${base !== null ? ` (base rate ${base} %)` : ''} from ${from} to ${to} (${days} days) on ${principal}: ${amount}`,
    interestPaid: (invoice: string, amount: string) => `${invoice}: interest already paid ${amount} deducted`,
    pay: (total: string, deadline: string) => `Please transfer ${total} by ${deadline}.`,
    reference: (ref: string) => `Payment reference: ${ref}`,
    account: (iban: string, bic: string | null) => `IBAN ${iban}${bic ? `, BIC ${bic}` : ''}`,
    qr: 'GiroCode: scan with your banking app',
  },
};

/** The statement of claims: one row per invoice, then flat fees, the stage fee and the total. */
function drawStatement(letter: Letter, input: RenderNoticePdfInput, language: 'de' | 'en'): void {
  const { doc } = letter;
  const t = TEXT[language];
  const money = (cents: number) => formatMoney(Money.of(cents, input.notice.currency), language);
  const date = (d: CalendarDate) => formatCalendarDate(d, language);
  const x = [LEFT, 52, 72, 92, 114, 134, 154, 172];
  const widths = [27, 20, 20, 22, 20, 20, 18, RIGHT - 172];
  const row = (cells: string[], bold = false): void => {
    doc.font(bold ? BOLD : FONT).fontSize(8.5);
    cells.forEach((cell, i) =>
      doc.text(cell, (x[i] as number) * MM, letter.y * MM, {
        width: (widths[i] as number) * MM,
        align: i >= 3 ? 'right' : 'left',
        lineBreak: false,
      }),
    );
    letter.y += 4.6;
  };
  const rule = (): void => {
    doc
      .moveTo(LEFT * MM, letter.y * MM)
      .lineTo(RIGHT * MM, letter.y * MM)
      .lineWidth(0.5)
      .stroke();
    letter.y += 1.5;
  };
  letter.ensureSpace(12 + input.items.length * 4.6);
  row(t.columns, true);
  rule();
  for (const item of input.items) {
    letter.ensureSpace(5);
    row([
      item.invoiceNumber,
      date(item.issuedOn),
      date(item.dueDate),
      money(item.grossCents),
      money(item.grossCents - item.openPrincipalCents),
      money(item.openPrincipalCents),
      money(Math.max(0, item.interestCents - item.interestPaidCents)),
      money(item.openCostsCents),
    ]);
  }
  rule();
  const sums: [string, number][] = [];
  const flatFees = input.items.reduce((sum, i) => sum + i.flatFeeCents, 0);
  if (flatFees > 0) sums.push([t.flatFee, flatFees]);
  if (input.notice.feeCents > 0) sums.push([t.fee, input.notice.feeCents]);
  const open = input.items.reduce(
    (sum, i) =>
      sum + i.openPrincipalCents + i.openCostsCents + Math.max(0, i.interestCents - i.interestPaidCents),
    0,
  );
  letter.ensureSpace((sums.length + 2) * 4.6 + 8);
  for (const [label, cents] of [
    [language === 'de' ? 'Offene Forderungen' : 'Claims open', open] as [string, number],
    ...sums,
  ]) {
    doc.font(FONT).fontSize(9);
    doc.text(label, 105 * MM, letter.y * MM, { width: 60 * MM });
    doc.text(money(cents), 165 * MM, letter.y * MM, { width: (RIGHT - 165) * MM, align: 'right' });
    letter.y += 4.6;
  }
  doc.font(BOLD).fontSize(10);
  doc.text(t.total, 105 * MM, letter.y * MM, { width: 60 * MM });
  doc.text(money(input.notice.totalCents), 160 * MM, letter.y * MM, {
    width: (RIGHT - 160) * MM,
    align: 'right',
  });
  letter.y += 8;

  const explanations = input.items.flatMap((item) => [
    ...item.interestSegments.map((s) =>
      t.interest(
        item.invoiceNumber,
        date(s.from as CalendarDate),
        date(s.to as CalendarDate),
        s.days,
        s.ratePercent.replace('.', language === 'de' ? ',' : '.'),
        s.baseRatePercent === null ? null : s.baseRatePercent.replace('.', language === 'de' ? ',' : '.'),
        money(s.principalCents),
        money(s.interestCents),
      ),
    ),
    ...(item.interestPaidCents > 0
      ? [t.interestPaid(item.invoiceNumber, money(item.interestPaidCents))]
      : []),
  ]);
  if (explanations.length > 0) {
    letter.paragraph(t.interestTitle, { bold: true, size: 8.5, gapAfter: 1 });
    letter.paragraph(explanations.join('\n'), { size: 8, gapAfter: 4 });
  }
  const stages = input.items.filter((i) => i.stageName).map((i) => `${i.invoiceNumber}: ${i.stageName}`);
  if (stages.length > 0) {
    letter.paragraph(
      `${language === 'de' ? 'Mahnstufe je Rechnung' : 'Stage per invoice'}: ${stages.join(' · ')}`,
      {
        size: 8,
        gapAfter: 4,
      },
    );
  }
}

/** The day the notice asks to be paid by: its deadline, else the first due date, else its date. */
export function noticeDeadline(input: RenderNoticePdfInput): CalendarDate {
  return input.notice.paymentDeadline ?? input.items[0]?.dueDate ?? input.notice.issuedOn;
}

/** The stage's template with this notice's values: the same words in the letter and the e-mail. */
export function fillNoticeTemplate(input: RenderNoticePdfInput): LetterTemplate {
  const language = input.customer.language;
  const money = (cents: number) => formatMoney(Money.of(cents, input.notice.currency), language);
  const date = (d: CalendarDate) => formatCalendarDate(d, language);
  return fillTemplate(input.template, {
    customerName: input.customer.name,
    customerNumber: input.customer.number,
    companyName: input.company.name,
    invoiceCount: String(input.items.length),
    total: money(input.notice.totalCents),
    deadline: date(noticeDeadline(input)),
    issueDate: date(input.notice.issuedOn),
    fee: money(input.notice.feeCents),
    nextStep: NEXT_STEP[language],
  });
}

export async function renderNoticePdf(input: RenderNoticePdfInput): Promise<Uint8Array> {
  const language = input.customer.language;
  const t = TEXT[language];
  const date = (d: CalendarDate) => formatCalendarDate(d, language);
  const deadline = noticeDeadline(input);
  const filled = fillNoticeTemplate(input);
  const letter = createLetter({
    company: input.company,
    recipient: { lines: recipientLines(input.customer.name, input.customer.address) },
    info: [
      [t.date, date(input.notice.issuedOn)],
      [t.customer, input.customer.number],
      [t.deadline, date(deadline)],
    ],
    subject: filled.subject,
    language,
    title: filled.subject,
  });
  // The statement of claims goes where the template says {{claims}}, else after the first paragraphs.
  const [before, after] = splitAtClaims(filled.body);
  for (const paragraph of before) letter.paragraph(paragraph);
  letter.y += 1;
  drawStatement(letter, input, language);
  if (input.company.bank && input.notice.totalCents > 0) drawPayment(letter, input, deadline, language);
  for (const paragraph of after) letter.paragraph(paragraph);
  return letter.finish();
}

/** The paragraphs before and after the statement of claims: at `{{claims}}`, else before the closing. */
export function splitAtClaims(body: string): [string[], string[]] {
  const paragraphs = body
    .split(/\n\s*\n/)
    .map((p) => p.trim())
    .filter(Boolean);
  const marker = paragraphs.findIndex((p) => p.includes('{{claims}}'));
  if (marker >= 0) {
    return [paragraphs.slice(0, marker), paragraphs.slice(marker + 1)];
  }
  // Without the marker: greeting and the request first, the closing after the statement.
  const closing = paragraphs.findIndex((p) =>
    /^(Mit freundlichen Grüßen|Kind regards|Best regards)/i.test(p),
  );
  const split = closing > 0 ? closing : paragraphs.length;
  return [paragraphs.slice(0, split), paragraphs.slice(split)];
}

/**
 * What a transfer paying several claims should say: one invoice, its RF reference; several, the
 * customer and invoice numbers as text, which matching reads back — whole numbers only, up to the
 * 140 characters of the EPC text (half a number would match another invoice).
 */
export function paymentReferenceOf(
  customerNumber: string,
  invoiceNumbers: readonly string[],
): { reference: string | null; text: string | null } {
  const single = invoiceNumbers.length === 1 ? creditorReferenceOrNull(invoiceNumbers[0] as string) : null;
  if (single) return { reference: single, text: null };
  let text = `Kd ${customerNumber}`;
  for (const number of invoiceNumbers) {
    if (`${text} ${number}`.length > 140) break;
    text = `${text} ${number}`;
  }
  return { reference: null, text };
}

function drawPayment(
  letter: Letter,
  input: RenderNoticePdfInput,
  deadline: CalendarDate,
  language: 'de' | 'en',
): void {
  const t = TEXT[language];
  const bank = input.company.bank as NonNullable<CompanyProfile['bank']>;
  const { reference: single, text } = paymentReferenceOf(
    input.customer.number,
    input.items.map((i) => i.invoiceNumber),
  );
  const lines = [
    t.pay(
      formatMoney(Money.of(input.notice.totalCents, input.notice.currency), language),
      formatCalendarDate(deadline, language),
    ),
    t.reference(single ? single.replace(/(.{4})/g, '$1 ').trim() : (text as string)),
    t.account(formatIban(bank.iban), bank.bic),
  ].join('\n');
  const payload = buildEpcQrPayload({
    name: input.company.name.slice(0, 70),
    iban: bank.iban,
    bic: bank.bic,
    amountCents: input.notice.totalCents,
    ...(single ? { reference: single } : { text }),
  });
  drawPaymentBlock(letter, lines, { payload, label: t.qr });
}
