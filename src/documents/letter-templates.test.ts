import { describe, expect, it } from 'vitest';
import {
  DEFAULT_TEMPLATE_KEYS,
  defaultTemplate,
  fillTemplate,
  templateIssues,
  validateTemplate,
} from './letter-templates.ts';

const values = {
  customerName: 'Müller GmbH',
  customerNumber: 'K-1',
  companyName: 'Muster GmbH',
  invoiceCount: '2',
  total: '1.234,56 €',
  deadline: '15.01.2027',
  issueDate: '05.01.2027',
  fee: '5,00 €',
  nextStep: 'das gerichtliche Mahnverfahren einleiten',
};

describe('letter templates', () => {
  it('ships valid wording for every stage in German and English', () => {
    for (const key of DEFAULT_TEMPLATE_KEYS) {
      for (const language of ['de', 'en'] as const) {
        expect(templateIssues(defaultTemplate(key, language)), `${key} ${language}`).toEqual([]);
      }
    }
  });

  it('fills every placeholder and keeps the place of the statement of claims', () => {
    const filled = fillTemplate(
      {
        subject: 'Mahnung {{customerNumber}}',
        body: 'Bitte zahlen Sie {{ total }} bis {{deadline}}.\n\n{{claims}}',
      },
      values,
    );
    expect(filled).toEqual({
      subject: 'Mahnung K-1',
      body: 'Bitte zahlen Sie 1.234,56 € bis 15.01.2027.\n\n{{claims}}',
    });
  });

  it('names unknown placeholders, stray braces, empty parts and a subject of two lines', () => {
    const issues = templateIssues({ subject: 'A\nB {{betrag}}', body: 'Zahlen Sie bis {{deadline}. ' });
    expect(issues.map((i) => `${i.path}: ${i.message.split(';')[0]}`)).toEqual([
      'subject: unknown placeholder {{betrag}}',
      'body: a "{{" or "}}" that is not part of a placeholder like {{deadline}}',
      'subject: must be one line',
    ]);
    expect(() => validateTemplate({ subject: '', body: 'x' }, 'first-dunning')).toThrow(
      /template first-dunning: subject: must not be empty/,
    );
  });

  it('refuses names of object properties, and {{claims}} in the subject, twice or inside a paragraph', () => {
    expect(
      templateIssues({ subject: 'Mahnung', body: 'x {{constructor}} {{toString}}' }).map(
        (i) => i.message.split(';')[0],
      ),
    ).toEqual(['unknown placeholder {{constructor}}', 'unknown placeholder {{toString}}']);
    expect(templateIssues({ subject: 'Mahnung {{claims}}', body: 'x' }).map((i) => i.message)).toContain(
      '{{claims}} is a place in the letter body, not text for the subject',
    );
    expect(
      templateIssues({ subject: 'M', body: '{{claims}}\n\n{{claims}}' }).map((i) => i.message),
    ).toContain('{{claims}} may appear once');
    expect(templateIssues({ subject: 'M', body: 'Offen: {{claims}}' }).map((i) => i.message)).toContain(
      '{{claims}} must stand alone in its paragraph (blank lines around it)',
    );
  });
});
