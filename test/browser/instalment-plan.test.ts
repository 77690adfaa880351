/**
 * Agreeing an instalment plan in the browser, against the real server process on a fresh
 * embedded database: a business customer with two overdue invoices (made through the API), the
 * plan form on the customer's page with a server validation error shown at its field, then a plan
 * with a down payment and interest, its schedule on the plan's page, and the plan in the list.
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

describe.skipIf(!hasChromium)('agreeing an instalment plan in the browser', () => {
  let server: RunningServer;
  let browser: Browser;
  let page: Page;
  let customerId: number;
  const shots = process.env.MAHNWERK_SCREENSHOTS ?? mkdtempSync(join(tmpdir(), 'mahnwerk-shots-'));
  const shot = (name: string) => page.screenshot({ path: join(shots, `${name}.png`), fullPage: true });

  beforeAll(async () => {
    mkdirSync(shots, { recursive: true });
    server = await startServer();
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1366, height: 900 } });
    const { post } = await logInAsAdmin(page, server.url);
    customerId = (
      await post('/api/customers', {
        number: 'K-100',
        name: 'Ratenkauf Maschinenbau GmbH',
        debtorKind: 'business',
        email: 'buchhaltung@ratenkauf.example',
      })
    ).id;
    for (const [number, issuedDaysAgo, price] of [
      ['RE-100', 75, '1200.00'],
      ['RE-101', 45, '600.00'],
    ] as const) {
      await post('/api/invoices', {
        customerNumber: 'K-100',
        number,
        issuedOn: dayFromToday(-issuedDaysAgo),
        paymentTerms: { kind: 'net', days: 14 },
        lines: [{ description: 'Wartung', unitPrice: price }],
      });
    }
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('shows the server’s message at the field it concerns', async () => {
    await page.goto(`${server.url}/customers/${customerId}`);
    await page.getByTestId('create-plan').click();
    const form = page.getByTestId('create-plan-form');
    await form.waitFor();
    expect(await page.getByTestId('plan-claim-RE-100').isChecked()).toBe(true);
    expect(await page.getByTestId('plan-claim-RE-101').isChecked()).toBe(true);
    await page.getByTestId('plan-count').fill('4');
    await page.getByTestId('plan-interest').fill('45');
    await page.getByTestId('plan-submit').click();
    const error = form.locator('.field-error');
    await error.first().waitFor();
    expect(await page.getByTestId('plan-interest').getAttribute('aria-invalid')).toBe('true');
    expect(await error.first().textContent()).toMatch(/at most 30/);
    await shot('plan-01-field-error');
  });

  it('agrees the plan with a down payment and interest and shows its schedule', async () => {
    await page.getByTestId('plan-interest').fill('5');
    await page.getByTestId('plan-down-payment').fill('300,00');
    await page.getByTestId('plan-first-due').fill(dayFromToday(30));
    await page.getByTestId('plan-submit').click();
    await page.getByTestId('plan-schedule').waitFor();
    await shot('plan-02-detail');
    const planId = Number(new URL(page.url()).pathname.split('/').pop());
    const plan = await (await page.request.get(`${server.url}/api/plans/${planId}`)).json();
    expect(plan).toMatchObject({
      customerNumber: 'K-100',
      status: 'active',
      interest: { ratePercent: '5.00' },
      reminderDaysBefore: 5,
    });
    expect(plan.claims.map((c: { invoiceNumber: string }) => c.invoiceNumber)).toEqual(['RE-100', 'RE-101']);
    // A down payment and four instalments, adding up to the claims plus the interest.
    expect(plan.instalments.map((i: { number: number }) => i.number)).toEqual([0, 1, 2, 3, 4]);
    expect(plan.instalments[0].amountCents).toBe(30_000);
    const sum = plan.instalments.reduce((s: number, i: { amountCents: number }) => s + i.amountCents, 0);
    expect(sum).toBe(plan.claimsCents + plan.interest.totalCents);
    // The page shows each instalment and the total.
    await expect.poll(() => page.locator('[data-testid=plan-schedule] tbody tr').count()).toBe(5);
    expect(await page.getByTestId('plan-schedule').locator('tfoot').textContent()).toContain(
      (sum / 100).toLocaleString('de-DE', { minimumFractionDigits: 2 }),
    );
    const pdf = await page.request.get(`${server.url}${plan.agreement}`);
    expect(pdf.headers()['content-type']).toBe('application/pdf');

    await page.getByTestId('nav-plans').click();
    await page.getByTestId(`plan-row-${planId}`).waitFor();
    await shot('plan-03-list');
  });
});
