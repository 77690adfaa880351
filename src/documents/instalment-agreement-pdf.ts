/**
 * @module instalment-agreement-pdf
 * The instalment agreement (Ratenzahlungsvereinbarung) as a DIN 5008 letter: the claims it covers,
 * each with principal, costs and interest to the agreement day, so that the total is explained to
 * the cent; the schedule; the acceleration clause (a missed instalment makes the whole remaining
 * balance due after the grace period); the debtor's acknowledgement of the debt (which restarts
 * limitation, § 212 Abs. 1 Nr. 1 BGB); signature lines; and the EPC QR code for the next instalment.
 * Agreed interest is named with its rate and basis, and the schedule shows the interest in each
 * instalment.
 */
import { buildEpcQrPayload } from '../formats/epc-qr.ts';
import { type CalendarDate, formatCalendarDate } from '../domain/calendar-date.ts';
import { formatMoney } from '../domain/format-money.ts';
import { Money } from '../domain/money.ts';
import type { CompanyProfile } from '../services/company-service.ts';
import { drawPaymentBlock, type InvoiceDocumentCustomer } from './invoice-pdf.ts';
import {
  BOLD,
  createLetter,
  FONT,
  formatIban,
  LEFT,
  type Letter,
  MM,
  recipientLines,
  RIGHT,
} from './letter-pdf.ts';
import { paymentReferenceOf } from './notice-pdf.ts';

export interface AgreementClaim {
  invoiceNumber: string;
  dueDate: CalendarDate;
  openPrincipalCents: number;
  /** Costs and the flat fee of § 288 Abs. 5 BGB. */
  costsCents: number;
  /** Default interest to the agreement day, less what was paid on it. */
  interestCents: number;
  totalCents: number;
}

export interface RenderInstalmentAgreementInput {
  company: CompanyProfile;
  customer: InvoiceDocumentCustomer;
  plan: {
    id: number;
    agreedOn: CalendarDate;
    currency: string;
    /** What the claims come to (the table of claims). */
    claimsCents: number;
    /** The whole schedule: the claims plus agreed interest. */
    totalCents: number;
    graceDays: number;
    /** Agreed interest, per cent a year; null: none. */
    interest: { ratePercent: string; dayCount: string; totalCents: number } | null;
  };
  claims: AgreementClaim[];
  schedule: {
    number: number;
    dueDate: CalendarDate;
    amountCents: number;
    paidCents: number;
    /** Agreed interest in the amount. */
    interestCents?: number;
  }[];
}

