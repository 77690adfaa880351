import { describe, expect, it } from 'vitest';
import { de } from './messages-de.ts';
import { en } from './messages-en.ts';
import { placeholdersOf, translate, translateOr } from './translate.ts';

describe('messages', () => {
  it('has every German key in English and no extra ones', () => {
    expect(Object.keys(en).sort()).toEqual(Object.keys(de).sort());
  });

  it('has no empty text', () => {
    for (const [key, text] of [...Object.entries(de), ...Object.entries(en)]) {
      expect(text.trim(), key).not.toBe('');
    }
  });

  it('uses the same placeholders in both languages', () => {
    for (const key of Object.keys(de) as (keyof typeof de)[]) {
      expect(placeholdersOf(en[key]), key).toEqual(placeholdersOf(de[key]));
    }
  });
});

describe('translate', () => {
  it('fills in placeholders', () => {
    expect(translate('de', 'dashboard.openInvoices', { count: 12 })).toBe('12 offene Rechnungen');
    expect(translate('en', 'dashboard.openInvoices', { count: 12 })).toBe('12 open invoices');
  });

  it('falls back to the given text for keys built from unknown API values', () => {
    expect(translateOr('de', 'stage.first-dunning', 'first-dunning')).toBe('1. Mahnung');
    expect(translateOr('de', 'stage.custom-stage', 'custom-stage')).toBe('custom-stage');
  });
});
