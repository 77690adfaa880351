/**
 * @module payment-service
 * Recording a payment: a claim paid in full within its Skonto period is settled with the discount
 * deducted (booked as a `skonto` allocation); the rest is allocated to the customer's claims as
 * §§366, 367 BGB say (the
 * debtor's designation first, then due before not due, oldest first; within a claim costs, then
 * interest, then principal), any rest is held as credit, and proposals that have not gone out for
 * the paid claims are cancelled — all in one transaction with its events.
 */
import { z } from 'zod';
import { appendEvents, type NewEvent } from '../db/event-store.ts';
import { type CancelledItem, cancelPendingItems } from '../db/notice-repository.ts';
import {
  applyToClaim,
  insertPayment,
  lockOpenClaimsOfCustomer,
  type NewAllocationRow,
  type NewPaymentRow,
  type OpenClaimRow,
  type PaymentRow,
} from '../db/payment-repository.ts';
import type { CalendarDate } from '../domain/calendar-date.ts';
import { minorToDecimalString, Money, parseAmount } from '../domain/money.ts';
import type { Db } from '../db/database.ts';
import { type AllocatableClaim, allocatePayment, type AllocationLine } from '../domain/payment-allocation.ts';
import { parsePaymentTerms } from '../domain/payment-terms.ts';
import { formatPercent } from '../domain/percent.ts';
import { calendarDateSchema } from '../domain/schema-types.ts';
import { settleWithSkonto, type SkontoSettlement } from '../domain/skonto-settlement.ts';
import { findTenantById } from '../db/tenant-repository.ts';
import { AppError } from './app-error.ts';
import { findCustomerOrFail } from './customer-service.ts';
import { parseInput } from './parse-input.ts';
import { confirmReportedPayments } from './reported-payment-check.ts';
import type { ServiceContext } from './service-context.ts';

export const paymentInputSchema = z.object({
  customerNumber: z.string().min(1),
  /** The day the money was credited. */
  receivedOn: calendarDateSchema,
  /** Decimal amount like "123.45" or "123,45". */
  amount: z.string().min(1),
  reference: z.string().max(500).nullable().optional(),
  /** The invoices the payer named (§366 Abs. 1 BGB), in the order named. */
  invoiceNumbers: z.array(z.string()).default([]),
  payerName: z.string().max(200).nullable().optional(),
  payerIban: z.string().max(40).nullable().optional(),
  source: z.enum(['manual', 'bank', 'agency']).default('manual'),
});

export type PaymentInput = z.input<typeof paymentInputSchema>;

export interface RecordedPayment {
  payment: PaymentRow;
  lines: AllocationLine[];
  /** Claims settled with Skonto: the discount is booked as an allocation of its own. */
  skonto: SkontoSettlement[];
  credit: Money;
  cancelledNoticeItems: number;
}

export async function recordPayment(ctx: ServiceContext, raw: PaymentInput): Promise<RecordedPayment> {
  const input = parseInput(paymentInputSchema, raw, 'payment');
  let amount: Money;
  try {
    amount = parseAmount(input.amount, 'EUR', 'amount');
  } catch (error) {
    throw new AppError('validation', (error as Error).message, {
      issues: [{ path: 'amount', message: (error as Error).message }],
    });
  }
  if (!amount.isPositive()) {
    throw new AppError('validation', 'amount: a payment must be positive', {
      issues: [{ path: 'amount', message: 'must be positive' }],
    });
  }
  return ctx.db.transaction(async (tx) => {
    const customer = await findCustomerOrFail(tx, ctx.tenantId, input.customerNumber);
    return bookPaymentInTransaction(tx, ctx, {
      customer,
      amount,
      receivedOn: input.receivedOn as CalendarDate,
      invoiceNumbers: input.invoiceNumbers,
      reference: input.reference ?? null,
      payerName: input.payerName ?? null,
      payerIban: input.payerIban ?? null,
      source: input.source,
    });
  });
}

export interface BookPaymentOptions {
  customer: { id: number; number: string };
  amount: Money;
  receivedOn: CalendarDate;
  /** The invoices the payer named (§366 Abs. 1 BGB), in the order named. */
  invoiceNumbers: readonly string[];
  reference: string | null;
  payerName: string | null;
  payerIban: string | null;
  /**
   * `prepaid`: paid in advance according to an imported e-invoice; `credit-note`: a credit set off;
   * `agency`: collected by a collection agency; `settlement`: the reduced amount of a Vergleich.
   */
  source: 'manual' | 'bank' | 'agency' | 'prepaid' | 'credit-note' | 'settlement';
  bankTransactionId?: number;
  /** A shortfall up to this many cents on the named invoices is written off instead of left open. */
  toleranceCents?: number;
  /** False for a prepayment or credit note: only money paid within the period earns Skonto. */
  skonto?: boolean;
}

