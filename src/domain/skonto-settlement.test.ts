import { describe, expect, it } from 'vitest';
import { parseCalendarDate } from './calendar-date.ts';
import { Money } from './money.ts';
import { parsePaymentTerms } from './payment-terms.ts';
import { type SkontoCandidate, settleWithSkonto } from './skonto-settlement.ts';

const d = parseCalendarDate;
const eur = (minor: number) => Money.of(minor);
// 2 % within 10 days, net 30. Invoice 1,190.00 € of 3 Mar 2025: Skonto deadline 13 Mar, 23.80 € off → 1,166.20 €.
const TERMS = parsePaymentTerms({ kind: 'net', days: 30, skonto: [{ percent: '2', days: 10 }] });

function claim(claimId: string, extra: Partial<SkontoCandidate> = {}): SkontoCandidate {
  return {
    claimId,
    invoiceDate: d('2025-03-03'),
    gross: eur(119_000),
    openPrincipal: eur(119_000),
    openCosts: eur(0),
    terms: TERMS,
    ...extra,
  };
}

describe('settleWithSkonto', () => {
  it('settles a named invoice paid within the period with the discount deducted', () => {
    const result = settleWithSkonto({
      amount: eur(116_620),
      paidOn: d('2025-03-13'),
      candidates: [claim('a')],
      designated: ['a'],
    });
    expect(result.settlements.map((s) => [s.claimId, s.paid.minor, s.discount.minor])).toEqual([
      ['a', 116_620, 2_380],
    ]);
    expect(result.rest.minor).toBe(0);
  });

  it('grants no Skonto when the money is credited after the period', () => {
    const result = settleWithSkonto({
      amount: eur(116_620),
      paidOn: d('2025-03-14'),
      candidates: [claim('a')],
      designated: ['a'],
    });
    expect(result.settlements).toEqual([]);
    expect(result.rest.minor).toBe(116_620);
  });

  it('moves a period that ends on a weekend to the next working day (§193 BGB) when a state is given', () => {
    // Invoice of 5 Mar: deadline 15 Mar 2025 is a Saturday → Monday 17 Mar.
    const c = claim('a', { invoiceDate: d('2025-03-05') });
    const base = { amount: eur(116_620), paidOn: d('2025-03-17'), candidates: [c], designated: ['a'] };
    expect(settleWithSkonto({ ...base, state: 'BE' }).settlements).toHaveLength(1);
    expect(settleWithSkonto(base).settlements).toHaveLength(0);
  });

  it('matches an unnamed payment only when exactly one claim has that reduced amount', () => {
    const one = settleWithSkonto({
      amount: eur(116_620),
      paidOn: d('2025-03-10'),
      candidates: [claim('a'), claim('b', { gross: eur(50_000), openPrincipal: eur(50_000) })],
      designated: [],
    });
    expect(one.settlements.map((s) => s.claimId)).toEqual(['a']);
    const two = settleWithSkonto({
      amount: eur(116_620),
      paidOn: d('2025-03-10'),
      candidates: [claim('a'), claim('b')],
      designated: [],
    });
    expect(two.settlements).toEqual([]);
  });

  it('grants no Skonto on a claim that was partly paid before or carries costs', () => {
    for (const c of [claim('a', { openPrincipal: eur(100_000) }), claim('a', { openCosts: eur(95) })]) {
      expect(
        settleWithSkonto({
          amount: eur(116_620),
          paidOn: d('2025-03-10'),
          candidates: [c],
          designated: ['a'],
        }).settlements,
      ).toEqual([]);
    }
  });

  it('settles several named invoices in the order named while the money lasts, the rest stays', () => {
    const result = settleWithSkonto({
      amount: eur(116_620 + 50_000),
      paidOn: d('2025-03-10'),
      candidates: [claim('a'), claim('b')],
      designated: ['b', 'a'],
    });
    expect(result.settlements.map((s) => s.claimId)).toEqual(['b']);
    expect(result.rest.minor).toBe(50_000);
  });

  it('forces no discount on a payer who pays the named invoices in full within the period', () => {
    const result = settleWithSkonto({
      amount: eur(119_000),
      paidOn: d('2025-03-10'),
      candidates: [claim('a')],
      designated: ['a'],
    });
    expect(result.settlements).toEqual([]);
    expect(result.rest.minor).toBe(119_000);
  });
});
