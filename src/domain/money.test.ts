import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DomainError } from './domain-error.ts';
import { assertCurrency, currencyExponent, minorToDecimalString, Money, parseAmount } from './money.ts';
import { addPercent, parsePercent, percentFromUnits } from './percent.ts';
import { ROUNDING_RULES } from './rounding.ts';

/** Runs `fn` and returns the DomainError it throws (fails the test if it throws nothing else). */
function domainErrorOf(fn: () => unknown): DomainError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(DomainError);
    return error as DomainError;
  }
  throw new Error('expected a DomainError, but nothing was thrown');
}

const minors = (amounts: readonly Money[]): number[] => amounts.map((m) => m.minor);

describe('Money.of', () => {
  it('keeps integer minor units and the currency, defaulting to EUR', () => {
    const amount = Money.of(123450);
    expect(amount.minor).toBe(123450);
    expect(amount.currency).toBe('EUR');
    expect(Money.of(5, 'JPY').currency).toBe('JPY');
  });

  it('accepts a bigint that fits exactly into a safe integer', () => {
    expect(Money.of(123n).minor).toBe(123);
    expect(Money.of(-9007199254740991n).minor).toBe(-Number.MAX_SAFE_INTEGER);
  });

  it.each([1.5, 0.1, Number.NaN, Number.POSITIVE_INFINITY, Number.MAX_SAFE_INTEGER + 1])(
    'rejects %s, which is not a safe whole number of cents',
    (minor) => {
      expect(domainErrorOf(() => Money.of(minor)).code).toBe('invalid-amount');
    },
  );

  it('rejects a bigint beyond the safe range instead of rounding it', () => {
    expect(domainErrorOf(() => Money.of(2n ** 53n)).code).toBe('invalid-amount');
    expect(domainErrorOf(() => Money.of(-(2n ** 53n) - 1n)).code).toBe('invalid-amount');
  });

  it.each(['eur', 'EURO', 'EU', '', '€', 'E1R'])('rejects the currency code "%s"', (currency) => {
    expect(domainErrorOf(() => Money.of(1, currency)).code).toBe('invalid-currency');
  });

  it('never holds a negative zero', () => {
    expect(Object.is(Money.of(-0).minor, 0)).toBe(true);
    expect(Object.is(Money.zero().negate().minor, 0)).toBe(true);
    expect(Object.is(Money.of(5).subtract(Money.of(5)).minor, 0)).toBe(true);
    expect(Object.is(Money.of(-1).percentage(parsePercent('1'), 'down').minor, 0)).toBe(true);
  });

  it('is immutable', () => {
    const amount = Money.of(100);
    expect(Object.isFrozen(amount)).toBe(true);
    expect(() => {
      (amount as { minor: number }).minor = 5;
    }).toThrow(TypeError);
    amount.add(Money.of(1));
    expect(amount.minor).toBe(100);
  });
});

describe('currencies', () => {
  it('knows the minor-unit exponent: EUR 2, JPY 0, KWD 3, others 2', () => {
    expect(currencyExponent('EUR')).toBe(2);
    expect(currencyExponent('USD')).toBe(2);
    expect(currencyExponent('JPY')).toBe(0);
    expect(currencyExponent('KWD')).toBe(3);
  });

  it('names the field of an invalid currency code', () => {
    const error = domainErrorOf(() => assertCurrency('eur', 'invoice.currency'));
    expect(error.code).toBe('invalid-currency');
    expect(error.path).toBe('invoice.currency');
    expect(assertCurrency('CHF')).toBe('CHF');
  });
});

