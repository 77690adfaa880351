/**
 * @module pain008
 * Writes SEPA direct debit collections (SEPA-Lastschriften) as pain.008.001.08, the version German
 * banks take since November 2025 (pain.008.001.02 was switched off then). Pure: the collections,
 * the creditor and the creation time come in, the XML and its totals go out; nothing is read from
 * a clock or a file.
 *
 * - One payment information block (PmtInf) per collection date, scheme (CORE or B2B) and sequence
 *   type (FRST, RCUR, OOFF, FNAL), each with the creditor, the creditor's account and bank, and the
 *   creditor id (Gläubiger-Identifikationsnummer) as `CdtrSchmeId`.
 * - Free text (names, remittance) is brought into the SEPA Latin character set (German umlauts
 *   spelt out, other accents dropped, `&` as `+`) and cut to its length; identifiers (message id,
 *   end-to-end id, mandate reference) must already be in the set and are refused otherwise.
 * - A debtor bank without a known BIC is `NOTPROVIDED`, as the German banks' rules (DK) want for
 *   IBAN-only collections; a debtor outside the EEA needs a BIC and a postal address.
 * - Amounts are cents in, decimals out (0.01 to 999,999,999.99 per collection).
 * Bad input is refused with every problem at once, each naming the field and the XML element.
 *
 * The German banks (DK) accept one scheme per file: give a message either CORE or B2B collections.
 *
 * @example
 * const { xml, summary } = writePain008({ messageId: 'MW-20260316-0001', createdAt: '2026-03-16T09:00:00',
 *   creditor: { name: 'Muster GmbH', iban: 'DE89370400440532013000', bic: null, creditorId: 'DE98ZZZ09999999999' },
 *   collections: [ … ] });
 */
import {
  addDays,
  type CalendarDate,
  calendarDate,
  isCalendarDate,
  isoWeekday,
  yearOf,
} from '../domain/calendar-date.ts';
import { DomainError, type DomainErrorIssue } from '../domain/domain-error.ts';
import { compactIban, isValidIban, mod97 } from '../domain/iban.ts';
import { minorToDecimalString } from '../domain/money.ts';
import { transliterateGerman } from '../domain/transliterate-german.ts';

export const PAIN008_NAMESPACE = 'urn:iso:std:iso:20022:tech:xsd:pain.008.001.08';

export const SEPA_SCHEMES = ['CORE', 'B2B'] as const;
export type SepaScheme = (typeof SEPA_SCHEMES)[number];

/** FRST first of a recurring mandate, RCUR the following ones, OOFF a one-off mandate, FNAL the last one. */
export const SEQUENCE_TYPES = ['FRST', 'RCUR', 'OOFF', 'FNAL'] as const;
export type SequenceType = (typeof SEQUENCE_TYPES)[number];

/** Most a single SEPA collection may be (EPC rulebook, AT-06). */
export const MAX_COLLECTION_CENTS = 999_999_999_99;

/** Names of parties: 70 characters in SEPA (the ISO type allows 140). */
const NAME_LENGTH = 70;
/** Unstructured remittance information (AT-22). */
const REMITTANCE_LENGTH = 140;
const IDENTIFIER_LENGTH = 35;

/** The EEA: a debtor elsewhere (CH, GB, SM, VA, MC, AD, …) needs its bank's BIC and a postal address. */
const EEA_COUNTRIES: ReadonlySet<string> = new Set(
  (
    'AT BE BG CY CZ DE DK EE ES FI FR GR HR HU IE IT LT LU LV MT NL PL PT RO SE SI SK ' +
    // Outermost regions and territories with IBANs of their own that are part of the EEA.
    'GF GP MQ RE YT PM BL MF AX IS LI NO'
  ).split(' '),
);

export interface PostalAddress {
  street: string;
  postalCode: string;
  city: string;
  /** ISO 3166 country code, e.g. CH. */
  country: string;
}

export interface Pain008Creditor {
  name: string;
  iban: string;
  /** Optional inside the EEA: the bank is then `NOTPROVIDED`. */
  bic: string | null;
  /** Gläubiger-Identifikationsnummer, e.g. DE98ZZZ09999999999. */
  creditorId: string;
}

