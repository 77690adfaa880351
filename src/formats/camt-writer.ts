/**
 * @module camt-writer
 * Writes a statement as camt.053.001.08, the format German banks deliver since November 2025.
 * Used for generated statements (the demo company's bank statement, the benchmark) and tests;
 * piece by piece, so 100,000 entries never form one string.
 *
 * @example
 * for (const piece of writeCamt053(statement, { messageId: 'DEMO-1', createdAt: '2026-11-24T08:00:00' })) out.write(piece);
 */
import { currencyExponent, minorToDecimalString } from '../domain/money.ts';
import type { BankStatement, StatementEntry, StatementTransaction } from './bank-statement.ts';

function escapeXml(text: string): string {
  return text.replace(/[<>&"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function element(name: string, value: string | null | undefined): string {
  return value === null || value === undefined ? '' : `<${name}>${escapeXml(value)}</${name}>`;
}

function amount(cents: number, currency: string): string {
  return `<Amt Ccy="${currency}">${minorToDecimalString(cents, currencyExponent(currency))}</Amt>`;
}

function balance(code: string, cents: number, currency: string, date: string): string {
  return (
    `<Bal><Tp><CdOrPrtry><Cd>${code}</Cd></CdOrPrtry></Tp>${amount(Math.abs(cents), currency)}` +
    `<CdtDbtInd>${cents < 0 ? 'DBIT' : 'CRDT'}</CdtDbtInd><Dt><Dt>${date}</Dt></Dt></Bal>`
  );
}

function transaction(entry: StatementEntry, t: StatementTransaction): string {
  // The other side of a payment received is its debtor; of a payment made, its creditor.
  const undoes = entry.reversal || t.returnReason !== null;
  const payerSide = (entry.direction === 'credit') !== undoes;
  const role = payerSide ? 'Dbtr' : 'Cdtr';
  const party =
    t.counterparty.name || t.counterparty.iban
      ? `<RltdPties>${t.counterparty.name ? `<${role}><Pty>${element('Nm', t.counterparty.name)}</Pty></${role}>` : ''}` +
        `${t.counterparty.iban ? `<${role}Acct><Id><IBAN>${t.counterparty.iban}</IBAN></Id></${role}Acct>` : ''}</RltdPties>`
      : '';
  const agent = t.counterparty.bic
    ? `<RltdAgts><${role}Agt><FinInstnId><BICFI>${t.counterparty.bic}</BICFI></FinInstnId></${role}Agt></RltdAgts>`
    : '';
  const remittance =
    t.remittance.length > 0 || t.creditorReference
      ? `<RmtInf>${t.remittance.map((line) => element('Ustrd', line)).join('')}` +
        (t.creditorReference
          ? `<Strd><CdtrRefInf><Tp><CdOrPrtry><Cd>SCOR</Cd></CdOrPrtry><Issr>ISO</Issr></Tp>${element('Ref', t.creditorReference)}</CdtrRefInf></Strd>`
          : '') +
        '</RmtInf>'
      : '';
  const charges =
    t.chargesCents !== null
      ? `<Chrgs><TtlChrgsAndTaxAmt Ccy="${t.currency}">${minorToDecimalString(t.chargesCents, 2)}</TtlChrgsAndTaxAmt></Chrgs>`
      : '';
  const instructed =
    t.originalAmountCents !== null
      ? `<AmtDtls><InstdAmt>${amount(t.originalAmountCents, t.currency)}</InstdAmt></AmtDtls>`
      : '';
  const returned = t.returnReason ? `<RtrInf><Rsn><Cd>${t.returnReason}</Cd></Rsn></RtrInf>` : '';
  return (
    `<TxDtls><Refs>${element('EndToEndId', t.endToEndId ?? 'NOTPROVIDED')}${element('MndtId', t.mandateId)}</Refs>` +
    `${t.amountCents !== null ? amount(t.amountCents, t.currency) : ''}<CdtDbtInd>${entry.direction === 'credit' ? 'CRDT' : 'DBIT'}</CdtDbtInd>` +
    `${instructed}${charges}${party}${agent}${remittance}${returned}</TxDtls>`
  );
}

function entryXml(entry: StatementEntry): string {
  return (
    `<Ntry>${amount(entry.amountCents, entry.currency)}<CdtDbtInd>${entry.direction === 'credit' ? 'CRDT' : 'DBIT'}</CdtDbtInd>` +
    `${entry.reversal ? '<RvslInd>true</RvslInd>' : ''}<Sts><Cd>${entry.status}</Cd></Sts>` +
    `<BookgDt><Dt>${entry.bookingDate}</Dt></BookgDt>${entry.valueDate ? `<ValDt><Dt>${entry.valueDate}</Dt></ValDt>` : ''}` +
    `${element('AcctSvcrRef', entry.bankReference)}` +
    `<BkTxCd>${entry.bankTransactionCode ? `<Prtry><Cd>${escapeXml(entry.bankTransactionCode)}</Cd></Prtry>` : ''}</BkTxCd>` +
    `<NtryDtls>${entry.transactions.map((t) => transaction(entry, t)).join('')}</NtryDtls>` +
    `${element('AddtlNtryInf', entry.bookingText)}</Ntry>\n`
  );
}

export interface WriteCamtOptions {
  messageId: string;
  /** Local date-time of creation, `YYYY-MM-DDTHH:MM:SS`. */
  createdAt: string;
}

export function* writeCamt053(
  statement: BankStatement,
  options: WriteCamtOptions,
  entries: Iterable<StatementEntry> = statement.entries,
): Generator<string> {
  const currency = statement.account.currency ?? 'EUR';
  const day = options.createdAt.slice(0, 10);
  yield (
    '<?xml version="1.0" encoding="UTF-8"?>\n' +
    '<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.08"><BkToCstmrStmt>' +
    `<GrpHdr>${element('MsgId', options.messageId)}${element('CreDtTm', options.createdAt)}</GrpHdr>` +
    `<Stmt>${element('Id', statement.id)}${element('ElctrncSeqNb', statement.sequenceNumber)}${element('CreDtTm', options.createdAt)}` +
    `<Acct><Id><IBAN>${statement.account.iban ?? ''}</IBAN></Id><Ccy>${currency}</Ccy></Acct>` +
    (statement.openingBalanceCents !== null
      ? balance('OPBD', statement.openingBalanceCents, currency, statement.fromDate ?? day)
      : '') +
    (statement.closingBalanceCents !== null
      ? balance('CLBD', statement.closingBalanceCents, currency, statement.toDate ?? day)
      : '') +
    '\n'
  );
  for (const entry of entries) yield entryXml(entry);
  yield '</Stmt></BkToCstmrStmt></Document>\n';
}
