/**
 * Hostile CSV at the lowest level, and what we write: any bytes decode and split into records with
 * plausible line numbers, never an exception; any cells written by `writeCsv` read back as written
 * (quotes, separators, line breaks inside), and no text cell reaches a spreadsheet as a formula.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeCsvText, findCsvHeader, readCsvRecords } from './csv-records.ts';
import { amountCell, type CsvCell, writeCsv } from './csv-write.ts';
import {
  anyCodeUnit,
  countInput,
  encodeText,
  encodingArbitrary,
  FUZZ_TEST_TIMEOUT,
  fuzzParameters,
  mutatedText,
  withinHangBound,
} from '../../test/support/fuzz.ts';

function physicalLines(text: string): number {
  return text.split(/\r\n|\r|\n/).length;
}

/** Splits any text; checks what every caller relies on: lines in order and inside the file, strings only. */
function splitChecked(parser: string, bytes: Uint8Array) {
  countInput(parser);
  const { text, records, errors } = withinHangBound(parser, () => {
    const { text } = decodeCsvText(bytes);
    const { start, line, delimiter } = findCsvHeader(text);
    expect(start).toBeGreaterThanOrEqual(0);
    expect(start).toBeLessThanOrEqual(text.length);
    return { text, ...readCsvRecords(text, start, line, delimiter ?? ';') };
  });
  const lines = physicalLines(text);
  let previous = 0;
  // Plain checks first: an expect() per field of 200,000 records would take longer than the split.
  for (const record of records) {
    if (!(record.line > previous && record.line <= lines))
      expect(record.line).toBe(`in ${previous + 1}…${lines}`);
    if (!record.fields.every((f) => typeof f === 'string')) expect(record.fields).toEqual('strings');
    previous = record.line;
  }
  for (const error of errors) {
    expect(error.line).toBeGreaterThanOrEqual(1);
    expect(error.line).toBeLessThanOrEqual(lines);
  }
  return { text, records, errors };
}

const CSV_TOKENS = ['"', '""', ';', ',', '\r\n', '\n', '\r', 'sep=;\n', 'sep=,\r\n', '="0012"', '\uFEFF'];

const sample = [
  'Rechnungsnummer;Kundennummer;Brutto',
  'RE-1;K1;"1.190,00"',
  '"RE-2";"K ""2""";"zwei',
  'Zeilen"',
  '',
  'RE-3;K3;5',
].join('\r\n');

/** What a spreadsheet would take for a formula once the cell's text is read. */
const FORMULA = /^[\s\u00a0\u3000]*[=+\-@\uFF1D\uFF0B\uFF0D\uFF20]|^[\t\r\n]/;

describe('CSV records fuzz', () => {
  it(
    'splits any bytes into records or errors with lines inside the file',
    () => {
      const pieces = fc
        .array(fc.oneof(fc.constantFrom(...CSV_TOKENS, 'a', ' ', 'ä', '€'), fc.string({ maxLength: 5 })), {
          maxLength: 80,
        })
        .map((p) => new TextEncoder().encode(p.join('')));
      const mutated = fc
        .tuple(mutatedText(fc.constant(sample), { tokens: CSV_TOKENS }), encodingArbitrary)
        .map(([text, encoding]) => encodeText(text, encoding));
      fc.assert(
        fc.property(fc.oneof(fc.uint8Array({ maxLength: 2000 }), pieces, mutated), (bytes) => {
          splitChecked('csv records', bytes);
        }),
        fuzzParameters('csv records', 800),
      );
    },
    FUZZ_TEST_TIMEOUT,
  );

  it('splits a huge field, many quotes and many lines in linear time', () => {
    const big = new TextEncoder().encode(
      `a;b\r\n"${'x""'.repeat(150_000)}";1\r\n${'1;2\r\n'.repeat(100_000)}`,
    );
    const { records, errors } = splitChecked('csv records', big);
    expect(errors).toEqual([]);
    expect(records).toHaveLength(100_002);
    const unclosed = splitChecked('csv records', new TextEncoder().encode(`a;b\n"${'x;\n'.repeat(200_000)}`));
    expect(unclosed.errors[0]?.message).toMatch(/never closed/);
  });
});

describe('writeCsv fuzz', () => {
  const textCell = fc.oneof(
    fc.string({ maxLength: 30 }),
    fc.string({ maxLength: 10, unit: anyCodeUnit }),
    fc
      .tuple(
        fc.constantFrom('', ' ', '  ', '\u00a0', '\t', '\r', '\n', '\u3000'),
        fc.constantFrom('=', '+', '-', '@', '＝', '＋', '－', '＠', '"', ';'),
        fc.string({ maxLength: 20 }),
      )
      .map(([space, start, rest]) => `${space}${start}${rest}`),
  );
  const cell: fc.Arbitrary<CsvCell> = fc.oneof(
    { weight: 4, arbitrary: textCell },
    { weight: 1, arbitrary: fc.integer({ min: -(10 ** 12), max: 10 ** 12 }).map(amountCell) },
    { weight: 1, arbitrary: fc.constant(null) },
  );

  it(
    'reads every written cell back as written, and no text cell starts like a formula',
    () => {
      fc.assert(
        fc.property(fc.array(fc.array(cell, { minLength: 1, maxLength: 4 }), { maxLength: 5 }), (rows) => {
          countInput('csv write');
          const width = Math.max(1, ...rows.map((r) => r.length));
          const header = ['Nr', ...Array.from({ length: width }, (_, i) => `=Spalte ${i}`)];
          const body = rows.map((r, i) => [String(i), ...r, ...Array<CsvCell>(width - r.length).fill(null)]);
          const csv = writeCsv(header, body);
          const bytes = new TextEncoder().encode(csv);
          const { text } = decodeCsvText(bytes);
          const { start, line, delimiter } = findCsvHeader(text);
          expect(delimiter).toBe(';');
          const { records, errors } = readCsvRecords(text, start, line, ';');
          expect(errors).toEqual([]);
          expect(records).toHaveLength(body.length + 1);
          records.forEach((record, r) => {
            const written = r === 0 ? header : (body[r - 1] as CsvCell[]);
            expect(record.fields).toHaveLength(written.length);
            record.fields.forEach((field, c) => {
              const value = written[c] as CsvCell;
              if (typeof value === 'string') {
                // UTF-8 cannot carry a lone surrogate: it is written as U+FFFD, as any encoder does.
                const encodable = Buffer.from(value).toString();
                expect(field).toBe(FORMULA.test(encodable) ? `'${encodable}` : encodable);
                expect(FORMULA.test(field)).toBe(false);
              } else if (value !== null && typeof value === 'object') {
                expect(field).toMatch(/^-?\d+,\d\d$/);
              }
            });
          });
        }),
        fuzzParameters('csv write', 500),
      );
    },
    FUZZ_TEST_TIMEOUT,
  );

  it('neutralises formulas behind spaces and in full-width characters', () => {
    const csv = writeCsv(['a'], [[' =1+1'], ['＝HYPERLINK("x")'], ['\u00a0@SUM(A1)'], ['\n=1']]);
    expect(csv.split('\r\n').slice(1, 5)).toEqual([
      "' =1+1",
      `"'＝HYPERLINK(""x"")"`,
      "'\u00a0@SUM(A1)",
      `"'\n=1"`,
    ]);
  });
});