export interface Pain008Collection {
  /** Comes back on the bank statement with the credit and with a return: at most 35 characters of the SEPA set. */
  endToEndId: string;
  amountCents: number;
  /** Requested collection date (ReqdColltnDt): the day the debtor's account is debited. */
  collectionDate: CalendarDate;
  scheme: SepaScheme;
  sequenceType: SequenceType;
  mandate: { reference: string; signedOn: CalendarDate };
  debtor: {
    /** The account holder as on the mandate. */
    name: string;
    iban: string;
    bic: string | null;
    /** Needed for a debtor outside the EEA; not written otherwise. */
    address?: PostalAddress | null;
  };
  /** Unstructured remittance information, cut to 140 characters; empty: none. */
  remittance: string;
}

export interface Pain008Message {
  /** Unique per creditor (GrpHdr/MsgId); also the stem of the payment information ids. */
  messageId: string;
  /** Creation time from the caller's clock: `YYYY-MM-DDTHH:MM:SS`, optionally with fractions and a zone. */
  createdAt: string;
  creditor: Pain008Creditor;
  collections: readonly Pain008Collection[];
  /**
   * False (default): one booking per collection, so each credit on the statement carries its
   * end-to-end id; true: the bank books one sum per payment information block.
   */
  batchBooking?: boolean;
}

export interface Pain008Batch {
  paymentInformationId: string;
  collectionDate: CalendarDate;
  scheme: SepaScheme;
  sequenceType: SequenceType;
  count: number;
  sumCents: number;
}

export interface Pain008Summary {
  messageId: string;
  count: number;
  sumCents: number;
  batches: Pain008Batch[];
}

// --- SEPA characters ----------------------------------------------------------------------------

