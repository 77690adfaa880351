import { afterEach, describe, expect, it, vi } from 'vitest';
import type { CalendarDate } from '../domain/calendar-date.ts';
import {
  type ParsedStatementFile,
  type StatementEntry,
  StatementFormatError,
  type StatementTransaction,
} from './bank-statement.ts';
import { readCamtEvents } from './camt.ts';
import { collectStatementEvents, type StatementEvent } from './statement-events.ts';

const MESSAGES = {
  '052': ['BkToCstmrAcctRpt', 'Rpt'],
  '053': ['BkToCstmrStmt', 'Stmt'],
  '054': ['BkToCstmrDbtCdtNtfctn', 'Ntfctn'],
} as const;

/** A camt document of the given type and version with one record (statement, report, notification) per item. */
function camtDocument(type: keyof typeof MESSAGES, version: string, records: string[]): string {
  const [message, record] = MESSAGES[type];
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.${type}.001.${version}">`,
    `<${message}>`,
    '<GrpHdr><MsgId>MSG-1</MsgId><CreDtTm>2024-03-01T18:00:00+01:00</CreDtTm></GrpHdr>',
    ...records.map((r) => `<${record}>\n${r}\n</${record}>`),
    `</${message}>`,
    '</Document>',
  ].join('\n');
}

/** A camt document with one record of the given parts (its header, then its entries). */
function camt(type: keyof typeof MESSAGES, version: string, ...parts: string[]): string {
  return camtDocument(type, version, [parts.join('\n')]);
}

/** A statement header: id, sequence number, period, account and balances. */
function header(balances: string[] = [], id = 'STMT-2024-03-01', currency = 'EUR'): string {
  return [
    `<Id>${id}</Id>`,
    '<ElctrncSeqNb>42</ElctrncSeqNb>',
    '<CreDtTm>2024-03-01T18:00:00+01:00</CreDtTm>',
    '<FrToDt><FrDtTm>2024-03-01T00:00:00+01:00</FrDtTm><ToDtTm>2024-03-01T23:59:59+01:00</ToDtTm></FrToDt>',
    `<Acct><Id><IBAN>DE89370400440532013000</IBAN></Id><Ccy>${currency}</Ccy></Acct>`,
    ...balances,
  ].join('\n');
}

function balance(code: string, amount: string, indicator = 'CRDT', currency = 'EUR'): string {
  return `<Bal><Tp><CdOrPrtry><Cd>${code}</Cd></CdOrPrtry></Tp><Amt Ccy="${currency}">${amount}</Amt><CdtDbtInd>${indicator}</CdtDbtInd><Dt><Dt>2024-03-01</Dt></Dt></Bal>`;
}

/** A booked entry of 2024-03-01 around the given details (`<NtryDtls>…`). */
function entry(amount: string, indicator: string, details: string, extra = ''): string {
  return `<Ntry>
  <Amt Ccy="EUR">${amount}</Amt>
  <CdtDbtInd>${indicator}</CdtDbtInd>
  ${extra}
  <Sts><Cd>BOOK</Cd></Sts>
  <BookgDt><Dt>2024-03-01</Dt></BookgDt>
  <ValDt><Dt>2024-03-01</Dt></ValDt>
  ${details}
</Ntry>`;
}

async function* oneChunk(text: string): AsyncGenerator<string> {
  yield text;
}

/** The bytes in pieces of `size`, cut also at the given offsets (to split a character on purpose). */
async function* byteChunks(
  bytes: Uint8Array,
  size: number,
  extraCuts: number[] = [],
): AsyncGenerator<Uint8Array> {
  const cuts = new Set(extraCuts);
  for (let cut = size; cut < bytes.length; cut += size) cuts.add(cut);
  let start = 0;
  for (const cut of [...cuts].sort((a, b) => a - b)) {
    if (cut <= start || cut >= bytes.length) continue;
    yield bytes.subarray(start, cut);
    start = cut;
  }
  yield bytes.subarray(start);
}

