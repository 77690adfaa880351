import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays, type CalendarDate, parseCalendarDate } from './calendar-date.ts';
import {
  assessCreditRisk,
  checkCreditLimit,
  type CreditRisk,
  RISK_FACTOR_KEYS,
  RISK_FACTOR_MAX,
  riskBandOf,
  type RiskFacts,
  type RiskInvoice,
} from './credit-risk.ts';
import { isDomainError } from './domain-error.ts';

const d = (text: string) => parseCalendarDate(text);
const TODAY = d('2025-06-30');

const NO_EVENTS = {
  promisesBroken: 0,
  promisesKept: 0,
  returnedPayments: 0,
  disputesLost: 0,
  noticesSent: 0,
  collectionCases: 0,
  badDebtCents: 0,
};

function facts(invoices: RiskInvoice[], events: Partial<typeof NO_EVENTS> = {}): RiskFacts {
  return { today: TODAY, invoices, ...NO_EVENTS, ...events };
}

function paid(issuedOn: string, dueDate: string, amountCents: number, settledOn: string): RiskInvoice {
  return { issuedOn: d(issuedOn), dueDate: d(dueDate), amountCents, settledOn: d(settledOn), openCents: 0 };
}

function open(issuedOn: string, dueDate: string, amountCents: number, openCents = amountCents): RiskInvoice {
  return { issuedOn: d(issuedOn), dueDate: d(dueDate), amountCents, settledOn: null, openCents };
}

const points = (risk: CreditRisk) => Object.fromEntries(risk.factors.map((f) => [f.key, f.points]));