/** The characters every SEPA bank must accept (EPC "Latin character set"). */
const SEPA_CHARACTER = /[A-Za-z0-9/\-?:().,'+ ]/;
const SEPA_TEXT = /^[A-Za-z0-9/\-?:().,'+ ]*$/;

const UPPER_GERMAN: Readonly<Record<string, string>> = { Ä: 'Ae', Ö: 'Oe', Ü: 'Ue', ẞ: 'SS' };
/** Characters that carry meaning and have a near equivalent in the set. */
const REPLACEMENTS: Readonly<Record<string, string>> = {
  '&': '+',
  '@': '(at)',
  '"': "'",
  '‘': "'",
  '’': "'",
  '‚': "'",
  '„': "'",
  '“': "'",
  '”': "'",
  '–': '-',
  '—': '-',
  _: '-',
  '\\': '/',
  '[': '(',
  ']': ')',
  '{': '(',
  '}': ')',
  '<': '(',
  '>': ')',
  ';': ',',
  '!': '.',
  '#': 'Nr.',
  '€': 'EUR',
  Ø: 'O',
  ø: 'o',
  Æ: 'AE',
  æ: 'ae',
  Œ: 'OE',
  œ: 'oe',
  Ł: 'L',
  ł: 'l',
  Đ: 'D',
  đ: 'd',
  Þ: 'Th',
  þ: 'th',
};

/**
 * Text in the SEPA Latin set: ä → ae, Ä → Ae, ß → ss, other accents dropped (é → e), `&` → `+`;
 * anything else outside the set becomes a space; runs of spaces collapse.
 *
 * @example
 * toSepaText('Müller & Söhne GmbH'); // 'Mueller + Soehne GmbH'
 */
export function toSepaText(text: string): string {
  const german = transliterateGerman(text).replace(/[ÄÖÜẞ]/g, (c) => UPPER_GERMAN[c] ?? c);
  let out = '';
  for (const char of german.normalize('NFD')) {
    if (SEPA_CHARACTER.test(char)) out += char;
    else if (/\p{M}/u.test(char))
      continue; // a combining accent: é was decomposed into e + ´
    else out += REPLACEMENTS[char] ?? ' ';
  }
  return out.replace(/\s+/g, ' ').trim();
}

/** Cuts text to `max` characters, at a word when one ends in the last fifth. */
function cut(text: string, max: number): string {
  if (text.length <= max) return text;
  const head = text.slice(0, max);
  const space = head.lastIndexOf(' ');
  return (space >= max * 0.8 ? head.slice(0, space) : head).trim();
}

/**
 * Whether an identifier (message id, end-to-end id, mandate reference) is one SEPA takes: 1 to 35
 * characters of the set, not beginning or ending with `/` and without `//`.
 */
export function isSepaIdentifier(value: string): boolean {
  return (
    value.length >= 1 &&
    value.length <= IDENTIFIER_LENGTH &&
    SEPA_TEXT.test(value) &&
    value.trim() === value &&
    !value.startsWith('/') &&
    !value.endsWith('/') &&
    !value.includes('//')
  );
}

// --- creditor id, BIC ---------------------------------------------------------------------------

/**
 * The creditor identifier (Gläubiger-ID, EPC262-08): country code, two check digits, a creditor
 * business code of three characters (usually ZZZ, not part of the check) and the national id —
 * 11 digits in Germany. The check digits follow ISO 7064 mod 97-10 as in the IBAN, computed over
 * the national id followed by the country code and the check digits.
 *
 * @example
 * isValidCreditorId('DE98ZZZ09999999999'); // true (the Bundesbank's test id)
 */
export function isValidCreditorId(creditorId: string): boolean {
  const id = creditorId.replace(/\s+/g, '').toUpperCase();
  if (!/^[A-Z]{2}\d{2}[A-Z0-9]{3}[A-Z0-9]{1,28}$/.test(id)) return false;
  if (id.startsWith('DE') && !/^DE\d{2}[A-Z0-9]{3}\d{11}$/.test(id)) return false;
  return mod97(id.slice(7) + id.slice(0, 4)) === 1;
}

export const BIC_PATTERN = /^[A-Z]{6}[A-Z0-9]{2}([A-Z0-9]{3})?$/;

/** Whether the account is held inside the EEA (no BIC nor address needed), by the IBAN's country. */
export function isEeaIban(iban: string): boolean {
  return EEA_COUNTRIES.has(compactIban(iban).slice(0, 2));
}

// --- TARGET2 calendar ---------------------------------------------------------------------------

/** Easter Sunday (Gregorian, the anonymous algorithm of 1876). */
function easterSunday(year: number): CalendarDate {
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return calendarDate(year, month, day);
}

/**
 * A TARGET2 business day, on which SEPA collections settle: Monday to Friday except New Year's
 * Day, Good Friday, Easter Monday, 1 May, 25 and 26 December.
 */
export function isTargetDay(date: CalendarDate): boolean {
  if (isoWeekday(date) > 5) return false;
  const monthDay = date.slice(5);
  if (monthDay === '01-01' || monthDay === '05-01' || monthDay === '12-25' || monthDay === '12-26') {
    return false;
  }
  const easter = easterSunday(yearOf(date));
  return date !== addDays(easter, -2) && date !== addDays(easter, 1);
}

/** The first TARGET2 business day after `date`. */
export function nextTargetDay(date: CalendarDate): CalendarDate {
  let day = addDays(date, 1);
  while (!isTargetDay(day)) day = addDays(day, 1);
  return day;
}

// --- writing ------------------------------------------------------------------------------------

/** Text content needs only these escaped (the apostrophe, part of the SEPA set, stays as it is). */
function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** An element with text, or with child elements (given as already written strings). */
function el(name: string, content: string | readonly string[], attributes = ''): string {
  if (typeof content === 'string') return `<${name}${attributes}>${escapeXml(content)}</${name}>`;
  return `<${name}${attributes}>${content.join('')}</${name}>`;
}

const amount = (cents: number) => minorToDecimalString(cents, 2);

function agent(bic: string | null): string {
  // DK: without a BIC the bank is named by `Othr/Id` NOTPROVIDED (IBAN-only inside the EEA).
  return el('FinInstnId', bic ? [el('BICFI', bic)] : [el('Othr', [el('Id', 'NOTPROVIDED')])]);
}

function postalAddress(address: PostalAddress): string {
  return el('PstlAdr', [
    el('StrtNm', cut(toSepaText(address.street), NAME_LENGTH)),
    el('PstCd', cut(toSepaText(address.postalCode), 16)),
    el('TwnNm', cut(toSepaText(address.city), 35)),
    el('Ctry', address.country),
  ]);
}

const CREATED_AT =
  /^(\d{4}-\d{2}-\d{2})T([01]\d|2[0-3]):[0-5]\d:[0-5]\d(\.\d{1,6})?(Z|[+-]([01]\d|2[0-3]):[0-5]\d)?$/;

function checkMessage(message: Pain008Message): void {
  const issues: DomainErrorIssue[] = [];
  const issue = (path: string, text: string, xml: string) =>
    issues.push({ path, message: `${text} (${xml})` });
  const identifier = (value: string, path: string, xml: string) => {
    if (!isSepaIdentifier(value)) {
      issue(
        path,
        `expected 1 to 35 characters of A-Z a-z 0-9 / - ? : ( ) . , ' + and space, not beginning or ending with / nor containing //, got "${value}"`,
        xml,
      );
    }
  };
  const date = (value: string, path: string, xml: string) => {
    if (!isCalendarDate(value)) issue(path, `expected a date as YYYY-MM-DD, got "${value}"`, xml);
  };
  const iban = (value: string, path: string, xml: string) => {
    if (!isValidIban(value)) issue(path, `expected an IBAN with valid check digits, got "${value}"`, xml);
  };
  const bic = (value: string | null, path: string, xml: string) => {
    if (value !== null && !BIC_PATTERN.test(value)) {
      issue(path, `expected a BIC of 8 or 11 characters, got "${value}"`, xml);
    }
  };
  const name = (value: string, path: string, xml: string) => {
    if (toSepaText(value) === '') issue(path, 'a name is needed', xml);
  };

  identifier(message.messageId, 'messageId', 'GrpHdr/MsgId');
  const created = CREATED_AT.exec(message.createdAt);
  if (!created || !isCalendarDate(created[1])) {
    issue(
      'createdAt',
      `expected a date and time like 2026-03-16T09:00:00, got "${message.createdAt}"`,
      'GrpHdr/CreDtTm',
    );
  }
  const { creditor } = message;
  name(creditor.name, 'creditor.name', 'PmtInf/Cdtr/Nm');
  iban(creditor.iban, 'creditor.iban', 'PmtInf/CdtrAcct/Id/IBAN');
  bic(creditor.bic, 'creditor.bic', 'PmtInf/CdtrAgt/FinInstnId/BICFI');
  if (!isValidCreditorId(creditor.creditorId)) {
    issue(
      'creditor.creditorId',
      `expected a creditor id like DE98ZZZ09999999999 (country, check digits, business code, national id) with valid check digits, got "${creditor.creditorId}"`,
      'PmtInf/CdtrSchmeId/Id/PrvtId/Othr/Id',
    );
  }
  if (message.collections.length === 0) {
    issue('collections', 'a message needs at least one collection', 'PmtInf/DrctDbtTxInf');
  }
  const seen = new Map<string, number>();
  message.collections.forEach((c, i) => {
    const at = `collections.${i}`;
    const tx = 'DrctDbtTxInf';
    identifier(c.endToEndId, `${at}.endToEndId`, `${tx}/PmtId/EndToEndId`);
    const first = seen.get(c.endToEndId);
    if (first !== undefined) {
      issue(
        `${at}.endToEndId`,
        `"${c.endToEndId}" is used by collection ${first} already`,
        `${tx}/PmtId/EndToEndId`,
      );
    } else seen.set(c.endToEndId, i);
    if (!Number.isSafeInteger(c.amountCents) || c.amountCents < 1 || c.amountCents > MAX_COLLECTION_CENTS) {
      issue(
        `${at}.amountCents`,
        `expected whole cents from 1 (0.01) to ${MAX_COLLECTION_CENTS} (999,999,999.99), got ${c.amountCents}`,
        `${tx}/InstdAmt`,
      );
    }
    date(c.collectionDate, `${at}.collectionDate`, 'PmtInf/ReqdColltnDt');
    if (!SEPA_SCHEMES.includes(c.scheme)) {
      issue(`${at}.scheme`, `expected CORE or B2B, got "${c.scheme}"`, 'PmtInf/PmtTpInf/LclInstrm/Cd');
    }
    if (!SEQUENCE_TYPES.includes(c.sequenceType)) {
      issue(
        `${at}.sequenceType`,
        `expected FRST, RCUR, OOFF or FNAL, got "${c.sequenceType}"`,
        'PmtInf/PmtTpInf/SeqTp',
      );
    }
    identifier(c.mandate.reference, `${at}.mandate.reference`, `${tx}/DrctDbtTx/MndtRltdInf/MndtId`);
    date(c.mandate.signedOn, `${at}.mandate.signedOn`, `${tx}/DrctDbtTx/MndtRltdInf/DtOfSgntr`);
    if (
      isCalendarDate(c.mandate.signedOn) &&
      isCalendarDate(c.collectionDate) &&
      c.mandate.signedOn > c.collectionDate
    ) {
      issue(
        `${at}.mandate.signedOn`,
        `the mandate was signed on ${c.mandate.signedOn}, after the collection date ${c.collectionDate}`,
        `${tx}/DrctDbtTx/MndtRltdInf/DtOfSgntr`,
      );
    }
    name(c.debtor.name, `${at}.debtor.name`, `${tx}/Dbtr/Nm`);
    iban(c.debtor.iban, `${at}.debtor.iban`, `${tx}/DbtrAcct/Id/IBAN`);
    bic(c.debtor.bic, `${at}.debtor.bic`, `${tx}/DbtrAgt/FinInstnId/BICFI`);
    if (isValidIban(c.debtor.iban) && !isEeaIban(c.debtor.iban)) {
      if (c.debtor.bic === null) {
        issue(
          `${at}.debtor.bic`,
          'a debtor account outside the EEA needs the BIC of its bank',
          `${tx}/DbtrAgt/FinInstnId/BICFI`,
        );
      }
      const address = c.debtor.address;
      if (!address || toSepaText(address.city) === '' || !/^[A-Z]{2}$/.test(address.country)) {
        issue(
          `${at}.debtor.address`,
          'a debtor outside the EEA needs a postal address with town and country code',
          `${tx}/Dbtr/PstlAdr`,
        );
      }
    }
  });
  const sum = message.collections.reduce((s, c) => s + c.amountCents, 0);
  if (message.collections.every((c) => Number.isSafeInteger(c.amountCents)) && !Number.isSafeInteger(sum)) {
    issue('collections', 'the sum of the amounts is too large', 'GrpHdr/CtrlSum');
  }
  if (issues.length > 0) {
    throw new DomainError(
      'invalid-argument',
      `cannot write pain.008 message ${message.messageId}:\n` +
        issues.map((i) => `  ${i.path}: ${i.message}`).join('\n'),
      { issues },
    );
  }
}

const SEQUENCE_ORDER: Readonly<Record<SequenceType, number>> = { FRST: 0, RCUR: 1, OOFF: 2, FNAL: 3 };

/** The collections grouped by date, scheme and sequence type, in that order; each group keeps the input order. */
function groupCollections(collections: readonly Pain008Collection[]): Pain008Collection[][] {
  const groups = new Map<string, Pain008Collection[]>();
  for (const c of collections) {
    const key = `${c.collectionDate} ${c.scheme} ${SEQUENCE_ORDER[c.sequenceType]}`;
    const group = groups.get(key);
    if (group) group.push(c);
    else groups.set(key, [c]);
  }
  return [...groups.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, group]) => group);
}

