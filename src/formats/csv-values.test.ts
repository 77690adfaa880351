import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseCsvAmount, parseCsvDate } from './csv-values.ts';

describe('parseCsvAmount', () => {
  it.each([
    ['1.234,56', 123456],
    ['1,234.56', 123456],
    ['1234,5', 123450],
    ['1234.5', 123450],
    ['1234', 123400],
    ['0,99', 99],
    ['1.234.567', 123456700],
    ['1,234,567.89', 123456789],
    ['1 234,56', 123456],
    ['1.234,56 €', 123456],
    ['€12,00', 1200],
    ['12,00 EUR', 1200],
    ['+5', 500],
    ['007,10', 710],
  ])('reads %s as %i cents', (text, cents) => {
    expect(parseCsvAmount(text)).toEqual({ value: cents });
  });

  it.each([
    ['1.234', /ambiguous/],
    ['12,345', /ambiguous/],
    ['-12,00', /negative/],
    ['12,00-', /negative/],
    ['1,2345', /at most 2 decimals/],
    ['12.', /at most 2 decimals/],
    ['1.23.456,00', /groups of three/],
    ['12,34,56', /groups of three/],
    ['abc', /expected an amount/],
    [',50', /expected an amount/],
    ['1e5', /expected an amount/],
    ['1234567890123', /too large/],
  ])('rejects %s', (text, message) => {
    const result = parseCsvAmount(text);
    expect('error' in result && result.error).toMatch(message);
  });

  it('reads any number of cents written with a decimal comma and German thousands back exactly', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 99_999_999_999_99 }), (cents) => {
        const whole = Math.floor(cents / 100).toLocaleString('de-DE');
        const text = `${whole},${String(cents % 100).padStart(2, '0')}`;
        expect(parseCsvAmount(text)).toEqual({ value: cents });
      }),
    );
  });
});

describe('parseCsvDate', () => {
  it.each([
    ['31.12.2024', '2024-12-31'],
    ['1.2.2024', '2024-02-01'],
    ['2024-02-29', '2024-02-29'],
  ])('reads %s as %s', (text, date) => {
    expect(parseCsvDate(text)).toEqual({ value: date });
  });

  it.each([
    ['31.02.2024', /no such day/],
    ['2023-02-29', /no such day/],
    ['31.12.24', /four digits/],
    ['12/31/2024', /expected a date like 31.12.2024/],
  ])('rejects %s', (text, message) => {
    const result = parseCsvDate(text);
    expect('error' in result && result.error).toMatch(message);
  });
});
