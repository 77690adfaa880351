/**
 * @module rounding
 * Integer division with a named rounding rule. Every amount in Mahnwerk that results from a
 * rate (interest, Skonto, percentages) is computed as an exact fraction of bigints and rounded
 * here, exactly once — never with `Math.round` on a float.
 */

/**
 * - `half-up`: commercial rounding (kaufmännisches Runden), ties away from zero: 0.5 → 1, -0.5 → -1.
 * - `half-even`: banker's rounding, ties to the even neighbour: 0.5 → 0, 1.5 → 2.
 * - `down`: towards zero (truncate).
 * - `up`: away from zero.
 */
export type RoundingRule = 'half-up' | 'half-even' | 'down' | 'up';

export const ROUNDING_RULES: readonly RoundingRule[] = ['half-up', 'half-even', 'down', 'up'];

/** Divides `numerator / denominator` and rounds the quotient to an integer by `rule`. */
export function divideRounded(numerator: bigint, denominator: bigint, rule: RoundingRule): bigint {
  if (denominator === 0n) throw new RangeError('division by zero');
  if (denominator < 0n) {
    numerator = -numerator;
    denominator = -denominator;
  }
  const negative = numerator < 0n;
  const magnitude = negative ? -numerator : numerator;
  const quotient = magnitude / denominator;
  const remainder = magnitude % denominator;
  let rounded = quotient;
  if (remainder !== 0n) {
    const twice = remainder * 2n;
    switch (rule) {
      case 'down':
        break;
      case 'up':
        rounded = quotient + 1n;
        break;
      case 'half-up':
        if (twice >= denominator) rounded = quotient + 1n;
        break;
      case 'half-even':
        if (twice > denominator || (twice === denominator && quotient % 2n === 1n)) rounded = quotient + 1n;
        break;
    }
  }
  return negative ? -rounded : rounded;
}

/** `roundHalfUp(n, d)`: commercial rounding of n/d, the rule German interest and Skonto use. */
export function roundHalfUp(numerator: bigint, denominator: bigint): bigint {
  return divideRounded(numerator, denominator, 'half-up');
}
