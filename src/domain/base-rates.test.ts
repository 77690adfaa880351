import { describe, expect, it } from 'vitest';
import {
  type BaseRateTable,
  baseRateOn,
  baseRatesToCsv,
  GERMAN_BASE_RATES,
  GERMAN_BASE_RATES_CSV,
  mergeBaseRates,
  parseBaseRateCsv,
} from './base-rates.ts';
import { type CalendarDate, parseCalendarDate } from './calendar-date.ts';
import { DomainError } from './domain-error.ts';
import { formatPercent, parsePercent } from './percent.ts';

const d = (text: string): CalendarDate => parseCalendarDate(text);

/** The rate in force on `date`, printed as in the Bundesbank table. */
const rateOn = (table: BaseRateTable, date: string): string => formatPercent(baseRateOn(table, d(date)).rate);

function domainErrorOf(fn: () => unknown): DomainError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(DomainError);
    return error as DomainError;
  }
  throw new Error('expected a DomainError, but nothing was thrown');
}

describe('the built-in Basiszinssatz table (§247 BGB)', () => {
  it('holds the 32 published changes from 2002 on, sorted, one row per day', () => {
    expect(GERMAN_BASE_RATES).toHaveLength(32);
    expect(GERMAN_BASE_RATES[0]?.validFrom).toBe('2002-01-01');
    const dates = GERMAN_BASE_RATES.map((r) => r.validFrom);
    expect([...dates].sort()).toEqual(dates);
    expect(new Set(dates).size).toBe(dates.length);
  });

  it('prints back to the CSV it was read from', () => {
    expect(baseRatesToCsv(GERMAN_BASE_RATES)).toBe(GERMAN_BASE_RATES_CSV);
  });
});

describe('baseRateOn', () => {
  it('applies a new rate from the day of the change (1 January and 1 July)', () => {
    expect(rateOn(GERMAN_BASE_RATES, '2023-12-31')).toBe('3.12');
    expect(rateOn(GERMAN_BASE_RATES, '2024-01-01')).toBe('3.62');
    expect(rateOn(GERMAN_BASE_RATES, '2024-06-30')).toBe('3.62');
    expect(rateOn(GERMAN_BASE_RATES, '2024-07-01')).toBe('3.37');
  });

  it('keeps a rate until the next row, even across dates without a change', () => {
    // No change between 1 July 2009 and 1 July 2011.
    expect(rateOn(GERMAN_BASE_RATES, '2010-06-15')).toBe('0.12');
    expect(rateOn(GERMAN_BASE_RATES, '2011-06-30')).toBe('0.12');
    // Negative from 2013; -0.88 from 1 July 2016 until the end of 2022.
    expect(rateOn(GERMAN_BASE_RATES, '2020-03-01')).toBe('-0.88');
    expect(rateOn(GERMAN_BASE_RATES, '2022-12-31')).toBe('-0.88');
    expect(rateOn(GERMAN_BASE_RATES, '2023-01-01')).toBe('1.62');
  });

  it('keeps the last rate open-ended', () => {
    expect(rateOn(GERMAN_BASE_RATES, '2099-01-01')).toBe('1.52');
  });

  it('returns the whole row, so the caller knows since when the rate holds', () => {
    expect(baseRateOn(GERMAN_BASE_RATES, d('2025-03-15')).validFrom).toBe('2025-01-01');
  });

  it('applies the first row from its own day', () => {
    expect(rateOn(GERMAN_BASE_RATES, '2002-01-01')).toBe('2.57');
  });

  it('refuses a date before the first row instead of guessing', () => {
    const error = domainErrorOf(() => baseRateOn(GERMAN_BASE_RATES, d('2001-12-31')));
    expect(error.code).toBe('missing-base-rate');
    expect(error.message).toContain('2001-12-31');
    expect(error.message).toContain('2002-01-01');
  });

  it('refuses any date for an empty table', () => {
    expect(domainErrorOf(() => baseRateOn([], d('2024-01-01'))).code).toBe('missing-base-rate');
  });
});

