/**
 * SEPA direct debit and court dunning in the browser, against the real server process on a fresh
 * embedded database. The company's address, bank account and creditor id are entered in the
 * settings as a user would. A business customer's signed mandate is recorded from its page (a
 * bad IBAN first, refused at its field); the direct debits for a Saturday are exported, the file
 * downloads as pain.008.001.08 and the page shows its summary with the warnings (no TARGET2 day,
 * an invoice too recent for the pre-notification); the list of exports downloads it again; a
 * second export finds nothing due; revoking the mandate names the collections to recall. Then the
 * Mahnbescheid preview of a customer in default names the central dunning court of the company's
 * seat, its claims and the one left out, and the PDF export is recorded on the timeline.
 * Screenshots go to $MAHNWERK_SCREENSHOTS (default: a temp folder).
 */
import { mkdirSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Download, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  dayFromToday,
  hasChromium,
  launchChromium,
  logInAsAdmin,
  type RunningServer,
  startServer,
} from '../support/browser.ts';

/** The first Saturday at least three days ahead: no TARGET2 day, and after every invoice's due date. */
function nextSaturday(): string {
  for (let days = 3; ; days += 1) {
    const date = new Date();
    date.setDate(date.getDate() + days);
    if (date.getDay() === 6) return date.toLocaleDateString('sv-SE');
  }
}

const euros = (cents: number) => (cents / 100).toLocaleString('de-DE', { minimumFractionDigits: 2 });

async function downloaded(download: Download): Promise<string> {
  const path = await download.path();
  return readFileSync(path, 'utf8');
}