/** `MSG-1`, `MSG-2` …, the message id cut so that the suffix fits into 35 characters. */
function paymentInformationId(messageId: string, n: number): string {
  const suffix = `-${n}`;
  return messageId.slice(0, IDENTIFIER_LENGTH - suffix.length) + suffix;
}

function transaction(c: Pain008Collection): string {
  const debtorIban = compactIban(c.debtor.iban);
  const outsideEea = !isEeaIban(debtorIban);
  const remittance = cut(toSepaText(c.remittance), REMITTANCE_LENGTH);
  return el('DrctDbtTxInf', [
    el('PmtId', [el('EndToEndId', c.endToEndId)]),
    el('InstdAmt', amount(c.amountCents), ' Ccy="EUR"'),
    el('DrctDbtTx', [
      el('MndtRltdInf', [el('MndtId', c.mandate.reference), el('DtOfSgntr', c.mandate.signedOn)]),
    ]),
    el('DbtrAgt', [agent(c.debtor.bic)]),
    el('Dbtr', [
      el('Nm', cut(toSepaText(c.debtor.name), NAME_LENGTH)),
      ...(outsideEea && c.debtor.address ? [postalAddress(c.debtor.address)] : []),
    ]),
    el('DbtrAcct', [el('Id', [el('IBAN', debtorIban)])]),
    ...(remittance ? [el('RmtInf', [el('Ustrd', remittance)])] : []),
  ]);
}

