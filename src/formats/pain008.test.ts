import fc from 'fast-check';
import { XMLParser } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import type { CalendarDate } from '../domain/calendar-date.ts';
import { DomainError } from '../domain/domain-error.ts';
import {
  isSepaIdentifier,
  isTargetDay,
  isValidCreditorId,
  nextTargetDay,
  type Pain008Collection,
  type Pain008Message,
  toSepaText,
  writePain008,
} from './pain008.ts';
import { validatePain008 } from './schemas/validate-pain008.ts';

const CREDITOR = {
  name: 'Mahnwerk Test GmbH',
  iban: 'DE89370400440532013000',
  bic: 'COBADEFFXXX',
  creditorId: 'DE98ZZZ09999999999',
};

const day = (text: string) => text as CalendarDate;

function collection(n: number, extra: Partial<Pain008Collection> = {}): Pain008Collection {
  return {
    endToEndId: `MW-E2E-${n}`,
    amountCents: 100_00 + n,
    collectionDate: day('2026-03-20'),
    scheme: 'CORE',
    sequenceType: 'RCUR',
    mandate: { reference: `MANDAT-${n}`, signedOn: day('2025-11-02') },
    debtor: { name: `Kunde ${n}`, iban: 'DE02120300000000202051', bic: null },
    remittance: `Rechnung RE-${n}`,
    ...extra,
  };
}

function message(collections: Pain008Collection[], extra: Partial<Pain008Message> = {}): Pain008Message {
  return {
    messageId: 'MW-20260316-0001',
    createdAt: '2026-03-16T09:00:00',
    creditor: CREDITOR,
    collections,
    ...extra,
  };
}

const parser = new XMLParser({
  ignoreAttributes: false,
  parseTagValue: false,
  isArray: (name) => ['PmtInf', 'DrctDbtTxInf'].includes(name),
});

/** The document as plain objects; PmtInf and DrctDbtTxInf always as arrays. */
function parse(xml: string) {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  return parser.parse(xml).Document.CstmrDrctDbtInitn as any;
}

/** Runs `write` and returns the DomainError it throws; anything else, or no error, fails the test. */
function errorOf(write: () => unknown): DomainError {
  try {
    write();
  } catch (error) {
    if (error instanceof DomainError) return error;
    throw error;
  }
  throw new Error('expected a DomainError');
}

