/**
 * @module mt940
 * Reads SWIFT MT940 account statements as German banks deliver them (`.sta`, `.mt940`; the
 * "Deutsche Kreditwirtschaft" flavour with the structured `:86:` field) into the normalised
 * {@link ParsedStatementFile}. Pure: text in, statements out, or a {@link StatementFormatError} that
 * names the physical line and what was expected — never half a file.
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

/** What follows `{4:` on a SWIFT header line (`{1:…}{2:…}{4:`), or nothing for other block lines. */
function textAfterSwiftHeader(line: string): string {
  const body = line.indexOf('{4:');
  return body < 0 ? '' : line.slice(body + 3);
}

function preview(text: string): string {
  return text.length > 40 ? `${text.slice(0, 40)}…` : text;
}

/**
 * Cuts the text into tagged fields and drops the SWIFT envelope: `{1:…}{2:…}{4:` headers (the text
 * after `{4:` is kept), `-}` and `{5:…}` trailers, `-` separators and blank lines.
 */
function readFields(text: string, file: string): Field[] {
  const fields: Field[] = [];
  let current: Field | undefined;
  const physical = text.replace(/^\uFEFF/, '').split(/\r\n|\r|\n/);
  for (let index = 0; index < physical.length; index++) {
    const line = index + 1;
    let content = physical[index] ?? '';
    if (SWIFT_BLOCK.test(content)) content = textAfterSwiftHeader(content);
    const trimmed = content.trimEnd();
    if (trimmed === '') continue;
    if (trimmed === '-' || trimmed.startsWith('-}') || trimmed.startsWith('}')) {
      current = undefined;
      continue;
    }
    const tag = TAG_LINE.exec(trimmed);
    if (tag) {
      current = { tag: tag[1] as string, line, lines: [content.slice(tag[0].length)] };
      fields.push(current);
    } else if (current && MULTILINE_TAGS.has(current.tag)) {
      current.lines.push(content);
    } else {
      const expected = current
        ? `a new tag after the one-line :${current.tag}:`
        : 'an MT940 tag such as :20:';
      throw new StatementFormatError(file, { line }, `expected ${expected}, got "${preview(trimmed)}"`);
    }
  }
  return fields;
}

// --- values: dates and amounts ---------------------------------------------------------------

/** Two-digit years: 70–99 are 1970–1999, 00–69 are 2000–2069 (no MT940 file is older than 1970). */
function fullYear(twoDigits: number): number {
  return twoDigits >= 70 ? 1900 + twoDigits : 2000 + twoDigits;
}

