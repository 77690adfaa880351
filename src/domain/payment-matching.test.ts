import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { creditorReferenceFor } from './creditor-reference.ts';
import {
  buildMatchIndex,
  isAutoBookable,
  type MatchableClaim,
  type MatchIndex,
  matchPayment,
  nameSimilarity,
  type PaymentToMatch,
  updateClaimOpen,
} from './payment-matching.ts';

function claim(claimId: string, number: string, customerId: string, openCents: number): MatchableClaim {
  return { claimId, number, customerId, dueDate: '2026-11-01', openCents, skontoOffers: [] };
}

function index(): MatchIndex {
  return buildMatchIndex(
    [
      claim('1', 'RE000815', 'a', 119_00),
      claim('2', 'RE000816', 'a', 238_00),
      claim('3', 'RE000817', 'b', 119_00),
      claim('4', '2024-0042', 'c', 500_00),
      {
        ...claim('5', 'RE000900', 'b', 1000_00),
        skontoOffers: [{ deadline: '2026-11-20', payableCents: 980_00 }],
      },
    ],
    [
      {
        customerId: 'a',
        number: 'K00042',
        name: 'Müller Maschinenbau GmbH',
        ibans: ['DE02120300000000202051'],
      },
      { customerId: 'b', number: 'K00043', name: 'Schmidt & Söhne KG', ibans: [] },
      { customerId: 'c', number: 'K00044', name: 'Bäckerei Weber e.K.', ibans: [] },
    ],
  );
}

const payment = (amountCents: number, text: string, extra: Partial<PaymentToMatch> = {}): PaymentToMatch => ({
  amountCents,
  paidOn: '2026-11-18',
  texts: [text],
  payerName: null,
  payerIban: null,
  ...extra,
});

const options = { toleranceCents: 100 };

