/**
 * Hostile and broken bank CSV exports: mutations of Sparkasse, ING, DKB and generic files (cut,
 * doubled, swapped, junk, other digits, other encodings), rows of random fields and random bytes end
 * in valid statements or in a StatementCsvError/StatementFormatError naming the line — never a crash
 * or a hang, and never half a file.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { StatementFormatError, type ParsedStatementFile } from './bank-statement.ts';
import { looksLikeStatementCsv, parseStatementCsv, STATEMENT_CSV_PRESETS } from './statement-csv.ts';
import {
  countInput,
  countRefused,
  expectNoInternalsIn,
  encodeText,
  encodingArbitrary,
  FUZZ_TEST_TIMEOUT,
  fuzzParameters,
  mutatedText,
  resultOrLocatedError,
  withinHangBound,
} from '../../test/support/fuzz.ts';
import { expectValidStatement } from '../../test/support/valid-statement.ts';

const SPARKASSE = [
  '"Auftragskonto";"Buchungstag";"Valutadatum";"Buchungstext";"Verwendungszweck";"Glaeubiger ID";"Mandatsreferenz";"Kundenreferenz (End-to-End)";"Sammlerreferenz";"Lastschrift Ursprungsbetrag";"Auslagenersatz Ruecklastschrift";"Beguenstigter/Zahlungspflichtiger";"Kontonummer/IBAN";"BIC (SWIFT-Code)";"Betrag";"Waehrung";"Info"',
  '"DE89370400440532013000";"02.01.24";"02.01.24";"GUTSCHR. UEBERWEISUNG";"RE-2023-114; Kd-Nr. 4711',
  '   Danke";"";"";"RE-2023-114";"";"";"";"Müller Bau GmbH";"DE02120300000000202051";"BYLADEM1001";"1.190,00";"EUR";"Umsatz gebucht"',
  '"DE89370400440532013000";"05.01.24";"04.01.24";"RUECKLASTSCHRIFT";"RE-2023-120 AC04";"DE98ZZZ09999999999";"MDT-4712";"RE-2023-120";"";"49,90";"3,00";"Erika Mustermann";"DE02500105170137075030";"INGDDEFFXXX";"-52,90";"EUR";"Umsatz gebucht"',
].join('\r\n');

const ING = [
  'Umsatzanzeige;Datei erstellt am: 31.01.2024 09:12',
  'IBAN;DE02 5001 0517 0137 0750 30',
  'Zeitraum;01.01.2024 - 31.01.2024',
  'Saldo;2.615,51;EUR',
  '',
  'Buchung;Wertstellungsdatum;Auftraggeber/Empfänger;Buchungstext;Verwendungszweck;Saldo;Währung;Betrag;Währung',
  '29.01.2024;29.01.2024;Müller Bau GmbH;Gutschrift;RE-2023-114 Kd 4711;2.615,51;EUR;1.190,00;EUR',
  '15.01.2024;15.01.2024;Stadtwerke;Lastschrift;Strom Januar;1.425,51;EUR;-84,00;EUR',
].join('\n');

const DKB = [
  '\ufeff"Konto";"Girokonto DE02120300000000202051"',
  '""',
  '"Kontostand vom 31.01.2024:";"1.234,56 €"',
  '""',
  '"Buchungsdatum";"Wertstellung";"Status";"Zahlungspflichtige*r";"Zahlungsempfänger*in";"Verwendungszweck";"Umsatztyp";"IBAN";"Betrag (€)";"Gläubiger-ID";"Mandatsreferenz";"Kundenreferenz"',
  '"30.01.24";"";"Vorgemerkt";"Max Mustermann";"Hausverwaltung Schmidt";"Miete Februar";"Ausgang";"DE89370400440532013000";"-1.250";"";"";""',
  '"29.01.24";"29.01.24";"Gebucht";"Erika Mustermann";"Max Mustermann";"RE-2024-003";"Eingang";"DE02500105170137075030";"119,00";"";"";"RE-2024-003"',
].join('\r\n');

const GENERIC = [
  'Buchungsdatum,Betrag,Verwendungszweck,IBAN',
  '2024-01-02,"1.234,56",RE-1,DE02120300000000202051',
  '2024-01-03,-5,x,',
].join('\n');

const CSV_TOKENS = [
  '"',
  '""',
  ';',
  ',',
  '\r\n',
  '\n',
  'sep=;\n',
  '="0012"',
  '-',
  '1.234.567,891',
  '31.02.24',
  '€',
  'Betrag',
  'Buchungstag',
];

function readHostile(
  parser: string,
  bytes: Uint8Array,
  options: { preset?: string } = {},
  /** The text the bytes were encoded from, which a message may quote. */
  source = '',
): ParsedStatementFile | Error {
  countInput(parser);
  const outcome = withinHangBound(parser, () => {
    looksLikeStatementCsv(new TextDecoder().decode(bytes));
    return resultOrLocatedError(
      () => parseStatementCsv(bytes, 'fuzz.csv', options),
      (error) => error instanceof StatementFormatError,
    );
  });
  if (!outcome.ok) {
    countRefused(parser);
    const error = outcome.error as StatementFormatError;
    expect(error.file).toBe('fuzz.csv');
    expectNoInternalsIn(error.message, `${source} ${new TextDecoder().decode(bytes)}`);
    return error;
  }
  for (const statement of outcome.value.statements) expectValidStatement(statement);
  return outcome.value;
}

describe('statement CSV fuzz', () => {
  it(
    'reads or refuses with a located error every mutation of a bank export, in any encoding',
    () => {
      fc.assert(
        fc.property(
          mutatedText(fc.constantFrom(SPARKASSE, ING, DKB, GENERIC), { tokens: CSV_TOKENS, maxEdits: 3 }),
          encodingArbitrary,
          fc.option(fc.constantFrom(...Object.keys(STATEMENT_CSV_PRESETS)), { nil: undefined }),
          (text, encoding, preset) => {
            readHostile(
              'statement csv mutations',
              encodeText(text, encoding),
              preset ? { preset } : {},
              text,
            );
          },
        ),
        fuzzParameters('statement csv mutations', 500),
      );
    },
    FUZZ_TEST_TIMEOUT,
  );

  it(
    'reads or refuses rows of odd values under a valid header, and random bytes',
    () => {
      const value = fc.oneof(
        fc.string({ maxLength: 12 }),
        fc.constantFrom(
          '',
          '-0,00',
          '1e5',
          '١٢٣',
          '99999999999999,99',
          '29.02.23',
          '2024-02-29',
          '00.00.0000',
          'NOTPROVIDED',
          '+1,5',
          '1,234.56',
        ),
      );
      const rows = fc
        .array(fc.array(value, { minLength: 1, maxLength: 6 }), { maxLength: 6 })
        .map((r) =>
          new TextEncoder().encode(
            [
              'Buchungsdatum;Betrag;Verwendungszweck;IBAN;Saldo;Währung',
              ...r.map((f) => f.map((x) => `"${x.replaceAll('"', '""')}"`).join(';')),
            ].join('\n'),
          ),
        );
      fc.assert(
        fc.property(fc.oneof(rows, fc.uint8Array({ maxLength: 1000 })), (bytes) => {
          readHostile('statement csv random', bytes, { preset: 'generic' });
        }),
        fuzzParameters('statement csv random', 500),
      );
    },
    FUZZ_TEST_TIMEOUT,
  );
});