/** What a payment does to the customer's open claims, worked out before anything is written. */
export interface PaymentPlan {
  lines: AllocationLine[];
  skonto: SkontoSettlement[];
  credit: Money;
  /** The allocation rows: principal/interest/costs, Skonto, tolerance write-offs, credit. */
  allocations: NewAllocationRow[];
  /** What leaves each claim: costs paid, interest paid, principal paid or discounted or written off. */
  perClaim: Map<number, { costs: number; interest: number; principal: number }>;
}

/**
 * Plans a payment against the customer's open claims (as locked by the caller): Skonto, the §§366/367
 * allocation, tolerance write-offs and credit. Pure: the caller writes the plan.
 */
export function planPayment(
  open: readonly OpenClaimRow[],
  options: BookPaymentOptions,
  state: string | null | undefined,
): PaymentPlan {
  const { customer, amount } = options;
  const input = options;
  const byNumber = new Map(open.map((c) => [c.number, c]));
  const designated = input.invoiceNumbers.map((number) => {
    const claim = byNumber.get(number);
    if (!claim) {
      throw new AppError(
        'validation',
        `invoiceNumbers: ${number} is not an open invoice of customer ${customer.number}`,
        {
          issues: [{ path: 'invoiceNumbers', message: `${number} is not open` }],
        },
      );
    }
    return String(claim.invoiceId);
  });
  // Skonto first: a claim paid in full within its period settles with the discount deducted.
  const skonto = settleWithSkonto({
    amount,
    paidOn: input.receivedOn as CalendarDate,
    designated,
    ...(state ? { state } : {}),
    candidates: (options.skonto === false ? [] : open).flatMap((c) => {
      try {
        return [
          {
            claimId: String(c.invoiceId),
            invoiceDate: c.issuedOn as CalendarDate,
            gross: Money.of(c.grossCents),
            openPrincipal: Money.of(c.openPrincipalCents),
            openCosts: Money.of(c.openCostsCents),
            terms: parsePaymentTerms(c.paymentTerms),
          },
        ];
      } catch {
        return []; // terms that no longer validate give no Skonto
      }
    }),
  });
  const settled = new Set(skonto.settlements.map((s) => s.claimId));
  const claims: AllocatableClaim[] = open
    .filter((c) => !settled.has(String(c.invoiceId)))
    .map((c) => ({
      claimId: String(c.invoiceId),
      arisenOn: c.issuedOn as CalendarDate,
      dueDate: c.dueDate as CalendarDate,
      open: {
        costs: Money.of(c.openCostsCents),
        interest: Money.of(Math.max(0, c.interestDemandedCents - c.interestPaidCents)),
        principal: Money.of(c.openPrincipalCents),
      },
      // A claim already dunned with interest bears default interest: more burdensome (§366 Abs. 2 BGB).
      burden: c.interestDemandedCents > 0 ? 1 : 0,
    }));
  const allocation = allocatePayment({
    amount: skonto.rest,
    paidOn: input.receivedOn as CalendarDate,
    claims,
    designated: designated.filter((id) => !settled.has(id)),
  });
  const lines: AllocationLine[] = [
    ...skonto.settlements.map((s) => ({
      claimId: s.claimId,
      component: 'principal' as const,
      amount: s.paid,
      rule: 'debtor-designation' as const,
    })),
    ...allocation.lines,
  ];
  const allocations: NewAllocationRow[] = lines.map((line) => ({
    invoiceId: Number(line.claimId),
    component: line.component,
    amountCents: line.amount.minor,
    rule: line.rule,
    effectiveOn: input.receivedOn,
  }));
  for (const s of skonto.settlements) {
    allocations.push({
      invoiceId: Number(s.claimId),
      component: 'skonto',
      amountCents: s.discount.minor,
      rule: `skonto ${formatPercent(s.offer.percent)} % until ${s.offer.deadline}`,
      effectiveOn: input.receivedOn,
    });
  }
  // A shortfall within the tolerance on what the payer named (bank charges, rounding) is written off;
  // a claim settled with Skonto has no shortfall (its discount is booked already).
  const writeOffs = toleranceWriteOffs(
    open,
    designated.filter((id) => !settled.has(id)),
    lines,
    allocation.credit,
    options.toleranceCents ?? 0,
  );
  for (const w of writeOffs) {
    allocations.push({
      invoiceId: w.invoiceId,
      component: 'write-off',
      amountCents: w.cents,
      rule: `shortfall within tolerance ${minorToDecimalString(options.toleranceCents ?? 0, 2)}`,
      effectiveOn: input.receivedOn,
    });
  }
  if (allocation.credit.isPositive()) {
    allocations.push({
      invoiceId: null,
      component: 'credit',
      amountCents: allocation.credit.minor,
      rule: 'overpayment',
      effectiveOn: input.receivedOn,
    });
  }
  const perClaim = new Map<number, { costs: number; interest: number; principal: number }>();
  for (const line of lines) {
    const id = Number(line.claimId);
    const paid = perClaim.get(id) ?? { costs: 0, interest: 0, principal: 0 };
    paid[line.component] += line.amount.minor;
    perClaim.set(id, paid);
  }
  for (const s of skonto.settlements) {
    (perClaim.get(Number(s.claimId)) as { principal: number }).principal += s.discount.minor;
  }
  for (const w of writeOffs) {
    const paid = perClaim.get(w.invoiceId) ?? { costs: 0, interest: 0, principal: 0 };
    paid.principal += w.cents;
    perClaim.set(w.invoiceId, paid);
  }
  return { lines, skonto: skonto.settlements, credit: allocation.credit, allocations, perClaim };
}

