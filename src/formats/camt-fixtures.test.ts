/**
 * The camt sample files of genkgo/camt (PHP, MIT) and OCA/bank-statement-import (Python, AGPL),
 * read against those projects' own answer keys beside each file: genkgo's JSON dump of its object
 * graph (`*.expected.json`) and OCA's Python literal (`*.expected.pydata`). The answer keys are read
 * at test time and mapped field by field to our shape; where our shape differs, the mapping says how,
 * and where a field cannot be compared, a comment says why.
 *
 * Upstream amounts are signed (genkgo: minor units as strings, OCA: floats); ours are positive
 * minor units with a direction, and balances are signed minor units.
 */
import { createReadStream, existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { CalendarDate } from '../domain/calendar-date.ts';
import {
  type BankStatement,
  type EntryDirection,
  type ParsedStatementFile,
  type StatementCounterparty,
  StatementFormatError,
} from './bank-statement.ts';
import { readCamtEvents } from './camt.ts';
import { collectStatementEvents } from './statement-events.ts';

const FIXTURES = new URL('../../../shared/fixtures/camt/', import.meta.url);

async function readFixture(name: string): Promise<ParsedStatementFile> {
  return collectStatementEvents(readCamtEvents(createReadStream(new URL(name, FIXTURES)), name));
}

function opposite(direction: EntryDirection): EntryDirection {
  return direction === 'credit' ? 'debit' : 'credit';
}

/** Signed decimal text (`-754.25`, `100.0`, `885`) to minor units, without a float on the way. */
function decimalToMinor(text: string, exponent = 2): number {
  const match = /^(-?)(\d+)(?:\.(\d+))?$/.exec(text);
  if (!match) throw new Error(`not a decimal: ${text}`);
  const fraction = (match[3] ?? '').replace(/0+$/, '');
  if (fraction.length > exponent) throw new Error(`more than ${exponent} decimals: ${text}`);
  const minor = Number(match[2]! + fraction.padEnd(exponent, '0'));
  return match[1] ? -minor : minor;
}

// --- our side, reduced to what the answer keys can check ----------------------------------------

interface ComparedTransaction {
  amountCents: number | null;
  currency: string;
  endToEndId: string | null;
  mandateId: string | null;
  remittance: string[];
  creditorReference: string | null;
  counterparty: StatementCounterparty;
  returnReason: string | null;
}

interface ComparedEntry {
  amountCents: number;
  currency: string;
  direction: EntryDirection;
  reversal: boolean;
  status: string;
  bankReference: string | null;
  transactions: ComparedTransaction[];
}

interface ComparedStatement {
  id: string;
  account: string | null;
  openingBalanceCents: number | null;
  closingBalanceCents: number | null;
  entries: ComparedEntry[];
}

function compared(statement: BankStatement): ComparedStatement {
  return {
    id: statement.id,
    account: statement.account.iban,
    openingBalanceCents: statement.openingBalanceCents,
    closingBalanceCents: statement.closingBalanceCents,
    entries: statement.entries.map((e) => ({
      amountCents: e.amountCents,
      currency: e.currency,
      direction: e.direction,
      reversal: e.reversal,
      status: e.status,
      bankReference: e.bankReference,
      transactions: e.transactions.map((t) => ({
        amountCents: t.amountCents,
        currency: t.currency,
        endToEndId: t.endToEndId,
        mandateId: t.mandateId,
        remittance: t.remittance,
        creditorReference: t.creditorReference,
        counterparty: t.counterparty,
        returnReason: t.returnReason,
      })),
    })),
  };
}

/**
 * genkgo turns every date into a UTC instant: a plain `<Dt>` becomes midnight UTC of that day and a
 * `<DtTm>` is shifted to UTC (`2014-12-31T13:15:00+01:00` → `2014-12-31T12:15:00+00:00`). We keep
 * the bank's own calendar day, the first ten characters of what it wrote, because the day the bank
 * booked on is what counts for a payment, not the day in Greenwich. So a midnight-UTC instant (a
 * plain date in these files) must name our day exactly, and any other instant must fall within our
 * day in a zone the bank could be in (UTC−12 to UTC+14); the exact local days of the `<DtTm>`
 * values are asserted in the tests of the files that have them.
 */
function expectSameBankDay(ours: CalendarDate | null, upstream: GenkgoInstant | null): void {
  if (upstream === null) {
    expect(ours).toBeNull();
    return;
  }
  const instant = upstream['0'];
  if (instant.endsWith('T00:00:00+00:00')) {
    expect(ours).toBe(instant.slice(0, 10));
    return;
  }
  const hour = 3_600_000;
  const dayStart = Date.parse(`${ours}T00:00:00Z`);
  expect(Date.parse(instant)).toBeGreaterThanOrEqual(dayStart - 14 * hour);
  expect(Date.parse(instant)).toBeLessThan(dayStart + 36 * hour);
}

// --- genkgo/camt: JSON dump of the DTO graph ----------------------------------------------------

/**
 * The dumper writes an object it has already written as this marker. Getters are dumped in name
 * order, so the singular getter comes first (`getTransactionDetail`, `getStructuredBlock`,
 * `getUnstructuredBlock`, a remittance's `getCreditorReferenceInformation`) and the marker in the
 * plural list or the nested block stands for that object.
 */
const SEEN = '__RECURSIVITY__';
type Seen = typeof SEEN;

interface GenkgoMoney {
  getAmount: string;
  getCurrency: { getCode: string };
}
interface GenkgoInstant {
  '0': string;
}
interface GenkgoRecord {
  getId: string;
  /** An IbanAccount or OtherAccount: both give the identification (IBAN or `Othr/Id`). */
  getAccount: { getIdentification: string };
  /** Absent on camt.054 notifications. */
  getBalances?: { getType: string; getAmount: GenkgoMoney }[];
}
interface GenkgoParty {
  getAccount: { getIban?: { getIban: string } } | null;
  getRelatedPartyType: { __CLASS__: string; getName: string | null };
}
interface GenkgoCreditorReference {
  getRef: string | null;
}
interface GenkgoStructuredBlock {
  getAdditionalRemittanceInformation: string | null;
  getCreditorReferenceInformation: GenkgoCreditorReference | Seen | null;
}
interface GenkgoRemittance {
  getCreditorReferenceInformation: GenkgoCreditorReference | null;
  getStructuredBlock: GenkgoStructuredBlock | null;
  getStructuredBlocks?: (GenkgoStructuredBlock | Seen)[];
  getUnstructuredBlock: { getMessage: string } | null;
  getUnstructuredBlocks?: ({ getMessage: string } | Seen)[];
}
interface GenkgoTransaction {
  getAmount: GenkgoMoney | null;
  getReference: { getEndToEndId: string | null; getMandateId: string | null } | null;
  getRelatedParties: GenkgoParty[];
  getRelatedAgents?: { getRelatedAgentType: { __CLASS__: string; getBIC: string } }[];
  getRemittanceInformation: GenkgoRemittance | null;
  getReturnInformation: { getCode: string } | null;
}
interface GenkgoEntry {
  getRecord: GenkgoRecord | Seen;
  getAmount: GenkgoMoney;
  getCreditDebitIndicator: 'CRDT' | 'DBIT';
  getReversalIndicator: boolean;
  getStatus: string;
  getBookingDate: GenkgoInstant | null;
  getValueDate: GenkgoInstant | null;
  getAccountServicerReference: string | null;
  getTransactionDetail: GenkgoTransaction | null;
  getTransactionDetails: (GenkgoTransaction | Seen)[];
}
interface GenkgoMessage {
  getEntries: GenkgoEntry[];
  getRecords: unknown[];
}

function readGenkgo(name: string): GenkgoMessage {
  return JSON.parse(readFileSync(new URL(name, FIXTURES), 'utf8')) as GenkgoMessage;
}

/** A plural list whose first item may be the marker for the singular getter's object. */
function resolved<T extends object>(list: readonly (T | Seen)[] | undefined, first: T | null): T[] {
  return (list ?? []).map((item, i) => {
    if (item !== SEEN) return item;
    if (i === 0 && first) return first;
    throw new Error('a repeated object other than the first of a list: extend the mapping');
  });
}

/** genkgo's class name without the namespace: `Genkgo\Camt\DTO\Debtor` → `Debtor`. */
function className(object: { __CLASS__: string }): string {
  return object.__CLASS__.split('\\').at(-1)!;
}

function genkgoCounterparty(tx: GenkgoTransaction, original: EntryDirection): StatementCounterparty {
  // Our counterparty is the debtor of a payment received and the creditor of a payment made; genkgo
  // lists all related parties with their role as the class. The files have no return, so the
  // fallback to the other role on a return (see camt.ts) is not exercised here.
  const role = original === 'credit' ? 'Debtor' : 'Creditor';
  const party = tx.getRelatedParties.find((p) => className(p.getRelatedPartyType) === role);
  const agent = (tx.getRelatedAgents ?? []).find((a) => className(a.getRelatedAgentType) === `${role}Agent`);
  return {
    name: party?.getRelatedPartyType.getName ?? null,
    // Our counterparty IBAN is `…Acct/Id/IBAN` only; genkgo's other account kinds have no getIban.
    iban: party?.getAccount?.getIban?.getIban ?? null,
    bic: agent?.getRelatedAgentType.getBIC || null,
  };
}

function genkgoTransaction(
  tx: GenkgoTransaction,
  entry: { cents: number; currency: string; original: EntryDirection; single: boolean },
): ComparedTransaction {
  const remittance = tx.getRemittanceInformation;
  const structured = resolved(remittance?.getStructuredBlocks, remittance?.getStructuredBlock ?? null);
  const unstructured = resolved(remittance?.getUnstructuredBlocks, remittance?.getUnstructuredBlock ?? null);
  const references = structured.map((block) =>
    block.getCreditorReferenceInformation === SEEN
      ? remittance?.getCreditorReferenceInformation
      : block.getCreditorReferenceInformation,
  );
  return {
    // genkgo's transaction amount is null where the TxDtls state none. Ours is null only in a batch:
    // the single transaction of an entry is the entry, so it carries the entry's amount.
    amountCents: tx.getAmount ? Math.abs(Number(tx.getAmount.getAmount)) : entry.single ? entry.cents : null,
    currency: tx.getAmount?.getCurrency.getCode ?? entry.currency,
    endToEndId: tx.getReference?.getEndToEndId ?? null,
    mandateId: tx.getReference?.getMandateId ?? null,
    // Our remittance lines are the `Ustrd` lines, then each structured block's `AddtlRmtInf`.
    remittance: [
      ...unstructured.map((block) => block.getMessage),
      ...structured.flatMap((block) => block.getAdditionalRemittanceInformation ?? []),
    ],
    creditorReference: references.find((ref) => ref?.getRef)?.getRef ?? null,
    counterparty: genkgoCounterparty(tx, entry.original),
    returnReason: tx.getReturnInformation?.getCode ?? null,
  };
}

function genkgoEntry(entry: GenkgoEntry): ComparedEntry {
  const signed = Number(entry.getAmount.getAmount);
  const direction: EntryDirection = entry.getCreditDebitIndicator === 'CRDT' ? 'credit' : 'debit';
  // genkgo signs the amount by the indicator; we keep it positive with the direction.
  expect(signed < 0).toBe(direction === 'debit');
  const details = resolved(entry.getTransactionDetails, entry.getTransactionDetail);
  return {
    amountCents: Math.abs(signed),
    currency: entry.getAmount.getCurrency.getCode,
    direction,
    reversal: entry.getReversalIndicator,
    status: entry.getStatus,
    bankReference: entry.getAccountServicerReference,
    transactions: details.map((tx) => {
      const undoes = entry.getReversalIndicator || tx.getReturnInformation !== null;
      return genkgoTransaction(tx, {
        cents: Math.abs(signed),
        currency: entry.getAmount.getCurrency.getCode,
        original: undoes ? opposite(direction) : direction,
        single: details.length === 1,
      });
    }),
  };
}

/** The statements of the answer key with their entries, grouped by the entries' records. */
function genkgoStatements(
  message: GenkgoMessage,
): { statement: ComparedStatement; entries: GenkgoEntry[] }[] {
  const result: { statement: ComparedStatement; entries: GenkgoEntry[] }[] = [];
  let record: GenkgoRecord | undefined;
  for (const entry of message.getEntries) {
    // The record of a record's second entry is the marker; it is the previous entry's record.
    if (entry.getRecord !== SEEN) record = entry.getRecord;
    if (!record) throw new Error('an entry without its record');
    const balance = (type: string): number | null => {
      const found = record?.getBalances?.find((b) => b.getType === type);
      return found ? Number(found.getAmount.getAmount) : null;
    };
    let current = result.find((r) => r.statement.id === record?.getId);
    if (!current) {
      current = {
        statement: {
          id: record.getId,
          account: record.getAccount.getIdentification,
          // genkgo's `opening` is OPBD and `closing` CLBD. Its balances keep their own currency
          // (these samples put the closing balance in SEK on a EUR account); ours are minor units of
          // the account, so only the number is compared.
          openingBalanceCents: balance('opening'),
          closingBalanceCents: balance('closing'),
          entries: [],
        },
        entries: [],
      };
      result.push(current);
    }
    current.statement.entries.push(genkgoEntry(entry));
    current.entries.push(entry);
  }
  return result;
}

async function expectGenkgoFixture(name: string): Promise<ParsedStatementFile> {
  const parsed = await readFixture(`${name}.xml`);
  const upstream = readGenkgo(`${name}.expected.json`);
  expect(parsed.statements).toHaveLength(upstream.getRecords.length);
  for (const { statement, entries } of genkgoStatements(upstream)) {
    const ours = parsed.statements.find((s) => s.id === statement.id);
    expect(ours, `statement ${statement.id}`).toBeDefined();
    expect(compared(ours!)).toEqual(statement);
    entries.forEach((entry, i) => {
      expectSameBankDay(ours!.entries[i]!.bookingDate, entry.getBookingDate);
      expectSameBankDay(ours!.entries[i]!.valueDate, entry.getValueDate);
    });
  }
  return parsed;
}

// --- OCA/bank-statement-import: a Python literal ------------------------------------------------

/** A Python number as written, so that amounts reach minor units without a float. */
interface PyNumber {
  decimal: string;
}
type PyValue = string | PyNumber | boolean | null | PyValue[] | { [key: string]: PyValue };

/**
 * Reads the Python literals `pprint` writes: tuples and lists (both as arrays), dicts with string
 * keys, strings in single or double quotes (adjacent ones joined, as Python does), numbers, True,
 * False and None.
 */
function parsePythonLiteral(text: string): PyValue {
  const token =
    /\s*(?:('(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*")|(-?\d+(?:\.\d+)?)|(True|False|None)|([()[\]{},:]))/y;
  let position = 0;
  let peeked: RegExpExecArray | null = null;
  const peek = (): RegExpExecArray | null => {
    if (peeked) return peeked;
    token.lastIndex = position;
    peeked = token.exec(text);
    return peeked;
  };
  const next = (): RegExpExecArray => {
    const found = peek();
    if (!found)
      throw new Error(`unexpected Python text at ${position}: ${text.slice(position, position + 20)}`);
    position = token.lastIndex = found.index + found[0].length;
    peeked = null;
    return found;
  };
  const unquote = (quoted: string): string =>
    quoted.slice(1, -1).replace(/\\(.)/g, (_, c: string) => ({ n: '\n', t: '\t', r: '\r' })[c] ?? c);
  const closing = (close: string): boolean => {
    if (peek()?.[4] !== close) return false;
    next();
    return true;
  };
  const value = (): PyValue => {
    const [, quoted, number, keyword, punctuation] = next();
    if (quoted !== undefined) {
      let joined = unquote(quoted);
      while (peek()?.[1] !== undefined) joined += unquote(next()[1]!);
      return joined;
    }
    if (number !== undefined) return { decimal: number };
    if (keyword !== undefined) return keyword === 'None' ? null : keyword === 'True';
    if (punctuation === '(' || punctuation === '[') {
      const close = punctuation === '(' ? ')' : ']';
      const items: PyValue[] = [];
      while (!closing(close)) {
        items.push(value());
        if (peek()?.[4] === ',') next();
      }
      return items;
    }
    if (punctuation === '{') {
      const dict: { [key: string]: PyValue } = {};
      while (!closing('}')) {
        const key = value();
        if (typeof key !== 'string' || next()[4] !== ':') throw new Error('expected a string key and :');
        dict[key] = value();
        if (peek()?.[4] === ',') next();
      }
      return dict;
    }
    throw new Error(`unexpected ${punctuation}`);
  };
  const result = value();
  if (text.slice(position).trim()) throw new Error('text after the literal');
  return result;
}

interface OcaTransaction {
  account_number: string;
  amount: PyNumber;
  date: string;
  narration: string;
  partner_name: string;
  payment_ref: string;
  ref: string;
  transaction_type: string;
}
interface OcaStatement {
  balance_start: PyNumber;
  balance_end_real: PyNumber;
  date: string;
  name: string;
  transactions: OcaTransaction[];
}

/** OCA's narration: one `Label (XML path): value` per line; an absent element is an absent line. */
function narrationOf(transaction: OcaTransaction): Map<string, string> {
  return new Map(
    transaction.narration.split('\n').map((line) => {
      const colon = line.indexOf(': ');
      return [line.slice(0, colon), line.slice(colon + 2)] as const;
    }),
  );
}

// --- the tests ----------------------------------------------------------------------------------

describe.skipIf(!existsSync(FIXTURES))('camt fixtures of genkgo/camt and OCA', () => {
  it('camt053.v2.minimal: one statement, one entry with a structured creditor reference', async () => {
    const parsed = await expectGenkgoFixture('camt053.v2.minimal');
    expect(parsed.format).toBe('camt.053.001.02');
    const [transaction] = parsed.statements[0]!.entries[0]!.transactions;
    // Spelled out once, as a check on the mapping above:
    expect(transaction?.creditorReference).toBe('4654654654654654');
    expect(transaction?.counterparty).toEqual({ name: 'NAME NAME', iban: 'NL56AGDH9619008421', bic: null });
  });

  it('camt053.v2.multi.statement: two statements in one message', async () => {
    // The answer key holds the entries of the second statement only: genkgo's EntryIterator gives
    // each record's entries keys from 0, and the dump keeps the last record's under each key. The
    // first statement (253…, one credit of 8.85 EUR) is compared by the count of records only.
    const parsed = await expectGenkgoFixture('camt053.v2.multi.statement');
    expect(parsed.statements.map((s) => s.id)).toEqual([
      '253EURNL26VAYB8060476890',
      '254EURNL26VAYB8060476890',
    ]);
    expect(parsed.statements[1]?.entries[0]?.transactions[0]?.counterparty.name).toBe('Company Name 2');
  });

  it('camt053.v8: Sts/Cd, Dbtr/Pty/Nm, TxDtls/Amt, a booking date-time in +01:00', async () => {
    const parsed = await expectGenkgoFixture('camt053.v8');
    expect(parsed.format).toBe('camt.053.001.08');
    const entry = parsed.statements[0]!.entries[0]!;
    // Upstream 2014-12-31T12:15:00+00:00 is the bank's 2014-12-31T13:15:00+01:00: our day is the 31st.
    expect(entry.bookingDate).toBe('2014-12-31');
    // The account is `Othr/Id` (no IBAN element); ours keeps it as the account's identification.
    expect(parsed.statements[0]?.account.iban).toBe('NL26VAYB8060476890');
    expect(entry.transactions[0]?.counterparty.name).toBe('NAME NAME');
  });

  it('camt054.v2: a notification whose entry is a batch of three transactions without amounts', async () => {
    const parsed = await expectGenkgoFixture('camt054.v2');
    expect(parsed.format).toBe('camt.054.001.02');
    const entry = parsed.statements[0]!.entries[0]!;
    expect(entry.bookingDate).toBe('2007-10-18'); // 13:15+01:00, upstream 12:15 UTC
    expect(entry.transactions.map((t) => t.amountCents)).toEqual([null, null, null]);
    // The debit names only a Dbtr (MUELLER): the payer, so no counterparty (the payee) is known.
    // genkgo lists MUELLER as the related party; the mapping compares the Creditor role, as we do.
    expect(entry.transactions[0]?.counterparty).toEqual({ name: null, iban: null, bic: null });
    expect(entry.transactions[2]?.remittance).toEqual([
      'Unstructured Remittance Information V3 block 1',
      'Unstructured Remittance Information V3 block 2',
      'Additional Remittance Information V3 block 1',
      'Additional Remittance Information V3 block 2',
    ]);
  });

  it('camt053.v2.wrong: a message without a statement is rejected, naming the XML path', async () => {
    const error = await readFixture('camt053.v2.wrong.xml').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StatementFormatError);
    expect((error as StatementFormatError).location.path).toBe('Document/BkToCstmrStmt');
    expect((error as Error).message).toBe(
      'camt053.v2.wrong.xml at Document/BkToCstmrStmt: expected at least one <Stmt> (the file holds no statement)',
    );
  });

  it('test-camt053 (OCA): balances, a batch, a reversed direct debit with return reason', async () => {
    const parsed = await readFixture('test-camt053.xml');
    const literal = readFileSync(new URL('test-camt053.expected.pydata', FIXTURES), 'utf8');
    const [currency, account, statements] = parsePythonLiteral(literal) as [string, string, OcaStatement[]];

    expect(parsed.statements).toHaveLength(statements.length);
    const [upstream] = statements;
    const [ours] = parsed.statements;
    expect(ours?.account).toEqual({ iban: account, currency });
    expect(ours?.id).toBe(upstream?.name);
    expect(ours?.openingBalanceCents).toBe(decimalToMinor(upstream!.balance_start.decimal));
    expect(ours?.closingBalanceCents).toBe(decimalToMinor(upstream!.balance_end_real.decimal));
    // OCA's statement date is the latest booking date of its transactions.
    expect(
      ours?.entries
        .map((e) => e.bookingDate)
        .sort()
        .at(-1),
    ).toBe(upstream?.date);

    // OCA yields one transaction per TxDtls, each with its entry's fields.
    const pairs = ours!.entries.flatMap((entry) =>
      entry.transactions.map((transaction) => ({ entry, transaction })),
    );
    expect(pairs).toHaveLength(upstream!.transactions.length);
    upstream!.transactions.forEach((oca, i) => {
      const { entry, transaction } = pairs[i]!;
      const narration = narrationOf(oca);
      const where = `transaction ${i + 1}`;
      // OCA signs the TxDtls amount by the entry's CdtDbtInd.
      const signed = entry.direction === 'debit' ? -transaction.amountCents! : transaction.amountCents;
      expect(signed, where).toBe(decimalToMinor(oca.amount.decimal));
      expect(entry.bookingDate, where).toBe(oca.date);
      expect(entry.bankTransactionCode, where).toBe(oca.transaction_type);
      expect(entry.reversal, where).toBe(narration.get('Reversal Indicator (RvslInd)') === 'true');
      // OCA's ref is the structured creditor reference, else the end-to-end id.
      expect(transaction.creditorReference ?? transaction.endToEndId, where).toBe(oca.ref);
      expect(transaction.endToEndId, where).toBe(narration.get('End To End Id (Refs/EndToEndId)') ?? null);
      // OCA joins the Ustrd lines with a space.
      expect(transaction.remittance.join(' '), where).toBe(
        narration.get('Unstructured Reference (RmtInf/Ustrd)') ?? '',
      );
      expect(transaction.returnReason, where).toBe(
        narration.get('Return Reason Code (RtrInf/Rsn/Cd)') ?? null,
      );
      // OCA takes Dbtr on a CRDT entry and Cdtr on a DBIT one. For the reversed direct debit (a
      // DBIT undoing the collection) we look for the original payer, the Dbtr; ABN AMRO names the
      // customer as Cdtr instead, and we fall back to it, so both agree on the customer here.
      expect(transaction.counterparty.name, where).toBe(oca.partner_name);
      expect(transaction.counterparty.iban, where).toBe(oca.account_number);
      // Not compared: payment_ref (`AddtlTxInf`, the bank's text) and the Instructed Id and postal
      // address in the narration have no field in our shape; the mandate id is not in OCA's output
      // (it looks for `Refs/MntId`) and the counterparty BIC is not either.
    });
    // The reversal's own assertions, spelled out:
    expect(pairs[1]?.entry).toMatchObject({ direction: 'debit', reversal: true, amountCents: 66405 });
    expect(pairs[1]?.transaction).toMatchObject({ returnReason: 'AC06', amountCents: 56405 });
    expect(pairs[2]?.transaction.amountCents).toBe(10000);
  });
});
