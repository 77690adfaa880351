/**
 * @module payment-allocation
 * Which debts a payment settles (§366 BGB) and, within each debt, which part (§367 BGB).
 *
 * §366 Abs. 1: the debt the debtor names when paying comes first.
 * §366 Abs. 2: otherwise the due debt before the one not yet due; among due debts the one with
 * less security for the creditor, then the more burdensome for the debtor, then the older one;
 * debts equal in all of that are paid proportionally.
 * §367 Abs. 1: within a debt, costs first, then interest, then principal.
 * What is left after every claim is paid is returned as credit (overpayment), never lost.
 */
import type { CalendarDate } from './calendar-date.ts';
import { DomainError } from './domain-error.ts';
import { Money } from './money.ts';

export type ClaimComponent = 'costs' | 'interest' | 'principal';

/** §367 Abs. 1 BGB: costs, then interest, then principal. */
export const ALLOCATION_ORDER_WITHIN_CLAIM: readonly ClaimComponent[] = ['costs', 'interest', 'principal'];

export interface AllocatableClaim {
  claimId: string;
  /** When the debt arose (invoice date): "the older debt". */
  arisenOn: CalendarDate;
  dueDate: CalendarDate;
  open: Record<ClaimComponent, Money>;
  /** The creditor holds security for it (guarantee, retained title): it is paid after unsecured debts. */
  secured?: boolean;
  /** How burdensome the debt is for the debtor (e.g. 1 = bears default interest, 2 = enforceable title). */
  burden?: number;
}

export interface AllocatePaymentOptions {
  amount: Money;
  /** The day the payment is credited: decides which debts are due. */
  paidOn: CalendarDate;
  claims: readonly AllocatableClaim[];
  /** §366 Abs. 1 BGB: the claims the debtor named, in the order named. */
  designated?: readonly string[];
}

export type AllocationRule = 'debtor-designation' | 'statutory-order' | 'proportional';

export interface AllocationLine {
  claimId: string;
  component: ClaimComponent;
  amount: Money;
  /** Why this claim received money: §366 Abs. 1, §366 Abs. 2 in order, or §366 Abs. 2 proportionally. */
  rule: AllocationRule;
}

export interface PaymentAllocation {
  lines: AllocationLine[];
  /** The part of the payment no claim needed: overpayment, held as credit for the debtor. */
  credit: Money;
}

function openTotal(claim: AllocatableClaim): Money {
  return claim.open.costs.add(claim.open.interest).add(claim.open.principal);
}

/** §367 Abs. 1: spends `amount` on one claim's costs, interest, principal; returns the lines. */
function allocateWithinClaim(claim: AllocatableClaim, amount: Money, rule: AllocationRule): AllocationLine[] {
  const lines: AllocationLine[] = [];
  let left = amount;
  for (const component of ALLOCATION_ORDER_WITHIN_CLAIM) {
    const take = left.min(claim.open[component]);
    if (take.isPositive()) {
      lines.push({ claimId: claim.claimId, component, amount: take, rule });
      left = left.subtract(take);
    }
  }
  return lines;
}

/** §366 Abs. 2 rank, smaller first: due first, less security first, more burdensome first, older first. */
type Rank = [due: number, secured: number, lessBurden: number, arisenOn: CalendarDate];

function rankOf(claim: AllocatableClaim, paidOn: CalendarDate): Rank {
  return [claim.dueDate <= paidOn ? 0 : 1, claim.secured ? 1 : 0, -(claim.burden ?? 0), claim.arisenOn];
}

/** Field by field, numbers as numbers: a burden of 1.5 or 2,000,000 ranks where it belongs. */
function compareRanks(a: Rank, b: Rank): number {
  for (let i = 0; i < a.length; i++) {
    const [x, y] = [a[i] as number | string, b[i] as number | string];
    if (x !== y) return x < y ? -1 : 1;
  }
  return 0;
}

export function allocatePayment(options: AllocatePaymentOptions): PaymentAllocation {
  const { amount, paidOn, claims } = options;
  if (amount.isNegative()) {
    throw new DomainError('invalid-amount', 'amount: a payment to allocate must not be negative', {
      path: 'amount',
    });
  }
  const ids = new Set<string>();
  for (const claim of claims) {
    if (ids.has(claim.claimId)) {
      throw new DomainError('invalid-argument', `claims: claim ${claim.claimId} is listed twice`, {
        path: 'claims',
      });
    }
    ids.add(claim.claimId);
    for (const component of ALLOCATION_ORDER_WITHIN_CLAIM) {
      if (claim.open[component].isNegative() || claim.open[component].currency !== amount.currency) {
        throw new DomainError(
          'invalid-amount',
          `claims.${claim.claimId}.${component}: must be a non-negative ${amount.currency} amount`,
          { path: `claims.${claim.claimId}.${component}` },
        );
      }
    }
  }
  for (const id of options.designated ?? []) {
    if (!ids.has(id)) {
      throw new DomainError(
        'invalid-argument',
        `designated: the debtor named claim ${id}, which is not open`,
        {
          path: 'designated',
        },
      );
    }
  }

  const lines: AllocationLine[] = [];
  let left = amount;
  const remaining = new Map(claims.map((c) => [c.claimId, c]));

  // §366 Abs. 1: the debtor's designation first.
  for (const id of options.designated ?? []) {
    const claim = remaining.get(id);
    if (!claim || left.isZero()) continue;
    const take = left.min(openTotal(claim));
    lines.push(...allocateWithinClaim(claim, take, 'debtor-designation'));
    left = left.subtract(take);
    remaining.delete(id);
  }

  // §366 Abs. 2: groups of equal rank, best rank first; within a group by claim id for a stable order.
  const groups = new Map<string, { rank: Rank; claims: AllocatableClaim[] }>();
  for (const claim of remaining.values()) {
    if (openTotal(claim).isZero()) continue;
    const rank = rankOf(claim, paidOn);
    const key = JSON.stringify(rank);
    const group = groups.get(key);
    if (group) group.claims.push(claim);
    else groups.set(key, { rank, claims: [claim] });
  }
  for (const { claims: members } of [...groups.values()].sort((a, b) => compareRanks(a.rank, b.rank))) {
    if (left.isZero()) break;
    const group = members.sort((a, b) => (a.claimId < b.claimId ? -1 : 1));
    const groupTotal = Money.sum(group.map(openTotal), amount.currency);
    if (left.compare(groupTotal) >= 0) {
      for (const claim of group)
        lines.push(...allocateWithinClaim(claim, openTotal(claim), 'statutory-order'));
      left = left.subtract(groupTotal);
    } else {
      // Equal debts are paid proportionally to what is open on each.
      const shares = left.allocate(group.map((c) => openTotal(c).minor));
      group.forEach((claim, i) => {
        const share = shares[i] as Money;
        if (share.isPositive()) {
          lines.push(
            ...allocateWithinClaim(claim, share, group.length > 1 ? 'proportional' : 'statutory-order'),
          );
        }
      });
      left = Money.zero(amount.currency);
    }
  }
  return { lines, credit: left };
}
