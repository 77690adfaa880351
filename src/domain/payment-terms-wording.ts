/**
 * @module payment-terms-wording
 * Payment terms stated plainly, as an order confirmation (and an invoice) should state them: when
 * payment is due, what Skonto is granted until when, and what late payment costs — worded for the
 * kind of debtor, in German or English. Telling the customer the consequences up front is friendly
 * and has legal effect: a consumer is in default 30 days after due date and receipt of the invoice
 * only if told so (§ 286 Abs. 3 BGB), so the consumer wording says it.
 *
 * Late payment: consumers owe default interest of 5 percentage points above the base rate
 * (§ 288 Abs. 1 BGB); businesses 9 points (§ 288 Abs. 2 BGB; 8 for obligations before 29 July 2014)
 * and a flat fee of €40 (§ 288 Abs. 5 BGB), which counts against later costs of collection. A due
 * date fixed by the calendar puts the debtor in default without a reminder (§ 286 Abs. 2 Nr. 1 BGB).
 *
 * @example
 * const w = describePaymentTerms({ terms, debtorKind: 'business', language: 'de', obligationDate: '2025-05-02' });
 * w.text; // "Zahlbar innerhalb von 30 Tagen nach Rechnungsdatum ohne Abzug. …"
 */
import { addDays, type CalendarDate, formatCalendarDate } from './calendar-date.ts';
import {
  type DebtorKind,
  type InterestRateBasis,
  interestRateBasis,
  lateFeeFlatRate,
} from './default-interest.ts';
import { formatMoney, type Language } from './format-money.ts';
import { Money } from './money.ts';
import type { PaymentTerms } from './payment-terms.ts';
import { addPercent, formatPercent, type Percent, percentFromUnits } from './percent.ts';

export interface DescribePaymentTermsOptions {
  terms: PaymentTerms;
  debtorKind: DebtorKind;
  language: Language;
  /** When the obligation arose (the order date): decides +8 or +9 points and the flat fee. */
  obligationDate: CalendarDate;
  /**
   * The invoice date, when known: the wording then names the days (`bis zum 20.06.2025`); without it
   * (an order confirmation) it states the rule (`innerhalb von 30 Tagen nach Rechnungsdatum`).
   */
  issuedOn?: CalendarDate;
  /** The base rate in force, to state the rate that applies today as an example. */
  currentBaseRate?: { rate: Percent; validFrom: CalendarDate };
  /** Currency of the Skonto base amounts; default EUR. */
  currency?: string;
}

export interface PaymentTermsWording {
  /** When payment is due, without deduction. */
  due: string;
  /** One sentence per Skonto tier, best first. */
  skonto: string[];
  /** What happens on late payment: default, interest, the flat fee. */
  latePayment: string[];
  /** All of it as one paragraph. */
  text: string;
}

const POINTS: Record<Exclude<InterestRateBasis, 'contractual'>, number> = {
  'statutory-consumer': 5,
  'statutory-business': 9,
  'statutory-business-before-2014-07-29': 8,
};

function percentText(p: Percent, language: Language): string {
  const text = formatPercent(p, 0);
  return language === 'de' ? text.replace('.', ',') : text;
}

function plural(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}

