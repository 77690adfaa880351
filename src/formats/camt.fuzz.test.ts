/**
 * Hostile and broken camt files: generated statements written as camt.053 read back to the same
 * entries, and every mutation of them (cut, doubled, swapped, junk, other digits, other encodings,
 * cut into random stream chunks), random bytes and known XML attacks end in entries that are valid
 * or in a StatementFormatError naming the place — never a crash, a hang, a file read or a request.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { CalendarDate } from '../domain/calendar-date.ts';
import type { BankStatement, StatementEntry } from './bank-statement.ts';
import { StatementFormatError } from './bank-statement.ts';
import { readCamtEvents } from './camt.ts';
import { writeCamt053 } from './camt-writer.ts';
import type { StatementEvent } from './statement-events.ts';
import {
  chunked,
  countInput,
  countRefused,
  encodeText,
  encodingArbitrary,
  FUZZ_TEST_TIMEOUT,
  fuzzParameters,
  mutatedText,
  resultOrLocatedErrorAsync,
  useNetworkTrap,
  withinHangBoundAsync,
} from '../../test/support/fuzz.ts';
import { expectValidEvents } from '../../test/support/valid-statement.ts';

const NS = 'urn:iso:std:iso:20022:tech:xsd:camt.053.001.08';

async function readAll(chunks: Iterable<Uint8Array | string>, file = 'fuzz.xml'): Promise<StatementEvent[]> {
  const events: StatementEvent[] = [];
  for await (const event of readCamtEvents(
    (async function* () {
      yield* chunks;
    })(),
    file,
  ))
    events.push(event);
  return events;
}

/** Reads hostile bytes: valid events, or a StatementFormatError with a place; anything else fails. */
async function readHostile(parser: string, chunks: Uint8Array[]): Promise<StatementEvent[] | Error> {
  countInput(parser);
  const outcome = await withinHangBoundAsync(parser, () =>
    resultOrLocatedErrorAsync(
      () => readAll(chunks),
      (error) => error instanceof StatementFormatError,
    ),
  );
  if (!outcome.ok) {
    countRefused(parser);
    const error = outcome.error as StatementFormatError;
    expect(error.file).toBe('fuzz.xml');
    expect(error.location.line !== undefined || error.location.path !== undefined).toBe(true);
    return error;
  }
  expectValidEvents(outcome.value);
  return outcome.value;
}

// --- generated statements ----------------------------------------------------------------------

const day = fc
  .date({ min: new Date('1990-01-01T00:00:00Z'), max: new Date('2069-12-31T00:00:00Z'), noInvalidDate: true })
  .map((d) => d.toISOString().slice(0, 10) as CalendarDate);
const words = fc
  .array(fc.constantFrom('Müller', 'GmbH', '&', '<b>', '"RE-1"', "O'Neil", 'Zahlung', '2024-01', 'ß€'), {
    minLength: 1,
    maxLength: 5,
  })
  .map((w) => w.join(' '));
const iban = fc.constantFrom('DE02120300000000202051', 'DE89370400440532013000', 'NL91ABNA0417164300');

const transactionArb = fc.record({
  amountCents: fc.option(fc.integer({ min: 0, max: 10 ** 12 }), { nil: null }),
  currency: fc.constant('EUR'),
  endToEndId: fc.option(fc.constantFrom('E2E-1', 'RE-2024-0001'), { nil: null }),
  mandateId: fc.option(fc.constant('M-1'), { nil: null }),
  remittance: fc.array(words, { maxLength: 3 }),
  creditorReference: fc.option(fc.constant('RF18539007547034'), { nil: null }),
  counterparty: fc.record({
    name: fc.option(words, { nil: null }),
    iban: fc.option(iban, { nil: null }),
    bic: fc.option(fc.constantFrom('COBADEFFXXX', 'INGDDEFF'), { nil: null }),
  }),
  returnReason: fc.option(fc.constantFrom('AC04', 'MD06'), { nil: null }),
  creditorId: fc.constant(null),
  originalAmountCents: fc.option(fc.integer({ min: 0, max: 10 ** 9 }), { nil: null }),
  chargesCents: fc.option(fc.integer({ min: 0, max: 10 ** 5 }), { nil: null }),
});

