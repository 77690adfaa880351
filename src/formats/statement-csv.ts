/**
 * @module statement-csv
 * Reads the CSV account statements of German online banking (Sparkasse CSV-CAMT, ING, DKB, and a
 * generic column set many other banks fit) into the normalised {@link ParsedStatementFile}.
 *
 * A bank CSV is a table whose columns differ per bank, so the columns are data: a
 * {@link StatementCsvMapping} lists the accepted header names per field, a preset is a named
 * mapping, and a user can give their own as JSON (validated by {@link statementCsvMappingSchema}).
 * Some exports put metadata lines (account, period, balance) before the header, so the header is
 * found as the first line that holds the mapping's required columns, not at a fixed line.
 *
 * Pure and all-or-nothing: a statement that silently drops a bad row would let a payment go
 * unmatched, so every problem is collected and one {@link StatementCsvError} lists them all.
 *
 * @example
 * const file = parseStatementCsv(bytes, 'umsaetze.csv'); // preset detected from the header
 * file.format; // 'csv:sparkasse'
 * for (const e of file.statements[0]?.entries ?? []) console.log(e.bookingDate, e.direction, e.amountCents);
 */
import { compactIban } from '../domain/iban.ts';
import { z } from 'zod';
import type { CalendarDate } from '../domain/calendar-date.ts';
import { currencyExponent } from '../domain/money.ts';
import {
  type BankStatement,
  emptyTransaction,
  type EntryStatus,
  type ParsedStatementFile,
  type StatementEntry,
  StatementFormatError,
} from './bank-statement.ts';
import { type CsvRecord, decodeCsvText, findCsvHeader, readCsvRecords } from './csv-records.ts';
import {
  cleanCsvField,
  normalizeCsvName,
  type Parsed,
  parseCsvAmount,
  parseCsvDate,
  quoteCsvValue,
} from './csv-values.ts';

// --- the mapping -------------------------------------------------------------------------------

/** Fields a column can be mapped to; each takes a list of accepted header names. */
export const STATEMENT_CSV_FIELDS = [
  'bookingDate',
  'valueDate',
  'amount',
  'creditAmount',
  'debitAmount',
  'currency',
  'counterpartyName',
  'counterpartyNameCredit',
  'counterpartyNameDebit',
  'counterpartyIban',
  'counterpartyBic',
  'remittance',
  'endToEndId',
  'mandateId',
  'creditorId',
  'bookingText',
  'accountIban',
  'status',
  'originalAmount',
  'charges',
  'balance',
] as const;

export type StatementCsvField = (typeof STATEMENT_CSV_FIELDS)[number];

export type StatementCsvDateFormat = 'DD.MM.YYYY' | 'DD.MM.YY' | 'YYYY-MM-DD';

/**
 * Which column holds which field. Header names compare without case, spaces, punctuation, and
 * with umlauts spelt out ("Währung" = "Waehrung", "Betrag (€)" = "Betrag"); where several names are
 * given, the first one found in the file wins.
 */
export interface StatementCsvMapping {
  bookingDate: readonly string[];
  valueDate?: readonly string[];
  /** Signed amount (negative: debit). Without it, both `creditAmount` and `debitAmount` are required. */
  amount?: readonly string[];
  /** "Haben": money in. */
  creditAmount?: readonly string[];
  /** "Soll": money out, with or without a minus sign. */
  debitAmount?: readonly string[];
  currency?: readonly string[];
  counterpartyName?: readonly string[];
  /** The counterparty's name on a credit (DKB "Zahlungspflichtige*r"); before `counterpartyName`. */
  counterpartyNameCredit?: readonly string[];
  /** The counterparty's name on a debit (DKB "Zahlungsempfänger*in"); before `counterpartyName`. */
  counterpartyNameDebit?: readonly string[];
  counterpartyIban?: readonly string[];
  counterpartyBic?: readonly string[];
  /** Purpose, "Verwendungszweck". */
  remittance?: readonly string[];
  endToEndId?: readonly string[];
  mandateId?: readonly string[];
  creditorId?: readonly string[];
  bookingText?: readonly string[];
  /** The statement's own account ("Auftragskonto"): a file may hold several accounts. */
  accountIban?: readonly string[];
  /** "Gebucht"/"Vorgemerkt" and the like; anything pending is `PDNG`, the rest `BOOK`. */
  status?: readonly string[];
  /** Original amount of a returned direct debit (Sparkasse "Lastschrift Ursprungsbetrag"). */
  originalAmount?: readonly string[];
  /** Charges of a returned direct debit (Sparkasse "Auslagenersatz Ruecklastschrift"). */
  charges?: readonly string[];
  /** Running balance after the entry (ING "Saldo"): gives opening and closing balance when consistent. */
  balance?: readonly string[];
  /** Regular expression: the header is searched only after the first line matching it. */
  skipLinesBefore?: string;
  /** How the bank writes dates; without it, any of the three is read. */
  dateFormat?: StatementCsvDateFormat;
  /** The decimal mark; without it, amounts are read as {@link parseCsvAmount} does. */
  decimal?: ',' | '.';
  /** Currency of entries without a currency column or value; default EUR. */
  defaultCurrency?: string;
}

