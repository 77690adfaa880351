/**
 * @module camt
 * Reads ISO 20022 bank-to-customer messages — camt.052 (account report), camt.053 (statement),
 * camt.054 (debit/credit notification), versions .001.02 to .001.13 — as a stream: one entry at a
 * time, so a statement of 100,000 entries needs no more memory than one entry.
 *
 * The message type and version come from the XML namespace, never from the file name. Elements are
 * matched by local name, so a prefixed `ns2:Document` reads the same. Differences between the
 * versions that matter here: the status is text up to .07 and `<Sts><Cd>` from .08 on; a
 * transaction's amount is `AmtDtls/TxAmt/Amt` in .02 and `Amt` later; a party's name is `Dbtr/Nm`
 * up to .07 and `Dbtr/Pty/Nm` from .08 on; a bank's code is `BIC` in .02/.03 and `BICFI` later;
 * charges are repeated `Chrgs/Amt` in .02 and `Chrgs/Rcrd/Amt` later. Both variants are read
 * wherever they may occur.
 *
 * Every error names the file and the XML path (with 1-based indices for repeated elements) and
 * what was expected.
 *
 * Security: a DOCTYPE is refused (no DTD, no entity declarations, nothing fetched); depth, attributes
 * per element, text per element and elements per entry are bounded, and reading stops at the first
 * error, so a hostile file costs time and memory linear in its size.
 *
 * @example
 * for await (const event of readCamtEvents(createReadStream('auszug.xml'), 'auszug.xml')) {
 *   if (event.kind === 'entry') console.log(event.entry.amountCents);
 * }
 */
import { type SaxesAttributeNS, SaxesParser, type SaxesTagNS } from 'saxes';
import { type CalendarDate, isCalendarDate } from '../domain/calendar-date.ts';
import { currencyExponent } from '../domain/money.ts';
import {
  type BankStatement,
  emptyTransaction,
  type EntryDirection,
  type EntryStatus,
  type StatementCounterparty,
  type StatementEntry,
  StatementFormatError,
  type StatementTransaction,
} from './bank-statement.ts';
import type { StatementEvent } from './statement-events.ts';

const CAMT_NAMESPACE = /^urn:iso:std:iso:20022:tech:xsd:camt\.(05[234])\.001\.(\d\d)$/;

/** The message element under `Document` and its record elements, per message type. */
const MESSAGES: Record<string, { message: string; record: string }> = {
  '052': { message: 'BkToCstmrAcctRpt', record: 'Rpt' },
  '053': { message: 'BkToCstmrStmt', record: 'Stmt' },
  '054': { message: 'BkToCstmrDbtCdtNtfctn', record: 'Ntfctn' },
};

/** Limits against hostile files: a real entry has a few dozen elements per transaction, and no text is this long. */
const MAX_NODES_PER_ENTRY = 200_000;
const MAX_TEXT_LENGTH = 100_000;
/**
 * A camt document nests about 15 levels deep. Every element's path is built from its parent's, so
 * without a bound a file of 100,000 nested elements costs time and memory quadratic in its depth.
 */
const MAX_DEPTH = 64;
/** camt uses one attribute (`Ccy`): a tag with more is no bank statement. */
const MAX_ATTRIBUTES = 64;

/** Elements that repeat, and so carry an index in paths. */
const INDEXED = new Set([
  'Stmt',
  'Rpt',
  'Ntfctn',
  'Ntry',
  'NtryDtls',
  'TxDtls',
  'Bal',
  'Ustrd',
  'Strd',
  'Chrgs',
  'Rcrd',
]);