describe('writing pain.008.001.08', () => {
  it('groups CORE and B2B, first and recurring collections of two dates into payment blocks, valid by the ISO schema', async () => {
    const collections = [
      collection(1, { sequenceType: 'FRST' }),
      collection(2),
      collection(3, {
        scheme: 'B2B',
        debtor: { name: 'Firma AG', iban: 'DE02500105170137075030', bic: 'INGDDEFFXXX' },
      }),
      collection(4, { sequenceType: 'FRST' }),
      collection(5, { collectionDate: day('2026-03-23') }),
      collection(6, {
        sequenceType: 'OOFF',
        mandate: { reference: 'EINMAL-6', signedOn: day('2026-03-01') },
      }),
    ];
    const { xml, summary } = writePain008(message(collections));
    expect(await validatePain008(xml)).toEqual({ valid: true, errors: [] });
    expect(summary).toMatchObject({ messageId: 'MW-20260316-0001', count: 6, sumCents: 600_00 + 21 });
    expect(
      summary.batches.map((b) => [b.collectionDate, b.scheme, b.sequenceType, b.count, b.sumCents]),
    ).toEqual([
      ['2026-03-20', 'B2B', 'RCUR', 1, 100_03],
      ['2026-03-20', 'CORE', 'FRST', 2, 200_05],
      ['2026-03-20', 'CORE', 'RCUR', 1, 100_02],
      ['2026-03-20', 'CORE', 'OOFF', 1, 100_06],
      ['2026-03-23', 'CORE', 'RCUR', 1, 100_05],
    ]);
    const doc = parse(xml);
    expect(doc.GrpHdr).toMatchObject({ MsgId: 'MW-20260316-0001', NbOfTxs: '6', CtrlSum: '600.21' });
    const blocks = doc.PmtInf;
    expect(blocks.map((b: { PmtInfId: string }) => b.PmtInfId)).toEqual(
      [1, 2, 3, 4, 5].map((n) => `MW-20260316-0001-${n}`),
    );
    const frst = blocks[1];
    expect(frst).toMatchObject({
      PmtMtd: 'DD',
      NbOfTxs: '2',
      CtrlSum: '200.05',
      PmtTpInf: { SvcLvl: { Cd: 'SEPA' }, LclInstrm: { Cd: 'CORE' }, SeqTp: 'FRST' },
      ReqdColltnDt: '2026-03-20',
      Cdtr: { Nm: 'Mahnwerk Test GmbH' },
      CdtrAcct: { Id: { IBAN: 'DE89370400440532013000' } },
      CdtrAgt: { FinInstnId: { BICFI: 'COBADEFFXXX' } },
      ChrgBr: 'SLEV',
      CdtrSchmeId: { Id: { PrvtId: { Othr: { Id: 'DE98ZZZ09999999999', SchmeNm: { Prtry: 'SEPA' } } } } },
    });
    expect(frst.DrctDbtTxInf.map((t: { PmtId: { EndToEndId: string } }) => t.PmtId.EndToEndId)).toEqual([
      'MW-E2E-1',
      'MW-E2E-4',
    ]);
    expect(frst.DrctDbtTxInf[0]).toMatchObject({
      InstdAmt: { '#text': '100.01', '@_Ccy': 'EUR' },
      DrctDbtTx: { MndtRltdInf: { MndtId: 'MANDAT-1', DtOfSgntr: '2025-11-02' } },
      // No BIC known: the German banks' NOTPROVIDED.
      DbtrAgt: { FinInstnId: { Othr: { Id: 'NOTPROVIDED' } } },
      Dbtr: { Nm: 'Kunde 1' },
      DbtrAcct: { Id: { IBAN: 'DE02120300000000202051' } },
      RmtInf: { Ustrd: 'Rechnung RE-1' },
    });
    expect(blocks[0].DrctDbtTxInf[0].DbtrAgt).toEqual({ FinInstnId: { BICFI: 'INGDDEFFXXX' } });
    // The schema check is real: a document the bank would refuse is refused here, with its line.
    const broken = await validatePain008(xml.replace('<Cd>SEPA</Cd>', '<Prty>SEPA</Prty>'));
    expect(broken.valid).toBe(false);
    expect(broken.errors[0]).toMatchObject({ line: 4, message: expect.stringContaining('Prty') });
  });

  it('spells umlauts out, keeps the SEPA character set and cuts names and remittance to their lengths', async () => {
    const { xml } = writePain008(
      message(
        [
          collection(1, {
            debtor: {
              name: 'Jürgen Müller-Lüdenscheidt & Söhne — Café Größe',
              iban: 'DE02 1203 0000 0000 2020 51',
              bic: null,
            },
            remittance: `Rechnung RE-1 über 1.234,56 € für „Büromöbel“; Lieferung #7 — ${'sehr lange Beschreibung '.repeat(8)}`,
          }),
          collection(2, {
            debtor: { name: 'Ørsted Ærø Łódź ÄÖÜ ß', iban: 'DE02120300000000202051', bic: null },
          }),
        ],
        { creditor: { ...CREDITOR, name: 'Bäckerei Öztürk & Co. KG' } },
      ),
    );
    expect(await validatePain008(xml)).toEqual({ valid: true, errors: [] });
    const doc = parse(xml);
    const [first, second] = doc.PmtInf[0].DrctDbtTxInf;
    expect(first.Dbtr.Nm).toBe('Juergen Mueller-Luedenscheidt + Soehne - Cafe Groesse');
    expect(second.Dbtr.Nm).toBe('Orsted AEro Lodz AeOeUe ss');
    expect(first.DbtrAcct.Id.IBAN).toBe('DE02120300000000202051');
    expect(doc.PmtInf[0].Cdtr.Nm).toBe('Baeckerei Oeztuerk + Co. KG');
    const remittance: string = first.RmtInf.Ustrd;
    expect(
      remittance.startsWith(
        "Rechnung RE-1 ueber 1.234,56 EUR fuer 'Bueromoebel', Lieferung Nr.7 - sehr lange",
      ),
    ).toBe(true);
    expect(remittance.length).toBeLessThanOrEqual(140);
    expect(remittance).toMatch(/^[A-Za-z0-9/\-?:().,'+ ]+$/);
    expect(xml).not.toMatch(/[^\x20-\x7e\n]/);
  });

  it('writes many collections, their control sums exact to the cent', async () => {
    const collections = Array.from({ length: 2_000 }, (_, i) =>
      collection(i + 1, {
        amountCents: 1 + ((i * 7_919) % 999_999),
        sequenceType: i % 3 === 0 ? 'FRST' : 'RCUR',
      }),
    );
    const { xml, summary } = writePain008(message(collections));
    const expected = collections.reduce((s, c) => s + c.amountCents, 0);
    expect(summary.sumCents).toBe(expected);
    expect(summary.batches.reduce((s, b) => s + b.count, 0)).toBe(2_000);
    const doc = parse(xml);
    expect(doc.GrpHdr.CtrlSum).toBe(
      `${Math.floor(expected / 100)}.${String(expected % 100).padStart(2, '0')}`,
    );
    expect(await validatePain008(xml)).toEqual({ valid: true, errors: [] });
  });

  it('gives a debtor outside the EEA its bank’s BIC and a postal address', async () => {
    const swiss = collection(1, {
      debtor: {
        name: 'Zürcher Uhren AG',
        iban: 'CH9300762011623852957',
        bic: 'UBSWCHZH80A',
        address: { street: 'Bahnhofstrasse 1', postalCode: '8001', city: 'Zürich', country: 'CH' },
      },
    });
    const { xml } = writePain008(message([swiss]));
    expect(await validatePain008(xml)).toEqual({ valid: true, errors: [] });
    expect(parse(xml).PmtInf[0].DrctDbtTxInf[0].Dbtr).toEqual({
      Nm: 'Zuercher Uhren AG',
      PstlAdr: { StrtNm: 'Bahnhofstrasse 1', PstCd: '8001', TwnNm: 'Zuerich', Ctry: 'CH' },
    });
    const error = errorOf(() =>
      writePain008(message([{ ...swiss, debtor: { ...swiss.debtor, bic: null, address: null } }])),
    );
    expect(error.issues.map((i) => i.path)).toEqual([
      'collections.0.debtor.bic',
      'collections.0.debtor.address',
    ]);
  });

  it('asks for single bookings unless batch booking is wanted', () => {
    expect(parse(writePain008(message([collection(1)])).xml).PmtInf[0].BtchBookg).toBe('false');
    expect(
      parse(writePain008(message([collection(1)], { batchBooking: true })).xml).PmtInf[0].BtchBookg,
    ).toBe('true');
  });

  it('refuses bad input with every problem, each naming its field and XML element', () => {
    const error = errorOf(() =>
      writePain008(
        message(
          [
            collection(1, { debtor: { name: 'A', iban: 'DE02120300000000202052', bic: 'nobic' } }),
            collection(2, { endToEndId: 'MW_E2E_2', amountCents: 0 }),
            collection(3, {
              endToEndId: 'MW-E2E-1',
              mandate: { reference: 'M-3', signedOn: day('2026-04-01') },
            }),
            collection(4, {
              endToEndId: 'X'.repeat(36),
              debtor: { name: '  ', iban: 'DE02120300000000202051', bic: null },
            }),
            collection(5, { amountCents: 12.5, collectionDate: day('2026-02-30') }),
          ],
          {
            messageId: '/MW//1',
            createdAt: '16.03.2026 09:00',
            creditor: { ...CREDITOR, creditorId: 'DE99ZZZ09999999999', iban: 'DE89 3704 0044 0532 0130 01' },
          },
        ),
      ),
    );
    expect(error.code).toBe('invalid-argument');
    expect(error.issues.map((i) => i.path)).toEqual([
      'messageId',
      'createdAt',
      'creditor.iban',
      'creditor.creditorId',
      'collections.0.debtor.iban',
      'collections.0.debtor.bic',
      'collections.1.endToEndId',
      'collections.1.amountCents',
      'collections.2.endToEndId',
      'collections.2.mandate.signedOn',
      'collections.3.endToEndId',
      'collections.3.debtor.name',
      'collections.4.amountCents',
      'collections.4.collectionDate',
    ]);
    const byPath = new Map(error.issues.map((i) => [i.path, i.message]));
    expect(byPath.get('collections.0.debtor.iban')).toContain('(DrctDbtTxInf/DbtrAcct/Id/IBAN)');
    expect(byPath.get('collections.2.endToEndId')).toContain('used by collection 0 already');
    expect(byPath.get('creditor.creditorId')).toContain('(PmtInf/CdtrSchmeId/Id/PrvtId/Othr/Id)');
    expect(byPath.get('collections.2.mandate.signedOn')).toContain('after the collection date 2026-03-20');
    expect(error.message).toContain('cannot write pain.008 message /MW//1');
    expect(errorOf(() => writePain008(message([]))).issues.map((i) => i.path)).toEqual(['collections']);
  });

  it('property: any text becomes SEPA text no longer than it needs, and any valid collections validate', async () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 200 }), (text) => {
        const sepa = toSepaText(text);
        expect(sepa).toMatch(/^[A-Za-z0-9/\-?:().,'+ ]*$/);
        expect(sepa).toBe(sepa.trim());
        expect(sepa).not.toContain('  ');
      }),
    );
    const collectionArb = fc.record({
      amountCents: fc.integer({ min: 1, max: 999_999_999_99 }),
      scheme: fc.constantFrom('CORE' as const, 'B2B' as const),
      sequenceType: fc.constantFrom('FRST' as const, 'RCUR' as const, 'OOFF' as const, 'FNAL' as const),
      date: fc.constantFrom('2026-03-20', '2026-03-23', '2026-12-31'),
      name: fc.string({ unit: 'grapheme', minLength: 1, maxLength: 120 }).filter((s) => toSepaText(s) !== ''),
      remittance: fc.string({ unit: 'grapheme', maxLength: 300 }),
    });
    await fc.assert(
      fc.asyncProperty(fc.array(collectionArb, { minLength: 1, maxLength: 12 }), async (drawn) => {
        const collections = drawn.map((d, i) =>
          collection(i, {
            amountCents: d.amountCents,
            scheme: d.scheme,
            sequenceType: d.sequenceType,
            collectionDate: day(d.date),
            remittance: d.remittance,
            debtor: { name: d.name, iban: 'DE02120300000000202051', bic: null },
          }),
        );
        const { xml, summary } = writePain008(message(collections));
        expect(summary.sumCents).toBe(drawn.reduce((s, d) => s + d.amountCents, 0));
        expect((await validatePain008(xml)).errors).toEqual([]);
      }),
      { numRuns: 15 },
    );
  });
});

