import { describe, expect, it } from 'vitest';
import { DomainError } from '../domain/domain-error.ts';
import {
  fillOrderTemplate,
  ORDER_TEMPLATE_KEYS,
  orderTemplate,
  orderTemplateIssues,
  type OrderTemplateValues,
} from './order-update-templates.ts';

const VALUES: OrderTemplateValues = {
  customerName: 'Bau AG',
  companyName: 'Mahnwerk GmbH',
  orderNumber: 'AU000007',
  orderedOn: '02.05.2025',
  deliveryDate: '27.05.2025',
  previousDeliveryDate: '20.05.2025',
  reason: 'Das Material kommt später.',
  note: '',
  invoiceNumber: 'RE000003',
  dueDate: '22.06.2025',
  total: '47,60 €',
};

describe('order update templates', () => {
  it('ships valid wording for every key in both languages', () => {
    for (const key of ORDER_TEMPLATE_KEYS) {
      for (const language of ['de', 'en'] as const) {
        expect(orderTemplateIssues(orderTemplate(key, language)), `${key} ${language}`).toEqual([]);
      }
    }
  });

  it('fills the delay e-mail with the old and new date and the reason', () => {
    const filled = fillOrderTemplate(orderTemplate('order-delivery-date-moved', 'de'), VALUES);
    expect(filled.subject).toBe('Neuer Liefertermin für Ihren Auftrag AU000007');
    expect(filled.body).toContain(
      'verschiebt sich vom 20.05.2025 auf den 27.05.2025. Der Grund: Das Material kommt später.',
    );
  });

  it('drops the paragraph of an empty note, and keeps a given one', () => {
    const without = fillOrderTemplate(orderTemplate('order-delivered', 'en'), VALUES);
    expect(without.body).not.toMatch(/\n\n\n/);
    expect(without.body.split('\n\n')).toHaveLength(3);
    const withNote = fillOrderTemplate(orderTemplate('order-delivered', 'en'), {
      ...VALUES,
      note: 'See you soon.',
    });
    expect(withNote.body.split('\n\n')).toEqual([
      'Dear Sir or Madam,',
      'your order AU000007 of 02.05.2025 has been delivered in full. Thank you for your trust.',
      'See you soon.',
      'Kind regards\nMahnwerk GmbH',
    ]);
  });

  it('refuses wording with an unknown placeholder or a stray brace, naming the part', () => {
    expect(orderTemplateIssues({ subject: 'Auftrag {{order}}', body: 'Text {{ note' })).toEqual([
      { path: 'subject', message: 'unknown placeholder {{order}}' },
      { path: 'body', message: 'a "{{" or "}}" that is not part of a placeholder' },
    ]);
    expect(() => fillOrderTemplate({ subject: '', body: 'x' }, VALUES)).toThrow(DomainError);
  });
});