function read(xml: string, file = 'auszug.xml'): Promise<ParsedStatementFile> {
  return collectStatementEvents(readCamtEvents(oneChunk(xml), file));
}

async function onlyEntry(xml: string): Promise<StatementEntry> {
  const { statements } = await read(xml);
  expect(statements).toHaveLength(1);
  expect(statements[0]?.entries).toHaveLength(1);
  return statements[0]!.entries[0]!;
}

async function onlyTransaction(xml: string): Promise<StatementTransaction> {
  const found = await onlyEntry(xml);
  expect(found.transactions).toHaveLength(1);
  return found.transactions[0]!;
}

async function errorOf(xml: string): Promise<StatementFormatError> {
  const error = await read(xml).then(
    () => undefined,
    (e: unknown) => e,
  );
  if (error instanceof StatementFormatError) return error;
  throw new Error(`expected a StatementFormatError, got ${String(error)}`);
}

/** The same credit transfer as each version writes it: the only differences are the four below. */
function transferEntry(version: '02' | '06' | '08'): string {
  // Sts: text up to .07, <Cd> from .08.
  const status = version === '08' ? '<Sts><Cd>BOOK</Cd></Sts>' : '<Sts>BOOK</Sts>';
  // A transaction's amount: AmtDtls/TxAmt/Amt in .02, Amt from .03.
  const amount =
    version === '02'
      ? '<AmtDtls><TxAmt><Amt Ccy="EUR">1190.00</Amt></TxAmt></AmtDtls>'
      : '<Amt Ccy="EUR">1190.00</Amt><CdtDbtInd>CRDT</CdtDbtInd>';
  // A party: Dbtr/Nm up to .07, Dbtr/Pty/Nm from .08.
  const party = (role: string, name: string): string =>
    version === '08'
      ? `<${role}><Pty><Nm>${name}</Nm></Pty></${role}>`
      : `<${role}><Nm>${name}</Nm></${role}>`;
  // A bank: BIC in .02 and .03, BICFI from .04.
  const bic = version === '02' ? '<BIC>BYLADEM1001</BIC>' : '<BICFI>BYLADEM1001</BICFI>';
  return `<Ntry>
  <Amt Ccy="EUR">1190.00</Amt>
  <CdtDbtInd>CRDT</CdtDbtInd>
  <RvslInd>false</RvslInd>
  ${status}
  <BookgDt><Dt>2024-03-01</Dt></BookgDt>
  <ValDt><Dt>2024-03-01</Dt></ValDt>
  <AcctSvcrRef>2024030100001</AcctSvcrRef>
  <BkTxCd><Domn><Cd>PMNT</Cd><Fmly><Cd>RCDT</Cd><SubFmlyCd>ESCT</SubFmlyCd></Fmly></Domn></BkTxCd>
  <NtryDtls><TxDtls>
    <Refs><EndToEndId>RE-2024-114</EndToEndId></Refs>
    ${amount}
    <RltdPties>
      ${party('Dbtr', 'Müller Bau GmbH')}
      <DbtrAcct><Id><IBAN>DE02 1203 0000 0000 2020 51</IBAN></Id></DbtrAcct>
      ${party('Cdtr', 'Mahnwerk Demo GmbH')}
      <CdtrAcct><Id><IBAN>DE89370400440532013000</IBAN></Id></CdtrAcct>
    </RltdPties>
    <RltdAgts><DbtrAgt><FinInstnId>${bic}</FinInstnId></DbtrAgt></RltdAgts>
    <RmtInf><Ustrd>RE-2024-114 Kd 4711</Ustrd><Ustrd>Danke fuer die Zahlung</Ustrd></RmtInf>
  </TxDtls></NtryDtls>
  <AddtlNtryInf>GUTSCHR. UEBERWEISUNG</AddtlNtryInf>
</Ntry>`;
}

