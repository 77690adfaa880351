/**
 * Hostile and broken MT940 files: generated statements read back to their amounts and dates, and
 * every mutation of them (and of real banks' files, where the shared fixtures are present), random
 * text made of MT940 pieces and random bytes end in valid statements or in a StatementFormatError
 * naming the line — never a crash or a hang.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { mt940Text } from '../../bench/mt940-file.ts';
import { StatementFormatError, type ParsedStatementFile } from './bank-statement.ts';
import { decodeCsvText } from './csv-records.ts';
import { looksLikeMt940, parseMt940 } from './mt940.ts';
import {
  countInput,
  countRefused,
  encodeText,
  encodingArbitrary,
  FUZZ_TEST_TIMEOUT,
  fuzzParameters,
  mutatedText,
  resultOrLocatedError,
  withinHangBound,
} from '../../test/support/fuzz.ts';
import { expectValidStatement } from '../../test/support/valid-statement.ts';

function readHostile(parser: string, text: string): ParsedStatementFile | StatementFormatError {
  countInput(parser);
  // Detection runs on anything a user uploads; it must not throw either.
  withinHangBound(`${parser} detection`, () => looksLikeMt940(text));
  const outcome = withinHangBound(parser, () =>
    resultOrLocatedError(
      () => parseMt940(text, 'fuzz.sta'),
      (error) => error instanceof StatementFormatError,
    ),
  );
  if (!outcome.ok) {
    countRefused(parser);
    const error = outcome.error as StatementFormatError;
    expect(error.file).toBe('fuzz.sta');
    expect(error.location.line).toBeGreaterThanOrEqual(1);
    expect(error.location.line).toBeLessThanOrEqual(text.split(/\r\n|\r|\n/).length);
    return error;
  }
  expect(outcome.value.statements.length).toBeGreaterThan(0);
  for (const statement of outcome.value.statements) expectValidStatement(statement);
  return outcome.value;
}

// --- generated statements ----------------------------------------------------------------------

interface GeneratedLine {
  valueDate: string;
  mark: 'C' | 'D' | 'RC' | 'RD';
  cents: number;
  purpose: string;
  name: string;
}

const day = fc
  .date({ min: new Date('1970-01-01T00:00:00Z'), max: new Date('2069-12-31T00:00:00Z'), noInvalidDate: true })
  .map((d) => d.toISOString().slice(0, 10));
const yymmdd = (d: string) => `${d.slice(2, 4)}${d.slice(5, 7)}${d.slice(8, 10)}`;
const swiftAmount = (cents: number) => `${Math.floor(cents / 100)},${String(cents % 100).padStart(2, '0')}`;
const freeText = fc
  .array(fc.constantFrom('Rechnung', 'RE-2024-001', 'Muller', 'GmbH', '?', '+', 'SVWZ', '/', ':', '-'), {
    maxLength: 8,
  })
  .map((w) => w.join(' '));

const lineArb: fc.Arbitrary<GeneratedLine> = fc.record({
  valueDate: day,
  mark: fc.constantFrom('C' as const, 'D' as const, 'RC' as const, 'RD' as const),
  cents: fc.integer({ min: 0, max: 10 ** 13 }),
  purpose: freeText,
  name: freeText,
});

const statementArb = fc.record({
  opening: fc.integer({ min: -(10 ** 12), max: 10 ** 12 }),
  closing: fc.integer({ min: -(10 ** 12), max: 10 ** 12 }),
  date: day,
  lines: fc.array(lineArb, { maxLength: 5 }),
  swift: fc.boolean(),
  eol: fc.constantFrom('\r\n', '\n'),
});

type GeneratedStatement = typeof statementArb extends fc.Arbitrary<infer T> ? T : never;

function balance(tag: string, cents: number, date: string): string {
  return `:${tag}:${cents < 0 ? 'D' : 'C'}${yymmdd(date)}EUR${swiftAmount(Math.abs(cents))}`;
}

/** A tag's text cut at 65 characters, as banks wrap `:86:`. */
function wrap(text: string): string[] {
  const lines = [];
  for (let i = 0; i < text.length; i += 65) lines.push(text.slice(i, i + 65));
  return lines;
}

function mt940Of(s: GeneratedStatement): string {
  const lines = [
    ...(s.swift ? ['{1:F01COBADEFFAXXX0000000000}{2:I940COBADEFFXXXXN}{4:'] : []),
    ':20:STARTUMSE',
    ':25:50010517/0123456789',
    ':28C:00001/001',
    balance('60F', s.opening, s.date),
  ];
  for (const l of s.lines) {
    lines.push(
      `:61:${yymmdd(l.valueDate)}${l.valueDate.slice(5, 7)}${l.valueDate.slice(8, 10)}${l.mark}${swiftAmount(l.cents)}NTRFNONREF//B1`,
    );
    lines.push(...wrap(`:86:166?00GUTSCHRIFT?20EREF+E1?21SVWZ+${l.purpose}?32${l.name}`));
  }
  lines.push(balance('62F', s.closing, s.date), s.swift ? '-}' : '-');
  return lines.join(s.eol);
}

