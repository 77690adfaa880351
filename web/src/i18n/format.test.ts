import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  formatDate,
  formatDateTime,
  formatIban,
  formatMoney,
  formatMonth,
  formatPercent,
  parseAmountInput,
} from './format.ts';

/** Intl separates number and currency sign with a no-break space. */
const plain = (text: string) => text.replace(/\u00a0|\u202f/g, ' ');

describe('formatMoney', () => {
  it('shows cents as German euros', () => {
    expect(plain(formatMoney(123456, 'de'))).toBe('1.234,56 €');
    expect(plain(formatMoney(-95, 'de'))).toBe('-0,95 €');
    expect(plain(formatMoney(0, 'de'))).toBe('0,00 €');
  });

  it('shows cents as English euros', () => {
    expect(formatMoney(123456, 'en')).toBe('€1,234.56');
  });

  it('is exact to the cent for large amounts', () => {
    expect(plain(formatMoney(123456789012, 'de'))).toBe('1.234.567.890,12 €');
    expect(plain(formatMoney(1, 'de'))).toBe('0,01 €');
  });
});

describe('formatDate', () => {
  it('formats a calendar date without shifting it in any time zone', () => {
    expect(formatDate('2026-11-24', 'de')).toBe('24.11.2026');
    expect(formatDate('2026-01-01', 'de')).toBe('01.01.2026');
    expect(formatDate('2026-11-24', 'en')).toBe('24/11/2026');
  });

  afterEach(() => {
    vi.unstubAllEnvs();
  });

  it.each(['Europe/Berlin', 'America/Los_Angeles', 'Pacific/Kiritimati', 'UTC'])(
    'shows the same calendar day in the time zone %s',
    (zone) => {
      vi.stubEnv('TZ', zone);
      expect(formatDate('2026-03-29', 'de')).toBe('29.03.2026');
      expect(formatDate('2026-10-25', 'en')).toBe('25/10/2026');
    },
  );

  it('shows a dash for no date and other text as it is', () => {
    expect(formatDate(null, 'de')).toBe('–');
    expect(formatDate('soon', 'de')).toBe('soon');
  });
});

describe('formatDateTime and formatMonth', () => {
  it('formats instants with day and time', () => {
    expect(formatDateTime('2026-11-24T12:00:00.000Z', 'de')).toMatch(/^2[45]\.11\.2026, \d\d:\d\d$/);
  });

  it('formats months for chart axes', () => {
    expect(formatMonth('2026-03', 'de')).toBe('März 26');
    expect(formatMonth('2026-03', 'en')).toBe('Mar 26');
  });
});

describe('formatPercent', () => {
  it('takes 0–100 and keeps one decimal', () => {
    expect(plain(formatPercent(93.54, 'de'))).toBe('93,5 %');
    expect(formatPercent(93.54, 'en')).toBe('93.5%');
  });
});

describe('formatIban', () => {
  it('groups by four', () => {
    expect(formatIban('DE89370400440532013000')).toBe('DE89 3704 0044 0532 0130 00');
    expect(formatIban('DE89 3704 0044 0532 0130 00')).toBe('DE89 3704 0044 0532 0130 00');
  });
});

describe('parseAmountInput', () => {
  it('reads German and English amounts to the cent', () => {
    expect(parseAmountInput('1.234,56')).toBe(123456);
    expect(parseAmountInput('1234,5')).toBe(123450);
    expect(parseAmountInput('1,234.56')).toBe(123456);
    expect(parseAmountInput('1234.56 €')).toBe(123456);
    expect(parseAmountInput('12')).toBe(1200);
    expect(parseAmountInput('0,01')).toBe(1);
  });

  it('reads three digits after the separator as thousands', () => {
    expect(parseAmountInput('12.345')).toBe(1234500);
    expect(parseAmountInput('12,345')).toBe(1234500);
  });

  it('refuses what is not an amount', () => {
    for (const text of ['', 'abc', '1,2,3', '-5', '1.2345,00', '1,23,45']) {
      expect(parseAmountInput(text), text).toBeNull();
    }
  });
});
