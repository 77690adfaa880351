import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DomainError } from './domain-error.ts';
import {
  addPercent,
  comparePercent,
  formatPercent,
  isZeroPercent,
  parsePercent,
  percentAsFraction,
  percentFromUnits,
} from './percent.ts';

describe('parsePercent', () => {
  it.each([
    ['12.62', 1262n, 2],
    ['-0.88', -88n, 2],
    ['2,5', 25n, 1], // decimal comma
    ['9', 9n, 0],
    ['9.00', 9n, 0], // trailing zeros do not change the value
    ['  3.62 ', 362n, 2],
    ['+1.5', 15n, 1],
    ['0.00000001', 1n, 8],
    ['999999', 999999n, 0],
  ])('reads "%s" as %s units at scale %i', (text, units, scale) => {
    expect(parsePercent(text)).toEqual({ units, scale });
  });

  it('reads numbers', () => {
    expect(parsePercent(9)).toEqual({ units: 9n, scale: 0 });
    expect(parsePercent(-0.88)).toEqual({ units: -88n, scale: 2 });
  });

  it.each(['', 'abc', '12.', '.5', '12 %', '1e-7', '1234567', '0.123456789', '1.2.3', '--1'])(
    'rejects "%s"',
    (text) => {
      expect(() => parsePercent(text)).toThrow(DomainError);
    },
  );

  it('rejects a float that only looks like a short decimal', () => {
    expect(() => parsePercent(0.1 + 0.2)).toThrow(DomainError); // "0.30000000000000004"
  });

  it('reports the code, the field and the input', () => {
    try {
      parsePercent('abc', 'policy.rate');
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(DomainError);
      expect((error as DomainError).code).toBe('invalid-percent');
      expect((error as DomainError).path).toBe('policy.rate');
      expect((error as DomainError).message).toContain('"abc"');
    }
  });
});

describe('percent arithmetic', () => {
  it('adds exactly: Basiszinssatz 3.62 + 9 pp = 12.62 (§288 Abs. 2 BGB)', () => {
    expect(addPercent(parsePercent('3.62'), parsePercent('9'))).toEqual({ units: 1262n, scale: 2 });
    expect(addPercent(parsePercent('-0.88'), parsePercent('5'))).toEqual({ units: 412n, scale: 2 });
    expect(addPercent(parsePercent('0.05'), parsePercent('0.05'))).toEqual({ units: 1n, scale: 1 });
  });

  it('compares across scales', () => {
    expect(comparePercent(parsePercent('9'), parsePercent('9.000'))).toBe(0);
    expect(comparePercent(parsePercent('12.62'), parsePercent('12.7'))).toBe(-1);
    expect(comparePercent(parsePercent('0.1'), parsePercent('-5'))).toBe(1);
  });

  it('recognises zero at any scale and sign', () => {
    expect(isZeroPercent(parsePercent('0.00'))).toBe(true);
    expect(isZeroPercent(parsePercent('-0'))).toBe(true);
    expect(isZeroPercent(parsePercent('0.01'))).toBe(false);
  });

  it('gives the value as a fraction of one', () => {
    expect(percentAsFraction(parsePercent('12.62'))).toEqual({ numerator: 1262n, denominator: 10000n });
    expect(percentAsFraction(parsePercent('9'))).toEqual({ numerator: 9n, denominator: 100n });
    expect(percentAsFraction(parsePercent('-2.5'))).toEqual({ numerator: -25n, denominator: 1000n });
  });

  it('normalises units given at a scale', () => {
    expect(percentFromUnits(1200, 2)).toEqual({ units: 12n, scale: 0 });
    expect(percentFromUnits(-5n, 2)).toEqual({ units: -5n, scale: 2 });
  });
});

describe('formatPercent', () => {
  it.each([
    ['9', 2, '9.00'],
    ['12.625', 2, '12.625'],
    ['-0.05', 2, '-0.05'],
    ['-0.88', 2, '-0.88'],
    ['9', 0, '9'],
    ['0.5', 0, '0.5'],
    ['2,7', 2, '2.70'],
  ])('prints "%s" with at least %i decimals as "%s"', (text, minDecimals, printed) => {
    expect(formatPercent(parsePercent(text), minDecimals)).toBe(printed);
  });

  it('prints what parsePercent reads back (property)', () => {
    const percent = fc
      .integer({ min: 0, max: 8 })
      .chain((scale) =>
        fc
          .integer({ min: -(10 ** 6 * 10 ** scale) + 1, max: 10 ** 6 * 10 ** scale - 1 })
          .map((u) => percentFromUnits(u, scale)),
      );
    fc.assert(
      fc.property(percent, fc.integer({ min: 0, max: 4 }), (p, minDecimals) => {
        expect(parsePercent(formatPercent(p, minDecimals))).toEqual(p);
      }),
    );
  });
});
