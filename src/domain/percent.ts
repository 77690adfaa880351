/**
 * @module percent
 * An exact decimal percentage such as `12.62` (per cent). Stored as an integer of units at a
 * decimal scale so that `3.62 + 9` is exactly `12.62` and printing gives back what was read.
 */
import { DomainError } from './domain-error.ts';

export interface Percent {
  /** The value times 10^scale: 12.62 % is `{ units: 1262n, scale: 2 }`. */
  readonly units: bigint;
  readonly scale: number;
}

const PERCENT_PATTERN = /^([+-])?(\d{1,6})(?:[.,](\d{1,8}))?$/;

/** Reads `"12.62"`, `"-0.88"`, `"2,5"` (decimal comma) or a number like `9`. */
export function parsePercent(input: string | number, field = 'percent'): Percent {
  const text = typeof input === 'number' ? String(input) : input.trim();
  const match = PERCENT_PATTERN.exec(text);
  if (!match) {
    throw new DomainError(
      'invalid-percent',
      `${field}: expected a percentage like 9 or 12.62, got "${text}"`,
      {
        path: field,
      },
    );
  }
  const [, sign, whole = '0', fraction = ''] = match;
  const units = BigInt(whole + fraction) * (sign === '-' ? -1n : 1n);
  return normalisePercent({ units, scale: fraction.length });
}

export function percentFromUnits(units: bigint | number, scale: number): Percent {
  return normalisePercent({ units: BigInt(units), scale });
}

function normalisePercent(p: Percent): Percent {
  let { units, scale } = p;
  while (scale > 0 && units % 10n === 0n) {
    units /= 10n;
    scale -= 1;
  }
  return { units, scale };
}

function alignScale(p: Percent, scale: number): bigint {
  return p.units * 10n ** BigInt(scale - p.scale);
}

export function addPercent(a: Percent, b: Percent): Percent {
  const scale = Math.max(a.scale, b.scale);
  return normalisePercent({ units: alignScale(a, scale) + alignScale(b, scale), scale });
}

export function comparePercent(a: Percent, b: Percent): number {
  const scale = Math.max(a.scale, b.scale);
  const d = alignScale(a, scale) - alignScale(b, scale);
  return d < 0n ? -1 : d > 0n ? 1 : 0;
}

export function isZeroPercent(p: Percent): boolean {
  return p.units === 0n;
}

/** The percentage as a fraction of one: 12.62 % → 1262/10000. */
export function percentAsFraction(p: Percent): { numerator: bigint; denominator: bigint } {
  return { numerator: p.units, denominator: 100n * 10n ** BigInt(p.scale) };
}

/** Prints with at least `minDecimals` decimals and a point: `formatPercent(parsePercent('9'))` → `"9.00"`. */
export function formatPercent(p: Percent, minDecimals = 2): string {
  const scale = Math.max(p.scale, minDecimals);
  const units = alignScale(p, scale);
  const negative = units < 0n;
  const digits = (negative ? -units : units).toString().padStart(scale + 1, '0');
  const whole = digits.slice(0, digits.length - scale);
  const fraction = digits.slice(digits.length - scale);
  return `${negative ? '-' : ''}${whole}${scale > 0 ? '.' + fraction : ''}`;
}