describe('arithmetic', () => {
  it('adds, subtracts and negates in minor units', () => {
    expect(Money.of(1050).add(Money.of(-300)).minor).toBe(750);
    expect(Money.of(1050).subtract(Money.of(2000)).minor).toBe(-950);
    expect(Money.of(1050).negate().minor).toBe(-1050);
    expect(Money.of(-7).abs().minor).toBe(7);
    expect(Money.of(7).abs().minor).toBe(7);
  });

  it('refuses to leave the safe integer range instead of losing a cent', () => {
    const max = Money.of(Number.MAX_SAFE_INTEGER);
    expect(domainErrorOf(() => max.add(Money.of(1))).code).toBe('invalid-amount');
    expect(domainErrorOf(() => max.negate().subtract(Money.of(1))).code).toBe('invalid-amount');
  });

  it('compares amounts and picks min and max', () => {
    expect(Money.of(1).compare(Money.of(2))).toBe(-1);
    expect(Money.of(2).compare(Money.of(2))).toBe(0);
    expect(Money.of(3).compare(Money.of(-2))).toBe(1);
    expect(Money.of(3).min(Money.of(-2)).minor).toBe(-2);
    expect(Money.of(3).max(Money.of(-2)).minor).toBe(3);
  });

  it('reports sign and zero', () => {
    expect([Money.of(-1).isNegative(), Money.of(-1).isPositive(), Money.of(-1).isZero()]).toEqual([
      true,
      false,
      false,
    ]);
    expect([Money.of(0).isNegative(), Money.of(0).isPositive(), Money.of(0).isZero()]).toEqual([
      false,
      false,
      true,
    ]);
    expect([Money.of(1).isNegative(), Money.of(1).isPositive(), Money.of(1).isZero()]).toEqual([
      false,
      true,
      false,
    ]);
  });

  it.each([
    ['add', (a: Money, b: Money) => a.add(b)],
    ['subtract', (a: Money, b: Money) => a.subtract(b)],
    ['compare', (a: Money, b: Money) => a.compare(b)],
    ['min', (a: Money, b: Money) => a.min(b)],
    ['max', (a: Money, b: Money) => a.max(b)],
  ])('throws currency-mismatch when %s combines EUR with USD', (_name, combine) => {
    const error = domainErrorOf(() => combine(Money.of(100, 'EUR'), Money.of(100, 'USD')));
    expect(error.code).toBe('currency-mismatch');
    expect(error.message).toContain('EUR');
    expect(error.message).toContain('USD');
  });

  it('treats equal numbers in different currencies as unequal without throwing', () => {
    expect(Money.of(100, 'EUR').equals(Money.of(100, 'USD'))).toBe(false);
    expect(Money.of(100, 'EUR').equals(Money.of(100, 'EUR'))).toBe(true);
    expect(Money.of(100).equals(Money.of(101))).toBe(false);
  });

  it('sums a list, and needs the currency named for an empty one', () => {
    expect(Money.sum([Money.of(1), Money.of(2), Money.of(-4)]).minor).toBe(-1);
    expect(Money.sum([]).equals(Money.zero('EUR'))).toBe(true);
    expect(Money.sum([], 'JPY').equals(Money.zero('JPY'))).toBe(true);
    expect(Money.sum([Money.of(5, 'USD')]).currency).toBe('USD');
    expect(domainErrorOf(() => Money.sum([Money.of(1, 'EUR'), Money.of(1, 'USD')])).code).toBe(
      'currency-mismatch',
    );
  });
});

describe('Money.allocate', () => {
  it('splits 100.00 EUR three ways as 33.34 + 33.33 + 33.33', () => {
    expect(minors(Money.of(10000).allocate([1, 1, 1]))).toEqual([3334, 3333, 3333]);
  });

  it('mirrors the split for a negative amount', () => {
    expect(minors(Money.of(-10000).allocate([1, 1, 1]))).toEqual([-3334, -3333, -3333]);
  });

  it('gives the left-over cent to the part with the largest remainder', () => {
    // Exact shares 33.33… and 66.66…: the second part is closer to the next cent.
    expect(minors(Money.of(100).allocate([1, 2]))).toEqual([33, 67]);
  });

  it('gives the left-over cent to the earlier part on a tie', () => {
    expect(minors(Money.of(5).allocate([1, 1]))).toEqual([3, 2]);
  });

  it('never gives a cent to a part with ratio zero', () => {
    expect(minors(Money.of(101).allocate([0, 1, 1]))).toEqual([0, 51, 50]);
    expect(minors(Money.of(1).allocate([0, 0, 3]))).toEqual([0, 0, 1]);
  });

  it('splits zero into zeros and keeps the currency', () => {
    expect(minors(Money.of(0).allocate([2, 3]))).toEqual([0, 0]);
    const yen = Money.of(1000, 'JPY').allocate([1, 1, 1]);
    expect(minors(yen)).toEqual([334, 333, 333]);
    expect(yen.every((m) => m.currency === 'JPY')).toBe(true);
  });

  it('accepts bigint ratios', () => {
    expect(minors(Money.of(100).allocate([1n, 3n]))).toEqual([25, 75]);
    expect(minors(Money.of(3).allocate([10n ** 30n, 2n * 10n ** 30n]))).toEqual([1, 2]);
  });

  it.each([
    ['an empty list', []],
    ['only zeros', [0, 0]],
    ['a negative ratio', [-1, 2]],
    ['a fractional ratio', [0.5, 0.5]],
    ['a negative bigint ratio', [1n, -1n]],
  ])('rejects %s as ratios', (_name, ratios) => {
    expect(domainErrorOf(() => Money.of(100).allocate(ratios)).code).toBe('invalid-argument');
  });

  it('preserves the sum and keeps every part within one cent of its exact share (property)', () => {
    const amount = fc.integer({ min: -Number.MAX_SAFE_INTEGER, max: Number.MAX_SAFE_INTEGER });
    const ratio = fc.oneof(fc.nat({ max: 3 }), fc.nat({ max: 1_000_000 }));
    const ratios = fc.array(ratio, { minLength: 1, maxLength: 12 }).filter((rs) => rs.some((r) => r > 0));
    fc.assert(
      fc.property(amount, ratios, (minor, rs) => {
        const parts = Money.of(minor).allocate(rs);
        expect(parts).toHaveLength(rs.length);
        expect(Money.sum(parts).minor).toBe(minor);
        const total = BigInt(rs.reduce((a, b) => a + b, 0));
        parts.forEach((part, i) => {
          // |part - minor * r_i / total| < 1, multiplied out to stay exact in bigints.
          const difference = BigInt(part.minor) * total - BigInt(minor) * BigInt(rs[i] ?? 0);
          expect(difference < total && -difference < total).toBe(true);
          expect(part.currency).toBe('EUR');
        });
      }),
      { numRuns: 500 },
    );
  });
});