const WORDS = {
  de: {
    dueNet: (days: number) =>
      days === 0
        ? 'Zahlbar sofort nach Rechnungsdatum ohne Abzug.'
        : `Zahlbar innerhalb von ${plural(days, 'Tag', 'Tagen')} nach Rechnungsdatum ohne Abzug.`,
    dueNetOn: (date: string, days: number) =>
      `Zahlbar ohne Abzug bis zum ${date} (${plural(days, 'Tag', 'Tage')} nach Rechnungsdatum).`,
    dueFixed: (date: string) => `Zahlbar ohne Abzug bis zum ${date}.`,
    dueInstalments: (count: number, firstDays: number, every: string) =>
      `Zahlbar in ${count} Raten ohne Abzug: die erste ${firstDays === 0 ? 'mit dem Rechnungsdatum' : `${plural(firstDays, 'Tag', 'Tage')} nach Rechnungsdatum`}, die weiteren ${every}.`,
    every: (n: number, unit: 'months' | 'days') =>
      unit === 'months'
        ? n === 1
          ? 'jeweils einen Monat später'
          : `jeweils ${n} Monate später`
        : `jeweils ${plural(n, 'Tag', 'Tage')} später`,
    skonto: (percent: string, days: number, base: string | null) =>
      `Bei Zahlung innerhalb von ${plural(days, 'Tag', 'Tagen')} nach Rechnungsdatum gewähren wir ${percent} % Skonto${base ? ` auf ${base}` : ''}.`,
    skontoOn: (percent: string, date: string, base: string | null) =>
      `Bei Zahlung bis zum ${date} gewähren wir ${percent} % Skonto${base ? ` auf ${base}` : ''}.`,
    credited: 'Maßgeblich ist der Tag, an dem der Betrag unserem Konto gutgeschrieben wird.',
    thirtyDays:
      'Zahlen Sie nicht rechtzeitig, kommen Sie spätestens 30 Tage nach Fälligkeit und Zugang der Rechnung in Verzug, auch ohne Mahnung (§ 286 Abs. 3 BGB).',
    calendarFixed:
      'Zahlen Sie bis zu diesem Tag nicht, kommen Sie ohne Mahnung in Verzug (§ 286 Abs. 2 Nr. 1 BGB).',
    interest: (points: number, paragraph: string, current: string | null) =>
      `Im Verzug berechnen wir Verzugszinsen von ${points} Prozentpunkten über dem jeweiligen Basiszinssatz (${paragraph})${current ? `, derzeit ${current} % im Jahr` : ''}.`,
    flatFee: (amount: string) =>
      `Außerdem berechnen wir eine Verzugspauschale von ${amount} (§ 288 Abs. 5 BGB); sie wird auf weitere Kosten der Rechtsverfolgung angerechnet.`,
    paragraphConsumer: '§ 288 Abs. 1 BGB',
    paragraphBusiness: '§ 288 Abs. 2 BGB',
  },
  en: {
    dueNet: (days: number) =>
      days === 0
        ? 'Payable immediately upon the invoice date, without deduction.'
        : `Payable within ${plural(days, 'day', 'days')} of the invoice date, without deduction.`,
    dueNetOn: (date: string, days: number) =>
      `Payable without deduction by ${date} (${plural(days, 'day', 'days')} after the invoice date).`,
    dueFixed: (date: string) => `Payable without deduction by ${date}.`,
    dueInstalments: (count: number, firstDays: number, every: string) =>
      `Payable in ${count} instalments without deduction: the first ${firstDays === 0 ? 'on the invoice date' : `${plural(firstDays, 'day', 'days')} after the invoice date`}, the others ${every}.`,
    every: (n: number, unit: 'months' | 'days') =>
      unit === 'months'
        ? n === 1
          ? 'one month apart'
          : `${n} months apart`
        : `${plural(n, 'day', 'days')} apart`,
    skonto: (percent: string, days: number, base: string | null) =>
      `If you pay within ${plural(days, 'day', 'days')} of the invoice date, you may deduct ${percent} % early payment discount (Skonto)${base ? ` on ${base}` : ''}.`,
    skontoOn: (percent: string, date: string, base: string | null) =>
      `If you pay by ${date}, you may deduct ${percent} % early payment discount (Skonto)${base ? ` on ${base}` : ''}.`,
    credited: 'What counts is the day the amount is credited to our account.',
    thirtyDays:
      'If you do not pay on time, you are in default at the latest 30 days after the due date and receipt of the invoice, even without a reminder (§ 286 (3) BGB).',
    calendarFixed:
      'If you have not paid by that day, you are in default without a reminder (§ 286 (2) no. 1 BGB).',
    interest: (points: number, paragraph: string, current: string | null) =>
      `While in default, you owe default interest at ${points} percentage points above the base rate (${paragraph})${current ? `, currently ${current} % a year` : ''}.`,
    flatFee: (amount: string) =>
      `We also charge a late payment flat fee of ${amount} (§ 288 (5) BGB), which counts against any further costs of collection.`,
    paragraphConsumer: '§ 288 (1) BGB',
    paragraphBusiness: '§ 288 (2) BGB',
  },
};

/** The payment terms stated plainly; see the module comment for the rules behind each sentence. */
export function describePaymentTerms(options: DescribePaymentTermsOptions): PaymentTermsWording {
  const { terms, language, issuedOn } = options;
  const w = WORDS[language];
  const date = (d: CalendarDate) => formatCalendarDate(d, language);
  const currency = options.currency ?? 'EUR';
  const baseOf = (cents: number | undefined) =>
    cents === undefined ? null : formatMoney(Money.of(cents, currency), language);

  let due: string;
  switch (terms.kind) {
    case 'net':
      due = issuedOn ? w.dueNetOn(date(addDays(issuedOn, terms.days)), terms.days) : w.dueNet(terms.days);
      break;
    case 'fixed-date':
      due = w.dueFixed(date(terms.dueDate));
      break;
    case 'instalments': {
      const every =
        'months' in terms.every ? w.every(terms.every.months, 'months') : w.every(terms.every.days, 'days');
      due = w.dueInstalments(terms.count, terms.firstDueDays, every);
      break;
    }
  }

  const skonto = terms.skonto.map((tier) =>
    issuedOn
      ? w.skontoOn(
          percentText(tier.percent, language),
          date(addDays(issuedOn, tier.days)),
          baseOf(tier.baseCents),
        )
      : w.skonto(percentText(tier.percent, language), tier.days, baseOf(tier.baseCents)),
  );
  if (skonto.length > 0) skonto.push(w.credited);

  const basis = interestRateBasis(options.debtorKind, options.obligationDate, false) as keyof typeof POINTS;
  const points = POINTS[basis];
  const current = options.currentBaseRate
    ? percentText(addPercent(options.currentBaseRate.rate, percentFromUnits(points, 0)), language)
    : null;
  const latePayment = [
    // § 286 Abs. 2 Nr. 1: a calendar date needs no reminder; otherwise the 30-day rule, which binds
    // a consumer only when told — so it is always said.
    terms.kind === 'fixed-date' ? w.calendarFixed : w.thirtyDays,
    w.interest(
      points,
      options.debtorKind === 'consumer' ? w.paragraphConsumer : w.paragraphBusiness,
      current,
    ),
  ];
  const flatFee = lateFeeFlatRate(options.debtorKind, options.obligationDate);
  if (!flatFee.isZero()) latePayment.push(w.flatFee(formatMoney(flatFee, language)));

  return { due, skonto, latePayment, text: [due, ...skonto, ...latePayment].join(' ') };
}

/**
 * The sentence that makes the 30-day rule bind a consumer (§ 286 Abs. 3 BGB): printed on every
 * invoice whose `thirtyDayNotice` says it carries it.
 */
export function thirtyDayNoticeSentence(language: Language): string {
  return WORDS[language].thirtyDays;
}
