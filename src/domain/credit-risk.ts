/**
 * @module credit-risk
 * A customer's credit risk as a score from 0 (safe) to 100 (risky), explained fact by fact, a
 * suggested credit limit, and what the cash forecast may expect of the customer.
 *
 * The score is the sum of its factors, each with a ceiling (the ceilings add up to 100):
 * - payment behaviour of the invoices that have a record (settled, or open past their due date):
 *   days late weighted by amount and recency (up to 30), the share paid late (up to 10);
 * - what is overdue now: its amount against a month's invoicing (up to 8), the oldest overdue
 *   invoice's days past due (up to 7);
 * - broken promises to pay (up to 8), returned payments (up to 6), disputes rejected (up to 4),
 *   dunning notices of the last 12 months (up to 3), collection cases and bad debt (up to 4);
 * - little history (up to 20): 4 points for each of the first five invoices with a record (of any
 *   age) still missing, so a customer without history starts at a neutral 20 ("medium"), not at 0.
 *
 * Every factor only grows with lateness: recency weights depend on the due date, not on the day
 * of payment, so paying later never moves an invoice into a lighter weight — the score is
 * monotonic (a property test proves it). Behaviour older than two years is left out.
 *
 * @example
 * const risk = assessCreditRisk({ today: '2025-06-30', invoices: [...], promisesBroken: 1, ... });
 * risk.score; // 47
 * risk.factors; // [{ key: 'days-late', points: 18, detail: '… 36.2 days late …' }, …]
 */
import { addDays, type CalendarDate, daysBetween, isCalendarDate } from './calendar-date.ts';
import { DomainError } from './domain-error.ts';
import { formatMoney } from './format-money.ts';
import { Money } from './money.ts';
import { divideRounded, roundHalfUp } from './rounding.ts';

/** Settled invoices due longer ago than this say nothing any more about how the customer pays. */
export const RISK_HISTORY_DAYS = 730;
/** Dunning notices count for this long. */
export const NOTICE_WINDOW_DAYS = 365;
/** The invoiced volume behind the suggested limit: invoices issued in this many days up to today. */
export const VOLUME_WINDOW_DAYS = 365;

export const RISK_BANDS = ['low', 'medium', 'high', 'very-high'] as const;
export type RiskBand = (typeof RISK_BANDS)[number];

/** The lowest score of each band, highest band first. */
const BAND_FLOORS: readonly (readonly [RiskBand, number])[] = [
  ['very-high', 60],
  ['high', 40],
  ['medium', 20],
  ['low', 0],
];

/** How likely the cash forecast counts a claim of a customer in each band as paid. */
export const PAYMENT_PROBABILITY_PERCENT: Readonly<Record<RiskBand, number>> = {
  low: 98,
  medium: 95,
  high: 85,
  'very-high': 70,
};

/** Weight of an invoice's behaviour by how long ago it fell due: recent behaviour counts more. */
export const RECENCY_WEIGHTS: readonly { withinDays: number; weight: number }[] = [
  { withinDays: 182, weight: 4 },
  { withinDays: 365, weight: 2 },
  { withinDays: RISK_HISTORY_DAYS, weight: 1 },
];

export const RISK_FACTOR_KEYS = [
  'days-late',
  'share-late',
  'overdue-amount',
  'overdue-age',
  'broken-promises',
  'returns',
  'disputes-lost',
  'notices',
  'collection',
  'thin-history',
] as const;
export type RiskFactorKey = (typeof RISK_FACTOR_KEYS)[number];

/** Ceiling of each factor; together 100. */
export const RISK_FACTOR_MAX: Readonly<Record<RiskFactorKey, number>> = {
  'days-late': 30,
  'share-late': 10,
  'overdue-amount': 8,
  'overdue-age': 7,
  'broken-promises': 8,
  returns: 6,
  'disputes-lost': 4,
  notices: 3,
  collection: 4,
  'thin-history': 20,
};

