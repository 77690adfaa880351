import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type CalendarDate, fromEpochDay, parseCalendarDate, toEpochDay } from './calendar-date.ts';
import { DomainError } from './domain-error.ts';
import { Money } from './money.ts';
import {
  type AllocatableClaim,
  allocatePayment,
  type ClaimComponent,
  type PaymentAllocation,
} from './payment-allocation.ts';

const COMPONENTS: readonly ClaimComponent[] = ['costs', 'interest', 'principal'];
const eur = (minor: number) => Money.of(minor, 'EUR');
const d = (text: string) => parseCalendarDate(text);
const PAID_ON = d('2025-03-10');

function claim(
  claimId: string,
  open: Partial<Record<ClaimComponent, number>>,
  extra: Partial<Omit<AllocatableClaim, 'claimId' | 'open'>> = {},
): AllocatableClaim {
  return {
    claimId,
    arisenOn: d('2025-01-01'),
    dueDate: d('2025-01-31'),
    open: {
      costs: eur(open.costs ?? 0),
      interest: eur(open.interest ?? 0),
      principal: eur(open.principal ?? 0),
    },
    ...extra,
  };
}

/** What each claim received, per component, in cents. */
function received(allocation: PaymentAllocation): Record<string, Partial<Record<ClaimComponent, number>>> {
  const out: Record<string, Partial<Record<ClaimComponent, number>>> = {};
  for (const line of allocation.lines) {
    const perClaim = (out[line.claimId] ??= {});
    perClaim[line.component] = (perClaim[line.component] ?? 0) + line.amount.minor;
  }
  return out;
}

function paidOf(allocation: PaymentAllocation, claimId: string, component: ClaimComponent): number {
  return received(allocation)[claimId]?.[component] ?? 0;
}

function expectDomainError(fn: () => unknown, code: string, path: string): void {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(DomainError);
    expect((error as DomainError).code).toBe(code);
    expect((error as DomainError).path).toBe(path);
    return;
  }
  expect.fail('expected a DomainError');
}

describe('allocatePayment within one claim (§367 Abs. 1 BGB)', () => {
  it('pays costs first, then interest, then principal', () => {
    // 12.00 €: costs 5.00 in full, interest 7.00 of 10.00, nothing on the principal.
    const result = allocatePayment({
      amount: eur(1200),
      paidOn: PAID_ON,
      claims: [claim('a', { costs: 500, interest: 1000, principal: 10_000 })],
    });
    expect(result.lines.map((l) => [l.component, l.amount.minor])).toEqual([
      ['costs', 500],
      ['interest', 700],
    ]);
    expect(result.credit.minor).toBe(0);
  });

  it('reaches the principal only once costs and interest are paid', () => {
    // 20.00 € = costs 5.00 + interest 10.00 + principal 5.00.
    const result = allocatePayment({
      amount: eur(2000),
      paidOn: PAID_ON,
      claims: [claim('a', { costs: 500, interest: 1000, principal: 10_000 })],
    });
    expect(received(result)).toEqual({ a: { costs: 500, interest: 1000, principal: 500 } });
  });
});

