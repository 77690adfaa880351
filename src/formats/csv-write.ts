/**
 * @module csv-write
 * CSV for spreadsheets (German Excel: `;` between fields, decimal comma, CRLF, UTF-8 with BOM).
 * Text cells that a spreadsheet would run as a formula (starting with = + - @, a tab or a carriage
 * return) are neutralised with a leading apostrophe (OWASP "CSV injection"); amounts are written
 * by us and never neutralised.
 */
import { minorToDecimalString } from '../domain/money.ts';

/** An amount in cents, written as `1234,56` (a negative one as `-1234,56`). */
export interface AmountCell {
  cents: number;
}

export type CsvCell = string | number | AmountCell | null;

export function amountCell(cents: number): AmountCell {
  return { cents };
}

function cellText(cell: CsvCell): string {
  if (cell === null) return '';
  if (typeof cell === 'number') return String(cell);
  if (typeof cell === 'object') return minorToDecimalString(cell.cents, 2).replace('.', ',');
  const text = /^[=+\-@\t\r]/.test(cell) ? `'${cell}` : cell;
  return /[";\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** The whole file: a header row, then the rows. */
export function writeCsv(header: readonly string[], rows: readonly (readonly CsvCell[])[]): string {
  const lines = [header, ...rows].map((row) => row.map(cellText).join(';'));
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}
