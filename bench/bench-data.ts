/**
 * @module bench-data
 * The benchmark's data set, deterministic and computed from an index rather than stored: invoice
 * `i` belongs to customer `i / 10`, and every figure of it comes from a generator seeded with `i`,
 * so the camt.053 and MT940 generators can pay invoice `i` without holding the whole set in memory.
 * About 30 % of the invoices are overdue on BENCH_TODAY.
 */
import { addDays, type CalendarDate } from '../src/domain/calendar-date.ts';
import { mulberry32 } from '../src/services/seeded-random.ts';

export const BENCH_TODAY = '2026-11-24' as CalendarDate;
export const INVOICES_PER_CUSTOMER = 10;

export interface BenchCustomer {
  number: string;
  name: string;
  debtorKind: 'business' | 'consumer';
  email: string;
}

export interface BenchInvoice {
  number: string;
  customer: number;
  invoiceDate: CalendarDate;
  dueDate: CalendarDate;
  grossCents: number;
  netCents: number;
  vatCents: number;
}

const PAYMENT_DAYS = [30, 60, 90, 120];
const SURNAMES = ['Müller', 'Schmidt', 'Schneider', 'Fischer', 'Weber', 'Meyer', 'Wagner', 'Becker'];
const CITIES = ['Berlin', 'Hamburg', 'München', 'Köln', 'Frankfurt', 'Stuttgart', 'Düsseldorf', 'Leipzig'];

export function benchCustomer(c: number): BenchCustomer {
  const random = mulberry32(0x5eed ^ (c * 2654435761));
  const business = random() < 0.8;
  const surname = SURNAMES[Math.floor(random() * SURNAMES.length)] as string;
  const city = CITIES[Math.floor(random() * CITIES.length)] as string;
  return {
    number: `K${String(c + 1).padStart(7, '0')}`,
    name: business ? `${surname} ${city} GmbH ${c + 1}` : `Erika ${surname} ${c + 1}`,
    debtorKind: business ? 'business' : 'consumer',
    email: `buchhaltung${c + 1}@kunde.example`,
  };
}

export function benchInvoice(i: number): BenchInvoice {
  const random = mulberry32(0xb37c ^ (i * 2246822519));
  // Issued 0–99 days ago, due 30/60/90/120 days later: 29 % overdue on BENCH_TODAY.
  const invoiceDate = addDays(BENCH_TODAY, -Math.floor(random() * 100));
  const dueDate = addDays(invoiceDate, PAYMENT_DAYS[Math.floor(random() * 4)] as number);
  const grossCents = 1_000 + Math.floor(random() * 500_000);
  const netCents = Math.round(grossCents / 1.19);
  return {
    number: `RE${String(i + 1).padStart(8, '0')}`,
    customer: Math.floor(i / INVOICES_PER_CUSTOMER),
    invoiceDate,
    dueDate,
    grossCents,
    netCents,
    vatCents: grossCents - netCents,
  };
}

const germanDate = (d: CalendarDate) => `${d.slice(8, 10)}.${d.slice(5, 7)}.${d.slice(0, 4)}`;
const germanAmount = (cents: number) => `${Math.floor(cents / 100)},${String(cents % 100).padStart(2, '0')}`;

export const INVOICE_CSV_HEADER =
  'Rechnungsnummer;Kundennummer;Kundenname;Kundenart;Rechnungsdatum;Fälligkeit;Brutto;Netto;MwSt;E-Mail';

/** One CSV line of invoice `i`, as an accounting export writes it (German dates and decimal commas). */
export function invoiceCsvLine(i: number): string {
  const invoice = benchInvoice(i);
  const customer = benchCustomer(invoice.customer);
  return [
    invoice.number,
    customer.number,
    customer.name,
    customer.debtorKind === 'business' ? 'gewerblich' : 'privat',
    germanDate(invoice.invoiceDate),
    germanDate(invoice.dueDate),
    germanAmount(invoice.grossCents),
    germanAmount(invoice.netCents),
    germanAmount(invoice.vatCents),
    customer.email,
  ].join(';');
}

/** The invoice CSV of `count` invoices (for count / 10 customers), UTF-8. */
export function invoiceCsv(count: number): Buffer {
  const lines = [INVOICE_CSV_HEADER];
  for (let i = 0; i < count; i++) lines.push(invoiceCsvLine(i));
  return Buffer.from(`${lines.join('\n')}\n`, 'utf8');
}

/** Which invoice the `n`-th payment of a generated statement pays: one invoice of customer `n`. */
export function paidInvoiceOf(n: number, invoices: number): number {
  return (n * INVOICES_PER_CUSTOMER + (n % INVOICES_PER_CUSTOMER)) % invoices;
}