const TRANSFER: StatementEntry = {
  bookingDate: '2024-03-01' as CalendarDate,
  valueDate: '2024-03-01' as CalendarDate,
  amountCents: 119000,
  currency: 'EUR',
  direction: 'credit',
  reversal: false,
  status: 'BOOK',
  bankReference: '2024030100001',
  bankTransactionCode: 'PMNT-RCDT-ESCT',
  bookingText: 'GUTSCHR. UEBERWEISUNG',
  transactions: [
    {
      amountCents: 119000,
      currency: 'EUR',
      endToEndId: 'RE-2024-114',
      mandateId: null,
      remittance: ['RE-2024-114 Kd 4711', 'Danke fuer die Zahlung'],
      creditorReference: null,
      counterparty: { name: 'Müller Bau GmbH', iban: 'DE02120300000000202051', bic: 'BYLADEM1001' },
      returnReason: null,
      creditorId: null,
      originalAmountCents: null,
      chargesCents: null,
    },
  ],
};

describe('readCamtEvents: camt.053 versions', () => {
  it.each(['02', '06', '08'] as const)(
    'reads the credit transfer of camt.053.001.%s alike',
    async (version) => {
      const file = await read(
        camt(
          '053',
          version,
          header([balance('OPBD', '100.00', 'DBIT'), balance('CLBD', '1090.00')]),
          transferEntry(version),
        ),
      );
      expect(file.format).toBe(`camt.053.001.${version}`);
      expect(file.statements).toEqual([
        {
          id: 'STMT-2024-03-01',
          account: { iban: 'DE89370400440532013000', currency: 'EUR' },
          openingBalanceCents: -10000,
          closingBalanceCents: 109000,
          entries: [TRANSFER],
          sequenceNumber: '42',
          fromDate: '2024-03-01',
          toDate: '2024-03-01',
        },
      ]);
    },
  );

  it('streams format, then per statement its header, its entries and its end', async () => {
    const xml = camtDocument('053', '08', [
      header([balance('OPBD', '0.00')], 'A'),
      `${header([balance('OPBD', '1190.00')], 'B')}\n${transferEntry('08')}\n${transferEntry('08')}`,
    ]);
    const events: StatementEvent[] = [];
    for await (const event of readCamtEvents(oneChunk(xml), 'auszug.xml')) events.push(event);
    expect(events.map((e) => e.kind)).toEqual([
      'format',
      'statement',
      'end',
      'statement',
      'entry',
      'entry',
      'end',
    ]);
    // The header comes before the entries, with the balances given before them.
    expect(events[3]).toMatchObject({
      kind: 'statement',
      statement: { id: 'B', openingBalanceCents: 119000 },
    });
  });

  it('matches elements by local name: a prefixed ns2:Document reads the same', async () => {
    const plain = camt('053', '08', header([balance('OPBD', '100.00', 'DBIT')]), transferEntry('08'));
    const prefixed = plain.replace(/<(\/?)([A-Za-z])/g, '<$1ns2:$2').replace('xmlns="', 'xmlns:ns2="');
    expect(prefixed).toContain('<ns2:Document xmlns:ns2="urn:iso:std:iso:20022:tech:xsd:camt.053.001.08">');
    expect(await read(prefixed)).toEqual(await read(plain));
  });
});