describe.skipIf(!hasChromium)('SEPA direct debits and the Mahnbescheid in the browser', () => {
  let server: RunningServer;
  let browser: Browser;
  let page: Page;
  let debtorId: number;
  let defaulterId: number;
  let messageId: string;
  let exportedXml: string;
  const shots = process.env.MAHNWERK_SCREENSHOTS ?? mkdtempSync(join(tmpdir(), 'mahnwerk-shots-'));
  const shot = (name: string) => page.screenshot({ path: join(shots, `${name}.png`), fullPage: true });
  const collectionDate = nextSaturday();

  beforeAll(async () => {
    mkdirSync(shots, { recursive: true });
    server = await startServer();
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1366, height: 900 }, acceptDownloads: true });
    const { post } = await logInAsAdmin(page, server.url);
    const invoice = (
      customerNumber: string,
      number: string,
      issuedDaysAgo: number,
      days: number,
      price: string,
    ) =>
      post('/api/invoices', {
        customerNumber,
        number,
        issuedOn: dayFromToday(-issuedDaysAgo),
        paymentTerms: { kind: 'net', days },
        lines: [{ description: 'Wartungsvertrag', unitPrice: price, vatRatePercent: '19' }],
      });
    debtorId = (
      await post('/api/customers', {
        number: 'K-300',
        name: 'Lastschrift Technik GmbH',
        debtorKind: 'business',
      })
    ).id;
    await invoice('K-300', 'RE-300', 40, 14, '1000.00');
    // Issued five days ago, due before the collection: less than 14 days' pre-notification.
    await invoice('K-300', 'RE-301', 5, 7, '250.00');
    defaulterId = (
      await post('/api/customers', {
        number: 'K-310',
        name: 'Säumig Handel GmbH',
        debtorKind: 'business',
        address: { street: 'Hauptstraße 1', postalCode: '20095', city: 'Hamburg', country: 'DE' },
      })
    ).id;
    await invoice('K-310', 'RE-310', 90, 14, '2000.00');
    // Due ten days ago: a business debtor is in default only 30 days after due date and receipt.
    await invoice('K-310', 'RE-311', 40, 30, '300.00');
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('takes the company’s address, bank account and creditor id in the settings', async () => {
    await page.getByTestId('nav-settings').click();
    const form = page.getByTestId('company-form');
    await form.waitFor();
    const fill = (name: string, value: string) => form.locator(`input[name=${name}]`).fill(value);
    await fill('name', 'Musterwerk Bürotechnik GmbH');
    await fill('street', 'Friedrichstraße 123');
    await fill('postalCode', '10117');
    await fill('city', 'Berlin');
    await fill('country', 'DE');
    await fill('managingDirectors', 'Anna Muster');
    await fill('creditorId', 'DE98ZZZ09999999999');
    await fill('iban', 'DE89 3704 0044 0532 0130 00');
    await fill('bic', 'COBADEFFXXX');
    await form.getByRole('button', { name: 'Speichern' }).click();
    await form.getByRole('status').waitFor();
    const company = await (await page.request.get(`${server.url}/api/settings/company`)).json();
    expect(company).toMatchObject({
      creditorId: 'DE98ZZZ09999999999',
      bank: { iban: 'DE89370400440532013000' },
    });
  });

  it('records a signed mandate on the customer’s page, after the server refused a bad IBAN at its field', async () => {
    await page.goto(`${server.url}/customers/${debtorId}`);
    const section = page.getByTestId('customer-mandates');
    await section.getByText('Kein Lastschriftmandat.').waitFor();
    await page.getByTestId('add-mandate').click();
    await page.getByTestId('mandate-reference').fill('MANDAT-K300-2026');
    await page.getByTestId('mandate-signed-on').fill(dayFromToday(-3));
    await page.getByTestId('mandate-iban').fill('DE02 1203 0000 0000 2020 52');
    await page.getByTestId('mandate-submit').click();
    await section.locator('.field-error').first().waitFor();
    expect(await page.getByTestId('mandate-iban').getAttribute('aria-invalid')).toBe('true');
    expect(await section.locator('.field-error').first().textContent()).toMatch(/check digits/);
    await shot('sepa-01-mandate-error');

    await page.getByTestId('mandate-iban').fill('DE02 1203 0000 0000 2020 51');
    await page.getByTestId('mandate-submit').click();
    await page.getByTestId('mandate-added').waitFor();
    const row = page.getByTestId('mandate-MANDAT-K300-2026');
    await row.waitFor();
    expect(await row.textContent()).toMatch(/CORE · wiederkehrend.*DE02 1203 0000 0000 2020 51.*gültig/);
    const { items } = await (
      await page.request.get(`${server.url}/api/customers/${debtorId}/mandates`)
    ).json();
    expect(items).toEqual([
      expect.objectContaining({
        reference: 'MANDAT-K300-2026',
        status: 'active',
        scheme: 'CORE',
        kind: 'recurring',
      }),
    ]);
    await shot('sepa-02-mandate');
  });

  it('exports the direct debits for a day: the pain.008.001.08 file downloads and its summary shows the warnings', async () => {
    await page.getByTestId('nav-direct-debits').click();
    await page.getByTestId('sepa-export-form').waitFor();
    await page.getByTestId('sepa-collection-date').fill(collectionDate);
    await page.getByTestId('sepa-scheme').selectOption('CORE');
    const download = page.waitForEvent('download');
    await page.getByTestId('sepa-export-submit').click();
    const file = await download;
    exportedXml = await downloaded(file);
    expect(exportedXml).toMatch(
      /^<\?xml version="1\.0" encoding="UTF-8"\?>\s*<Document xmlns="urn:iso:std:iso:20022:tech:xsd:pain\.008\.001\.08"/,
    );
    messageId = /<MsgId>([^<]+)<\/MsgId>/.exec(exportedXml)?.[1] ?? '';
    expect(file.suggestedFilename()).toBe(`${messageId}.xml`);
    const count = Number(/<NbOfTxs>(\d+)<\/NbOfTxs>/.exec(exportedXml)?.[1]);
    const ctrlSum = /<CtrlSum>(\d+\.\d{2})<\/CtrlSum>/.exec(exportedXml)?.[1] ?? '';
    const sumCents = Number(ctrlSum.replace('.', ''));
    expect(count).toBe(2);
    expect(exportedXml).toContain('<MndtId>MANDAT-K300-2026</MndtId>');
    expect(exportedXml).toContain(`<ReqdColltnDt>${collectionDate}</ReqdColltnDt>`);
    for (const number of ['RE-300', 'RE-301']) expect(exportedXml).toContain(`Rechnung ${number}`);

    const result = page.getByTestId('sepa-export-result');
    await result.waitFor();
    expect(await page.getByTestId('sepa-message-id').textContent()).toBe(messageId);
    const summary = await result.textContent();
    expect(summary).toContain(`${count} Lastschrift(en) über ${euros(sumCents)}`);
    const warnings = await page.getByTestId('sepa-warnings').textContent();
    expect(warnings).toMatch(/no TARGET2 business day/);
    expect(warnings).toMatch(/RE-301.*pre-notification/);
    await shot('sepa-03-exported');
  });

  it('lists the export and downloads the same file again; a second export finds nothing due', async () => {
    const row = page.getByTestId(`sepa-export-${messageId}`);
    await row.waitFor();
    expect(await row.textContent()).toContain('CORE');
    const again = page.waitForEvent('download');
    await page.getByTestId(`sepa-download-${messageId}`).click();
    expect(await downloaded(await again)).toBe(exportedXml);
    expect(await page.getByTestId('sepa-file-changed').count()).toBe(0);

    await page.getByTestId('sepa-export-submit').click();
    const nothing = page.getByTestId('sepa-nothing-due');
    await nothing.waitFor();
    expect(await nothing.textContent()).toContain('nichts per Lastschrift einzuziehen (CORE)');
    expect(await page.locator('[data-testid^=sepa-export-MW-]').count()).toBe(1);
    await shot('sepa-04-nothing-due');
  });

  it('revokes the mandate and names the exported collections to recall; the timeline tells both', async () => {
    await page.goto(`${server.url}/customers/${debtorId}`);
    await page.getByTestId('revoke-mandate-MANDAT-K300-2026').click();
    await page.getByTestId('revoke-mandate-submit').click();
    const revoked = page.getByTestId('mandate-revoked');
    await revoked.waitFor();
    const recall = page.getByTestId('mandate-recall');
    expect(await recall.locator('tbody tr').count()).toBe(2);
    expect(await recall.textContent()).toContain(`${messageId}-1`);
    await expect
      .poll(() => page.getByTestId('mandate-MANDAT-K300-2026').textContent())
      .toMatch(/widerrufen ab/);
    const timeline = page.getByTestId('customer-timeline');
    await timeline.locator('[data-event-type="sepa-mandate.revoked"]').waitFor();
    expect(await timeline.locator('[data-event-type="direct-debit.exported"]').textContent()).toContain(
      `Datei ${messageId}`,
    );
    await shot('sepa-05-revoked');
  });

  it('shows the Mahnbescheid preview of a customer in default with the central dunning court', async () => {
    await page.goto(`${server.url}/customers/${defaulterId}`);
    await page.getByTestId('prepare-court-dunning').click();
    await page.getByTestId('court-dunning-preview').waitFor();
    // The company's seat is in Berlin: the Amtsgericht Wedding is the central dunning court.
    expect(await page.getByTestId('court-dunning-court').textContent()).toContain('Amtsgericht Wedding');
    expect(await page.getByTestId('court-respondent').textContent()).toContain('Säumig Handel GmbH');
    expect(await page.getByTestId('court-applicant').textContent()).toContain('Musterwerk Bürotechnik GmbH');
    const claims = page.getByTestId('court-main-claims');
    expect(await claims.locator('tbody tr').count()).toBe(1);
    expect(await claims.textContent()).toContain('Rechnung Nr. RE-310');
    expect(await page.getByTestId('court-left-out').textContent()).toMatch(/RE-311.*nicht im Verzug/);
    expect(await page.getByTestId('court-interest').textContent()).toMatch(
      /Prozentpunkte über dem jeweiligen Basiszinssatz/,
    );
    const application = await (
      await page.request.get(`${server.url}/api/customers/${defaulterId}/court-dunning`)
    ).json();
    expect(await page.getByTestId('court-total-sum').textContent()).toBe(
      `${euros(application.summe.gesamt.cent)}\u00a0€`,
    );
    await shot('court-01-preview');

    const pdfHref = await page.getByTestId('court-pdf-preview').getAttribute('href');
    const preview = await page.request.get(`${server.url}${pdfHref}`);
    expect(preview.headers()['content-type']).toContain('application/pdf');

    const download = page.waitForEvent('download');
    await page.getByTestId('court-export-pdf').click();
    const pdf = await download;
    expect(pdf.suggestedFilename()).toMatch(/^Mahnantrag-K-310-\d{4}-\d{2}-\d{2}\.pdf$/);
    expect(
      readFileSync(await pdf.path())
        .subarray(0, 5)
        .toString('latin1'),
    ).toBe('%PDF-');
    await page.getByTestId('court-exported').waitFor();
    const line = page.locator('[data-testid=customer-timeline] [data-event-type="court-dunning.prepared"]');
    await line.waitFor();
    expect(await line.textContent()).toMatch(
      /Mahnbescheid vorbereitet .*1 Forderung\(en\).*Amtsgericht Wedding – PDF/,
    );
    await shot('court-02-exported');
  });
});