describe('allocatePayment between claims (§366 BGB)', () => {
  it('pays the claim the debtor names first, even when it is the younger one (§366 Abs. 1 BGB)', () => {
    const result = allocatePayment({
      amount: eur(15_000),
      paidOn: PAID_ON,
      claims: [
        claim('older', { principal: 10_000 }, { arisenOn: d('2025-01-01') }),
        claim('named', { principal: 10_000 }, { arisenOn: d('2025-02-01') }),
      ],
      designated: ['named'],
    });
    // 150.00 €: 100.00 on the named claim, the remaining 50.00 by the statutory order.
    expect(result.lines.map((l) => [l.claimId, l.amount.minor, l.rule])).toEqual([
      ['named', 10_000, 'debtor-designation'],
      ['older', 5000, 'statutory-order'],
    ]);
  });

  it('follows the order in which the debtor names several claims (§366 Abs. 1 BGB)', () => {
    const result = allocatePayment({
      amount: eur(12_000),
      paidOn: PAID_ON,
      claims: [claim('a', { principal: 10_000 }), claim('b', { principal: 10_000 })],
      designated: ['b', 'a'],
    });
    expect(result.lines.map((l) => [l.claimId, l.amount.minor, l.rule])).toEqual([
      ['b', 10_000, 'debtor-designation'],
      ['a', 2000, 'debtor-designation'],
    ]);
  });

  it('pays a due claim before an older one not yet due (§366 Abs. 2 BGB)', () => {
    const result = allocatePayment({
      amount: eur(5000),
      paidOn: PAID_ON,
      claims: [
        claim('not-due', { principal: 10_000 }, { arisenOn: d('2024-12-01'), dueDate: d('2025-03-11') }),
        claim('due', { principal: 10_000 }, { arisenOn: d('2025-02-01'), dueDate: d('2025-03-01') }),
      ],
    });
    expect(received(result)).toEqual({ due: { principal: 5000 } });
  });

  it('treats a claim due on the day of payment as due (§366 Abs. 2 BGB)', () => {
    const result = allocatePayment({
      amount: eur(5000),
      paidOn: PAID_ON,
      claims: [
        claim('due-tomorrow', { principal: 10_000 }, { arisenOn: d('2024-12-01'), dueDate: d('2025-03-11') }),
        claim('due-today', { principal: 10_000 }, { arisenOn: d('2025-02-01'), dueDate: PAID_ON }),
      ],
    });
    expect(received(result)).toEqual({ 'due-today': { principal: 5000 } });
  });

  it('pays the claim with less security first, before burden and age (§366 Abs. 2 BGB)', () => {
    const result = allocatePayment({
      amount: eur(5000),
      paidOn: PAID_ON,
      claims: [
        claim('secured', { principal: 10_000 }, { secured: true, burden: 2, arisenOn: d('2024-01-01') }),
        claim('unsecured', { principal: 10_000 }, { arisenOn: d('2025-02-01') }),
      ],
    });
    expect(received(result)).toEqual({ unsecured: { principal: 5000 } });
  });

  it('pays the more burdensome claim first, before age (§366 Abs. 2 BGB)', () => {
    const result = allocatePayment({
      amount: eur(5000),
      paidOn: PAID_ON,
      claims: [
        claim('older', { principal: 10_000 }, { burden: 1, arisenOn: d('2024-01-01') }),
        claim('burdensome', { principal: 10_000 }, { burden: 2, arisenOn: d('2025-02-01') }),
      ],
    });
    expect(received(result)).toEqual({ burdensome: { principal: 5000 } });
  });

  it('ranks any burden by its value, fractions and large numbers included (§366 Abs. 2 BGB)', () => {
    const pay = (burdens: [number, number]) =>
      received(
        allocatePayment({
          amount: eur(5000),
          paidOn: PAID_ON,
          claims: [
            claim('x', { principal: 10_000 }, { burden: burdens[0], arisenOn: d('2024-01-01') }),
            claim('y', { principal: 10_000 }, { burden: burdens[1], arisenOn: d('2025-02-01') }),
          ],
        }),
      );
    expect(pay([0, 0.5])).toEqual({ y: { principal: 5000 } });
    expect(pay([1_000_001, 1_000_002])).toEqual({ y: { principal: 5000 } });
    expect(pay([999_999, 2_000_000])).toEqual({ y: { principal: 5000 } });
  });

  it('pays the older claim first when all else is equal (§366 Abs. 2 BGB)', () => {
    const result = allocatePayment({
      amount: eur(15_000),
      paidOn: PAID_ON,
      claims: [
        claim('younger', { principal: 10_000 }, { arisenOn: d('2025-02-01') }),
        claim('older', { principal: 10_000 }, { arisenOn: d('2025-01-15') }),
      ],
    });
    expect(result.lines.map((l) => [l.claimId, l.amount.minor, l.rule])).toEqual([
      ['older', 10_000, 'statutory-order'],
      ['younger', 5000, 'statutory-order'],
    ]);
  });

  it('pays equal claims in proportion to what is open on each, §367 within each (§366 Abs. 2 BGB)', () => {
    // Open: a 300.00 (costs 10.00, interest 20.00, principal 270.00), b 100.00; paid 200.00.
    // a: 200.00 × 300/400 = 150.00 → costs 10.00, interest 20.00, principal 120.00
    // b: 200.00 × 100/400 =  50.00 → principal 50.00
    const result = allocatePayment({
      amount: eur(20_000),
      paidOn: PAID_ON,
      claims: [
        claim('b', { principal: 10_000 }),
        claim('a', { costs: 1000, interest: 2000, principal: 27_000 }),
      ],
    });
    expect(received(result)).toEqual({
      a: { costs: 1000, interest: 2000, principal: 12_000 },
      b: { principal: 5000 },
    });
    expect(result.lines.every((l) => l.rule === 'proportional')).toBe(true);
    expect(result.credit.minor).toBe(0);
  });

  it('splits a proportional payment without losing a cent, the odd cent to the first claim by id', () => {
    // 1.00 € over three equal claims of 1.00 €: 33 each and one cent left, which goes to "a".
    const result = allocatePayment({
      amount: eur(100),
      paidOn: PAID_ON,
      claims: [
        claim('c', { principal: 100 }),
        claim('b', { principal: 100 }),
        claim('a', { principal: 100 }),
      ],
    });
    expect(received(result)).toEqual({ a: { principal: 34 }, b: { principal: 33 }, c: { principal: 33 } });
  });

  it('returns what no claim needs as credit', () => {
    // Open 100.00 + 15.00 = 115.00; paid 150.00 → credit 35.00.
    const result = allocatePayment({
      amount: eur(15_000),
      paidOn: PAID_ON,
      claims: [claim('a', { principal: 10_000 }), claim('b', { interest: 1500 })],
    });
    expect(result.credit.minor).toBe(3500);
    expect(received(result)).toEqual({ a: { principal: 10_000 }, b: { interest: 1500 } });
  });

  it('allocates nothing for a payment of zero', () => {
    const result = allocatePayment({
      amount: eur(0),
      paidOn: PAID_ON,
      claims: [claim('a', { principal: 1 })],
    });
    expect(result.lines).toEqual([]);
    expect(result.credit.minor).toBe(0);
  });

  it('rejects a negative payment', () => {
    expectDomainError(
      () => allocatePayment({ amount: eur(-1), paidOn: PAID_ON, claims: [] }),
      'invalid-amount',
      'amount',
    );
  });

  it('rejects a claim listed twice', () => {
    expectDomainError(
      () =>
        allocatePayment({
          amount: eur(100),
          paidOn: PAID_ON,
          claims: [claim('a', { principal: 100 }), claim('a', { principal: 200 })],
        }),
      'invalid-argument',
      'claims',
    );
  });

  it('rejects a designation of a claim that is not among the open claims', () => {
    expectDomainError(
      () =>
        allocatePayment({
          amount: eur(100),
          paidOn: PAID_ON,
          claims: [claim('a', { principal: 100 })],
          designated: ['x'],
        }),
      'invalid-argument',
      'designated',
    );
  });

  it('rejects a negative open component and one in another currency, naming the field', () => {
    expectDomainError(
      () => allocatePayment({ amount: eur(100), paidOn: PAID_ON, claims: [claim('a', { interest: -1 })] }),
      'invalid-amount',
      'claims.a.interest',
    );
    const inUsd: AllocatableClaim = {
      ...claim('b', {}),
      open: { costs: eur(0), interest: eur(0), principal: Money.of(100, 'USD') },
    };
    expectDomainError(
      () => allocatePayment({ amount: eur(100), paidOn: PAID_ON, claims: [inUsd] }),
      'invalid-amount',
      'claims.b.principal',
    );
  });
});

