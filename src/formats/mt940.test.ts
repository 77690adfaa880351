import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type StatementEntry, StatementFormatError, type StatementTransaction } from './bank-statement.ts';
import { looksLikeMt940, parseMt940, readMt940Events } from './mt940.ts';

const HEADER = ['{1:F01COBADEFFAXXX0000000000}{2:I940COBADEFFXXXXN}{4:'];

/** A minimal statement around the given :61:/:86: lines. */
function statement(body: string[], options: { reference?: string; sequence?: string } = {}): string[] {
  return [
    `:20:${options.reference ?? 'STARTUMSE'}`,
    ':25:50010517/0123456789',
    ...(options.sequence === undefined ? [] : [`:28C:${options.sequence}`]),
    ':60F:C240101EUR1000,00',
    ...body,
    ':62F:C240131EUR1000,00',
    '-',
  ];
}

function parseLines(lines: string[], eol = '\n') {
  return parseMt940(lines.join(eol), 'auszug.sta');
}

function onlyEntry(lines: string[]): StatementEntry {
  const { statements } = parseLines(statement(lines));
  expect(statements).toHaveLength(1);
  expect(statements[0]?.entries).toHaveLength(1);
  return statements[0]!.entries[0]!;
}

function onlyTransaction(lines: string[]): StatementTransaction {
  const entry = onlyEntry(lines);
  expect(entry.transactions).toHaveLength(1);
  return entry.transactions[0]!;
}

function errorOf(lines: string[]): StatementFormatError {
  try {
    parseLines(lines);
  } catch (error) {
    expect(error).toBeInstanceOf(StatementFormatError);
    return error as StatementFormatError;
  }
  throw new Error('expected a StatementFormatError');
}