const headerNames = z.union([
  z
    .string()
    .min(1)
    .transform((name) => [name]),
  z.array(z.string().min(1)).min(1),
]);

function isRegExp(source: string): boolean {
  try {
    new RegExp(source);
    return true;
  } catch {
    return false;
  }
}

/** A mapping as a user writes it in JSON; a single header name may stand for a list of one. */
export const statementCsvMappingSchema: z.ZodType<StatementCsvMapping> = z
  .strictObject({
    ...(Object.fromEntries(STATEMENT_CSV_FIELDS.map((f) => [f, headerNames.optional()])) as Record<
      StatementCsvField,
      z.ZodOptional<typeof headerNames>
    >),
    bookingDate: headerNames,
    skipLinesBefore: z.string().refine(isRegExp, 'expected a regular expression').optional(),
    dateFormat: z.enum(['DD.MM.YYYY', 'DD.MM.YY', 'YYYY-MM-DD']).optional(),
    decimal: z.enum([',', '.']).optional(),
    defaultCurrency: z
      .string()
      .regex(/^[A-Z]{3}$/, 'expected an ISO 4217 code like EUR')
      .optional(),
  })
  .refine((m) => m.amount !== undefined || (m.creditAmount !== undefined && m.debitAmount !== undefined), {
    message: 'give amount, or both creditAmount and debitAmount',
    path: ['amount'],
  });

// --- presets -------------------------------------------------------------------------------------

export interface StatementCsvPreset {
  /** The bank and export name, for messages. */
  label: string;
  /** Headers that all appear in this bank's header line and tell it from the others. */
  detect: readonly string[];
  mapping: StatementCsvMapping;
}

/** Detection tries the presets in this order: the generic one last, as it matches many files. */
export const STATEMENT_CSV_PRESETS: Readonly<Record<string, StatementCsvPreset>> = {
  sparkasse: {
    label: 'Sparkasse CSV-CAMT',
    detect: ['Auftragskonto', 'Buchungstag', 'Valutadatum', 'Beguenstigter/Zahlungspflichtiger', 'Betrag'],
    mapping: {
      accountIban: ['Auftragskonto'],
      bookingDate: ['Buchungstag'],
      valueDate: ['Valutadatum'],
      bookingText: ['Buchungstext'],
      remittance: ['Verwendungszweck'],
      creditorId: ['Glaeubiger ID'],
      mandateId: ['Mandatsreferenz'],
      endToEndId: ['Kundenreferenz (End-to-End)'],
      originalAmount: ['Lastschrift Ursprungsbetrag'],
      charges: ['Auslagenersatz Ruecklastschrift'],
      counterpartyName: ['Beguenstigter/Zahlungspflichtiger'],
      // The older CSV-MT940 export names the column "Kontonummer"; since SEPA it holds the IBAN.
      counterpartyIban: ['Kontonummer/IBAN', 'Kontonummer'],
      counterpartyBic: ['BIC (SWIFT-Code)'],
      amount: ['Betrag'],
      currency: ['Waehrung'],
      status: ['Info'],
      dateFormat: 'DD.MM.YY',
      decimal: ',',
    },
  },
  dkb: {
    label: 'DKB (since 2023)',
    detect: ['Buchungsdatum', 'Zahlungspflichtige*r', 'Zahlungsempfänger*in', 'Betrag (€)'],
    mapping: {
      bookingDate: ['Buchungsdatum'],
      valueDate: ['Wertstellung'],
      status: ['Status'],
      // DKB names both sides; the counterparty is the payer on a credit and the payee on a debit.
      counterpartyNameCredit: ['Zahlungspflichtige*r'],
      counterpartyNameDebit: ['Zahlungsempfänger*in'],
      remittance: ['Verwendungszweck'],
      bookingText: ['Umsatztyp'],
      counterpartyIban: ['IBAN'],
      amount: ['Betrag (€)'],
      creditorId: ['Gläubiger-ID'],
      mandateId: ['Mandatsreferenz'],
      endToEndId: ['Kundenreferenz'],
      dateFormat: 'DD.MM.YY',
      decimal: ',',
    },
  },
  ing: {
    label: 'ING',
    detect: ['Buchung', 'Auftraggeber/Empfänger', 'Verwendungszweck', 'Betrag'],
    mapping: {
      bookingDate: ['Buchung'],
      valueDate: ['Wertstellungsdatum', 'Valuta'],
      counterpartyName: ['Auftraggeber/Empfänger'],
      bookingText: ['Buchungstext'],
      remittance: ['Verwendungszweck'],
      balance: ['Saldo'],
      amount: ['Betrag'],
      // ING has two "Währung" columns, after "Saldo" and after "Betrag": the column reader takes the latter.
      currency: ['Währung'],
      dateFormat: 'DD.MM.YYYY',
      decimal: ',',
    },
  },
  generic: {
    label: 'generic',
    detect: [],
    mapping: {
      bookingDate: ['Buchungstag', 'Buchungsdatum', 'Buchung', 'Datum', 'Date', 'Booking date'],
      valueDate: ['Valutadatum', 'Valuta', 'Wertstellung', 'Wertstellungsdatum', 'Value date'],
      amount: ['Betrag', 'Betrag (EUR)', 'Umsatz', 'Amount'],
      creditAmount: ['Haben', 'Credit'],
      debitAmount: ['Soll', 'Debit'],
      currency: ['Währung', 'Currency'],
      counterpartyName: [
        'Name',
        'Name Zahlungsbeteiligter',
        'Auftraggeber/Empfänger',
        'Beguenstigter/Zahlungspflichtiger',
        'Auftraggeber / Begünstigter',
        'Empfänger',
        'Auftraggeber',
        'Counterparty',
        'Payee',
      ],
      counterpartyIban: ['IBAN', 'IBAN Zahlungsbeteiligter', 'Kontonummer/IBAN', 'Counterparty IBAN'],
      counterpartyBic: ['BIC', 'BIC (SWIFT-Code) Zahlungsbeteiligter', 'BIC (SWIFT-Code)'],
      remittance: ['Verwendungszweck', 'Purpose', 'Reference', 'Beschreibung', 'Description'],
      endToEndId: ['Kundenreferenz (End-to-End)', 'End-to-End-Referenz', 'End-to-End-ID', 'Kundenreferenz'],
      mandateId: ['Mandatsreferenz', 'Mandate reference'],
      creditorId: ['Gläubiger-ID', 'Gläubiger ID', 'Creditor ID'],
      bookingText: ['Buchungstext', 'Umsatzart', 'Umsatztyp', 'Transaction type'],
      accountIban: ['Auftragskonto', 'IBAN Auftragskonto', 'Account IBAN'],
      status: ['Status', 'Info'],
      balance: ['Saldo', 'Saldo nach Buchung', 'Kontostand', 'Balance'],
    },
  },
};

