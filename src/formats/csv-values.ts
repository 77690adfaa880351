/**
 * @module csv-values
 * Single CSV field values as people type them in spreadsheets: amounts with decimal comma or point
 * and either thousands separator, German or ISO dates, and words with aliases ("gewerblich", "B2B",
 * "Deutsch", "Österreich"). Each parser returns a value or an error message naming what was expected
 * and what was found, for the caller to place at a line and column.
 *
 * @example
 * parseCsvAmount('1.234,56'); // { value: 123456 }
 * parseCsvDate('1.2.2024'); // { value: '2024-02-01' }
 */
import { transliterateGerman } from '../domain/transliterate-german.ts';
import type { DebtorKind } from '../domain/default-interest.ts';
import { z } from 'zod';
import { type CalendarDate, isCalendarDate } from '../domain/calendar-date.ts';
import { parseAmount } from '../domain/money.ts';

export type Parsed<T> = { value: T } | { error: string };

/** A value for a message: quoted, and cut after 40 characters. */
export function quoteCsvValue(text: string): string {
  return JSON.stringify(text.length > 40 ? `${text.slice(0, 40)}…` : text);
}

/** Spreadsheets keep leading zeros by exporting `="00123"`. */
export function cleanCsvField(raw: string | undefined): string {
  const text = (raw ?? '').trim();
  const formula = /^="(.*)"$/.exec(text);
  return formula ? (formula[1] as string) : text;
}

/** Most amounts have no thousands separator: read them without the checks below. */
const PLAIN_AMOUNT = /^\d{1,12}(?:[.,]\d{1,2})?$/;
const THOUSANDS: Readonly<Record<string, RegExp>> = {
  '.': /^\d{1,3}(?:\.\d{3})+$/,
  ',': /^\d{1,3}(?:,\d{3})+$/,
};
const AMOUNT_EXPECTED = 'expected an amount like 1234,56 or 1.234,56 or 1234.56';

/**
 * Cents from "1.234,56", "1,234.56", "1234,5", "1234": the last separator followed by one or two
 * digits is the decimal mark, the others must group thousands. A single separator followed by
 * three digits ("1.234") is rejected: it is 1234 in German and 1.234 in English notation.
 */
export function parseCsvAmount(raw: string): Parsed<number> {
  if (PLAIN_AMOUNT.test(raw)) return { value: parseAmount(raw, 'EUR').minor };
  const text = raw.replace(/[\s\u00a0\u202f]/g, '').replace(/^€|€$|EUR$/gi, '');
  if (/^-|-$/.test(text)) return { error: `negative amounts are not imported, got ${quoteCsvValue(raw)}` };
  const body = text.replace(/^\+/, '');
  if (!/^\d[\d.,]*$/.test(body)) return { error: `${AMOUNT_EXPECTED}, got ${quoteCsvValue(raw)}` };
  const lastSep = Math.max(body.lastIndexOf('.'), body.lastIndexOf(','));
  let whole = body;
  let fraction = '';
  if (lastSep >= 0) {
    const sep = body[lastSep] as string;
    const other = sep === '.' ? ',' : '.';
    const after = body.slice(lastSep + 1);
    const before = body.slice(0, lastSep);
    const sepCount = body.split(sep).length - 1;
    if (before.includes(other) || sepCount === 1) {
      // The last separator is the decimal mark; any others group thousands.
      if (!/^\d{1,2}$/.test(after)) {
        if (/^\d{3}$/.test(after) && !before.includes(other)) {
          return {
            error: `${quoteCsvValue(raw)} is ambiguous (thousands or decimals?): write 1234 or 1234,00 or 1.234,00`,
          };
        }
        return { error: `${AMOUNT_EXPECTED} (at most 2 decimals), got ${quoteCsvValue(raw)}` };
      }
      if (before.includes(other) && !THOUSANDS[other]?.test(before))
        return { error: `${AMOUNT_EXPECTED} (thousands in groups of three), got ${quoteCsvValue(raw)}` };
      whole = before.split(other).join('');
      fraction = after;
    } else {
      // The same separator several times: thousands only ("1.234.567").
      if (!THOUSANDS[sep]?.test(body))
        return { error: `${AMOUNT_EXPECTED} (thousands in groups of three), got ${quoteCsvValue(raw)}` };
      whole = body.split(sep).join('');
    }
  }
  whole = whole.replace(/^0+(?=\d)/, '');
  if (whole.length > 12) return { error: `amount too large: ${quoteCsvValue(raw)}` };
  return { value: parseAmount(fraction ? `${whole}.${fraction}` : whole, 'EUR').minor };
}