const LABELS: Readonly<Record<RiskFactorKey, string>> = {
  'days-late': 'Days late',
  'share-late': 'Share paid late',
  'overdue-amount': 'Overdue now',
  'overdue-age': 'Oldest overdue invoice',
  'broken-promises': 'Broken promises to pay',
  returns: 'Returned payments',
  'disputes-lost': 'Disputes rejected',
  notices: 'Dunning notices',
  collection: 'Collection and bad debt',
  'thin-history': 'Little payment history',
};

/** Days late at which the days-late factor reaches its ceiling. */
const FULL_DAYS_LATE = 60;
/** Days past due of the oldest overdue invoice at which that factor reaches its ceiling. */
const FULL_OVERDUE_DAYS = 90;
/** Invoices with a record below which the little-history factor adds points. */
const ENOUGH_HISTORY = 5;
const POINTS_PER_BROKEN_PROMISE = 4;
const POINTS_PER_KEPT_PROMISE = 1;
const POINTS_PER_RETURN = 3;
const POINTS_PER_DISPUTE_LOST = 2;
const POINTS_PER_NOTICE = 1;
const POINTS_PER_COLLECTION_CASE = 2;
const POINTS_FOR_BAD_DEBT = 2;
/** At score 0 the suggested limit is this many months of invoicing; each point takes 1 % of it off. */
const LIMIT_MONTHS_AT_ZERO = 2;

export interface RiskInvoice {
  issuedOn: CalendarDate;
  dueDate: CalendarDate;
  /** Gross amount invoiced, positive. */
  amountCents: number;
  /** The day its principal was settled (paid, credited or written off); null while open. */
  settledOn: CalendarDate | null;
  /** Open principal today (0 once settled). */
  openCents: number;
}

export interface RiskFacts {
  today: CalendarDate;
  invoices: readonly RiskInvoice[];
  promisesBroken: number;
  promisesKept: number;
  /** Payments returned (direct debit returns) or reversed by the bank. */
  returnedPayments: number;
  /** Disputes resolved as rejected: the objection had no ground. */
  disputesLost: number;
  /** Dunning notices that went out in the last NOTICE_WINDOW_DAYS. */
  noticesSent: number;
  /** Claims handed over to a collection agency or a lawyer (cases). */
  collectionCases: number;
  /** Principal written off as bad debt. */
  badDebtCents: number;
}

export interface RiskFactor {
  key: RiskFactorKey;
  label: string;
  points: number;
  maxPoints: number;
  detail: string;
}

/** The facts as a person reads them: plain averages, not the weighted ones the score uses. */
export interface PaymentBehaviour {
  /** Invoices settled or open past their due date (within the history window). */
  invoicesWithRecord: number;
  invoicesSettled: number;
  invoicesOverdue: number;
  /** Mean days late over the invoices with a record, one decimal. */
  averageDaysLate: number;
  /** The same weighted by amount. */
  weightedDaysLate: number;
  /** Invoices paid or open after their due date, in per cent of those with a record (whole). */
  shareLatePercent: number;
  overdueCents: number;
  oldestOverdueDays: number;
  promisesBroken: number;
  promisesKept: number;
  returnedPayments: number;
  disputesLost: number;
  noticesSent: number;
  collectionCases: number;
  badDebtCents: number;
  /** Average monthly invoicing over the last 12 months (or since the first invoice). */
  monthlyVolumeCents: number;
}

export interface SuggestedLimit {
  /** Null without invoices in the last 12 months: there is nothing to base a limit on. */
  cents: number | null;
  monthlyVolumeCents: number;
  /** Months of invoicing the limit covers, in per cent (160 = 1.6 months). */
  monthsPercent: number;
  stepCents: number;
  detail: string;
}

/** What the cash forecast expects of the customer. */
export interface PaymentExpectation {
  /**
   * Days after the due date the customer typically pays (settled invoices, weighted by amount and
   * recency; with none settled, how late the open ones are now, weighted by amount).
   */
  typicalDaysLate: number;
  /** How much of a claim the forecast counts on, in per cent. */
  probabilityPercent: number;
}

