/**
 * @module money
 * An amount of money: integer minor units (cents) plus an ISO 4217 currency, immutable.
 * Operations on two amounts assert the same currency. Splitting an amount never creates or
 * loses a cent. Every rounding is named (see `rounding.ts`).
 *
 * @example
 * const total = Money.of(10000, 'EUR');
 * total.allocate([1, 1, 1]).map((m) => m.minor); // [3334, 3333, 3333]
 */
import { DomainError } from './domain-error.ts';
import { type Percent, percentAsFraction } from './percent.ts';
import { divideRounded, type RoundingRule } from './rounding.ts';

export type Currency = string;

/** Decimal places of the minor unit for currencies whose exponent is not 2. */
const CURRENCY_EXPONENTS: Readonly<Record<string, number>> = {
  BIF: 0,
  CLP: 0,
  DJF: 0,
  GNF: 0,
  ISK: 0,
  JPY: 0,
  KMF: 0,
  KRW: 0,
  PYG: 0,
  RWF: 0,
  UGX: 0,
  VND: 0,
  VUV: 0,
  XAF: 0,
  XOF: 0,
  XPF: 0,
  BHD: 3,
  IQD: 3,
  JOD: 3,
  KWD: 3,
  LYD: 3,
  OMR: 3,
  TND: 3,
};

const CURRENCY_PATTERN = /^[A-Z]{3}$/;

export function assertCurrency(currency: string, field = 'currency'): Currency {
  if (!CURRENCY_PATTERN.test(currency)) {
    throw new DomainError(
      'invalid-currency',
      `${field}: expected an ISO 4217 code like EUR, got "${currency}"`,
      {
        path: field,
      },
    );
  }
  return currency;
}

/** Number of decimals of the currency's minor unit (EUR 2, JPY 0, KWD 3). */
export function currencyExponent(currency: Currency): number {
  return CURRENCY_EXPONENTS[currency] ?? 2;
}

export class Money {
  /** Integer minor units (cents for EUR). */
  readonly minor: number;
  readonly currency: Currency;

  private constructor(minor: number, currency: Currency) {
    this.minor = minor === 0 ? 0 : minor; // no negative zero
    this.currency = currency;
    Object.freeze(this);
  }

  static of(minor: number | bigint, currency: Currency = 'EUR'): Money {
    const value = typeof minor === 'bigint' ? Number(minor) : minor;
    if (!Number.isSafeInteger(value) || (typeof minor === 'bigint' && BigInt(value) !== minor)) {
      throw new DomainError(
        'invalid-amount',
        `amount must be a whole number of minor units, got ${String(minor)}`,
      );
    }
    return new Money(value, assertCurrency(currency));
  }

  static zero(currency: Currency = 'EUR'): Money {
    return Money.of(0, currency);
  }

  /** Sums amounts of one currency; an empty list needs the currency to be named. */
  static sum(amounts: readonly Money[], currency: Currency = amounts[0]?.currency ?? 'EUR'): Money {
    let total = Money.zero(currency);
    for (const amount of amounts) total = total.add(amount);
    return total;
  }

  private assertSameCurrency(other: Money): void {
    if (other.currency !== this.currency) {
      throw new DomainError('currency-mismatch', `cannot combine ${this.currency} with ${other.currency}`);
    }
  }

  add(other: Money): Money {
    this.assertSameCurrency(other);
    return Money.of(this.minor + other.minor, this.currency);
  }

  subtract(other: Money): Money {
    this.assertSameCurrency(other);
    return Money.of(this.minor - other.minor, this.currency);
  }

  negate(): Money {
    return Money.of(-this.minor, this.currency);
  }

  abs(): Money {
    return this.minor < 0 ? this.negate() : this;
  }

  compare(other: Money): -1 | 0 | 1 {
    this.assertSameCurrency(other);
    return this.minor < other.minor ? -1 : this.minor > other.minor ? 1 : 0;
  }

  equals(other: Money): boolean {
    return this.currency === other.currency && this.minor === other.minor;
  }

  isZero(): boolean {
    return this.minor === 0;
  }

  isPositive(): boolean {
    return this.minor > 0;
  }

