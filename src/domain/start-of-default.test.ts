import fc from 'fast-check';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { addDays, type CalendarDate, fromEpochDay, parseCalendarDate, toEpochDay } from './calendar-date.ts';
import { GERMAN_STATES } from './public-holidays.ts';
import { type DefaultFacts, determineStartOfDefault } from './start-of-default.ts';

const day = (text: string): CalendarDate => parseCalendarDate(text);

/** A consumer invoice due Monday 6 May 2024, received 25 April, nothing else happened. */
function facts(overrides: Partial<DefaultFacts> = {}): DefaultFacts {
  return {
    debtorKind: 'consumer',
    dueDate: day('2024-05-06'),
    dueDateFixedByCalendar: false,
    invoiceReceivedOn: day('2024-04-25'),
    invoiceCarriesThirtyDayNotice: false,
    remindersReceivedOn: [],
    refusedOn: null,
    state: 'NW',
    ...overrides,
  };
}

afterEach(() => {
  vi.unstubAllEnvs();
});

describe('determineStartOfDefault', () => {
  it('§286 BGB: a consumer without reminder, calendar due date or notice is not in default', () => {
    expect(determineStartOfDefault(facts())).toEqual({
      startsOn: null,
      reason: null,
      statute: null,
      lastDayToPay: '2024-05-06',
    });
  });

  it('§286 Abs. 2 Nr. 1 BGB: a due date fixed by the calendar starts default the day after it', () => {
    const result = determineStartOfDefault(facts({ dueDateFixedByCalendar: true }));
    expect(result).toEqual({
      startsOn: '2024-05-07',
      reason: 'calendar-due-date',
      statute: '§286 Abs. 2 Nr. 1 BGB',
      lastDayToPay: '2024-05-06',
    });
  });

  // Date rules must not depend on the machine's time zone (STYLE.md 4).
  describe.each(['Pacific/Kiritimati', 'UTC', 'Europe/Berlin', 'America/Los_Angeles'])('in TZ %s', (tz) => {
    it('§193 BGB: a calendar due date on a Saturday moves to Monday, default starts Tuesday', () => {
      vi.stubEnv('TZ', tz);
      const result = determineStartOfDefault(
        facts({ dueDate: day('2024-03-16'), dueDateFixedByCalendar: true }),
      );
      expect(result.lastDayToPay).toBe('2024-03-18');
      expect(result.startsOn).toBe('2024-03-19');
    });

    it('§193 BGB: a due date on Good Friday moves past Easter Monday (29 March → 2 April 2024)', () => {
      vi.stubEnv('TZ', tz);
      const result = determineStartOfDefault(
        facts({ dueDate: day('2024-03-29'), dueDateFixedByCalendar: true }),
      );
      expect(result.lastDayToPay).toBe('2024-04-02');
      expect(result.startsOn).toBe('2024-04-03');
    });
  });

  it('§193 BGB: the public holidays of the state of the place of performance count (Reformationstag, Allerheiligen)', () => {
    const on = (dueDate: string, state: string) =>
      determineStartOfDefault(facts({ dueDate: day(dueDate), dueDateFixedByCalendar: true, state })).startsOn;
    // Thursday 31 Oct 2024 is a holiday in Lower Saxony, not in North Rhine-Westphalia.
    expect(on('2024-10-31', 'NI')).toBe('2024-11-02');
    expect(on('2024-10-31', 'NW')).toBe('2024-11-01');
    // Friday 1 Nov 2024 is a holiday in NW (→ Monday 4 Nov), not in NI.
    expect(on('2024-11-01', 'NW')).toBe('2024-11-05');
    expect(on('2024-11-01', 'NI')).toBe('2024-11-02');
  });

  it('§286 Abs. 1 BGB: a reminder received after the due date starts default the day after receipt', () => {
    const result = determineStartOfDefault(facts({ remindersReceivedOn: [day('2024-05-20')] }));
    expect(result).toMatchObject({ startsOn: '2024-05-21', reason: 'reminder', statute: '§286 Abs. 1 BGB' });
  });

  it('§286 Abs. 1 BGB: a reminder received before or on the due date has no effect', () => {
    const result = determineStartOfDefault(
      facts({ remindersReceivedOn: [day('2024-05-01'), day('2024-05-06')] }),
    );
    expect(result.startsOn).toBeNull();
  });

  it('§286 Abs. 1 BGB: the first effective reminder counts, whatever the order given', () => {
    const result = determineStartOfDefault(
      facts({ remindersReceivedOn: [day('2024-06-10'), day('2024-05-03'), day('2024-05-20')] }),
    );
    expect(result.startsOn).toBe('2024-05-21');
  });

  it('§§286 Abs. 1, 193 BGB: a reminder on the Sunday after a Saturday due date comes before the last day to pay', () => {
    const result = determineStartOfDefault(
      facts({ dueDate: day('2024-03-16'), remindersReceivedOn: [day('2024-03-17')] }),
    );
    expect(result.lastDayToPay).toBe('2024-03-18');
    expect(result.startsOn).toBeNull();
  });

  it('§286 Abs. 3 BGB: a business debtor is in default 30 days after due date and receipt, without notice', () => {
    // later of due date (6 May) and receipt (25 Apr) = 6 May; + 30 days = Wed 5 June (last day); default 6 June
    const result = determineStartOfDefault(facts({ debtorKind: 'business' }));
    expect(result).toMatchObject({
      startsOn: '2024-06-06',
      reason: 'thirty-day-rule',
      statute: '§286 Abs. 3 BGB',
    });
  });

  it('§286 Abs. 3 BGB: the 30 days run from receipt when the invoice arrives after the due date', () => {
    // receipt 6 May is later than due date 1 May: 6 May + 30 = 5 June; default 6 June
    const result = determineStartOfDefault(
      facts({ debtorKind: 'business', dueDate: day('2024-05-01'), invoiceReceivedOn: day('2024-05-06') }),
    );
    expect(result.startsOn).toBe('2024-06-06');
  });

  it('§286 Abs. 3 S. 1 Hs. 2 BGB: a consumer falls under the 30-day rule only with the notice on the invoice', () => {
    expect(determineStartOfDefault(facts()).startsOn).toBeNull();
    const result = determineStartOfDefault(facts({ invoiceCarriesThirtyDayNotice: true }));
    expect(result).toMatchObject({ startsOn: '2024-06-06', reason: 'thirty-day-rule' });
  });

  it('§§286 Abs. 3, 193 BGB: a 30th day on Easter Sunday ends on the Tuesday after Easter', () => {
    // due 1 Mar 2024 + 30 = Sun 31 Mar; Mon 1 Apr is Easter Monday → last day Tue 2 Apr; default 3 Apr
    const result = determineStartOfDefault(
      facts({ debtorKind: 'business', dueDate: day('2024-03-01'), invoiceReceivedOn: day('2024-02-20') }),
    );
    expect(result.startsOn).toBe('2024-04-03');
  });

  it('§286 Abs. 2 Nr. 3 BGB: a serious and final refusal after the due date starts default the day after', () => {
    const result = determineStartOfDefault(facts({ refusedOn: day('2024-05-10') }));
    expect(result).toMatchObject({
      startsOn: '2024-05-11',
      reason: 'refusal',
      statute: '§286 Abs. 2 Nr. 3 BGB',
    });
  });

  it('§286 Abs. 2 Nr. 3 BGB: a refusal before the due date starts default only once the claim is due', () => {
    const result = determineStartOfDefault(facts({ refusedOn: day('2024-04-30') }));
    expect(result).toMatchObject({ startsOn: '2024-05-07', reason: 'refusal' });
  });

  it('§286 BGB: the earliest event wins', () => {
    const business = { debtorKind: 'business' as const, remindersReceivedOn: [day('2024-05-20')] };
    // reminder (21 May) before the 30-day rule (6 June)
    expect(determineStartOfDefault(facts(business)).reason).toBe('reminder');
    // calendar due date (7 May) before the reminder
    expect(determineStartOfDefault(facts({ ...business, dueDateFixedByCalendar: true }))).toMatchObject({
      startsOn: '2024-05-07',
      reason: 'calendar-due-date',
    });
    // a refusal on 8 May beats the reminder of 20 May
    expect(determineStartOfDefault(facts({ ...business, refusedOn: day('2024-05-08') }))).toMatchObject({
      startsOn: '2024-05-09',
      reason: 'refusal',
    });
  });

  it('property: default never starts before the day after the last day to pay, and for a business never later than the 30-day rule', () => {
    const first = toEpochDay(day('2020-01-01'));
    const dateArb = fc.integer({ min: first, max: first + 2000 }).map((n) => fromEpochDay(n));
    fc.assert(
      fc.property(
        fc.record({
          debtorKind: fc.constantFrom('consumer' as const, 'business' as const),
          dueDate: dateArb,
          dueDateFixedByCalendar: fc.boolean(),
          invoiceReceivedOn: dateArb,
          invoiceCarriesThirtyDayNotice: fc.boolean(),
          remindersReceivedOn: fc.array(dateArb, { maxLength: 3 }),
          refusedOn: fc.option(dateArb, { nil: null }),
          state: fc.constantFrom(...GERMAN_STATES),
        }),
        (f) => {
          const result = determineStartOfDefault(f);
          expect(result.lastDayToPay >= f.dueDate).toBe(true);
          if (result.startsOn !== null) expect(result.startsOn > result.lastDayToPay).toBe(true);
          if (f.debtorKind === 'business') {
            const later = f.invoiceReceivedOn > f.dueDate ? f.invoiceReceivedOn : f.dueDate;
            // §193 BGB moves the 30th day by at most a few days (a long weekend plus holidays)
            expect(result.startsOn !== null && result.startsOn <= addDays(later, 31 + 5)).toBe(true);
          }
        },
      ),
    );
  });
});
