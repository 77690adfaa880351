import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { hasPoppler } from '../../test/support/poppler.ts';
import type { CalendarDate } from '../domain/calendar-date.ts';
import { parsePaymentTerms } from '../domain/payment-terms.ts';
import { describePaymentTerms } from '../domain/payment-terms-wording.ts';
import type { CompanyProfile } from '../services/company-service.ts';
import { type OrderConfirmationDocument, renderOrderConfirmationPdf } from './order-confirmation-pdf.ts';

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

const TERMS = parsePaymentTerms({ kind: 'net', days: 30, skonto: [{ percent: '2', days: 10 }] });

function confirmation(debtorKind: 'business' | 'consumer', language: 'de' | 'en'): OrderConfirmationDocument {
  return {
    company: COMPANY,
    customer: {
      number: 'K-7',
      name: 'Auftrag GmbH',
      address: { street: 'Hauptstraße 1', postalCode: '80331', city: 'München', country: 'DE' },
      language,
      vatId: null,
    },
    order: {
      number: 'AU000001',
      orderedOn: '2025-05-02' as CalendarDate,
      confirmedOn: '2025-05-03' as CalendarDate,
      deliveryDate: '2025-05-20' as CalendarDate,
      currency: 'EUR',
      notes: null,
    },
    lines: [
      {
        position: 1,
        description: 'Montage',
        quantityMilli: 2_500,
        unit: 'HUR',
        unitPriceCents: 8_000,
        vatRateBasisPoints: 1_900,
        netCents: 20_000,
      },
      {
        position: 2,
        description: 'Fachbuch',
        quantityMilli: 1_000,
        unit: 'C62',
        unitPriceCents: 3_990,
        vatRateBasisPoints: 700,
        netCents: 3_990,
      },
    ],
    terms: describePaymentTerms({
      terms: TERMS,
      debtorKind,
      language,
      obligationDate: '2025-05-02' as CalendarDate,
    }),
  };
}

describe.skipIf(!hasPoppler())('renderOrderConfirmationPdf', () => {
  const dir = mkdtempSync(join(tmpdir(), 'mahnwerk-order-confirmation-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const textOf = async (input: OrderConfirmationDocument, name: string): Promise<string> => {
    const file = join(dir, name);
    writeFileSync(file, await renderOrderConfirmationPdf(input));
    // Without -layout, paragraphs come out as running text (lines joined below).
    return execFileSync('pdftotext', ['-layout', file, '-']).toString();
  };
  const flat = (text: string) => text.replace(/\s+/g, ' ');

  it('confirms items, prices, VAT per rate, totals and the delivery date to a business, in German', async () => {
    const text = await textOf(confirmation('business', 'de'), 'business-de.pdf');
    expect(text).toMatch(/Auftragsbestätigung AU000001/);
    expect(text).toMatch(/Auftragsnr\.\s+AU000001/);
    expect(text).toMatch(/Liefertermin\s+20\.05\.2025/);
    expect(text).toMatch(/1\s+Montage\s+2,5 HUR\s+80,00\s€\s+19 %\s+200,00\s€/);
    expect(text).toMatch(/2\s+Fachbuch\s+1\s+39,90\s€\s+7 %\s+39,90\s€/);
    expect(text).toMatch(/Summe netto\s+239,90\s€/);
    // 200.00 × 19 % = 38.00; 39.90 × 7 % = 2.793 → 2.79.
    expect(text).toMatch(/Umsatzsteuer 19 % \(200,00\s€\)\s+38,00\s€/);
    expect(text).toMatch(/Umsatzsteuer 7 % \(39,90\s€\)\s+2,79\s€/);
    expect(text).toMatch(/Auftragssumme\s+280,69\s€/);
    const words = flat(text);
    expect(words).toContain('Zahlungsbedingungen');
    expect(words).toContain('Zahlbar innerhalb von 30 Tagen nach Rechnungsdatum ohne Abzug.');
    expect(words).toContain('gewähren wir 2 % Skonto');
    expect(words).toContain('9 Prozentpunkten über dem jeweiligen Basiszinssatz (§ 288 Abs. 2 BGB)');
    expect(words).toMatch(/Verzugspauschale von 40,00\s€ \(§ 288 Abs\. 5 BGB\)/);
  });

  it('tells a consumer of the 30-day default and 5 points, without the flat fee', async () => {
    const words = flat(await textOf(confirmation('consumer', 'de'), 'consumer-de.pdf'));
    expect(words).toContain('spätestens 30 Tage nach Fälligkeit und Zugang der Rechnung in Verzug');
    expect(words).toContain('5 Prozentpunkten über dem jeweiligen Basiszinssatz (§ 288 Abs. 1 BGB)');
    expect(words).not.toContain('Verzugspauschale');
  });

  it('writes in English to an English-speaking customer, and says when no delivery date is set', async () => {
    const input = confirmation('business', 'en');
    const text = await textOf({ ...input, order: { ...input.order, deliveryDate: null } }, 'business-en.pdf');
    expect(text).toMatch(/Order confirmation AU000001/);
    expect(text).toMatch(/Order total\s+€280\.69/);
    const words = flat(text);
    expect(words).toContain('We will let you know the delivery date separately.');
    expect(words).toContain('Payable within 30 days of the invoice date, without deduction.');
    expect(words).toMatch(/flat fee of €40\.00 \(§ 288 \(5\) BGB\)/);
  });
});