export interface CreditRisk {
  score: number;
  band: RiskBand;
  /** Every factor, in a fixed order; the points add up to the score. */
  factors: RiskFactor[];
  behaviour: PaymentBehaviour;
  suggestedLimit: SuggestedLimit;
  expectation: PaymentExpectation;
}

export function riskBandOf(score: number): RiskBand {
  return (BAND_FLOORS.find(([, floor]) => score >= floor) as readonly [RiskBand, number])[0];
}

function recencyWeight(daysAgo: number): number {
  return (RECENCY_WEIGHTS.find((r) => daysAgo <= r.withinDays) ?? { weight: 1 }).weight;
}

function fail(path: string, message: string): never {
  throw new DomainError('invalid-argument', `${path}: ${message}`, { path });
}

function checkCount(value: number, path: string): void {
  if (!Number.isSafeInteger(value) || value < 0)
    fail(path, `expected a whole number of at least 0, got ${value}`);
}

function checkDate(value: unknown, path: string): void {
  if (!isCalendarDate(value)) fail(path, `expected a date as YYYY-MM-DD, got "${String(value)}"`);
}

function validateFacts(facts: RiskFacts): void {
  checkDate(facts.today, 'today');
  facts.invoices.forEach((invoice, i) => {
    const at = `invoices.${i}`;
    checkDate(invoice.issuedOn, `${at}.issuedOn`);
    checkDate(invoice.dueDate, `${at}.dueDate`);
    if (invoice.settledOn !== null) checkDate(invoice.settledOn, `${at}.settledOn`);
    if (!Number.isSafeInteger(invoice.amountCents) || invoice.amountCents <= 0) {
      fail(`${at}.amountCents`, `expected a positive whole number of cents, got ${invoice.amountCents}`);
    }
    checkCount(invoice.openCents, `${at}.openCents`);
  });
  for (const key of [
    'promisesBroken',
    'promisesKept',
    'returnedPayments',
    'disputesLost',
    'noticesSent',
    'collectionCases',
    'badDebtCents',
  ] as const) {
    checkCount(facts[key], key);
  }
}

/** n/d to one decimal, half-up; 0 when there is nothing to divide. */
function oneDecimal(numerator: bigint, denominator: bigint): number {
  return denominator === 0n ? 0 : Number(roundHalfUp(numerator * 10n, denominator)) / 10;
}

/** `max × min(value, full) / full`, rounded half-up: a straight line up to the ceiling. */
function scaled(max: number, value: bigint, full: bigint): number {
  if (full <= 0n) return value > 0n ? max : 0;
  const capped = value < full ? value : full;
  return Number(roundHalfUp(BigInt(max) * capped, full));
}

/** a of b in whole per cent, half-up (for the text only). */
const percentOf = (a: number, b: number) => Number(roundHalfUp(BigInt(a) * 100n, BigInt(b)));
const eur = (cents: number) => formatMoney(Money.of(cents), 'en');
const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/** Steps the suggested limit is rounded down to, by its size: small limits in €100, large in €50,000. */
const LIMIT_STEPS: readonly { below: number; stepCents: number }[] = [
  { below: 100_000, stepCents: 10_000 },
  { below: 1_000_000, stepCents: 50_000 },
  { below: 10_000_000, stepCents: 100_000 },
  { below: 100_000_000, stepCents: 1_000_000 },
  { below: Number.POSITIVE_INFINITY, stepCents: 5_000_000 },
];

