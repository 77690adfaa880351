import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { StatementFormatError } from './bank-statement.ts';
import {
  detectStatementCsvPreset,
  looksLikeStatementCsv,
  parseStatementCsv,
  STATEMENT_CSV_PRESETS,
  StatementCsvError,
  statementCsvMappingSchema,
} from './statement-csv.ts';

function utf8(lines: readonly string[]): Uint8Array {
  return Buffer.from(lines.join('\r\n'), 'utf8');
}

/** Windows-1252 as Sparkasse and ING export it: Latin-1, plus € at 0x80. */
function cp1252(lines: readonly string[]): Uint8Array {
  return Uint8Array.from([...lines.join('\r\n')], (c) => {
    if (c === '€') return 0x80;
    const code = c.charCodeAt(0);
    if (code > 0xff) throw new Error(`not in Windows-1252: ${c}`);
    return code;
  });
}

function errorOf(read: () => unknown): StatementCsvError {
  try {
    read();
  } catch (e) {
    if (e instanceof StatementCsvError) return e;
    throw e;
  }
  throw new Error('expected a StatementCsvError');
}

const SPARKASSE_HEADER =
  '"Auftragskonto";"Buchungstag";"Valutadatum";"Buchungstext";"Verwendungszweck";"Glaeubiger ID";"Mandatsreferenz";"Kundenreferenz (End-to-End)";"Sammlerreferenz";"Lastschrift Ursprungsbetrag";"Auslagenersatz Ruecklastschrift";"Beguenstigter/Zahlungspflichtiger";"Kontonummer/IBAN";"BIC (SWIFT-Code)";"Betrag";"Waehrung";"Info"';

const SPARKASSE = [
  SPARKASSE_HEADER,
  // A purpose with a ; and a line break inside quotes: one field, two physical lines.
  '"DE89370400440532013000";"02.01.24";"02.01.24";"GUTSCHR. UEBERWEISUNG";"RE-2023-114; Kd-Nr. 4711',
  '   Danke  fuer die Zahlung";"";"";"RE-2023-114";"";"";"";"Müller Bau GmbH";"DE02120300000000202051";"BYLADEM1001";"1.190,00";"EUR";"Umsatz gebucht"',
  '"DE89370400440532013000";"03.01.24";"03.01.24";"FOLGELASTSCHRIFT";"Strom Januar";"DE98ZZZ09999999999";"M-2019-77";"NOTPROVIDED";"";"";"";"Stadtwerke Musterstadt";"DE12500105170648489890";"INGDDEFFXXX";"-84,00";"EUR";"Umsatz gebucht"',
  '"DE89370400440532013000";"05.01.24";"04.01.24";"RUECKLASTSCHRIFT";"RE-2023-120 Rueckgabegrund AC04 Konto erloschen";"DE98ZZZ09999999999";"MDT-4712";"RE-2023-120";"";"49,90";"3,00";"Erika Mustermann";"DE02500105170137075030";"INGDDEFFXXX";"-52,90";"EUR";"Umsatz gebucht"',
  '"DE89370400440532013000";"08.01.24";"08.01.24";"GUTSCHR. UEBERWEISUNG";"RE-2024-001";"";"";"";"";"";"";"Hans Meier";"DE02100500000054540402";"BELADEBEXXX";"250,00";"EUR";"Umsatz vorgemerkt"',
  '"DE27100777770209299700";"04.01.24";"04.01.24";"ENTGELTABSCHLUSS";"Entgelt Dezember";"";"";"";"";"";"";"";"";"";"-7,50";"EUR";"Umsatz gebucht"',
];

const ING = [
  'Umsatzanzeige;Datei erstellt am: 31.01.2024 09:12',
  ';Letztes Update: aktuell',
  '',
  'IBAN;DE02 5001 0517 0137 0750 30',
  'Kontoname;Girokonto',
  'Bank;ING',
  'Kunde;Max Mustermann',
  'Zeitraum;01.01.2024 - 31.01.2024',
  'Saldo;2.615,51;EUR',
  '',
  'Sortierung;Datum absteigend',
  '',
  'Buchung;Wertstellungsdatum;Auftraggeber/Empfänger;Buchungstext;Verwendungszweck;Saldo;Währung;Betrag;Währung',
  '29.01.2024;29.01.2024;Müller Bau GmbH;Gutschrift;RE-2023-114 Kd 4711;2.615,51;EUR;1.190,00;EUR',
  '15.01.2024;15.01.2024;Stadtwerke Düsseldorf;Lastschrift;Strom Januar Zähler 0815;1.425,51;EUR;-84,00;EUR',
  '02.01.2024;02.01.2024;Gehalt GmbH;Gehalt/Rente;Lohn Dezember;1.509,51;EUR;1.500,00;EUR',
];

