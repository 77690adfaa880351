import { describe, expect, it } from 'vitest';
import { invoiceStateOf, invoiceStateWords } from './invoice-state.ts';
import type { PortalInvoice } from './portal-types.ts';

const ASOF = '2026-03-16';

function invoice(overrides: Partial<PortalInvoice> = {}): PortalInvoice {
  return {
    id: 1,
    number: 'RE-1',
    issuedOn: '2026-02-01',
    dueDate: '2026-02-15',
    currency: 'EUR',
    grossCents: 100_000,
    openCents: 100_000,
    overdue: true,
    disputed: false,
    inInstalmentPlan: false,
    reportedPaid: false,
    promisedBy: null,
    ...overrides,
  };
}

describe('where an invoice stands', () => {
  it('says for how many days an invoice is overdue, in German and English', () => {
    expect(invoiceStateWords(invoice(), ASOF, 'de')).toEqual({
      state: 'overdue',
      badge: 'Überfällig',
      text: 'Seit 29 Tagen überfällig – bitte zahlen Sie so bald wie möglich.',
      tone: 'danger',
    });
    expect(invoiceStateWords(invoice({ dueDate: '2026-03-15' }), ASOF, 'de').text).toBe(
      'Seit 1 Tag überfällig – bitte zahlen Sie so bald wie möglich.',
    );
    expect(invoiceStateWords(invoice(), ASOF, 'en').text).toBe(
      'Overdue for 29 days – please pay as soon as possible.',
    );
  });

  it('names the due date of an invoice not yet due, and today’s', () => {
    expect(invoiceStateWords(invoice({ dueDate: '2026-03-30', overdue: false }), ASOF, 'de').text).toBe(
      'Noch nicht fällig – bitte zahlen Sie bis zum 30.03.2026.',
    );
    expect(invoiceStateOf(invoice({ dueDate: ASOF, overdue: false }), ASOF)).toBe('due-today');
  });

  it('puts a plan before a dispute, a dispute before a report, a report before a promise', () => {
    const all = invoice({
      inInstalmentPlan: true,
      disputed: true,
      reportedPaid: true,
      promisedBy: '2026-03-31',
    });
    expect(invoiceStateOf(all, ASOF)).toBe('plan');
    expect(invoiceStateOf({ ...all, inInstalmentPlan: false }, ASOF)).toBe('disputed');
    expect(invoiceStateOf({ ...all, inInstalmentPlan: false, disputed: false }, ASOF)).toBe('reported-paid');
    const promised = invoiceStateWords(invoice({ promisedBy: '2026-03-31' }), ASOF, 'de');
    expect(promised).toMatchObject({
      state: 'promised',
      text: 'Sie haben die Zahlung bis zum 31.03.2026 zugesagt.',
    });
  });
});
