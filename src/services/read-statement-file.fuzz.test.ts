/**
 * Format detection on hostile files, as an upload or `statement import FILE` reads them: any bytes
 * (mutated camt, MT940, CSV and ZIP files, random bytes) end in valid statements or a
 * StatementFormatError — whatever the content looks like, never a crash or a hang. A text file too
 * large to read whole is refused before it is read; ZIP member names are never used as paths.
 */
import { existsSync, truncateSync } from 'node:fs';
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import yazl from 'yazl';
import { StatementFormatError } from '../formats/bank-statement.ts';
import { collectStatementEvents } from '../formats/statement-events.ts';
import { MAX_TEXT_STATEMENT_BYTES, readStatementFile } from './read-statement-file.ts';
import {
  countInput,
  countRefused,
  encodeText,
  encodingArbitrary,
  FUZZ_TEST_TIMEOUT,
  fuzzParameters,
  mutatedText,
  resultOrLocatedErrorAsync,
  withinHangBoundAsync,
} from '../../test/support/fuzz.ts';
import { expectValidStatement } from '../../test/support/valid-statement.ts';

const CAMT = `<?xml version="1.0" encoding="UTF-8"?>
<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.08"><BkToCstmrStmt>
<GrpHdr><MsgId>M</MsgId><CreDtTm>2024-03-01T18:00:00+01:00</CreDtTm></GrpHdr>
<Stmt><Id>S1</Id><Acct><Id><IBAN>DE89370400440532013000</IBAN></Id><Ccy>EUR</Ccy></Acct>
<Ntry><Amt Ccy="EUR">190.00</Amt><CdtDbtInd>CRDT</CdtDbtInd><Sts><Cd>BOOK</Cd></Sts><BookgDt><Dt>2024-03-01</Dt></BookgDt>
<NtryDtls><TxDtls><RltdPties><Dbtr><Pty><Nm>Müller</Nm></Pty></Dbtr></RltdPties><RmtInf><Ustrd>RE-1</Ustrd></RmtInf></TxDtls></NtryDtls></Ntry>
</Stmt></BkToCstmrStmt></Document>
`;
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
const CSV = [
  'Buchungsdatum;Betrag;Verwendungszweck;IBAN',
  '02.01.2024;190,00;RE-1;DE02120300000000202051',
].join('\r\n');

let directory: string;
let counter = 0;

beforeAll(async () => {
  directory = await mkdtemp(join(tmpdir(), 'mahnwerk-statement-fuzz-'));
});
afterAll(() => rm(directory, { recursive: true, force: true }));

async function readHostileFile(parser: string, bytes: Uint8Array): Promise<void> {
  countInput(parser);
  const path = join(directory, `input-${counter++}`);
  await writeFile(path, bytes);
  const outcome = await withinHangBoundAsync(parser, () =>
    resultOrLocatedErrorAsync(
      () => collectStatementEvents(readStatementFile(path, { displayName: 'upload' })),
      (error) => error instanceof StatementFormatError,
    ),
  );
  await rm(path);
  if (!outcome.ok) {
    countRefused(parser);
    expect((outcome.error as StatementFormatError).file.startsWith('upload')).toBe(true);
    return;
  }
  for (const statement of outcome.value.statements) expectValidStatement(statement);
}

async function zipOf(members: Record<string, string | Uint8Array>): Promise<Uint8Array> {
  const zip = new yazl.ZipFile();
  for (const [member, content] of Object.entries(members)) zip.addBuffer(Buffer.from(content), member);
  zip.end();
  const chunks: Buffer[] = [];
  for await (const chunk of zip.outputStream) chunks.push(chunk as Buffer);
  return new Uint8Array(Buffer.concat(chunks));
}

describe('statement file detection fuzz', () => {
  it(
    'reads or refuses with a StatementFormatError any mutation of a camt, MT940 or CSV file',
    async () => {
      await fc.assert(
        fc.asyncProperty(
          mutatedText(fc.constantFrom(CAMT, MT940, CSV, `${MT940}\n${CSV}`, `PK\u0003\u0004${CAMT}`), {
            maxEdits: 3,
          }),
          encodingArbitrary,
          async (text, encoding) => {
            await readHostileFile('statement file mutations', encodeText(text, encoding));
          },
        ),
        fuzzParameters('statement file mutations', 250),
      );
    },
    FUZZ_TEST_TIMEOUT,
  );

  it(
    'reads or refuses mutated ZIP archives and random bytes',
    async () => {
      const zip = await zipOf({ 'a.xml': CAMT, 'b.xml': CAMT.replace('S1', 'S2') });
      const zipText = new TextDecoder('latin1').decode(zip);
      const mutatedZip = mutatedText(fc.constant(zipText), { maxEdits: 2 }).map(
        (text) => new Uint8Array(Buffer.from(text, 'latin1')),
      );
      await fc.assert(
        fc.asyncProperty(fc.oneof(mutatedZip, fc.uint8Array({ maxLength: 1000 })), async (bytes) => {
          await readHostileFile('statement file zip and bytes', bytes);
        }),
        fuzzParameters('statement file zip and bytes', 150),
      );
    },
    FUZZ_TEST_TIMEOUT,
  );

  it('refuses an MT940 or CSV file larger than the limit before reading it', async () => {
    const path = join(directory, 'huge.csv');
    await writeFile(path, `${CSV}\r\n`);
    truncateSync(path, MAX_TEXT_STATEMENT_BYTES + 1); // sparse: no 50 MB written
    const error = await collectStatementEvents(readStatementFile(path)).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(StatementFormatError);
    expect((error as Error).message).toBe(
      'huge.csv:1: the file is 51 MB; a CSV statement may be at most 50 MB (camt XML and MT940 may be larger)',
    );
  });

  it('refuses ZIP members named like paths, and writes or opens nothing they name', async () => {
    const path = join(directory, 'traversal.zip');
    // yazl refuses such names, so they are patched into the archive (same length, so offsets hold).
    const safe = await zipOf({
      'aa/aa/aa/aa/tmp/mahnwerk-escaped.xml': CAMT,
      'Xetc/passwd.xml': CAMT.replace('S1', 'S2'),
    });
    const hostile = Buffer.from(safe)
      .toString('latin1')
      .replaceAll('aa/aa/aa/aa/', '../../../../')
      .replaceAll('Xetc/passwd.xml', '/etc/passwd.xml');
    await writeFile(path, Buffer.from(hostile, 'latin1'));
    const before = await readdir(directory);
    const error = await collectStatementEvents(readStatementFile(path, { displayName: 'upload.zip' })).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(StatementFormatError);
    expect((error as Error).message).toMatch(
      /^upload\.zip: not a readable ZIP archive: .*(relative|absolute) path/,
    );
    expect(await readdir(directory)).toEqual(before);
    expect(existsSync('/tmp/mahnwerk-escaped.xml')).toBe(false);
  });
});