const DKB = [
  '\ufeff"Konto";"Girokonto DE02120300000000202051"',
  '""',
  '"Kontostand vom 31.01.2024:";"1.234,56 €"',
  '""',
  '"Buchungsdatum";"Wertstellung";"Status";"Zahlungspflichtige*r";"Zahlungsempfänger*in";"Verwendungszweck";"Umsatztyp";"IBAN";"Betrag (€)";"Gläubiger-ID";"Mandatsreferenz";"Kundenreferenz"',
  '"30.01.24";"";"Vorgemerkt";"Max Mustermann";"Hausverwaltung Schmidt";"Miete Februar";"Ausgang";"DE89370400440532013000";"-1.250";"";"";""',
  '"29.01.24";"29.01.24";"Gebucht";"Erika Mustermann";"Max Mustermann";"RE-2024-003";"Eingang";"DE02500105170137075030";"119,00";"";"";"RE-2024-003"',
  '"15.01.24";"15.01.24";"Gebucht";"Max Mustermann";"Stadtwerke Musterstadt";"Strom";"Ausgang";"DE12500105170648489890";"-84,00";"DE98ZZZ09999999999";"M-2019-77";"NOTPROVIDED"',
];

describe('parseStatementCsv: Sparkasse CSV-CAMT', () => {
  const file = parseStatementCsv(utf8(SPARKASSE), 'umsaetze.csv');

  it('is detected by its header and gives one statement per Auftragskonto', () => {
    expect(file.format).toBe('csv:sparkasse');
    expect(file.statements.map((s) => [s.id, s.account, s.entries.length])).toEqual([
      [
        'csv:DE89370400440532013000:2024-01-02..2024-01-08',
        { iban: 'DE89370400440532013000', currency: 'EUR' },
        4,
      ],
      [
        'csv:DE27100777770209299700:2024-01-04..2024-01-04',
        { iban: 'DE27100777770209299700', currency: 'EUR' },
        1,
      ],
    ]);
    expect(file.statements[0]).toMatchObject({
      openingBalanceCents: null,
      closingBalanceCents: null,
      fromDate: null,
    });
  });

  it('reads a credit with two-digit years, a quoted purpose spanning lines, and the counterparty', () => {
    expect(file.statements[0]?.entries[0]).toEqual({
      bookingDate: '2024-01-02',
      valueDate: '2024-01-02',
      amountCents: 119000,
      currency: 'EUR',
      direction: 'credit',
      reversal: false,
      status: 'BOOK',
      bankReference: null,
      bankTransactionCode: 'GUTSCHR. UEBERWEISUNG',
      bookingText: 'GUTSCHR. UEBERWEISUNG',
      transactions: [
        {
          amountCents: 119000,
          currency: 'EUR',
          endToEndId: 'RE-2023-114',
          mandateId: null,
          remittance: ['RE-2023-114; Kd-Nr. 4711 Danke fuer die Zahlung'],
          creditorReference: null,
          counterparty: { name: 'Müller Bau GmbH', iban: 'DE02120300000000202051', bic: 'BYLADEM1001' },
          returnReason: null,
          creditorId: null,
          originalAmountCents: null,
          chargesCents: null,
        },
      ],
    });
  });

  it('reads a negative amount as a debit with a positive amount and drops NOTPROVIDED', () => {
    const entry = file.statements[0]?.entries[1];
    expect(entry).toMatchObject({ direction: 'debit', amountCents: 8400, bookingText: 'FOLGELASTSCHRIFT' });
    expect(entry?.transactions[0]).toMatchObject({
      endToEndId: null,
      mandateId: 'M-2019-77',
      creditorId: 'DE98ZZZ09999999999',
    });
  });

  it('reads a returned direct debit with its original amount, charges and return reason', () => {
    const entry = file.statements[0]?.entries[2];
    expect(entry).toMatchObject({
      bookingDate: '2024-01-05',
      valueDate: '2024-01-04',
      direction: 'debit',
      amountCents: 5290,
      reversal: false,
      bookingText: 'RUECKLASTSCHRIFT',
    });
    expect(entry?.transactions).toEqual([
      expect.objectContaining({
        amountCents: 5290,
        originalAmountCents: 4990,
        chargesCents: 300,
        returnReason: 'AC04',
        endToEndId: 'RE-2023-120',
        counterparty: { name: 'Erika Mustermann', iban: 'DE02500105170137075030', bic: 'INGDDEFFXXX' },
      }),
    ]);
  });

  it('marks "Umsatz vorgemerkt" as pending', () => {
    expect(file.statements[0]?.entries.map((e) => e.status)).toEqual(['BOOK', 'BOOK', 'BOOK', 'PDNG']);
  });

  it('reads the same file in Windows-1252', () => {
    expect(parseStatementCsv(cp1252(SPARKASSE), 'umsaetze.csv')).toEqual(file);
  });
});

