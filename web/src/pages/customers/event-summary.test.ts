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

  it('falls back to the type for unknown events and incomplete payloads', () => {
    expect(summarizeEvent({ type: 'something.new', payload: {} }, 'de')).toBe('something.new');
    expect(summarizeEvent({ type: 'invoice.created', payload: { number: 'RE1' } }, 'de')).toBe(
      'invoice.created',
    );
  });
});
