/**
 * @module mt940-file
 * Generates an MT940 file as German banks deliver it: statements of up to 500 SEPA credits, each
 * `:61:` with a `:86:` of ?-subfields (GVC 166, EREF, SVWZ, BIC, IBAN, name) wrapped at 65
 * characters, CRLF line ends, balances that add up. Deterministic; the payments name invoices of
 * the benchmark's data set.
 */
import { closeSync, openSync, writeSync } from 'node:fs';
import { addDays, type CalendarDate } from '../src/domain/calendar-date.ts';
import { transliterateGerman } from '../src/domain/transliterate-german.ts';
import { BENCH_TODAY, benchCustomer, benchInvoice, paidInvoiceOf } from './bench-data.ts';

const PER_STATEMENT = 500;

const yymmdd = (d: CalendarDate) => `${d.slice(2, 4)}${d.slice(5, 7)}${d.slice(8, 10)}`;
const amount = (cents: number) => `${Math.floor(cents / 100)},${String(cents % 100).padStart(2, '0')}`;

/** A tag's text cut into lines of at most 65 characters, as SWIFT requires. */
function wrap(text: string): string[] {
  const lines = [];
  for (let i = 0; i < text.length; i += 65) lines.push(text.slice(i, i + 65));
  return lines;
}

/** The file statement by statement, each a string with its CRLF line ends. */
function* mt940Statements(transactions: number, invoices: number): Generator<string> {
  let balance = 0;
  let n = 0;
  for (let s = 0; n < transactions; s++) {
    const lines: string[] = [];
    const day = addDays(BENCH_TODAY, -Math.floor((transactions - n) / PER_STATEMENT));
    lines.push(
      '{1:F01COBADEFFAXXX0000000000}{2:I940COBADEFFXXXXN}{4:',
      `:20:STARTUMSE${s}`,
      ':25:10020030/0123456789',
      `:28C:${String(s + 1).padStart(5, '0')}/001`,
      `:60F:C${yymmdd(day)}EUR${amount(balance)}`,
    );
    for (let k = 0; k < PER_STATEMENT && n < transactions; k++, n++) {
      const invoice = benchInvoice(paidInvoiceOf(n, invoices));
      const customer = benchCustomer(invoice.customer);
      balance += invoice.grossCents;
      lines.push(`:61:${yymmdd(day)}${yymmdd(day).slice(2)}C${amount(invoice.grossCents)}NTRFNONREF//B${n}`);
      const details =
        `166?00GUTSCHRIFT?109310?20EREF+E2E-${n}?21SVWZ+Rechnung ${invoice.number}?22Kunde ${customer.number}` +
        `?30COBADEFFXXX?31DE89370400440532013000?32${transliterateGerman(customer.name).slice(0, 27)}`;
      const [first = '', ...rest] = wrap(details);
      lines.push(`:86:${first}`, ...rest);
    }
    lines.push(`:62F:C${yymmdd(day)}EUR${amount(balance)}`, '-}');
    yield `${lines.join('\r\n')}\r\n`;
  }
}

export function mt940Text(transactions: number, invoices: number): string {
  return [...mt940Statements(transactions, invoices)].join('');
}

/** Writes the file statement by statement, so that the benchmark's process never holds it whole; returns its size in bytes. */
export function writeMt940File(path: string, transactions: number, invoices: number): number {
  const fd = openSync(path, 'w');
  let bytes = 0;
  try {
    for (const text of mt940Statements(transactions, invoices)) bytes += writeSync(fd, text, null, 'latin1');
  } finally {
    closeSync(fd);
  }
  return bytes;
}
