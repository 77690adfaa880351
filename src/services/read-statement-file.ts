/**
 * @module read-statement-file
 * Opens a bank statement file of any supported kind and streams its events: camt XML (read as a
 * stream), ZIP archives of camt XML as banks deliver them (each member in name order), MT940 and
 * online-banking CSV (small; parsed whole). The format is recognised from the content, never from
 * the file name.
 *
 * @example
 * const parsed = await collectStatementEvents(readStatementFile('/tmp/auszug.zip'));
 */
import { closeSync, createReadStream, openSync, readSync } from 'node:fs';
import { open, readFile, stat } from 'node:fs/promises';
import { basename } from 'node:path';
import yauzl from 'yauzl';
import { StatementFormatError } from '../formats/bank-statement.ts';
import { looksLikeXml, readCamtEvents } from '../formats/camt.ts';
import { decodeCsvText, decodeTextPieces, detectTextEncoding } from '../formats/csv-records.ts';
import { looksLikeMt940, readMt940Events } from '../formats/mt940.ts';
import { eventsOfParsedFile, type StatementEvent } from '../formats/statement-events.ts';
import {
  looksLikeStatementCsv,
  parseStatementCsv,
  type StatementCsvMapping,
} from '../formats/statement-csv.ts';

export interface ReadStatementFileOptions {
  /** CSV preset name (`sparkasse`, `ing`, `dkb`, `generic`); recognised from the header when absent. */
  csvPreset?: string;
  /** A custom CSV column mapping; wins over the preset. */
  csvMapping?: StatementCsvMapping;
  /** The file name used in messages (defaults to the path's base name). */
  displayName?: string;
}

const ZIP_MAGIC = [0x50, 0x4b, 0x03, 0x04];

/**
 * A CSV export is read whole: a year of a busy account is a few MB, so a larger file is refused
 * before it is read into memory (camt, ZIP and MT940 are read piece by piece instead).
 */
export const MAX_TEXT_STATEMENT_BYTES = 50 * 2 ** 20;

