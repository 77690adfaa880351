import { describe, expect, it } from 'vitest';
import { type CalendarDate, parseCalendarDate } from './calendar-date.ts';
import { DomainError } from './domain-error.ts';
import { Money } from './money.ts';
import {
  dueDateFor,
  isDueDateFixedByCalendar,
  parsePaymentTerms,
  paymentScheduleFor,
  skontoEarned,
  skontoOffers,
} from './payment-terms.ts';
import { formatPercent } from './percent.ts';

const day = (text: string): CalendarDate => parseCalendarDate(text);
const eur = (minor: number): Money => Money.of(minor, 'EUR');

/** "2 % within 10 days, 1 % within 20, net 30" */
const TWO_TIERS = parsePaymentTerms({
  kind: 'net',
  days: 30,
  skonto: [
    { percent: '2', days: 10 },
    { percent: 1, days: 20 },
  ],
});

/** The issues of the DomainError thrown by `parsePaymentTerms(input)`. */
function issuesOf(input: unknown): { path: string; message: string }[] {
  try {
    parsePaymentTerms(input);
  } catch (error) {
    expect(error).toBeInstanceOf(DomainError);
    expect((error as DomainError).code).toBe('invalid-payment-terms');
    return [...(error as DomainError).issues];
  }
  throw new Error('expected invalid payment terms');
}

const pathsOf = (input: unknown) => issuesOf(input).map((issue) => issue.path);

describe('parsePaymentTerms', () => {
  it('reads "2 % within 10 days, 1 % within 20, net 30" with exact percentages', () => {
    expect(TWO_TIERS.kind).toBe('net');
    expect(TWO_TIERS.kind === 'net' && TWO_TIERS.days).toBe(30);
    expect(TWO_TIERS.skonto.map((t) => [formatPercent(t.percent), t.days])).toEqual([
      ['2.00', 10],
      ['1.00', 20],
    ]);
  });

  it('accepts terms without Skonto and a fixed calendar date', () => {
    expect(parsePaymentTerms({ kind: 'net', days: 14 }).skonto).toEqual([]);
    const fixed = parsePaymentTerms({ kind: 'fixed-date', dueDate: '2024-03-31' });
    expect(fixed).toEqual({ kind: 'fixed-date', dueDate: '2024-03-31', skonto: [] });
  });

  it('names the field of a bad kind, a bad date and non-integer days', () => {
    expect(pathsOf({ kind: 'weekly' })).toEqual(['kind']);
    expect(pathsOf({ kind: 'fixed-date', dueDate: '2024-02-30' })).toEqual(['dueDate']);
    expect(pathsOf({ kind: 'net', days: 1.5 })).toEqual(['days']);
    expect(pathsOf({ kind: 'net', days: 366 })).toEqual(['days']);
  });

  it('locates a Skonto percentage that is not a number, zero, or 100 % and more', () => {
    expect(pathsOf({ kind: 'net', days: 30, skonto: [{ percent: 'two', days: 10 }] })).toEqual([
      'skonto.0.percent',
    ]);
    expect(issuesOf({ kind: 'net', days: 30, skonto: [{ percent: '0', days: 10 }] })).toEqual([
      { path: 'skonto.0.percent', message: 'Skonto must be more than 0 and less than 100 %' },
    ]);
    expect(pathsOf({ kind: 'net', days: 30, skonto: [{ percent: 100, days: 10 }] })).toEqual([
      'skonto.0.percent',
    ]);
  });

  it('requires Skonto tiers with increasing days and decreasing percentages, and reports every issue at once', () => {
    const issues = issuesOf({
      kind: 'net',
      days: 30,
      skonto: [
        { percent: '2', days: 10 },
        { percent: '3', days: 5 },
      ],
    });
    expect(issues).toEqual([
      { path: 'skonto.1.days', message: 'Skonto tiers must have increasing days' },
      { path: 'skonto.1.percent', message: 'a later Skonto tier must give less' },
    ]);
  });

  it('requires every Skonto period to end before the net period', () => {
    expect(
      issuesOf({
        kind: 'net',
        days: 30,
        skonto: [
          { percent: '2', days: 10 },
          { percent: '1', days: 30 },
        ],
      }),
    ).toEqual([
      { path: 'skonto.1.days', message: 'a Skonto period must end before the net period of 30 days' },
    ]);
  });

  it('allows at most three Skonto tiers', () => {
    const tiers = [3, 2, 1, 0.5].map((percent, i) => ({ percent, days: (i + 1) * 5 }));
    expect(pathsOf({ kind: 'net', days: 30, skonto: tiers })).toEqual(['skonto']);
  });

  it('puts the issues into the error message as "path: message"', () => {
    expect(() => parsePaymentTerms({ kind: 'net', days: 30, skonto: [{ percent: '2', days: 40 }] })).toThrow(
      'invalid payment terms: skonto.0.days: a Skonto period must end before the net period of 30 days',
    );
  });
});

