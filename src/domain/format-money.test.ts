import { describe, expect, it } from 'vitest';
import { formatMoney, LANGUAGES } from './format-money.ts';
import { Money } from './money.ts';

const NBSP = '\u00a0';

describe('formatMoney', () => {
  it('formats euros the German way: 1.234,56 €', () => {
    expect(formatMoney(Money.of(123456), 'de')).toBe(`1.234,56${NBSP}€`);
    expect(formatMoney(Money.of(-123456), 'de')).toBe(`-1.234,56${NBSP}€`);
    expect(formatMoney(Money.of(5), 'de')).toBe(`0,05${NBSP}€`);
    expect(formatMoney(Money.of(0), 'de')).toBe(`0,00${NBSP}€`);
  });

  it('formats euros the English way: €1,234.56', () => {
    expect(formatMoney(Money.of(123456), 'en')).toBe('€1,234.56');
    expect(formatMoney(Money.of(-123456), 'en')).toBe('-€1,234.56');
    expect(formatMoney(Money.of(100000000), 'en')).toBe('€1,000,000.00');
  });

  it('prints the largest safe amount to the exact cent', () => {
    // 9007199254740991 / 100 as a float is 90071992547409.90: a float would lose the cent.
    expect(formatMoney(Money.of(9007199254740991), 'de')).toBe(`90.071.992.547.409,91${NBSP}€`);
    expect(formatMoney(Money.of(9007199254740991), 'en')).toBe('€90,071,992,547,409.91');
    expect(formatMoney(Money.of(-9007199254740991), 'de')).toBe(`-90.071.992.547.409,91${NBSP}€`);
    expect(formatMoney(Money.of(9007199254740990), 'de')).toBe(`90.071.992.547.409,90${NBSP}€`);
  });

  it('uses the decimals of the currency: none for yen, three for dinar', () => {
    expect(formatMoney(Money.of(1235, 'JPY'), 'de')).toMatch(/^1\.235\s¥$/u);
    expect(formatMoney(Money.of(1235, 'JPY'), 'en')).toMatch(/^JP¥1,235$/u);
    expect(formatMoney(Money.of(1234567, 'KWD'), 'de')).toMatch(/^1\.234,567\sKWD$/u);
    expect(formatMoney(Money.of(1234567, 'KWD'), 'en')).toMatch(/^KWD\s1,234\.567$/u);
  });

  it('keeps formatters for different currencies apart', () => {
    expect(formatMoney(Money.of(100, 'EUR'), 'en')).toBe('€1.00');
    expect(formatMoney(Money.of(100, 'JPY'), 'en')).toMatch(/^JP¥100$/u);
    expect(formatMoney(Money.of(100, 'EUR'), 'en')).toBe('€1.00');
  });

  it('offers German and English', () => {
    expect(LANGUAGES).toEqual(['de', 'en']);
  });
});
