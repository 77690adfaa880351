import { describe, expect, it } from 'vitest';
import { type CalendarDate, parseCalendarDate } from './calendar-date.ts';
import { computeDefaultInterest, type ComputeDefaultInterestOptions } from './default-interest.ts';
import { explainDefaultInterest } from './explain-default-interest.ts';
import { Money } from './money.ts';
import { parsePercent } from './percent.ts';

const day = (text: string): CalendarDate => parseCalendarDate(text);
/** Intl puts a no-break space between amount and currency sign in German. */
const NBSP = '\u00a0';

function explain(options: Partial<ComputeDefaultInterestOptions>, language: 'de' | 'en'): string[] {
  return explainDefaultInterest(
    computeDefaultInterest({
      principal: Money.of(100000, 'EUR'),
      from: day('2024-01-16'),
      to: day('2024-07-16'),
      debtorKind: 'business',
      ...options,
    }),
    language,
  );
}

describe('explainDefaultInterest', () => {
  it('§288 Abs. 2 BGB in German: basis, method, one line per segment, total and the §288 Abs. 5 flat fee', () => {
    expect(explain({}, 'de')).toEqual([
      'Verzugszinsen nach §288 Abs. 2 BGB: Basiszinssatz + 9 Prozentpunkte',
      'Zinstage nach der Methode act/365, kaufmännisch gerundet je Abschnitt, keine Zinseszinsen (§289 BGB).',
      // 100000 × 12.62 % × 167/365 = 5774.08 → 57,74 €
      `16.01.2024 – 30.06.2024: 1.000,00${NBSP}€ × 12,62 % (Basiszinssatz 3,62 %) × 167/365 Tage = 57,74${NBSP}€`,
      // 100000 × 12.37 % × 15/365 = 508.36 → 5,08 €
      `01.07.2024 – 15.07.2024: 1.000,00${NBSP}€ × 12,37 % (Basiszinssatz 3,37 %) × 15/365 Tage = 5,08${NBSP}€`,
      `Zinsen gesamt: 62,82${NBSP}€`,
      `Verzugspauschale nach §288 Abs. 5 BGB: 40,00${NBSP}€`,
    ]);
  });

  it('§288(2) BGB in English, with English dates and amounts', () => {
    expect(explain({}, 'en')).toEqual([
      'Default interest under §288(2) BGB: base rate + 9 percentage points',
      'Days counted act/365, rounded half-up per segment, no interest on interest (§289 BGB).',
      '16 Jan 2024 – 30 Jun 2024: €1,000.00 × 12.62 % (base rate 3.62 %) × 167/365 days = €57.74',
      '1 Jul 2024 – 15 Jul 2024: €1,000.00 × 12.37 % (base rate 3.37 %) × 15/365 days = €5.08',
      'Total interest: €62.82',
      'Flat-rate late payment fee under §288(5) BGB: €40.00',
    ]);
  });

  it('§288 Abs. 1 BGB: a consumer gets no flat-fee line, and a negative base rate keeps its sign', () => {
    const options = { debtorKind: 'consumer' as const, from: day('2016-07-01'), to: day('2016-08-01') };
    // 100000 × (-0.88 + 5 = 4.12 %) × 31/365 = 349.92 → 3,50 €
    expect(explain(options, 'de')).toEqual([
      'Verzugszinsen nach §288 Abs. 1 BGB: Basiszinssatz + 5 Prozentpunkte',
      'Zinstage nach der Methode act/365, kaufmännisch gerundet je Abschnitt, keine Zinseszinsen (§289 BGB).',
      `01.07.2016 – 31.07.2016: 1.000,00${NBSP}€ × 4,12 % (Basiszinssatz -0,88 %) × 31/365 Tage = 3,50${NBSP}€`,
      `Zinsen gesamt: 3,50${NBSP}€`,
    ]);
    expect(explain(options, 'en')[0]).toBe(
      'Default interest under §288(1) BGB: base rate + 5 percentage points',
    );
    expect(explain(options, 'en')[2]).toBe(
      '1 Jul 2016 – 31 Jul 2016: €1,000.00 × 4.12 % (base rate -0.88 %) × 31/365 days = €3.50',
    );
  });

  it('§288 Abs. 2 BGB a. F.: names the old + 8 pp rule for an obligation from before 29 July 2014, without a flat fee', () => {
    const de = explain({ obligationDate: day('2014-07-28') }, 'de');
    expect(de[0]).toBe(
      'Verzugszinsen nach §288 Abs. 2 BGB a. F. (Schuldverhältnis vor dem 29.07.2014): Basiszinssatz + 8 Prozentpunkte',
    );
    expect(de.some((line) => line.startsWith('Verzugspauschale'))).toBe(false);
    expect(explain({ obligationDate: day('2014-07-28') }, 'en')[0]).toBe(
      'Default interest under §288(2) BGB, old version (obligation before 29 July 2014): base rate + 8 percentage points',
    );
  });

  it('§288 Abs. 3 BGB: a contractual rate is shown without a base rate', () => {
    const options = {
      principal: Money.of(10000, 'EUR'),
      from: day('2024-01-01'),
      to: day('2024-01-16'),
      contractualRate: parsePercent('10'),
    };
    // 10000 × 10 % × 15/365 = 41.10 → 0,41 €
    expect(explain(options, 'de')).toEqual([
      'Vertraglich vereinbarter Zinssatz (§288 Abs. 3 BGB)',
      'Zinstage nach der Methode act/365, kaufmännisch gerundet je Abschnitt, keine Zinseszinsen (§289 BGB).',
      `01.01.2024 – 15.01.2024: 100,00${NBSP}€ × 10,00 % × 15/365 Tage = 0,41${NBSP}€`,
      `Zinsen gesamt: 0,41${NBSP}€`,
      `Verzugspauschale nach §288 Abs. 5 BGB: 40,00${NBSP}€`,
    ]);
    expect(explain(options, 'en')[0]).toBe('Contractual interest rate (§288(3) BGB)');
    expect(explain(options, 'en')[2]).toBe(
      '1 Jan 2024 – 15 Jan 2024: €100.00 × 10.00 % × 15/365 days = €0.41',
    );
  });

  it('names the day count in use and shows an act/act year fraction split at the turn of the year', () => {
    const lines = explain(
      {
        from: day('2023-12-02'),
        to: day('2024-01-31'),
        contractualRate: parsePercent('10'),
        dayCount: 'act/act',
      },
      'en',
    );
    expect(lines[1]).toBe(
      'Days counted act/act, rounded half-up per segment, no interest on interest (§289 BGB).',
    );
    // 100000 × 10 % × (30/365 + 30/366) = 821.92 + 819.67 = 1641.59 → €16.42
    expect(lines[2]).toBe('2 Dec 2023 – 30 Jan 2024: €1,000.00 × 10.00 % × 30/365 + 30/366 days = €16.42');
  });

  it('an empty period has no segment lines and a total of zero', () => {
    expect(explain({ from: day('2024-03-01'), to: day('2024-03-01') }, 'en')).toEqual([
      'Default interest under §288(2) BGB: base rate + 9 percentage points',
      'Days counted act/365, rounded half-up per segment, no interest on interest (§289 BGB).',
      'Total interest: €0.00',
    ]);
  });
});