// --- errors --------------------------------------------------------------------------------------

export interface StatementCsvProblem {
  /** 1-based physical line. */
  line: number;
  /** The column's header as written in the file (or the expected one when missing); empty for the whole line. */
  column: string;
  message: string;
}

/** Messages list this many problems; {@link StatementCsvError.problems} has them all. */
const LISTED_PROBLEMS = 50;

function describeProblem({ line, column, message }: StatementCsvProblem): string {
  return column === '' ? `line ${line}: ${message}` : `line ${line}, ${JSON.stringify(column)}: ${message}`;
}

/** Every problem of a file, sorted by line; located at the first. */
export class StatementCsvError extends StatementFormatError {
  readonly problems: readonly StatementCsvProblem[];

  constructor(file: string, problems: readonly StatementCsvProblem[]) {
    const sorted = [...problems].sort((a, b) => a.line - b.line); // stable: the column order within a line stays
    const first = sorted[0] as StatementCsvProblem;
    const listed = sorted.slice(0, LISTED_PROBLEMS).map(describeProblem);
    if (sorted.length > LISTED_PROBLEMS) listed.push(`… and ${sorted.length - LISTED_PROBLEMS} more`);
    const message =
      sorted.length === 1
        ? (listed[0] as string)
        : `${sorted.length} problems, nothing was read:\n  ${listed.join('\n  ')}`;
    super(file, { line: first.line }, message);
    this.name = 'StatementCsvError';
    this.problems = sorted;
  }
}

// --- lines before the header ---------------------------------------------------------------------

/** ING has about a dozen metadata lines before the header; this leaves room for other banks. */
const HEADER_SEARCH_LINES = 40;

interface CsvLine {
  /** 1-based physical line. */
  line: number;
  /** Offset of the line in the text. */
  start: number;
  text: string;
  fields: string[];
  delimiter: ';' | ',';
}

/** The first non-blank lines, each read as one CSV record on its own: metadata lines need not fit the table. */
function scanLines(text: string, maxLine: number): CsvLine[] {
  const lines: CsvLine[] = [];
  const breaks = /\r\n|\n|\r/g;
  let start = 0;
  for (let line = 1; line <= maxLine; line++) {
    breaks.lastIndex = start;
    const lineBreak = breaks.exec(text);
    const end = lineBreak ? lineBreak.index : text.length;
    const lineText = text.slice(start, end);
    if (lineText.trim() !== '') {
      const delimiter = findCsvHeader(lineText).delimiter ?? ';';
      const fields = readCsvRecords(lineText, 0, line, delimiter).records[0]?.fields ?? [];
      lines.push({ line, start, text: lineText, fields: fields.map(cleanCsvField), delimiter });
    }
    if (!lineBreak) break;
    start = end + lineBreak[0].length;
  }
  return lines;
}