describe('matching a payment to invoices', () => {
  it('books a payment naming the invoice number with the right amount', () => {
    const [best, ...rest] = matchPayment(payment(119_00, 'Rechnung RE000815'), index(), options);
    expect(best).toMatchObject({ customerId: 'a', claimIds: ['1'] });
    expect(best?.confidence).toBeGreaterThanOrEqual(95);
    expect(isAutoBookable([best!, ...rest])).toBe(true);
  });

  it('reads numbers with spaces, other prefixes and without leading zeros', () => {
    for (const text of ['RE 000815', 're-000815', 'Re.-Nr. 815', 'RG000815 vom 12.10.2026']) {
      const [best] = matchPayment(payment(119_00, text), index(), options);
      expect(best, text).toMatchObject({ customerId: 'a', claimIds: ['1'] });
    }
    const [dashed] = matchPayment(payment(500_00, 'RE 2024 0042'), index(), options);
    expect(dashed).toMatchObject({ customerId: 'c', claimIds: ['4'] });
  });

  it('finds several invoices in one text and books them when the amount is their sum', () => {
    const suggestions = matchPayment(payment(357_00, 'Rechnung 815 und 816'), index(), options);
    expect(suggestions[0]).toMatchObject({ customerId: 'a', claimIds: expect.arrayContaining(['1', '2']) });
    expect(isAutoBookable(suggestions)).toBe(true);
  });

  it('does not book a short number alone when the amount fits nothing', () => {
    const suggestions = matchPayment(payment(12_34, 'Rechnung 815'), index(), options);
    expect(suggestions[0]?.customerId).toBe('a');
    expect(isAutoBookable(suggestions)).toBe(false);
  });

  it('trusts a valid RF creditor reference above everything else', () => {
    const [best] = matchPayment(payment(50_00, creditorReferenceFor('RE000817')), index(), options);
    expect(best).toMatchObject({ customerId: 'b', claimIds: ['3'] });
    expect(best?.confidence).toBeGreaterThanOrEqual(99);
  });

  it('recognises a customer number after "Kd-Nr" and books the invoice with that amount', () => {
    const suggestions = matchPayment(payment(238_00, 'Kd-Nr 42'), index(), options);
    expect(suggestions[0]).toMatchObject({ customerId: 'a', claimIds: ['2'] });
    expect(isAutoBookable(suggestions)).toBe(true);
  });

  it('recognises a known payer IBAN with a fitting amount', () => {
    const suggestions = matchPayment(
      payment(238_00, 'Danke', { payerIban: 'DE02 1203 0000 0000 2020 51' }),
      index(),
      options,
    );
    expect(suggestions[0]).toMatchObject({ customerId: 'a', claimIds: ['2'] });
    expect(isAutoBookable(suggestions)).toBe(true);
  });

  it('accepts the payer name spelt without umlauts and legal form, with the exact amount of one invoice', () => {
    expect(nameSimilarity('MUELLER MASCHINENBAU', 'Müller Maschinenbau GmbH')).toBe(1);
    const suggestions = matchPayment(
      payment(238_00, 'Zahlung', { payerName: 'MUELLER MASCHINENBAU' }),
      index(),
      options,
    );
    expect(suggestions[0]).toMatchObject({ customerId: 'a', claimIds: ['2'] });
  });

  it('finds an invoice number with two digits swapped when name and amount point at the customer', () => {
    const suggestions = matchPayment(
      payment(119_00, 'Rechnung RE000851', { payerName: 'Müller Maschinenbau GmbH' }),
      index(),
      options,
    );
    expect(suggestions[0]).toMatchObject({ customerId: 'a', claimIds: ['1'] });
    expect(suggestions[0]?.evidence.join(' ')).toMatch(/one typo/);
  });

  it('takes the Skonto amount as fitting only until the Skonto deadline', () => {
    const within = matchPayment(payment(980_00, 'RE900', { paidOn: '2026-11-20' }), index(), options);
    expect(within[0]?.evidence).toContain('amount matches the named invoices');
    const late = matchPayment(payment(980_00, 'RE900', { paidOn: '2026-11-21' }), index(), options);
    expect(late[0]?.evidence).not.toContain('amount matches the named invoices');
  });

  it('ignores dates and amounts written in the text', () => {
    // 08.15.2026 is no date, but "15.08.2026" is: its digits must not read as invoice 815 or 0815.
    const suggestions = matchPayment(
      payment(99_00, 'Zahlung vom 15.08.2026 über 1.234,56'),
      index(),
      options,
    );
    expect(suggestions).toEqual([]);
  });

  it('sends a payment for an invoice settled meanwhile to review instead of another invoice', () => {
    const settled = index();
    updateClaimOpen(settled, '1', 0);
    const suggestions = matchPayment(
      payment(119_00, 'RE000815', { payerIban: 'DE02120300000000202051' }),
      settled,
      options,
    );
    expect(isAutoBookable(suggestions)).toBe(false);
    expect(suggestions[0]?.evidence.join(' ')).toMatch(/settled already/);
  });

  it('parks a payment nothing points at', () => {
    expect(matchPayment(payment(77_00, 'Erstattung', { payerName: 'Finanzamt' }), index(), options)).toEqual(
      [],
    );
  });

  it('leaves two equally likely customers to a person', () => {
    // Invoices 815 (customer a) and 817 (customer b) both have 119.00 open.
    const suggestions = matchPayment(payment(119_00, 'RE 815 oder 817'), index(), options);
    expect(suggestions.map((s) => s.customerId).sort()).toEqual(['a', 'b']);
    expect(isAutoBookable(suggestions)).toBe(false);
  });

  it('does not book on a bare number that may be a postal code, an order or part of an IBAN', () => {
    const lookalikes = buildMatchIndex(
      [claim('10', '80331', 'a', 500_00), claim('11', 'RE-440532', 'b', 77_00)],
      [
        { customerId: 'a', number: 'K1', name: 'Alpha GmbH', ibans: [] },
        { customerId: 'b', number: 'K2', name: 'Beta GmbH', ibans: [] },
      ],
    );
    for (const text of [
      'Hauptstr. 12, 80331 Muenchen',
      'Bestellung 80331',
      'IBAN DE89 3704 0044 0532 0130 00',
    ]) {
      expect(isAutoBookable(matchPayment(payment(12_00, text), lookalikes, options)), text).toBe(false);
    }
    expect(matchPayment(payment(12_00, 'IBAN DE89 3704 0044 0532 0130 00'), lookalikes, options)).toEqual([]);
  });

  it('takes no two-digit word for a typo of an invoice number', () => {
    const suggestions = matchPayment(
      payment(119_00, 'Abschlag KW 15', { payerIban: 'DE02120300000000202051' }),
      index(),
      options,
    );
    expect(suggestions[0]?.evidence.join(' ')).not.toMatch(/typo/);
  });
});