describe('allocatePayment properties', () => {
  const dateArb = (from: string, to: string) =>
    fc
      .integer({ min: toEpochDay(d(from)), max: toEpochDay(d(to)) })
      .map((day): CalendarDate => fromEpochDay(day));
  const centsArb = fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 50_000 }));
  const claimArb = (claimId: string) =>
    fc.record({
      claimId: fc.constant(claimId),
      // Few distinct values, so that claims of equal rank (paid proportionally) occur often.
      arisenOn: dateArb('2025-01-01', '2025-01-03'),
      dueDate: dateArb('2025-03-08', '2025-03-12'),
      open: fc.record({
        costs: centsArb.map(eur),
        interest: centsArb.map(eur),
        principal: centsArb.map(eur),
      }),
      secured: fc.boolean(),
      burden: fc.oneof(fc.integer({ min: 0, max: 2 }), fc.constantFrom(0.5, 1.5, 2_000_000, 2_000_001)),
    });
  const scenarioArb = fc
    .uniqueArray(fc.constantFrom<string>('a', 'b', 'c', 'd', 'e', 'f'), { maxLength: 6 })
    .chain((ids) =>
      fc.record({
        claims: fc.tuple(...ids.map(claimArb)),
        designated: fc.shuffledSubarray(ids),
        amount: fc.integer({ min: 0, max: 400_000 }).map(eur),
        paidOn: fc.constant(PAID_ON),
      }),
    );

  const isFullyPaid = (allocation: PaymentAllocation, c: AllocatableClaim) =>
    COMPONENTS.every((k) => paidOf(allocation, c.claimId, k) === c.open[k].minor);

  it('creates and loses nothing: the lines and the credit add up to the payment', () => {
    fc.assert(
      fc.property(scenarioArb, (options) => {
        const result = allocatePayment(options);
        const allocated = result.lines.reduce((sum, l) => sum + l.amount.minor, 0);
        expect(allocated + result.credit.minor).toBe(options.amount.minor);
        expect(result.credit.isNegative()).toBe(false);
        expect(result.lines.every((l) => l.amount.isPositive())).toBe(true);
      }),
    );
  });

  it('never pays more on a component of a claim than is open on it', () => {
    fc.assert(
      fc.property(scenarioArb, (options) => {
        const result = allocatePayment(options);
        for (const c of options.claims) {
          for (const k of COMPONENTS)
            expect(paidOf(result, c.claimId, k)).toBeLessThanOrEqual(c.open[k].minor);
        }
      }),
    );
  });

  it('leaves credit only when every claim is paid in full', () => {
    fc.assert(
      fc.property(scenarioArb, (options) => {
        const result = allocatePayment(options);
        if (result.credit.isPositive()) {
          for (const c of options.claims) expect(isFullyPaid(result, c)).toBe(true);
        }
      }),
    );
  });

  it('within a claim pays interest only after the costs and principal only after the interest (§367 BGB)', () => {
    fc.assert(
      fc.property(scenarioArb, (options) => {
        const result = allocatePayment(options);
        for (const c of options.claims) {
          if (paidOf(result, c.claimId, 'interest') > 0) {
            expect(paidOf(result, c.claimId, 'costs')).toBe(c.open.costs.minor);
          }
          if (paidOf(result, c.claimId, 'principal') > 0) {
            expect(paidOf(result, c.claimId, 'interest')).toBe(c.open.interest.minor);
          }
        }
      }),
    );
  });

  it('pays a claim the debtor did not name only after the named ones, and by §366 Abs. 2 rank', () => {
    // Rank: due first, unsecured first, more burdensome first, older first.
    const rank = (c: AllocatableClaim) => [
      c.dueDate <= PAID_ON ? 0 : 1,
      c.secured ? 1 : 0,
      -(c.burden ?? 0),
      toEpochDay(c.arisenOn),
    ];
    const ranksBefore = (a: AllocatableClaim, b: AllocatableClaim) => {
      const [ra, rb] = [rank(a), rank(b)];
      const i = ra.findIndex((v, j) => v !== rb[j]);
      return i >= 0 && (ra[i] as number) < (rb[i] as number);
    };
    fc.assert(
      fc.property(scenarioArb, (options) => {
        const result = allocatePayment(options);
        const named = options.claims.filter((c) => options.designated.includes(c.claimId));
        const others = options.claims.filter((c) => !options.designated.includes(c.claimId));
        for (const c of others) {
          if (!result.lines.some((l) => l.claimId === c.claimId)) continue;
          for (const n of named) expect(isFullyPaid(result, n)).toBe(true);
          for (const better of others.filter((o) => ranksBefore(o, c))) {
            expect(isFullyPaid(result, better)).toBe(true);
          }
        }
        // Each named claim gets money only once the claims named before it are paid in full.
        options.designated.forEach((id, i) => {
          if (!result.lines.some((l) => l.claimId === id)) return;
          for (const earlier of options.designated.slice(0, i)) {
            const c = options.claims.find((x) => x.claimId === earlier) as AllocatableClaim;
            expect(isFullyPaid(result, c)).toBe(true);
          }
        });
      }),
    );
  });
});