describe('parseBaseRateCsv', () => {
  it('reads rows with or without a header, with comments, blank lines and CRLF', () => {
    const table = parseBaseRateCsv(
      [
        '# from the Bundesbank',
        'valid_from,rate_percent',
        '',
        '2024-01-01,3.62',
        '2024-07-01, 3.37 ',
        '',
      ].join('\r\n'),
    );
    expect(table).toEqual([
      { validFrom: '2024-01-01', rate: parsePercent('3.62') },
      { validFrom: '2024-07-01', rate: parsePercent('3.37') },
    ]);
    expect(parseBaseRateCsv('2024-01-01,3.62')).toHaveLength(1);
  });

  it('accepts semicolons, as German spreadsheets write them, with a decimal point or comma', () => {
    const table = parseBaseRateCsv(
      'valid_from;rate_percent\n2024-01-01;3.62\n2024-07-01;3,37\n2013-01-01;-0,13\n',
    );
    expect(table.map((r) => [r.validFrom, formatPercent(r.rate)])).toEqual([
      ['2013-01-01', '-0.13'],
      ['2024-01-01', '3.62'],
      ['2024-07-01', '3.37'],
    ]);
  });

  it('sorts rows by date', () => {
    const table = parseBaseRateCsv('2025-01-01,2.27\n2024-01-01,3.62\n');
    expect(table.map((r) => r.validFrom)).toEqual(['2024-01-01', '2025-01-01']);
  });

  it('reads an empty file as an empty table', () => {
    expect(parseBaseRateCsv('')).toEqual([]);
    expect(parseBaseRateCsv('valid_from,rate_percent\n')).toEqual([]);
  });

  it('reports every bad line with its line number and returns nothing', () => {
    const csv = [
      'valid_from,rate_percent', // 1
      '2024-01-01,3.62', // 2
      '2024-13-01,3.37', // 3: no month 13
      '# a comment', // 4
      '2025-01-01', // 5: no rate
      '2025-07-01,abc', // 6: not a number
      '2026-01-01,1.27,extra', // 7: one field too many
      '', // 8
      '01.07.2026,1.52', // 9: German date format
      '2026-07-01,1.52', // 10
      '2024-01-01,3,62', // 11: decimal comma in a comma-separated line is ambiguous
    ].join('\n');
    const error = domainErrorOf(() => parseBaseRateCsv(csv, 'rates.csv'));
    expect(error.code).toBe('invalid-base-rates');
    expect(error.issues.map((i) => i.path)).toEqual([
      'rates.csv:3',
      'rates.csv:5',
      'rates.csv:6',
      'rates.csv:7',
      'rates.csv:9',
      'rates.csv:11',
    ]);
    expect(error.issues[0]?.message).toContain('2024-13-01,3.37');
    expect(error.issues[2]?.message).toContain('"abc"');
    for (const line of [3, 5, 6, 7, 9, 11]) expect(error.message).toContain(`rates.csv:${line}:`);
  });

  it('names the built-in source when no file name is given', () => {
    expect(domainErrorOf(() => parseBaseRateCsv('nonsense')).issues[0]?.path).toBe('base rates:1');
  });
});

describe('mergeBaseRates', () => {
  const newRow = { validFrom: d('2027-01-01'), rate: parsePercent('1.75') };

  it('adds a row for a new date in date order', () => {
    const table = mergeBaseRates(GERMAN_BASE_RATES, [newRow]);
    expect(table).toHaveLength(33);
    expect(table.at(-1)).toEqual(newRow);
    expect(rateOn(table, '2026-12-31')).toBe('1.52');
    expect(rateOn(table, '2027-01-01')).toBe('1.75');
  });

  it('replaces the row of a date that is already there (a corrected value)', () => {
    const corrected = { validFrom: d('2026-07-01'), rate: parsePercent('1.6') };
    const table = mergeBaseRates(GERMAN_BASE_RATES, [corrected]);
    expect(table).toHaveLength(32);
    expect(rateOn(table, '2026-07-01')).toBe('1.60');
    expect(rateOn(table, '2026-06-30')).toBe('1.27');
  });

  it('inserts an earlier row before the first one', () => {
    const table = mergeBaseRates(GERMAN_BASE_RATES, [
      { validFrom: d('2001-09-01'), rate: parsePercent('3.62') },
    ]);
    expect(table[0]?.validFrom).toBe('2001-09-01');
    expect(rateOn(table, '2001-12-31')).toBe('3.62');
  });

  it('leaves the original table unchanged', () => {
    const before = baseRatesToCsv(GERMAN_BASE_RATES);
    mergeBaseRates(GERMAN_BASE_RATES, [newRow, { validFrom: d('2024-01-01'), rate: parsePercent('9') }]);
    expect(baseRatesToCsv(GERMAN_BASE_RATES)).toBe(before);
  });

  it('lets a user file extend the built-in table', () => {
    const user = parseBaseRateCsv('valid_from;rate_percent\n2026-07-01;1,60\n2027-01-01;1,75\n', 'user.csv');
    const table = mergeBaseRates(GERMAN_BASE_RATES, user);
    expect(rateOn(table, '2026-08-01')).toBe('1.60');
    expect(rateOn(table, '2027-02-01')).toBe('1.75');
    expect(rateOn(table, '2024-02-01')).toBe('3.62');
  });
});

describe('parseBaseRateCsv duplicates', () => {
  it('reports a date listed twice in one file with both line numbers instead of silently keeping one', () => {
    expect(() => parseBaseRateCsv('2027-01-01,1.00\n2027-01-01,2.00\n', 'rates.csv')).toThrow(
      /rates\.csv:2: 2027-01-01 is listed twice \(first on line 1\)/,
    );
  });
});
