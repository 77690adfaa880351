/**
 * @module csv-records
 * Bytes to CSV records: decodes UTF-8, UTF-16 (with BOM) or Windows-1252, finds the header after an
 * Excel `sep=;` line and blank lines, guesses `;` or `,`, and splits the text by RFC 4180 into
 * records that remember the physical line they start on — so an error can name the line a user
 * sees in an editor, also when a quoted field spans several lines.
 *
 * @example
 * const { text } = decodeCsvText(bytes);
 * const { start, line, delimiter } = findCsvHeader(text);
 * const { records, errors } = readCsvRecords(text, start, line, delimiter ?? ';');
 */
import { Buffer, isAscii } from 'node:buffer';
import { quoteCsvValue } from './csv-values.ts';

export type CsvEncoding = 'utf-8' | 'windows-1252' | 'utf-16le' | 'utf-16be';

// --- bytes to text ---------------------------------------------------------------------------

/** Windows-1252 0x80–0x9F; Node's decoder (up to v22) reads these bytes as Latin-1 control characters. */
const CP1252_HIGH = '€\u0081‚ƒ„…†‡ˆ‰Š‹Œ\u008dŽ\u008f\u0090‘’“”•–—˜™š›œ\u009džŸ';

/**
 * Decodes a whole file: UTF-16 after its BOM, else UTF-8 when all of it is valid UTF-8, else
 * Windows-1252 — by the rules a file read in pieces is decoded by (decodeTextPieces).
 */
export function decodeCsvText(bytes: Uint8Array): { text: string; encoding: CsvEncoding } {
  const whole = (encoding: CsvEncoding, options?: { fatal: boolean }) => {
    const parts = [...decodeTextPieces([bytes], encoding, options)].filter((part) => part !== '');
    // One part is the text itself: a large file is not copied once more by join.
    return { text: parts.length === 1 ? (parts[0] as string) : parts.join(''), encoding };
  };
  const utf16 = utf16ByBom(bytes);
  if (utf16) return whole(utf16);
  try {
    return whole('utf-8', { fatal: true });
  } catch {
    return whole('windows-1252');
  }
}

function utf16ByBom(start: ArrayLike<number>): CsvEncoding | null {
  if (start[0] === 0xff && start[1] === 0xfe) return 'utf-16le';
  if (start[0] === 0xfe && start[1] === 0xff) return 'utf-16be';
  return null;
}

function fromWindows1252(latin: string): string {
  return latin.replace(/[\u0080-\u009f]/g, (c) => CP1252_HIGH[c.charCodeAt(0) - 0x80] as string);
}

const UTF8_BOM_AS_WINDOWS_1252 = /^\u00ef\u00bb\u00bf/;

/** A piece that ends within ASCII leaves no UTF-8 sequence open for the next one. */
function endsInAscii(piece: Uint8Array): boolean {
  return piece.length === 0 || (piece[piece.length - 1] as number) < 0x80;
}

function asciiText(piece: Uint8Array): string {
  return Buffer.from(piece.buffer, piece.byteOffset, piece.byteLength).toString('latin1');
}

/**
 * The encoding {@link decodeCsvText} would choose for the bytes of a file that arrives in pieces (a
 * large file read piece by piece): a UTF-16 BOM, else UTF-8 when all of it is valid UTF-8, else
 * Windows-1252. Pieces of plain ASCII, most of a bank file, are only checked, never decoded.
 */
export function detectTextEncoding(pieces: Iterable<Uint8Array>): CsvEncoding {
  const utf8 = new TextDecoder('utf-8', { fatal: true });
  let open = false;
  const check = (piece: Uint8Array) => {
    if (open || !isAscii(piece)) {
      utf8.decode(piece, { stream: true });
      open = !endsInAscii(piece);
    }
  };
  // The first bytes while fewer than two are known: a BOM may be cut between pieces too.
  let early: Uint8Array | null = new Uint8Array(0);
  try {
    for (const piece of pieces) {
      if (early) {
        const start: number[] = [...early, ...piece.subarray(0, 2 - early.length)];
        const utf16 = utf16ByBom(start);
        if (utf16) return utf16;
        if (start.length < 2) {
          early = Uint8Array.from(start);
          continue;
        }
        check(early);
        early = null;
      }
      check(piece);
    }
    if (early) check(early);
    utf8.decode();
    return 'utf-8';
  } catch {
    return 'windows-1252';
  }
}

/**
 * Decodes a file arriving in pieces, piece by piece, so that a large file is never held as bytes
 * and text at once: a BOM is dropped, a UTF-8 sequence cut between two pieces is joined, and pieces
 * of plain ASCII are copied, which is the cheapest read. With `fatal`, bytes that are no UTF-8 are
 * an error (decodeCsvText then reads the file as Windows-1252).
 */
