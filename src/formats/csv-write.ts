/**
 * @module csv-write
 * CSV for spreadsheets (German Excel: `;` between fields, decimal comma, CRLF, UTF-8 with BOM).
 * Text cells that a spreadsheet would run as a formula (starting with = + - @, a tab or a carriage
 * return — also after leading spaces, which some importers trim, and in their full-width forms,
 * which some locales read as formulas) are neutralised with a leading apostrophe (OWASP "CSV
 * injection"); amounts are written by us and never neutralised. Every CSV the program writes goes
 * through {@link writeCsv}.
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

/** What starts a formula in Excel, LibreOffice or Google Sheets, after any spaces an importer may trim. */
const FORMULA_START = /^[\s\u00a0\u3000]*[=+\-@\uFF1D\uFF0B\uFF0D\uFF20]|^[\t\r\n]/;

function cellText(cell: CsvCell): string {
  if (cell === null) return '';
  if (typeof cell === 'number') return String(cell);
  if (typeof cell === 'object') return minorToDecimalString(cell.cents, 2).replace('.', ',');
  const text = FORMULA_START.test(cell) ? `'${cell}` : cell;
  return /[";\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** The whole file: a header row, then the rows. */
export function writeCsv(header: readonly string[], rows: readonly (readonly CsvCell[])[]): string {
  const lines = [header, ...rows].map((row) => row.map(cellText).join(';'));
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}
