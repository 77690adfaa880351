/**
 * @module default-interest
 * Statutory default interest, §§288, 289 BGB, and the €40 flat fee of §288 Abs. 5 BGB.
 *
 * Interest accrues for every day d with `from <= d < to`: `from` is the first day of default,
 * `to` the day the money is credited (that day excluded — a convention, LAW-DE.md). The period is
 * cut into segments at every change of the rate (a new Basiszinssatz, §247 BGB) and of the open
 * principal (a partial payment); paused days (an open dispute about the claim) accrue nothing.
 * Each segment's interest = principal × rate × year fraction, rounded half-up to the cent once,
 * at the end of the segment. Simple interest only: §289 BGB forbids interest on interest.
 */
import { type BaseRateTable, baseRateOn, GERMAN_BASE_RATES } from './base-rates.ts';
import { addDays, type CalendarDate, daysBetween } from './calendar-date.ts';
import { type DayCountConvention, lastDayOf, yearFraction } from './day-count.ts';
import { DomainError } from './domain-error.ts';
import { Money } from './money.ts';
import { addPercent, type Percent, percentAsFraction, percentFromUnits } from './percent.ts';
import { roundHalfUp } from './rounding.ts';

export type DebtorKind = 'consumer' | 'business';

export const DEBTOR_KINDS: readonly DebtorKind[] = ['consumer', 'business'];

/** Art. 229 §34 EGBGB: the +9 pp rate and the flat fee apply to obligations arising from this day on. */
export const LATE_PAYMENT_DIRECTIVE_CUTOVER = '2014-07-29' as CalendarDate;

export type InterestRateBasis =
  | 'statutory-consumer' // §288 Abs. 1 BGB: base rate + 5 pp
  | 'statutory-business' // §288 Abs. 2 BGB: base rate + 9 pp
  | 'statutory-business-before-2014-07-29' // §288 Abs. 2 BGB old version: + 8 pp
  | 'contractual'; // §288 Abs. 3 BGB: a higher rate on another legal ground

export interface InterestPause {
  /** First paused day. */
  from: CalendarDate;
  /** Last paused day, inclusive; `null` while the pause (e.g. a dispute) is still open. */
  to: CalendarDate | null;
}

export interface PrincipalPayment {
  /** The day the money was credited: from this day on the principal is lower. */
  date: CalendarDate;
  amount: Money;
}

export interface ComputeDefaultInterestOptions {
  principal: Money;
  /** First day of default = first interest day. */
  from: CalendarDate;
  /** Day the money is credited (excluded), or the day up to which interest is claimed (excluded). */
  to: CalendarDate;
  debtorKind: DebtorKind;
  /** When the obligation arose (contract date); decides +8 or +9 pp and the flat fee. Default: `from`. */
  obligationDate?: CalendarDate;
  /** A contractual rate per year that replaces the statutory one (§288 Abs. 3 BGB). */
  contractualRate?: Percent;
  /** Payments that reduce the principal from their date on. */
  principalPayments?: readonly PrincipalPayment[];
  /** Days without default-dependent charges, e.g. while a dispute about the claim is open. */
  pauses?: readonly InterestPause[];
  dayCount?: DayCountConvention;
  baseRates?: BaseRateTable;
}

export interface InterestSegment {
  from: CalendarDate;
  /** Last interest day of the segment, inclusive. */
  to: CalendarDate;
  days: number;
  /** The year fraction used, e.g. `167/365`. */
  yearFraction: string;
  baseRate: Percent | null;
  rate: Percent;
  principal: Money;
  interest: Money;
}

export interface DefaultInterest {
  principal: Money;
  from: CalendarDate;
  to: CalendarDate;
  rateBasis: InterestRateBasis;
  /** Percentage points over the base rate; `null` for a contractual rate. */
  surcharge: Percent | null;
  dayCount: DayCountConvention;
  segments: InterestSegment[];
  interest: Money;
  /** §288 Abs. 5 BGB flat fee (business debtors only, obligations from 29 July 2014); zero otherwise. */
  flatFee: Money;
}

export function interestRateBasis(
  debtorKind: DebtorKind,
  obligationDate: CalendarDate,
  hasContractualRate: boolean,
): InterestRateBasis {
  if (hasContractualRate) return 'contractual';
  if (debtorKind === 'consumer') return 'statutory-consumer';
  return obligationDate < LATE_PAYMENT_DIRECTIVE_CUTOVER
    ? 'statutory-business-before-2014-07-29'
    : 'statutory-business';
}

const SURCHARGES: Record<Exclude<InterestRateBasis, 'contractual'>, Percent> = {
  'statutory-consumer': percentFromUnits(5, 0),
  'statutory-business': percentFromUnits(9, 0),
  'statutory-business-before-2014-07-29': percentFromUnits(8, 0),
};

/**
 * §288 Abs. 5 BGB: €40 when a business debtor is in default with a payment claim, for
 * obligations that arose on or after 29 July 2014 (Art. 229 §34 EGBGB); never for consumers.
 */
export function lateFeeFlatRate(debtorKind: DebtorKind, obligationDate: CalendarDate): Money {
  return debtorKind === 'business' && obligationDate >= LATE_PAYMENT_DIRECTIVE_CUTOVER
    ? Money.of(4000, 'EUR')
    : Money.zero('EUR');
}

