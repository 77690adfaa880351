/**
 * @module bank-statement
 * The one normalised shape every bank statement format is read into (camt.052/053/054, MT940,
 * online-banking CSV), and the error every reader throws for a file it cannot read.
 *
 * Amounts are positive integer cents with a `direction`, which is the entry's effect on the
 * account balance: a reversed debit (MT940 `RD`) is a credit, with `reversal` true. Balances are
 * signed (a debit balance is negative). Absent values are `null`, never empty strings;
 * camt's "NOTPROVIDED" is absent.
 *
 * @example
 * const file: ParsedStatementFile = parseMt940(text, 'auszug.sta');
 * for (const s of file.statements) for (const e of s.entries) console.log(e.bookingDate, e.amountCents);
 */
import type { CalendarDate } from '../domain/calendar-date.ts';

export type EntryDirection = 'credit' | 'debit';

/** camt `Sts`: booked, pending, or information only. MT940 and CSV entries are booked. */
export type EntryStatus = 'BOOK' | 'PDNG' | 'INFO';

export interface StatementCounterparty {
  name: string | null;
  iban: string | null;
  bic: string | null;
}

export interface StatementTransaction {
  /** Null only in a batch entry whose transactions state no amount of their own (camt.054 does this). */
  amountCents: number | null;
  currency: string;
  endToEndId: string | null;
  mandateId: string | null;
  /** Unstructured remittance lines as the bank delivers them (MT940/CSV: the SVWZ purpose, joined lines). */
  remittance: string[];
  /** Structured creditor reference (ISO 11649 `RF…` or a national one) as given. */
  creditorReference: string | null;
  /** The other side: the payer on a credit, the payee on a debit. */
  counterparty: StatementCounterparty;
  /** Return reason code of a returned direct debit or transfer (camt `RtrInf/Rsn/Cd`, MT940 `RTRN`), e.g. `AC06`, `MD06`. */
  returnReason: string | null;
  /** SEPA creditor id (camt `CdtrSchmeId`, MT940 `CRED+`). */
  creditorId: string | null;
  /** The original amount of a returned direct debit before charges (MT940 `OAMT+`/`/OCMT/`, camt `AmtDtls/InstdAmt`). */
  originalAmountCents: number | null;
  /** Charges the bank deducted or debited with this transaction (MT940 `/CHGS/`, camt `Chrgs`). */
  chargesCents: number | null;
}

export interface StatementEntry {
  bookingDate: CalendarDate;
  valueDate: CalendarDate | null;
  amountCents: number;
  currency: string;
  direction: EntryDirection;
  reversal: boolean;
  status: EntryStatus;
  /** The bank's own reference of the entry (camt `AcctSvcrRef`, MT940 bank reference after `//`). */
  bankReference: string | null;
  /** Transaction code: camt `BkTxCd` as `PMNT-RCDT-ESCT` or proprietary, MT940 `GVC 166`, CSV booking text. */
  bankTransactionCode: string | null;
  /** The bank's booking text (MT940 `?00`, CSV "Buchungstext", camt `AddtlNtryInf`). */
  bookingText: string | null;
  transactions: StatementTransaction[];
}

export interface StatementAccount {
  /** IBAN, or the account's other identification (`Othr/Id`, MT940 `:25:` BLZ/account) when no IBAN is given. */
  iban: string | null;
  currency: string | null;
}

export interface BankStatement {
  id: string;
  account: StatementAccount;
  openingBalanceCents: number | null;
  closingBalanceCents: number | null;
  entries: StatementEntry[];
  /** Electronic or legal sequence number (camt `ElctrncSeqNb`, MT940 `:28C:`). */
  sequenceNumber: string | null;
  /** Period covered, where the file says. */
  fromDate: CalendarDate | null;
  toDate: CalendarDate | null;
}

/** `camt.053.001.08`, `camt.052.001.02`, `mt940`, `csv:sparkasse` … */
export type StatementFormatName = string;

export interface ParsedStatementFile {
  format: StatementFormatName;
  statements: BankStatement[];
}

export interface StatementLocation {
  /** 1-based physical line (MT940, CSV). */
  line?: number;
  /** XML path with 1-based sibling indices, e.g. `Document/BkToCstmrStmt/Stmt[1]/Ntry[3]/Amt` (camt). */
  path?: string;
}

/** A file that cannot be read as a statement: names the file, the place and what was expected. */
export class StatementFormatError extends Error {
  readonly file: string;
  readonly location: StatementLocation;

  constructor(file: string, location: StatementLocation, message: string) {
    const where =
      location.line !== undefined ? `:${location.line}` : location.path ? ` at ${location.path}` : '';
    super(`${file}${where}: ${message}`);
    this.name = 'StatementFormatError';
    this.file = file;
    this.location = location;
  }
}

/** A transaction with no details of its own carries the entry's amount and currency. */
export function emptyTransaction(amountCents: number | null, currency: string): StatementTransaction {
  return {
    amountCents,
    currency,
    endToEndId: null,
    mandateId: null,
    remittance: [],
    creditorReference: null,
    counterparty: { name: null, iban: null, bic: null },
    returnReason: null,
    creditorId: null,
    originalAmountCents: null,
    chargesCents: null,
  };
}
