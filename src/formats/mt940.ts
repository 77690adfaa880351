/**
 * @module mt940
 * Reads SWIFT MT940 account statements as German banks deliver them (`.sta`, `.mt940`; the
 * "Deutsche Kreditwirtschaft" flavour with the structured `:86:` field) into the normalised
 * {@link ParsedStatementFile}. Pure: text in, statements out, or a {@link StatementFormatError} that
 * names the physical line and what was expected — never half a file. A large file is read as events
 * instead ({@link readMt940Events}: its text in pieces, the entries handed on one by one).
 *
 * What is read:
 * - any number of statements, each starting at `:20:`; SWIFT block wrappers (`{1:…}{2:…}{4:`, `-}`),
 *   `-` separator lines, blank lines, CRLF or LF and trailing spaces around them;
 * - `:25:` account, `:28C:` sequence number, `:60F:`/`:60M:` opening and `:62F:`/`:62M:` closing balance;
 * - `:61:` entries (value date, booking date, C/D/RC/RD, amount, transaction type, references,
 *   supplementary details with `/OCMT/` and `/CHGS/`) and the `:86:` that follows each of them:
 *   GVC, `?00` booking text, `?20`–`?29`/`?60`–`?63` remittance with the SEPA keywords
 *   (EREF+, MREF+, CRED+, SVWZ+, OAMT+ …), `?30`/`?31` BIC and IBAN, `?32`/`?33` name.
 *
 * A statement's `id` is its `:20:` reference, then `/` and the `:28C:` sequence number when there is
 * one (`STARTUMSE/00000/001`). Banks often repeat the same `:20:` and `:28C:` in every statement of a
 * file, so where an id occurs more than once in the file every occurrence gets `#1`, `#2` … in file
 * order: ids are unique within a file and the same for the same file on every read.
 *
 * @example
 * const { text } = decodeCsvText(bytes); // MT940 files are Latin-1 as often as UTF-8
 * if (looksLikeMt940(text)) {
 *   const file = parseMt940(text, 'auszug.sta');
 *   for (const s of file.statements) console.log(s.id, s.openingBalanceCents, s.entries.length);
 * }
 */
import { calendarDate, type CalendarDate, daysInMonth } from '../domain/calendar-date.ts';
import { currencyExponent } from '../domain/money.ts';
import {
  type BankStatement,
  emptyTransaction,
  type EntryDirection,
  type ParsedStatementFile,
  type StatementEntry,
  StatementFormatError,
  type StatementTransaction,
} from './bank-statement.ts';
import { collectStatementEventsOf, type StatementEvent } from './statement-events.ts';

// --- physical lines to fields ----------------------------------------------------------------

/** One tag with its text: the rest of the tag's line, then its continuation lines (`:61:` and `:86:` only). */
interface Field {
  tag: string;
  /** 1-based physical line of the tag. */
  line: number;
  lines: string[];
}

/** `:20:`, `:60F:`, also non-standard ones such as `:NS:`, which are skipped later. */
const TAG_LINE = /^:([0-9A-Z]{2,3}):/;

/** Only these fields continue on untagged lines: `:61:` with supplementary details, `:86:` with up to 6 × 65 characters. */
const MULTILINE_TAGS = new Set(['61', '86']);

/** SWIFT's line length; a shorter line in free text was ended on purpose (see `joinFreeText`). */
const SWIFT_LINE_LENGTH = 65;

