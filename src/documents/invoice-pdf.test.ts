import { hasPoppler } from '../../test/support/poppler.ts';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { CalendarDate } from '../domain/calendar-date.ts';
import type { CompanyProfile } from '../services/company-service.ts';
import { type RenderInvoicePdfInput, renderInvoicePdf } from './invoice-pdf.ts';

const COMPANY: CompanyProfile = {
  name: 'Mahnwerk Test GmbH',
  address: { street: 'Friedrichstraße 100', postalCode: '10117', city: 'Berlin', country: 'DE' },
  phone: null,
  email: null,
  website: null,
  vatId: 'DE123456789',
  taxNumber: null,
  register: null,
  managingDirectors: null,
  state: 'BE',
  creditorId: null,
  bank: { iban: 'DE89370400440532013000', bic: 'COBADEFFXXX', bankName: null },
};

/** An invoice imported from a Factur-X MINIMUM e-invoice: totals, no lines. */
const SUMMARY: RenderInvoicePdfInput = {
  company: COMPANY,
  invoice: {
    number: 'MIN-2025-7',
    issuedOn: '2025-03-01' as CalendarDate,
    deliveredOn: null,
    dueDate: '2025-03-15' as CalendarDate,
    currency: 'EUR',
    netCents: 300_00,
    vatCents: 45_00,
    grossCents: 345_00,
    thirtyDayNotice: false,
  },
  lines: [],
  customer: { number: 'K00001', name: 'Kunde AG', address: null, language: 'de', vatId: null },
  openCents: 345_00,
  skonto: [],
};

describe.skipIf(!hasPoppler())('renderInvoicePdf', () => {
  const dir = mkdtempSync(join(tmpdir(), 'mahnwerk-invoice-pdf-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const textOf = async (input: RenderInvoicePdfInput, name: string): Promise<string> => {
    const file = join(dir, name);
    writeFileSync(file, await renderInvoicePdf(input));
    return execFileSync('pdftotext', ['-layout', file, '-']).toString();
  };

  it('prints an invoice without lines with one row saying so, carrying the net, and the stored totals', async () => {
    const text = await textOf(SUMMARY, 'summary-de.pdf');
    expect(text).toMatch(/Lieferungen und Leistungen laut Rechnung \(ohne Einzelpositionen\)\s+300,00 €\n/);
    expect(text).toMatch(/Summe netto\s+300,00 €/);
    expect(text).toMatch(/Umsatzsteuer\s+45,00 €/);
    expect(text).toMatch(/Rechnungsbetrag\s+345,00 €/);
    const english = await textOf(
      { ...SUMMARY, customer: { ...SUMMARY.customer, language: 'en' } },
      'summary-en.pdf',
    );
    expect(english).toMatch(/Goods and services as invoiced \(no line items\)\s+€300\.00/);
  });

  it('warns that default follows 30 days after due date and receipt when the invoice carries that notice', async () => {
    const consumer = { ...SUMMARY.customer, name: 'Erika Mustermann' };
    const warned = await textOf(
      { ...SUMMARY, customer: consumer, invoice: { ...SUMMARY.invoice, thirtyDayNotice: true } },
      'thirty-days-de.pdf',
    );
    // pdftotext keeps the payment block's lines; join them to read the sentence.
    expect(warned.replace(/\s+/g, ' ')).toContain(
      'spätestens 30 Tage nach Fälligkeit und Zugang der Rechnung in Verzug, auch ohne Mahnung (§ 286 Abs. 3 BGB)',
    );
    expect(
      (await textOf({ ...SUMMARY, customer: consumer }, 'no-notice-de.pdf')).replace(/\s+/g, ' '),
    ).not.toContain('§ 286 Abs. 3');
  });
});