function dateOrUndefined(year: number, month: number, day: number): CalendarDate | undefined {
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return undefined;
  return calendarDate(year, month, day);
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
  const text = (field.lines[0] ?? '').trim();
  const fail = (message: string) =>
    new StatementFormatError(file, { line: field.line }, `:${field.tag}: ${message}`);
  const mark = text.charAt(0);
  if (mark !== 'C' && mark !== 'D') throw fail(`expected C or D, got "${preview(text)}"`);
  const date = parseYymmdd(text.slice(1, 7));
  if (!date) throw fail(`expected balance date YYMMDD, got "${text.slice(1, 7)}"`);
  const currency = text.slice(7, 10);
  if (!/^[A-Z]{3}$/.test(currency)) throw fail(`expected a currency code such as EUR, got "${currency}"`);
  const amountText = text.slice(10);
  const amount = SWIFT_AMOUNT.exec(amountText);
  const minor = amount?.[0] === amountText ? amountToMinor(amount[1]!, amount[2]!, currency) : undefined;
  if (minor === undefined) {
    throw fail(`expected an amount with decimal comma such as 1234,56, got "${amountText}"`);
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
  const text = (field.lines[0] ?? '').trim();
  const fail = (message: string) => new StatementFormatError(file, { line: field.line }, `:61: ${message}`);
  const valueDate = parseYymmdd(text.slice(0, 6));
  if (!valueDate) throw fail(`expected value date YYMMDD, got "${text.slice(0, 6)}"`);
  let rest = text.slice(6);
  let bookingDate = valueDate;
  if (/^\d{4}/.test(rest)) {
    const booking = parseBookingDate(rest.slice(0, 4), valueDate);
    if (!booking) throw fail(`expected booking date MMDD, got "${rest.slice(0, 4)}"`);
    bookingDate = booking;
    rest = rest.slice(4);
  }
  const mark = /^(RC|RD|C|D)/.exec(rest)?.[1];
  if (!mark) throw fail(`expected debit/credit mark C, D, RC or RD after the date, got "${preview(rest)}"`);
  rest = rest.slice(mark.length).replace(/^[A-Z]/, '');
  const amount = SWIFT_AMOUNT.exec(rest);
  const amountCents = amount ? amountToMinor(amount[1]!, amount[2]!, currency) : undefined;
  if (!amount || amountCents === undefined) {
    throw fail(`expected an amount with decimal comma such as 12,35, got "${preview(rest)}"`);
  }
  // Deutsche Bank writes a space between amount and transaction type.
  rest = rest.slice(amount[0].length).trimStart();
  if (!/^[NFS][A-Z0-9]{3}/.test(rest)) {
    throw fail(`expected a transaction type such as NTRF after the amount, got "${preview(rest)}"`);
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
  const subfields: { code: number; value: string }[] = [];
  for (const piece of joined.slice(4).split(separator)) {
    const last = subfields.at(-1);
    if (/^\d{2}/.test(piece)) subfields.push({ code: Number(piece.slice(0, 2)), value: piece.slice(2) });
    // A separator not followed by two digits is text that happens to contain it.
    else if (last) last.value += separator + piece;
  }
  const joinCodes = (accept: (code: number) => boolean) =>
    subfields
      .filter((s) => accept(s.code))
      .map((s) => s.value)
      .join('');
  const remittanceParts = subfields.filter((s) => isRemittanceCode(s.code)).map((s) => s.value);
  const bookingText = emptyToNull(joinCodes((c) => c === 0));
  return {
    gvc: structured[1] as string,
    bookingText,
    remittanceParts,
    bankCode: emptyToNull(joinCodes((c) => c === 30)),
    account: emptyToNull(joinCodes((c) => c === 31)),
    // ?32 and ?33 are one name cut at 27 characters, so no space between them.
    name: emptyToNull(joinCodes((c) => c === 32 || c === 33)),
    text: [bookingText ?? '', ...remittanceParts].join('\n'),
  };
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
  const matches = [...text.matchAll(SEPA_KEYWORD)];
  const values = new Map<string, string>();
  matches.forEach((match, i) => {
    const start = match.index + match[0].length;
    const value = text.slice(start, matches[i + 1]?.index ?? text.length).trim();
    const keyword = match[1] as string;
    if (!values.has(keyword) && value !== '' && value.toUpperCase() !== 'NOTPROVIDED')
      values.set(keyword, value);
  });
  return { free: text.slice(0, matches[0]?.index ?? text.length).trim(), values };
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
function swiftCode(text: string, code: 'OCMT' | 'CHGS', currency: string): number | null {
  const m = new RegExp(`/${code}/([^/]*)/`).exec(text);
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
    keywords.values.get('RTRN') ?? /\/RTRN\/([A-Z0-9]{4})/.exec(`${supplementary} ${details?.text}`)?.[1];
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
  items: { statementLine: StatementLine; details: Field | null }[];
}

function startStatement(field: Field, file: string): StatementDraft {
  const reference = (field.lines[0] ?? '').trim();
  if (reference === '') {
    throw new StatementFormatError(file, { line: field.line }, ':20: expected a transaction reference');
  }
  return {
    line: field.line,
    reference,
    account: null,
    sequence: null,
    opening: null,
    closing: null,
    items: [],
  };
}

/** Adds one field of the statement. Tags that carry nothing for us (`:21:`, `:64:`, `:65:`, `:NS:` …) are skipped. */
function addField(draft: StatementDraft, field: Field, previousTag: string, file: string): void {
  const fail = (message: string) => new StatementFormatError(file, { line: field.line }, message);
  const value = (field.lines[0] ?? '').trim();
  switch (field.tag) {
    case '25':
      if (value === '') throw fail(':25: expected the account (BLZ/account number or IBAN)');
      draft.account = value;
      return;
    case '28':
    case '28C':
      draft.sequence = value === '' ? null : value;
      return;
    case '60F':
    case '60M':
      if (draft.opening)
        throw fail(`:${field.tag}: second opening balance (the first is on line ${draft.opening.line})`);
      draft.opening = parseBalance(field, file);
      return;
    case '61':
      if (!draft.opening) throw fail(':61: expected the opening balance :60F: first (it gives the currency)');
      if (draft.closing) throw fail(`:61: after the closing balance on line ${draft.closing.line}`);
      draft.items.push({
        statementLine: parseStatementLine(field, draft.opening.currency, file),
        details: null,
      });
      return;
    case '86': {
      const last = draft.items.at(-1);
      if (previousTag === '61' && last) last.details = field;
      else if (previousTag === '86' && last?.details && draft.closing === null) {
        throw fail(
          `:86: expected one :86: per :61:, the one for line ${last.statementLine.line} is on line ${last.details.line}`,
        );
      }
      // Otherwise statement-level information (after :60F: or :62F:), which has no place in our shape.
      return;
    }
    case '62F':
    case '62M':
      if (draft.closing)
        throw fail(`:${field.tag}: second closing balance (the first is on line ${draft.closing.line})`);
      draft.closing = parseBalance(field, file);
      return;
    default:
      return;
  }
}

function finishStatement(draft: StatementDraft, file: string): BankStatement {
  const fail = (message: string) =>
    new StatementFormatError(file, { line: draft.line }, `the statement starting here ${message}`);
  if (draft.account === null) throw fail('has no :25: account');
  if (!draft.opening) throw fail('has no opening balance :60F:');
  if (!draft.closing) throw fail('has no closing balance :62F: (is the file cut off?)');
  const { currency } = draft.opening;
  if (draft.closing.currency !== currency) {
    throw new StatementFormatError(
      file,
      { line: draft.closing.line },
      `closing balance: expected currency ${currency} as in the opening balance, got ${draft.closing.currency}`,
    );
  }
  return {
    id: draft.sequence === null ? draft.reference : `${draft.reference}/${draft.sequence}`,
    account: { iban: draft.account, currency },
    openingBalanceCents: draft.opening.cents,
    closingBalanceCents: draft.closing.cents,
    entries: draft.items.map(({ statementLine, details }) =>
      buildEntry(statementLine, details ? parseDetails(details) : null, currency),
    ),
    sequenceNumber: draft.sequence,
    // MT940 has no period; the balance dates are the closest the file says.
    fromDate: draft.opening.date,
    toDate: draft.closing.date,
  };
}

/** `STARTUMSE/00000/001` twice in a file becomes `…#1` and `…#2`. */
function makeIdsUnique(statements: BankStatement[]): void {
  const counts = new Map<string, number>();
  for (const s of statements) counts.set(s.id, (counts.get(s.id) ?? 0) + 1);
  const seen = new Map<string, number>();
  for (const s of statements) {
    if ((counts.get(s.id) ?? 0) < 2) continue;
    const n = (seen.get(s.id) ?? 0) + 1;
    seen.set(s.id, n);
    s.id = `${s.id}#${n}`;
  }
}

/** The tags this reader interprets; all others are skipped. */
const READ_TAGS = new Set(['20', '25', '28', '28C', '60F', '60M', '61', '86', '62F', '62M']);

/** Reads every statement of an MT940 file, or throws a {@link StatementFormatError} naming the line. */
export function parseMt940(text: string, file: string): ParsedStatementFile {
  const drafts: StatementDraft[] = [];
  let draft: StatementDraft | undefined;
  let previousTag = '';
  for (const field of readFields(text, file)) {
    if (field.tag === '20') {
      draft = startStatement(field, file);
      drafts.push(draft);
    } else if (!draft) {
      throw new StatementFormatError(
        file,
        { line: field.line },
        `expected :20: to start a statement before :${field.tag}:`,
      );
    } else {
      addField(draft, field, previousTag, file);
    }
    // Tags we skip do not separate a :86: from its :61: (some banks put :NS: between them).
    if (READ_TAGS.has(field.tag)) previousTag = field.tag;
  }
  if (drafts.length === 0) {
    throw new StatementFormatError(
      file,
      { line: 1 },
      'expected an MT940 statement starting with :20:, found none',
    );
  }
  const statements = drafts.map((d) => finishStatement(d, file));
  makeIdsUnique(statements);
  return { format: 'mt940', statements };
}

// --- detection -------------------------------------------------------------------------------

/** How far into the file the tags that identify MT940 must appear. */
const DETECTION_LINES = 30;

/**
 * True for text that starts like MT940: a `:20:` line, then `:60F:`/`:60M:` or `:61:` within the
 * first lines — after blank lines, `-` separators or a SWIFT `{1:…}{2:…}{4:` header.
 */
export function looksLikeMt940(text: string): boolean {
  const lines = text
    .replace(/^\uFEFF/, '')
    .slice(0, 8192)
    .split(/\r\n|\r|\n/)
    .slice(0, DETECTION_LINES);
  let sawReference = false;
  for (const raw of lines) {
    const line = SWIFT_BLOCK.test(raw) ? textAfterSwiftHeader(raw) : raw;
    if (line.startsWith(':20:')) sawReference = true;
    else if (sawReference && /^:(?:60[FM]|61):/.test(line)) return true;
  }
  return false;
}