function hasHeader(names: ReadonlySet<string>, aliases: readonly string[] | undefined): boolean {
  return aliases?.some((a) => names.has(normalizeCsvName(a))) ?? false;
}

/** A header line holds the booking date and the amount (or both credit and debit) columns. */
function isHeaderOf(mapping: StatementCsvMapping, fields: readonly string[]): boolean {
  const names = new Set(fields.map(normalizeCsvName));
  return (
    hasHeader(names, mapping.bookingDate) &&
    (hasHeader(names, mapping.amount) ||
      (hasHeader(names, mapping.creditAmount) && hasHeader(names, mapping.debitAmount)))
  );
}

function matchesPreset(preset: StatementCsvPreset, fields: readonly string[]): boolean {
  const names = new Set(fields.map(normalizeCsvName));
  return preset.detect.every((h) => names.has(normalizeCsvName(h))) && isHeaderOf(preset.mapping, fields);
}

function detectPreset(lines: readonly CsvLine[]): string | undefined {
  for (const { fields } of lines) {
    for (const [name, preset] of Object.entries(STATEMENT_CSV_PRESETS))
      if (matchesPreset(preset, fields)) return name;
  }
  return undefined;
}

/** The preset whose header line the text contains (within its first 40 lines), if any. */
export function detectStatementCsvPreset(text: string): string | undefined {
  return detectPreset(scanLines(text.replace(/^\ufeff/, ''), HEADER_SEARCH_LINES));
}

/** True when the text has the header line of a known bank CSV or of the generic column set. */
export function looksLikeStatementCsv(text: string): boolean {
  return detectStatementCsvPreset(text) !== undefined;
}

const IBAN_IN_TEXT = /\b[A-Z]{2}\d{2}(?: ?[A-Z0-9]){11,30}\b/;

/** Where the bank says it: ING `IBAN;DE…`, DKB `"Konto";"Girokonto DE…"`, ING `Zeitraum;01.01.2024 - 31.01.2024`. */
interface StatementCsvMetadata {
  accountIban: string | null;
  fromDate: CalendarDate | null;
  toDate: CalendarDate | null;
}

function readMetadata(lines: readonly CsvLine[]): StatementCsvMetadata {
  const metadata: StatementCsvMetadata = { accountIban: null, fromDate: null, toDate: null };
  const dateIn = (text: string) => {
    const found = text.match(/\d{1,2}\.\d{1,2}\.(?:\d{4}|\d{2})|\d{4}-\d{2}-\d{2}/g) ?? [];
    return found.map((d) => parseStatementDate(d, undefined)).flatMap((p) => ('value' in p ? [p.value] : []));
  };
  for (const { fields } of lines) {
    const key = normalizeCsvName(fields[0] ?? '');
    const rest = fields.slice(1).join(' ');
    if (metadata.accountIban === null && /konto|iban|account/.test(key)) {
      const iban = IBAN_IN_TEXT.exec(fields.join(' '))?.[0];
      if (iban) metadata.accountIban = compactIban(iban);
    } else if (key.startsWith('zeitraum') || key === 'period') {
      const [from, to] = dateIn(rest);
      if (from && to) [metadata.fromDate, metadata.toDate] = [from, to];
    } else if (key === 'von' || key === 'from') {
      metadata.fromDate = dateIn(rest)[0] ?? metadata.fromDate;
    } else if (key === 'bis' || key === 'to') {
      metadata.toDate = dateIn(rest)[0] ?? metadata.toDate;
    }
  }
  return metadata;
}

// --- single values -------------------------------------------------------------------------------

const DATE_EXAMPLES: Record<StatementCsvDateFormat | 'any', string> = {
  'DD.MM.YYYY': '31.12.2024',
  'DD.MM.YY': '31.12.24',
  'YYYY-MM-DD': '2024-12-31',
  any: '31.12.2024, 31.12.24 or 2024-12-31',
};

/**
 * A date in the mapping's format. A two-digit year is read as 20YY, as online banking keeps a few
 * years of history, all after 2000; it is only accepted where the bank is known to write it
 * (`DD.MM.YY`) or the format is not given, as elsewhere it more likely is a typing error.
 */
function parseStatementDate(raw: string, format: StatementCsvDateFormat | undefined): Parsed<CalendarDate> {
  const expected = `expected a date like ${DATE_EXAMPLES[format ?? 'any']}, got ${quoteCsvValue(raw)}`;
  const german = /^(\d{1,2}\.\d{1,2}\.)(\d{2}|\d{4})$/.exec(raw);
  const iso = /^\d{4}-\d{2}-\d{2}$/.test(raw);
  if (format === 'YYYY-MM-DD' ? !iso : format !== undefined && !german) return { error: expected };
  if (!german && !iso) return { error: expected };
  const shortYear = german?.[2]?.length === 2;
  if (shortYear && format === 'DD.MM.YYYY') return { error: `${expected} (the year with four digits)` };
  const parsed = parseCsvDate(shortYear ? `${german?.[1]}20${german?.[2]}` : raw);
  return 'value' in parsed ? parsed : { error: `no such day: ${quoteCsvValue(raw)}` };
}