describe('parseStatementCsv: ING', () => {
  const file = parseStatementCsv(cp1252(ING), 'Umsatzanzeige_DE02500105170137075030.csv');
  const statement = file.statements[0];

  it('finds the header after the metadata lines and reads the account and period from them', () => {
    expect(file.format).toBe('csv:ing');
    expect(file.statements).toHaveLength(1);
    expect(statement).toMatchObject({
      id: 'csv:DE02500105170137075030:2024-01-02..2024-01-29',
      account: { iban: 'DE02500105170137075030', currency: 'EUR' },
      fromDate: '2024-01-01',
      toDate: '2024-01-31',
    });
  });

  it('decodes Windows-1252 umlauts and lists the entries oldest first', () => {
    expect(
      statement?.entries.map((e) => [
        e.bookingDate,
        e.direction,
        e.amountCents,
        e.transactions[0]?.counterparty.name,
      ]),
    ).toEqual([
      ['2024-01-02', 'credit', 150000, 'Gehalt GmbH'],
      ['2024-01-15', 'debit', 8400, 'Stadtwerke Düsseldorf'],
      ['2024-01-29', 'credit', 119000, 'Müller Bau GmbH'],
    ]);
    expect(statement?.entries[1]?.transactions[0]?.remittance).toEqual(['Strom Januar Zähler 0815']);
  });

  it('takes opening and closing balance from the running Saldo column', () => {
    expect(statement).toMatchObject({ openingBalanceCents: 951, closingBalanceCents: 261551 });
  });

  it('gives no balances when the running Saldo does not add up', () => {
    const broken = ING.map((l) => l.replace('1.425,51;EUR;-84,00', '1.425,00;EUR;-84,00'));
    expect(parseStatementCsv(cp1252(broken), 'ing.csv').statements[0]).toMatchObject({
      openingBalanceCents: null,
      closingBalanceCents: null,
    });
  });

  it('reads the older header with "Valuta"', () => {
    const older = ING.map((l) => l.replace('Buchung;Wertstellungsdatum;', 'Buchung;Valuta;'));
    expect(detectStatementCsvPreset(older.join('\n'))).toBe('ing');
    expect(parseStatementCsv(cp1252(older), 'ing.csv').statements[0]?.entries[0]?.valueDate).toBe(
      '2024-01-02',
    );
  });
});

describe('parseStatementCsv: DKB', () => {
  const file = parseStatementCsv(utf8(DKB), 'dkb.csv');
  const entries = file.statements[0]?.entries ?? [];

  it('reads the account from the "Konto" line and the dates with two-digit years', () => {
    expect(file.format).toBe('csv:dkb');
    expect(file.statements[0]).toMatchObject({
      id: 'csv:DE02120300000000202051:2024-01-15..2024-01-30',
      account: { iban: 'DE02120300000000202051', currency: 'EUR' },
      openingBalanceCents: null,
      closingBalanceCents: null,
    });
    expect(entries.map((e) => e.bookingDate)).toEqual(['2024-01-15', '2024-01-29', '2024-01-30']);
  });

  it('names the payer on a credit and the payee on a debit', () => {
    expect(entries.map((e) => [e.direction, e.transactions[0]?.counterparty.name])).toEqual([
      ['debit', 'Stadtwerke Musterstadt'],
      ['credit', 'Erika Mustermann'],
      ['debit', 'Hausverwaltung Schmidt'],
    ]);
  });

  it('reads a pending entry without value date, with German thousands and no decimals', () => {
    expect(entries[2]).toMatchObject({
      status: 'PDNG',
      valueDate: null,
      amountCents: 125000,
      direction: 'debit',
      bookingText: 'Ausgang',
    });
    expect(entries.slice(0, 2).map((e) => e.status)).toEqual(['BOOK', 'BOOK']);
  });

  it('reads mandate, creditor id and the customer reference as end-to-end id', () => {
    expect(entries[0]?.transactions[0]).toMatchObject({
      mandateId: 'M-2019-77',
      creditorId: 'DE98ZZZ09999999999',
      endToEndId: null,
      counterparty: { iban: 'DE12500105170648489890', bic: null },
    });
    expect(entries[1]?.transactions[0]?.endToEndId).toBe('RE-2024-003');
  });
});