const entryArb: fc.Arbitrary<StatementEntry> = fc.record({
  bookingDate: day,
  valueDate: fc.option(day, { nil: null }),
  amountCents: fc.integer({ min: 0, max: 10 ** 13 }),
  currency: fc.constant('EUR'),
  direction: fc.constantFrom('credit' as const, 'debit' as const),
  reversal: fc.boolean(),
  status: fc.constantFrom('BOOK' as const, 'PDNG' as const, 'INFO' as const),
  bankReference: fc.option(fc.constantFrom('REF-1', 'NONREF'), { nil: null }),
  bankTransactionCode: fc.option(fc.constantFrom('NTRF', 'PMNT-RCDT-ESCT'), { nil: null }),
  bookingText: fc.option(words, { nil: null }),
  transactions: fc.array(transactionArb, { minLength: 1, maxLength: 3 }),
});

const statementArb: fc.Arbitrary<BankStatement> = fc.record({
  id: fc.constantFrom('STMT-1', 'A&B'),
  account: fc.record({ iban, currency: fc.constant('EUR') }),
  openingBalanceCents: fc.option(fc.integer({ min: -(10 ** 12), max: 10 ** 12 }), { nil: null }),
  closingBalanceCents: fc.option(fc.integer({ min: -(10 ** 12), max: 10 ** 12 }), { nil: null }),
  entries: fc.array(entryArb, { maxLength: 4 }),
  sequenceNumber: fc.option(fc.constant('7'), { nil: null }),
  fromDate: fc.option(day, { nil: null }),
  toDate: fc.option(day, { nil: null }),
});

function camtText(statement: BankStatement): string {
  return [...writeCamt053(statement, { messageId: 'FUZZ', createdAt: '2026-03-16T08:00:00' })].join('');
}

/** Real files of other banks and versions (052, 054, .02), where the shared fixtures are present. */
const FIXTURES = new URL('../../../shared/fixtures/camt/', import.meta.url);
const fixtureTexts = existsSync(FIXTURES)
  ? readdirSync(FIXTURES)
      .filter((f) => f.endsWith('.xml'))
      .map((f) => readFileSync(new URL(f, FIXTURES), 'utf8'))
  : [];

const documents = fc.oneof(
  { weight: 3, arbitrary: statementArb.map(camtText) },
  ...(fixtureTexts.length ? [{ weight: 1, arbitrary: fc.constantFrom(...fixtureTexts) }] : []),
);

const CAMT_TOKENS = [
  '<Ntry>',
  '</Ntry>',
  '<Stmt>',
  '</Stmt>',
  '<Amt Ccy="EUR">1.5</Amt>',
  '<Amt Ccy="eur">1,50</Amt>',
  '<Amt>',
  'Ccy="XXXX"',
  '<CdtDbtInd>CRDT</CdtDbtInd>',
  '<Sts>FUTR</Sts>',
  '<BookgDt><DtTm>2024-03-01T00:30:00+01:00</DtTm></BookgDt>',
  '<NtryDtls><TxDtls></TxDtls></NtryDtls>',
  '<Chrgs><Rcrd><Amt Ccy="USD">1</Amt></Rcrd></Chrgs>',
  'xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.99"',
  'xmlns:ns2="x"',
  '<ns2:Ntry>',
  '123456789012345678',
  '0.001',
];