describe('Money.percentage', () => {
  const twoPercent = parsePercent('2');

  it('rounds 2 % of 19.99 EUR (39.98 cents) half-up to 0.40 EUR', () => {
    expect(Money.of(1999).percentage(twoPercent, 'half-up').minor).toBe(40);
  });

  it.each([
    // [cents, exact result in cents, half-up, half-even, down, up]
    [25, '0.5', 1, 0, 0, 1],
    [75, '1.5', 2, 2, 1, 2],
    [-25, '-0.5', -1, 0, 0, -1],
    [-75, '-1.5', -2, -2, -1, -2],
    [1999, '39.98', 40, 40, 39, 40],
    [-1999, '-39.98', -40, -40, -39, -40],
    [2010, '40.2', 40, 40, 40, 41],
  ])('takes 2 %% of %i cents (= %s) by each rounding rule', (cents, _exact, halfUp, halfEven, down, up) => {
    const amount = Money.of(cents);
    expect(amount.percentage(twoPercent, 'half-up').minor).toBe(halfUp);
    expect(amount.percentage(twoPercent, 'half-even').minor).toBe(halfEven);
    expect(amount.percentage(twoPercent, 'down').minor).toBe(down);
    expect(amount.percentage(twoPercent, 'up').minor).toBe(up);
  });

  it('applies a decimal rate such as 12.62 % (Basiszinssatz 3.62 + 9 pp, §288 Abs. 2 BGB) exactly', () => {
    const rate = addPercent(parsePercent('3.62'), parsePercent('9'));
    // 1234 × 0.1262 = 155.7308
    expect(Money.of(1234).percentage(rate, 'half-up').minor).toBe(156);
    expect(Money.of(1234).percentage(rate, 'down').minor).toBe(155);
  });

  it('handles negative rates (a negative Basiszinssatz, e.g. -0.88 %)', () => {
    expect(Money.of(10000).percentage(parsePercent('-0.88'), 'half-up').minor).toBe(-88);
    // 150 × -0.0088 = -1.32
    expect(Money.of(150).percentage(parsePercent('-0.88'), 'half-up').minor).toBe(-1);
  });

  it('keeps the currency', () => {
    expect(Money.of(1000, 'JPY').percentage(parsePercent('10'), 'half-up').equals(Money.of(100, 'JPY'))).toBe(
      true,
    );
  });

  it('brackets the exact value by each rounding rule (property)', () => {
    const amount = fc.integer({ min: -1_000_000_000_000, max: 1_000_000_000_000 });
    // Rates between -1000 % and 1000 % with up to 5 decimals.
    const percent = fc
      .integer({ min: 0, max: 5 })
      .chain((scale) =>
        fc
          .integer({ min: -1000 * 10 ** scale, max: 1000 * 10 ** scale })
          .map((units) => percentFromUnits(units, scale)),
      );
    const rule = fc.constantFrom(...ROUNDING_RULES);
    fc.assert(
      fc.property(amount, percent, rule, (minor, p, r) => {
        const result = BigInt(Money.of(minor).percentage(p, r).minor);
        const numerator = BigInt(minor) * p.units; // exact = numerator / denominator
        const denominator = 100n * 10n ** BigInt(p.scale);
        const error = result * denominator - numerator; // (result - exact) × denominator
        const absError = error < 0n ? -error : error;
        // Always one of the two neighbouring integers.
        expect(absError < denominator).toBe(true);
        const exactSign = numerator < 0n ? -1n : 1n;
        if (r === 'down') expect(error * exactSign <= 0n).toBe(true); // towards zero
        if (r === 'up') expect(error * exactSign >= 0n).toBe(true); // away from zero
        if (r === 'half-up' || r === 'half-even') expect(2n * absError <= denominator).toBe(true);
        if (r === 'half-up' && 2n * absError === denominator) expect(error * exactSign > 0n).toBe(true);
        if (r === 'half-even' && 2n * absError === denominator) expect(result % 2n).toBe(0n);
      }),
      { numRuns: 1000 },
    );
  });
});