describe('parseStatementCsv: generic and custom mappings', () => {
  it('reads a Volksbank-like export with the generic column names', () => {
    const file = parseStatementCsv(
      utf8([
        'Bezeichnung Auftragskonto;IBAN Auftragskonto;Buchungstag;Valutadatum;Name Zahlungsbeteiligter;IBAN Zahlungsbeteiligter;Buchungstext;Verwendungszweck;Betrag;Waehrung;Saldo nach Buchung',
        'Geschäftskonto;DE89 3704 0044 0532 0130 00;10.01.2024;10.01.2024;Erika Mustermann;DE02500105170137075030;Gutschrift;RE-7;119,00;EUR;1.119,00',
        'Geschäftskonto;DE89 3704 0044 0532 0130 00;11.01.2024;11.01.2024;Telekom;DE12500105170648489890;Lastschrift;Rechnung 01/24;-39,95;EUR;1.079,05',
      ]),
      'vr.csv',
    );
    expect(file.format).toBe('csv:generic');
    expect(file.statements[0]).toMatchObject({
      account: { iban: 'DE89370400440532013000' },
      openingBalanceCents: 100000,
      closingBalanceCents: 107905,
    });
    expect(file.statements[0]?.entries[1]?.transactions[0]?.counterparty).toEqual({
      name: 'Telekom',
      iban: 'DE12500105170648489890',
      bic: null,
    });
  });

  it('reads a mapping given as JSON: credit and debit columns, ISO dates, decimal point, a line to skip to', () => {
    const mapping = statementCsvMappingSchema.parse(
      JSON.parse(`{
        "bookingDate": "Date",
        "creditAmount": ["Credit", "Haben"],
        "debitAmount": "Debit",
        "remittance": "Memo",
        "counterpartyName": "Party",
        "skipLinesBefore": "^-- transactions",
        "dateFormat": "YYYY-MM-DD",
        "decimal": ".",
        "defaultCurrency": "CHF"
      }`),
    );
    const file = parseStatementCsv(
      utf8([
        'Date,Credit,Debit',
        'Exported,2024-02-01,',
        '-- transactions --',
        'Date,Party,Memo,Credit,Debit',
        '2024-01-03,ACME AG,"Invoice 17,  thanks","1,234.50",',
        '2024-01-04,Bank,Fees,,2.00',
      ]),
      'export.csv',
      { mapping, accountIban: 'ch93 0076 2011 6238 5295 7' },
    );
    expect(file.format).toBe('csv:custom');
    expect(file.statements[0]?.id).toBe('csv:CH9300762011623852957:2024-01-03..2024-01-04');
    expect(
      file.statements[0]?.entries.map((e) => [
        e.direction,
        e.amountCents,
        e.currency,
        e.transactions[0]?.remittance,
      ]),
    ).toEqual([
      ['credit', 123450, 'CHF', ['Invoice 17, thanks']],
      ['debit', 200, 'CHF', ['Fees']],
    ]);
  });

  it('uses options.accountIban only when the file names no account, and "unknown" without any', () => {
    const lines = ['Datum;Betrag;Verwendungszweck', '01.03.2024;10,00;Test'];
    expect(parseStatementCsv(utf8(lines), 'x.csv').statements[0]?.id).toBe(
      'csv:unknown:2024-03-01..2024-03-01',
    );
    expect(
      parseStatementCsv(utf8(DKB), 'dkb.csv', { accountIban: 'DE89370400440532013000' }).statements[0]
        ?.account.iban,
    ).toBe('DE02120300000000202051');
  });

  it('reads a preset given by name, also when another would be detected', () => {
    const file = parseStatementCsv(utf8(SPARKASSE), 'umsaetze.csv', { preset: 'generic' });
    expect(file.format).toBe('csv:generic');
    expect(file.statements).toHaveLength(2);
  });

  it('gives no statements for a header without rows', () => {
    expect(parseStatementCsv(utf8([SPARKASSE_HEADER]), 'leer.csv')).toEqual({
      format: 'csv:sparkasse',
      statements: [],
    });
  });

  it('reads every signed amount in German notation back to its cents', () => {
    const german = (cents: number) => {
      const whole = Math.floor(Math.abs(cents) / 100)
        .toString()
        .replace(/\B(?=(\d{3})+$)/g, '.');
      return `${cents < 0 ? '-' : ''}${whole},${String(Math.abs(cents) % 100).padStart(2, '0')}`;
    };
    fc.assert(
      fc.property(fc.integer({ min: -1e11, max: 1e11 }), (cents) => {
        const file = parseStatementCsv(
          utf8([
            SPARKASSE_HEADER,
            `"DE1";"01.02.24";"";"";"";"";"";"";"";"";"";"";"";"";"${german(cents)}";"EUR";""`,
          ]),
          'p.csv',
        );
        const entry = file.statements[0]?.entries[0];
        expect(entry?.direction).toBe(cents < 0 ? 'debit' : 'credit');
        expect(entry?.amountCents).toBe(Math.abs(cents));
      }),
      { numRuns: 200 },
    );
  });
});

