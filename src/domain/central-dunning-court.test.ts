import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { CalendarDate } from './calendar-date.ts';
import {
  CENTRAL_DUNNING_COURTS,
  centralDunningCourt,
  LOCAL_COURT_VALUE_LIMITS,
  NW_OLG_DISTRICTS,
  trialCourtFor,
} from './central-dunning-court.ts';
import { DomainError } from './domain-error.ts';
import { GERMAN_STATES } from './public-holidays.ts';

const d = (text: string) => text as CalendarDate;

describe('centralDunningCourt (§ 689 ZPO)', () => {
  it('names the central court of the applicant’s state, shared courts included (LAW-DE.md)', () => {
    const expected: [string, string][] = [
      ['BW', 'Amtsgericht Stuttgart'],
      ['BY', 'Amtsgericht Coburg'],
      ['BE', 'Amtsgericht Wedding'],
      ['BB', 'Amtsgericht Wedding'],
      ['HB', 'Amtsgericht Bremen'],
      ['HH', 'Amtsgericht Hamburg-Altona'],
      ['MV', 'Amtsgericht Hamburg-Altona'],
      ['HE', 'Amtsgericht Hünfeld'],
      ['NI', 'Amtsgericht Uelzen'],
      ['RP', 'Amtsgericht Mayen'],
      ['SL', 'Amtsgericht Mayen'],
      ['SN', 'Amtsgericht Aschersleben'],
      ['ST', 'Amtsgericht Aschersleben'],
      ['TH', 'Amtsgericht Aschersleben'],
      ['SH', 'Amtsgericht Schleswig'],
    ];
    for (const [state, court] of expected) {
      const found = centralDunningCourt({ country: 'DE', state });
      expect(found.name, state).toBe(court);
      expect(found.statute).toBe('§ 689 Abs. 2 Satz 1, Abs. 3 ZPO');
    }
  });

  it('has a court for every federal state (NRW by its OLG district)', () => {
    for (const state of GERMAN_STATES) {
      if (state === 'NW') {
        for (const district of NW_OLG_DISTRICTS) {
          expect(centralDunningCourt({ country: 'DE', state, nwOlgDistrict: district }).name).toMatch(
            /^Amtsgericht /,
          );
        }
      } else {
        expect(CENTRAL_DUNNING_COURTS[state], state).toBeDefined();
      }
    }
  });

  it('sends the OLG districts Hamm and Düsseldorf to Hagen and Köln to Euskirchen', () => {
    const nw = (nwOlgDistrict: (typeof NW_OLG_DISTRICTS)[number]) =>
      centralDunningCourt({ country: 'DE', state: 'NW', nwOlgDistrict });
    expect(nw('hamm').name).toBe('Amtsgericht Hagen');
    expect(nw('duesseldorf').name).toBe('Amtsgericht Hagen');
    expect(nw('koeln').name).toBe('Amtsgericht Euskirchen');
    expect(nw('koeln').reason).toContain('Oberlandesgericht Köln');
  });

  it('refuses a seat in NRW without its OLG district, naming the field', () => {
    for (const nwOlgDistrict of [undefined, null]) {
      try {
        centralDunningCourt({ country: 'DE', state: 'NW', nwOlgDistrict });
        expect.unreachable();
      } catch (error) {
        expect(error).toBeInstanceOf(DomainError);
        expect((error as DomainError).path).toBe('nwOlgDistrict');
        expect((error as DomainError).message).toMatch(/Hagen.*Euskirchen/);
      }
    }
  });

  it('sends an applicant seated abroad to the Amtsgericht Wedding, whatever the state field says', () => {
    const court = centralDunningCourt({ country: 'AT', state: 'BY' });
    expect(court).toMatchObject({ name: 'Amtsgericht Wedding', statute: '§ 689 Abs. 2 Satz 2 ZPO' });
    expect(court.reason).toContain('AT');
  });

  it('refuses an unknown state', () => {
    expect(() => centralDunningCourt({ country: 'DE', state: 'XX' })).toThrow(/state: expected a German/);
  });
});

describe('trialCourtFor (§ 23 Nr. 1, § 71 GVG)', () => {
  it('gives the Amtsgericht up to 5,000 € before 2026 and up to 10,000 € from 1 January 2026', () => {
    expect(trialCourtFor(5_000_00, d('2025-12-31'))).toMatchObject({
      kind: 'Amtsgericht',
      limitCents: 5_000_00,
    });
    expect(trialCourtFor(5_000_01, d('2025-12-31'))).toMatchObject({
      kind: 'Landgericht',
      statute: '§ 71 Abs. 1 GVG',
    });
    expect(trialCourtFor(5_000_01, d('2026-01-01'))).toMatchObject({
      kind: 'Amtsgericht',
      limitCents: 10_000_00,
    });
    expect(trialCourtFor(10_000_00, d('2026-03-16')).kind).toBe('Amtsgericht');
    expect(trialCourtFor(10_000_01, d('2026-03-16')).kind).toBe('Landgericht');
  });

  it('takes the limit from the table it is given (a change of the law is a row)', () => {
    const limits = [...LOCAL_COURT_VALUE_LIMITS, { validFrom: d('2030-01-01'), limitCents: 20_000_00 }];
    expect(trialCourtFor(15_000_00, d('2030-01-01'), limits).kind).toBe('Amtsgericht');
    expect(trialCourtFor(15_000_00, d('2029-12-31'), limits).kind).toBe('Landgericht');
  });

  it('refuses negative values and days before the table', () => {
    expect(() => trialCourtFor(-1, d('2026-01-01'))).toThrow(/valueCents/);
    expect(() => trialCourtFor(100, d('2001-12-31'))).toThrow(/appliedOn/);
  });

  it('never sends a higher value to a lower court on the same day', () => {
    const day = fc
      .integer({ min: 2002, max: 2040 })
      .map((year) => d(`${year}-${year % 2 === 0 ? '01-01' : '06-30'}`));
    fc.assert(
      fc.property(fc.nat(100_000_00), fc.nat(100_000_00), day, (a, b, on) => {
        const [low, high] = a <= b ? [a, b] : [b, a];
        const rank = (cents: number) => (trialCourtFor(cents, on).kind === 'Amtsgericht' ? 0 : 1);
        expect(rank(low)).toBeLessThanOrEqual(rank(high));
      }),
    );
  });
});