describe('parseMt940: statements', () => {
  it('reads several statements wrapped in SWIFT blocks, with CRLF, and keeps them in file order', () => {
    const text = [
      ...HEADER,
      ':20:STARTUMSE',
      ':25:DE89370400440532013000  ',
      ':28C:00001/001',
      ':60F:C231229EUR1000,00',
      ':61:2401021229D250,00NDDTNONREF//BANKREF1',
      ':86:105?00SEPA-BASISLASTSCHRIFT?109249?20EREF+INV-2023-12-001?21MREF+M-0815',
      '?22CRED+DE98ZZZ09999999999?23SVWZ+Rechnung 2023-12-001?30COBADEFFXXX',
      '?31DE02120300000000202051?32Stadtwerke Musterstadt',
      ':62F:C240102EUR750,00',
      '-}',
      '',
      ...HEADER,
      ':20:STARTUMSE',
      ':25:DE89370400440532013000',
      ':28C:00002/001',
      ':60F:C240102EUR750,00',
      ':61:240103C119,00NTRFNONREF',
      ':86:166?00GUTSCHRIFT?20SVWZ+RE 4711?32Muster GmbH',
      ':62M:D240103EUR12,50',
      '-}{5:{CHK:123456789ABC}}',
      '',
    ].join('\r\n');

    const { format, statements } = parseMt940(text, 'auszug.sta');

    expect(format).toBe('mt940');
    expect(statements.map((s) => s.id)).toEqual(['STARTUMSE/00001/001', 'STARTUMSE/00002/001']);
    const [first, second] = statements;
    expect(first).toMatchObject({
      account: { iban: 'DE89370400440532013000', currency: 'EUR' },
      sequenceNumber: '00001/001',
      openingBalanceCents: 100000,
      closingBalanceCents: 75000,
      fromDate: '2023-12-29',
      toDate: '2024-01-02',
    });
    expect(first?.entries[0]).toEqual({
      bookingDate: '2023-12-29',
      valueDate: '2024-01-02',
      amountCents: 25000,
      currency: 'EUR',
      direction: 'debit',
      reversal: false,
      status: 'BOOK',
      bankReference: 'BANKREF1',
      bankTransactionCode: 'GVC 105',
      bookingText: 'SEPA-BASISLASTSCHRIFT',
      transactions: [
        {
          amountCents: 25000,
          currency: 'EUR',
          endToEndId: 'INV-2023-12-001',
          mandateId: 'M-0815',
          remittance: ['Rechnung 2023-12-001'],
          creditorReference: null,
          counterparty: {
            name: 'Stadtwerke Musterstadt',
            iban: 'DE02120300000000202051',
            bic: 'COBADEFFXXX',
          },
          returnReason: null,
          creditorId: 'DE98ZZZ09999999999',
          originalAmountCents: null,
          chargesCents: null,
        },
      ],
    });
    expect(second?.closingBalanceCents).toBe(-1250);
    expect(second?.entries.map((e) => [e.direction, e.amountCents, e.transactions[0]?.remittance])).toEqual([
      ['credit', 11900, ['RE 4711']],
    ]);
  });

  it('reads LF files, leading blank and "-" lines, trailing spaces, and a BOM', () => {
    const text = `\uFEFF\n-\n\n${statement([':61:240115C10,00NTRFNONREF   ', ':86:166?00GUTSCHRIFT   ']).join('\n')}\n\n`;
    const [s] = parseMt940(text, 'a.sta').statements;
    expect(s?.entries[0]).toMatchObject({
      amountCents: 1000,
      bookingText: 'GUTSCHRIFT',
      valueDate: '2024-01-15',
    });
  });

  it('names statements with :20: and :28C:, numbering ids that repeat in the file', () => {
    const { statements } = parseLines([
      ...statement([], { reference: 'STARTUMS', sequence: '0' }),
      ...statement([], { reference: 'STARTUMS', sequence: '0' }),
      ...statement([], { reference: 'OTHER' }),
    ]);
    expect(statements.map((s) => [s.id, s.sequenceNumber])).toEqual([
      ['STARTUMS/0#1', '0'],
      ['STARTUMS/0#2', '0'],
      ['OTHER', null],
    ]);
  });

  it('keeps a :86: with its :61: across a skipped tag such as :NS:', () => {
    const entry = onlyEntry([':61:240115C1,00NTRFNONREF', ':NS:22Kontoinfo', ':86:166?00GUTSCHRIFT']);
    expect(entry.bookingText).toBe('GUTSCHRIFT');
  });

  it('reads a debit balance as negative and a debit zero as zero', () => {
    const [s] = parseLines([
      ':20:X',
      ':25:1/2',
      ':60F:D240101EUR0,00',
      ':62F:D240131EUR1234,5',
      '-',
    ]).statements;
    expect(Object.is(s?.openingBalanceCents, 0)).toBe(true);
    expect(s?.closingBalanceCents).toBe(-123450);
  });

  it('ignores statement-level :86: fields and tags it has no use for', () => {
    const { statements } = parseLines([
      ':20:X',
      ':21:NONREF',
      ':25:1/2',
      ':28C:1',
      ':60F:C240101EUR0,00',
      ':86:Kontoauszug Januar',
      ':61:240102C1,00NTRFNONREF',
      ':62F:C240131EUR1,00',
      ':64:C240131EUR1,00',
      ':65:C240201EUR1,00',
      ':86:Ende des Auszugs',
    ]);
    expect(statements[0]?.entries).toHaveLength(1);
    expect(statements[0]?.entries[0]?.transactions[0]?.remittance).toEqual([]);
    expect(statements[0]?.entries[0]?.bookingText).toBeNull();
  });
});

