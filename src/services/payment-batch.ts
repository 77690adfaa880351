/**
 * @module payment-batch
 * Many payments booked set-wise in the caller's transaction (the credits of a bank statement): the
 * open claims of their customers are locked and loaded with one statement, each payment is planned
 * in memory in the order given — a customer's second payment sees what the first paid — and the
 * batch is written with a few statements: payments, allocations, claim states, cancelled proposals
 * and events. The outcome is that of booking the payments one by one (`bookPaymentInTransaction`),
 * in the same order, with the same events.
 */
import type { Db } from '../db/database.ts';
import { appendEvents, type NewEvent } from '../db/event-store.ts';
import { cancelPendingItems, invoicesWithPendingItems } from '../db/notice-repository.ts';
import {
  applyToClaims,
  insertPayments,
  lockOpenClaimsOfCustomers,
  type OpenClaimRow,
  type PaymentRow,
} from '../db/payment-repository.ts';
import {
  type BookPaymentOptions,
  type PaymentPlan,
  paymentEvents,
  paymentRowOf,
  planPayment,
} from './payment-service.ts';
import { confirmReportedPayments } from './reported-payment-check.ts';
import type { ServiceContext } from './service-context.ts';

type Paid = { costs: number; interest: number; principal: number };

/** A claim stays open while principal or costs are (as `findOpenClaims` has it). */
function afterPayment(open: readonly OpenClaimRow[], perClaim: ReadonlyMap<number, Paid>): OpenClaimRow[] {
  return open
    .map((claim) => {
      const paid = perClaim.get(claim.invoiceId);
      if (!paid) return claim;
      return {
        ...claim,
        openCostsCents: claim.openCostsCents - paid.costs,
        interestPaidCents: claim.interestPaidCents + paid.interest,
        openPrincipalCents: claim.openPrincipalCents - paid.principal,
      };
    })
    .filter((claim) => claim.openPrincipalCents > 0 || claim.openCostsCents > 0);
}

export class PaymentBatch {
  /** Open claims of the loaded customers, locked in this transaction, with the planned payments applied. */
  private readonly open = new Map<number, OpenClaimRow[]>();
  private pending: { options: BookPaymentOptions; plan: PaymentPlan }[] = [];

  constructor(
    private readonly tx: Db,
    private readonly ctx: ServiceContext,
    /** The company's federal state, for the holidays that move a Skonto deadline. */
    private readonly state: string | null | undefined,
  ) {}

  /** Locks and loads the open claims of the customers not loaded yet, with one statement. */
  async load(customerIds: Iterable<number>): Promise<void> {
    const missing = [...new Set(customerIds)].filter((id) => !this.open.has(id));
    if (missing.length === 0) return;
    const rows = await lockOpenClaimsOfCustomers(this.tx, this.ctx.tenantId, missing);
    for (const id of missing) this.open.set(id, []);
    for (const row of rows) this.open.get(row.customerId)?.push(row);
  }

  /** What is open for a loaded customer now, the planned payments deducted. */
  openClaimsOf(customerId: number): readonly OpenClaimRow[] {
    const open = this.open.get(customerId);
    if (!open) throw new Error(`payment batch: customer ${customerId} was not loaded`);
    return open;
  }

  /** Plans a payment of a loaded customer and deducts it in memory; `write` books it. */
  add(options: BookPaymentOptions): PaymentPlan {
    const open = this.openClaimsOf(options.customer.id);
    const plan = planPayment(open, options, this.state);
    this.open.set(options.customer.id, afterPayment(open, plan.perClaim));
    this.pending.push({ options, plan });
    return plan;
  }

  /**
   * Writes the planned payments; they come back in the order added. The loaded claims stay locked
   * and current, so the batch can go on.
   */
  async write(): Promise<PaymentRow[]> {
    const pending = this.pending;
    this.pending = [];
    if (pending.length === 0) return [];
    const { tx, ctx } = this;
    const stored = await insertPayments(
      tx,
      pending.map((p) => ({ payment: paymentRowOf(ctx, p.options), allocations: p.plan.allocations })),
    );
    const paidPerClaim = new Map<number, Paid>();
    for (const { plan } of pending) {
      for (const [invoiceId, paid] of plan.perClaim) {
        const sum = paidPerClaim.get(invoiceId) ?? { costs: 0, interest: 0, principal: 0 };
        sum.costs += paid.costs;
        sum.interest += paid.interest;
        sum.principal += paid.principal;
        paidPerClaim.set(invoiceId, sum);
      }
    }
    await applyToClaims(tx, ctx.tenantId, paidPerClaim);
    // A "paid already" report is confirmed by the payment that settled its invoice: the last one of
    // the batch that paid on it.
    const confirmed = await confirmReportedPayments(tx, ctx, [...paidPerClaim.keys()]);
    const lastPayer = new Map<number, number>();
    for (const [i, { plan }] of pending.entries())
      for (const id of plan.perClaim.keys()) lastPayer.set(id, i);
    // Proposals that have not gone out for a paid claim are cancelled by the payment that paid it.
    const proposed = await invoicesWithPendingItems(tx, ctx.tenantId, [...paidPerClaim.keys()]);
    const events: NewEvent[] = [];
    for (const [i, { options, plan }] of pending.entries()) {
      const payment = stored[i] as PaymentRow;
      const claimIds = [...plan.perClaim.keys()];
      const cancelled = claimIds.some((id) => proposed.has(id))
        ? await cancelPendingItems(tx, ctx.tenantId, claimIds, `payment ${payment.id} received`)
        : [];
      events.push(...paymentEvents(payment, options, plan.allocations, cancelled));
      events.push(...confirmed.filter((e) => lastPayer.get(Number(e.entityId)) === i));
    }
    await appendEvents(tx, ctx.tenantId, ctx.actor, events, ctx.now());
    return stored;
  }

  /** Forgets the loaded claims: after something else changed them in this transaction. */
  forget(): void {
    if (this.pending.length > 0) throw new Error('payment batch: write the planned payments first');
    this.open.clear();
  }
}
