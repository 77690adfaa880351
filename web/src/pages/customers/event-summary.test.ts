import { describe, expect, it } from 'vitest';
import { summarizeEvent } from './event-summary.ts';

const plain = (text: string) => text.replace(/\u00a0/g, ' ');

describe('summarizeEvent', () => {
  it('describes an invoice with number, amount and due date', () => {
    const event = {
      type: 'invoice.created',
      payload: { number: 'RE001934', dueDate: '2026-11-27', issuedOn: '2026-11-13', grossCents: 123456 },
    };
    expect(plain(summarizeEvent(event, 'de'))).toBe(
      'Rechnung RE001934 über 1.234,56 €, fällig am 27.11.2026',
    );
    expect(summarizeEvent(event, 'en')).toBe('Invoice RE001934 for €1,234.56, due 27/11/2026');
  });

  it('names the dunning stage of a proposal', () => {
    const event = { type: 'notice.proposed', payload: { stageKey: 'first-dunning', totalCents: 4000 } };
    expect(plain(summarizeEvent(event, 'de'))).toBe('Mahnvorschlag: 1. Mahnung über 40,00 €');
  });

  it('shows notes and payments', () => {
    expect(summarizeEvent({ type: 'customer.note', payload: { text: 'Rückruf morgen' } }, 'de')).toBe(
      'Notiz: Rückruf morgen',
    );
    expect(
      plain(
        summarizeEvent(
          { type: 'payment.recorded', payload: { amountCents: 95, receivedOn: '2026-11-16' } },
          'de',
        ),
      ),
    ).toBe('Zahlung über 0,95 € vom 16.11.2026');
  });

  it('describes the steps of a collection case', () => {
    const handedOver = {
      type: 'collection.handed-over',
      payload: {
        kind: 'agency',
        agencyName: 'Inkasso Nord GmbH',
        handedOverOn: '2026-11-24',
        claims: [{ invoiceNumber: 'RE-1' }, { invoiceNumber: 'RE-2' }],
        leftOut: [{ invoiceNumber: 'RE-3', reason: 'disputed' }],
        totalCents: 254_321,
      },
    };
    expect(plain(summarizeEvent(handedOver, 'de'))).toBe(
      'An Inkassobüro Inkasso Nord GmbH übergeben: 2 Forderung(en) über 2.543,21 € – 1 nicht übergeben',
    );
    expect(
      plain(summarizeEvent({ ...handedOver, payload: { ...handedOver.payload, leftOut: [] } }, 'en')),
    ).toBe('Handed over to collection agency Inkasso Nord GmbH: 2 claim(s) of €2,543.21');
    expect(
      plain(
        summarizeEvent(
          {
            type: 'collection.remittance',
            payload: { reportedOn: '2026-12-01', collectedCents: 50_000, forwardedCents: 42_500 },
          },
          'de',
        ),
      ),
    ).toBe('Inkasso-Abrechnung vom 01.12.2026: 500,00 € eingezogen, 425,00 € weitergeleitet');
    expect(
      summarizeEvent(
        {
          type: 'collection.closed',
          payload: { closedOn: '2027-01-15', writtenOff: ['RE-1', 'RE-2'], writeOffReason: 'insolvent' },
        },
        'de',
      ),
    ).toBe('Inkassofall abgeschlossen am 15.01.2027 – ausgebucht: RE-1, RE-2 (insolvent)');
    expect(
      summarizeEvent(
        { type: 'collection.closed', payload: { closedOn: '2027-01-15', writtenOff: [] } },
        'en',
      ),
    ).toBe('Collection case closed on 15/01/2027');
    expect(
      summarizeEvent(
        { type: 'collection.returned', payload: { closedOn: '2027-01-15', stillOpen: ['RE-2'] } },
        'de',
      ),
    ).toBe('Inkassofall zurückgegeben am 15.01.2027; wieder im eigenen Mahnwesen: RE-2');
  });

  it('describes a write-off with the VAT to correct', () => {
    const event = {
      type: 'claim.written-off',
      payload: {
        invoiceNumber: 'RE-1',
        kind: 'bad-debt',
        reason: 'Insolvenz',
        principalCents: 119_000,
        costsCents: 4_000,
        interestCents: 1_234,
        vatCents: 19_000,
      },
    };
    expect(plain(summarizeEvent(event, 'de'))).toBe(
      'Ausgebucht (uneinbringlich): RE-1 über 1.230,00 €, USt zu berichtigen 190,00 € – Insolvenz',
    );
    expect(summarizeEvent({ ...event, payload: { ...event.payload, kind: 'settlement' } }, 'en')).toBe(
      'Written off (settlement): RE-1 of €1,230.00, VAT to correct €190.00 – Insolvenz',
    );
  });

  it('tells a promise’s follow-up task from other tasks', () => {
    const title = 'Zahlungszusage RE-1 über 100,00 € bis 31.03.2026: Zahlungseingang prüfen';
    expect(
      summarizeEvent(
        { type: 'task.completed', payload: { kind: 'promise-due', title, outcome: 'reached' } },
        'de',
      ),
    ).toBe(`Zahlungszusage nachgefasst – Erreicht: ${title}`);
    expect(
      summarizeEvent(
        { type: 'task.created', payload: { kind: 'promise-due', title, dueOn: '2026-04-07' } },
        'en',
      ),
    ).toBe(`Promise to pay follow-up: ${title} (on 07/04/2026)`);
    expect(
      summarizeEvent(
        { type: 'task.completed', payload: { kind: 'call', title: 'Anrufen', outcome: 'done' } },
        'de',
      ),
    ).toBe('Erledigt: Anrufen – Erledigt');
  });

  it('describes a SEPA mandate recorded and revoked, with the collections to recall', () => {
    const added = {
      type: 'sepa-mandate.added',
      payload: {
        reference: 'MANDAT-K1-2026',
        signedOn: '2026-11-01',
        scheme: 'CORE',
        kind: 'recurring',
        iban: 'DE02…2051',
      },
    };
    expect(summarizeEvent(added, 'de')).toBe(
      'Lastschriftmandat MANDAT-K1-2026 erfasst: CORE, wiederkehrend, unterschrieben am 01.11.2026, IBAN DE02…2051',
    );
    expect(summarizeEvent({ ...added, payload: { ...added.payload, kind: 'one-off' } }, 'en')).toBe(
      'Direct debit mandate MANDAT-K1-2026 recorded: CORE, one-off, signed on 01/11/2026, IBAN DE02…2051',
    );
    const revoked = {
      type: 'sepa-mandate.revoked',
      payload: {
        reference: 'B2B-K2',
        revokedOn: '2026-12-01',
        pendingCollections: ['MW-20261124-00001-1', 'MW-20261124-00001-2'],
      },
    };
    expect(summarizeEvent(revoked, 'de')).toBe(
      'Lastschriftmandat B2B-K2 widerrufen ab 01.12.2026 – 2 exportierte Lastschrift(en) bei der Bank zurückrufen',
    );
    expect(
      summarizeEvent({ ...revoked, payload: { ...revoked.payload, pendingCollections: [] } }, 'en'),
    ).toBe('Direct debit mandate B2B-K2 revoked from 01/12/2026');
  });

  it('describes a direct debit exported, collected and returned', () => {
    const exported = {
      type: 'direct-debit.exported',
      payload: {
        messageId: 'MW-20261124-00001',
        collectionDate: '2026-11-30',
        mandateReference: 'MANDAT-K1',
        collections: [
          { endToEndId: 'MW-20261124-00001-1', amountCents: 7_140, invoiceNumber: 'RE-1' },
          { endToEndId: 'MW-20261124-00001-2', amountCents: 22_332, invoiceNumber: 'RE-2' },
        ],
      },
    };
    expect(plain(summarizeEvent(exported, 'de'))).toBe(
      'Lastschrift zum 30.11.2026 exportiert: 2 Posten über 294,72 € (Mandat MANDAT-K1, Datei MW-20261124-00001)',
    );
    expect(
      plain(
        summarizeEvent(
          {
            type: 'direct-debit.collected',
            payload: {
              endToEndId: 'MW-1-1',
              amountCents: 7_140,
              invoiceNumbers: ['RE-1'],
              instalmentNumber: null,
            },
          },
          'de',
        ),
      ),
    ).toBe('Lastschrift MW-1-1 eingelöst über 71,40 € für RE-1');
    expect(
      summarizeEvent(
        {
          type: 'direct-debit.collected',
          payload: { endToEndId: 'MW-1-2', amountCents: 5_000, invoiceNumbers: [], instalmentNumber: 0 },
        },
        'en',
      ),
    ).toBe('Direct debit MW-1-2 collected: €50.00 for the down payment');
    // Booked by hand from the review queue: the payload names neither amount nor invoices.
    expect(
      summarizeEvent(
        {
          type: 'direct-debit.collected',
          payload: { endToEndId: 'MW-1-3', paymentId: 9, bookedBy: 'user:a' },
        },
        'de',
      ),
    ).toBe('Lastschrift MW-1-3 eingelöst');
    expect(
      plain(
        summarizeEvent(
          {
            type: 'direct-debit.returned',
            payload: { endToEndId: 'MW-1-1', returnReason: 'MD06', chargesCents: 300 },
          },
          'de',
        ),
      ),
    ).toBe('Rücklastschrift: MW-1-1 zurückgegeben (Grund MD06), Bankgebühren 3,00 €');
    expect(
      summarizeEvent(
        {
          type: 'direct-debit.returned',
          payload: { endToEndId: 'MW-1-1', returnReason: null, chargesCents: 0 },
        },
        'en',
      ),
    ).toBe('Returned direct debit: MW-1-1');
  });

  it('describes a Mahnbescheid prepared for export', () => {
    const event = {
      type: 'court-dunning.prepared',
      payload: {
        asOf: '2026-11-24',
        invoiceNumbers: ['RE-1', 'RE-2', 'RE-3'],
        dunningCourt: 'Amtsgericht Wedding',
        trialCourt: 'Landgericht 48143 Münster',
        totalCents: 5_731_089,
        formats: ['json', 'pdf'],
      },
    };
    expect(plain(summarizeEvent(event, 'de'))).toBe(
      'Mahnbescheid vorbereitet (Stand 24.11.2026): 3 Forderung(en), zusammen 57.310,89 €, Mahngericht Amtsgericht Wedding – JSON, PDF',
    );
    expect(summarizeEvent(event, 'en')).toBe(
      'Mahnbescheid prepared (as of 24/11/2026): 3 claim(s), €57,310.89 in all, dunning court Amtsgericht Wedding – JSON, PDF',
    );
    expect(summarizeEvent({ ...event, payload: { ...event.payload, formats: [] } }, 'de')).toBe(
      'court-dunning.prepared',
    );
  });

  it('describes an order above the credit limit', () => {
    const event = {
      type: 'credit-limit.exceeded',
      payload: {
        subject: 'order',
        number: 'A-2026-0042',
        limitCents: 1_000_000,
        exposureCents: 850_000,
        amountCents: 300_000,
        exposureAfterCents: 1_150_000,
        exceededByCents: 150_000,
      },
    };
    expect(plain(summarizeEvent(event, 'de'))).toBe(
      'Kreditlimit überschritten: Auftrag A-2026-0042 über 3.000,00 € bringt das Engagement von 8.500,00 € auf 11.500,00 € (Limit 10.000,00 €, 1.500,00 € darüber)',
    );
    expect(summarizeEvent({ ...event, payload: { ...event.payload, subject: 'invoice' } }, 'en')).toBe(
      'Credit limit exceeded: invoice A-2026-0042 of €3,000.00 takes the exposure from €8,500.00 to €11,500.00 (limit €10,000.00, €1,500.00 above)',
    );
    expect(summarizeEvent({ ...event, payload: { ...event.payload, limitCents: undefined } }, 'de')).toBe(
      'credit-limit.exceeded',
    );
  });

  it('falls back to the type for unknown events and incomplete payloads', () => {
    expect(summarizeEvent({ type: 'something.new', payload: {} }, 'de')).toBe('something.new');
    expect(summarizeEvent({ type: 'invoice.created', payload: { number: 'RE1' } }, 'de')).toBe(
      'invoice.created',
    );
  });

  it('tells what the customer did in the portal, and how a report of a payment ended', () => {
    expect(
      plain(
        summarizeEvent(
          { type: 'portal.paid-reported', payload: { amountCents: 99_900, paidOn: '2026-11-20' } },
          'de',
        ),
      ),
    ).toBe('Kundenportal: als bezahlt gemeldet – 999,00 € am 20.11.2026');
    expect(summarizeEvent({ type: 'portal.plan-proposed', payload: { months: 4 } }, 'en')).toBe(
      'Customer portal: instalment plan proposed (4 monthly instalments)',
    );
    expect(summarizeEvent({ type: 'portal.paid-report-not-confirmed', payload: {} }, 'de')).toBe(
      'Gemeldete Zahlung nicht eingegangen – Mahnung läuft weiter',
    );
  });
});