describe('readCamtEvents: camt.052 and camt.054', () => {
  it('camt.052: interim balances open and close the report; a pending entry dates from its value date', async () => {
    const xml = camt(
      '052',
      '08',
      `${header([balance('ITBD', '1000.00'), balance('ITBD', '250.00', 'DBIT')], 'RPT-1')}
<Ntry>
  <Amt Ccy="EUR">1250.00</Amt>
  <CdtDbtInd>DBIT</CdtDbtInd>
  <Sts><Cd>PDNG</Cd></Sts>
  <ValDt><Dt>2024-03-04</Dt></ValDt>
  <AddtlNtryInf>DAUERAUFTRAG Miete</AddtlNtryInf>
</Ntry>`,
    );
    const file = await read(xml);
    expect(file.format).toBe('camt.052.001.08');
    const [report] = file.statements;
    expect(report).toMatchObject({ id: 'RPT-1', openingBalanceCents: 100000, closingBalanceCents: -25000 });
    expect(report?.entries[0]).toMatchObject({
      status: 'PDNG',
      bookingDate: '2024-03-04',
      valueDate: '2024-03-04',
      direction: 'debit',
      amountCents: 125000,
      bookingText: 'DAUERAUFTRAG Miete',
    });
    // Without TxDtls the entry is its own transaction, its booking text the only remittance there is.
    expect(report?.entries[0]?.transactions).toEqual([
      expect.objectContaining({ amountCents: 125000, remittance: ['DAUERAUFTRAG Miete'] }),
    ]);
  });

  it('camt.054: a notification with a batch entry; amounts only where the transactions state them', async () => {
    const batch = (amounts: [string, string] | null): string => {
      const tx = (name: string, amount: string | undefined): string => `<TxDtls>
  <Refs><EndToEndId>E2E-${name}</EndToEndId></Refs>
  ${amount ? `<Amt Ccy="EUR">${amount}</Amt><CdtDbtInd>CRDT</CdtDbtInd>` : ''}
  <RltdPties><Dbtr><Pty><Nm>${name}</Nm></Pty></Dbtr></RltdPties>
</TxDtls>`;
      return `<NtryDtls><Btch><NbOfTxs>2</NbOfTxs></Btch>${tx('Anna', amounts?.[0])}${tx('Ben', amounts?.[1])}</NtryDtls>`;
    };
    const xml = camt(
      '054',
      '08',
      `<Id>NTF-7</Id>
<Acct><Id><IBAN>DE89370400440532013000</IBAN></Id></Acct>
${entry('300.00', 'CRDT', batch(['100.00', '200.00']))}
${entry('300.00', 'CRDT', batch(null))}`,
    );
    const file = await read(xml);
    expect(file.format).toBe('camt.054.001.08');
    const [notification] = file.statements;
    // A notification has no balances; the account's currency comes from its entries.
    expect(notification).toMatchObject({
      id: 'NTF-7',
      account: { iban: 'DE89370400440532013000', currency: 'EUR' },
      openingBalanceCents: null,
      closingBalanceCents: null,
    });
    const amounts = notification?.entries.map((e) =>
      e.transactions.map((t) => [t.counterparty.name, t.amountCents]),
    );
    expect(amounts).toEqual([
      [
        ['Anna', 10000],
        ['Ben', 20000],
      ],
      [
        ['Anna', null],
        ['Ben', null],
      ],
    ]);
  });
});