const TEXT = {
  de: {
    title: 'Ratenzahlungsvereinbarung',
    plan: 'Vereinbarung Nr.',
    date: 'Datum',
    customer: 'Kundennr.',
    intro: (date: string, total: string) =>
      `zwischen uns und Ihnen wird folgende Ratenzahlung vereinbart. Sie umfasst unsere Forderungen mit dem Stand vom ${date}, insgesamt ${total}:`,
    claimColumns: ['Rechnung', 'fällig', 'Hauptforderung', 'Kosten', 'Zinsen', 'Summe'],
    total: 'Gesamtbetrag',
    scheduleIntro: 'Sie zahlen diesen Betrag wie folgt:',
    scheduleColumns: ['Rate', 'fällig am', 'Betrag', 'bezahlt'],
    scheduleColumnsWithInterest: ['Rate', 'fällig am', 'Betrag', 'davon Zinsen', 'bezahlt'],
    interestAgreed: (rate: string, total: string, sum: string) =>
      `Auf den jeweils noch offenen Teil der Hauptforderung zahlen Sie Zinsen von ${rate} % jährlich (taggenau, 365 Tage); Kosten und bereits entstandene Zinsen werden nicht verzinst. Die Zinsen sind in den Raten enthalten und betragen insgesamt ${total}; mit ihnen zahlen Sie ${sum}.`,
    down: 'Anzahlung',
    acknowledgement:
      'Sie erkennen die oben aufgeführten Forderungen dem Grunde und der Höhe nach an. Solange Sie die Raten pünktlich zahlen, werden wir aus diesen Forderungen nicht weiter mahnen oder vollstrecken.',
    acceleration: (days: number) =>
      `Geraten Sie mit einer Rate ganz oder teilweise länger als ${days} Tage in Rückstand, wird der gesamte dann noch offene Betrag sofort zur Zahlung fällig (Verfallklausel); wir nehmen das Mahnverfahren dann wieder auf.`,
    interest: (date: string) =>
      `Verzugszinsen, die nach dem ${date} entstehen, und Zahlungen, die vor diesem Tag eingegangen, aber noch nicht verbucht sind, bleiben vorbehalten. Zahlungen werden auf die jeweils älteste offene Rate angerechnet.`,
    pay: (amount: string, date: string) =>
      `Bitte überweisen Sie die nächste Rate von ${amount} bis zum ${date}.`,
    reference: (ref: string) => `Verwendungszweck: ${ref}`,
    account: (iban: string, bic: string | null) => `IBAN ${iban}${bic ? `, BIC ${bic}` : ''}`,
    qr: 'GiroCode: mit der Banking-App scannen',
    sign: 'Bitte senden Sie uns ein unterschriebenes Exemplar zurück.',
    place: 'Ort, Datum',
    creditor: 'Gläubiger',
    debtor: 'Schuldner',
  },
  en: {
    title: 'Instalment agreement',
    plan: 'Agreement no.',
    date: 'Date',
    customer: 'Customer no.',
    intro: (date: string, total: string) =>
      `we agree with you on the following instalment plan. It covers our claims as they stood on ${date}, ${total} in total:`,
    claimColumns: ['Invoice', 'due', 'Principal', 'Costs', 'Interest', 'Total'],
    total: 'Total',
    scheduleIntro: 'You pay this amount as follows:',
    scheduleColumns: ['Instalment', 'due on', 'Amount', 'paid'],
    scheduleColumnsWithInterest: ['Instalment', 'due on', 'Amount', 'of which interest', 'paid'],
    interestAgreed: (rate: string, total: string, sum: string) =>
      `You pay interest of ${rate} % a year on the part of the principal still open (actual days, 365-day year); costs and interest already accrued bear no interest. The interest is included in the instalments and comes to ${total}; with it you pay ${sum}.`,
    down: 'Down payment',
    acknowledgement:
      'You acknowledge the claims listed above in principle and in amount. As long as you pay the instalments on time, we will take no further dunning or enforcement action on these claims.',
    acceleration: (days: number) =>
      `If you fall behind with an instalment, in whole or in part, by more than ${days} days, the whole balance then outstanding falls due at once (acceleration clause) and we will resume dunning.`,
    interest: (date: string) =>
      `Default interest arising after ${date}, and payments received before that day but not yet booked, are reserved. Payments are credited to the oldest open instalment.`,
    pay: (amount: string, date: string) => `Please transfer the next instalment of ${amount} by ${date}.`,
    reference: (ref: string) => `Reference: ${ref}`,
    account: (iban: string, bic: string | null) => `IBAN ${iban}${bic ? `, BIC ${bic}` : ''}`,
    qr: 'GiroCode: scan with your banking app',
    sign: 'Please return a signed copy to us.',
    place: 'Place, date',
    creditor: 'Creditor',
    debtor: 'Debtor',
  },
};

function table(letter: Letter, x: number[], widths: number[], cells: string[], bold = false): void {
  const { doc } = letter;
  letter.ensureSpace(5);
  doc.font(bold ? BOLD : FONT).fontSize(8.5);
  cells.forEach((cell, i) =>
    doc.text(cell, (x[i] as number) * MM, letter.y * MM, {
      width: (widths[i] as number) * MM,
      align: i >= 2 ? 'right' : 'left',
      lineBreak: false,
    }),
  );
  letter.y += 4.6;
}

function rule(letter: Letter): void {
  letter.doc
    .moveTo(LEFT * MM, letter.y * MM)
    .lineTo(RIGHT * MM, letter.y * MM)
    .lineWidth(0.5)
    .stroke();
  letter.y += 1.5;
}