describe('due date', () => {
  it('net days count from the invoice date (31 Jan 2024 + 30 days = 1 Mar 2024, a leap year)', () => {
    expect(dueDateFor(TWO_TIERS, day('2024-01-31'))).toBe('2024-03-01');
    expect(isDueDateFixedByCalendar(TWO_TIERS)).toBe(false);
  });

  it('§286 Abs. 2 Nr. 1 BGB: a fixed date is a due date fixed by the calendar', () => {
    const fixed = parsePaymentTerms({ kind: 'fixed-date', dueDate: '2024-03-31' });
    expect(dueDateFor(fixed, day('2024-01-31'))).toBe('2024-03-31');
    expect(isDueDateFixedByCalendar(fixed)).toBe(true);
  });
});

describe('Skonto', () => {
  it('offers each tier with its deadline, discount and the amount to pay, best first', () => {
    // 1190.00 × 2 % = 23.80 → 1166.20; 1190.00 × 1 % = 11.90 → 1178.10
    const offers = skontoOffers(TWO_TIERS, day('2024-05-02'), eur(119000));
    expect(
      offers.map((o) => [formatPercent(o.percent), o.deadline, o.discount.minor, o.payable.minor]),
    ).toEqual([
      ['2.00', '2024-05-12', 2380, 116620],
      ['1.00', '2024-05-22', 1190, 117810],
    ]);
  });

  it('rounds the discount half-up to the cent', () => {
    // 119.99 × 2 % = 2.3998 → 2.40; 1.25 × 2 % = 0.025 → 0.03 (a tie goes up)
    expect(skontoOffers(TWO_TIERS, day('2024-05-02'), eur(11999))[0]?.discount.minor).toBe(240);
    expect(skontoOffers(TWO_TIERS, day('2024-05-02'), eur(125))[0]?.discount.minor).toBe(3);
  });

  it('is earned by the day the money is credited, the deadline included', () => {
    const earned = (creditedOn: string) =>
      skontoEarned(TWO_TIERS, day('2024-05-02'), eur(119000), day(creditedOn))?.discount.minor ?? null;
    expect(earned('2024-05-02')).toBe(2380);
    expect(earned('2024-05-12')).toBe(2380); // 10th day
    expect(earned('2024-05-13')).toBe(1190); // credited on the 11th day: only the 1 % tier
    expect(earned('2024-05-22')).toBe(1190);
    expect(earned('2024-05-23')).toBeNull();
  });

  it('§193 BGB with a state: a deadline on a Sunday moves to Monday', () => {
    // 2 May 2024 + 10 days = Sunday 12 May → Monday 13 May
    const offers = skontoOffers(TWO_TIERS, day('2024-05-02'), eur(119000), 'NW');
    expect(offers.map((o) => o.deadline)).toEqual(['2024-05-13', '2024-05-22']);
    expect(
      skontoEarned(TWO_TIERS, day('2024-05-02'), eur(119000), day('2024-05-13'), 'NW')?.discount.minor,
    ).toBe(2380);
  });

  it('§193 BGB: the holidays of the given state count (Fronleichnam 30 May 2024 in NW, not in NI)', () => {
    // 20 May 2024 + 10 days = Thursday 30 May
    expect(skontoOffers(TWO_TIERS, day('2024-05-20'), eur(10000), 'NW')[0]?.deadline).toBe('2024-05-31');
    expect(skontoOffers(TWO_TIERS, day('2024-05-20'), eur(10000), 'NI')[0]?.deadline).toBe('2024-05-30');
  });

  it('rejects an unknown state', () => {
    expect(() => skontoOffers(TWO_TIERS, day('2024-05-02'), eur(100), 'XX')).toThrow(DomainError);
  });

  it('computes the discount on the base a tier names (BASISBETRAG), and the amount to pay from the gross', () => {
    const terms = parsePaymentTerms({
      kind: 'net',
      days: 30,
      skonto: [{ percent: '2', days: 14, baseCents: 123_45 }],
    });
    // 2 % of 123.45 = 2.469 → 2.47, not 2 % of the gross 253.91 (5.08); 253.91 − 2.47 = 251.44.
    const [offer] = skontoOffers(terms, day('2025-01-15'), eur(253_91));
    expect([offer?.discount.minor, offer?.payable.minor]).toEqual([2_47, 251_44]);
    expect(skontoEarned(terms, day('2025-01-15'), eur(253_91), day('2025-01-29'))?.discount.minor).toBe(2_47);
  });

  it('rejects a Skonto base that is not a whole, non-negative number of cents', () => {
    expect(pathsOf({ kind: 'net', days: 30, skonto: [{ percent: '2', days: 10, baseCents: -1 }] })).toEqual([
      'skonto.0.baseCents',
    ]);
    expect(pathsOf({ kind: 'net', days: 30, skonto: [{ percent: '2', days: 10, baseCents: 1.5 }] })).toEqual([
      'skonto.0.baseCents',
    ]);
  });

  it('terms without Skonto offer nothing', () => {
    const net = parsePaymentTerms({ kind: 'net', days: 14 });
    expect(skontoOffers(net, day('2024-05-02'), eur(100))).toEqual([]);
    expect(skontoEarned(net, day('2024-05-02'), eur(100), day('2024-05-02'))).toBeNull();
  });
});