/** The payment's row as booked. */
export function paymentRowOf(ctx: ServiceContext, options: BookPaymentOptions): NewPaymentRow {
  return {
    tenantId: ctx.tenantId,
    customerId: options.customer.id,
    receivedOn: options.receivedOn,
    amountCents: options.amount.minor,
    currency: 'EUR',
    reference: options.reference ?? null,
    payerName: options.payerName ?? null,
    payerIban: options.payerIban ?? null,
    source: options.source,
    bankTransactionId: options.bankTransactionId ?? null,
  };
}

/** The events of a booked payment: the payment with its allocations, then the proposals it cancelled. */
export function paymentEvents(
  payment: PaymentRow,
  options: BookPaymentOptions,
  allocations: readonly NewAllocationRow[],
  cancelled: readonly CancelledItem[],
): NewEvent[] {
  return [
    {
      type: 'payment.recorded',
      entityType: 'payment',
      entityId: payment.id,
      customerId: options.customer.id,
      payload: {
        amountCents: options.amount.minor,
        receivedOn: options.receivedOn,
        reference: options.reference ?? null,
        allocations: allocations.map((a) => ({
          invoiceId: a.invoiceId,
          component: a.component,
          amountCents: a.amountCents,
          rule: a.rule,
        })),
      },
    },
    ...cancelled.map((c) => ({
      type: c.noticeCancelled ? 'notice.cancelled' : 'notice.item-cancelled',
      entityType: 'notice',
      entityId: c.noticeId,
      customerId: c.customerId,
      payload: { invoiceId: c.invoiceId, reason: 'payment received' },
    })),
  ];
}

/** Books a payment inside the caller's transaction: Skonto, §§366/367 allocation, tolerance, credit, events. */
export async function bookPaymentInTransaction(
  tx: Db,
  ctx: ServiceContext,
  options: BookPaymentOptions,
): Promise<RecordedPayment> {
  const open = await lockOpenClaimsOfCustomer(tx, ctx.tenantId, options.customer.id);
  const tenant = await findTenantById(tx, ctx.tenantId);
  const plan = planPayment(open, options, tenant?.state);
  const payment = await insertPayment(tx, paymentRowOf(ctx, options), plan.allocations);
  for (const [invoiceId, paid] of plan.perClaim) await applyToClaim(tx, ctx.tenantId, invoiceId, paid);
  const cancelled = await cancelPendingItems(
    tx,
    ctx.tenantId,
    [...plan.perClaim.keys()],
    `payment ${payment.id} received`,
  );
  const confirmed = await confirmReportedPayments(tx, ctx, [...plan.perClaim.keys()]);
  await appendEvents(
    tx,
    ctx.tenantId,
    ctx.actor,
    [...paymentEvents(payment, options, plan.allocations, cancelled), ...confirmed],
    ctx.now(),
  );
  return {
    payment,
    lines: plan.lines,
    skonto: plan.skonto,
    credit: plan.credit,
    cancelledNoticeItems: cancelled.length,
  };
}

/**
 * The principal left open on the named claims when the payment fell short of them by no more than
 * the tolerance, and nothing went to credit. A deliberate partial payment falls short by more.
 */
function toleranceWriteOffs(
  open: readonly OpenClaimRow[],
  designated: readonly string[],
  lines: readonly AllocationLine[],
  credit: Money,
  toleranceCents: number,
): { invoiceId: number; cents: number }[] {
  if (toleranceCents <= 0 || designated.length === 0 || credit.isPositive()) return [];
  const left = designated.map((id) => {
    const claim = open.find((c) => String(c.invoiceId) === id) as OpenClaimRow;
    const paid = lines
      .filter((l) => l.claimId === id && l.component === 'principal')
      .reduce((sum, l) => sum + l.amount.minor, 0);
    return { invoiceId: claim.invoiceId, cents: claim.openPrincipalCents - paid };
  });
  const shortfall = left.reduce((sum, l) => sum + l.cents, 0);
  return shortfall > 0 && shortfall <= toleranceCents ? left.filter((l) => l.cents > 0) : [];
}
