import { execFileSync } from 'node:child_process';
import { hasPoppler } from '../../test/support/poppler.ts';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import jsqrModule from 'jsqr';
import { createHash } from 'node:crypto';
import { findArchivedDocument } from '../db/document-archive-repository.ts';
import { readEvents } from '../db/event-store.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  newTenantContext,
  openTestDatabase,
  TEST_DATABASE_KINDS,
  type TestDatabase,
} from '../../test/support/test-database.ts';
import type { CalendarDate } from '../domain/calendar-date.ts';
import { creditorReferenceFor } from '../domain/creditor-reference.ts';
import { updateCompanyProfile, getCompanyProfile } from './company-service.ts';
import { createCustomer } from './customer-service.ts';
import { invoicePdf, noticePdf, runLettersPdf } from './document-service.ts';
import { runDunning } from './dunning-run-service.ts';
import { approveNotices, listNotices } from './notice-service.ts';
import { getTemplate, saveTemplate } from './template-service.ts';
import { PDFDocument } from 'pdf-lib';
import { and, eq } from 'drizzle-orm';
import { noticeItems } from '../db/schema.ts';
import { createInvoice } from './invoice-service.ts';
import type { ServiceContext } from './service-context.ts';

/** Whether poppler's tools are installed (CI installs them): then the PDF is rasterised and read back. */

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
    // A number too long for an RF reference (more than 21 letters and digits) goes into the QR code as text.
    await createInvoice(ctx, {
      customerNumber: 'K-1',
      number: 'AR-2025-KD4711-PROJ0815-0001',
      issuedOn: '2026-11-02',
      lines: [{ description: 'Projekt', unitPrice: '10.00' }],
    });
    const long = await invoicePdf(ctx, 'AR-2025-KD4711-PROJ0815-0001');
    expect(Buffer.from(long.subarray(0, 5)).toString()).toBe('%PDF-');
  });

  // CI (MAHNWERK_REQUIRE_SERVICES=1) installs poppler and must not skip this.
  it.skipIf(!hasPoppler())(
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

  it.skipIf(!hasPoppler())(
    'writes names beyond Latin-1 (embedded font) in a PDF/A-3b file',
    async () => {
      const ctx = await company();
      await createCustomer(ctx, {
        number: 'K-PL',
        name: 'Łódzka Spółdzielnia Ștefănescu',
        debtorKind: 'business',
        address: { street: 'ul. Piotrkowska 12', postalCode: '90-001', city: 'Łódź', country: 'PL' },
      });
      await createInvoice(ctx, {
        customerNumber: 'K-PL',
        number: 'RE-PL-1',
        issuedOn: '2026-11-02',
        lines: [{ description: 'Šroubovák – Größe 2', unitPrice: '10.00' }],
      });
      const file = join(dir, `invoice-pl-${kind}.pdf`);
      writeFileSync(file, await invoicePdf(ctx, 'RE-PL-1'));
      const text = execFileSync('pdftotext', [file, '-']).toString();
      expect(text).toContain('Łódzka Spółdzielnia Ștefănescu');
      expect(text).toContain('Šroubovák – Größe 2');
      const fonts = execFileSync('pdffonts', [file]).toString().trim().split('\n').slice(2);
      expect(fonts.length).toBeGreaterThan(0);
      for (const font of fonts) expect(font).toMatch(/Arimo.*\byes\s+yes\s+yes\b/);
      expect(execFileSync('pdfinfo', ['-meta', file]).toString()).toMatch(/<pdfaid:part>3</);
    },
    60_000,
  );

  it('writes dunning letters with the stage wording, the statement of claims and the interest explained', async () => {
    const ctx = await company();
    // Due 2 Dec 2026; payment reminder on 9 Dec, then the first Mahnung (letter and e-mail) on 23 Dec.
    await runDunning(ctx, database, { date: '2026-12-09' as CalendarDate });
    await approveNotices(ctx, { all: true });
    const run = await runDunning(ctx, database, { date: '2026-12-23' as CalendarDate });
    const [notice] = await listNotices(ctx, 'proposed');
    expect(notice?.stageKey).toBe('first-dunning');
    const pdf = await noticePdf(ctx, notice!.id);
    expect(Buffer.from(pdf.subarray(0, 5)).toString()).toBe('%PDF-');
    // Proposals are not printed; approved letters are.
    expect((await runLettersPdf(ctx, run.runId as number)).letters).toBe(0);
    await approveNotices(ctx, { all: true });
    const printed = await runLettersPdf(ctx, run.runId as number);
    expect(printed.letters).toBe(1);
    expect((await PDFDocument.load(printed.pdf)).getPageCount()).toBeGreaterThanOrEqual(1);
    await expect(noticePdf(ctx, 999_999)).rejects.toThrow(/notice 999999 not found/);

    if (!hasPoppler()) return;
    const file = join(dir, `notice-${kind}.pdf`);
    writeFileSync(file, pdf);
    const flowing = execFileSync('pdftotext', [file, '-']).toString().replace(/\s+/g, ' ');
    expect(flowing).toMatch(/1\. Mahnung/);
    expect(flowing).toMatch(/RE-2026-0815/);
    expect(flowing).toMatch(/Verzugspauschale \(§ 288 Abs\. 5 BGB\)/);
    expect(flowing).toMatch(/Verzugszinsen \(§ 288 BGB\) RE-2026-0815: \d+,\d+ % p\. a\./);
    expect(flowing).toContain(`Gesamtbetrag`);
  }, 60_000);

  it('joins invoices at different stages in one letter, names each invoice’s stage, and keeps each invoice’s history', async () => {
    const ctx = await company();
    await createInvoice(ctx, {
      customerNumber: 'K-1',
      number: 'RE-2026-0901',
      issuedOn: '2026-11-16',
      paymentTerms: { kind: 'net', days: 30 },
      lines: [{ description: 'Ersatzteile', unitPrice: '200.00', vatRatePercent: '19' }],
    });
    // 9 Dec: RE-0815 is due for its payment reminder; RE-0901's reminder before the due date is not sent beside it.
    const first = await runDunning(ctx, database, { date: '2026-12-09' as CalendarDate });
    expect([first.notices, first.heldBack['beside-overdue-notice']]).toEqual([1, 1]);
    await approveNotices(ctx, { all: true });
    // 23 Dec: RE-0815 reaches the 1st Mahnung, RE-0901 (due 16 Dec) its payment reminder: one letter.
    const second = await runDunning(ctx, database, { date: '2026-12-23' as CalendarDate });
    expect(second.notices).toBe(1);
    const [notice] = await listNotices(ctx, 'proposed');
    expect(notice?.stageKey).toBe('first-dunning');
    await approveNotices(ctx, { all: true });
    // 6 Jan: each moves one stage on from its own: 2nd Mahnung and 1st Mahnung, again one letter.
    await runDunning(ctx, database, { date: '2027-01-06' as CalendarDate });
    const [third] = await listNotices(ctx, 'proposed');
    expect(third?.stageKey).toBe('second-dunning');
    const items = await ctx.db
      .select({ invoiceId: noticeItems.invoiceId, stageKey: noticeItems.stageKey })
      .from(noticeItems)
      .where(and(eq(noticeItems.tenantId, ctx.tenantId), eq(noticeItems.noticeId, third!.id)));
    expect(items.map((i) => i.stageKey).sort()).toEqual(['first-dunning', 'second-dunning']);

    if (!hasPoppler()) return;
    const file = join(dir, `consolidated-${kind}.pdf`);
    writeFileSync(file, await noticePdf(ctx, notice!.id));
    const flowing = execFileSync('pdftotext', [file, '-']).toString().replace(/\s+/g, ' ');
    expect(flowing).toContain(
      'Mahnstufe je Rechnung: RE-2026-0815: 1. Mahnung · RE-2026-0901: Zahlungserinnerung',
    );
    // RE-0901 had no payment reminder before: the letter must not say every claim had one.
    expect(flowing).not.toMatch(/trotz unserer Zahlungserinnerung/);
    expect(flowing).toMatch(/die unten aufgeführten Forderungen sind fällig und weiterhin offen/);
  }, 60_000);

  it('archives a letter when it first leaves and returns those bytes ever after; proposals stay previews', async () => {
    const ctx = await company();
    await runDunning(ctx, database, { date: '2026-12-09' as CalendarDate });
    const [proposed] = await listNotices(ctx, 'proposed');
    const preview = await noticePdf(ctx, proposed!.id);
    expect(await findArchivedDocument(ctx.db, ctx.tenantId, 'notice', proposed!.id)).toBeUndefined();
    await approveNotices(ctx, { all: true });
    const sent = await noticePdf(ctx, proposed!.id);
    expect(Buffer.from(sent).equals(Buffer.from(preview))).toBe(false); // rendered again, then kept
    const archived = await findArchivedDocument(ctx.db, ctx.tenantId, 'notice', proposed!.id);
    expect(archived?.sha256).toBe(createHash('sha256').update(sent).digest('hex'));
    // The letterhead changes later: the letter as sent does not.
    await updateCompanyProfile(ctx, { name: 'Umbenannt AG' });
    expect(Buffer.from(await noticePdf(ctx, proposed!.id)).equals(Buffer.from(sent))).toBe(true);
    const events = (await readEvents(ctx.db, ctx.tenantId, 0, 10_000)).filter(
      (e) => e.type === 'document.archived',
    );
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      entityType: 'notice',
      entityId: String(proposed!.id),
      payload: { sha256: archived?.sha256, bytes: sent.byteLength, mimeType: 'application/pdf' },
    });
  }, 60_000);

  it('saves a template only when every placeholder is known, and uses it in the letter', async () => {
    const ctx = await company();
    await expect(
      saveTemplate(ctx, 'first-dunning', 'de', {
        subject: 'Mahnung',
        body: 'Bitte zahlen Sie bis {{frist}}.',
      }),
    ).rejects.toThrow(/unknown placeholder \{\{frist\}\}/);
    await saveTemplate(ctx, 'first-dunning', 'de', {
      subject: 'Mahnung für {{customerName}}',
      body: 'Bitte zahlen Sie {{total}} bis {{deadline}}.\n\n{{claims}}\n\nGruß {{companyName}}',
    });
    const stored = await getTemplate(ctx, 'first-dunning', 'de');
    expect(stored).toMatchObject({ custom: true, subject: 'Mahnung für {{customerName}}' });
    expect((await getTemplate(ctx, 'first-dunning', 'en')).custom).toBe(false);
  });
});
