/**
 * @module payment-terms
 * Payment terms as data: net days, a fixed calendar date, or instalments, with up to three
 * Skonto tiers ("2 % within 10 days, 1 % within 20, net 30"). Whether a payment earns a Skonto is
 * decided by the day the money is credited (Gutschrift), not the day it was sent.
 *
 * A Skonto is a percentage of the gross amount, unless the tier names its own base: an e-invoice
 * may grant it on part of the amount only (XRechnung `#SKONTO#…#BASISBETRAG=…#`, CII
 * `ApplicableTradePaymentDiscountTerms/BasisAmount`), e.g. not on freight or a deposit.
 */
import { z } from 'zod';
import { addDays, addMonths, type CalendarDate } from './calendar-date.ts';
import { type Instalment, splitIntoInstalments } from './instalment-schedule.ts';
import { Money } from './money.ts';
import { comparePercent, type Percent } from './percent.ts';
import { adjustDeadlineToWorkingDay } from './public-holidays.ts';
import { calendarDateSchema, percentSchema } from './schema-types.ts';
import { parseWithSchema } from './zod-issues.ts';

const skontoTierSchema = z.object({
  percent: percentSchema,
  days: z.number().int().min(0).max(365),
  /** The amount in minor units the percentage applies to, when the invoice names one; absent: the gross amount. */
  baseCents: z.number().int().min(0).optional(),
});

const skontoListSchema = z
  .array(skontoTierSchema)
  .max(3)
  .default([])
  .superRefine((tiers, ctx) => {
    tiers.forEach((tier, i) => {
      if (tier.percent.units <= 0n || comparePercent(tier.percent, { units: 100n, scale: 0 }) >= 0) {
        ctx.addIssue({
          code: 'custom',
          path: [i, 'percent'],
          message: 'Skonto must be more than 0 and less than 100 %',
        });
      }
      const previous = tiers[i - 1];
      if (previous && tier.days <= previous.days) {
        ctx.addIssue({
          code: 'custom',
          path: [i, 'days'],
          message: 'Skonto tiers must have increasing days',
        });
      }
      if (previous && comparePercent(tier.percent, previous.percent) >= 0) {
        ctx.addIssue({ code: 'custom', path: [i, 'percent'], message: 'a later Skonto tier must give less' });
      }
    });
  });

export const paymentTermsSchema = z
  .discriminatedUnion('kind', [
    z.object({ kind: z.literal('net'), days: z.number().int().min(0).max(365), skonto: skontoListSchema }),
    z.object({ kind: z.literal('fixed-date'), dueDate: calendarDateSchema, skonto: skontoListSchema }),
    // Instalments agreed with the order: each instalment is a claim of its own with its due date.
    z.object({
      kind: z.literal('instalments'),
      count: z.number().int().min(2).max(120),
      /** Days from the invoice date to the first instalment. */
      firstDueDays: z.number().int().min(0).max(365),
      every: z.union([
        z.object({ months: z.number().int().min(1).max(12) }).strict(),
        z.object({ days: z.number().int().min(1).max(365) }).strict(),
      ]),
      skonto: z.array(skontoTierSchema).max(0, 'instalment terms carry no Skonto').default([]),
    }),
  ])
  .superRefine((terms, ctx) => {
    if (terms.kind !== 'net') return;
    terms.skonto.forEach((tier, i) => {
      if (tier.days >= terms.days) {
        ctx.addIssue({
          code: 'custom',
          path: ['skonto', i, 'days'],
          message: `a Skonto period must end before the net period of ${terms.days} days`,
        });
      }
    });
  });

export type PaymentTerms = z.output<typeof paymentTermsSchema>;
export type PaymentTermsInput = z.input<typeof paymentTermsSchema>;

export function parsePaymentTerms(input: unknown): PaymentTerms {
  return parseWithSchema(paymentTermsSchema, input, 'invalid-payment-terms', 'payment terms');
}

/**
 * The contractual due date (before any §193 BGB shift, which only moves the last day to pay);
 * for instalment terms the due date of the last instalment.
 */
export function dueDateFor(terms: PaymentTerms, invoiceDate: CalendarDate): CalendarDate {
  switch (terms.kind) {
    case 'net':
      return addDays(invoiceDate, terms.days);
    case 'fixed-date':
      return terms.dueDate;
    case 'instalments':
      return instalmentDueDate(terms, invoiceDate, terms.count - 1);
  }
}

function instalmentDueDate(
  terms: Extract<PaymentTerms, { kind: 'instalments' }>,
  invoiceDate: CalendarDate,
  index: number,
): CalendarDate {
  const first = addDays(invoiceDate, terms.firstDueDays);
  return 'months' in terms.every
    ? addMonths(first, index * terms.every.months)
    : addDays(first, index * terms.every.days);
}

/**
 * What is due when: one instalment at the due date for net and fixed-date terms, the schedule for
 * instalment terms (the parts add up to the total to the cent; the first ones take the odd cents).
 */
export function paymentScheduleFor(
  terms: PaymentTerms,
  invoiceDate: CalendarDate,
  total: Money,
): Instalment[] {
  if (terms.kind !== 'instalments')
    return [{ number: 1, dueDate: dueDateFor(terms, invoiceDate), amount: total }];
  return splitIntoInstalments({
    total,
    count: terms.count,
    firstDueDate: addDays(invoiceDate, terms.firstDueDays),
    rhythm: terms.every,
  });
}

/** Whether the due date is fixed by the calendar, which puts the debtor into default without a reminder. */
export function isDueDateFixedByCalendar(terms: PaymentTerms): boolean {
  return terms.kind === 'fixed-date';
}

export interface SkontoOffer {
  percent: Percent;
  /** Last day on which the money must be credited. */
  deadline: CalendarDate;
  discount: Money;
  payable: Money;
}

/**
 * The Skonto offers of an invoice, best first. The discount is the percentage of the gross amount
 * (or of the tier's own base, when it names one), rounded half-up; what is to pay is the gross
 * amount less the discount. With `state`, a deadline on a weekend or holiday moves on (§193 BGB).
 */
export function skontoOffers(
  terms: PaymentTerms,
  invoiceDate: CalendarDate,
  gross: Money,
  state?: string,
): SkontoOffer[] {
  return terms.skonto.map((tier) => {
    const nominal = addDays(invoiceDate, tier.days);
    const base = tier.baseCents === undefined ? gross : Money.of(tier.baseCents, gross.currency);
    const discount = base.percentage(tier.percent, 'half-up');
    return {
      percent: tier.percent,
      deadline: state ? adjustDeadlineToWorkingDay(nominal, state) : nominal,
      discount,
      payable: gross.subtract(discount),
    };
  });
}

/** The Skonto a payment credited on `creditedOn` has earned, or `null`. */
export function skontoEarned(
  terms: PaymentTerms,
  invoiceDate: CalendarDate,
  gross: Money,
  creditedOn: CalendarDate,
  state?: string,
): SkontoOffer | null {
  return skontoOffers(terms, invoiceDate, gross, state).find((offer) => creditedOn <= offer.deadline) ?? null;
}
