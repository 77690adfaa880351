import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { divideRounded, ROUNDING_RULES, roundHalfUp } from './rounding.ts';

describe('divideRounded', () => {
  it('rounds ties away from zero with half-up (kaufmännisches Runden)', () => {
    expect(roundHalfUp(5n, 10n)).toBe(1n);
    expect(roundHalfUp(-5n, 10n)).toBe(-1n);
    expect(roundHalfUp(4n, 10n)).toBe(0n);
  });

  it('rounds ties to even with half-even', () => {
    expect(divideRounded(5n, 10n, 'half-even')).toBe(0n);
    expect(divideRounded(15n, 10n, 'half-even')).toBe(2n);
    expect(divideRounded(-25n, 10n, 'half-even')).toBe(-2n);
  });

  it('truncates with down and goes away from zero with up', () => {
    expect(divideRounded(19n, 10n, 'down')).toBe(1n);
    expect(divideRounded(-19n, 10n, 'down')).toBe(-1n);
    expect(divideRounded(11n, 10n, 'up')).toBe(2n);
    expect(divideRounded(-11n, 10n, 'up')).toBe(-2n);
  });
});

describe('divideRounded edge cases', () => {
  it('returns exact quotients unchanged under every rule', () => {
    for (const rule of ROUNDING_RULES) {
      expect(divideRounded(20n, 10n, rule)).toBe(2n);
      expect(divideRounded(-20n, 10n, rule)).toBe(-2n);
      expect(divideRounded(0n, 7n, rule)).toBe(0n);
    }
  });

  it('treats a negative denominator like a negative numerator', () => {
    expect(roundHalfUp(5n, -10n)).toBe(-1n);
    expect(roundHalfUp(-5n, -10n)).toBe(1n);
    expect(divideRounded(19n, -10n, 'down')).toBe(-1n);
    expect(divideRounded(11n, -10n, 'up')).toBe(-2n);
    expect(divideRounded(-15n, -10n, 'half-even')).toBe(2n);
  });

  it('rounds just below and just above a tie to the nearer neighbour', () => {
    expect(roundHalfUp(49n, 100n)).toBe(0n);
    expect(roundHalfUp(51n, 100n)).toBe(1n);
    expect(divideRounded(251n, 100n, 'half-even')).toBe(3n);
    expect(divideRounded(249n, 100n, 'half-even')).toBe(2n);
  });

  it('throws a RangeError when dividing by zero', () => {
    expect(() => divideRounded(1n, 0n, 'half-up')).toThrow(RangeError);
  });

  it('lands on a neighbouring integer in the direction its rule names (property)', () => {
    const big = fc.bigInt({ min: -(10n ** 30n), max: 10n ** 30n });
    const denominator = fc.bigInt({ min: -(10n ** 12n), max: 10n ** 12n }).filter((d) => d !== 0n);
    fc.assert(
      fc.property(big, denominator, fc.constantFrom(...ROUNDING_RULES), (n, d, rule) => {
        const q = divideRounded(n, d, rule);
        // Normalise to a positive denominator: error = (q - n/d) × |d|.
        const [num, den] = d < 0n ? [-n, -d] : [n, d];
        const error = q * den - num;
        const abs = error < 0n ? -error : error;
        expect(abs < den).toBe(true);
        if (rule === 'down') expect(num >= 0n ? error <= 0n : error >= 0n).toBe(true);
        if (rule === 'up') expect(num >= 0n ? error >= 0n : error <= 0n).toBe(true);
        if (rule === 'half-up' || rule === 'half-even') expect(2n * abs <= den).toBe(true);
      }),
    );
  });
});