describe('statementCsvMappingSchema', () => {
  it('accepts every preset', () => {
    for (const preset of Object.values(STATEMENT_CSV_PRESETS))
      expect(statementCsvMappingSchema.safeParse(preset.mapping).success).toBe(true);
  });

  it('rejects a mapping without an amount, with an unknown key or a broken pattern', () => {
    const issues = (value: unknown) => {
      const result = statementCsvMappingSchema.safeParse(value);
      return result.success ? [] : result.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
    };
    expect(issues({ bookingDate: 'Datum' })).toEqual([
      'amount: give amount, or both creditAmount and debitAmount',
    ]);
    expect(issues({ bookingDate: 'Datum', creditAmount: 'Haben' })).toHaveLength(1);
    expect(issues({ bookingDate: 'Datum', amount: 'Betrag', bookingdate: 'x' })[0]).toMatch(/bookingdate/);
    expect(issues({ bookingDate: 'Datum', amount: 'Betrag', skipLinesBefore: '(' })).toEqual([
      'skipLinesBefore: expected a regular expression',
    ]);
    expect(issues({ bookingDate: [], amount: 'Betrag' })).toHaveLength(1);
  });
});

describe('detectStatementCsvPreset', () => {
  it('recognises each bank by its header line, also after metadata lines', () => {
    expect(detectStatementCsvPreset(SPARKASSE.join('\n'))).toBe('sparkasse');
    expect(detectStatementCsvPreset(ING.join('\n'))).toBe('ing');
    expect(detectStatementCsvPreset(DKB.join('\n'))).toBe('dkb');
    expect(detectStatementCsvPreset('Date,Amount,Reference\n2024-01-01,1.00,x')).toBe('generic');
  });

  it('recognises no invoice list and no other text', () => {
    const invoices = 'Rechnungsnummer;Kundennummer;Rechnungsdatum;Betrag\nRE-1;K1;01.02.2024;100,00';
    expect(detectStatementCsvPreset(invoices)).toBeUndefined();
    expect(looksLikeStatementCsv(invoices)).toBe(false);
    expect(looksLikeStatementCsv(':20:STARTUMS\n:25:12345678/1234567890')).toBe(false);
    expect(looksLikeStatementCsv(DKB.join('\n'))).toBe(true);
  });
});