describe('decimal strings', () => {
  it.each([
    [123450, 'EUR', '1234.50'],
    [5, 'EUR', '0.05'],
    [-5, 'EUR', '-0.05'],
    [-123, 'EUR', '-1.23'],
    [0, 'EUR', '0.00'],
    [1234, 'JPY', '1234'],
    [-7, 'JPY', '-7'],
    [1234, 'KWD', '1.234'],
    [5, 'KWD', '0.005'],
    [Number.MAX_SAFE_INTEGER, 'EUR', '90071992547409.91'],
  ])('prints %i minor units of %s as "%s"', (minor, currency, text) => {
    expect(Money.of(minor, currency).toDecimalString()).toBe(text);
  });

  it('prints with the currency in toString and as minor units in JSON', () => {
    expect(Money.of(123450).toString()).toBe('1234.50 EUR');
    expect(JSON.stringify(Money.of(-5, 'USD'))).toBe('{"minor":-5,"currency":"USD"}');
  });

  it('formats minor units for any exponent', () => {
    expect(minorToDecimalString(1, 3)).toBe('0.001');
    expect(minorToDecimalString(-1000, 3)).toBe('-1.000');
    expect(minorToDecimalString(42, 0)).toBe('42');
  });
});

describe('parseAmount', () => {
  it.each([
    ['1000', 100000],
    ['1000.00', 100000],
    ['1000,5', 100050],
    ['-12.30', -1230],
    ['+7', 700],
    ['0.01', 1],
    ['  12.5\t', 1250],
    ['007', 700],
    ['90071992547409.91', Number.MAX_SAFE_INTEGER],
  ])('reads "%s" as %i cents', (text, minor) => {
    expect(parseAmount(text).equals(Money.of(minor))).toBe(true);
  });

  it('reads "-0" as zero, not negative zero', () => {
    expect(Object.is(parseAmount('-0').minor, 0)).toBe(true);
  });

  it('uses the exponent of the currency', () => {
    expect(parseAmount('1000', 'JPY').equals(Money.of(1000, 'JPY'))).toBe(true);
    expect(parseAmount('1.234', 'KWD').equals(Money.of(1234, 'KWD'))).toBe(true);
    expect(parseAmount('1.2', 'KWD').equals(Money.of(1200, 'KWD'))).toBe(true);
  });

  it.each([
    ['', 'EUR'],
    ['abc', 'EUR'],
    ['1.234,56', 'EUR'], // thousands separators are ambiguous between de and en
    ['1,234.56', 'EUR'],
    ['1 000', 'EUR'],
    ['12.345', 'EUR'], // more decimals than the currency has
    ['1.', 'EUR'],
    ['.5', 'EUR'],
    ['1e3', 'EUR'],
    ['--1', 'EUR'],
    ['12 EUR', 'EUR'],
    ['1000000000000000', 'EUR'], // 16 whole digits
    ['1000.5', 'JPY'], // yen have no decimals
    ['1000.', 'JPY'],
    ['1.2345', 'KWD'],
  ])('rejects "%s" in %s', (text, currency) => {
    expect(domainErrorOf(() => parseAmount(text, currency)).code).toBe('invalid-amount');
  });

  it('rejects an amount beyond the safe integer range', () => {
    expect(domainErrorOf(() => parseAmount('90071992547409.92')).code).toBe('invalid-amount');
  });

  it('names the field and quotes the input in its error', () => {
    const error = domainErrorOf(() => parseAmount('12,345', 'EUR', 'lines.2.amount'));
    expect(error.code).toBe('invalid-amount');
    expect(error.path).toBe('lines.2.amount');
    expect(error.message).toContain('"12,345"');
    expect(error.message).toContain('2 decimals');
  });

  it('rejects an invalid currency before reading the amount', () => {
    expect(domainErrorOf(() => parseAmount('1', 'euro')).code).toBe('invalid-currency');
  });

  it('reads back what toDecimalString prints (property)', () => {
    // parseAmount reads at most 15 whole digits, so yen stop at 999 999 999 999 999.
    fc.assert(
      fc.property(
        fc.integer({ min: -999_999_999_999_999, max: 999_999_999_999_999 }),
        fc.constantFrom('EUR', 'JPY', 'KWD'),
        (minor, currency) => {
          const amount = Money.of(minor, currency);
          expect(parseAmount(amount.toDecimalString(), currency).equals(amount)).toBe(true);
        },
      ),
    );
  });
});