export async function renderInstalmentAgreementPdf(
  input: RenderInstalmentAgreementInput,
): Promise<Uint8Array> {
  const language = input.customer.language;
  const t = TEXT[language];
  const money = (cents: number) => formatMoney(Money.of(cents, input.plan.currency), language);
  const date = (d: CalendarDate) => formatCalendarDate(d, language);
  const letter = createLetter({
    company: input.company,
    recipient: { lines: recipientLines(input.customer.name, input.customer.address) },
    info: [
      [t.plan, String(input.plan.id)],
      [t.date, date(input.plan.agreedOn)],
      [t.customer, input.customer.number],
    ],
    subject: t.title,
    language,
    title: `${t.title} ${input.plan.id}`,
  });
  letter.paragraph(language === 'de' ? 'Sehr geehrte Damen und Herren,' : 'Dear Sir or Madam,');
  letter.paragraph(t.intro(date(input.plan.agreedOn), money(input.plan.claimsCents)));

  const claimX = [LEFT, 57, 80, 112, 138, 162];
  const claimW = [32, 22, 30, 24, 22, RIGHT - 162];
  table(letter, claimX, claimW, t.claimColumns, true);
  rule(letter);
  for (const claim of input.claims) {
    table(letter, claimX, claimW, [
      claim.invoiceNumber,
      date(claim.dueDate),
      money(claim.openPrincipalCents),
      money(claim.costsCents),
      money(claim.interestCents),
      money(claim.totalCents),
    ]);
  }
  rule(letter);
  table(letter, claimX, claimW, [t.total, '', '', '', '', money(input.plan.claimsCents)], true);
  letter.y += 3;

  const interest = input.plan.interest;
  if (interest) {
    const rate = language === 'de' ? interest.ratePercent.replace('.', ',') : interest.ratePercent;
    letter.paragraph(t.interestAgreed(rate, money(interest.totalCents), money(input.plan.totalCents)));
  }
  letter.paragraph(t.scheduleIntro);
  const planX = interest ? [LEFT, 50, 80, 115, 150] : [LEFT, 60, 100, 150];
  const planW = interest ? [25, 30, 35, 35, RIGHT - 150] : [35, 40, 50, RIGHT - 150];
  table(letter, planX, planW, interest ? t.scheduleColumnsWithInterest : t.scheduleColumns, true);
  rule(letter);
  for (const instalment of input.schedule) {
    table(letter, planX, planW, [
      instalment.number === 0 ? t.down : `${instalment.number}.`,
      date(instalment.dueDate),
      money(instalment.amountCents),
      ...(interest ? [money(instalment.interestCents ?? 0)] : []),
      instalment.paidCents > 0 ? money(instalment.paidCents) : '',
    ]);
  }
  if (interest) {
    rule(letter);
    table(
      letter,
      planX,
      planW,
      [t.total, '', money(input.plan.totalCents), money(interest.totalCents), ''],
      true,
    );
  }
  letter.y += 3;
  letter.paragraph(t.acknowledgement);
  letter.paragraph(t.acceleration(input.plan.graceDays));
  letter.paragraph(t.interest(date(input.plan.agreedOn)));

  const next = input.schedule.find((i) => i.paidCents < i.amountCents);
  const bank = input.company.bank;
  if (next && bank) {
    const amountCents = next.amountCents - next.paidCents;
    const { reference, text } = paymentReferenceOf(
      input.customer.number,
      input.claims.map((c) => c.invoiceNumber),
    );
    const payload = buildEpcQrPayload({
      name: input.company.name.slice(0, 70),
      iban: bank.iban,
      bic: bank.bic,
      amountCents,
      ...(reference ? { reference } : { text }),
    });
    drawPaymentBlock(
      letter,
      [
        t.pay(money(amountCents), date(next.dueDate)),
        t.reference(reference ? reference.replace(/(.{4})/g, '$1 ').trim() : (text as string)),
        t.account(formatIban(bank.iban), bank.bic),
      ].join('\n'),
      { payload, label: t.qr },
    );
  }
  letter.paragraph(t.sign);
  letter.ensureSpace(28);
  letter.y += 14;
  const { doc } = letter;
  for (const [x, who] of [
    [LEFT, t.creditor],
    [112, t.debtor],
  ] as const) {
    doc
      .moveTo(x * MM, letter.y * MM)
      .lineTo((x + 70) * MM, letter.y * MM)
      .lineWidth(0.5)
      .stroke();
    doc
      .font(FONT)
      .fontSize(8)
      .text(`${t.place} · ${who}`, x * MM, (letter.y + 1.5) * MM, { width: 70 * MM });
  }
  letter.y += 8;
  return letter.finish();
}