describe('parseStatementCsv: errors', () => {
  it('lists every bad value with line, header and what was expected, located at the first', () => {
    const lines = [...SPARKASSE];
    lines[3] = lines[3]?.replace('"-84,00"', '"abc"') as string;
    lines[4] = lines[4]?.replace('"05.01.24"', '"31.02.24"').replace('"EUR"', '"Euro"') as string;
    lines[6] = lines[6]?.replace('"04.01.24";"04.01.24"', '"";"4.1.2024x"') as string;
    const error = errorOf(() => parseStatementCsv(utf8(lines), 'umsaetze.csv'));
    expect(error).toBeInstanceOf(StatementFormatError);
    expect(error.location).toEqual({ line: 4 });
    expect(error.problems.map((p) => `${p.line} ${p.column}`)).toEqual([
      '4 Betrag',
      '5 Buchungstag',
      '5 Waehrung',
      '7 Buchungstag',
      '7 Valutadatum',
    ]);
    expect(error.message).toBe(
      [
        'umsaetze.csv:4: 5 problems, nothing was read:',
        '  line 4, "Betrag": expected an amount like 1.234,56, got "abc"',
        '  line 5, "Buchungstag": no such day: "31.02.24"',
        '  line 5, "Waehrung": expected a currency code like EUR, got "Euro"',
        '  line 7, "Buchungstag": is empty; expected a date like 31.12.24',
        '  line 7, "Valutadatum": expected a date like 31.12.24, got "4.1.2024x"',
      ].join('\n'),
    );
  });

  it('names a single problem without a count', () => {
    const lines = ING.map((l) => l.replace('15.01.2024;15.01.2024', '15.01.24;15.01.2024'));
    expect(() => parseStatementCsv(cp1252(lines), 'ing.csv')).toThrow(
      'ing.csv:15: line 15, "Buchung": expected a date like 31.12.2024, got "15.01.24" (the year with four digits)',
    );
  });

  it('reports an empty file', () => {
    expect(() => parseStatementCsv(new Uint8Array(), 'leer.csv')).toThrow(
      'leer.csv:1: line 1: the file is empty; expected a bank statement CSV with a header line',
    );
    expect(() => parseStatementCsv(utf8(['', '  ']), 'leer.csv')).toThrow(StatementCsvError);
  });

  it('names the expected headers when no preset matches', () => {
    const error = errorOf(() => parseStatementCsv(utf8(['Foo;Bar', '1;2']), 'x.csv'));
    expect(error.problems).toHaveLength(1);
    expect(error.message).toMatch(/^x\.csv:1: line 1: no bank statement header found in the first 40 lines/);
    expect(error.message).toContain('Sparkasse CSV-CAMT (Auftragskonto;Buchungstag;');
    expect(error.message).toContain('DKB (since 2023) (Buchungsdatum;Zahlungspflichtige*r;');
    expect(error.message).toContain('an amount column (Betrag, Betrag (EUR), Umsatz, Amount)');
  });

  it('names a missing required column at the likeliest header line', () => {
    const lines = ['Konto;DE89370400440532013000', 'Buchungstag;Verwendungszweck;Waehrung', '01.01.24;x;EUR'];
    const error = errorOf(() => parseStatementCsv(utf8(lines), 'x.csv', { preset: 'sparkasse' }));
    expect(error.message).toBe('x.csv:2: line 2, "Betrag": missing column; expected one named Betrag');
  });

  it('names credit and debit columns as the alternative to an amount column', () => {
    const error = errorOf(() =>
      parseStatementCsv(utf8(['Datum;Text', '01.01.24;x']), 'x.csv', { preset: 'generic' }),
    );
    expect(error.problems[0]?.message).toBe(
      'missing column; expected one named Betrag or Betrag (EUR) or Umsatz or Amount, or both Haben and Soll',
    );
  });

  it('reports a row with more fields than the header and a quote never closed', () => {
    const error = errorOf(() =>
      parseStatementCsv(utf8(['Datum;Betrag', '01.01.24;1,00;extra', '02.01.24;"2,00']), 'x.csv'),
    );
    expect(error.problems.map(({ line, column }) => `${line} ${column}`)).toEqual(['2 column 3', '3 Betrag']);
    expect(error.problems[0]?.message).toContain('a ; inside a value must be quoted');
  });

  it('reports credit and debit both empty or both given', () => {
    const mapping = statementCsvMappingSchema.parse({
      bookingDate: 'Datum',
      creditAmount: 'Haben',
      debitAmount: 'Soll',
    });
    const error = errorOf(() =>
      parseStatementCsv(
        utf8(['Datum;Soll;Haben', '01.01.24;;', '02.01.24;1,00;2,00', '03.01.24;0,00;5,00']),
        'x.csv',
        {
          mapping,
        },
      ),
    );
    expect(error.problems.map(show)).toEqual([
      '2 Haben: and "Soll" are both empty; expected an amount in one of them',
      '3 Haben: and "Soll" both have an amount; expected one of them only',
    ]);
    function show(p: { line: number; column: string; message: string }) {
      return `${p.line} ${p.column}: ${p.message}`;
    }
  });

  it('rejects an unknown preset and a preset given together with a mapping', () => {
    expect(() => parseStatementCsv(utf8(DKB), 'dkb.csv', { preset: 'postbank' })).toThrow(
      'dkb.csv: unknown CSV preset "postbank"; known are sparkasse, dkb, ing, generic',
    );
    const mapping = STATEMENT_CSV_PRESETS.dkb?.mapping;
    expect(() => parseStatementCsv(utf8(DKB), 'dkb.csv', { preset: 'dkb', mapping })).toThrow(
      'give either a preset or a mapping',
    );
  });
});
