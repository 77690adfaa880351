import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { INVOICE_CSV_COLUMNS, type InvoiceCsvResult, parseInvoiceCsv } from './invoice-csv.ts';

const HEADER =
  'Rechnungsnummer;Kundennummer;Kundenname;Kundenart;Rechnungsdatum;Fälligkeit;Brutto;Netto;MwSt';

function parse(text: string, fileName = 'rechnungen.csv'): InvoiceCsvResult {
  return parseInvoiceCsv(Buffer.from(text, 'utf8'), fileName);
}

function ok(result: InvoiceCsvResult) {
  if (!result.ok) throw new Error(`expected no errors, got ${JSON.stringify(result.errors, null, 2)}`);
  return result;
}

function errorsOf(result: InvoiceCsvResult) {
  if (result.ok) throw new Error('expected errors');
  return result.errors.map((e) => `${e.line}:${e.column}: ${e.message}`);
}

describe('parseInvoiceCsv', () => {
  it('reads German headers, semicolons and decimal commas into rows and customers', () => {
    const result = ok(
      parse(
        [
          HEADER,
          'RE-1;K1;Müller GmbH;gewerblich;01.02.2024;02.03.2024;1.190,00;1.000,00;190,00',
          'RE-2;K1;Müller GmbH;Unternehmen;2024-02-05;;119,00;100;',
          'RE-3;K2;Erika Mustermann;privat;05.02.2024;;50,00;;',
        ].join('\r\n'),
      ),
    );
    expect(result.delimiter).toBe(';');
    expect(result.encoding).toBe('utf-8');
    expect(result.totalCents).toBe(119000 + 11900 + 5000);
    expect(result.rows).toEqual([
      {
        line: 2,
        invoiceNumber: 'RE-1',
        customerNumber: 'K1',
        invoiceDate: '2024-02-01',
        dueDate: '2024-03-02',
        paymentDays: 30,
        currency: 'EUR',
        grossCents: 119000,
        netCents: 100000,
        vatCents: 19000,
      },
      expect.objectContaining({
        line: 3,
        paymentDays: 14,
        dueDate: '2024-02-19',
        netCents: 10000,
        vatCents: 1900,
      }),
      expect.objectContaining({ line: 4, grossCents: 5000, netCents: 5000, vatCents: 0 }),
    ]);
    expect(result.customers).toEqual([
      {
        line: 2,
        rowCount: 2,
        number: 'K1',
        name: 'Müller GmbH',
        debtorKind: 'business',
        language: 'de',
        email: null,
        address: null,
      },
      expect.objectContaining({ number: 'K2', debtorKind: 'consumer', rowCount: 1 }),
    ]);
  });

  it('reads English headers, commas, decimal points, payment days and the customer address', () => {
    const result = ok(
      parse(
        [
          'invoice_number,customer_number,customer_name,debtor_kind,invoice_date,payment_days,amount,vat,currency,email,street,postal code,city,country,language',
          'INV-7,C-1,"Smith, Jones & Co",B2B,2024-03-01,30,"1,190.00",190.00,EUR,ap@smith.example,1 High St,EC1A 1BB,London,GB,en',
        ].join('\n'),
      ),
    );
    expect(result.delimiter).toBe(',');
    expect(result.rows[0]).toMatchObject({
      dueDate: '2024-03-31',
      paymentDays: 30,
      netCents: 100000,
      vatCents: 19000,
    });
    expect(result.customers[0]).toEqual({
      line: 2,
      rowCount: 1,
      number: 'C-1',
      name: 'Smith, Jones & Co',
      debtorKind: 'business',
      language: 'en',
      email: 'ap@smith.example',
      address: { street: '1 High St', postalCode: 'EC1A 1BB', city: 'London', country: 'GB' },
    });
  });

  it('accepts header names in any case and spelling of umlauts, and lists unknown columns as ignored', () => {
    const result = ok(
      parse(
        'RECHNUNGSNR.;kundennr;NAME;schuldnerart;rechnungsdatum;Faellig;Betrag;Kostenstelle\nR1;K1;A;Verbraucher;1.1.2024;15.1.2024;10;4711\n',
      ),
    );
    expect(result.rows[0]).toMatchObject({ invoiceNumber: 'R1', dueDate: '2024-01-15', grossCents: 1000 });
    expect(result.ignoredColumns).toEqual(['Kostenstelle']);
    expect(result.columns.dueDate).toBe('Faellig');
  });

  it('reads Windows-1252 bytes with umlauts and the euro sign', () => {
    const text = `${HEADER}\nRE-1;K1;Bäckerei Größe €;privat;01.02.2024;;12,50;;\n`;
    const bytes = Buffer.from(text.replace('€', '\u0080'), 'latin1'); // 0x80 is € in Windows-1252
    const result = ok(parseInvoiceCsv(bytes, 'ansi.csv'));
    expect(result.encoding).toBe('windows-1252');
    expect(result.customers[0]?.name).toBe('Bäckerei Größe €');
    expect(result.columns.dueDate).toBe('Fälligkeit');
  });

  it('reads UTF-16 with a byte order mark, as Excel saves "Unicode text"', () => {
    const text = `${HEADER}\nRE-1;K1;Bäckerei;privat;01.02.2024;;12,50;;\n`;
    const bytes = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
    const result = ok(parseInvoiceCsv(bytes, 'unicode.csv'));
    expect(result.encoding).toBe('utf-16le');
    expect(result.customers[0]?.name).toBe('Bäckerei');
  });

  it('does not take names of object properties for words of its tables', () => {
    const errors = errorsOf(parse(`${HEADER};Land\nRE-1;K1;A;constructor;01.02.2024;;1;;;toString\n`));
    expect(errors).toEqual([
      expect.stringMatching(/^2:Kundenart: expected privat, .* got "constructor"$/),
      '2:Land: expected a country code like DE, got "toString"',
    ]);
  });

  it('strips the byte order mark Excel writes before UTF-8', () => {
    const result = ok(parse(`\uFEFF${HEADER}\nRE-1;K1;A;privat;01.02.2024;;1;;\n`));
    expect(result.columns.invoiceNumber).toBe('Rechnungsnummer');
  });

  it('follows RFC 4180 quoting: delimiters, doubled quotes and line breaks inside a field', () => {
    const result = ok(
      parse(
        `${HEADER}\nRE-1;K1;"Müller ""Bau""; Söhne\nzweite Zeile";privat;01.02.2024;;1;;\nRE-2;K2;B;privat;01.02.2024;;1;;\n`,
      ),
    );
    expect(result.customers[0]?.name).toBe('Müller "Bau"; Söhne zweite Zeile');
    expect(result.rows.map((r) => r.line)).toEqual([2, 4]);
  });

  it('counts physical lines in error messages, also after quoted line breaks and blank lines', () => {
    const errors = errorsOf(
      parse(`${HEADER}\nRE-1;K1;"A\n\nB";privat;01.02.2024;;1;;\n\nRE-2;K2;B;privat;01.02.2024;;x;;\n`),
    );
    expect(errors).toEqual(['6:Brutto: expected an amount like 1234,56 or 1.234,56 or 1234.56, got "x"']);
  });

  it('uses the delimiter of an Excel "sep=" line and skips that line', () => {
    const result = ok(parse(`sep=,\n${HEADER.replaceAll(';', ',')}\nRE-1,K1,A,privat,01.02.2024,,"1,5",,\n`));
    expect(result.rows[0]).toMatchObject({ line: 3, grossCents: 150 });
  });

  it('reads values spreadsheets protect with ="…"', () => {
    const result = ok(parse(`${HEADER}\n="00123";="0042";A;privat;01.02.2024;;1;;\n`));
    expect(result.rows[0]).toMatchObject({ invoiceNumber: '00123', customerNumber: '0042' });
  });

  it('lists every bad row with line, column and what was expected', () => {
    const result = parse(
      [
        HEADER,
        'RE-1;K1;Müller GmbH;gewerblich;01.02.2024;;119,00;100,00;19,00',
        'RE-2;K2;;sonstwie;31.02.2024;;-5;;',
        'RE-3;K3;C;privat;01.02.2024;01.01.2024;10,00;8,00;1,00',
        'RE-1;K1;Mueller GmbH;privat;01.02.2024;;1.000;;',
        'RE-5;K5;E;privat;01.02.2024;;0;;',
      ].join('\n'),
      'rechnungen.csv',
    );
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors.every((e) => e.file === 'rechnungen.csv')).toBe(true);
    expect(errorsOf(result)).toEqual([
      '3:Rechnungsdatum: no such day: "31.02.2024"',
      '3:Brutto: negative amounts are not imported, got "-5"',
      '3:Kundenname: is empty; a value is required',
      expect.stringMatching(/^3:Kundenart: expected privat, Verbraucher, consumer or B2C .* got "sonstwie"$/),
      '4:Fälligkeit: the due date 2024-01-01 is before the invoice date 2024-02-01',
      '4:Brutto: net 8.00 + VAT 1.00 = 9.00, not 10.00',
      '5:Brutto: "1.000" is ambiguous (thousands or decimals?): write 1234 or 1234,00 or 1.234,00',
      '5:Rechnungsnummer: the invoice number RE-1 appears also on line 2',
      '5:Kundenname: customer K1 has "Müller GmbH" on line 2, not "Mueller GmbH"',
      '5:Kundenart: customer K1 has "business" on line 2, not "consumer"',
      '6:Brutto: is 0; an invoice to collect needs an amount above 0',
    ]);
  });

  it('names every missing required column and stops before the rows', () => {
    const errors = errorsOf(parse('Rechnungsnummer;Name;Betrag\nRE-1;A;x\n'));
    expect(errors).toEqual([
      expect.stringMatching(/^1:Kundennummer: missing column; expected one named Kundennummer or Kundennr/),
      expect.stringMatching(/^1:Kundenart: missing column/),
      expect.stringMatching(/^1:Rechnungsdatum: missing column/),
    ]);
  });

  it('rejects a header that names one column twice', () => {
    const errors = errorsOf(parse(`${HEADER};Betrag\nRE-1;K1;A;privat;01.02.2024;;1;;;1\n`));
    expect(errors).toEqual(['1:Betrag: the same column as Brutto; keep only one of them']);
  });

  it('asks for the whole address when only part of it has a column or a value', () => {
    expect(errorsOf(parse(`${HEADER};PLZ;Ort\nRE-1;K1;A;privat;01.02.2024;;1;;;10115;Berlin\n`))).toEqual([
      expect.stringMatching(/^1:Straße: missing column \(an address needs street, postal code and city\)/),
    ]);
    expect(
      errorsOf(parse(`${HEADER};Straße;PLZ;Ort\nRE-1;K1;A;privat;01.02.2024;;1;;;Hauptstr. 1;;Berlin\n`)),
    ).toEqual(['2:PLZ: is empty; an address needs street, postal code and city']);
  });

  it('requires payment days and due date to agree when both are given', () => {
    const errors = errorsOf(
      parse(
        'Rechnungsnr;Kundennr;Name;Kundenart;Rechnungsdatum;Fälligkeit;Zahlungsziel;Brutto\nR;K;A;privat;01.02.2024;15.02.2024;30;1\n',
      ),
    );
    expect(errors).toEqual([
      '2:Zahlungsziel: 30 days after 2024-02-01 is not the due date 2024-02-15 (14 days)',
    ]);
  });

  it('accepts only euros for now', () => {
    const errors = errorsOf(parse(`${HEADER};Währung\nRE-1;K1;A;privat;01.02.2024;;1;;;USD\n`));
    expect(errors).toEqual(['2:Währung: only EUR is supported for now, got "USD"']);
  });

  it('reports a row with more fields than the header, hinting at unquoted delimiters', () => {
    const errors = errorsOf(parse(`${HEADER}\nRE-1;K1;Müller; Söhne;privat;01.02.2024;;1;0,81;0,19\n`));
    expect(errors).toContain(
      '2:column 10: the row has 10 fields but the header only 9 (a ; inside a value must be quoted)',
    );
  });

  it('reports a quote that is never closed at the line it opens', () => {
    const errors = errorsOf(
      parse(`${HEADER}\nRE-1;K1;A;privat;01.02.2024;;1;;\nRE-2;K2;"B;privat;01.02.2024;;1;;\n`),
    );
    expect(errors).toEqual([expect.stringMatching(/^3:Kundenname: a quote \(".*never closed/)]);
  });

  it('rejects an empty file, a file without rows and a header without delimiters', () => {
    expect(errorsOf(parse(''))).toEqual([expect.stringMatching(/^1:: the file is empty/)]);
    expect(errorsOf(parse('\n ;;\n'))).toEqual([expect.stringMatching(/^2:: the file is empty/)]);
    expect(errorsOf(parse(`${HEADER}\n\n`))).toEqual(['1:: the file has a header but no invoice rows']);
    expect(errorsOf(parse('Rechnungsnummer\nRE-1\n'))).toEqual([
      expect.stringMatching(/^1:: expected a header line with column names separated by ; or ,/),
    ]);
  });

  it('documents every column with at least one German and one English header', () => {
    for (const column of INVOICE_CSV_COLUMNS) {
      expect(column.headers.length).toBeGreaterThanOrEqual(2);
      expect(column.headers.some((h) => /^[a-z_ ]+$/.test(h))).toBe(true);
    }
  });

  it('never throws on arbitrary bytes: it returns rows or errors', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 400 }), (bytes) => {
        const result = parseInvoiceCsv(bytes, 'random.csv');
        expect(result.ok ? result.rows.length : result.errors.length).toBeGreaterThan(0);
      }),
      { numRuns: 2000 },
    );
  });

  it('never throws on text made of CSV-ish pieces after a valid header', () => {
    const piece = fc.constantFrom(
      ';',
      ',',
      '"',
      '""',
      '\n',
      '\r\n',
      '\r',
      ' ',
      '1',
      '.',
      '-',
      'ä',
      '01.02.2024',
      'K1',
      '=',
    );
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 80 }), (pieces) => {
        const result = parse(`${HEADER}\n${pieces.join('')}`);
        if (!result.ok) for (const e of result.errors) expect(e.line).toBeGreaterThanOrEqual(1);
      }),
      { numRuns: 2000 },
    );
  });
});