const FIXTURES = new URL('../../../shared/fixtures/mt940/', import.meta.url);
const fixtureTexts = existsSync(FIXTURES)
  ? readdirSync(FIXTURES)
      .filter((f) => f.endsWith('.txt'))
      .map((f) => decodeCsvText(readFileSync(new URL(f, FIXTURES))).text)
  : [];

const documents = fc.oneof(
  { weight: 3, arbitrary: statementArb.map(mt940Of) },
  { weight: 1, arbitrary: fc.constantFrom(mt940Text(3, 5), ...fixtureTexts) },
);

const MT940_TOKENS = [
  ':20:',
  ':25:',
  ':28C:',
  ':60F:C240101EUR1,00',
  ':60M:',
  ':61:',
  ':61:2401010101C1,NTRF',
  ':62F:D240131EUR0,00',
  ':86:',
  ':86:166?20',
  ':NS:',
  '?20',
  '?2',
  '?',
  'EREF+',
  'SVWZ+',
  'OAMT+1,00',
  'COAM+x',
  'RTRN+AC04',
  '/OCMT/EUR1,00/',
  '/CHGS/EUR/',
  '{1:',
  '{4:',
  '{5:',
  '-}',
  '}',
  'RC',
  'RD',
  '999999999999999,99',
];

describe('MT940 fuzz', () => {
  it(
    'reads a generated statement back to its balances, amounts and dates',
    () => {
      fc.assert(
        fc.property(statementArb, (s) => {
          countInput('mt940 round trip');
          const file = parseMt940(mt940Of(s), 'gen.sta');
          const [statement] = file.statements;
          expect(statement?.openingBalanceCents).toBe(s.opening === 0 ? 0 : s.opening);
          expect(statement?.closingBalanceCents).toBe(s.closing);
          expect(statement?.entries.map((e) => [e.amountCents, e.valueDate])).toEqual(
            s.lines.map((l) => [l.cents, l.valueDate]),
          );
          expect(statement?.entries.map((e) => e.direction)).toEqual(
            s.lines.map((l) => (l.mark === 'C' || l.mark === 'RD' ? 'credit' : 'debit')),
          );
        }),
        fuzzParameters('mt940 round trip', 200),
      );
    },
    FUZZ_TEST_TIMEOUT,
  );

  it(
    'reads or refuses with a located error every mutation of a valid file, in any encoding',
    () => {
      fc.assert(
        fc.property(
          mutatedText(documents, { tokens: MT940_TOKENS, maxEdits: 3 }),
          encodingArbitrary,
          (text, encoding) => {
            // Through the bytes, as a file arrives: the decoding is part of what is attacked.
            readHostile('mt940 mutations', decodeCsvText(encodeText(text, encoding)).text);
          },
        ),
        fuzzParameters('mt940 mutations', 500),
      );
    },
    FUZZ_TEST_TIMEOUT,
  );

  it(
    'reads or refuses text made of MT940 pieces, and random bytes',
    () => {
      const pieces = fc
        .array(
          fc.oneof(
            fc.constantFrom(...MT940_TOKENS, '\n', '\r\n', '\r', ' ', 'C', 'D', 'EUR', '240101', '1,00'),
            freeText,
          ),
          {
            maxLength: 60,
          },
        )
        .map((parts) => parts.join(''));
      const bytes = fc.uint8Array({ maxLength: 1000 }).map((b) => decodeCsvText(b).text);
      fc.assert(
        fc.property(fc.oneof(pieces, bytes), (text) => {
          readHostile('mt940 random text', text);
        }),
        fuzzParameters('mt940 random text', 500),
      );
    },
    FUZZ_TEST_TIMEOUT,
  );

  it('reads a file of very long lines and many tags in linear time', () => {
    const long = `:20:X\n:25:A\n:60F:C240101EUR0,00\n:61:240101C1,00NTRF\n:86:${'?20EREF+'.repeat(50_000)}\n:62F:C240101EUR1,00\n`;
    const file = withinHangBound('long :86:', () => parseMt940(long, 'long.sta'));
    expect(file.statements[0]?.entries).toHaveLength(1);
    const many = withinHangBound('many statements', () =>
      resultOrLocatedError(
        () => parseMt940(':20:X\n:25:A\n'.repeat(50_000), 'many.sta'),
        (e) => e instanceof StatementFormatError,
      ),
    );
    expect(many.ok).toBe(false);
  });
});