/** Any text, escaped for XML: the values a hostile bank could put where camt expects an amount, a date, a code. */
const xmlText = (valid: fc.Arbitrary<string>) =>
  fc
    .oneof(
      { weight: 2, arbitrary: valid },
      { weight: 1, arbitrary: fc.string({ maxLength: 30 }) },
      {
        weight: 1,
        arbitrary: fc.constantFrom(
          '',
          ' ',
          '-1.00',
          '1e3',
          '0x10',
          '１２３',
          'NaN',
          '99999999999999999.99',
          '2024-13-01',
          '2024-02-30T25:00',
          'NOTPROVIDED',
        ),
      },
    )
    .map((text) =>
      text
        .replace(/[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD]/g, '')
        .replace(/[<>&"]/g, (c) => `&#${c.charCodeAt(0)};`),
    );

const optional = (element: fc.Arbitrary<string>) => fc.option(element, { nil: '' });

/** Well-formed camt whose values are anything: reaches the checks of amounts, dates, codes and structure. */
const weirdEntry = fc
  .record({
    amount: xmlText(fc.integer({ min: 0, max: 10 ** 9 }).map((c) => (c / 100).toFixed(2))),
    currency: xmlText(fc.constantFrom('EUR', 'JPY', 'BHD', 'XXX')),
    indicator: xmlText(fc.constantFrom('CRDT', 'DBIT')),
    status: xmlText(fc.constantFrom('BOOK', 'PDNG', 'INFO', 'FUTR')),
    booking: optional(xmlText(day).map((d) => `<BookgDt><Dt>${d}</Dt></BookgDt>`)),
    value: optional(xmlText(day).map((d) => `<ValDt><DtTm>${d}</DtTm></ValDt>`)),
    reversal: optional(xmlText(fc.constantFrom('true', '1', 'false')).map((r) => `<RvslInd>${r}</RvslInd>`)),
    details: fc.array(
      fc
        .record({
          amount: optional(xmlText(fc.constant('1.00')).map((a) => `<Amt Ccy="EUR">${a}</Amt>`)),
          charges: optional(
            xmlText(fc.constant('0.50')).map((a) => `<Chrgs><Rcrd><Amt Ccy="EUR">${a}</Amt></Rcrd></Chrgs>`),
          ),
          party: optional(
            xmlText(words).map((n) => `<RltdPties><Dbtr><Pty><Nm>${n}</Nm></Pty></Dbtr></RltdPties>`),
          ),
          returned: optional(
            xmlText(fc.constant('AC04')).map((r) => `<RtrInf><Rsn><Cd>${r}</Cd></Rsn></RtrInf>`),
          ),
        })
        .map((t) => `<TxDtls>${t.amount}${t.charges}${t.party}${t.returned}</TxDtls>`),
      { maxLength: 3 },
    ),
  })
  .map(
    (e) =>
      `<Ntry><Amt Ccy="${e.currency}">${e.amount}</Amt><CdtDbtInd>${e.indicator}</CdtDbtInd>${e.reversal}` +
      `<Sts><Cd>${e.status}</Cd></Sts>${e.booking}${e.value}<NtryDtls>${e.details.join('')}</NtryDtls></Ntry>`,
  );

const weirdDocument = fc
  .record({
    version: fc.constantFrom('02', '04', '08', '13', '01', '14'),
    type: fc.constantFrom('052', '053', '054'),
    entries: fc.array(weirdEntry, { maxLength: 4 }),
    balance: optional(
      fc
        .record({
          code: xmlText(fc.constantFrom('OPBD', 'CLBD', 'ITBD', 'PRCD')),
          amount: xmlText(fc.constant('10.00')),
        })
        .map(
          (b) =>
            `<Bal><Tp><CdOrPrtry><Cd>${b.code}</Cd></CdOrPrtry></Tp><Amt Ccy="EUR">${b.amount}</Amt><CdtDbtInd>CRDT</CdtDbtInd><Dt><Dt>2024-01-01</Dt></Dt></Bal>`,
        ),
    ),
  })
  .map(({ version, type, entries, balance }) => {
    const message = {
      '052': ['BkToCstmrAcctRpt', 'Rpt'],
      '053': ['BkToCstmrStmt', 'Stmt'],
      '054': ['BkToCstmrDbtCdtNtfctn', 'Ntfctn'],
    }[type] as [string, string];
    return (
      `<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.${type}.001.${version}"><${message[0]}><GrpHdr><MsgId>M</MsgId></GrpHdr>` +
      `<${message[1]}><Id>S</Id><CreDtTm>2024-01-01T10:00:00</CreDtTm>${balance}${entries.join('')}</${message[1]}></${message[0]}></Document>`
    );
  });

describe('camt fuzz', () => {
  it(
    'reads a generated statement back to the same entries, in any chunking of its bytes',
    async () => {
      await fc.assert(
        fc.asyncProperty(statementArb, fc.array(fc.nat(), { maxLength: 6 }), async (statement, cuts) => {
          countInput('camt round trip');
          const bytes = new TextEncoder().encode(camtText(statement));
          const events = await readAll(chunked(bytes, cuts));
          expectValidEvents(events);
          const entries = events.flatMap((e) => (e.kind === 'entry' ? [e.entry] : []));
          expect(entries.length).toBe(statement.entries.length);
          entries.forEach((read, i) => {
            const written = statement.entries[i] as StatementEntry;
            expect(read.amountCents).toBe(written.amountCents);
            expect(read.bookingDate).toBe(written.bookingDate);
            expect(read.valueDate).toBe(written.valueDate);
            expect(read.direction).toBe(written.direction);
            expect(read.reversal).toBe(written.reversal);
            expect(read.status).toBe(written.status);
            expect(read.transactions.map((t) => t.remittance)).toEqual(
              written.transactions.map((t) => t.remittance.map((l) => l.trim()).filter(Boolean)),
            );
          });
        }),
        fuzzParameters('camt round trip', 150),
      );
    },
    FUZZ_TEST_TIMEOUT,
  );

  it(
    'reads or refuses with a located error every mutation of a valid file, in any encoding and chunking',
    async () => {
      await fc.assert(
        fc.asyncProperty(
          mutatedText(documents, { tokens: CAMT_TOKENS, maxEdits: 3 }),
          encodingArbitrary,
          fc.array(fc.nat(), { maxLength: 6 }),
          async (text, encoding, cuts) => {
            await readHostile('camt mutations', chunked(encodeText(text, encoding), cuts));
          },
        ),
        fuzzParameters('camt mutations', 300),
      );
    },
    FUZZ_TEST_TIMEOUT,
  );

  it(
    'reads or refuses with a located error well-formed files whose values are anything',
    async () => {
      await fc.assert(
        fc.asyncProperty(weirdDocument, async (text) => {
          await readHostile('camt odd values', [new TextEncoder().encode(text)]);
        }),
        fuzzParameters('camt odd values', 300),
      );
    },
    FUZZ_TEST_TIMEOUT,
  );

  it(
    'refuses random bytes and random XML-ish text with a located error',
    async () => {
      const xmlish = fc
        .array(
          fc.constantFrom(...CAMT_TOKENS, '<Document xmlns="' + NS + '">', '<BkToCstmrStmt>', '<', '>', '/'),
          {
            maxLength: 40,
          },
        )
        .map((parts) => new TextEncoder().encode(parts.join('')));
      await fc.assert(
        fc.asyncProperty(fc.oneof(fc.uint8Array({ maxLength: 2000 }), xmlish), async (bytes) => {
          await readHostile('camt random bytes', [bytes]);
        }),
        fuzzParameters('camt random bytes', 300),
      );
    },
    FUZZ_TEST_TIMEOUT,
  );
});

// --- known XML attacks -------------------------------------------------------------------------

describe('camt against XML attacks', () => {
  const trap = useNetworkTrap('<!ENTITY leak "x">');

  const statement = (inner: string) =>
    `<Document xmlns="${NS}"><BkToCstmrStmt><Stmt><Id>S</Id>${inner}</Stmt></BkToCstmrStmt></Document>`;

  async function refused(xml: string): Promise<StatementFormatError> {
    const error = await withinHangBoundAsync('attack', () => readAll([xml], 'attack.xml')).then(
      () => {
        throw new Error('the file was read');
      },
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(StatementFormatError);
    return error as StatementFormatError;
  }

  it('refuses an external entity (XXE) to a file without reading it', async () => {
    const error = await refused(
      `<?xml version="1.0"?>\n<!DOCTYPE Document [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>\n${statement('<Ntry><AddtlNtryInf>&xxe;</AddtlNtryInf></Ntry>')}`,
    );
    expect(error.message).toMatch(/attack\.xml:2: a DOCTYPE declaration is not allowed/);
    expect(error.message).not.toMatch(/root:/);
  });

  it('refuses external entities and DTDs on the network without a request', async () => {
    await refused(`<!DOCTYPE Document SYSTEM "${trap.url}/camt.dtd">\n${statement('')}`);
    await refused(
      `<!DOCTYPE Document [<!ENTITY % remote SYSTEM "${trap.url}/evil.dtd"> %remote; <!ENTITY net SYSTEM "${trap.url}/x">]>\n${statement('<Ntry>&net;&leak;</Ntry>')}`,
    );
    // Without a DOCTYPE, an entity reference is simply undefined.
    const error = await refused(statement('<Ntry><AddtlNtryInf>&net;</AddtlNtryInf></Ntry>'));
    expect(error.message).toMatch(/undefined entity/);
    expect(trap.requests).toBe(0);
  });

  it('refuses entity expansion bombs (billion laughs, quadratic blowup) at once', async () => {
    const laughs = Array.from(
      { length: 9 },
      (_, i) => `<!ENTITY lol${i + 1} "${`&lol${i};`.repeat(10)}">`,
    ).join('');
    await refused(`<!DOCTYPE d [<!ENTITY lol0 "lol">${laughs}]>${statement('<Id>&lol9;</Id>')}`);
    const big = 'x'.repeat(50_000);
    await refused(
      `<!DOCTYPE d [<!ENTITY big "${big}">]>${statement(`<Ntry><AddtlNtryInf>${'&big;'.repeat(20_000)}</AddtlNtryInf></Ntry>`)}`,
    );
    // Without a DTD the same references are undefined entities, refused at the first one.
    const error = await refused(
      statement(`<Ntry><AddtlNtryInf>${'&big;'.repeat(200_000)}</AddtlNtryInf></Ntry>`),
    );
    expect(error.message).toMatch(/undefined entity/);
  });

  it('refuses deep nesting, huge attributes, many attributes and huge text with the place', async () => {
    const deep = await refused(statement(`<Ntry>${'<a>'.repeat(200_000)}${'</a>'.repeat(200_000)}</Ntry>`));
    expect(deep.message).toMatch(
      /at Document\/BkToCstmrStmt\/Stmt\[1\]\/Ntry\[1\]\/a\/a.*nested more than 64 levels/,
    );
    const wide = await refused(
      statement(`<Ntry ${Array.from({ length: 100_000 }, (_, i) => `a${i}="1"`).join(' ')}/>`),
    );
    expect(wide.message).toMatch(/more than 64 attributes/);
    const attribute = await refused(statement(`<Ntry><Amt Ccy="${'E'.repeat(5_000_000)}">1</Amt></Ntry>`));
    expect(attribute.message).toMatch(/attribute longer than 100000 characters/);
    const text = await refused(
      statement(`<Ntry><AddtlNtryInf>${'x'.repeat(2_000_000)}</AddtlNtryInf></Ntry>`),
    );
    expect(text.message).toMatch(/Ntry\[1\]\/AddtlNtryInf: more than 100000 characters of text/);
  });

  it('keeps names like __proto__ as element names and pollutes nothing', async () => {
    const error = await refused(
      statement('<Ntry><__proto__><polluted>1</polluted></__proto__><constructor>x</constructor></Ntry>'),
    );
    expect(error.message).toMatch(/Ntry\[1\]\/Amt: expected the element Amt/);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});