/** The average monthly invoicing: invoices issued in the last 12 months over the months they cover. */
function monthlyVolume(facts: RiskFacts): { cents: number; months: number } {
  const from = addDays(facts.today, -VOLUME_WINDOW_DAYS + 1);
  let total = 0n;
  let first: CalendarDate | null = null;
  for (const invoice of facts.invoices) {
    if (invoice.issuedOn < from || invoice.issuedOn > facts.today) continue;
    total += BigInt(invoice.amountCents);
    if (first === null || invoice.issuedOn < first) first = invoice.issuedOn;
  }
  if (first === null) return { cents: 0, months: 0 };
  // A customer of two months is not measured against twelve: the months since the first invoice count.
  const months = Math.min(12, Math.max(1, Math.ceil((daysBetween(first, facts.today) + 1) / 30)));
  return { cents: Number(roundHalfUp(total, BigInt(months))), months };
}

function suggestLimit(score: number, volume: { cents: number; months: number }): SuggestedLimit {
  const monthsPercent = LIMIT_MONTHS_AT_ZERO * (100 - score);
  if (volume.months === 0) {
    return {
      cents: null,
      monthlyVolumeCents: 0,
      monthsPercent,
      stepCents: 0,
      detail: 'no invoices in the last 12 months: there is no volume to base a limit on',
    };
  }
  const raw = Number(divideRounded(BigInt(volume.cents) * BigInt(monthsPercent), 100n, 'down'));
  const { stepCents } = LIMIT_STEPS.find((s) => raw < s.below) as { stepCents: number };
  const cents = Math.floor(raw / stepCents) * stepCents;
  const over =
    volume.months === 12 ? 'the last 12 months' : `${plural(volume.months, 'month')} since the first invoice`;
  return {
    cents,
    monthlyVolumeCents: volume.cents,
    monthsPercent,
    stepCents,
    detail:
      `average monthly invoicing ${eur(volume.cents)} (${over}) × ${monthsPercent / 100} months ` +
      `(${LIMIT_MONTHS_AT_ZERO} at score 0, 1 % less per point of score ${score}) = ${eur(raw)}, ` +
      `rounded down to steps of ${eur(stepCents)}` +
      (cents === 0 ? ': ask for payment in advance' : ''),
  };
}

/**
 * Scores the customer's payment behaviour. Pure: the facts come from the service, `today` too.
 * Throws DomainError('invalid-argument') naming the field of a bad fact.
 */