describe('readMt940Events', () => {
  it('hands on the header at the first :61:, each entry as read, and the closing balance at the end', () => {
    const text = statement(
      [':61:240115C10,00NTRFNONREF', ':86:166?00GUTSCHRIFT', ':61:240116D2,50NTRFNONREF'],
      {
        sequence: '00001/001',
      },
    ).join('\r\n');
    const events = [...readMt940Events(text, 'a.sta')];
    expect(events.map((e) => e.kind)).toEqual(['format', 'statement', 'entry', 'entry', 'end']);
    expect(events[1]).toMatchObject({
      statement: { id: 'STARTUMSE/00001/001', openingBalanceCents: 1000_00, closingBalanceCents: null },
    });
    expect(events.at(-1)).toMatchObject({
      statement: { id: 'STARTUMSE/00001/001', closingBalanceCents: 1000_00, toDate: '2024-01-31' },
    });
    expect(events[3]).toMatchObject({ entry: { amountCents: 250, direction: 'debit', bookingText: null } });
  });

  it('hands on the statements before a broken line, then throws naming it', () => {
    const text = [...statement([':61:240115C10,00NTRFNONREF']), 'no tag here'].join('\n');
    const kinds: string[] = [];
    expect(() => {
      for (const event of readMt940Events(text, 'a.sta')) kinds.push(event.kind);
    }).toThrow('a.sta:7: expected an MT940 tag such as :20:, got "no tag here"');
    expect(kinds).toEqual(['format', 'statement', 'entry']);
  });

  it('numbers an id that repeats later in the file already in its first header', () => {
    const text = [...statement([':61:240115C1,00NTRFNONREF']), ...statement([])].join('\n');
    const headers = [...readMt940Events(text, 'a.sta')].flatMap((e) =>
      e.kind === 'statement' ? [e.statement.id] : [],
    );
    expect(headers).toEqual(['STARTUMSE#1', 'STARTUMSE#2']);
  });
});

describe('parseMt940: :61: statement lines', () => {
  it.each([
    ['C', 'credit', false],
    ['D', 'debit', false],
    ['RC', 'debit', true],
    ['RD', 'credit', true],
  ] as const)('reads mark %s as a %s with reversal %s', (mark, direction, reversal) => {
    expect(onlyEntry([`:61:2401150115${mark}12,34NTRFNONREF`])).toMatchObject({
      direction,
      reversal,
      amountCents: 1234,
    });
  });

  it('skips the funds code after the mark (D + R is a debit, not a reversal)', () => {
    expect(onlyEntry([':61:1902180218DR20,00N037NONREF'])).toMatchObject({
      direction: 'debit',
      reversal: false,
      amountCents: 2000,
      bankReference: null,
    });
  });

  it('reads amounts from their digits: no decimals, one decimal, large amounts', () => {
    expect(onlyEntry([':61:240115C12,NTRFNONREF']).amountCents).toBe(1200);
    expect(onlyEntry([':61:240115C0,1NTRFNONREF']).amountCents).toBe(10);
    expect(onlyEntry([':61:240115C123456789012,34NTRFNONREF']).amountCents).toBe(12345678901234);
  });

  it.each([
    ['2401150115', '2024-01-15', '2024-01-15'],
    ['240102', '2024-01-02', '2024-01-02'],
    ['2401021231', '2024-01-02', '2023-12-31'],
    ['2312310102', '2023-12-31', '2024-01-02'],
    ['2402290301', '2024-02-29', '2024-03-01'],
  ])('reads dates %s as value %s, booking %s', (dates, valueDate, bookingDate) => {
    expect(onlyEntry([`:61:${dates}C1,00NTRFNONREF`])).toMatchObject({ valueDate, bookingDate });
  });

  it('reads customer and bank reference, NONREF as absent, and the space Deutsche Bank puts after the amount', () => {
    expect(onlyEntry([':61:2006080608D12,35 NRTIKREF+//2016021783252833']).bankReference).toBe(
      '2016021783252833',
    );
    expect(onlyEntry([':61:240115C1,00NTRFREF1//NONREF']).bankReference).toBeNull();
    expect(onlyEntry([':61:240115C1,00NMSC']).bankReference).toBeNull();
  });

  it('reads original amount and charges from /OCMT/ and /CHGS/ in the supplementary details', () => {
    const transaction = onlyTransaction([
      ':61:2006080608D12,35NRTIKREF+//2016021783252833',
      '/OCMT/EUR11,85//CHGS/EUR0,50/',
      ':86:109?00SEPA-LASTSCHR. RETOURE CORE?20SVWZ+Rechnung 1',
    ]);
    expect(transaction).toMatchObject({ amountCents: 1235, originalAmountCents: 1185, chargesCents: 50 });
  });

  it('does not take /OCMT/ in another currency as the original amount', () => {
    const transaction = onlyTransaction([':61:240115D92,00NTRFNONREF', '/OCMT/USD100,00/']);
    expect(transaction.originalAmountCents).toBeNull();
  });
});

