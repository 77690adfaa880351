import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  creditorReferenceFor,
  findCreditorReferences,
  parseCreditorReference,
  referenceBody,
} from './creditor-reference.ts';

describe('ISO 11649 creditor references', () => {
  it('computes the check digits of the standard example', () => {
    // ISO 11649 example: RF18 5390 0754 7034.
    expect(creditorReferenceFor('539007547034')).toBe('RF18539007547034');
    expect(parseCreditorReference('RF18 5390 0754 7034')).toBe('539007547034');
  });

  it('makes the reference of an invoice number from its letters and digits', () => {
    expect(referenceBody('re-2024/0815')).toBe('RE20240815');
    expect(creditorReferenceFor('RE000815')).toMatch(/^RF\d\dRE000815$/);
  });

  it('rejects a reference whose check digits do not fit (one digit mistyped)', () => {
    expect(parseCreditorReference('RF18539007547035')).toBeNull();
    expect(parseCreditorReference('RF1853900754703')).toBeNull();
    expect(parseCreditorReference('XX18539007547034')).toBeNull();
  });

  it('refuses an empty or too long number', () => {
    expect(() => creditorReferenceFor('--')).toThrow(/1 to 21 letters and digits/);
    expect(() => creditorReferenceFor('A'.repeat(22))).toThrow(/has 22/);
  });

  it('finds references written into free text, also with spaces', () => {
    expect(findCreditorReferences('Zahlung RF18 5390 0754 7034 danke')).toEqual(['539007547034']);
    expect(findCreditorReferences('no reference here, RF00 either')).toEqual([]);
  });

  it('reads back every reference it makes', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[A-Z0-9]{1,21}$/), (body) => {
        expect(parseCreditorReference(creditorReferenceFor(body))).toBe(body);
      }),
    );
  });
});