/** Signed cents. A known decimal mark settles "1.234" (German thousands), which {@link parseCsvAmount} rejects as ambiguous. */
function parseSignedAmount(raw: string, decimal: ',' | '.' | undefined): Parsed<number> {
  const text = raw
    .replace(/[\s\u00a0\u202f]/g, '')
    .replace(/\u2212/g, '-')
    .replace(/^(?:€|EUR)|(?:€|EUR)$/gi, '');
  const signed = /^([+-]?)(.*?)(-?)$/.exec(text) as RegExpExecArray;
  const negative = signed[1] === '-' || signed[3] === '-';
  const body = signed[2] as string;
  let cents: Parsed<number>;
  if (decimal) {
    const grouped =
      decimal === ','
        ? /^(\d{1,3}(?:\.\d{3})+|\d+)(?:,(\d{1,2}))?$/
        : /^(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d{1,2}))?$/;
    const match = grouped.exec(body);
    if (!match || (signed[1] !== '' && signed[3] !== ''))
      return {
        error: `expected an amount like ${decimal === ',' ? '1.234,56' : '1,234.56'}, got ${quoteCsvValue(raw)}`,
      };
    const whole = (match[1] as string).replace(/[.,]/g, '');
    cents = parseCsvAmount(match[2] ? `${whole}.${match[2]}` : whole);
  } else {
    cents = parseCsvAmount(body);
  }
  return 'value' in cents && negative ? { value: -cents.value } : cents;
}

function parseCurrency(raw: string): Parsed<string> {
  const code = raw === '€' ? 'EUR' : raw.toUpperCase();
  if (!/^[A-Z]{3}$/.test(code))
    return { error: `expected a currency code like EUR, got ${quoteCsvValue(raw)}` };
  // Amounts are read with two decimals; a JPY or KWD account would be off by a factor.
  if (currencyExponent(code) !== 2)
    return {
      error: `${code} has ${currencyExponent(code)} decimals; only currencies with cents are read from CSV`,
    };
  return { value: code };
}

const PENDING = /vorgemerkt|vormerkung|pending|pdng/;

function toStatus(raw: string): EntryStatus {
  return PENDING.test(normalizeCsvName(raw)) ? 'PDNG' : 'BOOK';
}

/** Booking texts of returned direct debits and transfers: "RUECKLASTSCHRIFT", "Retoure", "Rücküberweisung". */
const RETURN_BOOKING = /ruecklastschrift|retoure|rueckueberweisung|rueckbuchung/;

/** SEPA return reason codes (ISO 20022 ExternalReturnReason1Code) a bank may write into the purpose of a return. */
const RETURN_REASON =
  /\b(AC01|AC04|AC06|AC13|AG01|AG02|AM04|AM05|BE05|CNOR|CUST|DNOR|DUPL|FF01|FOCR|FRAD|MD01|MD02|MD06|MD07|MS02|MS03|RC01|RR01|RR02|RR03|RR04|SL01|TECH)\b/;

// --- the file ------------------------------------------------------------------------------------

export interface ParseStatementCsvOptions {
  /** A key of {@link STATEMENT_CSV_PRESETS}; without it and without `mapping`, detected from the header. */
  preset?: string;
  /** An own column mapping instead of a preset; the format is then `csv:custom`. */
  mapping?: StatementCsvMapping;
  /** The account, when neither an account column nor a metadata line names it. */
  accountIban?: string;
}

const EMPTY_FILE = 'the file is empty; expected a bank statement CSV with a header line';

function expectedHeaders(): string {
  const presets = Object.values(STATEMENT_CSV_PRESETS)
    .filter((p) => p.detect.length > 0)
    .map((p) => `${p.label} (${p.detect.join(';')})`);
  const generic = STATEMENT_CSV_PRESETS.generic?.mapping as StatementCsvMapping;
  return `${presets.join(', ')}, or at least a booking date column (${generic.bookingDate.join(', ')}) and an amount column (${generic.amount?.join(', ')})`;
}

interface ResolvedMapping {
  format: string;
  mapping: StatementCsvMapping;
}

