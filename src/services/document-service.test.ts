import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import jsqrModule from 'jsqr';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  newTenantContext,
  openTestDatabase,
  TEST_DATABASE_KINDS,
  type TestDatabase,
} from '../../test/support/test-database.ts';
import { creditorReferenceFor } from '../domain/creditor-reference.ts';
import { updateCompanyProfile, getCompanyProfile } from './company-service.ts';
import { createCustomer } from './customer-service.ts';
import { invoicePdf } from './document-service.ts';
import { createInvoice } from './invoice-service.ts';
import type { ServiceContext } from './service-context.ts';

/** Whether poppler's tools are installed (CI installs them): then the PDF is rasterised and read back. */
function hasPoppler(): boolean {
  try {
    execFileSync('pdftoppm', ['-v'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

const jsQR = jsqrModule.default;

describe.each(TEST_DATABASE_KINDS)('invoice documents on %s', (kind) => {
  let database: TestDatabase;
  let dir: string;
  beforeAll(async () => {
    database = await openTestDatabase(kind);
    dir = mkdtempSync(join(tmpdir(), 'mahnwerk-documents-'));
  }, 60_000);
  afterAll(async () => {
    await database?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  async function company(): Promise<ServiceContext> {
    const ctx = await newTenantContext(database);
    await updateCompanyProfile(ctx, {
      name: 'Mahnwerk Test GmbH',
      address: { street: 'Friedrichstraße 100', postalCode: '10117', city: 'Berlin', country: 'DE' },
      vatId: 'DE123456789',
      register: 'Amtsgericht Berlin-Charlottenburg HRB 123456',
      managingDirectors: 'Erika Muster',
      bank: { iban: 'DE89 3704 0044 0532 0130 00', bic: 'COBADEFFXXX', bankName: 'Commerzbank' },
    });
    await createCustomer(ctx, {
      number: 'K-1',
      name: 'Müller Maschinenbau GmbH',
      debtorKind: 'business',
      address: { street: 'Hauptstraße 5', postalCode: '80331', city: 'München', country: 'DE' },
    });
    await createInvoice(ctx, {
      customerNumber: 'K-1',
      number: 'RE-2026-0815',
      issuedOn: '2026-11-02',
      paymentTerms: { kind: 'net', days: 30, skonto: [{ percent: '2', days: 10 }] },
      lines: [
        {
          description: 'Wartung Fräsmaschine, 4 Stunden',
          quantity: '4',
          unitPrice: '95.00',
          vatRatePercent: '19',
        },
        { description: 'Fachbuch Zerspanung', quantity: '1', unitPrice: '49.90', vatRatePercent: '7' },
      ],
    });
    return ctx;
  }

  it('keeps the company details, and refuses an IBAN with wrong check digits', async () => {
    const ctx = await company();
    expect((await getCompanyProfile(ctx)).bank).toEqual({
      iban: 'DE89370400440532013000',
      bic: 'COBADEFFXXX',
      bankName: 'Commerzbank',
    });
    await expect(
      updateCompanyProfile(ctx, { bank: { iban: 'DE89370400440532013001', bic: null, bankName: null } }),
    ).rejects.toThrow(/IBAN with valid check digits/);
  });

  it('renders the invoice as a PDF', async () => {
    const ctx = await company();
    const pdf = await invoicePdf(ctx, 'RE-2026-0815');
    expect(Buffer.from(pdf.subarray(0, 5)).toString()).toBe('%PDF-');
    await expect(invoicePdf(ctx, 'RE-404')).rejects.toThrow(/invoice RE-404 not found/);
  });

  // CI (MAHNWERK_REQUIRE_SERVICES=1) installs poppler and must not skip this.
  it.skipIf(!hasPoppler() && process.env.MAHNWERK_REQUIRE_SERVICES !== '1')(
    'prints amounts, terms and the RF reference, and its QR code pays the open amount to the company',
    async () => {
      const ctx = await company();
      const file = join(dir, `invoice-${kind}.pdf`);
      writeFileSync(file, await invoicePdf(ctx, 'RE-2026-0815'));
      const text = execFileSync('pdftotext', ['-layout', file, '-']).toString();
      // 4 × 95.00 + 49.90 = 429.90 net; 19 % of 380.00 = 72.20, 7 % of 49.90 = 3.49; 505.59 gross.
      expect(text).toMatch(/Rechnung RE-2026-0815/);
      expect(text).toMatch(/Summe netto\s+429,90 €/);
      expect(text).toMatch(/Umsatzsteuer 19 % \(380,00 €\)\s+72,20 €/);
      expect(text).toMatch(/Umsatzsteuer 7 % \(49,90 €\)\s+3,49 €/);
      expect(text).toMatch(/Rechnungsbetrag\s+505,59 €/);
      expect(text).toMatch(/bis zum 02\.12\.2026/);
      // Without -layout, pdftotext keeps each block (a paragraph, a footer column) together.
      const flowing = execFileSync('pdftotext', [file, '-']).toString().replace(/\s+/g, ' ');
      expect(flowing).toMatch(/Liefer- und Leistungsdatum entspricht dem Rechnungsdatum/);
      // 2 % of 505.59 = 10.11 (half-up), payable 495.48 until 12 Nov.
      expect(flowing).toMatch(
        /Bei Zahlung bis zum 12\.11\.2026 gewähren wir 2 % Skonto \(10,11 €\); Sie zahlen dann 495,48 €/,
      );
      const reference = creditorReferenceFor('RE-2026-0815');
      expect(text.replace(/\s+/g, '')).toContain(reference);
      expect(flowing).toMatch(/Amtsgericht Berlin-Charlottenburg HRB 123456/);

      execFileSync('pdftoppm', ['-png', '-r', '200', '-f', '1', '-l', '1', file, join(dir, `page-${kind}`)]);
      const require = createRequire(import.meta.url);
      const { PNG } = require('pngjs') as {
        PNG: { sync: { read(b: Buffer): { width: number; height: number; data: Buffer } } };
      };
      const png = PNG.sync.read(readFileSync(join(dir, `page-${kind}-1.png`)));
      const decoded = jsQR(new Uint8ClampedArray(png.data), png.width, png.height);
      expect(decoded?.data.split('\n')).toEqual([
        'BCD',
        '002',
        '1',
        'SCT',
        'COBADEFFXXX',
        'Mahnwerk Test GmbH',
        'DE89370400440532013000',
        'EUR505.59',
        '',
        reference,
      ]);
    },
    60_000,
  );
});
