/**
 * An order in the browser, against the real server process on a fresh embedded database: an order
 * captured through the API for a customer with an e-mail address, then on its page a part delivery
 * refused at the line that is too much, a part delivery that is invoiced at once, the delivery
 * date moved with its reason, and the rest delivered — the order invoiced, its lifecycle listed.
 * Screenshots go to $MAHNWERK_SCREENSHOTS (default: a temp folder).
 *
 * Runs once the web router has the order pages (/orders, /orders/$orderId); until then it skips.
 */
import { mkdirSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  hasChromium,
  launchChromium,
  logInAsAdmin,
  ROOT,
  type RunningServer,
  startServer,
} from '../support/browser.ts';

const hasOrderPages = readFileSync(join(ROOT, 'web/src/app/router.tsx'), 'utf8').includes(
  "'/orders/$orderId'",
);

/** The browser's day as YYYY-MM-DD (what the server's "today" is, too). */
const today = () => new Date().toLocaleDateString('sv-SE');

describe.skipIf(!hasChromium || !hasOrderPages)(
  'an order from confirmation to invoice in the browser',
  () => {
    let server: RunningServer;
    let browser: Browser;
    let page: Page;
    let orderId: number;
    const shots = process.env.MAHNWERK_SCREENSHOTS ?? mkdtempSync(join(tmpdir(), 'mahnwerk-shots-'));
    const shot = (name: string) => page.screenshot({ path: join(shots, `${name}.png`), fullPage: true });

    beforeAll(async () => {
      mkdirSync(shots, { recursive: true });
      server = await startServer();
      browser = await launchChromium();
      page = await browser.newPage({ viewport: { width: 1366, height: 900 } });
      const { post } = await logInAsAdmin(page, server.url);
      await post('/api/customers', {
        number: 'K-200',
        name: 'Werkstatt Nord GmbH',
        debtorKind: 'business',
        email: 'einkauf@werkstatt-nord.example',
      });
      orderId = (
        await post('/api/orders', {
          customerNumber: 'K-200',
          orderedOn: today(),
          deliveryDate: today(),
          lines: [
            { description: 'Schraube', quantity: '10', unitPrice: '10.00' },
            { description: 'Handbuch', quantity: '2', unitPrice: '50.00', vatRatePercent: '7' },
          ],
        })
      ).id;
    }, 180_000);

    afterAll(async () => {
      await browser?.close();
      await server?.stop();
    });

    it('refuses a delivery above what is open, then invoices a part delivery at once', async () => {
      await page.goto(`${server.url}/orders/${orderId}`);
      await page.getByTestId('order-deliver').click();
      await page.getByTestId('deliver-part').click();
      await page.getByTestId('deliver-quantity-1').fill('11');
      await page.getByTestId('delivery-form').locator('button[type=submit]').click();
      await page.getByTestId('delivery-form').locator('.notice-error').waitFor();
      expect(await page.getByTestId('deliver-quantity-1').getAttribute('aria-invalid')).toBe('true');
      expect(await page.getByTestId('delivery-form').textContent()).toContain(
        '11 is more than the 10 still to deliver',
      );
      await shot('order-01-over-delivery');
      await page.getByTestId('deliver-quantity-1').fill('4');
      await page.getByTestId('delivery-form').locator('button[type=submit]').click();
      await expect.poll(() => page.locator('[data-testid=order-deliveries] tbody tr').count()).toBe(1);
      const order = await (await page.request.get(`${server.url}/api/orders/${orderId}`)).json();
      expect(order).toMatchObject({ status: 'partly-delivered', invoices: [{ grossCents: 4_760 }] });
    });

    it('moves the delivery date with its reason, delivers the rest, and shows the lifecycle', async () => {
      await page.getByTestId('order-move-date').click();
      await page.getByTestId('move-date-form').locator('input[type=date]').fill('2099-01-01');
      await page.getByTestId('move-date-reason').fill('Das Material kommt später.');
      await page.getByTestId('move-date-form').locator('button[type=submit]').click();
      await expect
        .poll(async () => page.getByTestId('order-lifecycle').textContent())
        .toContain('Das Material kommt später.');
      await page.getByTestId('order-deliver').click();
      await page.getByTestId('deliver-all').click();
      await page.getByTestId('delivery-form').locator('button[type=submit]').click();
      await expect.poll(() => page.locator('[data-testid=order-deliveries] tbody tr').count()).toBe(2);
      const order = await (await page.request.get(`${server.url}/api/orders/${orderId}`)).json();
      expect(order.status).toBe('invoiced');
      expect(order.statusChanges.map((c: { to: string }) => c.to)).toEqual([
        'received',
        'confirmed',
        'partly-delivered',
        'delivered',
        'invoiced',
      ]);
      await shot('order-02-invoiced');
      const pdf = await page.request.get(`${server.url}/api/orders/${orderId}/confirmation.pdf`);
      expect(pdf.headers()['content-type']).toBe('application/pdf');
    });
  },
);