export function* decodeTextPieces(
  pieces: Iterable<Uint8Array>,
  encoding: CsvEncoding,
  options: { fatal: boolean } = { fatal: false },
): Generator<string> {
  if (encoding === 'windows-1252') {
    const decoder = new TextDecoder('windows-1252');
    // The first three characters may be a UTF-8 BOM read as Windows-1252, perhaps cut into pieces.
    let head: string | null = '';
    for (const piece of pieces) {
      const text = fromWindows1252(decoder.decode(piece));
      if (head === null) yield text;
      else if ((head += text).length >= 3) {
        yield head.replace(UTF8_BOM_AS_WINDOWS_1252, '');
        head = null;
      }
    }
    if (head !== null) yield head.replace(UTF8_BOM_AS_WINDOWS_1252, '');
    return;
  }
  if (encoding !== 'utf-8') {
    // The BOM's two bytes are skipped, and the decoder drops one more BOM after them (as ever here).
    const decoder = new TextDecoder(encoding);
    let skip = 2;
    for (const piece of pieces) {
      const rest = piece.subarray(skip);
      skip = Math.max(0, skip - piece.length);
      yield decoder.decode(rest, { stream: true });
    }
    yield decoder.decode();
    return;
  }
  let decoder: InstanceType<typeof TextDecoder> | undefined;
  let open = false;
  for (const piece of pieces) {
    if (piece.length === 0) continue;
    // Only the file's first bytes may be a BOM to drop (Excel writes one for "CSV UTF-8"): a decoder
    // made later must keep a U+FEFF. A file that starts with one is no ASCII piece, so the decoder sees it.
    decoder ??= new TextDecoder('utf-8', { ignoreBOM: piece[0] !== 0xef, fatal: options.fatal });
    if (!open && isAscii(piece)) {
      yield asciiText(piece);
    } else {
      yield decoder.decode(piece, { stream: true });
      open = !endsInAscii(piece);
    }
  }
  if (decoder) yield decoder.decode();
}

// --- text to records (RFC 4180) --------------------------------------------------------------

export interface CsvRecord {
  line: number;
  fields: string[];
}

export interface CsvRecordError {
  line: number;
  fieldIndex: number;
  message: string;
}

const QUOTE = 34;
const LF = 10;
const CR = 13;

function countLineBreaks(text: string, from: number, to: number): number {
  let count = 0;
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i);
    if (c === LF || (c === CR && text.charCodeAt(i + 1) !== LF)) count++;
  }
  return count;
}

/** The delimiter of the header line starting at `start`: the more frequent of `;` and `,` outside quotes. */
function detectDelimiter(text: string, start: number): ';' | ',' | undefined {
  let semicolons = 0;
  let commas = 0;
  let quoted = false;
  for (let i = start; i < text.length; i++) {
    const c = text[i];
    if (c === '"') quoted = !quoted;
    else if (!quoted && (c === '\n' || c === '\r')) break;
    else if (!quoted && c === ';') semicolons++;
    else if (!quoted && c === ',') commas++;
  }
  if (semicolons === 0 && commas === 0) return undefined;
  return semicolons >= commas ? ';' : ',';
}

/** Skips an Excel "sep=;" line and blank lines; returns where the header starts. */
export function findCsvHeader(text: string): {
  start: number;
  line: number;
  delimiter: ';' | ',' | undefined;
} {
  const sepLine = /^sep=([;,])[ \t]*(?:\r\n|\n|\r|$)/i.exec(text);
  let start = sepLine ? sepLine[0].length : 0;
  let line = sepLine ? 2 : 1;
  for (;;) {
    const blank = /^[ \t]*(?:\r\n|\n|\r)/.exec(text.slice(start, start + 1000));
    if (!blank) break;
    start += blank[0].length;
    line++;
  }
  const delimiter = (sepLine?.[1] as ';' | ',' | undefined) ?? detectDelimiter(text, start);
  return { start, line, delimiter };
}

/** Splits the text into records; line numbers count physical lines, also those inside quoted fields. */
export function readCsvRecords(
  text: string,
  start: number,
  firstLine: number,
  delimiter: string,
): { records: CsvRecord[]; errors: CsvRecordError[] } {
  const delim = delimiter.charCodeAt(0);
  const records: CsvRecord[] = [];
  const errors: CsvRecordError[] = [];
  const n = text.length;
  let i = start;
  let line = firstLine;
  while (i < n) {
    const recordLine = line;
    const fields: string[] = [];
    for (;;) {
      let j = i;
      while (text[j] === ' ' || text[j] === '\t') j++;
      if (text.charCodeAt(j) === QUOTE) {
        const openLine = line;
        let value = '';
        let from = j + 1;
        for (;;) {
          const q = text.indexOf('"', from);
          if (q === -1) {
            errors.push({
              line: openLine,
              fieldIndex: fields.length,
              message: 'a quote (") opened here is never closed, so the rest of the file cannot be read',
            });
            return { records, errors };
          }
          value += text.slice(from, q);
          if (text.charCodeAt(q + 1) === QUOTE) {
            value += '"';
            from = q + 2;
          } else {
            line += countLineBreaks(text, j, q);
            i = q + 1;
            break;
          }
        }
        let end = i;
        while (end < n && text.charCodeAt(end) !== delim && text[end] !== '\n' && text[end] !== '\r') end++;
        if (text.slice(i, end).trim() !== '') {
          errors.push({
            line,
            fieldIndex: fields.length,
            message: `unexpected text after the closing quote: ${quoteCsvValue(text.slice(i, end))} (a quote inside a quoted field is written "")`,
          });
        }
        i = end;
        fields.push(value);
      } else {
        let end = i;
        while (end < n) {
          const c = text.charCodeAt(end);
          if (c === delim || c === LF || c === CR) break;
          end++;
        }
        fields.push(text.slice(i, end));
        i = end;
      }
      if (i < n && text.charCodeAt(i) === delim) {
        i++;
        continue;
      }
      break;
    }
    if (text.charCodeAt(i) === CR) i++;
    if (text.charCodeAt(i) === LF) i++;
    line++;
    if (fields.some((f) => f.trim() !== '')) records.push({ line: recordLine, fields });
  }
  return { records, errors };
}
