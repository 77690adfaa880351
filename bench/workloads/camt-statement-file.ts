/**
 * @module camt-statement-file
 * Writes the W3 statement: a camt.053.001.08 of ENTRIES credits paying invoices of the shared data
 * set — 80 % with the RF creditor reference and the invoice number, 10 % with the number only, 10 %
 * naming nothing (left for review) — entry by entry through `writeCamt053`.
 */
import { createWriteStream } from 'node:fs';
import { creditorReferenceFor } from '../../src/domain/creditor-reference.ts';
import { addDays } from '../../src/domain/calendar-date.ts';
import { emptyTransaction, type StatementEntry } from '../../src/formats/bank-statement.ts';
import { writeCamt053 } from '../../src/formats/camt-writer.ts';
import { demoIban } from '../../src/services/demo-statement-service.ts';
import { mulberry32 } from '../../src/services/seeded-random.ts';
import { BENCH_TODAY, benchCustomer, benchInvoice, paidInvoiceOf } from '../bench-data.ts';

export const BENCH_ACCOUNT_IBAN = 'DE02120300000000202051';

/** The customer's own account: bank code 37040044, the customer's index as account number. */
function payerIban(customer: number): string {
  return demoIban(`37040044${String(customer).padStart(10, '0')}`);
}

function* paymentEntries(count: number, invoices: number): Generator<StatementEntry> {
  const random = mulberry32(3);
  for (let n = 0; n < count; n++) {
    const invoice = benchInvoice(paidInvoiceOf(n, invoices));
    const customer = benchCustomer(invoice.customer);
    const kind = random();
    const named = kind < 0.9;
    const cents = named ? invoice.grossCents : 1_000 + Math.floor(random() * 100_000);
    const day = addDays(BENCH_TODAY, -(n % 5));
    yield {
      bookingDate: day,
      valueDate: day,
      amountCents: cents,
      currency: 'EUR',
      direction: 'credit',
      reversal: false,
      status: 'BOOK',
      bankReference: `BREF${String(n).padStart(9, '0')}`,
      bankTransactionCode: 'NTRF+166',
      bookingText: 'GUTSCHRIFT',
      transactions: [
        {
          ...emptyTransaction(cents, 'EUR'),
          endToEndId: `E2E-${n}`,
          remittance: named ? [`Rechnung ${invoice.number} Kunde ${customer.number}`] : ['Zahlung Dezember'],
          creditorReference: kind < 0.8 ? creditorReferenceFor(invoice.number) : null,
          // Each payer pays from an account of its own (one shared IBAN made every payer a candidate).
          counterparty: { name: customer.name, iban: payerIban(invoice.customer), bic: 'COBADEFFXXX' },
        },
      ],
    };
  }
}

export async function writeCamtStatement(path: string, count: number, invoices: number): Promise<void> {
  const out = createWriteStream(path);
  const statement = {
    id: 'BENCH-W3',
    account: { iban: BENCH_ACCOUNT_IBAN, currency: 'EUR' },
    openingBalanceCents: 0,
    closingBalanceCents: null,
    entries: [],
    sequenceNumber: '1',
    fromDate: null,
    toDate: null,
  };
  for (const piece of writeCamt053(
    statement,
    { messageId: 'BENCH-W3', createdAt: `${BENCH_TODAY}T18:00:00` },
    paymentEntries(count, invoices),
  )) {
    if (!out.write(piece)) await new Promise<void>((resolve) => out.once('drain', () => resolve()));
  }
  await new Promise<void>((resolve) => out.end(() => resolve()));
}
