import { createWriteStream, readdirSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import yazl from 'yazl';
import { type ParsedStatementFile, StatementFormatError } from '../formats/bank-statement.ts';
import { collectStatementEvents } from '../formats/statement-events.ts';
import { readStatementFile } from './read-statement-file.ts';

/** A camt.053.001.08 statement with one credit of the given amount. */
function camt053(id: string, amount: string, name = 'Müller Bau GmbH'): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.08">
  <BkToCstmrStmt>
    <GrpHdr><MsgId>MSG-${id}</MsgId><CreDtTm>2024-03-01T18:00:00+01:00</CreDtTm></GrpHdr>
    <Stmt>
      <Id>${id}</Id>
      <Acct><Id><IBAN>DE89370400440532013000</IBAN></Id><Ccy>EUR</Ccy></Acct>
      <Ntry>
        <Amt Ccy="EUR">${amount}</Amt>
        <CdtDbtInd>CRDT</CdtDbtInd>
        <Sts><Cd>BOOK</Cd></Sts>
        <BookgDt><Dt>2024-03-01</Dt></BookgDt>
        <NtryDtls><TxDtls><RltdPties><Dbtr><Pty><Nm>${name}</Nm></Pty></Dbtr></RltdPties></TxDtls></NtryDtls>
      </Ntry>
    </Stmt>
  </BkToCstmrStmt>
</Document>
`;
}

const MT940 = [
  ':20:STARTUMSE',
  ':25:50010517/0123456789',
  ':28C:00001/001',
  ':60F:C240101EUR1000,00',
  ':61:2401020102C190,00NTRFNONREF//2401020001',
  ':86:166?00GUTSCHR. UEBERWEISUNG?20SVWZ+RE-2023-114?32Hans Meier',
  ':62F:C240102EUR1190,00',
  '-',
].join('\r\n');

const SPARKASSE_CSV = [
  '"Auftragskonto";"Buchungstag";"Valutadatum";"Buchungstext";"Verwendungszweck";"Glaeubiger ID";"Mandatsreferenz";"Kundenreferenz (End-to-End)";"Sammlerreferenz";"Lastschrift Ursprungsbetrag";"Auslagenersatz Ruecklastschrift";"Beguenstigter/Zahlungspflichtiger";"Kontonummer/IBAN";"BIC (SWIFT-Code)";"Betrag";"Waehrung";"Info"',
  '"DE89370400440532013000";"02.01.24";"02.01.24";"GUTSCHR. UEBERWEISUNG";"RE-2023-114";"";"";"RE-2023-114";"";"";"";"Hans Meier";"DE02120300000000202051";"BYLADEM1001";"190,00";"EUR";"Umsatz gebucht"',
].join('\r\n');

let directory: string;

beforeAll(async () => {
  directory = await mkdtemp(join(tmpdir(), 'read-statement-file-'));
});

afterAll(async () => {
  await rm(directory, { recursive: true, force: true });
});

async function fileWith(name: string, content: string | Uint8Array): Promise<string> {
  const path = join(directory, name);
  await writeFile(path, content);
  return path;
}

async function zipWith(name: string, members: Record<string, string>): Promise<string> {
  const zip = new yazl.ZipFile();
  for (const [member, content] of Object.entries(members)) zip.addBuffer(Buffer.from(content), member);
  zip.end();
  const path = join(directory, name);
  await pipeline(zip.outputStream, createWriteStream(path));
  return path;
}

function read(path: string): Promise<ParsedStatementFile> {
  return collectStatementEvents(readStatementFile(path));
}

async function errorOf(path: string): Promise<StatementFormatError> {
  const error = await read(path).then(
    () => undefined,
    (e: unknown) => e,
  );
  if (error instanceof StatementFormatError) return error;
  throw new Error(`expected a StatementFormatError, got ${String(error)}`);
}

describe('readStatementFile', () => {
  it('reads camt XML, recognised by its content whatever the file is called', async () => {
    const file = await read(await fileWith('auszug.txt', camt053('S-1', '1190.00')));
    expect(file.format).toBe('camt.053.001.08');
    expect(file.statements.map((s) => [s.id, s.entries[0]?.amountCents])).toEqual([['S-1', 119000]]);
    expect(file.statements[0]?.entries[0]?.transactions[0]?.counterparty.name).toBe('Müller Bau GmbH');
  });

  it('reads the XML members of a ZIP in name order and skips the PDF copy', async () => {
    const path = await zipWith('auszuege.zip', {
      'b-2024-03-02.xml': camt053('S-2', '20.00'),
      'auszug-2024-03.pdf': '%PDF-1.4\n%âãÏÓ\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n',
      'a-2024-03-01.xml': camt053('S-1', '10.00'),
    });
    const file = await read(path);
    expect(file.format).toBe('camt.053.001.08');
    expect(file.statements.map((s) => [s.id, s.entries[0]?.amountCents])).toEqual([
      ['S-1', 1000],
      ['S-2', 2000],
    ]);
  });

  it('names the archive and the member in an error inside a ZIP', async () => {
    const path = await zipWith('kaputt.zip', {
      'a.xml': camt053('S-1', '10.00'),
      'b.xml': camt053('S-2', '12,50'),
    });
    const error = await errorOf(path);
    expect(error.message).toBe(
      'kaputt.zip!b.xml at Document/BkToCstmrStmt/Stmt[1]/Ntry[1]/Amt: expected an amount with at most 2 decimals like 1234.55, got "12,50"',
    );
  });

  it('rejects a ZIP without XML members', async () => {
    const path = await zipWith('nur-pdf.zip', { 'auszug.pdf': '%PDF-1.4\n%%EOF\n', 'liesmich.txt': 'Hallo' });
    const error = await errorOf(path);
    expect(error.message).toBe('nur-pdf.zip: expected camt XML files in the ZIP archive, found none');
  });

  it('reads MT940 text', async () => {
    const file = await read(await fileWith('auszug.sta', MT940));
    expect(file.format).toBe('mt940');
    expect(file.statements[0]).toMatchObject({ openingBalanceCents: 100000, closingBalanceCents: 119000 });
    expect(file.statements[0]?.entries[0]).toMatchObject({ amountCents: 19000, direction: 'credit' });
  });

  it('reads a large MT940 file piece by piece: Windows-1252, umlauts, many statements', async () => {
    const statements = Array.from({ length: 400 }, (_, n) =>
      MT940.replace(':20:STARTUMSE', `:20:AUSZUG${n}`).replace('Hans Meier', 'Jürgen Müßig'),
    );
    const path = await fileWith('gross.sta', Buffer.from(statements.join('\r\n'), 'latin1'));
    const parsed = await read(path);
    expect(parsed.statements).toHaveLength(400);
    expect(parsed.statements[399]).toMatchObject({ id: 'AUSZUG399/00001/001', closingBalanceCents: 1190_00 });
    expect(parsed.statements[399]?.entries[0]?.transactions[0]?.counterparty.name).toBe('Jürgen Müßig');
  });

  it('closes the MT940 file when reading stops early or fails', async () => {
    const openFiles = () => readdirSync('/proc/self/fd').length;
    const before = openFiles();
    const broken = await fileWith(
      'kaputt.sta',
      `${MT940}\r\n:20:X\r\n:25:1/2\r\n:60F:C240101EUR1,00\r\n:61:kaputt`,
    );
    await expect(read(broken)).rejects.toThrow(/kaputt\.sta:12: :61: expected value date/);
    for await (const event of readStatementFile(broken)) if (event.kind === 'entry') break;
    expect(openFiles()).toBe(before);
  });

  it('reads a Sparkasse CSV export, recognised by its header', async () => {
    const file = await read(await fileWith('umsaetze.csv', SPARKASSE_CSV));
    expect(file.format).toBe('csv:sparkasse');
    expect(file.statements[0]?.entries[0]).toMatchObject({ amountCents: 19000, direction: 'credit' });
  });

  it('rejects an empty file', async () => {
    const error = await errorOf(await fileWith('leer.xml', ''));
    expect(error.message).toBe('leer.xml:1: the file is empty');
  });

  it('rejects a text file that is no statement, listing what it reads', async () => {
    const error = await errorOf(await fileWith('notiz.txt', 'Einkaufsliste\nMilch\nBrot\n'));
    expect(error.message).toBe(
      'notiz.txt:1: expected a bank statement: camt.052/053/054 XML, a ZIP of camt XML, MT940 (starting with :20:), or a CSV export with a header line',
    );
  });
});