describe('readCamtEvents: transaction details', () => {
  it('keeps a structured RF creditor reference apart from the unstructured lines', async () => {
    const transaction = await onlyTransaction(
      camt(
        '053',
        '08',
        header(),
        entry(
          '49.90',
          'CRDT',
          `<NtryDtls><TxDtls><Refs><EndToEndId>NOTPROVIDED</EndToEndId></Refs>
  <RltdPties><Dbtr><Pty><Nm>NOTPROVIDED</Nm></Pty></Dbtr></RltdPties>
  <RmtInf><Strd><CdtrRefInf><Tp><CdOrPrtry><Cd>SCOR</Cd></CdOrPrtry><Issr>ISO</Issr></Tp><Ref>RF18539007547034</Ref></CdtrRefInf></Strd></RmtInf>
</TxDtls></NtryDtls>`,
        ),
      ),
    );
    expect(transaction.creditorReference).toBe('RF18539007547034');
    expect(transaction.remittance).toEqual([]);
    // "NOTPROVIDED" is how SEPA says there is none.
    expect(transaction.endToEndId).toBeNull();
    expect(transaction.counterparty.name).toBeNull();
  });

  it('reads CDATA and entities as text', async () => {
    const transaction = await onlyTransaction(
      camt(
        '053',
        '02',
        header(),
        entry(
          '10.00',
          'CRDT',
          `<NtryDtls><TxDtls>
  <RltdPties><Dbtr><Nm>Müller &amp; Söhne</Nm></Dbtr></RltdPties>
  <RmtInf><Ustrd><![CDATA[RE-2024-7 <Teil 1> & Rest]]></Ustrd></RmtInf>
</TxDtls></NtryDtls>`,
        ),
      ),
    );
    expect(transaction.counterparty.name).toBe('Müller & Söhne');
    expect(transaction.remittance).toEqual(['RE-2024-7 <Teil 1> & Rest']);
  });

  it('a reversed debit (CRDT with RvslInd) names the payee of the reversed payment', async () => {
    const reversed = await onlyEntry(
      camt(
        '053',
        '08',
        header(),
        entry(
          '500.00',
          'CRDT',
          `<NtryDtls><TxDtls><Refs><EndToEndId>ZAHLLAUF-9</EndToEndId></Refs>
  <RltdPties>
    <Dbtr><Pty><Nm>Mahnwerk Demo GmbH</Nm></Pty></Dbtr>
    <DbtrAcct><Id><IBAN>DE89370400440532013000</IBAN></Id></DbtrAcct>
    <Cdtr><Pty><Nm>Lieferant AG</Nm></Pty></Cdtr>
    <CdtrAcct><Id><IBAN>DE12500105170648489890</IBAN></Id></CdtrAcct>
  </RltdPties>
</TxDtls></NtryDtls>`,
          '<RvslInd>true</RvslInd>',
        ),
      ),
    );
    expect(reversed).toMatchObject({ direction: 'credit', reversal: true });
    expect(reversed.transactions[0]?.counterparty).toEqual({
      name: 'Lieferant AG',
      iban: 'DE12500105170648489890',
      bic: null,
    });
  });

  it('a returned direct debit names the debtor, with reason, original amount, charges and creditor id', async () => {
    const returned = await onlyEntry(
      camt(
        '053',
        '08',
        header(),
        entry(
          '52.90',
          'DBIT',
          `<NtryDtls><TxDtls>
  <Refs><EndToEndId>RE-2024-120</EndToEndId><MndtId>MDT-4712</MndtId></Refs>
  <Amt Ccy="EUR">52.90</Amt>
  <CdtDbtInd>DBIT</CdtDbtInd>
  <AmtDtls><InstdAmt><Amt Ccy="EUR">49.90</Amt></InstdAmt></AmtDtls>
  <Chrgs><Rcrd><Amt Ccy="EUR">3.00</Amt><CdtDbtInd>DBIT</CdtDbtInd></Rcrd></Chrgs>
  <RltdPties>
    <Dbtr><Pty><Nm>Erika Mustermann</Nm></Pty></Dbtr>
    <DbtrAcct><Id><IBAN>DE02500105170137075030</IBAN></Id></DbtrAcct>
    <Cdtr><Pty><Nm>Mahnwerk Demo GmbH</Nm><Id><PrvtId><Othr><Id>DE98ZZZ09999999999</Id></Othr></PrvtId></Id></Pty></Cdtr>
    <CdtrAcct><Id><IBAN>DE89370400440532013000</IBAN></Id></CdtrAcct>
  </RltdPties>
  <RltdAgts><DbtrAgt><FinInstnId><BICFI>INGDDEFFXXX</BICFI></FinInstnId></DbtrAgt></RltdAgts>
  <RmtInf><Ustrd>RE-2024-120</Ustrd></RmtInf>
  <RtrInf><Rsn><Cd>MD06</Cd></Rsn></RtrInf>
</TxDtls></NtryDtls>`,
        ),
      ),
    );
    expect(returned).toMatchObject({ direction: 'debit', reversal: false, amountCents: 5290 });
    expect(returned.transactions[0]).toEqual({
      amountCents: 5290,
      currency: 'EUR',
      endToEndId: 'RE-2024-120',
      mandateId: 'MDT-4712',
      remittance: ['RE-2024-120'],
      creditorReference: null,
      // The payment undone was our collection from Erika Mustermann: she is the other side.
      counterparty: { name: 'Erika Mustermann', iban: 'DE02500105170137075030', bic: 'INGDDEFFXXX' },
      returnReason: 'MD06',
      creditorId: 'DE98ZZZ09999999999',
      originalAmountCents: 4990,
      chargesCents: 300,
    });
  });

  it('a return that names the customer as Cdtr of the return booking still finds the customer', async () => {
    const transaction = await onlyTransaction(
      camt(
        '053',
        '02',
        header(),
        entry(
          '100.00',
          'DBIT',
          `<NtryDtls><TxDtls>
  <RltdPties><Cdtr><Nm>Test Customer</Nm></Cdtr><CdtrAcct><Id><IBAN>NL46ABNA0499998748</IBAN></Id></CdtrAcct></RltdPties>
  <RtrInf><Rsn><Cd>AC06</Cd></Rsn></RtrInf>
</TxDtls></NtryDtls>`,
          '<RvslInd>true</RvslInd>',
        ),
      ),
    );
    expect(transaction.counterparty).toEqual({
      name: 'Test Customer',
      iban: 'NL46ABNA0499998748',
      bic: null,
    });
  });

  it('sums the repeated Chrgs of .02 on the entry and gives them to its single transaction', async () => {
    const xml = camt(
      '053',
      '02',
      header(),
      entry(
        '52.90',
        'DBIT',
        `<Chrgs><Amt Ccy="EUR">2.00</Amt></Chrgs><Chrgs><Amt Ccy="EUR">1.00</Amt></Chrgs><Chrgs><Amt Ccy="USD">0.50</Amt></Chrgs>
<NtryDtls><TxDtls><RtrInf><Rsn><Cd>AC04</Cd></Rsn></RtrInf></TxDtls></NtryDtls>`,
      ),
    );
    // The USD charge cannot be added to a EUR booking and is left out.
    expect((await onlyTransaction(xml)).chargesCents).toBe(300);
  });

  it('takes the total of charges over its records where given', async () => {
    const xml = camt(
      '053',
      '08',
      header(),
      entry(
        '10.00',
        'DBIT',
        '<Chrgs><TtlChrgsAndTaxAmt Ccy="EUR">3.57</TtlChrgsAndTaxAmt><Rcrd><Amt Ccy="EUR">3.00</Amt></Rcrd></Chrgs>',
      ),
    );
    expect((await onlyTransaction(xml)).chargesCents).toBe(357);
  });

  it('reads amounts in the currency exponent: 2700 JPY are 2700 minor units', async () => {
    const xml = camt(
      '053',
      '08',
      header([balance('OPBD', '2700', 'CRDT', 'JPY')], 'JP-1', 'JPY'),
      entry('2700', 'CRDT', '').replace('Ccy="EUR"', 'Ccy="JPY"'),
    );
    const { statements } = await read(xml);
    expect(statements[0]).toMatchObject({ account: { currency: 'JPY' }, openingBalanceCents: 2700 });
    expect(statements[0]?.entries[0]).toMatchObject({ amountCents: 2700, currency: 'JPY' });
    const error = await errorOf(xml.replace('>2700</Amt>\n  <CdtDbtInd>', '>2700.5</Amt>\n  <CdtDbtInd>'));
    expect(error.message).toContain('expected an amount with at most 0 decimals like 1234, got "2700.5"');
  });

  it('maps the FUTR status of .08 to pending', async () => {
    const xml = camt(
      '053',
      '08',
      header(),
      entry('1.00', 'CRDT', '').replace('<Cd>BOOK</Cd>', '<Cd>FUTR</Cd>'),
    );
    expect((await onlyEntry(xml)).status).toBe('PDNG');
  });
});

