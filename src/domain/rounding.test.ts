import { describe, expect, it } from 'vitest';
import { divideRounded, roundHalfUp } from './rounding.ts';

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
