/**
 * @module base-rates
 * The Basiszinssatz (§247 BGB) as data: rows of (valid from, rate), each rate holding until the
 * next row. The Bundesbank publishes a new value each 1 January and 1 July; users add rows with
 * `parseBaseRateCsv` + `mergeBaseRates` (CLI `--base-rates FILE`, later the settings) without
 * a release.
 */
import { type CalendarDate, isCalendarDate } from './calendar-date.ts';
import { DomainError, type DomainErrorIssue } from './domain-error.ts';
import { formatPercent, type Percent, parsePercent } from './percent.ts';

export interface BaseRateRow {
  validFrom: CalendarDate;
  rate: Percent;
}

/** Sorted by `validFrom`, no two rows on one day. */
export type BaseRateTable = readonly BaseRateRow[];

/** Source: Deutsche Bundesbank, as listed in LAW-DE.md (rows list changes only). */
export const GERMAN_BASE_RATES_CSV = `valid_from,rate_percent
2002-01-01,2.57
2002-07-01,2.47
2003-01-01,1.97
2003-07-01,1.22
2004-01-01,1.14
2004-07-01,1.13
2005-01-01,1.21
2005-07-01,1.17
2006-01-01,1.37
2006-07-01,1.95
2007-01-01,2.70
2007-07-01,3.19
2008-01-01,3.32
2008-07-01,3.19
2009-01-01,1.62
2009-07-01,0.12
2011-07-01,0.37
2012-01-01,0.12
2013-01-01,-0.13
2013-07-01,-0.38
2014-01-01,-0.63
2014-07-01,-0.73
2015-01-01,-0.83
2016-07-01,-0.88
2023-01-01,1.62
2023-07-01,3.12
2024-01-01,3.62
2024-07-01,3.37
2025-01-01,2.27
2025-07-01,1.27
2026-01-01,1.27
2026-07-01,1.52
`;

/**
 * Reads `valid_from,rate_percent` lines (header optional, `;` also accepted, `#` comments).
 * Every bad line is reported with its number; nothing is returned unless all lines are good.
 */
export function parseBaseRateCsv(text: string, source = 'base rates'): BaseRateTable {
  const issues: DomainErrorIssue[] = [];
  const rows: BaseRateRow[] = [];
  const seen = new Map<CalendarDate, number>();
  text.split(/\r?\n/).forEach((raw, index) => {
    const line = raw.trim();
    const lineNo = index + 1;
    if (line === '' || line.startsWith('#') || /^valid_from/i.test(line)) return;
    // A `;` line (German spreadsheets) may carry a decimal comma: split on `;` only there.
    const [date = '', rate = '', ...extra] = line.split(line.includes(';') ? ';' : ',').map((s) => s.trim());
    if (extra.length > 0 || !isCalendarDate(date)) {
      issues.push({ path: `${source}:${lineNo}`, message: `expected "YYYY-MM-DD,rate", got "${line}"` });
      return;
    }
    const earlier = seen.get(date);
    if (earlier !== undefined) {
      issues.push({
        path: `${source}:${lineNo}`,
        message: `${date} is listed twice (first on line ${earlier})`,
      });
      return;
    }
    seen.set(date, lineNo);
    try {
      rows.push({ validFrom: date, rate: parsePercent(rate, `${source}:${lineNo}`) });
    } catch (error) {
      issues.push({ path: `${source}:${lineNo}`, message: (error as Error).message });
    }
  });
  if (issues.length > 0) {
    throw new DomainError('invalid-base-rates', issues.map((i) => `${i.path}: ${i.message}`).join('\n'), {
      issues,
    });
  }
  return mergeBaseRates([], rows);
}

/** Adds rows to a table; a row for a day that is already there replaces it. */
export function mergeBaseRates(table: BaseRateTable, rows: readonly BaseRateRow[]): BaseRateTable {
  const byDate = new Map<CalendarDate, BaseRateRow>();
  for (const row of [...table, ...rows]) byDate.set(row.validFrom, row);
  return [...byDate.values()].sort((a, b) => (a.validFrom < b.validFrom ? -1 : 1));
}

export const GERMAN_BASE_RATES: BaseRateTable = parseBaseRateCsv(
  GERMAN_BASE_RATES_CSV,
  'built-in base rates',
);

/** The rate in force on `date`. */
export function baseRateOn(table: BaseRateTable, date: CalendarDate): BaseRateRow {
  let found: BaseRateRow | undefined;
  for (const row of table) {
    if (row.validFrom > date) break;
    found = row;
  }
  if (!found) {
    const first = table[0]?.validFrom ?? 'none';
    throw new DomainError('missing-base-rate', `no Basiszinssatz for ${date}: the table starts on ${first}`);
  }
  return found;
}

export function baseRatesToCsv(table: BaseRateTable): string {
  return (
    ['valid_from,rate_percent', ...table.map((r) => `${r.validFrom},${formatPercent(r.rate)}`)].join('\n') +
    '\n'
  );
}