describe('readCamtEvents: dates', () => {
  afterEach(() => {
    vi.unstubAllEnvs();
  });

  it.each(['UTC', 'Europe/Berlin', 'America/New_York', 'Pacific/Kiritimati'])(
    'keeps the bank’s calendar day of a date-time with an offset (TZ=%s)',
    async (zone) => {
      vi.stubEnv('TZ', zone);
      const xml = camt(
        '053',
        '08',
        header(),
        entry('1.00', 'CRDT', '')
          .replace('<Dt>2024-03-01</Dt></BookgDt>', '<DtTm>2024-03-01T00:30:00+01:00</DtTm></BookgDt>')
          .replace('<Dt>2024-03-01</Dt></ValDt>', '<DtTm>2024-02-29T23:30:00.000-05:00</DtTm></ValDt>'),
      );
      // 2024-02-29T23:30 UTC for the booking and 2024-03-01T04:30 UTC for the value date: the bank's
      // own days are the 1st and the 29th, wherever this runs.
      expect(await onlyEntry(xml)).toMatchObject({ bookingDate: '2024-03-01', valueDate: '2024-02-29' });
    },
  );
});

describe('readCamtEvents: chunks and encodings', () => {
  const xml = camtDocument('053', '08', [
    `${header([balance('OPBD', '100.00', 'DBIT')])}\n${transferEntry('08')}`,
    header([], 'EMPTY'),
  ]);
  const bytes = new TextEncoder().encode(xml);

  it('gives the same result for 7-byte pieces, one split inside the ü, as for one chunk', async () => {
    const umlaut = bytes.indexOf(0xc3); // the first byte of ü in "Müller"
    expect(bytes[umlaut + 1]).toBe(0xbc);
    const whole = await read(xml);
    const pieces = await collectStatementEvents(
      readCamtEvents(byteChunks(bytes, 7, [umlaut + 1]), 'auszug.xml'),
    );
    expect(pieces).toEqual(whole);
    expect(pieces.statements[0]?.entries[0]?.transactions[0]?.counterparty.name).toBe('Müller Bau GmbH');
  });

  it('decodes an ISO-8859-1 file as its XML declaration says', async () => {
    const latin1 = xml.replace('encoding="UTF-8"', 'encoding="ISO-8859-1"');
    const encoded = Uint8Array.from(latin1, (c) => c.charCodeAt(0));
    const file = await collectStatementEvents(readCamtEvents(byteChunks(encoded, 7), 'latin1.xml'));
    expect(file.statements[0]?.entries[0]?.transactions[0]?.counterparty.name).toBe('Müller Bau GmbH');
  });
});

