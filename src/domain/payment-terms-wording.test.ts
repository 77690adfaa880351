import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { baseRateOn, GERMAN_BASE_RATES } from './base-rates.ts';
import type { CalendarDate } from './calendar-date.ts';
import { DEBTOR_KINDS } from './default-interest.ts';
import { LANGUAGES } from './format-money.ts';
import { parsePaymentTerms } from './payment-terms.ts';
import { describePaymentTerms } from './payment-terms-wording.ts';

const ORDERED_ON = '2025-05-02' as CalendarDate;
const SKONTO_30 = parsePaymentTerms({ kind: 'net', days: 30, skonto: [{ percent: '2.5', days: 10 }] });

describe('describePaymentTerms', () => {
  it('states net terms with Skonto, interest and the €40 flat fee to a business, in German', () => {
    const w = describePaymentTerms({
      terms: SKONTO_30,
      debtorKind: 'business',
      language: 'de',
      obligationDate: ORDERED_ON,
    });
    expect(w.due).toBe('Zahlbar innerhalb von 30 Tagen nach Rechnungsdatum ohne Abzug.');
    expect(w.skonto).toEqual([
      'Bei Zahlung innerhalb von 10 Tagen nach Rechnungsdatum gewähren wir 2,5 % Skonto.',
      'Maßgeblich ist der Tag, an dem der Betrag unserem Konto gutgeschrieben wird.',
    ]);
    expect(w.latePayment).toEqual([
      'Zahlen Sie nicht rechtzeitig, kommen Sie spätestens 30 Tage nach Fälligkeit und Zugang der Rechnung in Verzug, auch ohne Mahnung (§ 286 Abs. 3 BGB).',
      'Im Verzug berechnen wir Verzugszinsen von 9 Prozentpunkten über dem jeweiligen Basiszinssatz (§ 288 Abs. 2 BGB).',
      'Außerdem berechnen wir eine Verzugspauschale von 40,00\u00a0€ (§ 288 Abs. 5 BGB); sie wird auf weitere Kosten der Rechtsverfolgung angerechnet.',
    ]);
    expect(w.text).toBe([w.due, ...w.skonto, ...w.latePayment].join(' '));
  });

  it('tells a consumer of default after 30 days and 5 points, and charges no flat fee, in German', () => {
    const w = describePaymentTerms({
      terms: parsePaymentTerms({ kind: 'net', days: 14 }),
      debtorKind: 'consumer',
      language: 'de',
      obligationDate: ORDERED_ON,
    });
    expect(w.skonto).toEqual([]);
    expect(w.latePayment).toEqual([
      'Zahlen Sie nicht rechtzeitig, kommen Sie spätestens 30 Tage nach Fälligkeit und Zugang der Rechnung in Verzug, auch ohne Mahnung (§ 286 Abs. 3 BGB).',
      'Im Verzug berechnen wir Verzugszinsen von 5 Prozentpunkten über dem jeweiligen Basiszinssatz (§ 288 Abs. 1 BGB).',
    ]);
    expect(w.text).not.toMatch(/Pauschale|40/);
  });

  it('words the same for a business in English, with the rate in force as an example', () => {
    const w = describePaymentTerms({
      terms: SKONTO_30,
      debtorKind: 'business',
      language: 'en',
      obligationDate: ORDERED_ON,
      currentBaseRate: baseRateOn(GERMAN_BASE_RATES, '2025-07-15' as CalendarDate),
    });
    expect(w.due).toBe('Payable within 30 days of the invoice date, without deduction.');
    expect(w.skonto[0]).toBe(
      'If you pay within 10 days of the invoice date, you may deduct 2.5 % early payment discount (Skonto).',
    );
    expect(w.latePayment).toEqual([
      'If you do not pay on time, you are in default at the latest 30 days after the due date and receipt of the invoice, even without a reminder (§ 286 (3) BGB).',
      // 1.27 % base rate (1 July 2025) + 9 points.
      'While in default, you owe default interest at 9 percentage points above the base rate (§ 288 (2) BGB), currently 10.27 % a year.',
      'We also charge a late payment flat fee of €40.00 (§ 288 (5) BGB), which counts against any further costs of collection.',
    ]);
  });

  it('words it for a consumer in English, without the flat fee', () => {
    const w = describePaymentTerms({
      terms: parsePaymentTerms({ kind: 'net', days: 0 }),
      debtorKind: 'consumer',
      language: 'en',
      obligationDate: ORDERED_ON,
      currentBaseRate: baseRateOn(GERMAN_BASE_RATES, '2025-07-15' as CalendarDate),
    });
    expect(w.due).toBe('Payable immediately upon the invoice date, without deduction.');
    expect(w.latePayment).toEqual([
      expect.stringContaining('30 days after the due date and receipt of the invoice'),
      'While in default, you owe default interest at 5 percentage points above the base rate (§ 288 (1) BGB), currently 6.27 % a year.',
    ]);
  });

  it('names the days once the invoice date is known', () => {
    const w = describePaymentTerms({
      terms: SKONTO_30,
      debtorKind: 'business',
      language: 'de',
      obligationDate: ORDERED_ON,
      issuedOn: '2025-05-21' as CalendarDate,
    });
    expect(w.due).toBe('Zahlbar ohne Abzug bis zum 20.06.2025 (30 Tage nach Rechnungsdatum).');
    expect(w.skonto[0]).toBe('Bei Zahlung bis zum 31.05.2025 gewähren wir 2,5 % Skonto.');
  });

  it('says that a calendar date needs no reminder', () => {
    for (const language of LANGUAGES) {
      const w = describePaymentTerms({
        terms: parsePaymentTerms({ kind: 'fixed-date', dueDate: '2025-06-30' }),
        debtorKind: 'consumer',
        language,
        obligationDate: ORDERED_ON,
      });
      expect(w.due).toBe(
        language === 'de'
          ? 'Zahlbar ohne Abzug bis zum 30.06.2025.'
          : 'Payable without deduction by 30 Jun 2025.',
      );
      expect(w.latePayment[0]).toContain(
        language === 'de' ? '§ 286 Abs. 2 Nr. 1 BGB' : '§ 286 (2) no. 1 BGB',
      );
    }
  });

  it('describes instalments and a Skonto on part of the amount', () => {
    const instalments = describePaymentTerms({
      terms: parsePaymentTerms({ kind: 'instalments', count: 3, firstDueDays: 14, every: { months: 1 } }),
      debtorKind: 'business',
      language: 'de',
      obligationDate: ORDERED_ON,
    });
    expect(instalments.due).toBe(
      'Zahlbar in 3 Raten ohne Abzug: die erste 14 Tage nach Rechnungsdatum, die weiteren jeweils einen Monat später.',
    );
    const part = describePaymentTerms({
      terms: parsePaymentTerms({
        kind: 'net',
        days: 30,
        skonto: [{ percent: 3, days: 7, baseCents: 100_000 }],
      }),
      debtorKind: 'business',
      language: 'en',
      obligationDate: ORDERED_ON,
    });
    expect(part.skonto[0]).toBe(
      'If you pay within 7 days of the invoice date, you may deduct 3 % early payment discount (Skonto) on €1,000.00.',
    );
  });

  it('charges 8 points and no flat fee on business obligations before 29 July 2014', () => {
    const w = describePaymentTerms({
      terms: SKONTO_30,
      debtorKind: 'business',
      language: 'de',
      obligationDate: '2014-07-28' as CalendarDate,
    });
    expect(w.latePayment).toEqual([expect.any(String), expect.stringContaining('von 8 Prozentpunkten')]);
  });

  it('always states due date and interest; the flat fee exactly for business debtors (property)', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...DEBTOR_KINDS),
        fc.constantFrom(...LANGUAGES),
        fc.integer({ min: 0, max: 120 }),
        (debtorKind, language, days) => {
          const w = describePaymentTerms({
            terms: parsePaymentTerms({ kind: 'net', days }),
            debtorKind,
            language,
            obligationDate: ORDERED_ON,
          });
          expect(w.text).toContain(language === 'de' ? 'Basiszinssatz' : 'base rate');
          expect(w.text.includes('§ 288 Abs. 5 BGB') || w.text.includes('§ 288 (5) BGB')).toBe(
            debtorKind === 'business',
          );
          expect(w.text).toContain(
            days === 0 ? (language === 'de' ? 'sofort' : 'immediately') : String(days),
          );
        },
      ),
    );
  });
});
