import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays, type CalendarDate, parseCalendarDate } from './calendar-date.ts';
import {
  coverInstalments,
  instalmentsToRemind,
  planStanding,
  type ScheduledInstalment,
} from './instalment-plan.ts';

const day = (text: string): CalendarDate => parseCalendarDate(text);

// 1,000.00 € in a down payment and three monthly instalments.
const SCHEDULE: ScheduledInstalment[] = [
  { number: 0, dueDate: day('2027-01-15'), amountCents: 10_000 },
  { number: 1, dueDate: day('2027-02-15'), amountCents: 30_000 },
  { number: 2, dueDate: day('2027-03-15'), amountCents: 30_000 },
  { number: 3, dueDate: day('2027-04-15'), amountCents: 30_000 },
];

describe('planStanding', () => {
  it('covers the earliest instalments first and names the next one due', () => {
    const standing = planStanding({
      instalments: SCHEDULE,
      paidCents: 25_000,
      today: day('2027-02-20'),
      graceDays: 14,
    });
    expect(standing.status).toBe('active');
    expect(standing.instalments.map((i) => i.paidCents)).toEqual([10_000, 15_000, 0, 0]);
    expect(standing.openCents).toBe(75_000);
    expect(standing.status === 'active' && standing.next.number).toBe(1);
  });

  it('keeps the plan while a late instalment is within its grace period', () => {
    // Instalment 1 (15 Feb) unpaid; 14 days of grace end on 1 Mar.
    const standing = planStanding({
      instalments: SCHEDULE,
      paidCents: 10_000,
      today: day('2027-03-01'),
      graceDays: 14,
    });
    expect(standing.status).toBe('active');
  });

  it('accelerates the day after the grace period of the first instalment not covered', () => {
    const standing = planStanding({
      instalments: SCHEDULE,
      paidCents: 10_000,
      today: day('2027-03-02'),
      graceDays: 14,
    });
    expect(standing).toMatchObject({
      status: 'accelerated',
      acceleratedOn: '2027-03-02',
      openCents: 90_000,
      missed: { number: 1, paidCents: 0 },
    });
  });

  it('accelerates on a part-paid instalment, and completes when everything is paid', () => {
    const partly = planStanding({
      instalments: SCHEDULE,
      paidCents: 39_999,
      today: day('2027-03-10'),
      graceDays: 7,
    });
    expect(partly).toMatchObject({ status: 'accelerated', missed: { number: 1, paidCents: 29_999 } });
    const done = planStanding({
      instalments: SCHEDULE,
      paidCents: 100_000,
      today: day('2027-01-01'),
      graceDays: 0,
    });
    expect(done).toMatchObject({ status: 'completed', openCents: 0 });
  });

  it('refuses a grace period out of range, naming the field', () => {
    expect(() =>
      planStanding({ instalments: SCHEDULE, paidCents: 0, today: day('2027-01-01'), graceDays: -1 }),
    ).toThrow(/graceDays: expected 0 to 90 days/);
  });

  it('never loses or invents a cent when spreading payments', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 1, max: 1_000_000 }), { minLength: 1, maxLength: 24 }),
        fc.integer({ min: 0, max: 30_000_000 }),
        (amounts, paid) => {
          const schedule = amounts.map((amountCents, i) => ({
            number: i + 1,
            dueDate: day(`2027-${String((i % 12) + 1).padStart(2, '0')}-01`),
            amountCents,
          }));
          const covered = coverInstalments(schedule, paid);
          expect(covered.reduce((sum, i) => sum + i.paidCents, 0)).toBe(paid);
          expect(covered.every((i) => i.paidCents >= 0)).toBe(true);
        },
      ),
    );
  });

  it('more money paid never turns an active plan into an accelerated one', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 100_000 }), fc.integer({ min: 0, max: 100_000 }), (a, b) => {
        const rank = { completed: 0, active: 1, accelerated: 2 } as const;
        const at = (paid: number) =>
          rank[
            planStanding({ instalments: SCHEDULE, paidCents: paid, today: day('2027-03-20'), graceDays: 14 })
              .status
          ];
        expect(at(Math.max(a, b))).toBeLessThanOrEqual(at(Math.min(a, b)));
      }),
    );
  });
});

describe('instalmentsToRemind', () => {
  const covered = (paidCents: number) => coverInstalments(SCHEDULE, paidCents);
  const remind = (today: string, paidCents = 10_000, daysBefore = 5) =>
    instalmentsToRemind({
      instalments: covered(paidCents),
      today: day(today),
      daysBefore,
      agreedOn: day('2027-01-15'),
    }).map((i) => i.number);

  it('names an open instalment from N days before its due date up to the due date', () => {
    expect(remind('2027-02-09')).toEqual([]);
    expect(remind('2027-02-10')).toEqual([1]);
    expect(remind('2027-02-15')).toEqual([1]);
    expect(remind('2027-02-16')).toEqual([]);
    expect(remind('2027-03-12', 10_000, 3)).toEqual([2]);
  });

  it('skips what is paid, and the down payment due on the day of the agreement', () => {
    expect(remind('2027-01-14', 0)).toEqual([]);
    expect(remind('2027-02-12', 40_000)).toEqual([]);
    // Partly paid: still reminded (of the rest).
    expect(remind('2027-02-12', 30_000)).toEqual([1]);
  });

  it('rejects a lead that is not 0 to 30 days', () => {
    expect(() => remind('2027-02-12', 0, 31)).toThrow(/daysBefore: expected 0 to 30 days/);
    expect(() => remind('2027-02-12', 0, -1)).toThrow(/daysBefore/);
  });

  it('property: reminds only of open instalments, never after their due date, never earlier than N days before', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 100_000 }),
        fc.integer({ min: 0, max: 120 }),
        fc.integer({ min: 0, max: 30 }),
        (paid, offset, daysBefore) => {
          const today = addDays(day('2027-01-10'), offset);
          const chosen = instalmentsToRemind({
            instalments: covered(paid),
            today,
            daysBefore,
            agreedOn: day('2027-01-15'),
          });
          for (const i of chosen) {
            expect(i.paidCents).toBeLessThan(i.amountCents);
            expect(today <= i.dueDate).toBe(true);
            expect(addDays(i.dueDate, -daysBefore) <= today).toBe(true);
          }
        },
      ),
    );
  });
});