function resolveMapping(
  file: string,
  options: ParseStatementCsvOptions,
  lines: readonly CsvLine[],
): ResolvedMapping {
  if (options.mapping && options.preset !== undefined)
    throw new StatementFormatError(file, {}, 'give either a preset or a mapping, not both');
  if (options.mapping)
    return { format: 'csv:custom', mapping: statementCsvMappingSchema.parse(options.mapping) };
  const name = options.preset ?? detectPreset(lines);
  if (name === undefined) {
    throw new StatementCsvError(file, [
      {
        line: lines[0]?.line ?? 1,
        column: '',
        message: `no bank statement header found in the first ${HEADER_SEARCH_LINES} lines; expected the columns of ${expectedHeaders()}`,
      },
    ]);
  }
  const preset = Object.hasOwn(STATEMENT_CSV_PRESETS, name) ? STATEMENT_CSV_PRESETS[name] : undefined;
  if (!preset) {
    const known = Object.keys(STATEMENT_CSV_PRESETS).join(', ');
    throw new StatementFormatError(
      file,
      {},
      `unknown CSV preset ${JSON.stringify(name)}; known are ${known}`,
    );
  }
  return { format: `csv:${name}`, mapping: preset.mapping };
}

/** The header line, or the problems naming the required columns missing from the likeliest line. */
function findHeader(
  lines: readonly CsvLine[],
  mapping: StatementCsvMapping,
): CsvLine | StatementCsvProblem[] {
  let from = 0;
  if (mapping.skipLinesBefore !== undefined) {
    const pattern = new RegExp(mapping.skipLinesBefore);
    from = lines.findIndex((l) => pattern.test(l.text)) + 1;
  }
  const candidates = lines.slice(from);
  const header = candidates.find((l) => isHeaderOf(mapping, l.fields));
  if (header) return header;

  // The line with the most known column names is most likely the header with a column missing.
  const known = new Set(
    STATEMENT_CSV_FIELDS.flatMap((f) => mapping[f] ?? []).map((name) => normalizeCsvName(name)),
  );
  const score = (l: CsvLine) => l.fields.filter((f) => known.has(normalizeCsvName(f))).length;
  const likeliest = candidates.reduce<CsvLine | undefined>(
    (best, l) => (!best || score(l) > score(best) ? l : best),
    undefined,
  );
  const line = likeliest?.line ?? 1;
  const names = new Set(likeliest?.fields.map(normalizeCsvName));
  const problems: StatementCsvProblem[] = [];
  const missing = (aliases: readonly string[], what: string) =>
    problems.push({ line, column: aliases[0] as string, message: `missing column; expected ${what}` });
  if (!hasHeader(names, mapping.bookingDate))
    missing(mapping.bookingDate, `one named ${mapping.bookingDate.join(' or ')}`);
  const amount = hasHeader(names, mapping.amount);
  const creditDebit = hasHeader(names, mapping.creditAmount) && hasHeader(names, mapping.debitAmount);
  if (!amount && !creditDebit) {
    const both =
      mapping.creditAmount && mapping.debitAmount
        ? `both ${mapping.creditAmount[0]} and ${mapping.debitAmount[0]}`
        : '';
    const expected = [mapping.amount && `one named ${mapping.amount.join(' or ')}`, both]
      .filter(Boolean)
      .join(', or ');
    missing(mapping.amount ?? mapping.creditAmount ?? [], expected);
  }
  return problems;
}

type ColumnIndex = Partial<Record<StatementCsvField, number>>;

/** Which column holds which field: the first header name of the list found in the file wins. */
function indexColumns(headers: readonly string[], mapping: StatementCsvMapping): ColumnIndex {
  const normalized = headers.map(normalizeCsvName);
  const index: ColumnIndex = {};
  for (const field of STATEMENT_CSV_FIELDS) {
    const matches = (mapping[field] ?? []).flatMap((alias) => {
      const name = normalizeCsvName(alias);
      return normalized.flatMap((h, i) => (h === name ? [i] : []));
    });
    const amount = index.amount ?? index.creditAmount;
    // ING: "…;Saldo;Währung;Betrag;Währung": the amount's currency is the one after the amount.
    const chosen =
      field === 'currency' && amount !== undefined
        ? (matches.find((i) => i > amount) ?? matches[0])
        : matches[0];
    if (chosen !== undefined) index[field] = chosen;
  }
  // A signed amount column makes credit and debit columns redundant; reading both would count twice.
  if (index.amount !== undefined) {
    delete index.creditAmount;
    delete index.debitAmount;
  }
  return index;
}

interface ReadRow {
  accountIban: string | null;
  signedCents: number;
  balanceCents: number | null;
  entry: StatementEntry;
}

/** Reads the fields of one record, reporting each problem at its line and column. */
class RowReader {
  record: CsvRecord = { line: 0, fields: [] };
  problems = 0;

  constructor(
    private readonly index: ColumnIndex,
    private readonly headers: readonly string[],
    private readonly mapping: StatementCsvMapping,
    private readonly report: (problem: StatementCsvProblem) => void,
  ) {}

  has(field: StatementCsvField): boolean {
    return this.index[field] !== undefined;
  }

  column(field: StatementCsvField): string {
    const i = this.index[field];
    return (i === undefined ? undefined : this.headers[i]) ?? field;
  }

  fail(field: StatementCsvField, message: string): void {
    this.problems++;
    this.report({ line: this.record.line, column: this.column(field), message });
  }

  raw(field: StatementCsvField): string {
    const i = this.index[field];
    return i === undefined ? '' : cleanCsvField(this.record.fields[i]);
  }