describe('parseMt940: :86: details', () => {
  it('joins wrapped lines, also inside a keyword and between "?" and the subfield code', () => {
    const transaction = onlyTransaction([
      ':61:2006080608D12,35NRTIKREF+//2016021783252833',
      ':86:109?00SEPA-LASTSCHR. RETOURE CORE?109075/629?20EREF+A1.200080779.',
      '400143254?21.4961336 KREF+SEPA-DA202006?2201221740-34972000-P1 MR',
      'EF+2?230852HW2723821 CRED+DE41EON0?240000129793 OAMT+11,85 SVWZ+?',
      '25SONSTIGE GRUENDE ENDABRECHN?26UNG NR. 500106875 ZU VERTRA?2740',
      '0143254, KUNDENNUM MER 2?2802227779?30CSDBDE71XXX?31DE50712345600',
      '200691329?32TESTER?33EL',
    ]);
    expect(transaction).toMatchObject({
      endToEndId: 'A1.200080779.400143254.4961336',
      mandateId: '20852HW2723821',
      creditorId: 'DE41EON00000129793',
      originalAmountCents: 1185,
      remittance: [
        'SONSTIGE GRUENDE ENDABRECHNUNG NR. 500106875 ZU VERTRA400143254, KUNDENNUM MER 202227779',
      ],
      counterparty: { name: 'TESTEREL', iban: 'DE50712345600200691329', bic: 'CSDBDE71XXX' },
    });
  });

  it('cuts the remittance at every keyword: KREF, ABWA, ABWE and PURP do not leak into the purpose', () => {
    const transaction = onlyTransaction([
      ':61:240115C50,00NSTONONREF',
      ':86:152?00DA-GUTSCHRIFT?20EREF+E2E-1?21KREF+K-1?22PURP+RINP?23ABWA+Oma Erna?24SVWZ+Spende Januar',
      '?25ABWE+Verein e.V.?32Erna Meyer',
    ]);
    expect(transaction).toMatchObject({
      endToEndId: 'E2E-1',
      remittance: ['Spende Januar'],
      counterparty: { name: 'Erna Meyer', iban: null, bic: null },
    });
  });

  it('reads NOTPROVIDED as absent', () => {
    const transaction = onlyTransaction([
      ':61:240115C50,00NTRFNONREF',
      ':86:166?00GUTSCHRIFT?20EREF+NOTPROVIDED?21SVWZ+Miete',
    ]);
    expect(transaction).toMatchObject({ endToEndId: null, remittance: ['Miete'] });
  });

  it('takes the whole remittance text when there is no SVWZ+, joining subfields without a space', () => {
    const transaction = onlyTransaction([
      ':61:240115C50,00NTRFNONREF',
      ':86:166?00GUTSCHRIFT?20Rechnung 4711 vom 02.01.?212024 Kunde 0815?32Muster GmbH',
    ]);
    expect(transaction.remittance).toEqual(['Rechnung 4711 vom 02.01.2024 Kunde 0815']);
  });

  it('falls back to IBAN+ and BIC+ when ?31 holds an account number and ?30 a bank code', () => {
    const transaction = onlyTransaction([
      ':61:240115C50,00NTRFNONREF',
      ':86:166?00GUTSCHRIFT?20IBAN+DE02120300000000202051?21BIC+BYLADEM1001?22SVWZ+RE 1',
      '?3012030000?310000202051?32Max Muster',
    ]);
    expect(transaction.counterparty).toEqual({
      name: 'Max Muster',
      iban: 'DE02120300000000202051',
      bic: 'BYLADEM1001',
    });
  });

  it('leaves IBAN and BIC empty when ?31/?30 are an account number and a BLZ', () => {
    const transaction = onlyTransaction([
      ':61:240115C50,00NTRFNONREF',
      ':86:051?00UEBERWEISUNG?20RE 1?3050010517?310123456789?32Max Muster',
    ]);
    expect(transaction.counterparty).toEqual({ name: 'Max Muster', iban: null, bic: null });
  });

  it('reads the subfield separator from the fourth character', () => {
    const entry = onlyEntry([':61:240115C50,00NTRFNONREF', ':86:166>00GUTSCHRIFT>20SVWZ+Test? ja>32Max']);
    expect(entry.bookingText).toBe('GUTSCHRIFT');
    expect(entry.transactions[0]).toMatchObject({ remittance: ['Test? ja'], counterparty: { name: 'Max' } });
  });

  it('keeps unstructured :86: text as one remittance line with no transaction code', () => {
    // A full 65-character line was wrapped mid-word by the bank; shorter lines end where the writer ended them.
    const fullLine = ':86:Rechnung 4711 Kundennr. 0815 Zahlung fuer Wartungsvertrag Jan';
    expect(fullLine).toHaveLength(65);
    const entry = onlyEntry([':61:240115C50,00NTRFNONREF', fullLine, 'uar 2024', 'Danke']);
    expect(entry.bankTransactionCode).toBeNull();
    expect(entry.bookingText).toBeNull();
    expect(entry.transactions[0]?.remittance).toEqual([
      'Rechnung 4711 Kundennr. 0815 Zahlung fuer Wartungsvertrag Januar 2024 Danke',
    ]);
  });
});

