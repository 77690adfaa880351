/**
 * @module format
 * Numbers, amounts and dates for display, by language: German `1.234,56 €` and `24.11.2026`,
 * English `€1,234.56` and `24/11/2026`. Amounts arrive as integer cents, calendar dates as
 * `YYYY-MM-DD` (never shifted by the browser's time zone), timestamps as ISO 8601 instants.
 */
import type { Language } from '../api/types.ts';

const LOCALES: Record<Language, string> = { de: 'de-DE', en: 'en-GB' };

export function localeOf(language: Language): string {
  return LOCALES[language];
}

const cache = new Map<string, Intl.NumberFormat | Intl.DateTimeFormat>();

function numberFormat(language: Language, options: Intl.NumberFormatOptions): Intl.NumberFormat {
  const key = `n|${language}|${JSON.stringify(options)}`;
  let format = cache.get(key) as Intl.NumberFormat | undefined;
  if (!format) {
    format = new Intl.NumberFormat(LOCALES[language], options);
    cache.set(key, format);
  }
  return format;
}

function dateFormat(language: Language, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `d|${language}|${JSON.stringify(options)}`;
  let format = cache.get(key) as Intl.DateTimeFormat | undefined;
  if (!format) {
    format = new Intl.DateTimeFormat(LOCALES[language], options);
    cache.set(key, format);
  }
  return format;
}

/** Integer cents as euros; the division only feeds the display, nothing is computed with it. */
export function formatMoney(cents: number, language: Language): string {
  return numberFormat(language, { style: 'currency', currency: 'EUR' }).format(cents / 100);
}

/** Whole euros for chart axes: `12.345 €`. */
export function formatMoneyShort(cents: number, language: Language): string {
  return numberFormat(language, { style: 'currency', currency: 'EUR', maximumFractionDigits: 0 }).format(
    Math.trunc(cents / 100),
  );
}

export function formatNumber(value: number, language: Language, fractionDigits = 0): string {
  return numberFormat(language, {
    minimumFractionDigits: 0,
    maximumFractionDigits: fractionDigits,
  }).format(value);
}

/** A percentage given as 0–100: `93,5 %`. */
export function formatPercent(value: number, language: Language, fractionDigits = 1): string {
  return numberFormat(language, {
    style: 'percent',
    minimumFractionDigits: 0,
    maximumFractionDigits: fractionDigits,
  }).format(value / 100);
}

const CALENDAR_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** `2026-11-24` as `24.11.2026` (de) or `24/11/2026` (en); other text is shown as it is. */
export function formatDate(date: string | null | undefined, language: Language): string {
  if (!date) return '–';
  const match = CALENDAR_DATE.exec(date.slice(0, 10));
  if (!match) return date;
  const utc = new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])));
  return dateFormat(language, { day: '2-digit', month: '2-digit', year: 'numeric', timeZone: 'UTC' }).format(
    utc,
  );
}

/** `2026-11` as `Nov. 26` (de) or `Nov 26` (en), for chart axes. */
export function formatMonth(month: string, language: Language): string {
  const match = /^(\d{4})-(\d{2})$/.exec(month);
  if (!match) return month;
  const utc = new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, 1));
  return dateFormat(language, { month: 'short', year: '2-digit', timeZone: 'UTC' }).format(utc);
}

/** An instant in the browser's time zone: `24.11.2026, 09:26`. */
export function formatDateTime(iso: string | null | undefined, language: Language): string {
  if (!iso) return '–';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return dateFormat(language, {
    day: '2-digit',
    month: '2-digit',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
  }).format(date);
}

/** The formatters of one language, as components use them. */
export function formattersFor(language: Language) {
  return {
    money: (cents: number) => formatMoney(cents, language),
    moneyShort: (cents: number) => formatMoneyShort(cents, language),
    number: (value: number, fractionDigits = 0) => formatNumber(value, language, fractionDigits),
    percent: (value: number, fractionDigits = 1) => formatPercent(value, language, fractionDigits),
    date: (date: string | null | undefined) => formatDate(date, language),
    month: (month: string) => formatMonth(month, language),
    dateTime: (iso: string | null | undefined) => formatDateTime(iso, language),
  };
}

export type Formatters = ReturnType<typeof formattersFor>;

/** An IBAN in groups of four, as printed on paper: `DE89 3704 0044 0532 0130 00`. */
export function formatIban(iban: string): string {
  return iban.replace(/\s+/g, '').replace(/(.{4})(?=.)/g, '$1 ');
}

/**
 * An amount a person typed, in cents: `1.234,56`, `1234,56`, `1234.56`, `1,234.56` or `12`.
 * The last `,` or `.` followed by one or two digits is the decimal separator; null when it is not an amount.
 */
export function parseAmountInput(text: string): number | null {
  const compact = text.replace(/[\s€]/g, '');
  const match = /^(\d{1,3}(?:[.,]\d{3})*|\d+)(?:[.,](\d{1,2}))?$/.exec(compact);
  if (!match) return null;
  const whole = (match[1] ?? '').replace(/[.,]/g, '');
  const fraction = (match[2] ?? '').padEnd(2, '0');
  const cents = Number(whole) * 100 + Number(fraction);
  return Number.isSafeInteger(cents) ? cents : null;
}

/** The browser's calendar date `days` from today as `YYYY-MM-DD`, the value a date input takes. */
export function localDateFromToday(days = 0): string {
  const date = new Date();
  date.setDate(date.getDate() + days);
  return date.toLocaleDateString('sv-SE');
}