  isNegative(): boolean {
    return this.minor < 0;
  }

  min(other: Money): Money {
    return this.compare(other) <= 0 ? this : other;
  }

  max(other: Money): Money {
    return this.compare(other) >= 0 ? this : other;
  }

  /**
   * Splits the amount in proportion to `ratios` (non-negative, at least one positive) so that
   * the parts add up exactly to the whole. Each part gets its share rounded towards zero; the
   * cents left over go one each to the parts with the largest remainders (ties: earlier part).
   */
  allocate(ratios: readonly (number | bigint)[]): Money[] {
    const weights = ratios.map((r) => {
      if (typeof r === 'number' && !Number.isSafeInteger(r)) {
        throw new DomainError('invalid-argument', `allocation ratios must be whole numbers, got ${r}`);
      }
      const w = BigInt(r);
      if (w < 0n) throw new DomainError('invalid-argument', 'allocation ratios must not be negative');
      return w;
    });
    const totalWeight = weights.reduce((a, b) => a + b, 0n);
    if (weights.length === 0 || totalWeight === 0n) {
      throw new DomainError('invalid-argument', 'allocation needs at least one positive ratio');
    }
    const sign = this.minor < 0 ? -1n : 1n;
    const whole = BigInt(this.minor) * sign;
    const shares = weights.map((w) => (whole * w) / totalWeight);
    const remainders = weights.map((w, i) => ({ i, rest: whole * w - (shares[i] as bigint) * totalWeight }));
    let left = whole - shares.reduce((a, b) => a + b, 0n);
    remainders.sort((a, b) => (a.rest === b.rest ? a.i - b.i : a.rest > b.rest ? -1 : 1));
    for (const { i } of remainders) {
      if (left === 0n) break;
      shares[i] = (shares[i] as bigint) + 1n;
      left -= 1n;
    }
    return shares.map((s) => Money.of(s * sign, this.currency));
  }

  /** `percent` of this amount, rounded by the named rule: `Money.of(1999).percentage(2 %, 'half-up')` → 40. */
  percentage(percent: Percent, rule: RoundingRule): Money {
    const { numerator, denominator } = percentAsFraction(percent);
    return Money.of(divideRounded(BigInt(this.minor) * numerator, denominator, rule), this.currency);
  }

  /** The amount as a plain decimal string with a point, e.g. `"1234.50"` (for JSON and files). */
  toDecimalString(): string {
    return minorToDecimalString(this.minor, currencyExponent(this.currency));
  }

  toJSON(): { minor: number; currency: Currency } {
    return { minor: this.minor, currency: this.currency };
  }

  toString(): string {
    return `${this.toDecimalString()} ${this.currency}`;
  }
}

export function minorToDecimalString(minor: number, exponent: number): string {
  const negative = minor < 0;
  const digits = Math.abs(minor)
    .toString()
    .padStart(exponent + 1, '0');
  const whole = digits.slice(0, digits.length - exponent);
  const fraction = digits.slice(digits.length - exponent);
  return `${negative ? '-' : ''}${whole}${exponent > 0 ? '.' + fraction : ''}`;
}

/**
 * Reads a decimal amount as typed by a person or found in a file: `1000`, `1000.00`, `1000,5`,
 * `-12.30`. Thousands separators are not accepted here (they are ambiguous between de and en);
 * parsers of formats with separators strip them first. More decimals than the currency has is an error.
 */
export function parseAmount(text: string, currency: Currency = 'EUR', field = 'amount'): Money {
  const exponent = currencyExponent(assertCurrency(currency));
  const match = /^([+-])?(\d{1,15})(?:[.,](\d*))?$/.exec(text.trim());
  const fraction = match?.[3] ?? '';
  if (!match || fraction.length > exponent || (match[3] !== undefined && fraction.length === 0)) {
    throw new DomainError(
      'invalid-amount',
      `${field}: expected an amount like 1000.00 with at most ${exponent} decimals, got "${text}"`,
      { path: field },
    );
  }
  const minor = BigInt((match[2] ?? '0') + fraction.padEnd(exponent, '0'));
  return Money.of(match[1] === '-' ? -minor : minor, currency);
}