describe('SEPA identifiers and calendar', () => {
  it('checks creditor ids by their ISO 7064 check digits, the German ones by their form', () => {
    expect(isValidCreditorId('DE98ZZZ09999999999')).toBe(true);
    expect(isValidCreditorId('de98 zzz0 9999 9999 99')).toBe(true);
    expect(isValidCreditorId('DE98ABC09999999999')).toBe(true); // the business code is not checked
    expect(isValidCreditorId('DE99ZZZ09999999999')).toBe(false);
    expect(isValidCreditorId('DE98ZZZ0999999999')).toBe(false); // 10 digits
    expect(isValidCreditorId('DE98ZZZ0999999999X')).toBe(false);
    expect(isValidCreditorId('DE89370400440532013000')).toBe(false); // an IBAN
    expect(isValidCreditorId('')).toBe(false);
  });

  it('knows which identifiers SEPA takes', () => {
    expect(isSepaIdentifier("MANDAT-2026/01 (A+B),x.y:z?'")).toBe(true);
    for (const bad of ['', 'X'.repeat(36), '/A', 'A/', 'A//B', 'Müller', 'A_B', ' A']) {
      expect(isSepaIdentifier(bad)).toBe(false);
    }
  });

  it('settles collections on TARGET2 business days only', () => {
    expect(isTargetDay(day('2026-03-20'))).toBe(true);
    for (const closed of [
      '2026-03-21',
      '2026-03-22',
      '2026-01-01',
      '2026-04-03',
      '2026-04-06',
      '2026-05-01',
      '2026-12-25',
      '2025-12-26',
      '2027-03-26',
      '2027-03-29',
    ]) {
      expect(isTargetDay(day(closed)), closed).toBe(false);
    }
    // German holidays that TARGET2 keeps open: Ascension, Whit Monday, German Unity Day.
    for (const open of ['2026-05-14', '2026-05-25', '2026-10-02', '2025-10-03']) {
      expect(isTargetDay(day(open)), open).toBe(true);
    }
    expect(nextTargetDay(day('2026-04-02'))).toBe('2026-04-07');
    expect(nextTargetDay(day('2026-12-24'))).toBe('2026-12-28');
  });
});
