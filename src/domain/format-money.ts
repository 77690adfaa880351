/**
 * @module format-money
 * Money for people: `1.234,56 €` in German, `€1,234.56` in English. The amount goes to Intl as
 * an exact decimal string, so no float ever stands between the cents and the text.
 */
import { currencyExponent, type Money } from './money.ts';

export type Language = 'de' | 'en';

export const LANGUAGES: readonly Language[] = ['de', 'en'];

const LOCALES: Record<Language, string> = { de: 'de-DE', en: 'en-GB' };

const formatters = new Map<string, Intl.NumberFormat>();

function formatterFor(language: Language, currency: string): Intl.NumberFormat {
  const key = `${language}:${currency}`;
  let formatter = formatters.get(key);
  if (!formatter) {
    const digits = currencyExponent(currency);
    formatter = new Intl.NumberFormat(LOCALES[language], {
      style: 'currency',
      currency,
      minimumFractionDigits: digits,
      maximumFractionDigits: digits,
    });
    formatters.set(key, formatter);
  }
  return formatter;
}

export function formatMoney(amount: Money, language: Language): string {
  // Intl accepts decimal strings exactly (Intl.NumberFormat v3); the cast covers older typings.
  return formatterFor(language, amount.currency).format(amount.toDecimalString() as unknown as number);
}