describe('assessCreditRisk', () => {
  it('gives a customer without history the neutral score 20 (medium), explained by the missing history', () => {
    const risk = assessCreditRisk(facts([]));
    expect(risk.score).toBe(20);
    expect(risk.band).toBe('medium');
    expect(risk.factors.filter((f) => f.points > 0)).toEqual([
      expect.objectContaining({
        key: 'thin-history',
        points: 20,
        detail: expect.stringMatching(/no invoice due/),
      }),
    ]);
    expect(risk.suggestedLimit).toMatchObject({ cents: null, detail: expect.stringMatching(/no invoices/) });
    expect(risk.expectation).toEqual({ typicalDaysLate: 0, probabilityPercent: 95 });
  });

  it('expects a customer who never settled an invoice no sooner than he is late now', () => {
    // Two open invoices, 40 and 10 days overdue, of 300 and 100: 32.5 days weighted by amount.
    const risk = assessCreditRisk(
      facts([
        open('2025-01-01', addDays(TODAY, -40), 300_00),
        open('2025-01-01', addDays(TODAY, -10), 100_00),
      ]),
    );
    expect(risk.expectation.typicalDaysLate).toBe(33);
  });

  it('scores a late payer fact by fact, the factors adding up to the score', () => {
    const risk = assessCreditRisk(
      facts(
        [
          paid('2025-03-01', '2025-03-31', 100_000, '2025-05-30'), // 60 days late
          paid('2025-04-01', '2025-05-01', 100_000, '2025-05-01'), // on the day
          open('2025-05-01', '2025-05-31', 200_000), // 30 days overdue today
          open('2025-06-20', '2025-07-20', 50_000), // not yet due: no record
        ],
        { promisesBroken: 1, noticesSent: 1 },
      ),
    );
    // All due within 6 months (weight 4): (100,000 × 60 + 200,000 × 30) / 400,000 = 30 days → 30 × 30/60 = 15.
    // 2 of 3 late → 10 × 2/3 = 6.67 → 7. Volume: 450,000 issued since 1 March, 122 days → 5 months → 90,000 a
    // month; 200,000 overdue is more than a month → 8. Oldest overdue 30 days → 7 × 30/90 = 2.33 → 2.
    // Broken promise 4, notice 1, three invoices with a record of five → 2 × 4 = 8.
    expect(points(risk)).toEqual({
      'days-late': 15,
      'share-late': 7,
      'overdue-amount': 8,
      'overdue-age': 2,
      'broken-promises': 4,
      returns: 0,
      'disputes-lost': 0,
      notices: 1,
      collection: 0,
      'thin-history': 8,
    });
    expect(risk.score).toBe(45);
    expect(risk.band).toBe('high');
    expect(risk.behaviour).toMatchObject({
      invoicesWithRecord: 3,
      invoicesSettled: 2,
      invoicesOverdue: 1,
      averageDaysLate: 30,
      weightedDaysLate: 30,
      shareLatePercent: 67,
      overdueCents: 200_000,
      oldestOverdueDays: 30,
      monthlyVolumeCents: 90_000,
    });
    // 90,000 × 2 × (100 − 45) % = 99,000 cents → steps of €100 below €1,000 → €900.
    expect(risk.suggestedLimit).toMatchObject({ cents: 90_000, monthsPercent: 110, stepCents: 10_000 });
    expect(risk.suggestedLimit.detail).toContain('× 1.1 months');
    // Settled invoices only: (60 + 0) / 2 days; band high → 85 %.
    expect(risk.expectation).toEqual({ typicalDaysLate: 30, probabilityPercent: 85 });
    expect(risk.factors.find((f) => f.key === 'days-late')?.detail).toContain('30 days late on average');
  });

  it('gives an established punctual customer 0 and two months of invoicing as the limit', () => {
    const invoices = [1, 2, 3, 4, 5].map((m) =>
      paid(`2025-0${m}-01`, `2025-0${m}-15`, 1_200_000, `2025-0${m}-14`),
    );
    const risk = assessCreditRisk(facts(invoices));
    expect(risk.score).toBe(0);
    expect(risk.band).toBe('low');
    // 6,000,000 over 1 Jan … 30 Jun (181 days → 7 months) = 857,143 a month; × 2 = 1,714,286 → €1,000 steps.
    expect(risk.suggestedLimit).toMatchObject({ monthlyVolumeCents: 857_143, cents: 1_700_000 });
    expect(risk.expectation).toEqual({ typicalDaysLate: 0, probabilityPercent: 98 });
  });

  it('weighs recent behaviour more than older, and leaves out what is older than two years', () => {
    const risk = assessCreditRisk(
      facts([
        paid('2024-08-01', '2024-09-03', 100_000, '2024-11-02'), // due 300 days ago, 60 late: weight 2
        paid('2025-05-01', '2025-05-31', 100_000, '2025-05-31'), // due 30 days ago, on time: weight 4
        paid('2023-01-01', '2023-02-01', 100_000, '2023-12-01'), // due > 730 days ago: left out
      ]),
    );
    expect(risk.behaviour).toMatchObject({ invoicesWithRecord: 2, averageDaysLate: 30 });
    // 2 × 60 / (2 + 4) = 20 days → 30 × 20/60 = 10; share 2/6 → 3.
    expect(points(risk)['days-late']).toBe(10);
    expect(points(risk)['share-late']).toBe(3);
  });

  it('lets kept promises offset broken ones, and caps each factor', () => {
    const risk = assessCreditRisk(
      facts([], {
        promisesBroken: 3,
        promisesKept: 2,
        returnedPayments: 5,
        disputesLost: 4,
        noticesSent: 9,
        collectionCases: 1,
        badDebtCents: 50_000,
      }),
    );
    expect(points(risk)).toMatchObject({
      'broken-promises': 8, // 3 × 4 − 2 = 10, capped
      returns: 6,
      'disputes-lost': 4,
      notices: 3,
      collection: 4,
    });
    expect(assessCreditRisk(facts([], { promisesBroken: 1, promisesKept: 1 })).factors[4]?.points).toBe(3);
  });

  it('names the field of a bad fact', () => {
    const bad = facts([{ ...paid('2025-01-01', '2025-01-15', 100, '2025-01-10'), amountCents: 0 }]);
    expect(() => assessCreditRisk(bad)).toThrow(/invoices\.0\.amountCents/);
    const error = (() => {
      try {
        assessCreditRisk({ ...facts([]), promisesBroken: -1 });
      } catch (caught) {
        return caught;
      }
      return null;
    })();
    expect(isDomainError(error) && error.issues).toEqual([
      { path: 'promisesBroken', message: expect.stringContaining('at least 0') },
    ]);
    expect(() => assessCreditRisk({ ...facts([]), today: '2025-02-30' as CalendarDate })).toThrow(/today/);
  });

  it('puts scores into bands', () => {
    expect([0, 19, 20, 39, 40, 59, 60, 100].map(riskBandOf)).toEqual([
      'low',
      'low',
      'medium',
      'medium',
      'high',
      'high',
      'very-high',
      'very-high',
    ]);
  });
});

