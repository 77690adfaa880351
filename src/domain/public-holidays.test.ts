import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { itRunsUnderTheZone, TIME_ZONES } from '../../test/support/time-zones.ts';
import { addDays, type CalendarDate, isoWeekday, parseCalendarDate } from './calendar-date.ts';
import type { DomainError } from './domain-error.ts';
import type * as PublicHolidaysModule from './public-holidays.ts';

const d = (text: string): CalendarDate => parseCalendarDate(text);

/** Time zones far apart (UTC-8 to UTC+14): a holiday computed via local midnight would shift a day. */
describe.each(TIME_ZONES)('public holidays under TZ=%s', (tz, offsetMinutesOnNewYear2024) => {
  let holidays: typeof PublicHolidaysModule;

  beforeEach(async () => {
    vi.stubEnv('TZ', tz);
    // A fresh module per zone, so its per-year cache is filled under this zone.
    vi.resetModules();
    holidays = await import('./public-holidays.ts');
  });
  afterEach(() => {
    vi.unstubAllEnvs();
  });

  itRunsUnderTheZone(offsetMinutesOnNewYear2024);

  describe('holidays per state', () => {
    it("lists Berlin's 2025 holidays: the nine nationwide ones, Frauentag and the one-off 8 May", () => {
      expect(holidays.publicHolidays('BE', 2025).map((h) => h.date)).toEqual([
        '2025-01-01', // Neujahr
        '2025-03-08', // Internationaler Frauentag (Berlin)
        '2025-04-18', // Karfreitag: Easter Sunday 2025 is 20 April
        '2025-04-21', // Ostermontag
        '2025-05-01', // Tag der Arbeit
        '2025-05-08', // Tag der Befreiung, one-off in Berlin in 2025
        '2025-05-29', // Christi Himmelfahrt: Easter + 39
        '2025-06-09', // Pfingstmontag: Easter + 50
        '2025-10-03', // Tag der Deutschen Einheit
        '2025-12-25',
        '2025-12-26',
      ]);
    });

    it('names holidays in German', () => {
      const names = new Map(holidays.publicHolidays('BY', 2025).map((h) => [h.date, h.name]));
      expect(names.get(d('2025-04-18'))).toBe('Karfreitag');
      expect(names.get(d('2025-06-19'))).toBe('Fronleichnam');
      expect(names.get(d('2025-10-03'))).toBe('Tag der Deutschen Einheit');
    });

    it('has Fronleichnam (Easter + 60) in BY, BW, HE, NW, RP and SL, but not in BE, HH or SN', () => {
      const corpusChristi = d('2025-06-19');
      for (const state of ['BY', 'BW', 'HE', 'NW', 'RP', 'SL']) {
        expect(holidays.isPublicHoliday(corpusChristi, state), state).toBe(true);
      }
      // In Saxony and Thuringia it is a holiday only in some Catholic communities, not statewide.
      for (const state of ['BE', 'HH', 'SN', 'TH', 'NI']) {
        expect(holidays.isPublicHoliday(corpusChristi, state), state).toBe(false);
      }
      expect(holidays.isPublicHoliday(d('2024-05-30'), 'NW')).toBe(true);
      expect(holidays.isPublicHoliday(d('2026-06-04'), 'BY')).toBe(true);
    });

    it('has Reformationstag in the eastern states, and in HB, HH, NI, SH only since 2018', () => {
      for (const state of ['SN', 'BB', 'MV', 'ST', 'TH', 'HB', 'HH', 'NI', 'SH']) {
        expect(holidays.isPublicHoliday(d('2025-10-31'), state), state).toBe(true);
      }
      for (const state of ['BY', 'BW', 'NW', 'BE', 'HE', 'RP', 'SL']) {
        expect(holidays.isPublicHoliday(d('2025-10-31'), state), state).toBe(false);
      }
      expect(holidays.isPublicHoliday(d('2016-10-31'), 'NI')).toBe(false);
      expect(holidays.isPublicHoliday(d('2016-10-31'), 'SN')).toBe(true);
    });

    it('had Reformationstag everywhere in 2017 (500 years of the Reformation)', () => {
      expect(holidays.isPublicHoliday(d('2017-10-31'), 'BY')).toBe(true);
      expect(holidays.isPublicHoliday(d('2018-10-31'), 'BY')).toBe(false);
    });

    it('has Frauentag on 8 March in Berlin since 2019 and in MV since 2023', () => {
      expect(holidays.isPublicHoliday(d('2018-03-08'), 'BE')).toBe(false);
      expect(holidays.isPublicHoliday(d('2019-03-08'), 'BE')).toBe(true);
      expect(holidays.isPublicHoliday(d('2025-03-08'), 'BE')).toBe(true);
      expect(holidays.isPublicHoliday(d('2022-03-08'), 'MV')).toBe(false);
      expect(holidays.isPublicHoliday(d('2023-03-08'), 'MV')).toBe(true);
      expect(holidays.isPublicHoliday(d('2025-03-08'), 'BB')).toBe(false);
    });

    it('has Buß- und Bettag (the Wednesday before 23 November) only in Saxony', () => {
      expect(holidays.isPublicHoliday(d('2024-11-20'), 'SN')).toBe(true);
      expect(holidays.isPublicHoliday(d('2025-11-19'), 'SN')).toBe(true);
      expect(isoWeekday(d('2025-11-19'))).toBe(3);
      expect(holidays.isPublicHoliday(d('2025-11-19'), 'BY')).toBe(false);
      expect(holidays.isPublicHoliday(d('2025-11-19'), 'BE')).toBe(false);
    });

    it('has Heilige Drei Könige in BW, BY and ST, Allerheiligen in BW, BY, NW, RP and SL', () => {
      for (const state of ['BW', 'BY', 'ST'])
        expect(holidays.isPublicHoliday(d('2025-01-06'), state), state).toBe(true);
      expect(holidays.isPublicHoliday(d('2025-01-06'), 'NW')).toBe(false);
      for (const state of ['BW', 'BY', 'NW', 'RP', 'SL']) {
        expect(holidays.isPublicHoliday(d('2025-11-01'), state), state).toBe(true);
      }
      expect(holidays.isPublicHoliday(d('2025-11-01'), 'HE')).toBe(false);
    });

    it('has Mariä Himmelfahrt statewide only in Saarland, Weltkindertag only in Thuringia', () => {
      expect(holidays.isPublicHoliday(d('2025-08-15'), 'SL')).toBe(true);
      expect(holidays.isPublicHoliday(d('2025-08-15'), 'BY')).toBe(false); // only Catholic communities
      expect(holidays.isPublicHoliday(d('2025-09-20'), 'TH')).toBe(true);
      expect(holidays.isPublicHoliday(d('2025-09-20'), 'SN')).toBe(false);
    });

    it('does not count Heiligabend or Silvester as public holidays', () => {
      for (const state of ['BY', 'BE', 'NW']) {
        expect(holidays.isPublicHoliday(d('2025-12-24'), state)).toBe(false);
        expect(holidays.isPublicHoliday(d('2025-12-31'), state)).toBe(false);
      }
    });

    it('rejects an unknown state with a stable code', () => {
      for (const run of [
        () => holidays.publicHolidays('XX', 2025),
        () => holidays.isPublicHoliday(d('2025-01-01'), 'by'),
        () => holidays.adjustDeadlineToWorkingDay(d('2025-01-01'), 'Bayern'),
      ]) {
        try {
          run();
          expect.unreachable();
        } catch (error) {
          // The module was loaded afresh, so compare by name and code rather than class identity.
          expect((error as DomainError).name).toBe('DomainError');
          expect((error as DomainError).code).toBe('unknown-state');
          expect((error as DomainError).path).toBe('state');
        }
      }
    });

    it('knows the sixteen states', () => {
      expect(holidays.GERMAN_STATES).toHaveLength(16);
      expect(holidays.isGermanState('NW')).toBe(true);
      expect(holidays.isGermanState('DE')).toBe(false);
    });
  });

  describe('working days and §193 BGB', () => {
    it('counts Monday to Friday as working days unless a holiday falls on them', () => {
      expect(holidays.isWorkingDay(d('2025-03-14'), 'BE')).toBe(true); // Friday
      expect(holidays.isWorkingDay(d('2025-03-15'), 'BE')).toBe(false); // Saturday
      expect(holidays.isWorkingDay(d('2025-03-16'), 'BE')).toBe(false); // Sunday
      expect(holidays.isWorkingDay(d('2025-04-18'), 'BE')).toBe(false); // Good Friday
    });

    it('keeps a deadline that ends on a working day', () => {
      expect(holidays.adjustDeadlineToWorkingDay(d('2025-03-14'), 'BY')).toBe('2025-03-14');
      expect(holidays.adjustDeadlineToWorkingDay(d('2025-12-24'), 'BY')).toBe('2025-12-24'); // Heiligabend
    });

    it('moves a deadline ending on Saturday or Sunday to Monday', () => {
      expect(holidays.adjustDeadlineToWorkingDay(d('2025-03-15'), 'BE')).toBe('2025-03-17');
      expect(holidays.adjustDeadlineToWorkingDay(d('2025-03-16'), 'BE')).toBe('2025-03-17');
    });

    it('moves a deadline ending on Good Friday past Easter Monday to Tuesday', () => {
      expect(holidays.adjustDeadlineToWorkingDay(d('2025-04-18'), 'HH')).toBe('2025-04-22');
      expect(holidays.adjustDeadlineToWorkingDay(d('2025-04-21'), 'HH')).toBe('2025-04-22');
    });

    it('moves a deadline ending at Christmas 2025 (Thursday) to Monday 29 December', () => {
      expect(holidays.adjustDeadlineToWorkingDay(d('2025-12-25'), 'NW')).toBe('2025-12-29');
      expect(holidays.adjustDeadlineToWorkingDay(d('2025-12-26'), 'NW')).toBe('2025-12-29');
    });

    it('moves a deadline into the next year over New Year', () => {
      // 31 December 2022 was a Saturday; 1 January 2023 a Sunday and Neujahr.
      expect(holidays.adjustDeadlineToWorkingDay(d('2022-12-31'), 'HE')).toBe('2023-01-02');
    });

    it('depends on the state: Fronleichnam moves a deadline in Bavaria but not in Berlin', () => {
      expect(holidays.adjustDeadlineToWorkingDay(d('2025-06-19'), 'BY')).toBe('2025-06-20');
      expect(holidays.adjustDeadlineToWorkingDay(d('2025-06-19'), 'BE')).toBe('2025-06-19');
    });

    it('depends on the state: Reformationstag on Friday 31 October 2025 moves to Monday in Saxony', () => {
      expect(holidays.adjustDeadlineToWorkingDay(d('2025-10-31'), 'SN')).toBe('2025-11-03');
      expect(holidays.adjustDeadlineToWorkingDay(d('2025-10-31'), 'BY')).toBe('2025-10-31');
    });

    it('moves a deadline on Buß- und Bettag in Saxony to Thursday', () => {
      expect(holidays.adjustDeadlineToWorkingDay(d('2025-11-19'), 'SN')).toBe('2025-11-20');
    });

    it('always returns a working day on or after the deadline, in every state through 2024', () => {
      for (const state of holidays.GERMAN_STATES) {
        for (let day = 0; day < 366; day += 1) {
          const deadline = addDays(d('2024-01-01'), day);
          const adjusted = holidays.adjustDeadlineToWorkingDay(deadline, state);
          expect(adjusted >= deadline).toBe(true);
          expect(holidays.isWorkingDay(adjusted, state)).toBe(true);
          expect(isoWeekday(adjusted)).toBeLessThanOrEqual(5);
        }
      }
    });
  });
});