describe('the bound on name-only candidates', () => {
  it('returns exactly the best suggestions that scoring every candidate would give', () => {
    const words = ['Müller', 'Bau', 'Schmidt', 'Holz', 'Weber', 'Technik', 'Nord', 'Süd'];
    const amounts = [100_00, 119_00, 238_00, 500_00, 59_50];
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            name: fc.array(fc.constantFrom(...words), { minLength: 1, maxLength: 3 }),
            iban: fc.boolean(),
            claims: fc.array(fc.constantFrom(...amounts), { maxLength: 3 }),
          }),
          { minLength: 1, maxLength: 40 },
        ),
        fc.array(fc.constantFrom(...words), { minLength: 1, maxLength: 3 }),
        fc.constantFrom(...amounts, 357_00, 1_00),
        fc.constantFrom('', 'Rechnung', 'Kd 7 Zahlung', 'RE 12345'),
        fc.integer({ min: 1, max: 6 }),
        (customers, payer, amountCents, text, limit) => {
          let claimId = 0;
          const built = buildMatchIndex(
            customers.flatMap((c, i) =>
              c.claims.map((cents) => claim(String(++claimId), `RE${10000 + claimId}`, String(i), cents)),
            ),
            customers.map((c, i) => ({
              customerId: String(i),
              number: `K${i}`,
              name: `${c.name.join(' ')} GmbH`,
              ibans: c.iban ? ['DE02120300000000202051'] : [],
            })),
          );
          const toMatch = payment(amountCents, text, {
            payerName: `${payer.join(' ')} GmbH`,
            payerIban: 'DE02120300000000202051',
          });
          const everyone = matchPayment(toMatch, built, { toleranceCents: 0, limit: 100_000 });
          expect(matchPayment(toMatch, built, { toleranceCents: 0, limit })).toEqual(
            everyone.slice(0, limit),
          );
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('a customer number in the text', () => {
  it('is not read as the digits of another customer’s invoice number', () => {
    const built = buildMatchIndex(
      [claim('1', 'RE00100023', 'payer', 257_28), claim('2', 'RE00010003', 'other', 99_00)],
      [
        { customerId: 'payer', number: 'K0010003', name: 'Schneider Leipzig GmbH', ibans: [] },
        { customerId: 'other', number: 'K0001001', name: 'Weber Frankfurt GmbH', ibans: [] },
      ],
    );
    for (const text of [
      'Rechnung RE00100023 Kunde K0010003',
      'RE00100023 Kd-Nr. 10003',
      'RE00100023 K0010003',
    ]) {
      const suggestions = matchPayment(payment(257_28, text), built, { toleranceCents: 0 });
      expect(
        suggestions.map((s) => s.customerId),
        text,
      ).toEqual(['payer']);
      expect(isAutoBookable(suggestions), text).toBe(true);
    }
    // Without a customer's prefix or keyword the same digits still point at the invoice.
    expect(matchPayment(payment(99_00, 'Zahlung 10003'), built, { toleranceCents: 0 })[0]?.customerId).toBe(
      'other',
    );
  });
});
