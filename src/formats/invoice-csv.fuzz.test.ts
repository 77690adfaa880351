/**
 * Hostile and broken invoice CSV files: mutations of a valid import (cut, doubled, swapped, junk,
 * other digits, other encodings), rows of random fields and random bytes give valid rows or errors
 * at a line inside the file — `parseInvoiceCsv` never throws and never hangs.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isCalendarDate } from '../domain/calendar-date.ts';
import { MAX_INVOICE_CSV_BYTES, parseInvoiceCsv } from './invoice-csv.ts';
import {
  countInput,
  countRefused,
  expectNoInternalsIn,
  encodeText,
  encodingArbitrary,
  FUZZ_TEST_TIMEOUT,
  fuzzParameters,
  mutatedText,
  withinHangBound,
} from '../../test/support/fuzz.ts';

const HEADER =
  'Rechnungsnummer;Kundennummer;Kundenname;Kundenart;Rechnungsdatum;Fälligkeit;Brutto;Netto;MwSt;E-Mail;Straße;PLZ;Ort;Land;Sprache;Zahlungsziel';
const VALID = [
  HEADER,
  'RE-1;K1;Müller GmbH;gewerblich;01.02.2024;02.03.2024;1.190,00;1.000,00;190,00;a@b.de;Hauptstr. 1;10115;Berlin;DE;de;',
  'RE-2;K1;Müller GmbH;Unternehmen;2024-02-05;;119,00;100;;;Hauptstr. 1;10115;Berlin;Deutschland;Deutsch;30',
  '"RE-3";"K2";"Erika ""die"" Mustermann";privat;05.02.2024;;50,00;;;;;;;;en;14 Tage',
].join('\r\n');

const TOKENS = [
  '"',
  '""',
  ';',
  ',',
  '\r\n',
  '\n',
  '=',
  '="0012"',
  '-1,00',
  '1.234.567,89',
  '31.02.2024',
  'constructor',
  '__proto__',
  'B2B',
];

/** `source`: the text the bytes were encoded from, which a message may quote. */
function parseChecked(parser: string, bytes: Uint8Array, source = ''): void {
  countInput(parser);
  const result = withinHangBound(parser, () => parseInvoiceCsv(bytes, 'fuzz.csv'));
  const input = `${source} ${new TextDecoder().decode(bytes)}`;
  const lines = input.split(/\r\n|\r|\n/).length + 1;
  if (!result.ok) {
    countRefused(parser);
    expect(result.errors.length).toBeGreaterThan(0);
    for (const e of result.errors) {
      expect(e.file).toBe('fuzz.csv');
      expect(e.line).toBeGreaterThanOrEqual(1);
      expect(e.line).toBeLessThanOrEqual(lines);
      expectNoInternalsIn(e.message, input);
    }
    return;
  }
  expect(result.rows.length).toBeGreaterThan(0);
  let total = 0;
  for (const row of result.rows) {
    for (const cents of [row.grossCents, row.netCents, row.vatCents])
      expect(Number.isSafeInteger(cents)).toBe(true);
    expect(row.grossCents).toBeGreaterThanOrEqual(0);
    expect(isCalendarDate(row.invoiceDate) && isCalendarDate(row.dueDate)).toBe(true);
    expect(row.dueDate >= row.invoiceDate).toBe(true);
    total += row.grossCents;
  }
  expect(result.totalCents).toBe(total);
  const numbers = new Set(result.customers.map((c) => c.number));
  for (const row of result.rows) expect(numbers.has(row.customerNumber)).toBe(true);
}

describe('invoice CSV fuzz', () => {
  it(
    'gives rows or located errors for every mutation of a valid import, in any encoding',
    () => {
      fc.assert(
        fc.property(
          mutatedText(fc.constant(VALID), { tokens: TOKENS, maxEdits: 3 }),
          encodingArbitrary,
          (text, encoding) => {
            parseChecked('invoice csv mutations', encodeText(text, encoding), text);
          },
        ),
        fuzzParameters('invoice csv mutations', 500),
      );
    },
    FUZZ_TEST_TIMEOUT,
  );

  it(
    'gives rows or located errors for rows of odd values and random bytes',
    () => {
      const value = fc.oneof(
        fc.string({ maxLength: 12 }),
        fc.constantFrom(
          '',
          '0',
          '1,00',
          '-0',
          '1e3',
          '99999999999,99',
          '31.12.9999',
          '01.01.0001',
          '29.02.2023',
          'privat',
          'DE',
          '365',
          '366',
        ),
      );
      const validRow = (VALID.split('\r\n')[1] as string).split(';');
      const rows = fc
        .array(
          fc.tuple(
            ...validRow.map((v) =>
              fc.oneof({ weight: 3, arbitrary: fc.constant(v) }, { weight: 1, arbitrary: value }),
            ),
          ),
          { minLength: 1, maxLength: 6 },
        )
        .map((r) =>
          new TextEncoder().encode(
            [HEADER, ...r.map((f) => f.map((x) => `"${x.replaceAll('"', '""')}"`).join(';'))].join('\n'),
          ),
        );
      fc.assert(
        fc.property(fc.oneof(rows, fc.uint8Array({ maxLength: 1000 })), (bytes) => {
          parseChecked('invoice csv random', bytes);
        }),
        fuzzParameters('invoice csv random', 500),
      );
    },
    FUZZ_TEST_TIMEOUT,
  );

  it('refuses a file larger than the limit before reading it', () => {
    const result = parseInvoiceCsv(new Uint8Array(MAX_INVOICE_CSV_BYTES + 1), 'big.csv');
    expect(result).toEqual({
      ok: false,
      errors: [
        {
          file: 'big.csv',
          line: 1,
          column: '',
          message: 'the file is larger than 256 MB; split it into several imports',
        },
      ],
    });
  });
});