describe('readCamtEvents: errors name the file and the XML path or line', () => {
  const STMT = 'Document/BkToCstmrStmt/Stmt[1]';
  const good = entry('1.00', 'CRDT', '');

  it('rejects another ISO 20022 message (pain.001)', async () => {
    const error = await errorOf(
      '<Document xmlns="urn:iso:std:iso:20022:tech:xsd:pain.001.001.09"><CstmrCdtTrfInitn/></Document>',
    );
    expect(error.location.path).toBe('Document');
    expect(error.message).toBe(
      'auszug.xml at Document: expected a camt Document in the namespace urn:iso:std:iso:20022:tech:xsd:camt.053.001.NN (or camt.052/camt.054), got <Document> in urn:iso:std:iso:20022:tech:xsd:pain.001.001.09',
    );
  });

  it('rejects a document without a namespace', async () => {
    const error = await errorOf('<Document><BkToCstmrStmt/></Document>');
    expect(error.message).toContain('auszug.xml at Document: ');
    expect(error.message).toContain('got <Document> without a namespace');
  });

  it('rejects an unsupported version', async () => {
    const error = await errorOf(camt('053', '01', header(), good));
    expect(error.message).toBe(
      'auszug.xml at Document: expected camt version .001.02 to .001.13, got camt.053.001.01',
    );
  });

  it('rejects a message element that does not fit the namespace', async () => {
    const error = await errorOf(camt('053', '08', header()).replaceAll('BkToCstmrStmt', 'BkToCstmrAcctRpt'));
    expect(error.message).toBe(
      'auszug.xml at Document/BkToCstmrAcctRpt: expected <BkToCstmrStmt> under Document',
    );
  });

  it('rejects an entry without Amt, naming its index', async () => {
    const error = await errorOf(
      camt('053', '08', header(), good, good.replace('<Amt Ccy="EUR">1.00</Amt>', '')),
    );
    expect(error.location.path).toBe(`${STMT}/Ntry[2]/Amt`);
    expect(error.message).toBe(`auszug.xml at ${STMT}/Ntry[2]/Amt: expected the element Amt`);
  });

  it('rejects a decimal comma', async () => {
    const error = await errorOf(camt('053', '08', header(), entry('12,50', 'CRDT', '')));
    expect(error.message).toBe(
      `auszug.xml at ${STMT}/Ntry[1]/Amt: expected an amount with at most 2 decimals like 1234.55, got "12,50"`,
    );
  });

  it('rejects a credit/debit indicator other than CRDT or DBIT', async () => {
    const error = await errorOf(camt('053', '08', header(), entry('1.00', 'CRED', '')));
    expect(error.message).toBe(`auszug.xml at ${STMT}/Ntry[1]/CdtDbtInd: expected CRDT or DBIT, got "CRED"`);
  });

  it.each(['2024-02-30', '01.03.2024', '2024-03-01 garbage'])(
    'rejects the booking date "%s"',
    async (date) => {
      const error = await errorOf(
        camt(
          '053',
          '08',
          header(),
          good.replace('<Dt>2024-03-01</Dt></BookgDt>', `<Dt>${date}</Dt></BookgDt>`),
        ),
      );
      expect(error.location.path).toBe(`${STMT}/Ntry[1]/BookgDt/Dt`);
      expect(error.message).toContain(`expected a date as YYYY-MM-DD (or a date-time), got "${date}"`);
    },
  );

  it('rejects a balance with a bad amount, naming the balance', async () => {
    const error = await errorOf(
      camt('053', '08', header([balance('OPBD', '1.00'), balance('CLBD', '-5.00')])),
    );
    expect(error.location.path).toBe(`${STMT}/Bal[2]/Amt`);
  });

  it('rejects a statement without Id at the statement, not at its entry', async () => {
    const error = await errorOf(camt('053', '08', header().replace('<Id>STMT-2024-03-01</Id>', ''), good));
    expect(error.message).toBe(`auszug.xml at ${STMT}/Id: expected the element Id`);
  });

  it('rejects malformed XML with the line of the fault', async () => {
    const xml = camt(
      '053',
      '08',
      header(),
      good.replace('<CdtDbtInd>CRDT</CdtDbtInd>', '<CdtDbtInd>CRDT</CdtDbtInx>'),
    );
    const line = xml.split('\n').findIndex((l) => l.includes('</CdtDbtInx>')) + 1;
    const error = await errorOf(xml);
    expect(error.location.line).toBe(line);
    expect(error.message).toBe(
      `auszug.xml:${line}: not well-formed XML: unexpected close tag (inside ${STMT}/Ntry[1])`,
    );
  });

  it('rejects a message without a statement', async () => {
    const error = await errorOf(camtDocument('053', '08', []));
    expect(error.message).toBe(
      'auszug.xml at Document/BkToCstmrStmt: expected at least one <Stmt> (the file holds no statement)',
    );
  });

  it('rejects an empty file', async () => {
    const error = await errorOf(' \n');
    expect(error.message).toBe('auszug.xml:1: expected a camt XML document, the file is empty');
  });

  it('refuses an element with more text than any bank writes, naming where', async () => {
    const huge = `<NtryDtls><TxDtls><RmtInf><Ustrd>${'x'.repeat(100_001)}</Ustrd></RmtInf></TxDtls></NtryDtls>`;
    const error = await errorOf(camt('053', '08', header(), entry('1.00', 'CRDT', huge)));
    expect(error.message).toMatch(
      /Ntry\[1\]\/NtryDtls\[1\]\/TxDtls\[1\]\/RmtInf\/Ustrd\[1\]: more than 100000 characters/,
    );
  });
});