  /** Text with its line breaks and runs of spaces as single spaces, as a quoted field may span lines. */
  text(field: StatementCsvField): string | null {
    const value = this.raw(field).replace(/\s+/g, ' ');
    return value === '' ? null : value;
  }

  parsed<T>(field: StatementCsvField, parse: (raw: string) => Parsed<T>, expected?: string): T | null {
    const raw = this.raw(field);
    if (raw === '') {
      if (expected !== undefined) this.fail(field, `is empty; expected ${expected}`);
      return null;
    }
    const result = parse(raw);
    if ('value' in result) return result.value;
    this.fail(field, result.error);
    return null;
  }

  date(field: StatementCsvField, required: boolean): CalendarDate | null {
    const format = this.mapping.dateFormat;
    const expected = required ? `a date like ${DATE_EXAMPLES[format ?? 'any']}` : undefined;
    return this.parsed(field, (raw) => parseStatementDate(raw, format), expected);
  }

  amount(field: StatementCsvField, required = false): number | null {
    const expected = required
      ? `an amount like ${this.mapping.decimal === '.' ? '1,234.56' : '1.234,56'}`
      : undefined;
    return this.parsed(field, (raw) => parseSignedAmount(raw, this.mapping.decimal), expected);
  }

  /** Signed cents from the amount column, or from the credit and debit columns. */
  signedAmount(): number | null {
    if (this.has('amount')) return this.amount('amount', true);
    const credit = this.amount('creditAmount');
    const debit = this.amount('debitAmount');
    const debitName = JSON.stringify(this.column('debitAmount'));
    if (credit === null && debit === null) {
      if (this.raw('creditAmount') === '' && this.raw('debitAmount') === '')
        this.fail('creditAmount', `and ${debitName} are both empty; expected an amount in one of them`);
      return null;
    }
    if (credit && debit) {
      this.fail('creditAmount', `and ${debitName} both have an amount; expected one of them only`);
      return null;
    }
    // The debit column is money out whether or not the bank writes a minus sign.
    return debit ? -Math.abs(debit) : Math.abs(credit ?? 0);
  }
}

function readRow(
  reader: RowReader,
  mapping: StatementCsvMapping,
  fallbackIban: string | null,
): ReadRow | undefined {
  const before = reader.problems;
  const bookingDate = reader.date('bookingDate', true);
  const valueDate = reader.date('valueDate', false);
  const signedCents = reader.signedAmount();
  const currency = reader.parsed('currency', parseCurrency) ?? mapping.defaultCurrency ?? 'EUR';
  const originalAmount = reader.amount('originalAmount');
  const charges = reader.amount('charges');
  const balanceCents = reader.amount('balance');
  if (reader.problems > before || bookingDate === null || signedCents === null) return undefined;

  const direction = signedCents < 0 ? 'debit' : 'credit';
  const amountCents = Math.abs(signedCents);
  const bookingText = reader.text('bookingText');
  const purpose = reader.text('remittance');
  const endToEndId = reader.text('endToEndId');
  const isReturn = RETURN_BOOKING.test(normalizeCsvName(bookingText ?? ''));
  const accountIban = reader.text('accountIban');
  return {
    accountIban: accountIban ? compactIban(accountIban) : fallbackIban,
    signedCents,
    balanceCents,
    entry: {
      bookingDate,
      valueDate,
      amountCents,
      currency,
      direction,
      // CSV has no reversal mark: a returned direct debit is a debit of its own, told by its booking text.
      reversal: false,
      status: toStatus(reader.raw('status')),
      bankReference: null,
      bankTransactionCode: bookingText,
      bookingText,
      transactions: [
        {
          ...emptyTransaction(amountCents, currency),
          // camt and Sparkasse write "NOTPROVIDED" where the payer gave no end-to-end reference.
          endToEndId: endToEndId?.toUpperCase() === 'NOTPROVIDED' ? null : endToEndId,
          mandateId: reader.text('mandateId'),
          creditorId: reader.text('creditorId'),
          remittance: purpose ? [purpose] : [],
          counterparty: {
            name:
              reader.text(direction === 'credit' ? 'counterpartyNameCredit' : 'counterpartyNameDebit') ??
              reader.text('counterpartyName'),
            iban: reader.text('counterpartyIban') && compactIban(reader.raw('counterpartyIban')),
            bic: reader.text('counterpartyBic')?.toUpperCase() ?? null,
          },
          returnReason: isReturn ? (RETURN_REASON.exec(purpose ?? '')?.[1] ?? null) : null,
          originalAmountCents: originalAmount === null ? null : Math.abs(originalAmount),
          chargesCents: charges === null ? null : Math.abs(charges),
        },
      ],
    },
  };
}

/**
 * Opening and closing balance from a running balance column, in whichever order the bank lists
 * (ING: newest first). Only when every booked row has a balance and each follows from its
 * neighbour and the amount: a balance that does not add up is not one to reconcile against.
 */
