import { describe, expect, it } from 'vitest';
import {
  amountForInput,
  checkBillingEmail,
  checkDispute,
  checkPaidAlready,
  checkPromise,
  invoicesForPlan,
  invoicesToPromise,
  MAX_FILE_BYTES,
} from './form-checks.ts';
import type { PortalInvoice } from './portal-types.ts';

const TODAY = '2026-03-16';

describe('"paid already"', () => {
  const valid = {
    invoiceId: '7',
    paidOn: '2026-03-14',
    amount: '1.234,56',
    note: '  Konto bei der Sparkasse ',
  };

  it('gives the request body in cents with the note trimmed', () => {
    expect(checkPaidAlready(valid, TODAY, 'de')).toEqual({
      errors: {},
      body: { invoiceId: 7, paidOn: '2026-03-14', amountCents: 123_456, note: 'Konto bei der Sparkasse' },
    });
    expect(checkPaidAlready({ ...valid, amount: '1234.5', note: '' }, TODAY, 'en').body).toEqual({
      invoiceId: 7,
      paidOn: '2026-03-14',
      amountCents: 123_450,
    });
  });

  it('names each field to change, by the names the API uses', () => {
    const checked = checkPaidAlready(
      { invoiceId: '', paidOn: '2026-03-17', amount: 'zwölf', note: '' },
      TODAY,
      'de',
    );
    expect(checked.body).toBeNull();
    expect(checked.errors).toEqual({
      invoiceId: 'Bitte wählen Sie eine Rechnung.',
      paidOn: 'Bitte wählen Sie einen Tag vom 15.03.2025 bis zum 16.03.2026.',
      amountCents: 'Bitte geben Sie einen Betrag an, zum Beispiel 120,50.',
    });
    expect(checkPaidAlready({ ...valid, amount: '0,00' }, TODAY, 'de').errors).toEqual({
      amountCents: 'Der Betrag muss größer als 0 sein.',
    });
    expect(checkPaidAlready({ ...valid, paidOn: '' }, TODAY, 'en').errors).toEqual({
      paidOn: 'Please enter a date.',
    });
  });
});

describe('an amount put into a field', () => {
  it('reads back as the same cents', () => {
    expect(amountForInput(123_456, 'de')).toBe('1234,56');
    expect(amountForInput(5, 'en')).toBe('0.05');
    for (const cents of [1, 99, 100, 123_456, 99_999_999_999]) {
      expect(
        checkPaidAlready(
          { invoiceId: '1', paidOn: TODAY, amount: amountForInput(cents, 'de'), note: '' },
          TODAY,
          'de',
        ).body?.amountCents,
      ).toBe(cents);
    }
  });
});

describe('a dispute', () => {
  const valid = { invoiceId: '3', reason: 'wrong-amount', text: ' Es waren 8 Stunden. ', file: null };

  it('takes a reason, a text and a PDF, PNG or JPEG of at most 5 MB', () => {
    expect(checkDispute(valid, 'de')).toEqual({
      errors: {},
      body: { invoiceId: 3, reason: 'wrong-amount', text: 'Es waren 8 Stunden.' },
    });
    const file = { name: 'Stundenzettel.JPG', size: MAX_FILE_BYTES, type: '' };
    expect(checkDispute({ ...valid, file }, 'de').errors).toEqual({});
  });

  it('refuses an empty text, another kind of file and a file over 5 MB, at their fields', () => {
    expect(checkDispute({ ...valid, reason: '', text: '   ' }, 'de').errors).toEqual({
      reason: 'Bitte wählen Sie einen Grund.',
      text: 'Bitte schreiben Sie uns kurz, was nicht stimmt.',
    });
    expect(checkDispute({ ...valid, text: 'x'.repeat(2001) }, 'en').errors.text).toBe(
      'Please keep it shorter: at most 2000 characters.',
    );
    const word = { name: 'brief.docx', size: 1000, type: 'application/msword' };
    expect(checkDispute({ ...valid, file: word }, 'de').errors).toEqual({
      file: 'Bitte wählen Sie eine PDF-, PNG- oder JPEG-Datei.',
    });
    const big = { name: 'scan.pdf', size: MAX_FILE_BYTES + 1, type: 'application/pdf' };
    expect(checkDispute({ ...valid, file: big }, 'de').errors).toEqual({
      file: 'Die Datei ist zu groß: höchstens 5 MB.',
    });
  });
});

describe('a promise to pay', () => {
  it('allows a day from today to the company’s limit, and leaves the amount out when not given', () => {
    expect(checkPromise({ invoiceIds: [1, 2], payBy: '2026-04-15', amount: '' }, TODAY, 30, 'de')).toEqual({
      errors: {},
      body: { invoiceIds: [1, 2], payBy: '2026-04-15' },
    });
    expect(checkPromise({ invoiceIds: [1], payBy: TODAY, amount: '500' }, TODAY, 30, 'de').body).toEqual({
      invoiceIds: [1],
      payBy: TODAY,
      amountCents: 50_000,
    });
  });

  it('refuses a day past the limit or before today, and no invoice', () => {
    const late = checkPromise({ invoiceIds: [], payBy: '2026-04-16', amount: '' }, TODAY, 30, 'de');
    expect(late.errors).toEqual({
      invoiceIds: 'Bitte wählen Sie mindestens eine Rechnung.',
      payBy: 'Bitte wählen Sie einen Tag vom 16.03.2026 bis zum 15.04.2026.',
    });
    expect(
      checkPromise({ invoiceIds: [1], payBy: '2026-03-15', amount: '' }, TODAY, 30, 'en').errors.payBy,
    ).toBe('Please choose a day from 16/03/2026 to 15/04/2026.');
  });
});

describe('the billing e-mail address', () => {
  it('takes an address and refuses what is none', () => {
    expect(checkBillingEmail(' rechnung@kunde.example ', 'de')).toEqual({
      errors: {},
      body: { email: 'rechnung@kunde.example' },
    });
    for (const bad of ['', 'rechnung', 'rechnung@kunde', 'a b@kunde.example']) {
      expect(checkBillingEmail(bad, 'de').errors.email, bad).toMatch(/gültige E-Mail-Adresse/);
    }
  });
});

describe('which invoices a form offers', () => {
  const base: PortalInvoice = {
    id: 1,
    number: 'RE-1',
    issuedOn: '2026-02-01',
    dueDate: '2026-02-15',
    currency: 'EUR',
    grossCents: 100,
    openCents: 100,
    overdue: true,
    disputed: false,
    inInstalmentPlan: false,
    reportedPaid: false,
    promisedBy: null,
  };
  const invoices = [
    base,
    { ...base, id: 2, disputed: true },
    { ...base, id: 3, inInstalmentPlan: true },
    { ...base, id: 4, reportedPaid: true },
    { ...base, id: 5, promisedBy: '2026-03-31' },
  ];

  it('puts into a plan what the API would: not disputed and not in a plan', () => {
    expect(invoicesForPlan(invoices).map((i) => i.id)).toEqual([1, 4, 5]);
  });

  it('offers a promise only for what is simply due', () => {
    expect(invoicesToPromise(invoices).map((i) => i.id)).toEqual([1]);
  });
});