// ---------------------------------------------------------------------------------------------
// Properties

const invoiceArbitrary: fc.Arbitrary<RiskInvoice> = fc
  .record({
    dueOffset: fc.integer({ min: -800, max: 60 }),
    termDays: fc.integer({ min: 0, max: 60 }),
    amountCents: fc.integer({ min: 1, max: 10_000_000 }),
    settledAfterDue: fc.option(fc.integer({ min: -30, max: 200 }), { nil: null }),
    openPercent: fc.integer({ min: 1, max: 100 }),
  })
  .map(({ dueOffset, termDays, amountCents, settledAfterDue, openPercent }) => {
    const dueDate = addDays(TODAY, dueOffset);
    const settled = settledAfterDue === null ? null : addDays(dueDate, settledAfterDue);
    return {
      issuedOn: addDays(dueDate, -termDays),
      dueDate,
      amountCents,
      settledOn: settled === null ? null : settled > TODAY ? TODAY : settled,
      openCents: settled === null ? Math.max(1, Math.floor((amountCents * openPercent) / 100)) : 0,
    };
  });

const factsArbitrary: fc.Arbitrary<RiskFacts> = fc.record({
  today: fc.constant(TODAY),
  invoices: fc.array(invoiceArbitrary, { maxLength: 12 }),
  promisesBroken: fc.nat(4),
  promisesKept: fc.nat(4),
  returnedPayments: fc.nat(3),
  disputesLost: fc.nat(3),
  noticesSent: fc.nat(5),
  collectionCases: fc.nat(2),
  badDebtCents: fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 1_000_000 })),
});

/** One step of "worse behaviour": later payment, an invoice not paid after all, more overdue, a bad event. */
type Worsening =
  | { kind: 'pay-later'; index: number; days: number }
  | { kind: 'not-paid-after-all'; index: number }
  | { kind: 'more-overdue'; index: number; cents: number }
  | { kind: 'event'; event: keyof typeof NO_EVENTS; amount: number };

const worseningArbitrary: fc.Arbitrary<Worsening> = fc.oneof(
  fc.record({
    kind: fc.constant('pay-later' as const),
    index: fc.nat(11),
    days: fc.integer({ min: 1, max: 150 }),
  }),
  fc.record({ kind: fc.constant('not-paid-after-all' as const), index: fc.nat(11) }),
  fc.record({
    kind: fc.constant('more-overdue' as const),
    index: fc.nat(11),
    cents: fc.integer({ min: 1, max: 5_000_000 }),
  }),
  fc.record({
    kind: fc.constant('event' as const),
    event: fc.constantFrom(
      'promisesBroken',
      'returnedPayments',
      'disputesLost',
      'noticesSent',
      'collectionCases',
      'badDebtCents',
    ) as fc.Arbitrary<keyof typeof NO_EVENTS>,
    amount: fc.integer({ min: 1, max: 500_000 }),
  }),
);