describe('instalment terms', () => {
  const THREE_MONTHLY = parsePaymentTerms({
    kind: 'instalments',
    count: 3,
    firstDueDays: 14,
    every: { months: 1 },
  });

  it('splits the total into dated instalments that add up to it to the cent', () => {
    // 1000.00 / 3 = 333.33 rest 1 cent → the first instalment takes it: 333.34, 333.33, 333.33.
    // First due 31 Jan + 14 days = 14 Feb, then 14 Mar and 14 Apr.
    const schedule = paymentScheduleFor(THREE_MONTHLY, day('2025-01-31'), eur(100_000));
    expect(schedule.map((i) => [i.number, i.dueDate, i.amount.minor])).toEqual([
      [1, '2025-02-14', 33_334],
      [2, '2025-03-14', 33_333],
      [3, '2025-04-14', 33_333],
    ]);
    expect(dueDateFor(THREE_MONTHLY, day('2025-01-31'))).toBe('2025-04-14');
  });

  it('clamps monthly instalments to the end of a shorter month (§188 Abs. 3 BGB)', () => {
    const terms = parsePaymentTerms({ kind: 'instalments', count: 2, firstDueDays: 0, every: { months: 1 } });
    expect(paymentScheduleFor(terms, day('2025-01-31'), eur(1_000)).map((i) => i.dueDate)).toEqual([
      '2025-01-31',
      '2025-02-28',
    ]);
  });

  it('gives net and fixed-date terms a single instalment at the due date', () => {
    const net = parsePaymentTerms({ kind: 'net', days: 30 });
    expect(
      paymentScheduleFor(net, day('2025-01-01'), eur(500)).map((i) => [i.dueDate, i.amount.minor]),
    ).toEqual([['2025-01-31', 500]]);
  });

  it('rejects instalment terms with a Skonto, a count below two, or a rhythm with both months and days', () => {
    expect(pathsOf({ kind: 'instalments', count: 1, firstDueDays: 0, every: { months: 1 } })).toEqual([
      'count',
    ]);
    expect(
      pathsOf({
        kind: 'instalments',
        count: 3,
        firstDueDays: 0,
        every: { months: 1 },
        skonto: [{ percent: 2, days: 5 }],
      }),
    ).toEqual(['skonto']);
    expect(
      pathsOf({ kind: 'instalments', count: 3, firstDueDays: 0, every: { months: 1, days: 3 } }),
    ).toContain('every');
  });
});