describe('parseMt940: returns', () => {
  it('finds the return reason, original amount and compensation of a returned direct debit', () => {
    const transaction = onlyTransaction([
      ':61:240115D103,00NRTINONREF',
      ':86:109?00SEPA-LASTSCHR. RETOURE CORE?20EREF+INV-1?21MREF+M-1',
      '?22CRED+DE98ZZZ09999999999?23OAMT+100,00 COAM+3,00?24SVWZ+RUECKLASTSCHRIFT MD06',
      '?25WIDERSPRUCH?32Kunde AG?34912',
    ]);
    expect(transaction).toMatchObject({
      returnReason: 'MD06',
      originalAmountCents: 10000,
      chargesCents: 300,
      creditorId: 'DE98ZZZ09999999999',
    });
  });

  it.each([
    ['RTRN+ keyword', ':86:166?00GUTSCHRIFT?20RTRN+AC04?21SVWZ+Ihre Zahlung'],
    ['/RTRN/ code', ':86:159?00UEBERWEISUNG RETOURE?20/RTRN/AC04/ KONTO AUFGELOEST'],
    [
      'code in the text of a return',
      ':86:159?00SEPA-UEBERW. RETOURE?20SVWZ+Ruecküberweisung?21AC04 KONTO ERLOSCHEN',
    ],
  ])('reads the return reason from a %s', (_, details) => {
    expect(onlyTransaction([':61:240115C10,00NTRFNONREF', details]).returnReason).toBe('AC04');
  });

  it('finds no return reason outside a return, nor in IBANs or creditor ids', () => {
    expect(
      onlyTransaction([':61:240115C10,00NTRFNONREF', ':86:166?00GUTSCHRIFT?20SVWZ+Rechnung AC04'])
        .returnReason,
    ).toBeNull();
    expect(
      onlyTransaction([
        ':61:240115D10,00NRTINONREF',
        ':86:109?00SEPA-LASTSCHR. RETOURE CORE?20CRED+DE41EON00000129793?21SVWZ+SONSTIGE GRUENDE',
      ]).returnReason,
    ).toBeNull();
  });
});