/** A SWIFT block line: `{1:…}{2:…}{4:` header or `{5:…}` trailer (not remittance text that starts with a brace). */
const SWIFT_BLOCK = /^\{[1-5]:/;

const CR = 13;
const LF = 10;

function preview(text: string): string {
  return text.length > 40 ? `${text.slice(0, 40)}…` : text;
}

/** A field's first line without surrounding spaces: the value of one-line tags. */
function firstLine(field: Field): string {
  return (field.lines[0] ?? '').trim();
}

function fieldError(file: string, field: Field, message: string): StatementFormatError {
  return new StatementFormatError(file, { line: field.line }, message);
}

/**
 * The physical lines of a text one at a time, ending in CRLF, LF or a lone CR (after a BOM). The text
 * arrives in pieces (a file read piece by piece) that may end anywhere, also between CR and LF; the
 * cursor holds only the piece it is in. Lines are found with `indexOf` rather than split: a year of a
 * busy account is a million lines, which should never be held at once.
 */
class LineCursor {
  /** The text the current line is in: its start and end (exclusive, before the line break). */
  text = '';
  start = 0;
  end = 0;
  /** 1-based number of the current line. */
  line = 0;
  private next = 0;
  private nextCr = -1;
  private nextLf = -1;
  private readonly pieces: Iterator<string>;
  private exhausted = false;
  private first = true;

  constructor(pieces: Iterable<string>) {
    this.pieces = pieces[Symbol.iterator]();
  }

  /** Moves to the next line; false after the last. */
  advance(): boolean {
    for (;;) {
      const { text, next } = this;
      if (this.nextCr !== -1 && this.nextCr < next) this.nextCr = text.indexOf('\r', next);
      if (this.nextLf !== -1 && this.nextLf < next) this.nextLf = text.indexOf('\n', next);
      const { nextCr, nextLf } = this;
      const end = Math.min(nextCr === -1 ? text.length : nextCr, nextLf === -1 ? text.length : nextLf);
      // A CR at the end of the piece may be the first half of a CRLF.
      const complete = end < text.length && (end < text.length - 1 || text.charCodeAt(end) === LF);
      if (complete || (this.exhausted && next <= text.length)) {
        this.line++;
        this.start = next;
        this.end = end;
        this.next = end + (text.charCodeAt(end) === CR && text.charCodeAt(end + 1) === LF ? 2 : 1);
        return true;
      }
      if (this.exhausted) return false;
      this.read();
    }
  }

  /** Lets the pieces go (a file's pieces close it) when the reader stops before their end. */
  close(): void {
    this.pieces.return?.();
  }

  /** Joins the next piece to what is left of the current one. */
  private read(): void {
    const piece = this.pieces.next();
    if (piece.done) {
      this.exhausted = true;
      return;
    }
    let text = this.text.slice(this.next) + piece.value;
    if (this.first && text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    this.first = this.first && text === '';
    this.text = text;
    this.next = 0;
    this.nextCr = text.indexOf('\r');
    this.nextLf = text.indexOf('\n');
  }

  /**
   * Where the line's content starts: after `{4:` on a SWIFT header line, -1 on other block lines
   * (`{5:…}`), else the line's start.
   */
  contentStart(): number {
    const { text, start, end } = this;
    if (text.charCodeAt(start) !== OPEN_BRACE || !SWIFT_BLOCK.test(text.slice(start, start + 3)))
      return start;
    const body = text.indexOf('{4:', start);
    return body < 0 || body + 3 > end ? -1 : body + 3;
  }
}

const OPEN_BRACE = 0x7b;
const COLON = 0x3a;

/**
 * Cuts the text into tagged fields and drops the SWIFT envelope: `{1:…}{2:…}{4:` headers (the text
 * after `{4:` is kept), `-}` and `{5:…}` trailers, `-` separators and blank lines. Each field is
 * handed on when it is complete.
 */
function* readFields(pieces: Iterable<string>, file: string): Generator<Field> {
  const cursor = new LineCursor(pieces);
  try {
    yield* fieldsOf(cursor, file);
  } finally {
    cursor.close();
  }
}

function* fieldsOf(cursor: LineCursor, file: string): Generator<Field> {
  let current: Field | undefined;
  while (cursor.advance()) {
    const { line } = cursor;
    const from = cursor.contentStart();
    const content = from < 0 ? '' : cursor.text.slice(from, cursor.end);
    const trimmed = content.trimEnd();
    if (trimmed === '') continue;
    if (trimmed === '-' || trimmed.startsWith('-}') || trimmed.startsWith('}')) {
      if (current) yield current;
      current = undefined;
      continue;
    }
    const tag = trimmed.charCodeAt(0) === COLON ? TAG_LINE.exec(trimmed) : null;
    if (tag) {
      if (current) yield current;
      current = { tag: tag[1] as string, line, lines: [content.slice(tag[0].length)] };
    } else if (current && MULTILINE_TAGS.has(current.tag)) {
      current.lines.push(content);
    } else {
      const expected = current
        ? `a new tag after the one-line :${current.tag}:`
        : 'an MT940 tag such as :20:';
      throw new StatementFormatError(file, { line }, `expected ${expected}, got "${preview(trimmed)}"`);
    }
  }
  if (current) yield current;
}

// --- values: dates and amounts ---------------------------------------------------------------

/** Two-digit years: 70–99 are 1970–1999, 00–69 are 2000–2069 (no MT940 file is older than 1970). */
function fullYear(twoDigits: number): number {
  return twoDigits >= 70 ? 1900 + twoDigits : 2000 + twoDigits;
}

/**
 * Dates already made, by `year * 10000 + month * 100 + day`: a statement names a few dates thousands
 * of times. Bounded, as MT940 years lie within 1969–2070.
 */
const madeDates = new Map<number, CalendarDate>();

function dateOrUndefined(year: number, month: number, day: number): CalendarDate | undefined {
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return undefined;
  const key = year * 10000 + month * 100 + day;
  let date = madeDates.get(key);
  if (date === undefined) {
    date = calendarDate(year, month, day);
    madeDates.set(key, date);
  }
  return date;
}

function parseYymmdd(text: string): CalendarDate | undefined {
  if (!/^\d{6}$/.test(text)) return undefined;
  return dateOrUndefined(fullYear(Number(text.slice(0, 2))), Number(text.slice(2, 4)), Number(text.slice(4)));
}

/**
 * The booking date `MMDD` carries no year: it is the value date's year, except across the turn of the
 * year — booked in December for value in January (year before), or booked in January for value in
 * December (year after).
 */
function parseBookingDate(text: string, valueDate: CalendarDate): CalendarDate | undefined {
  const month = Number(text.slice(0, 2));
  const valueYear = Number(valueDate.slice(0, 4));
  const valueMonth = Number(valueDate.slice(5, 7));
  const shift = month === 12 && valueMonth === 1 ? -1 : month === 1 && valueMonth === 12 ? 1 : 0;
  return dateOrUndefined(valueYear + shift, month, Number(text.slice(2, 4)));
}

/** The SWIFT amount: digits, a mandatory decimal comma, at most as many decimals as the currency has. */
const SWIFT_AMOUNT = /^(\d{1,15}),(\d*)/;

/**
 * Minor units from the digits of `1234,5` — never through a float. Decimals beyond the currency's
 * exponent are accepted only as zeros (`12,350` is 12,35 EUR).
 */
function amountToMinor(integerDigits: string, fractionDigits: string, currency: string): number | undefined {
  const exponent = currencyExponent(currency);
  if (fractionDigits.length > exponent && !/^0*$/.test(fractionDigits.slice(exponent))) return undefined;
  const fraction = fractionDigits.slice(0, exponent).padEnd(exponent, '0');
  const minor = Number(integerDigits) * 10 ** exponent + Number(fraction || '0');
  return Number.isSafeInteger(minor) ? minor : undefined;
}

/** A free-text amount (`OAMT+11,85`, `/OCMT/EUR11,85/`): decimal comma or point, optional currency in front. */
function parseLooseAmount(text: string, currency: string): number | null {
  const m = /^\s*(?:([A-Z]{3})\s*)?(\d+)(?:[,.](\d+))?\s*$/.exec(text);
  if (!m || (m[1] !== undefined && m[1] !== currency)) return null;
  return amountToMinor(m[2] as string, m[3] ?? '', currency) ?? null;
}

// --- balances --------------------------------------------------------------------------------

interface Balance {
  /** Signed: a debit balance (`D`) is negative. */
  cents: number;
  currency: string;
  date: CalendarDate;
  line: number;
}

/** `:60F:C200605EUR1234,56` — mark, YYMMDD, currency, amount. */
function parseBalance(field: Field, file: string): Balance {
  const text = firstLine(field);
  const tag = `:${field.tag}:`;
  const mark = text.charAt(0);
  if (mark !== 'C' && mark !== 'D')
    throw fieldError(file, field, `${tag} expected C or D, got "${preview(text)}"`);
  const date = parseYymmdd(text.slice(1, 7));
  if (!date) throw fieldError(file, field, `${tag} expected balance date YYMMDD, got "${text.slice(1, 7)}"`);
  const currency = text.slice(7, 10);
  if (!/^[A-Z]{3}$/.test(currency)) {
    throw fieldError(file, field, `${tag} expected a currency code such as EUR, got "${currency}"`);
  }
  const amountText = text.slice(10);
  const amount = SWIFT_AMOUNT.exec(amountText);
  const minor = amount?.[0] === amountText ? amountToMinor(amount[1]!, amount[2]!, currency) : undefined;
  if (minor === undefined) {
    throw fieldError(
      file,
      field,
      `${tag} expected an amount with decimal comma such as 1234,56, got "${amountText}"`,
    );
  }
  // No negative zero: a D balance of 0,00 is simply 0.
  return { cents: mark === 'D' && minor !== 0 ? -minor : minor, currency, date, line: field.line };
}

// --- :61: statement line ---------------------------------------------------------------------

interface StatementLine {
  line: number;
  valueDate: CalendarDate;
  bookingDate: CalendarDate;
  direction: EntryDirection;
  reversal: boolean;
  amountCents: number;
  bankReference: string | null;
  /** The second line(s) of :61: (e.g. Deutsche Bank's `/OCMT/EUR11,85//CHGS/EUR0,50/`). */
  supplementary: string;
}

/** C credit, D debit; RC reverses a credit (so it debits the account), RD reverses a debit. */
const MARKS: Record<string, { direction: EntryDirection; reversal: boolean }> = {
  C: { direction: 'credit', reversal: false },
  D: { direction: 'debit', reversal: false },
  RC: { direction: 'debit', reversal: true },
  RD: { direction: 'credit', reversal: true },
};

function referenceOrNull(text: string | undefined): string | null {
  const trimmed = text?.trim() ?? '';
  return trimmed === '' || trimmed === 'NONREF' ? null : trimmed;
}

/**
 * `:61:2006080608D12,35NRTIKREF+//2016021783252833`: value date, optional booking date, mark, optional
 * funds code (third letter of the currency), amount, transaction type (`N` + 3 characters, or
 * `F`/`S`…), customer reference and, after `//`, the bank's reference. Read piece by piece so that
 * an error can say which piece is wrong.
 */
function parseStatementLine(field: Field, currency: string, file: string): StatementLine {
  const text = firstLine(field);
  const valueDate = parseYymmdd(text.slice(0, 6));
  if (!valueDate) throw fieldError(file, field, `:61: expected value date YYMMDD, got "${text.slice(0, 6)}"`);
  let rest = text.slice(6);
  let bookingDate = valueDate;
  if (/^\d{4}/.test(rest)) {
    const booking = parseBookingDate(rest.slice(0, 4), valueDate);
    if (!booking) throw fieldError(file, field, `:61: expected booking date MMDD, got "${rest.slice(0, 4)}"`);
    bookingDate = booking;
    rest = rest.slice(4);
  }
  const mark = /^(RC|RD|C|D)/.exec(rest)?.[1];
  if (!mark)
    throw fieldError(
      file,
      field,
      `:61: expected debit/credit mark C, D, RC or RD after the date, got "${preview(rest)}"`,
    );
  rest = rest.slice(mark.length).replace(/^[A-Z]/, '');
  const amount = SWIFT_AMOUNT.exec(rest);
  const amountCents = amount ? amountToMinor(amount[1]!, amount[2]!, currency) : undefined;
  if (!amount || amountCents === undefined) {
    throw fieldError(
      file,
      field,
      `:61: expected an amount with decimal comma such as 12,35, got "${preview(rest)}"`,
    );
  }
  // Deutsche Bank writes a space between amount and transaction type.
  rest = rest.slice(amount[0].length).trimStart();
  if (!/^[NFS][A-Z0-9]{3}/.test(rest)) {
    throw fieldError(
      file,
      field,
      `:61: expected a transaction type such as NTRF after the amount, got "${preview(rest)}"`,
    );
  }
  const references = rest.slice(4);
  const split = references.indexOf('//');
  return {
    line: field.line,
    valueDate,
    bookingDate,
    ...(MARKS[mark] as { direction: EntryDirection; reversal: boolean }),
    amountCents,
    bankReference: split < 0 ? null : referenceOrNull(references.slice(split + 2)),
    supplementary: field.lines.slice(1).join('').trim(),
  };
}

// --- :86: information to account owner -------------------------------------------------------

/** The `:86:` field split into what the normalised shape keeps. */
interface EntryDetails {
  /** Geschäftsvorfallcode, e.g. `166`; null for unstructured text. */
  gvc: string | null;
  bookingText: string | null;
  /** `?20`–`?29` and `?60`–`?63` in file order, each as delivered (DK: 27 characters, no separator between). */
  remittanceParts: string[];
  bankCode: string | null;
  account: string | null;
  name: string | null;
  /** All text that may name a return reason: booking text, remittance parts. */
  text: string;
}

/** A GVC and then the separator (usually `?`) followed by a two-digit subfield code. */
const STRUCTURED_86 = /^(\d{3})([^\sA-Za-z0-9])\d{2}/;

function isRemittanceCode(code: number): boolean {
  return (code >= 20 && code <= 29) || (code >= 60 && code <= 63);
}

function emptyToNull(text: string): string | null {
  const trimmed = text.trim();
  return trimmed === '' ? null : trimmed;
}

/**
 * Free text (no GVC): a line shorter than SWIFT's 65 characters was ended on purpose, so it is
 * joined with a space; a full line was wrapped by the bank mid-word, so it is joined directly.
 */
function joinFreeText(lines: string[]): string {
  return lines
    .reduce((joined, line, i) => {
      const previous = lines[i - 1];
      if (previous === undefined) return line;
      const previousWidth = i === 1 ? previous.length + ':86:'.length : previous.length;
      return previousWidth < SWIFT_LINE_LENGTH ? `${joined.trimEnd()} ${line.trimStart()}` : joined + line;
    }, '')
    .trim();
}

/**
 * The German structured `:86:`: `166?00UEBERWEISUNG?10931?20SVWZ+…?30…?31…?32…`. The bank wraps it
 * at 65 characters anywhere — inside a subfield, even between `?` and the code digits — so the lines
 * are joined without a separator before the subfields are cut.
 */
function parseDetails(field: Field): EntryDetails {
  const joined = field.lines.join('').trimStart();
  const structured = STRUCTURED_86.exec(joined);
  if (!structured) {
    const text = joinFreeText(field.lines);
    return {
      gvc: null,
      bookingText: null,
      remittanceParts: text === '' ? [] : [text],
      bankCode: null,
      account: null,
      name: null,
      text,
    };
  }
  const separator = structured[2] as string;
  const subfields: Subfields = { bookingText: '', remittanceParts: [], bankCode: '', account: '', name: '' };
  let code = -1;
  let value = '';
  for (let start = 4; start <= joined.length;) {
    const end = indexOrLength(joined, separator, start);
    if (isDigit(joined.charCodeAt(start)) && isDigit(joined.charCodeAt(start + 1))) {
      addSubfield(subfields, code, value);
      code = (joined.charCodeAt(start) - ZERO) * 10 + joined.charCodeAt(start + 1) - ZERO;
      value = joined.slice(start + 2, end);
    } else {
      // A separator not followed by two digits is text that happens to contain it.
      value += separator + joined.slice(start, end);
    }
    start = end + separator.length;
  }
  addSubfield(subfields, code, value);
  const bookingText = emptyToNull(subfields.bookingText);
  const { remittanceParts } = subfields;
  return {
    gvc: structured[1] as string,
    bookingText,
    remittanceParts,
    bankCode: emptyToNull(subfields.bankCode),
    account: emptyToNull(subfields.account),
    name: emptyToNull(subfields.name),
    text:
      remittanceParts.length === 0
        ? (bookingText ?? '')
        : `${bookingText ?? ''}\n${remittanceParts.join('\n')}`,
  };
}

/** The subfields of a structured `:86:` gathered by what they mean; repeated codes are joined in file order. */
interface Subfields {
  bookingText: string;
  remittanceParts: string[];
  bankCode: string;
  account: string;
  name: string;
}

function addSubfield(subfields: Subfields, code: number, value: string): void {
  if (code === 0) subfields.bookingText += value;
  else if (isRemittanceCode(code)) subfields.remittanceParts.push(value);
  else if (code === 30) subfields.bankCode += value;
  else if (code === 31) subfields.account += value;
  // ?32 and ?33 are one name cut at 27 characters, so no space between them.
  else if (code === 32 || code === 33) subfields.name += value;
}

const ZERO = 48;

function isDigit(charCode: number): boolean {
  return charCode >= ZERO && charCode <= ZERO + 9;
}

function indexOrLength(text: string, search: string, from: number): number {
  const index = text.indexOf(search, from);
  return index < 0 ? text.length : index;
}

// --- SEPA keywords ---------------------------------------------------------------------------

/**
 * The DK keywords in the remittance text. Each starts a new subfield, and a value too long for one
 * continues in the next without repeating the keyword, so the parts are joined directly and the text
 * is cut at every keyword. PURP+ and RTRN+ are not read into a field but must still end the value before.
 */
const SEPA_KEYWORD = /(EREF|KREF|MREF|CRED|DEBT|SVWZ|ABWA|ABWE|IBAN|BIC|COAM|OAMT|PURP|RTRN)\+/g;

interface SepaText {
  /** Text before the first keyword (all of it when there is none). */
  free: string;
  /** The first value of each keyword, trimmed; `NOTPROVIDED` counts as absent. */
  values: Map<string, string>;
}

function splitSepaKeywords(text: string): SepaText {
  const values = new Map<string, string>();
  SEPA_KEYWORD.lastIndex = 0;
  let match = SEPA_KEYWORD.exec(text);
  const free = text.slice(0, match?.index ?? text.length).trim();
  while (match) {
    const keyword = match[1] as string;
    const start = match.index + match[0].length;
    match = SEPA_KEYWORD.exec(text);
    const value = text.slice(start, match?.index ?? text.length).trim();
    if (!values.has(keyword) && value !== '' && value.toUpperCase() !== 'NOTPROVIDED')
      values.set(keyword, value);
  }
  return { free, values };
}

// --- counterparty, amounts, return reason ----------------------------------------------------

const IBAN_SHAPE = /^[A-Z]{2}\d{2}[A-Z0-9]{11,30}$/;
/** Four letters bank, two letters country, two location, optional three branch; an 8-digit BLZ does not match. */
const BIC_SHAPE = /^[A-Z]{4}[A-Z]{2}[A-Z0-9]{2}(?:[A-Z0-9]{3})?$/;

function shaped(text: string | null | undefined, shape: RegExp): string | null {
  const compact = text?.replace(/\s+/g, '').toUpperCase();
  return compact && shape.test(compact) ? compact : null;
}

/** Deutsche Bank's `/OCMT/EUR11,85/` (original amount) and `/CHGS/EUR0,50/` (charges). */
const SWIFT_CODES = { OCMT: /\/OCMT\/([^/]*)\//, CHGS: /\/CHGS\/([^/]*)\// };

function swiftCode(text: string, code: keyof typeof SWIFT_CODES, currency: string): number | null {
  const m = SWIFT_CODES[code].exec(text);
  return m ? parseLooseAmount(m[1] as string, currency) : null;
}

/**
 * GVCs under which German banks book returned payments (108/109 returned SEPA direct debits, 159
 * returned credit transfers, 160 and 181–184 further return and reversal codes). A bank that uses
 * another code still says so in its booking text, which `RETURN_TEXT` catches.
 */
const RETURN_GVCS = new Set(['108', '109', '159', '160', '181', '182', '183', '184']);

/** Booking texts that announce a return where the GVC does not. */
const RETURN_TEXT = /RETOUR|R(?:UE|Ü)CKLASTSCHRIFT|R(?:UE|Ü)CK(?:UE|Ü)BERWEISUNG|R(?:UE|Ü)CKGABE|RETURN/i;

/**
 * ISO 20022 ExternalReturnReason1Code: the families used for SEPA R-transactions (AC01, AM04, MD06,
 * MS03 …) plus the four-letter ones that are not common words. A bare `[A-Z]{2}\d{2}` would also match
 * IBAN prefixes (`DE41`).
 */
const RETURN_CODE =
  /(?<![A-Z0-9])((?:AC|AG|AM|BE|DT|ED|FF|MD|MS|RC|RR|SL|TM)\d{2}|CNOR|DNOR|DUPL|FOCR|FRAD|CUST|UPAY)(?![A-Z0-9])/;

/** `/RTRN/AC04/` in the supplementary details or the `:86:` text. */
const SWIFT_RETURN_CODE = /\/RTRN\/([A-Z0-9]{4})/;

/**
 * The ISO reason code of a return: `RTRN+MD06`, `/RTRN/AC04/`, or — when GVC or booking text say the
 * entry is a return — a code on its own in the text (`SEPA-LASTSCHR. RETOURE … MD06 WIDERSPRUCH`).
 * Never guessed from the German wording ("SONSTIGE GRUENDE"): banks word it differently.
 */
function findReturnReason(
  details: EntryDetails | null,
  keywords: SepaText,
  supplementary: string,
): string | null {
  const keyed =
    keywords.values.get('RTRN') ??
    SWIFT_RETURN_CODE.exec(supplementary)?.[1] ??
    (details ? SWIFT_RETURN_CODE.exec(details.text)?.[1] : undefined);
  if (keyed) return keyed.slice(0, 4);
  if (!details) return null;
  const isReturn = (details.gvc !== null && RETURN_GVCS.has(details.gvc)) || RETURN_TEXT.test(details.text);
  if (!isReturn) return null;
  for (const part of [...details.text.split('\n'), supplementary]) {
    const code = RETURN_CODE.exec(part)?.[1];
    if (code) return code;
  }
  return null;
}

function buildTransaction(
  statementLine: StatementLine,
  details: EntryDetails | null,
  currency: string,
): StatementTransaction {
  const transaction = emptyTransaction(statementLine.amountCents, currency);
  const keywords = splitSepaKeywords(details?.remittanceParts.join('') ?? '');
  const { values } = keywords;
  // Unstructured text is kept whole; structured text is the SVWZ+ purpose, or the text if it has none.
  const remittance =
    details && details.gvc === null ? details.remittanceParts[0] : (values.get('SVWZ') ?? keywords.free);
  const swiftText = `${statementLine.supplementary} ${details?.text ?? ''}`;
  const oamt = values.get('OAMT');
  const coam = values.get('COAM');
  return {
    ...transaction,
    endToEndId: values.get('EREF') ?? null,
    mandateId: values.get('MREF') ?? null,
    creditorId: values.get('CRED') ?? null,
    remittance: remittance ? [remittance] : [],
    counterparty: {
      name: details?.name ?? null,
      iban: shaped(details?.account, IBAN_SHAPE) ?? shaped(values.get('IBAN'), IBAN_SHAPE),
      bic: shaped(details?.bankCode, BIC_SHAPE) ?? shaped(values.get('BIC'), BIC_SHAPE),
    },
    returnReason: findReturnReason(details, keywords, statementLine.supplementary),
    originalAmountCents:
      swiftCode(swiftText, 'OCMT', currency) ??
      (oamt === undefined ? null : parseLooseAmount(oamt, currency)),
    // COAM+ is the compensation the debtor's bank claims on a return: a charge, not the original amount.
    chargesCents:
      swiftCode(swiftText, 'CHGS', currency) ??
      (coam === undefined ? null : parseLooseAmount(coam, currency)),
  };
}

function buildEntry(
  statementLine: StatementLine,
  details: EntryDetails | null,
  currency: string,
): StatementEntry {
  return {
    bookingDate: statementLine.bookingDate,
    valueDate: statementLine.valueDate,
    amountCents: statementLine.amountCents,
    currency,
    direction: statementLine.direction,
    reversal: statementLine.reversal,
    status: 'BOOK',
    bankReference: statementLine.bankReference,
    bankTransactionCode: details?.gvc ? `GVC ${details.gvc}` : null,
    bookingText: details?.bookingText ?? null,
    transactions: [buildTransaction(statementLine, details, currency)],
  };
}

// --- statements ------------------------------------------------------------------------------

interface StatementDraft {
  line: number;
  reference: string;
  account: string | null;
  sequence: string | null;
  opening: Balance | null;
  closing: Balance | null;
  /** The header, once handed on (at the first `:61:`, or at the end of a statement without entries). */
  header: BankStatement | null;
  /** A `:61:` whose `:86:` may still follow. */
  pending: StatementLine | null;
  /** Where the last entry's `:61:` and `:86:` are, for the one-`:86:`-per-`:61:` rule. */
  lastEntry: { line: number; detailsLine: number } | null;
}

function startStatement(field: Field, file: string): StatementDraft {
  const reference = firstLine(field);
  if (reference === '') throw fieldError(file, field, ':20: expected a transaction reference');
  return {
    line: field.line,
    reference,
    account: null,
    sequence: null,
    opening: null,
    closing: null,
    header: null,
    pending: null,
    lastEntry: null,
  };
}

function statementError(file: string, draft: StatementDraft, message: string): StatementFormatError {
  return new StatementFormatError(file, { line: draft.line }, `the statement starting here ${message}`);
}

/** The statement's header as known before its entries: the closing balance is added at its end. */
function headerOf(draft: StatementDraft, id: string, file: string): BankStatement {
  if (draft.account === null) throw statementError(file, draft, 'has no :25: account');
  if (!draft.opening) throw statementError(file, draft, 'has no opening balance :60F:');
  return {
    id,
    account: { iban: draft.account, currency: draft.opening.currency },
    openingBalanceCents: draft.opening.cents,
    closingBalanceCents: null,
    entries: [],
    sequenceNumber: draft.sequence,
    // MT940 has no period; the balance dates are the closest the file says.
    fromDate: draft.opening.date,
    toDate: null,
  };
}

/** The header completed by the closing balance, which must be there and in the opening's currency. */
function finishedHeader(draft: StatementDraft, header: BankStatement, file: string): BankStatement {
  if (!draft.closing)
    throw statementError(file, draft, 'has no closing balance :62F: (is the file cut off?)');
  const currency = header.account.currency;
  if (draft.closing.currency !== currency) {
    throw new StatementFormatError(
      file,
      { line: draft.closing.line },
      `closing balance: expected currency ${currency} as in the opening balance, got ${draft.closing.currency}`,
    );
  }
  return { ...header, closingBalanceCents: draft.closing.cents, toDate: draft.closing.date };
}

/** The one-line fields of a statement: account, sequence number, balances. */
function addStatementField(draft: StatementDraft, field: Field, file: string): void {
  const value = firstLine(field);
  switch (field.tag) {
    case '25':
      if (value === '')
        throw fieldError(file, field, ':25: expected the account (BLZ/account number or IBAN)');
      draft.account = value;
      return;
    case '28':
    case '28C':
      draft.sequence = value === '' ? null : value;
      return;
    case '60F':
    case '60M':
      if (draft.opening)
        throw fieldError(
          file,
          field,
          `:${field.tag}: second opening balance (the first is on line ${draft.opening.line})`,
        );
      draft.opening = parseBalance(field, file);
      return;
    case '62F':
    case '62M':
      if (draft.closing)
        throw fieldError(
          file,
          field,
          `:${field.tag}: second closing balance (the first is on line ${draft.closing.line})`,
        );
      draft.closing = parseBalance(field, file);
      return;
    default:
      return;
  }
}

/** A `:61:`: read now; its entry is handed on with the `:86:` that follows, or without when none does. */
function readStatementLine(draft: StatementDraft, field: Field, file: string): StatementLine {
  if (!draft.opening)
    throw fieldError(file, field, ':61: expected the opening balance :60F: first (it gives the currency)');
  if (draft.closing)
    throw fieldError(file, field, `:61: after the closing balance on line ${draft.closing.line}`);
  return parseStatementLine(field, draft.opening.currency, file);
}

function statementId(reference: string, sequence: string | null): string {
  return sequence === null ? reference : `${reference}/${sequence}`;
}

/**
 * How often each statement id occurs in the file, read ahead of the statements, so that
 * `STARTUMSE/00000/001` twice in a file becomes `…#1` and `…#2` already in the first header handed on.
 * The id is what is known at a statement's first `:61:`, where its header is handed on. Only the
 * lines' first characters are looked at: this pass reads nothing else.
 */
function countStatementIds(pieces: Iterable<string>): Map<string, number> {
  const counts = new Map<string, number>();
  const cursor = new LineCursor(pieces);
  try {
    countIdsOf(cursor, counts);
  } finally {
    cursor.close();
  }
  return counts;
}

function countIdsOf(cursor: LineCursor, counts: Map<string, number>): void {
  let reference: string | undefined;
  let sequence: string | null = null;
  let hasEntries = false;
  const count = (id: string) => counts.set(id, (counts.get(id) ?? 0) + 1);
  while (cursor.advance()) {
    const { text } = cursor;
    const at = cursor.contentStart();
    if (at < 0 || text.charCodeAt(at) !== COLON) continue;
    if (text.startsWith(':20:', at)) {
      if (reference !== undefined) count(statementId(reference, sequence));
      reference = text.slice(at + 4, cursor.end).trim();
      sequence = null;
      hasEntries = false;
    } else if (text.startsWith(':61:', at)) {
      hasEntries = true;
    } else if (!hasEntries && (text.startsWith(':28C:', at) || text.startsWith(':28:', at))) {
      sequence = text.slice(at + (text.charCodeAt(at + 3) === COLON ? 4 : 5), cursor.end).trim() || null;
    }
  }
  if (reference !== undefined) count(statementId(reference, sequence));
}

/** The tags this reader interprets; all others are skipped. */
const READ_TAGS = new Set(['20', '25', '28', '28C', '60F', '60M', '61', '86', '62F', '62M']);

/**
 * The events of an MT940 file — each statement's header, its entries one by one, its end with the
 * closing balance — or a {@link StatementFormatError} naming the line. Entries are handed on as they
 * are read, so a file of any size is read in little memory; an error may therefore come after the
 * events of the statements before it (the import reads a file once to check it before it stores anything).
 *
 * The text is a string, or a function that gives it in pieces, afresh on each call: it is read twice,
 * first for the statement ids, then for everything.
 */
export function* readMt940Events(
  text: string | (() => Iterable<string>),
  file: string,
): Generator<StatementEvent> {
  const pieces = typeof text === 'string' ? () => [text] : text;
  const idCounts = countStatementIds(pieces());
  const occurrences = new Map<string, number>();
  const uniqueId = (id: string): string => {
    if ((idCounts.get(id) ?? 0) < 2) return id;
    const n = (occurrences.get(id) ?? 0) + 1;
    occurrences.set(id, n);
    return `${id}#${n}`;
  };
  yield { kind: 'format', format: 'mt940' };
  const headerEvent = (current: StatementDraft): StatementEvent => {
    current.header = headerOf(current, uniqueId(statementId(current.reference, current.sequence)), file);
    return { kind: 'statement', statement: current.header };
  };
  const endOf = function* (done: StatementDraft): Generator<StatementEvent> {
    if (done.pending) yield { kind: 'entry', entry: buildEntry(done.pending, null, currencyOf(done)) };
    if (!done.header) yield headerEvent(done);
    yield { kind: 'end', statement: finishedHeader(done, done.header as BankStatement, file) };
  };
  let draft: StatementDraft | undefined;
  let previousTag = '';
  for (const field of readFields(pieces(), file)) {
    const { tag } = field;
    if (!draft && tag !== '20') {
      throw new StatementFormatError(
        file,
        { line: field.line },
        `expected :20: to start a statement before :${tag}:`,
      );
    }
    // Tags we skip do not separate a :86: from its :61: (some banks put :NS: between them).
    if (!READ_TAGS.has(tag)) continue;
    if (draft?.pending && tag !== '86') {
      yield { kind: 'entry', entry: buildEntry(draft.pending, null, currencyOf(draft)) };
      draft.pending = null;
    }
    if (tag === '20') {
      if (draft) yield* endOf(draft);
      draft = startStatement(field, file);
    } else if (tag === '61' && draft) {
      const statementLine = readStatementLine(draft, field, file);
      if (!draft.header) yield headerEvent(draft);
      draft.pending = statementLine;
    } else if (tag === '86' && draft) {
      const last = draft.lastEntry;
      if (previousTag === '61' && draft.pending) {
        yield { kind: 'entry', entry: buildEntry(draft.pending, parseDetails(field), currencyOf(draft)) };
        draft.lastEntry = { line: draft.pending.line, detailsLine: field.line };
        draft.pending = null;
      } else if (previousTag === '86' && last && draft.closing === null) {
        throw fieldError(
          file,
          field,
          `:86: expected one :86: per :61:, the one for line ${last.line} is on line ${last.detailsLine}`,
        );
      }
      // Otherwise statement-level information (after :60F: or :62F:), which has no place in our shape.
    } else if (draft) {
      addStatementField(draft, field, file);
    }
    previousTag = tag;
  }
  if (!draft) {
    throw new StatementFormatError(
      file,
      { line: 1 },
      'expected an MT940 statement starting with :20:, found none',
    );
  }
  yield* endOf(draft);
}

function currencyOf(draft: StatementDraft): string {
  return draft.opening?.currency ?? '';
}

/** Reads every statement of an MT940 file, or throws a {@link StatementFormatError} naming the line — never half a file. */
export function parseMt940(text: string, file: string): ParsedStatementFile {
  return collectStatementEventsOf(readMt940Events(text, file));
}

// --- detection -------------------------------------------------------------------------------

/** How far into the file the tags that identify MT940 must appear: lines, and characters after a BOM. */
const DETECTION_LINES = 30;
const DETECTION_CHARACTERS = 8192;

/**
 * True for text that starts like MT940: a `:20:` line, then `:60F:`/`:60M:` or `:61:` within the
 * first lines — after blank lines, `-` separators or a SWIFT `{1:…}{2:…}{4:` header.
 */
export function looksLikeMt940(text: string): boolean {
  const bom = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  const cursor = new LineCursor([text.slice(0, bom + DETECTION_CHARACTERS)]);
  let sawReference = false;
  while (cursor.line < DETECTION_LINES && cursor.advance()) {
    const from = cursor.contentStart();
    if (from < 0) continue;
    if (cursor.text.startsWith(':20:', from)) sawReference = true;
    else if (sawReference && /^:(?:60[FM]|61):/.test(cursor.text.slice(from, cursor.end))) return true;
  }
  return false;
}
