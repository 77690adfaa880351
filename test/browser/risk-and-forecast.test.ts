/**
 * Credit risk and the cash forecast in the browser, against the real server process on a fresh
 * embedded database with the demo data: the dashboard's twelve-week forecast chart and its totals
 * (matching the API), the forecast as a table, the risk page riskiest first, the riskiest
 * customer's "Zahlungsverhalten & Risiko" section (score, band, all ten factors, exposure and the
 * suggested limit as the API gives them), and the credit-limit mode in the settings.
 * Screenshots go to $MAHNWERK_SCREENSHOTS (default: a temp folder).
 */
import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  hasChromium,
  launchChromium,
  logInAsAdmin,
  type RunningServer,
  startServer,
} from '../support/browser.ts';

const euros = (cents: number) =>
  (cents / 100).toLocaleString('de-DE', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
const plain = (text: string | null) => (text ?? '').replace(/\u00a0|\u202f/g, ' ');

describe.skipIf(!hasChromium)('credit risk and the cash forecast in the browser', () => {
  let server: RunningServer;
  let browser: Browser;
  let page: Page;
  let csrfToken: string;
  const shots = process.env.MAHNWERK_SCREENSHOTS ?? mkdtempSync(join(tmpdir(), 'mahnwerk-shots-'));
  const shot = (name: string) => page.screenshot({ path: join(shots, `${name}.png`), fullPage: true });
  const getJson = async (path: string) => (await page.request.get(`${server.url}${path}`)).json();

  beforeAll(async () => {
    mkdirSync(shots, { recursive: true });
    server = await startServer();
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1366, height: 900 } });
    ({ csrfToken } = await logInAsAdmin(page, server.url));
    await page.getByTestId('load-demo-data').click();
    await page.getByTestId('empty-dashboard').waitFor({ state: 'detached', timeout: 150_000 });
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('shows the twelve-week cash forecast on the dashboard with its totals', async () => {
    const section = page.getByTestId('cash-forecast');
    await section.getByTestId('forecast-chart').locator('.recharts-bar-rectangle').first().waitFor();
    const forecast = await getJson('/api/reports/cash-forecast?weeks=12');
    expect(forecast.weeks).toHaveLength(12);
    expect(forecast.expectedCents).toBeGreaterThan(0);
    const totals = section.getByTestId('forecast-totals');
    for (const [key, cents] of [
      ['expected', forecast.expectedCents],
      ['later', forecast.laterCents],
      ['doubtful', forecast.doubtfulCents],
      ['disputed', forecast.disputedCents],
      ['handed-over', forecast.handedOverCents],
      ['total', forecast.totalCents],
    ] as const) {
      expect(plain(await totals.locator(`[data-total="${key}"] dd`).textContent())).toBe(`${euros(cents)} €`);
    }
    await section.scrollIntoViewIfNeeded();
    await shot('risk-01-dashboard-forecast');
  });

  it('shows the forecast as a table, week by week', async () => {
    await page.getByTestId('cash-forecast-details').click();
    const rows = page.getByTestId('forecast-week');
    await rows.first().waitFor();
    expect(await rows.count()).toBe(12);
    const forecast = await getJson('/api/reports/cash-forecast?weeks=12');
    const first = forecast.weeks[0];
    expect(plain(await rows.first().textContent())).toContain(`${euros(first.expectedCents)} €`);
    await page.getByTestId('forecast-weeks-4').click();
    await expect.poll(() => rows.count()).toBe(4);
    await shot('risk-02-forecast-report');
  });

  it('lists the customers riskiest first, with the over-limit alerts on top', async () => {
    await page.getByTestId('nav-risk').click();
    const rows = page.getByTestId('risk-row');
    await rows.first().waitFor();
    const list = await getJson('/api/risk?limit=100');
    expect(await rows.count()).toBe(list.items.length);
    expect(await page.getByTestId('risk-alert').count()).toBe(list.alerts.length);
    const scores = list.items.map((i: { score: number }) => i.score);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
    expect(await rows.first().getByTestId('risk-band').textContent()).toContain(String(list.items[0].score));
    await page.screenshot({ path: join(shots, 'risk-03-risk-page.png') });
  });

  it('opens the riskiest customer’s payment behaviour and risk section', async () => {
    const list = await getJson('/api/risk?limit=1');
    const riskiest = list.items[0];
    await page.getByTestId('risk-row').first().getByRole('link').click();
    const section = page.getByTestId('customer-risk');
    await section.getByTestId('risk-score').waitFor();
    const risk = await getJson(`/api/customers/${riskiest.customerId}/risk`);
    expect(await section.getByTestId('risk-score').textContent()).toBe(String(risk.score));
    expect(await section.getByTestId('risk-band').getAttribute('data-band')).toBe(risk.band);
    const factors = section.getByTestId('risk-factors').locator('tbody tr');
    expect(await factors.count()).toBe(10);
    expect(await section.getByTestId('risk-factors').textContent()).toContain('Zahlungsverzug in Tagen');
    expect(plain(await section.getByTestId('risk-exposure').textContent())).toContain(
      `${euros(risk.exposure.totalCents)} €`,
    );
    if (risk.suggestedLimit.cents !== null) {
      expect(plain(await section.getByTestId('risk-suggested-limit').textContent())).toContain(
        `${euros(risk.suggestedLimit.cents)} €`,
      );
    }
    await section.scrollIntoViewIfNeeded();
    await section.screenshot({ path: join(shots, 'risk-04-customer-risk.png') });
  });

  it('lets an admin switch the credit-limit mode to block and back', async () => {
    await page.getByTestId('nav-settings').click();
    await page.getByTestId('settings-tab-credit-limit').click();
    await page.getByTestId('credit-limit-mode-block').check();
    await page.getByTestId('credit-limit-save').click();
    await expect.poll(async () => (await getJson('/api/settings/credit-limit')).mode).toBe('block');
    await shot('risk-05-credit-limit-settings');
    await page.getByTestId('credit-limit-mode-warn').check();
    await page.getByTestId('credit-limit-save').click();
    await expect.poll(async () => (await getJson('/api/settings/credit-limit')).mode).toBe('warn');
    expect(csrfToken).toBeTruthy();
  });
});
