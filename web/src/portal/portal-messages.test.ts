import { describe, expect, it } from 'vitest';
import { de, en, portalText } from './portal-messages.ts';

const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe('the portal’s texts', () => {
  it('has every text in English too, with the same placeholders', () => {
    expect(Object.keys(en).sort()).toEqual(Object.keys(de).sort());
    for (const [key, text] of Object.entries(de)) {
      expect(placeholders(en[key as keyof typeof de]), key).toEqual(placeholders(text));
      expect(en[key as keyof typeof de].trim(), key).not.toBe('');
    }
  });

  it('addresses German customers politely with "Sie", never with "du"', () => {
    for (const [key, text] of Object.entries(de)) {
      expect(text, key).not.toMatch(/\b(du|dich|dir|dein\w*)\b/i);
    }
    expect(Object.values(de).filter((text) => /\b(Sie|Ihr\w*)\b/.test(text)).length).toBeGreaterThan(50);
  });

  it('fills in the values and leaves unknown placeholders visible', () => {
    expect(portalText('de', 'state.overdue', { days: 12 })).toBe(
      'Seit 12 Tagen überfällig – bitte zahlen Sie so bald wie möglich.',
    );
    expect(portalText('en', 'agreements.planNext', { amount: '€50.00' })).toBe(
      'Next instalment: €50.00 on {date}.',
    );
  });
});