/** xs:date or xs:dateTime after the `YYYY-MM-DD` part: an optional time, then an optional zone. */
const DATE_SUFFIX = /^(?:T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?(?:Z|[+-]\d{2}:\d{2})?$/;

/** One element, built only for the parts of the document that are converted (a record's header children, one entry). */
interface XmlNode {
  name: string;
  attributes: Record<string, string>;
  children: XmlNode[];
  text: string;
  parent: XmlNode | undefined;
  /** The element's path in the document, e.g. `Document/BkToCstmrStmt/Stmt[1]/Ntry[3]`. */
  path: string;
}

function child(node: XmlNode | undefined, ...names: string[]): XmlNode | undefined {
  let current = node;
  for (const name of names) {
    current = firstChildNamed(current, name);
    if (!current) return undefined;
  }
  return current;
}

/** A plain loop: called for every field of every entry, where a callback per call costs measurably. */
function firstChildNamed(node: XmlNode | undefined, name: string): XmlNode | undefined {
  if (!node) return undefined;
  for (const c of node.children) if (c.name === name) return c;
  return undefined;
}

function childrenNamed(node: XmlNode | undefined, name: string): XmlNode[] {
  return node ? node.children.filter((c) => c.name === name) : [];
}

/** Trimmed text of a descendant, or null when absent or empty. */
function textOf(node: XmlNode | undefined, ...names: string[]): string | null {
  const found = child(node, ...names);
  const text = found?.text.trim();
  return text ? text : null;
}

function withoutNotProvided(text: string | null): string | null {
  return text === null || text.toUpperCase() === 'NOTPROVIDED' ? null : text;
}

class CamtReader {
  private readonly file: string;

  constructor(file: string) {
    this.file = file;
  }

  fail(path: string, message: string): never {
    throw new StatementFormatError(this.file, { path }, message);
  }

  required(node: XmlNode, ...names: string[]): XmlNode {
    const found = child(node, ...names);
    if (!found) this.fail(`${node.path}/${names.join('/')}`, `expected the element ${names.at(-1)}`);
    return found;
  }

  /** Decimal text to integer minor units of the currency; no floats on the way. */
  amount(node: XmlNode, currency: string): number {
    const text = node.text.trim();
    const match = /^(\d{1,15})(?:\.(\d+))?$/.exec(text);
    const exponent = currencyExponent(currency);
    const fraction = (match?.[2] ?? '').replace(/0+$/, '');
    const minor = match ? Number((match[1] ?? '0') + fraction.padEnd(exponent, '0')) : NaN;
    // Guard against digits a double cannot hold exactly (ISO allows 18): a wrong cent is worse than an error.
    if (!match || fraction.length > exponent || !Number.isSafeInteger(minor)) {
      this.fail(
        node.path,
        `expected an amount with at most ${exponent} decimals like ${exponent ? '1234.' + '5'.repeat(exponent) : '1234'}, got "${text}"`,
      );
    }
    return minor;
  }

  currency(node: XmlNode): string {
    const currency = node.attributes['Ccy']?.trim() ?? '';
    if (!/^[A-Z]{3}$/.test(currency)) {
      this.fail(node.path, `expected the attribute Ccy with an ISO 4217 code like EUR, got "${currency}"`);
    }
    return currency;
  }

  money(node: XmlNode): { cents: number; currency: string } {
    const currency = this.currency(node);
    return { cents: this.amount(node, currency), currency };
  }

  direction(node: XmlNode): EntryDirection {
    const indicator = this.required(node, 'CdtDbtInd');
    const text = indicator.text.trim();
    if (text === 'CRDT') return 'credit';
    if (text === 'DBIT') return 'debit';
    return this.fail(indicator.path, `expected CRDT or DBIT, got "${text}"`);
  }

  /** `<Dt>` or `<DtTm>` below the node; a date-time keeps the bank's local calendar date. */
  date(node: XmlNode | undefined): CalendarDate | null {
    if (!node) return null;
    const holder = child(node, 'Dt') ?? child(node, 'DtTm');
    if (!holder) return this.dateText(node);
    return this.dateText(holder);
  }

  /**
   * The calendar date of an xs:date or xs:dateTime as written: `2024-03-01T00:30:00+01:00` is the
   * 1st, the bank's own day, though it is still February 29th in UTC.
   */
  dateText(node: XmlNode): CalendarDate {
    const whole = node.text.trim();
    const text = whole.slice(0, 10);
    if (!isCalendarDate(text) || !DATE_SUFFIX.test(whole.slice(10)))
      this.fail(node.path, `expected a date as YYYY-MM-DD (or a date-time), got "${whole}"`);
    return text;
  }

  // --- record header --------------------------------------------------------------------------

  applyHeader(header: RecordHeader, node: XmlNode): void {
    switch (node.name) {
      case 'Id':
        header.statement.id = node.text.trim();
        break;
      case 'ElctrncSeqNb':
        header.statement.sequenceNumber = node.text.trim() || null;
        break;
      case 'LglSeqNb':
        header.statement.sequenceNumber ??= node.text.trim() || null;
        break;
      case 'CreDtTm':
        header.createdOn = this.dateText(node);
        break;
      case 'FrToDt': {
        const from = child(node, 'FrDtTm') ?? child(node, 'FrDt');
        const to = child(node, 'ToDtTm') ?? child(node, 'ToDt');
        header.statement.fromDate = from ? this.dateText(from) : null;
        header.statement.toDate = to ? this.dateText(to) : null;
        break;
      }
      case 'Acct': {
        header.statement.account.iban = textOf(node, 'Id', 'IBAN') ?? textOf(node, 'Id', 'Othr', 'Id');
        const currency = textOf(node, 'Ccy');
        if (currency !== null && !/^[A-Z]{3}$/.test(currency)) {
          this.fail(`${node.path}/Ccy`, `expected an ISO 4217 currency code like EUR, got "${currency}"`);
        }
        header.statement.account.currency = currency;
        break;
      }
      case 'Bal':
        this.applyBalance(header, node);
        break;
      default:
        break;
    }
  }

  private applyBalance(header: RecordHeader, node: XmlNode): void {
    const code = textOf(node, 'Tp', 'CdOrPrtry', 'Cd') ?? textOf(node, 'Tp', 'CdOrPrtry', 'Prtry');
    const amount = this.money(this.required(node, 'Amt'));
    const signed = this.direction(node) === 'debit' ? -amount.cents : amount.cents;
    header.balanceCurrencies.set(code ?? '', amount.currency);
    switch (code) {
      case 'OPBD':
        header.opening = { rank: 0, cents: signed };
        break;
      case 'PRCD':
        if (!header.opening || header.opening.rank > 1) header.opening = { rank: 1, cents: signed };
        break;
      case 'ITBD':
        // camt.052 reports often carry only interim balances: the first is where the report starts.
        if (!header.opening) header.opening = { rank: 2, cents: signed };
        if (!header.closing || header.closing.rank > 0) header.closing = { rank: 1, cents: signed };
        break;
      case 'CLBD':
        header.closing = { rank: 0, cents: signed };
        break;
      default:
        break;
    }
  }

  // --- entries -----------------------------------------------------------------------------------

  entry(node: XmlNode, header: RecordHeader): StatementEntry {
    const { cents, currency } = this.money(this.required(node, 'Amt'));
    const direction = this.direction(node);
    const reversal = ['true', '1'].includes(textOf(node, 'RvslInd') ?? '');
    const bookingDate =
      this.date(child(node, 'BookgDt')) ??
      this.date(child(node, 'ValDt')) ??
      header.createdOn ??
      this.fail(`${node.path}/BookgDt`, 'expected a booking date (BookgDt) or a value date (ValDt)');
    const domain = child(node, 'BkTxCd', 'Domn');
    const bankTransactionCode = domain
      ? [textOf(domain, 'Cd'), textOf(domain, 'Fmly', 'Cd'), textOf(domain, 'Fmly', 'SubFmlyCd')]
          .filter((part) => part !== null)
          .join('-')
      : textOf(node, 'BkTxCd', 'Prtry', 'Cd');
    const bookingText = textOf(node, 'AddtlNtryInf');
    const details = childrenNamed(node, 'NtryDtls').flatMap((d) => childrenNamed(d, 'TxDtls'));
    const transactions = details.map((tx) =>
      this.transaction(tx, { cents, currency, direction, reversal, single: details.length === 1 }),
    );
    const entryCharges = this.charges(node, currency);
    if (transactions.length === 0) {
      const own = emptyTransaction(cents, currency);
      if (bookingText) own.remittance = [bookingText];
      own.chargesCents = entryCharges;
      transactions.push(own);
    } else if (transactions.length === 1 && transactions[0]!.chargesCents === null) {
      // Many banks state a return's charges on the entry only; with one transaction they are its charges.
      transactions[0]!.chargesCents = entryCharges;
    }
    return {
      bookingDate,
      valueDate: this.date(child(node, 'ValDt')),
      amountCents: cents,
      currency,
      direction,
      reversal,
      status: this.status(node),
      bankReference: withoutNotProvided(textOf(node, 'AcctSvcrRef')),
      bankTransactionCode,
      bookingText,
      transactions,
    };
  }

  private status(node: XmlNode): EntryStatus {
    const holder = this.required(node, 'Sts');
    const text = (textOf(holder, 'Cd') ?? textOf(holder, 'Prtry') ?? holder.text.trim()).toUpperCase();
    if (text === 'BOOK' || text === 'PDNG' || text === 'INFO') return text;
    // .08 adds FUTR, an entry announced for a future date: like a pending one, not (yet) booked.
    if (text === 'FUTR') return 'PDNG';
    return this.fail(holder.path, `expected the status BOOK, PDNG, INFO or FUTR, got "${text}"`);
  }

  /**
   * Charges below an entry or transaction, in minor units: .02 repeats `Chrgs` with one `Amt` each,
   * later versions have one `Chrgs` with a total (`TtlChrgsAndTaxAmt`) and/or `Rcrd/Amt` records.
   * The total wins where given, as records may list charges that are included in it. Charges in
   * another currency than the booking (a foreign bank's fee on a transfer) cannot be added to it and
   * are left out.
   */
  private charges(holder: XmlNode, currency: string): number | null {
    const blocks = childrenNamed(holder, 'Chrgs');
    const inCurrency = (amounts: XmlNode[]): number[] =>
      amounts.map((a) => this.money(a)).flatMap((m) => (m.currency === currency ? [m.cents] : []));
    const total = inCurrency(blocks.length === 1 ? childrenNamed(blocks[0], 'TtlChrgsAndTaxAmt') : []);
    if (total.length) return total[0]!;
    const amounts = inCurrency(
      blocks.flatMap((block) => [
        ...childrenNamed(block, 'Rcrd').flatMap((r) => childrenNamed(r, 'Amt')),
        ...childrenNamed(block, 'Amt'),
      ]),
    );
    return amounts.length ? amounts.reduce((sum, cents) => sum + cents, 0) : null;
  }

  private transaction(
    node: XmlNode,
    entry: { cents: number; currency: string; direction: EntryDirection; reversal: boolean; single: boolean },
  ): StatementTransaction {
    const amountNode = child(node, 'Amt') ?? child(node, 'AmtDtls', 'TxAmt', 'Amt');
    // A batch may list its transactions without amounts (camt.054 notifications do): null, not guessed.
    let amount: { cents: number | null; currency: string };
    if (amountNode) amount = this.money(amountNode);
    else amount = { cents: entry.single ? entry.cents : null, currency: entry.currency };

    const returnReason = textOf(node, 'RtrInf', 'Rsn', 'Cd') ?? textOf(node, 'RtrInf', 'Rsn', 'Prtry');
    // The other side is the debtor of a payment received and the creditor of a payment made. On a
    // return or reversal the booking goes the opposite way of the payment it undoes, whose parties
    // count: a returned direct debit we collected names the customer as Dbtr.
    const undoes = entry.reversal || returnReason !== null || child(node, 'RtrInf') !== undefined;
    const original: EntryDirection = undoes ? opposite(entry.direction) : entry.direction;
    const parties = child(node, 'RltdPties');
    const agents = child(node, 'RltdAgts');
    const debtor = (): StatementCounterparty => this.party(parties, agents, 'Dbtr', 'DbtrAcct', 'DbtrAgt');
    const creditor = (): StatementCounterparty => this.party(parties, agents, 'Cdtr', 'CdtrAcct', 'CdtrAgt');
    let counterparty = original === 'credit' ? debtor() : creditor();
    // Banks differ on returns: the German DK rules keep the original payment's roles, others (ABN
    // AMRO in OCA's sample) describe the return booking itself, naming the customer as Cdtr. When
    // the original role is missing, the other one is the customer.
    if (undoes && counterparty.name === null && counterparty.iban === null) {
      counterparty = original === 'credit' ? creditor() : debtor();
    }

    const remittance = child(node, 'RmtInf');
    const lines = childrenNamed(remittance, 'Ustrd')
      .map((u) => u.text.trim())
      .filter((text) => text !== '');
    const structured = childrenNamed(remittance, 'Strd');
    for (const s of structured) {
      for (const extra of childrenNamed(s, 'AddtlRmtInf'))
        if (extra.text.trim()) lines.push(extra.text.trim());
    }
    const creditorReference =
      structured.map((s) => textOf(s, 'CdtrRefInf', 'Ref')).find((ref) => ref !== null) ?? null;

    const instructed = child(node, 'AmtDtls', 'InstdAmt', 'Amt');
    const creditorParty = child(parties, 'Cdtr');
    const creditorId =
      textOf(creditorParty, 'Id', 'PrvtId', 'Othr', 'Id') ??
      textOf(creditorParty, 'Pty', 'Id', 'PrvtId', 'Othr', 'Id') ??
      textOf(node, 'CdtrSchmeId', 'Id', 'PrvtId', 'Othr', 'Id');
    return {
      amountCents: amount.cents,
      currency: amount.currency,
      endToEndId: withoutNotProvided(textOf(node, 'Refs', 'EndToEndId')),
      mandateId: withoutNotProvided(textOf(node, 'Refs', 'MndtId')),
      remittance: lines,
      creditorReference,
      counterparty,
      returnReason,
      creditorId: undoes || original === 'debit' ? creditorId : null,
      originalAmountCents: instructed ? this.money(instructed).cents : null,
      chargesCents: this.charges(node, amount.currency),
    };
  }

  private party(
    parties: XmlNode | undefined,
    agents: XmlNode | undefined,
    role: string,
    account: string,
    agent: string,
  ): StatementCounterparty {
    const party = child(parties, role);
    const ultimate = child(parties, role === 'Dbtr' ? 'UltmtDbtr' : 'UltmtCdtr');
    const name =
      textOf(party, 'Pty', 'Nm') ??
      textOf(party, 'Nm') ??
      textOf(ultimate, 'Pty', 'Nm') ??
      textOf(ultimate, 'Nm');
    const iban = textOf(parties, account, 'Id', 'IBAN');
    const bic = textOf(agents, agent, 'FinInstnId', 'BICFI') ?? textOf(agents, agent, 'FinInstnId', 'BIC');
    return { name: withoutNotProvided(name), iban: iban?.replace(/\s+/g, '') ?? null, bic };
  }
}

function opposite(direction: EntryDirection): EntryDirection {
  return direction === 'credit' ? 'debit' : 'credit';
}

interface RecordHeader {
  /** The record's path, e.g. `Document/BkToCstmrStmt/Stmt[2]`, for errors about the record itself. */
  path: string;
  statement: BankStatement;
  createdOn: CalendarDate | null;
  opening?: { rank: number; cents: number };
  closing?: { rank: number; cents: number };
  balanceCurrencies: Map<string, string>;
  announced: boolean;
}

function newHeader(path: string): RecordHeader {
  return {
    path,
    statement: {
      id: '',
      account: { iban: null, currency: null },
      openingBalanceCents: null,
      closingBalanceCents: null,
      entries: [],
      sequenceNumber: null,
      fromDate: null,
      toDate: null,
    },
    createdOn: null,
    balanceCurrencies: new Map(),
    announced: false,
  };
}

function finishHeader(header: RecordHeader, firstEntryCurrency: string | undefined): BankStatement {
  const statement = header.statement;
  statement.openingBalanceCents = header.opening?.cents ?? null;
  statement.closingBalanceCents = header.closing?.cents ?? null;
  statement.account.currency ??=
    header.balanceCurrencies.get('OPBD') ??
    header.balanceCurrencies.get('CLBD') ??
    firstEntryCurrency ??
    header.balanceCurrencies.values().next().value ??
    null;
  return statement;
}

/** Whether the text starts like an XML document (after a byte-order mark and white space). */
export function looksLikeXml(head: string): boolean {
  return /^\uFEFF?\s*</.test(head);
}

/**
 * Streams the events of a camt file: `format` first, then per record `statement` (its header),
 * its entries, and `end` with the final header. Throws StatementFormatError on anything it
 * cannot read; the caller stores nothing until the stream has ended without error.
 */
export async function* readCamtEvents(
  chunks: AsyncIterable<Uint8Array | string>,
  file: string,
): AsyncGenerator<StatementEvent> {
  const reader: CamtReader = new CamtReader(file);
  // No fileName for saxes: its messages then start with `line:column: `, which is cut off below
  // (the file is named by StatementFormatError).
  const parser = new SaxesParser({ xmlns: true, position: true });
  const pending: StatementEvent[] = [];
  /** Open elements; `counts` of the repeated (indexed) children so far, made at the first. */
  const stack: { name: string; counts: Map<string, number> | undefined; path: string }[] = [];
  let format: string | undefined;
  let messageName: string | undefined;
  let recordName: string | undefined;
  let records = 0;
  let header: RecordHeader | undefined;
  let firstEntryCurrency: string | undefined;
  let building: XmlNode | undefined;
  let buildingDepth = 0;
  let nodesInEntry = 0;
  let failure: unknown;
  /**
   * Ends the parse at the first problem: thrown out of `parser.write`, so that saxes reads no further
   * (its namespace lookup is linear in the depth, so a hostile file must not be read to its end).
   */
  const stop = (error: unknown): never => {
    failure ??= error;
    throw failure;
  };

  const announce = (): void => {
    if (header && !header.announced) {
      header.announced = true;
      if (!header.statement.id) reader.fail(`${header.path}/Id`, 'expected the element Id');
      pending.push({ kind: 'statement', statement: finishHeader(header, undefined) });
    }
  };

  // saxes never expands an entity a DTD declares (nor fetches one), but no bank sends a DTD: refused
  // at once, with a clearer message than the undefined entity that would follow.
  parser.on('doctype', () => {
    stop(
      new StatementFormatError(
        file,
        { line: parser.line },
        'a DOCTYPE declaration is not allowed in a camt file (no DTDs or entity declarations are read)',
      ),
    );
  });
  parser.on('opentag', (tag: SaxesTagNS) => {
    if (failure) return;
    try {
      const parent = stack[stack.length - 1];
      if (stack.length >= MAX_DEPTH) {
        reader.fail(
          `${parent?.path ?? ''}/${tag.local}`,
          `elements nested more than ${MAX_DEPTH} levels deep; this is no bank statement`,
        );
      }
      let segment = tag.local;
      if (parent && INDEXED.has(tag.local)) {
        parent.counts ??= new Map();
        const count = (parent.counts.get(tag.local) ?? 0) + 1;
        parent.counts.set(tag.local, count);
        segment = `${tag.local}[${count}]`;
      }
      const path = parent ? `${parent.path}/${segment}` : segment;
      const attributes = attributesOf(tag);
      if (!attributes) {
        reader.fail(
          path,
          `more than ${MAX_ATTRIBUTES} attributes or an attribute longer than ${MAX_TEXT_LENGTH} characters; this is no bank statement`,
        );
      }
      stack.push({ name: tag.local, counts: undefined, path });
      const depth = stack.length;

      if (depth === 1) {
        const match = CAMT_NAMESPACE.exec(tag.uri);
        if (tag.local !== 'Document' || !match) {
          reader.fail(
            path,
            `expected a camt Document in the namespace urn:iso:std:iso:20022:tech:xsd:camt.053.001.NN (or camt.052/camt.054), got <${tag.name}>${tag.uri ? ` in ${tag.uri}` : ' without a namespace'}`,
          );
        }
        const [, type = '', version = ''] = match;
        const number = Number(version);
        if (number < 2 || number > 13) {
          reader.fail(path, `expected camt version .001.02 to .001.13, got camt.${type}.001.${version}`);
        }
        format = `camt.${type}.001.${version}`;
        messageName = MESSAGES[type]?.message;
        recordName = MESSAGES[type]?.record;
        pending.push({ kind: 'format', format });
        return;
      }
      if (depth === 2) {
        if (tag.local !== messageName) reader.fail(path, `expected <${messageName}> under Document`);
        return;
      }
      if (depth === 3) {
        if (tag.local === recordName) {
          header = newHeader(path);
          records++;
        }
        return;
      }
      if (depth === 4 && header && !building) {
        if (tag.local === 'Ntry') announce();
        building = {
          name: tag.local,
          attributes,
          children: [],
          text: '',
          parent: undefined,
          path,
        };
        buildingDepth = depth;
        nodesInEntry = 1;
        return;
      }
      if (building) {
        // One entry is held in memory whole: a hostile file must not make it unbounded.
        if (++nodesInEntry > MAX_NODES_PER_ENTRY) {
          reader.fail(
            path,
            `more than ${MAX_NODES_PER_ENTRY} elements in one entry; this is no bank statement`,
          );
        }
        const node: XmlNode = {
          name: tag.local,
          attributes,
          children: [],
          text: '',
          parent: building,
          path,
        };
        building.children.push(node);
        building = node;
      }
    } catch (error) {
      stop(error);
    }
  });

  const appendText = (text: string): void => {
    if (!building || failure) return;
    building.text += text;
    if (building.text.length > MAX_TEXT_LENGTH) {
      stop(
        new StatementFormatError(
          file,
          { path: building.path },
          `more than ${MAX_TEXT_LENGTH} characters of text in one element; this is no bank statement`,
        ),
      );
    }
  };
  parser.on('text', appendText);
  parser.on('cdata', appendText);

  parser.on('closetag', () => {
    if (failure) return;
    try {
      const depth = stack.length;
      const closing = stack.pop();
      if (building) {
        if (depth === buildingDepth && header) {
          const node = building;
          building = undefined;
          if (node.name === 'Ntry') {
            const entry = reader.entry(node, header);
            firstEntryCurrency ??= entry.currency;
            pending.push({ kind: 'entry', entry });
          } else {
            reader.applyHeader(header, node);
          }
        } else {
          building = building.parent;
        }
        return;
      }
      if (depth === 3 && header && closing?.name === recordName) {
        announce();
        pending.push({ kind: 'end', statement: finishHeader(header, firstEntryCurrency) });
        header = undefined;
        firstEntryCurrency = undefined;
      }
    } catch (error) {
      stop(error);
    }
  });

  parser.on('error', (error) => {
    const inside = stack.at(-1)?.path;
    stop(
      new StatementFormatError(
        file,
        { line: parser.line, ...(inside ? { path: inside } : {}) },
        `not well-formed XML: ${error.message.replace(/^\d+:\d+: /, '').replace(/\.$/, '')}${inside ? ` (inside ${inside})` : ''}`,
      ),
    );
  });

  let decoder: InstanceType<typeof TextDecoder> | undefined;
  let head: Uint8Array = new Uint8Array(0);
  let empty = true;
  const write = (text: string): void => {
    if (empty && /\S/.test(text)) empty = false;
    try {
      parser.write(text);
    } catch (error) {
      throw failure ?? error;
    }
  };
  const drain = function* (): Generator<StatementEvent> {
    if (failure) throw failure;
    yield* pending;
    pending.length = 0;
  };
  for await (const chunk of chunks) {
    if (typeof chunk === 'string') write(chunk);
    else if (decoder) write(decoder.decode(chunk, { stream: true }));
    else {
      // Wait for the XML declaration to be complete (its first `>`) before choosing the decoder.
      head = concatBytes(head, chunk);
      if (head.length < 512 && !head.includes(0x3e)) continue;
      decoder = decoderFor(head, file);
      write(decoder.decode(head, { stream: true }));
    }
    yield* drain();
  }
  if (!decoder && head.length) {
    decoder = decoderFor(head, file);
    write(decoder.decode(head, { stream: true }));
  }
  write(decoder?.decode() ?? '');
  if (empty)
    throw new StatementFormatError(file, { line: 1 }, 'expected a camt XML document, the file is empty');
  try {
    parser.close();
  } catch (error) {
    throw failure ?? error;
  }
  yield* drain();
  if (records === 0) {
    throw new StatementFormatError(
      file,
      { path: `Document/${messageName}` },
      `expected at least one <${recordName}> (the file holds no ${recordName === 'Stmt' ? 'statement' : recordName === 'Rpt' ? 'report' : 'notification'})`,
    );
  }
}

/**
 * camt files are UTF-8 by the rules, but some banks write ISO-8859-1 and say so in the XML
 * declaration: decode as declared, so an umlaut in a name is not silently replaced.
 */
function decoderFor(head: Uint8Array, file: string): InstanceType<typeof TextDecoder> {
  const declaration = /^(?:\xEF\xBB\xBF)?\s*<\?xml\s[^>]*?encoding\s*=\s*["']([^"']+)["']/.exec(
    new TextDecoder('latin1').decode(head),
  );
  const label = declaration?.[1] ?? 'utf-8';
  try {
    return new TextDecoder(label);
  } catch {
    throw new StatementFormatError(
      file,
      { line: 1 },
      `expected UTF-8 or ISO-8859-1 XML, got the encoding "${label}"`,
    );
  }
}

function concatBytes(a: Uint8Array, b: Uint8Array): Uint8Array {
  const joined = new Uint8Array(a.length + b.length);
  joined.set(a);
  joined.set(b, a.length);
  return joined;
}

/** Shared by the elements without attributes (nearly all): never written to. */
const NO_ATTRIBUTES: Readonly<Record<string, string>> = Object.freeze({});

/**
 * The tag's attributes by local name, or null for more than camt could use (it uses one, `Ccy`, of a
 * few characters). Checked once the tag is complete: saxes reads attributes in time linear in their
 * number and length, so a hostile tag costs no more than its size.
 */
function attributesOf(tag: SaxesTagNS): Record<string, string> | null {
  let attributes: Record<string, string> | undefined;
  let count = 0;
  for (const name in tag.attributes) {
    const attribute = tag.attributes[name] as SaxesAttributeNS;
    if (++count > MAX_ATTRIBUTES || attribute.value.length > MAX_TEXT_LENGTH) return null;
    attributes ??= {};
    attributes[attribute.local] = attribute.value;
  }
  return attributes ?? NO_ATTRIBUTES;
}
