import { describe, expect, it } from 'vitest';
import type { RiskBehaviour } from '../../api/types.ts';
import { riskFact } from './risk-facts.ts';

const behaviour: RiskBehaviour = {
  invoicesWithRecord: 8,
  invoicesSettled: 6,
  invoicesOverdue: 2,
  averageDaysLate: 21.5,
  weightedDaysLate: 30.25,
  shareLatePercent: 62.5,
  overdueCents: 123_456,
  oldestOverdueDays: 47,
  promisesBroken: 2,
  promisesKept: 1,
  returnedPayments: 1,
  disputesLost: 0,
  noticesSent: 3,
  collectionCases: 1,
  badDebtCents: 5_000,
  monthlyVolumeCents: 400_000,
};

const plain = (text: string) => text.replace(/\u00a0|\u202f/g, ' ');

describe('riskFact', () => {
  it('builds German sentences from the behaviour figures', () => {
    expect(plain(riskFact('days-late', behaviour, 'de'))).toBe(
      'Im Schnitt 21,5 Tage verspätet, nach Betrag gewichtet 30,3 Tage (8 Rechnung(en))',
    );
    expect(plain(riskFact('share-late', behaviour, 'de'))).toBe(
      '62,5 % der 8 Rechnung(en) verspätet bezahlt oder noch offen',
    );
    expect(plain(riskFact('overdue-amount', behaviour, 'de'))).toBe(
      '1.234,56 € überfällig in 2 Rechnung(en)',
    );
    expect(riskFact('overdue-age', behaviour, 'de')).toBe(
      'Die älteste überfällige Rechnung ist 47 Tage über Fälligkeit',
    );
    expect(riskFact('broken-promises', behaviour, 'de')).toBe('2 Zahlungszusage(n) gebrochen, 1 eingehalten');
    expect(plain(riskFact('collection', behaviour, 'de'))).toBe(
      '1 Abgabe(n) an das Inkasso, 50,00 € als Forderungsausfall ausgebucht',
    );
  });

  it('builds English sentences too', () => {
    expect(riskFact('notices', behaviour, 'en')).toBe('3 dunning notice(s) in the last 12 months');
    expect(riskFact('overdue-amount', behaviour, 'en')).toBe('€1,234.56 overdue in 2 invoice(s)');
  });

  it('says when there is nothing due or overdue', () => {
    const none = { ...behaviour, invoicesWithRecord: 0, invoicesOverdue: 0, overdueCents: 0 };
    expect(riskFact('days-late', none, 'de')).toBe('Noch keine Rechnung fällig');
    expect(riskFact('share-late', none, 'en')).toBe('No invoice due yet');
    expect(riskFact('overdue-amount', none, 'de')).toBe('Nichts überfällig');
    expect(riskFact('overdue-age', none, 'en')).toBe('Nothing overdue');
  });
});
