import { describe, expect, it } from 'vitest';
import { headerSafeFileName, parseInvoiceNumbers } from './invoice-numbers.ts';

describe('parseInvoiceNumbers', () => {
  it('splits on commas, semicolons and spaces and drops repeats', () => {
    expect(parseInvoiceNumbers(' RE001, RE002;RE003  RE001 ,')).toEqual(['RE001', 'RE002', 'RE003']);
    expect(parseInvoiceNumbers('   ')).toEqual([]);
  });
});

describe('headerSafeFileName', () => {
  it('keeps Latin-1 names and encodes the rest', () => {
    expect(headerSafeFileName('Kontoauszug März.xml')).toBe('Kontoauszug März.xml');
    expect(headerSafeFileName('auszug €.csv')).toBe('auszug%20%E2%82%AC.csv');
  });
});