const DATE_EXPECTED = 'expected a date like 31.12.2024 or 2024-12-31';

/** A calendar date from "31.12.2024", "1.2.2024" or "2024-12-31". */
export function parseCsvDate(raw: string): Parsed<CalendarDate> {
  const german = /^(\d{1,2})\.(\d{1,2})\.(\d{2}|\d{4})$/.exec(raw);
  if (german) {
    const [, day, month, year] = german as unknown as [string, string, string, string];
    if (year.length === 2)
      return { error: `${DATE_EXPECTED}, got ${quoteCsvValue(raw)} (write the year with four digits)` };
    const iso = `${year}-${month.padStart(2, '0')}-${day.padStart(2, '0')}`;
    return isCalendarDate(iso) ? { value: iso } : { error: `no such day: ${quoteCsvValue(raw)}` };
  }
  if (/^\d{4}-\d{2}-\d{2}$/.test(raw))
    return isCalendarDate(raw) ? { value: raw } : { error: `no such day: ${quoteCsvValue(raw)}` };
  return { error: `${DATE_EXPECTED}, got ${quoteCsvValue(raw)}` };
}

const DEBTOR_KINDS: Readonly<Record<string, DebtorKind>> = {
  privat: 'consumer',
  privatkunde: 'consumer',
  privatperson: 'consumer',
  verbraucher: 'consumer',
  consumer: 'consumer',
  private: 'consumer',
  b2c: 'consumer',
  gewerblich: 'business',
  gewerbe: 'business',
  unternehmen: 'business',
  unternehmer: 'business',
  firma: 'business',
  business: 'business',
  company: 'business',
  b2b: 'business',
};

const LANGUAGES: Readonly<Record<string, 'de' | 'en'>> = {
  de: 'de',
  deutsch: 'de',
  german: 'de',
  en: 'en',
  englisch: 'en',
  english: 'en',
};

const COUNTRY_NAMES: Readonly<Record<string, string>> = {
  deutschland: 'DE',
  germany: 'DE',
  oesterreich: 'AT',
  austria: 'AT',
  schweiz: 'CH',
  switzerland: 'CH',
};

const emailSchema = z.email();

export function parseCsvEmail(raw: string): Parsed<string> {
  return emailSchema.safeParse(raw).success
    ? { value: raw }
    : { error: `expected an e-mail address, got ${quoteCsvValue(raw)}` };
}

export function parseCsvCountry(raw: string): Parsed<string> {
  const named = lookUp(COUNTRY_NAMES, raw);
  if (named) return { value: named };
  return /^[a-z]{2}$/i.test(raw)
    ? { value: raw.toUpperCase() }
    : { error: `expected a country code like DE, got ${quoteCsvValue(raw)}` };
}

export function parseCsvDays(raw: string): Parsed<number> {
  const match = /^(\d{1,3})(?:\s*(?:tage?|days?))?$/i.exec(raw);
  const days = Number(match?.[1] ?? NaN);
  return days <= 365
    ? { value: days }
    : { error: `expected a number of days from 0 to 365, got ${quoteCsvValue(raw)}` };
}

export function parseCsvCurrency(raw: string): Parsed<'EUR'> {
  return /^(eur|€)$/i.test(raw)
    ? { value: 'EUR' }
    : { error: `only EUR is supported for now, got ${quoteCsvValue(raw)}` };
}

/** A word like "gewerblich" or "Deutsch" in a table; own keys only, so "constructor" is no word. */
function lookUp<T>(table: Readonly<Record<string, T>>, raw: string): T | undefined {
  const key = normalizeCsvName(raw);
  return Object.hasOwn(table, key) ? table[key] : undefined;
}

function parseWord<T>(table: Readonly<Record<string, T>>, expected: string) {
  return (raw: string): Parsed<T> => {
    const value = lookUp(table, raw);
    return value === undefined ? { error: `expected ${expected}, got ${quoteCsvValue(raw)}` } : { value };
  };
}

export const parseCsvDebtorKind = parseWord(
  DEBTOR_KINDS,
  'privat, Verbraucher, consumer or B2C for consumers; gewerblich, Unternehmen, business or B2B for businesses',
);
export const parseCsvLanguage = parseWord(LANGUAGES, 'de or en');

/** Header names and words compare without case, spaces, punctuation, and with umlauts spelt out (Fälligkeit = Faelligkeit). */
export function normalizeCsvName(text: string): string {
  return transliterateGerman(text.toLowerCase()).replace(/[^a-z0-9]/g, '');
}