function worsen(input: RiskFacts, step: Worsening): RiskFacts {
  if (step.kind === 'event') {
    const by = step.event === 'badDebtCents' ? step.amount : 1;
    return { ...input, [step.event]: input[step.event] + by };
  }
  const invoices = [...input.invoices];
  const invoice = invoices[step.index % Math.max(1, invoices.length)];
  if (!invoice) return input;
  const i = invoices.indexOf(invoice);
  if (step.kind === 'pay-later' && invoice.settledOn !== null) {
    const later = addDays(invoice.settledOn, step.days);
    invoices[i] = { ...invoice, settledOn: later > TODAY ? TODAY : later };
  } else if (step.kind === 'not-paid-after-all' && invoice.settledOn !== null) {
    invoices[i] = { ...invoice, settledOn: null, openCents: invoice.amountCents };
  } else if (step.kind === 'more-overdue' && invoice.settledOn === null) {
    invoices[i] = { ...invoice, openCents: Math.min(invoice.amountCents, invoice.openCents + step.cents) };
  }
  return { ...input, invoices };
}

describe('assessCreditRisk (properties)', () => {
  it('never lowers the risk when behaviour gets worse: paying later, not paying, more overdue, a broken promise, a return …', () => {
    fc.assert(
      fc.property(
        factsArbitrary,
        fc.array(worseningArbitrary, { minLength: 1, maxLength: 4 }),
        (base, steps) => {
          let before = assessCreditRisk(base);
          let current = base;
          for (const step of steps) {
            current = worsen(current, step);
            const after = assessCreditRisk(current);
            expect(after.score).toBeGreaterThanOrEqual(before.score);
            // The limit it suggests never grows with the risk (the invoiced volume stays the same).
            if (before.suggestedLimit.cents !== null) {
              expect(after.suggestedLimit.cents).toBeLessThanOrEqual(before.suggestedLimit.cents);
            }
            before = after;
          }
        },
      ),
      { numRuns: 500 },
    );
  });

  it('makes every factor stay within its ceiling and the factors add up to a score of 0 to 100', () => {
    fc.assert(
      fc.property(factsArbitrary, (input) => {
        const risk = assessCreditRisk(input);
        expect(risk.factors.map((f) => f.key)).toEqual([...RISK_FACTOR_KEYS]);
        for (const factor of risk.factors) {
          expect(factor.points).toBeGreaterThanOrEqual(0);
          expect(factor.points).toBeLessThanOrEqual(RISK_FACTOR_MAX[factor.key]);
          expect(Number.isInteger(factor.points)).toBe(true);
        }
        expect(risk.factors.reduce((sum, f) => sum + f.points, 0)).toBe(risk.score);
        expect(risk.score).toBeGreaterThanOrEqual(0);
        expect(risk.score).toBeLessThanOrEqual(100);
        expect(risk.band).toBe(riskBandOf(risk.score));
      }),
    );
  });

  it('is stable: the same facts in another order give the same result', () => {
    fc.assert(
      fc.property(factsArbitrary, (input) => {
        const reversed = { ...input, invoices: [...input.invoices].reverse() };
        expect(assessCreditRisk(reversed)).toEqual(assessCreditRisk(input));
      }),
    );
  });
});

describe('checkCreditLimit', () => {
  it('allows reaching the limit exactly and reports by how much it would be exceeded', () => {
    expect(checkCreditLimit({ limitCents: 1_000_000, exposureCents: 700_000, amountCents: 300_000 })).toEqual(
      {
        limitCents: 1_000_000,
        exposureCents: 700_000,
        amountCents: 300_000,
        exposureAfterCents: 1_000_000,
        exceededByCents: 0,
        exceeded: false,
      },
    );
    expect(
      checkCreditLimit({ limitCents: 1_000_000, exposureCents: 700_000, amountCents: 300_001 }),
    ).toMatchObject({ exceeded: true, exceededByCents: 1, exposureAfterCents: 1_000_001 });
  });

  it('counts a credit balance (negative exposure) in the customer’s favour and names a bad amount', () => {
    expect(checkCreditLimit({ limitCents: 0, exposureCents: -5_000, amountCents: 5_000 }).exceeded).toBe(
      false,
    );
    expect(() => checkCreditLimit({ limitCents: 100, exposureCents: 0, amountCents: -1 })).toThrow(
      /amountCents/,
    );
  });
});
