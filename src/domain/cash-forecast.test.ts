import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays, daysBetween, isoWeekday, parseCalendarDate } from './calendar-date.ts';
import { type CashForecastInput, type ForecastClaim, forecastCash, isoWeekOf } from './cash-forecast.ts';
import type { PaymentExpectation } from './credit-risk.ts';

const d = (text: string) => parseCalendarDate(text);

describe('isoWeekOf', () => {
  it.each([
    ['2025-06-30', '2025-W27'],
    ['2025-07-06', '2025-W27'],
    ['2024-12-30', '2025-W01'], // Monday of the week with 2 January: week 1 of 2025
    ['2021-01-03', '2020-W53'], // Sunday before the first Thursday of 2021
    ['2026-01-01', '2026-W01'],
    ['2020-12-31', '2020-W53'],
  ])('puts %s into %s', (date, week) => {
    expect(isoWeekOf(d(date))).toBe(week);
  });
});

describe('forecastCash', () => {
  const expectations = new Map<number, PaymentExpectation>([
    [1, { typicalDaysLate: 0, probabilityPercent: 100 }],
    [2, { typicalDaysLate: 10, probabilityPercent: 85 }],
  ]);
  const claim = (
    customerId: number,
    dueDate: string,
    openCents: number,
    hold: ForecastClaim['hold'] = 'none',
  ) => ({
    customerId,
    dueDate: d(dueDate),
    openCents,
    hold,
  });

  it('expects each claim on its due date plus the customer’s usual lateness, by probability, week by week', () => {
    const forecast = forecastCash({
      start: d('2025-07-02'), // a Wednesday: the first week is Wednesday to Sunday
      weeks: 3,
      claims: [
        claim(1, '2025-06-01', 10_000), // overdue, due day passed: first week
        claim(1, '2025-07-08', 20_000), // second week
        claim(2, '2025-07-01', 33_333), // due yesterday, usually 10 days late: 11 July; 85 %
        claim(1, '2025-08-30', 5_000), // after the last week
        claim(2, '2025-06-15', 7_000, 'disputed'),
        claim(1, '2025-05-15', 9_000, 'handed-over'),
      ],
      instalments: [
        { customerId: 2, dueDate: d('2025-06-25'), openCents: 1_000 }, // missed: first week, 85 %
        { customerId: 1, dueDate: d('2025-07-15'), openCents: 2_000 },
      ],
      expectations,
    });
    expect(forecast.weeks).toEqual([
      {
        week: '2025-W27',
        from: '2025-07-02',
        to: '2025-07-06',
        expectedCents: 10_850,
        overdueCents: 10_000,
        instalmentCents: 850,
        items: 2,
      },
      {
        week: '2025-W28',
        from: '2025-07-07',
        to: '2025-07-13',
        // 85 % of 33,333 = 28,333.05; the left-over cent goes to the larger remainder (doubtful 4,999.95).
        expectedCents: 48_333,
        overdueCents: 28_333,
        instalmentCents: 0,
        items: 2,
      },
      {
        week: '2025-W29',
        from: '2025-07-14',
        to: '2025-07-20',
        expectedCents: 2_000,
        overdueCents: 0,
        instalmentCents: 2_000,
        items: 1,
      },
    ]);
    expect(forecast).toMatchObject({
      start: '2025-07-02',
      end: '2025-07-20',
      expectedCents: 61_183,
      laterCents: 5_000,
      doubtfulCents: 5_150,
      disputedCents: 7_000,
      handedOverCents: 9_000,
      totalCents: 87_333,
    });
  });

  it('makes a start on a Sunday a week of one day', () => {
    const forecast = forecastCash({
      start: d('2025-07-06'),
      weeks: 2,
      claims: [claim(1, '2025-07-07', 100)],
      instalments: [],
      expectations,
    });
    expect(forecast.weeks.map((w) => [w.week, w.from, w.to, w.expectedCents])).toEqual([
      ['2025-W27', '2025-07-06', '2025-07-06', 0],
      ['2025-W28', '2025-07-07', '2025-07-13', 100],
    ]);
  });

  it('names what is wrong with the input', () => {
    const base: CashForecastInput = {
      start: d('2025-07-02'),
      weeks: 4,
      claims: [],
      instalments: [],
      expectations,
    };
    expect(() => forecastCash({ ...base, weeks: 0 })).toThrow(/weeks: expected 1 to 104/);
    expect(() => forecastCash({ ...base, claims: [claim(3, '2025-07-01', 100)] })).toThrow(/expectations\.3/);
    expect(() => forecastCash({ ...base, claims: [claim(1, '2025-07-01', 0)] })).toThrow(
      /claims\.0\.openCents/,
    );
  });

  it('accounts for every cent and covers the days from the start without gap (property)', () => {
    const start = d('2025-03-12');
    const expectationArbitrary = fc.record({
      typicalDaysLate: fc.nat(90),
      probabilityPercent: fc.integer({ min: 0, max: 100 }),
    });
    const itemArbitrary = fc.record({
      customerId: fc.integer({ min: 1, max: 5 }),
      dueOffset: fc.integer({ min: -200, max: 400 }),
      openCents: fc.integer({ min: 1, max: 100_000_000 }),
      hold: fc.constantFrom('none', 'none', 'none', 'disputed', 'handed-over') as fc.Arbitrary<
        ForecastClaim['hold']
      >,
    });
    fc.assert(
      fc.property(
        fc.array(expectationArbitrary, { minLength: 5, maxLength: 5 }),
        fc.array(itemArbitrary, { maxLength: 30 }),
        fc.array(itemArbitrary, { maxLength: 10 }),
        fc.integer({ min: 1, max: 30 }),
        (byCustomer, claims, instalments, weeks) => {
          const forecast = forecastCash({
            start,
            weeks,
            claims: claims.map((c) => ({ ...c, dueDate: addDays(start, c.dueOffset) })),
            instalments: instalments.map((i) => ({ ...i, dueDate: addDays(start, i.dueOffset) })),
            expectations: new Map(byCustomer.map((e, i) => [i + 1, e])),
          });
          const open = [...claims, ...instalments].reduce((sum, c) => sum + c.openCents, 0);
          expect(forecast.totalCents).toBe(open);
          expect(
            forecast.expectedCents +
              forecast.laterCents +
              forecast.doubtfulCents +
              forecast.disputedCents +
              forecast.handedOverCents,
          ).toBe(open);
          expect(forecast.weeks).toHaveLength(weeks);
          expect(forecast.weeks[0]?.from).toBe(start);
          expect(forecast.weeks.at(-1)?.to).toBe(forecast.end);
          forecast.weeks.forEach((week, i) => {
            expect(isoWeekday(week.to)).toBe(7);
            if (i > 0) {
              expect(daysBetween(forecast.weeks[i - 1]?.to ?? week.from, week.from)).toBe(1);
              expect(daysBetween(week.from, week.to)).toBe(6);
            }
            expect(week.overdueCents + week.instalmentCents).toBeLessThanOrEqual(week.expectedCents);
          });
        },
      ),
    );
  });
});