/**
 * The pain.008.001.08 document for the collections, and what it holds (per batch and in total).
 * Throws a DomainError listing every problem of the input, each with its field and XML element.
 */
export function writePain008(message: Pain008Message): { xml: string; summary: Pain008Summary } {
  checkMessage(message);
  const { creditor } = message;
  const creditorName = cut(toSepaText(creditor.name), NAME_LENGTH);
  const creditorId = creditor.creditorId.replace(/\s+/g, '').toUpperCase();
  const batches: Pain008Batch[] = [];
  const blocks = groupCollections(message.collections).map((group, i) => {
    const [first] = group as [Pain008Collection];
    const sumCents = group.reduce((s, c) => s + c.amountCents, 0);
    const batch: Pain008Batch = {
      paymentInformationId: paymentInformationId(message.messageId, i + 1),
      collectionDate: first.collectionDate,
      scheme: first.scheme,
      sequenceType: first.sequenceType,
      count: group.length,
      sumCents,
    };
    batches.push(batch);
    return el('PmtInf', [
      el('PmtInfId', batch.paymentInformationId),
      el('PmtMtd', 'DD'),
      el('BtchBookg', message.batchBooking === true ? 'true' : 'false'),
      el('NbOfTxs', String(group.length)),
      el('CtrlSum', amount(sumCents)),
      el('PmtTpInf', [
        el('SvcLvl', [el('Cd', 'SEPA')]),
        el('LclInstrm', [el('Cd', batch.scheme)]),
        el('SeqTp', batch.sequenceType),
      ]),
      el('ReqdColltnDt', batch.collectionDate),
      el('Cdtr', [el('Nm', creditorName)]),
      el('CdtrAcct', [el('Id', [el('IBAN', compactIban(creditor.iban))])]),
      el('CdtrAgt', [agent(creditor.bic)]),
      el('ChrgBr', 'SLEV'),
      el('CdtrSchmeId', [
        el('Id', [el('PrvtId', [el('Othr', [el('Id', creditorId), el('SchmeNm', [el('Prtry', 'SEPA')])])])]),
      ]),
      ...group.map((c) => `\n${transaction(c)}`),
      '\n',
    ]);
  });
  const count = message.collections.length;
  const sumCents = message.collections.reduce((s, c) => s + c.amountCents, 0);
  const header = el('GrpHdr', [
    el('MsgId', message.messageId),
    el('CreDtTm', message.createdAt),
    el('NbOfTxs', String(count)),
    el('CtrlSum', amount(sumCents)),
    el('InitgPty', [el('Nm', creditorName)]),
  ]);
  const xml =
    '<?xml version="1.0" encoding="UTF-8"?>\n' +
    `<Document xmlns="${PAIN008_NAMESPACE}" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"` +
    ` xsi:schemaLocation="${PAIN008_NAMESPACE} pain.008.001.08.xsd">` +
    `<CstmrDrctDbtInitn>\n${header}\n${blocks.join('\n')}\n</CstmrDrctDbtInitn></Document>\n`;
  return { xml, summary: { messageId: message.messageId, count, sumCents, batches } };
}
