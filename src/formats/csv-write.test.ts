import { describe, expect, it } from 'vitest';
import { amountCell, writeCsv } from './csv-write.ts';

describe('writeCsv', () => {
  it('writes German spreadsheet CSV: semicolons, decimal comma, CRLF and a BOM', () => {
    expect(
      writeCsv(
        ['Rechnung', 'Betrag'],
        [
          ['RE-1', amountCell(123456)],
          ['RE-2', amountCell(-5)],
        ],
      ),
    ).toBe('\uFEFFRechnung;Betrag\r\nRE-1;1234,56\r\nRE-2;-0,05\r\n');
  });

  it('quotes fields with separators, quotes or line breaks', () => {
    expect(writeCsv(['a'], [['Müller; Söhne "GmbH"'], ['zwei\nZeilen']])).toBe(
      '\uFEFFa\r\n"Müller; Söhne ""GmbH"""\r\n"zwei\nZeilen"\r\n',
    );
  });

  it('neutralises text a spreadsheet would run as a formula, never an amount', () => {
    const csv = writeCsv(
      ['a', 'b'],
      [
        ['=HYPERLINK("http://x")', amountCell(-100)],
        ['+49 30 123', '@SUM(A1)'],
        ['-1+1', '\tx'],
      ],
    );
    expect(csv.split('\r\n').slice(1, 4)).toEqual([
      `"'=HYPERLINK(""http://x"")";-1,00`,
      `'+49 30 123;'@SUM(A1)`,
      `'-1+1;'\tx`,
    ]);
  });
});