interface OpenSegment {
  from: CalendarDate;
  rate: Percent;
  baseRate: Percent | null;
  principal: Money;
}

function isInside(day: CalendarDate, from: CalendarDate, to: CalendarDate): boolean {
  return day > from && day < to;
}

function principalOn(principal: Money, payments: readonly PrincipalPayment[], day: CalendarDate): Money {
  let open = principal;
  for (const p of payments) if (p.date <= day) open = open.subtract(p.amount);
  return open;
}

/** Interest of one segment `[open.from, end)`: principal × rate × year fraction, half-up once. */
function closeSegment(open: OpenSegment, end: CalendarDate, dayCount: DayCountConvention): InterestSegment {
  const fraction = yearFraction(open.from, end, dayCount);
  const { numerator, denominator } = percentAsFraction(open.rate);
  const interest = roundHalfUp(
    BigInt(open.principal.minor) * numerator * fraction.numerator,
    denominator * fraction.denominator,
  );
  return {
    from: open.from,
    to: lastDayOf(end),
    days: daysBetween(open.from, end),
    yearFraction: fraction.text,
    baseRate: open.baseRate,
    rate: open.rate,
    principal: open.principal,
    interest: Money.of(interest, open.principal.currency),
  };
}

function isPaused(day: CalendarDate, pauses: readonly InterestPause[]): boolean {
  return pauses.some((p) => day >= p.from && (p.to === null || day <= p.to));
}

export function computeDefaultInterest(options: ComputeDefaultInterestOptions): DefaultInterest {
  const { principal, from, to, debtorKind } = options;
  const currency = principal.currency;
  const obligationDate = options.obligationDate ?? from;
  const dayCount = options.dayCount ?? 'act/365';
  const baseRates = options.baseRates ?? GERMAN_BASE_RATES;
  const payments = options.principalPayments ?? [];
  const pauses = options.pauses ?? [];

  if (to < from) {
    throw new DomainError('invalid-argument', `to: ${to} lies before from: ${from}`, { path: 'to' });
  }
  if (principal.isNegative()) {
    throw new DomainError('invalid-amount', 'principal: must not be negative', { path: 'principal' });
  }
  // §288 Abs. 3 BGB allows a higher rate on another ground; a negative rate would turn interest into a credit.
  if (options.contractualRate !== undefined && options.contractualRate.units < 0n) {
    throw new DomainError('invalid-percent', 'contractualRate: must not be negative', {
      path: 'contractualRate',
    });
  }
  let paidTotal = Money.zero(currency);
  for (const [i, p] of payments.entries()) {
    if (!p.amount.isPositive()) {
      throw new DomainError('invalid-amount', `payments.${i}: amount must be positive`, {
        path: `payments.${i}`,
      });
    }
    paidTotal = paidTotal.add(p.amount);
  }
  if (paidTotal.compare(principal) > 0) {
    throw new DomainError(
      'invalid-amount',
      `payments: ${paidTotal.toDecimalString()} paid exceeds the principal of ${principal.toDecimalString()}`,
      { path: 'payments' },
    );
  }

  const rateBasis = interestRateBasis(debtorKind, obligationDate, options.contractualRate !== undefined);
  const surcharge = rateBasis === 'contractual' ? null : SURCHARGES[rateBasis];
  const contractualRate = options.contractualRate;

  // Candidate cut points: every day where rate, principal or pause state may change.
  const cuts = new Set<CalendarDate>([from, to]);
  if (contractualRate === undefined) {
    for (const row of baseRates) if (isInside(row.validFrom, from, to)) cuts.add(row.validFrom);
  }
  for (const p of payments) if (isInside(p.date, from, to)) cuts.add(p.date);
  for (const p of pauses) {
    if (isInside(p.from, from, to)) cuts.add(p.from);
    if (p.to !== null && isInside(addDays(p.to, 1), from, to)) cuts.add(addDays(p.to, 1));
  }
  const points = [...cuts].sort();

  // Runs of equal (rate, principal) between paused stretches form one segment.
  const segments: InterestSegment[] = [];
  let open: OpenSegment | null = null;
  for (let i = 0; i < points.length - 1; i++) {
    const start = points[i] as CalendarDate;
    const owed = principalOn(principal, payments, start);
    if (isPaused(start, pauses) || owed.isZero()) {
      if (open) segments.push(closeSegment(open, start, dayCount));
      open = null;
      continue;
    }
    const baseRate = contractualRate === undefined ? baseRateOn(baseRates, start).rate : null;
    const rate =
      baseRate === null ? (contractualRate as Percent) : addPercent(baseRate, surcharge as Percent);
    const same =
      open !== null &&
      open.principal.equals(owed) &&
      open.rate.units === rate.units &&
      open.rate.scale === rate.scale;
    if (!same) {
      if (open) segments.push(closeSegment(open, start, dayCount));
      open = { from: start, rate, baseRate, principal: owed };
    }
  }
  if (open) segments.push(closeSegment(open, to, dayCount));

  return {
    principal,
    from,
    to,
    rateBasis,
    surcharge,
    dayCount,
    segments,
    interest: Money.sum(
      segments.map((s) => s.interest),
      currency,
    ),
    flatFee: from < to ? lateFeeFlatRate(debtorKind, obligationDate) : Money.zero('EUR'),
  };
}