export function assessCreditRisk(facts: RiskFacts): CreditRisk {
  validateFacts(facts);
  const { today } = facts;
  const windowStart = addDays(today, -RISK_HISTORY_DAYS);
  let records = 0;
  let settled = 0;
  let lateCount = 0;
  let daysLateSum = 0n;
  let amountSum = 0n;
  let amountLateSum = 0n;
  // The score's figures: weighted by recency (× amount for days late).
  let weightedAmount = 0n;
  let weightedAmountLate = 0n;
  let weightedCount = 0n;
  let weightedLateCount = 0n;
  // Settled invoices alone, for the typical lateness the forecast expects.
  let settledWeight = 0n;
  let settledWeightLate = 0n;
  let overdueCents = 0;
  let overdueCount = 0;
  let oldestOverdueDays = 0;
  // Invoices that ever showed how the customer pays, however long ago: the length of the history.
  let known = 0;
  for (const invoice of facts.invoices) {
    const open = invoice.settledOn === null;
    if (!open || invoice.dueDate < today) known += 1;
    if (!open && invoice.dueDate < windowStart) continue;
    if (open && invoice.dueDate < today && invoice.openCents > 0) {
      overdueCents += invoice.openCents;
      overdueCount += 1;
      oldestOverdueDays = Math.max(oldestOverdueDays, daysBetween(invoice.dueDate, today));
    }
    // An open invoice not yet past due tells nothing about how the customer pays.
    if (open && invoice.dueDate >= today) continue;
    const late = BigInt(Math.max(0, daysBetween(invoice.dueDate, invoice.settledOn ?? today)));
    const amount = BigInt(invoice.amountCents);
    const weight = BigInt(recencyWeight(daysBetween(invoice.dueDate, today)));
    records += 1;
    daysLateSum += late;
    amountSum += amount;
    amountLateSum += amount * late;
    weightedAmount += weight * amount;
    weightedAmountLate += weight * amount * late;
    weightedCount += weight;
    if (late > 0n) {
      lateCount += 1;
      weightedLateCount += weight;
    }
    if (!open) {
      settled += 1;
      settledWeight += weight * amount;
      settledWeightLate += weight * amount * late;
    }
  }
  const volume = monthlyVolume(facts);
  const scoredDaysLate = oneDecimal(weightedAmountLate, weightedAmount);
  const factors: RiskFactor[] = [];
  const add = (key: RiskFactorKey, points: number, detail: string) =>
    factors.push({ key, label: LABELS[key], points, maxPoints: RISK_FACTOR_MAX[key], detail });

  add(
    'days-late',
    weightedAmount === 0n
      ? 0
      : scaled(RISK_FACTOR_MAX['days-late'], weightedAmountLate, BigInt(FULL_DAYS_LATE) * weightedAmount),
    records === 0
      ? 'no invoice due yet'
      : `${scoredDaysLate} days late on average over ${plural(records, 'invoice')}, weighted by amount and ` +
          `recency (due in the last 6 months ×4, 6–12 months ×2); ${FULL_DAYS_LATE} days or more give ` +
          `${RISK_FACTOR_MAX['days-late']}`,
  );
  add(
    'share-late',
    weightedCount === 0n ? 0 : scaled(RISK_FACTOR_MAX['share-late'], weightedLateCount, weightedCount),
    records === 0
      ? 'no invoice due yet'
      : `${lateCount} of ${plural(records, 'invoice')} paid or still open after the due date (recent ones count more)`,
  );
  add(
    'overdue-amount',
    overdueCents === 0
      ? 0
      : scaled(RISK_FACTOR_MAX['overdue-amount'], BigInt(overdueCents), BigInt(volume.cents)),
    overdueCents === 0
      ? 'nothing overdue'
      : `${eur(overdueCents)} overdue in ${plural(overdueCount, 'invoice')}` +
          (volume.cents > 0
            ? `, ${percentOf(overdueCents, volume.cents)} % of a month's invoicing (a month or more gives ${RISK_FACTOR_MAX['overdue-amount']})`
            : ', with no invoicing in the last 12 months to set it against'),
  );
  add(
    'overdue-age',
    scaled(RISK_FACTOR_MAX['overdue-age'], BigInt(oldestOverdueDays), BigInt(FULL_OVERDUE_DAYS)),
    overdueCount === 0
      ? 'nothing overdue'
      : `the oldest overdue invoice is ${plural(oldestOverdueDays, 'day')} past due (${FULL_OVERDUE_DAYS} or more give ${RISK_FACTOR_MAX['overdue-age']})`,
  );
  add(
    'broken-promises',
    Math.min(
      RISK_FACTOR_MAX['broken-promises'],
      Math.max(
        0,
        POINTS_PER_BROKEN_PROMISE * facts.promisesBroken - POINTS_PER_KEPT_PROMISE * facts.promisesKept,
      ),
    ),
    `${plural(facts.promisesBroken, 'promise')} broken (${POINTS_PER_BROKEN_PROMISE} each), ` +
      `${facts.promisesKept} kept (−${POINTS_PER_KEPT_PROMISE} each)`,
  );
  add(
    'returns',
    Math.min(RISK_FACTOR_MAX.returns, POINTS_PER_RETURN * facts.returnedPayments),
    `${plural(facts.returnedPayments, 'payment')} returned or reversed by the bank (${POINTS_PER_RETURN} each)`,
  );
  add(
    'disputes-lost',
    Math.min(RISK_FACTOR_MAX['disputes-lost'], POINTS_PER_DISPUTE_LOST * facts.disputesLost),
    `${plural(facts.disputesLost, 'dispute')} rejected as unfounded (${POINTS_PER_DISPUTE_LOST} each)`,
  );
  add(
    'notices',
    Math.min(RISK_FACTOR_MAX.notices, POINTS_PER_NOTICE * facts.noticesSent),
    `${plural(facts.noticesSent, 'dunning notice')} in the last 12 months (${POINTS_PER_NOTICE} each)`,
  );
  add(
    'collection',
    Math.min(
      RISK_FACTOR_MAX.collection,
      POINTS_PER_COLLECTION_CASE * facts.collectionCases + (facts.badDebtCents > 0 ? POINTS_FOR_BAD_DEBT : 0),
    ),
    `${plural(facts.collectionCases, 'claim handover', 'claim handovers')} to collection ` +
      `(${POINTS_PER_COLLECTION_CASE} each), ${eur(facts.badDebtCents)} written off as bad debt` +
      (facts.badDebtCents > 0 ? ` (${POINTS_FOR_BAD_DEBT})` : ''),
  );
  const missing = Math.max(0, ENOUGH_HISTORY - known);
  add(
    'thin-history',
    (RISK_FACTOR_MAX['thin-history'] / ENOUGH_HISTORY) * missing,
    missing === 0
      ? `${plural(known, 'invoice')} show how the customer pays`
      : `${known === 0 ? 'no invoice' : plural(known, 'invoice')} due so far; until ${ENOUGH_HISTORY} show how ` +
          `the customer pays, each one missing adds ${RISK_FACTOR_MAX['thin-history'] / ENOUGH_HISTORY}`,
  );

  const score = factors.reduce((sum, f) => sum + f.points, 0);
  const band = riskBandOf(score);
  return {
    score,
    band,
    factors,
    behaviour: {
      invoicesWithRecord: records,
      invoicesSettled: settled,
      invoicesOverdue: overdueCount,
      averageDaysLate: oneDecimal(daysLateSum, BigInt(records)),
      weightedDaysLate: oneDecimal(amountLateSum, amountSum),
      shareLatePercent: records === 0 ? 0 : Number(roundHalfUp(BigInt(lateCount * 100), BigInt(records))),
      overdueCents,
      oldestOverdueDays,
      promisesBroken: facts.promisesBroken,
      promisesKept: facts.promisesKept,
      returnedPayments: facts.returnedPayments,
      disputesLost: facts.disputesLost,
      noticesSent: facts.noticesSent,
      collectionCases: facts.collectionCases,
      badDebtCents: facts.badDebtCents,
      monthlyVolumeCents: volume.cents,
    },
    suggestedLimit: suggestLimit(score, volume),
    expectation: {
      // From settled invoices; a customer who has settled none is expected no sooner than he is late now.
      typicalDaysLate:
        settledWeight > 0n
          ? Number(roundHalfUp(settledWeightLate, settledWeight))
          : amountSum > 0n
            ? Number(roundHalfUp(amountLateSum, amountSum))
            : 0,
      probabilityPercent: PAYMENT_PROBABILITY_PERCENT[band],
    },
  };
}

export interface CreditLimitCheck {
  limitCents: number;
  exposureCents: number;
  amountCents: number;
  exposureAfterCents: number;
  /** How far the exposure would exceed the limit; 0 when it stays within. */
  exceededByCents: number;
  exceeded: boolean;
}

/**
 * Whether a new order or invoice of `amountCents` would take the customer's exposure (open claims
 * and orders not yet invoiced) above the limit. Reaching the limit exactly is within it.
 */
export function checkCreditLimit(input: {
  limitCents: number;
  exposureCents: number;
  amountCents: number;
}): CreditLimitCheck {
  for (const key of ['limitCents', 'amountCents'] as const) checkCount(input[key], key);
  if (!Number.isSafeInteger(input.exposureCents)) {
    fail('exposureCents', `expected whole cents, got ${input.exposureCents}`);
  }
  const exposureAfterCents = input.exposureCents + input.amountCents;
  const exceededByCents = Math.max(0, exposureAfterCents - input.limitCents);
  return { ...input, exposureAfterCents, exceededByCents, exceeded: exceededByCents > 0 };
}