describe('parseMt940: errors name the line and what was expected', () => {
  it.each([
    [':61:2X0101C1,00NTRFNONREF', 4, ':61: expected value date YYMMDD, got "2X0101"'],
    [':61:2401151332C1,00NTRFNONREF', 4, ':61: expected booking date MMDD, got "1332"'],
    [':61:240231C1,00NTRFNONREF', 4, ':61: expected value date YYMMDD, got "240231"'],
    [
      ':61:240115X1,00NTRFNONREF',
      4,
      ':61: expected debit/credit mark C, D, RC or RD after the date, got "X1,00NTRFNONREF"',
    ],
    [
      ':61:240115C1.00NTRFNONREF',
      4,
      ':61: expected an amount with decimal comma such as 12,35, got "1.00NTRFNONREF"',
    ],
    [
      ':61:240115C1,234NTRFNONREF',
      4,
      ':61: expected an amount with decimal comma such as 12,35, got "1,234NTRFNONREF"',
    ],
    [
      ':61:240115C1,00//REF',
      4,
      ':61: expected a transaction type such as NTRF after the amount, got "//REF"',
    ],
  ])('%s', (line61, line, message) => {
    const error = errorOf(statement([line61, ':86:166?00GUTSCHRIFT']));
    expect(error.location).toEqual({ line });
    expect(error.message).toBe(`auszug.sta:${line}: ${message}`);
  });

  it('rejects a malformed balance', () => {
    const error = errorOf([':20:X', ':25:1/2', ':60F:C240101EUR1000', ':62F:C240131EUR1,00']);
    expect(error.message).toBe(
      'auszug.sta:3: :60F: expected an amount with decimal comma such as 1234,56, got "1000"',
    );
    expect(errorOf([':20:X', ':25:1/2', ':60F:X240101EUR1,00']).message).toContain(':60F: expected C or D');
    expect(errorOf([':20:X', ':25:1/2', ':60F:C240101E1,00']).message).toContain('expected a currency code');
  });

  it('rejects a closing balance in another currency than the opening balance', () => {
    expect(errorOf([':20:X', ':25:1/2', ':60F:C240101EUR0,00', ':62F:C240131USD0,00']).message).toBe(
      'auszug.sta:4: closing balance: expected currency EUR as in the opening balance, got USD',
    );
  });

  it('rejects tags before the first :20:', () => {
    expect(errorOf(['', ':25:1/2', ':20:X']).message).toBe(
      'auszug.sta:2: expected :20: to start a statement before :25:',
    );
  });

  it('rejects a :61: before the opening balance and after the closing balance', () => {
    expect(errorOf([':20:X', ':25:1/2', ':61:240115C1,00NTRFNONREF']).message).toBe(
      'auszug.sta:3: :61: expected the opening balance :60F: first (it gives the currency)',
    );
    expect(
      errorOf([':20:X', ':25:1/2', ':60F:C240101EUR0,', ':62F:C240101EUR0,', ':61:240115C1,00NTRFNONREF'])
        .location,
    ).toEqual({ line: 5 });
  });

  it('rejects a statement that is cut off or lacks its account', () => {
    expect(errorOf([':20:A', ':25:1/2', ':60F:C240101EUR0,00', ':61:240115C1,00NTRFNONREF']).message).toBe(
      'auszug.sta:1: the statement starting here has no closing balance :62F: (is the file cut off?)',
    );
    expect(errorOf([...statement([]), ':20:B', ':60F:C240101EUR0,00', ':62F:C240101EUR0,00']).message).toBe(
      'auszug.sta:6: the statement starting here has no :25: account',
    );
  });

  it('rejects text that is neither a tag nor a continuation', () => {
    expect(errorOf([':20:A', ':25:1/2', 'oops']).message).toBe(
      'auszug.sta:3: expected a new tag after the one-line :25:, got "oops"',
    );
    expect(errorOf(['Datum;Betrag', '01.01.2024;12,00']).location).toEqual({ line: 1 });
  });

  it('rejects two :86: for one :61:', () => {
    expect(errorOf(statement([':61:240115C1,00NTRFNONREF', ':86:166?00A', ':86:166?00B'])).message).toBe(
      'auszug.sta:6: :86: expected one :86: per :61:, the one for line 4 is on line 5',
    );
  });

  it('rejects a file without statements', () => {
    expect(errorOf(['', '-', '']).message).toBe(
      'auszug.sta:1: expected an MT940 statement starting with :20:, found none',
    );
  });
});