async function readHead(path: string, length: number): Promise<Uint8Array> {
  const handle = await open(path, 'r');
  try {
    const buffer = new Uint8Array(length);
    const { bytesRead } = await handle.read(buffer, 0, length, 0);
    return buffer.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}

function isZip(head: Uint8Array): boolean {
  return ZIP_MAGIC.every((byte, i) => head[i] === byte);
}

export async function* readStatementFile(
  path: string,
  options: ReadStatementFileOptions = {},
): AsyncGenerator<StatementEvent> {
  const name = options.displayName ?? basename(path);
  const head = await readHead(path, 8192);
  if (head.length === 0) throw new StatementFormatError(name, { line: 1 }, 'the file is empty');
  if (isZip(head)) {
    yield* readZipMembers(path, name);
    return;
  }
  const headText = decodeCsvText(head).text;
  if (looksLikeXml(headText)) {
    yield* readCamtEvents(createReadStream(path), name);
    return;
  }
  if (looksLikeMt940(headText)) {
    const encoding = detectTextEncoding(filePieces(path));
    yield* readMt940Events(() => decodeTextPieces(filePieces(path), encoding), name);
    return;
  }
  const { size } = await stat(path);
  if (size > MAX_TEXT_STATEMENT_BYTES) {
    throw new StatementFormatError(
      name,
      { line: 1 },
      `the file is ${Math.ceil(size / 2 ** 20)} MB; a CSV statement may be at most ${MAX_TEXT_STATEMENT_BYTES / 2 ** 20} MB (camt XML and MT940 may be larger)`,
    );
  }
  const bytes = new Uint8Array(await readFile(path));
  const text = decodeCsvText(bytes).text;
  if (options.csvMapping || options.csvPreset || looksLikeStatementCsv(text)) {
    yield* eventsOfParsedFile(
      parseStatementCsv(bytes, name, { preset: options.csvPreset, mapping: options.csvMapping }),
    );
    return;
  }
  throw new StatementFormatError(
    name,
    { line: 1 },
    'expected a bank statement: camt.052/053/054 XML, a ZIP of camt XML, MT940 (starting with :20:), or a CSV export with a header line',
  );
}

const PIECE_BYTES = 64 * 1024;

/**
 * The file's bytes in pieces, read as they are asked for. Each piece is valid until the next is read
 * (one buffer serves them all), so the reader decodes it at once.
 */
function* filePieces(path: string): Generator<Uint8Array> {
  const fd = openSync(path, 'r');
  const buffer = new Uint8Array(PIECE_BYTES);
  try {
    for (;;) {
      const read = readSync(fd, buffer, 0, PIECE_BYTES, null);
      if (read === 0) return;
      yield buffer.subarray(0, read);
    }
  } finally {
    closeSync(fd);
  }
}

/** The XML members of a ZIP archive in name order; other members (PDF copies, folders) are skipped. */
async function* readZipMembers(path: string, name: string): AsyncGenerator<StatementEvent> {
  let zip: yauzl.ZipFile;
  try {
    zip = await yauzl.openPromise(path, { lazyEntries: true, autoClose: false, strictFileNames: false });
  } catch (error) {
    throw new StatementFormatError(name, {}, `not a readable ZIP archive: ${(error as Error).message}`);
  }
  try {
    const members: yauzl.Entry[] = [];
    try {
      for await (const entry of zip.eachEntry()) {
        const isXml = /\.xml$/i.test(entry.fileName) && !entry.fileName.startsWith('__MACOSX/');
        if (isXml && !entry.fileName.endsWith('/')) members.push(entry);
      }
    } catch (error) {
      // A damaged directory, or a member named like an absolute path or with `..`: refused, never followed.
      throw new StatementFormatError(name, {}, `not a readable ZIP archive: ${(error as Error).message}`);
    }
    if (members.length === 0) {
      throw new StatementFormatError(name, {}, 'expected camt XML files in the ZIP archive, found none');
    }
    members.sort((a, b) => a.fileName.localeCompare(b.fileName));
    let first = true;
    for (const member of members) {
      const stream = await zip.openReadStreamPromise(member).catch((error: unknown) => {
        throw unpackError(name, member, error);
      });
      for await (const event of readCamtEvents(limited(stream, member, name), `${name}!${member.fileName}`)) {
        if (event.kind === 'format' && !first) continue;
        first = false;
        yield event;
      }
    }
  } finally {
    zip.close();
  }
}

/** Bytes a member may expand to: generous for real statements (XML packs about 10:1), fatal for a ZIP bomb. */
const MAX_EXPANSION = 200;
const MIN_ALLOWED_BYTES = 64 * 2 ** 20;

/** Passes a member's bytes on, and stops with an error once they exceed what any statement would need. */
async function* limited(
  stream: AsyncIterable<Uint8Array>,
  member: yauzl.Entry,
  name: string,
): AsyncGenerator<Uint8Array> {
  const allowed = Math.max(MIN_ALLOWED_BYTES, member.compressedSize * MAX_EXPANSION);
  let total = 0;
  // Iterated by hand so that a damaged member's zlib error can be told from the reader's own errors.
  const chunks = stream[Symbol.asyncIterator]();
  try {
    for (;;) {
      let next: IteratorResult<Uint8Array>;
      try {
        next = await chunks.next();
      } catch (error) {
        throw unpackError(name, member, error);
      }
      if (next.done) break;
      total += next.value.length;
      if (total > allowed) {
        throw new StatementFormatError(
          `${name}!${member.fileName}`,
          {},
          `expands to more than ${Math.round(allowed / 2 ** 20)} MB; refused as a ZIP bomb`,
        );
      }
      yield next.value;
    }
  } finally {
    // Ends the member's stream also when the reader stopped early (as `for await` would).
    await chunks.return?.();
  }
}

/** A member whose compressed data is damaged (zlib's "invalid stored block lengths" …) as a located error. */
function unpackError(name: string, member: yauzl.Entry, error: unknown): StatementFormatError {
  return new StatementFormatError(
    `${name}!${member.fileName}`,
    {},
    `cannot unpack the member, the archive is damaged: ${(error as Error).message}`,
  );
}