function balancesOf(rows: readonly ReadRow[]): { opening: number; closing: number } | null {
  const booked = rows.filter((r) => r.entry.status === 'BOOK');
  if (booked.length === 0 || booked.some((r) => r.balanceCents === null)) return null;
  const balance = (i: number) => booked[i]?.balanceCents as number;
  const amount = (i: number) => booked[i]?.signedCents as number;
  const n = booked.length;
  const ascending = booked.every((_, i) => i === 0 || balance(i) === balance(i - 1) + amount(i));
  if (ascending) return { opening: balance(0) - amount(0), closing: balance(n - 1) };
  const descending = booked.every((_, i) => i === n - 1 || balance(i) === balance(i + 1) + amount(i));
  if (descending) return { opening: balance(n - 1) - amount(n - 1), closing: balance(0) };
  return null;
}

function toStatement(
  accountIban: string | null,
  rows: readonly ReadRow[],
  metadata: StatementCsvMetadata,
  hasBalance: boolean,
): BankStatement {
  // Banks list newest first or oldest first; statements run oldest first, same-day entries in booking order.
  const first = rows[0] as ReadRow;
  const last = rows[rows.length - 1] as ReadRow;
  const chronological = first.entry.bookingDate > last.entry.bookingDate ? [...rows].reverse() : [...rows];
  const entries = chronological
    .sort((a, b) =>
      a.entry.bookingDate < b.entry.bookingDate ? -1 : a.entry.bookingDate > b.entry.bookingDate ? 1 : 0,
    )
    .map((r) => r.entry);
  const currencies = new Set(entries.map((e) => e.currency));
  const balances = hasBalance && currencies.size === 1 ? balancesOf(rows) : null;
  const from = entries[0]?.bookingDate as CalendarDate;
  const to = entries[entries.length - 1]?.bookingDate as CalendarDate;
  return {
    id: `csv:${accountIban ?? 'unknown'}:${from}..${to}`,
    account: { iban: accountIban, currency: currencies.size === 1 ? ([...currencies][0] as string) : null },
    openingBalanceCents: balances?.opening ?? null,
    closingBalanceCents: balances?.closing ?? null,
    entries,
    sequenceNumber: null,
    fromDate: metadata.fromDate,
    toDate: metadata.toDate,
  };
}

/**
 * Reads a bank's CSV export into statements, one per account. Throws a {@link StatementCsvError}
 * listing every problem (line, column, what was expected) when any row cannot be read.
 */
export function parseStatementCsv(
  bytes: Uint8Array,
  file: string,
  options: ParseStatementCsvOptions = {},
): ParsedStatementFile {
  const { text } = decodeCsvText(bytes);
  if (text.trim() === '') throw new StatementCsvError(file, [{ line: 1, column: '', message: EMPTY_FILE }]);
  const lines = scanLines(text, HEADER_SEARCH_LINES);
  const { format, mapping } = resolveMapping(file, options, lines);
  const header = findHeader(lines, mapping);
  if (Array.isArray(header)) throw new StatementCsvError(file, header);

  const problems: StatementCsvProblem[] = [];
  const report = (problem: StatementCsvProblem) => void problems.push(problem);
  const { records, errors } = readCsvRecords(text, header.start, header.line, header.delimiter);
  const [headerRecord, ...body] = records;
  const headers = (headerRecord?.fields ?? []).map((f) => f.trim());
  const columnName = (i: number) => headers[i] || `column ${i + 1}`;
  for (const e of errors) report({ line: e.line, column: columnName(e.fieldIndex), message: e.message });

  const metadata = readMetadata(lines.filter((l) => l.line < header.line));
  const fallbackIban =
    metadata.accountIban ?? (options.accountIban ? compactIban(options.accountIban) : null);
  const index = indexColumns(headers, mapping);
  const reader = new RowReader(index, headers, mapping, report);
  const rows: ReadRow[] = [];
  for (const record of body) {
    reader.record = record;
    const extra = record.fields.slice(headers.length).findIndex((f) => f.trim() !== '');
    if (extra >= 0) {
      report({
        line: record.line,
        column: `column ${headers.length + extra + 1}`,
        message: `the row has ${record.fields.length} fields but the header only ${headers.length} (a ${header.delimiter} inside a value must be quoted)`,
      });
    }
    const row = readRow(reader, mapping, fallbackIban);
    if (row) rows.push(row);
  }
  if (problems.length > 0) throw new StatementCsvError(file, problems);

  const byAccount = new Map<string | null, ReadRow[]>();
  for (const row of rows) {
    const list = byAccount.get(row.accountIban);
    if (list) list.push(row);
    else byAccount.set(row.accountIban, [row]);
  }
  const hasBalance = index.balance !== undefined;
  return {
    format,
    statements: [...byAccount].map(([iban, list]) => toStatement(iban, list, metadata, hasBalance)),
  };
}
