/**
 * @module skonto-settlement
 * Which claims a payment settles with Skonto. A claim is settled with the discount deducted when
 * nothing of it was paid before, the money is credited within a Skonto period (the payment terms
 * decide, by the credit day), and the payment covers the reduced amount but not everything named —
 * and either the payer named the invoice, or the payment is exactly the reduced amount of one
 * unnamed claim. Whatever is left is allocated as usual (§§366, 367 BGB).
 */
import type { CalendarDate } from './calendar-date.ts';
import { Money } from './money.ts';
import { type PaymentTerms, type SkontoOffer, skontoEarned } from './payment-terms.ts';

export interface SkontoCandidate {
  claimId: string;
  invoiceDate: CalendarDate;
  gross: Money;
  openPrincipal: Money;
  openCosts: Money;
  terms: PaymentTerms;
}

export interface SkontoSettlement {
  claimId: string;
  /** The part of the payment that settles the claim: gross minus discount. */
  paid: Money;
  discount: Money;
  offer: SkontoOffer;
}

export interface SettleWithSkontoOptions {
  amount: Money;
  paidOn: CalendarDate;
  candidates: readonly SkontoCandidate[];
  /** Claims the payer named, in order. */
  designated: readonly string[];
  /** Federal state for §193 BGB on Skonto deadlines. */
  state?: string;
}

function offerFor(candidate: SkontoCandidate, paidOn: CalendarDate, state?: string): SkontoOffer | null {
  const untouched = candidate.openPrincipal.equals(candidate.gross) && candidate.openCosts.isZero();
  return untouched
    ? skontoEarned(candidate.terms, candidate.invoiceDate, candidate.gross, paidOn, state)
    : null;
}

export function settleWithSkonto(options: SettleWithSkontoOptions): {
  settlements: SkontoSettlement[];
  rest: Money;
} {
  const { paidOn, candidates, state } = options;
  const byId = new Map(candidates.map((c) => [c.claimId, c]));
  const settlements: SkontoSettlement[] = [];
  let rest = options.amount;
  if (options.designated.length > 0) {
    // Whoever pays everything they named in full has not taken the discount: no Skonto is forced on them.
    const named = options.designated.flatMap((id) => byId.get(id) ?? []);
    const fullTotal = named.reduce(
      (sum, c) => sum.add(c.openPrincipal).add(c.openCosts),
      Money.zero(rest.currency),
    );
    if (named.length > 0 && rest.compare(fullTotal) >= 0) return { settlements, rest };
    for (const id of options.designated) {
      const candidate = byId.get(id);
      const offer = candidate ? offerFor(candidate, paidOn, state) : null;
      if (!candidate || !offer || rest.compare(offer.payable) < 0) continue;
      settlements.push({ claimId: id, paid: offer.payable, discount: offer.discount, offer });
      rest = rest.subtract(offer.payable);
    }
    return { settlements, rest };
  }
  const exact = candidates.filter((c) => {
    const offer = offerFor(c, paidOn, state);
    return offer !== null && offer.payable.equals(rest);
  });
  // Only an unambiguous match: two claims with the same reduced amount stay for the normal rules.
  if (exact.length === 1) {
    const candidate = exact[0] as SkontoCandidate;
    const offer = offerFor(candidate, paidOn, state) as SkontoOffer;
    settlements.push({ claimId: candidate.claimId, paid: offer.payable, discount: offer.discount, offer });
    rest = rest.subtract(offer.payable);
  }
  return { settlements, rest };
}
