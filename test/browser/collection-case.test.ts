/**
 * Escalation in the browser, against the real server process on a fresh embedded database: a
 * business customer with three overdue invoices (made through the API), one of them disputed. From
 * the customer's page all due claims go to a collection agency; the case page names the disputed
 * one as left out. A remittance typed in German notation is booked (first refused at the field the
 * server names), then the case is closed with the rest written off, and the write-offs with the VAT
 * to correct show on the customer's page. Last, the dispute is resolved by writing off a part.
 * Screenshots go to $MAHNWERK_SCREENSHOTS (default: a temp folder).
 */
import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  dayFromToday,
  hasChromium,
  launchChromium,
  logInAsAdmin,
  type RunningServer,
  startServer,
} from '../support/browser.ts';

interface CaseJson {
  id: number;
  status: string;
  handedOverCents: number;
  collectedCents: number;
  forwardedCents: number;
  claims: { invoiceId: number; invoiceNumber: string; status: string; totalCents: number }[];
  remittances: { collectedCents: number; debtorCostsCents: number; retainedCents: number }[];
}

describe.skipIf(!hasChromium)('handing claims over to a collection agency in the browser', () => {
  let server: RunningServer;
  let browser: Browser;
  let page: Page;
  let customerId: number;
  let caseId: number;
  const invoiceIds = new Map<string, number>();
  const shots = process.env.MAHNWERK_SCREENSHOTS ?? mkdtempSync(join(tmpdir(), 'mahnwerk-shots-'));
  const shot = (name: string) => page.screenshot({ path: join(shots, `${name}.png`), fullPage: true });
  const getJson = async <T>(path: string): Promise<T> => {
    const response = await page.request.get(`${server.url}${path}`);
    expect(response.status(), await response.text()).toBe(200);
    return (await response.json()) as T;
  };

  beforeAll(async () => {
    mkdirSync(shots, { recursive: true });
    server = await startServer();
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1366, height: 900 } });
    const { post } = await logInAsAdmin(page, server.url);
    customerId = (
      await post('/api/customers', {
        number: 'K-200',
        name: 'Zahlungsunwillig Bau GmbH',
        debtorKind: 'business',
      })
    ).id;
    for (const [number, issuedDaysAgo, price] of [
      ['RE-200', 90, '1000.00'],
      ['RE-201', 60, '500.00'],
      ['RE-202', 45, '800.00'],
    ] as const) {
      const invoice = await post('/api/invoices', {
        customerNumber: 'K-200',
        number,
        issuedOn: dayFromToday(-issuedDaysAgo),
        paymentTerms: { kind: 'net', days: 14 },
        lines: [{ description: 'Rohbauarbeiten', unitPrice: price, vatRatePercent: '19' }],
      });
      invoiceIds.set(number, invoice.id);
    }
    await post('/api/disputes', { invoiceId: invoiceIds.get('RE-202'), reason: 'Mängel an der Decke' });
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('hands the due claims over from the customer’s page and names the disputed one as left out', async () => {
    await page.goto(`${server.url}/customers/${customerId}`);
    await page.getByTestId('hand-over').click();
    const form = page.getByTestId('handover-form');
    await form.waitFor();
    expect(await page.getByTestId('handover-due-claims').textContent()).toContain('RE-200, RE-201, RE-202');
    // Without an agency the form says so at the field and sends nothing.
    await page.getByTestId('handover-submit').click();
    await form.locator('.field-error').first().waitFor();
    expect(await page.getByTestId('handover-agency').getAttribute('aria-invalid')).toBe('true');
    await page.getByTestId('handover-kind').selectOption('agency');
    await page.getByTestId('handover-agency').fill('Inkasso Nord GmbH');
    await page.getByTestId('handover-reference').fill('IN-2026-0815');
    await shot('collection-01-handover-form');
    await page.getByTestId('handover-submit').click();

    await page.getByTestId('case-claims').waitFor();
    caseId = Number(new URL(page.url()).pathname.split('/').pop());
    const leftOut = page.getByTestId('case-left-out');
    await leftOut.waitFor();
    expect(await leftOut.textContent()).toMatch(/RE-202.*disputed/);
    const handedOver = await getJson<CaseJson>(`/api/collection-cases/${caseId}`);
    expect(handedOver.status).toBe('handed-over');
    expect(handedOver.claims.map((c) => c.invoiceNumber)).toEqual(['RE-200', 'RE-201']);
    await expect.poll(() => page.locator('[data-testid=case-claims] tbody tr').count()).toBe(2);
    expect(await page.getByTestId('case-summary').textContent()).toContain('IN-2026-0815');
    // The case file in its three forms.
    for (const format of ['pdf', 'json', 'csv'] as const) {
      const href = await page.getByTestId(`case-file-${format}`).getAttribute('href');
      const file = await page.request.get(`${server.url}${href}`);
      expect(file.status(), format).toBe(200);
      expect(file.headers()['content-type'], format).toContain(
        { pdf: 'application/pdf', json: 'application/json', csv: 'text/csv' }[format],
      );
    }
    await shot('collection-02-case');
  });

  it('books a remittance typed in German notation, after the server’s refusal shown at its field', async () => {
    await page.getByTestId('case-record-remittance').click();
    await page.getByTestId('remittance-form').waitFor();
    // The agency cannot keep more than it collected: the server names the field.
    await page.getByTestId('remittance-collected').fill('100,00');
    await page.getByTestId('remittance-retained').fill('150,00');
    await page.getByTestId('remittance-submit').click();
    const error = page.getByTestId('remittance-form').locator('.field-error');
    await error.first().waitFor();
    expect(await page.getByTestId('remittance-retained').getAttribute('aria-invalid')).toBe('true');
    expect(await error.first().textContent()).toMatch(/more than collected/);
    await shot('collection-03-remittance-error');

    await page.getByTestId('remittance-collected').fill('1.000,00');
    await page.getByTestId('remittance-debtorCosts').fill('120,50');
    await page.getByTestId('remittance-retained').fill('150');
    await page.getByTestId('remittance-submit').click();
    await page.getByTestId('case-done').waitFor();
    await expect.poll(() => page.locator('[data-testid=case-remittances] tbody tr').count()).toBe(1);
    const paid = await getJson<CaseJson>(`/api/collection-cases/${caseId}`);
    expect(paid.status).toBe('agency-paid');
    expect(paid.remittances).toEqual([
      expect.objectContaining({ collectedCents: 100_000, debtorCostsCents: 12_050, retainedCents: 15_000 }),
    ]);
    expect(paid.forwardedCents).toBe(85_000);
    expect(await page.getByTestId('case-remittances').textContent()).toContain('850,00');
    await shot('collection-04-remittance');
  });

  it('closes the case, writing off the rest with the VAT to correct, and shows it on the customer’s page', async () => {
    // What is open on the case's claims just before: that is what the closing writes off.
    const before = await getJson<{ invoices: { id: number; number: string; openCents: number }[] }>(
      `/api/customers/${customerId}`,
    );
    const caseClaims = ['RE-200', 'RE-201'];
    const stillOpen = before.invoices.filter((i) => caseClaims.includes(i.number) && i.openCents > 0);
    expect(stillOpen.length).toBeGreaterThan(0);

    await page.getByTestId('case-close').click();
    await page.getByTestId('close-case-form').waitFor();
    await page.getByTestId('close-case-submit').click();
    await page.getByTestId('close-case-form').locator('.field-error').first().waitFor();
    await page
      .getByTestId('close-write-off-reason')
      .fill('Schuldner zahlungsunfähig, Vollstreckung erfolglos');
    await shot('collection-05-close-form');
    await page.getByTestId('close-case-submit').click();
    await page.getByTestId('case-closed-on').waitFor();
    const closed = await getJson<CaseJson>(`/api/collection-cases/${caseId}`);
    expect(closed.status).toBe('closed');
    expect(closed.claims.map((c) => c.status)).toEqual(['written-off', 'written-off']);
    await expect
      .poll(async () => page.locator('[data-testid=case-history] [data-event-type]').count())
      .toBe(3);
    await shot('collection-06-closed');

    const writeOffs = await getJson<{
      items: { invoiceNumber: string; principalCents: number; costsCents: number; vatCents: number }[];
    }>(`/api/customers/${customerId}/write-offs`);
    expect(writeOffs.items.map((w) => w.invoiceNumber).sort()).toEqual(stillOpen.map((i) => i.number).sort());
    expect(writeOffs.items.reduce((s, w) => s + w.principalCents + w.costsCents, 0)).toBe(
      stillOpen.reduce((s, i) => s + i.openCents, 0),
    );
    // 19 % VAT is contained in the principal given up: 19/119 of it, to the cent.
    for (const w of writeOffs.items)
      expect(Math.abs(w.vatCents - (w.principalCents * 19) / 119)).toBeLessThan(1);

    await page.getByRole('link', { name: 'Zahlungsunwillig Bau GmbH' }).click();
    const list = page.getByTestId('write-off-list');
    await list.waitFor();
    expect(await list.locator('tbody tr').count()).toBe(writeOffs.items.length);
    const shown = await list.textContent();
    for (const w of writeOffs.items) {
      expect(shown).toContain(w.invoiceNumber);
      expect(shown).toContain((w.vatCents / 100).toLocaleString('de-DE', { minimumFractionDigits: 2 }));
    }
    expect(await page.getByTestId('customer-collection').textContent()).toContain('abgeschlossen');
    await shot('collection-07-customer');
  });

  it('resolves the dispute by writing off the part typed in, shown with the other write-offs', async () => {
    await page.getByTestId('nav-tasks').click();
    const disputes = page.getByTestId('open-disputes');
    await disputes.getByRole('button', { name: 'Klären' }).click();
    await page.getByTestId('dispute-resolution').selectOption('write-off');
    await page.getByTestId('dispute-write-off-amount').fill('200,00');
    await shot('collection-08-dispute');
    await page.getByTestId('resolve-dispute-form').getByRole('button', { name: 'Klären' }).click();
    await page.getByTestId('resolve-dispute-form').waitFor({ state: 'detached' });
    const writeOffs = await getJson<{
      items: { invoiceNumber: string; kind: string; principalCents: number }[];
    }>(`/api/customers/${customerId}/write-offs`);
    expect(writeOffs.items.find((w) => w.invoiceNumber === 'RE-202')).toMatchObject({
      kind: 'dispute',
      principalCents: 20_000,
    });
  });
});
