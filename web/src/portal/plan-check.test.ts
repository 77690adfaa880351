import { describe, expect, it } from 'vitest';
import { checkPlanProposal, longestPlanWithinLimits } from './plan-check.ts';

const plain = (text: string) => text.replace(/\u00a0|\u202f/g, ' ');
const TODAY = '2026-03-16';
const limits = { promiseMaxDays: 30, maxMonths: 6, minInstalmentCents: 10_000, autoAccept: true };
const context = { today: TODAY, limits, totalCents: 120_000 };

describe('a proposed instalment plan', () => {
  it('within the limits: the body to send and the instalment, with no note of the limits', () => {
    const checked = checkPlanProposal({ months: '4', firstDueDate: '2026-03-30', note: '' }, context, 'de');
    expect(checked.errors).toEqual({});
    expect(checked.body).toEqual({ months: 4, firstDueDate: '2026-03-30' });
    expect(checked.preview).toEqual({
      months: 4,
      instalmentCents: 30_000,
      totalCents: 120_000,
      outsideLimits: [],
    });
  });

  it('rounds the instalment down as the API does', () => {
    const checked = checkPlanProposal(
      { months: '6', firstDueDate: TODAY, note: '' },
      { ...context, totalCents: 100_001 },
      'de',
    );
    expect(checked.preview?.instalmentCents).toBe(16_666);
  });

  it('outside the limits: still sendable, and says which limit it passes', () => {
    const checked = checkPlanProposal(
      { months: '13', firstDueDate: '2026-04-16', note: ' Saison ' },
      context,
      'de',
    );
    expect(checked.errors).toEqual({});
    expect(checked.body).toEqual({ months: 13, firstDueDate: '2026-04-16', note: 'Saison' });
    expect(checked.preview?.outsideLimits.map(plain)).toEqual([
      'mehr als 6 Monatsraten',
      'Rate unter 100,00 €',
    ]);
    const english = checkPlanProposal({ months: '24', firstDueDate: TODAY, note: '' }, context, 'en');
    expect(english.preview?.outsideLimits).toEqual(['more than 6 instalments', 'instalment below €100.00']);
  });

  it('refuses what the API refuses, at the field', () => {
    for (const months of ['0', '37', '2,5', '', 'sechs']) {
      const checked = checkPlanProposal({ months, firstDueDate: TODAY, note: '' }, context, 'de');
      expect(checked.body, months).toBeNull();
      expect(checked.errors.months, months).toBe('Bitte geben Sie eine ganze Zahl von 1 bis 36 an.');
      expect(checked.preview, months).toBeNull();
    }
    const late = checkPlanProposal({ months: '2', firstDueDate: '2026-04-17', note: '' }, context, 'de');
    expect(late.errors).toEqual({
      firstDueDate: 'Bitte wählen Sie einen Tag vom 16.03.2026 bis zum 16.04.2026.',
    });
    const early = checkPlanProposal({ months: '2', firstDueDate: '2026-03-15', note: '' }, context, 'en');
    expect(early.errors.firstDueDate).toBe('Please choose a day from 16/03/2026 to 16/04/2026.');
  });

  it('knows the longest plan within the limits', () => {
    expect(longestPlanWithinLimits(120_000, limits)).toBe(6);
    expect(longestPlanWithinLimits(25_000, limits)).toBe(2);
    expect(longestPlanWithinLimits(5_000, limits)).toBe(1);
    expect(longestPlanWithinLimits(5_000, { ...limits, minInstalmentCents: 0 })).toBe(6);
  });
});