describe('looksLikeMt940', () => {
  it.each([
    ['a plain statement', statement([]).join('\n')],
    ['a statement after blank and "-" lines', `\r\n-\r\n\r\n${statement([]).join('\r\n')}`],
    ['a SWIFT block header', [...HEADER, ...statement([])].join('\n')],
    ['a statement without :28C: going straight to :61:', ':20:X\n:25:1/2\n:61:240115C1,00NTRFNONREF\n'],
  ])('recognises %s', (_, text) => {
    expect(looksLikeMt940(text)).toBe(true);
  });

  it.each([
    ['a CSV export', 'Buchungstag;Valuta;Betrag\n01.01.2024;01.01.2024;12,00\n'],
    ['camt XML', '<?xml version="1.0"?><Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.08"/>'],
    ['an empty file', ''],
    ['a :20: without balance or entries', ':20:X\n:25:1/2\n'],
  ])('rejects %s', (_, text) => {
    expect(looksLikeMt940(text)).toBe(false);
  });
});

describe('parseMt940: properties', () => {
  it('reads every amount back to the cents it was written from', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER }), (cents) => {
        const written = `${Math.trunc(cents / 100)},${String(cents % 100).padStart(2, '0')}`;
        expect(onlyEntry([`:61:240115C${written}NTRFNONREF`]).amountCents).toBe(cents);
      }),
    );
  });

  it('reads a text given in pieces cut anywhere, also between CR and LF, as the same text whole', () => {
    const text = [
      '\uFEFF{1:F01COBADEFFAXXX0000000000}{2:I940COBADEFFXXXXN}{4:',
      ...statement(
        [
          ':61:240115C10,00NTRFNONREF//B1',
          ':86:166?00GUTSCHRIFT?20EREF+E2E-1?21SVWZ+Rechnung RE-1 Kunde K-1 und weiter',
          '?22 noch mehr Text?30COBADEFFXXX?31DE89370400440532013000?32Müller GmbH',
          ':61:240116D2,50NTRFNONREF',
        ],
        { sequence: '00001/001' },
      ),
      '-}',
    ];
    const outcome = (read: () => unknown) => {
      try {
        return read();
      } catch (error) {
        return (error as Error).message;
      }
    };
    fc.assert(
      fc.property(
        fc.constantFrom('\r\n', '\n', '\r'),
        fc.array(fc.nat(), { maxLength: 10 }),
        fc.boolean(),
        (eol, at, broken) => {
          const whole = (broken ? [...text.slice(0, 5), 'kaputt', ...text.slice(5)] : text).join(eol);
          const places = [...new Set(at.map((a) => a % (whole.length + 1)))].sort((a, b) => a - b);
          const pieces = [0, ...places].map((from, i) => whole.slice(from, places[i] ?? whole.length));
          const read = (source: string | (() => string[])) => [...readMt940Events(source, 'a.sta')];
          expect(outcome(() => read(() => pieces))).toEqual(outcome(() => read(whole)));
        },
      ),
      { numRuns: 300 },
    );
  });

  it('either reads a file or throws a StatementFormatError, whatever the text', () => {
    const piece = fc.constantFrom(
      ':20:X',
      ':25:1/2',
      ':28C:1',
      ':60F:C240101EUR1,00',
      ':61:240115C1,00NTRFNONREF',
      ':61:2401',
      ':86:166?00A?20SVWZ+B',
      '?2',
      ':62F:C240131EUR2,00',
      '-',
      '{1:F01}{4:',
      '',
    );
    fc.assert(
      fc.property(fc.array(fc.oneof(piece, fc.string()), { maxLength: 12 }), (lines) => {
        try {
          parseLines(lines);
        } catch (error) {
          expect(error).toBeInstanceOf(StatementFormatError);
        }
      }),
    );
  });
});
