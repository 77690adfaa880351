/**
 * The day's work in the browser, against the real server process (`node bin/server.js`) on a fresh
 * embedded database: first login, demo data, dunning preview and approval, a statement upload with
 * a suggested payment assigned, and the customer's timeline. Screenshots of each step go to
 * $MAHNWERK_SCREENSHOTS (default: a temp folder) for people to look at.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CalendarDate } from '../../src/domain/calendar-date.ts';
import {
  type BankStatement,
  emptyTransaction,
  type StatementEntry,
} from '../../src/formats/bank-statement.ts';
import { writeCamt053 } from '../../src/formats/camt-writer.ts';
import {
  ADMIN_EMAIL,
  ADMIN_PASSWORD,
  hasChromium,
  launchChromium,
  type RunningServer,
  startServer,
} from '../support/browser.ts';

interface OpenInvoice {
  id: number;
  number: string;
  customerId: number;
  customerName: string;
  openCents: number;
}

function entry(date: string, amountCents: number, payer: string, remittance: string): StatementEntry {
  return {
    bookingDate: date as CalendarDate,
    valueDate: date as CalendarDate,
    amountCents,
    currency: 'EUR',
    direction: 'credit',
    reversal: false,
    status: 'BOOK',
    bankReference: null,
    bankTransactionCode: null,
    bookingText: 'Gutschrift',
    transactions: [
      {
        ...emptyTransaction(amountCents, 'EUR'),
        remittance: [remittance],
        counterparty: { name: payer, iban: null, bic: null },
      },
    ],
  };
}

describe.skipIf(!hasChromium)('a credit controller’s day in the browser', () => {
  let server: RunningServer;
  let browser: Browser;
  let page: Page;
  const shots = process.env.MAHNWERK_SCREENSHOTS ?? mkdtempSync(join(tmpdir(), 'mahnwerk-shots-'));
  const shot = (name: string) => page.screenshot({ path: join(shots, `${name}.png`), fullPage: true });

  beforeAll(async () => {
    mkdirSync(shots, { recursive: true });
    server = await startServer();
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1366, height: 900 } });
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('logs in for the first time after a wrong password', async () => {
    await page.goto(server.url);
    await page.getByTestId('login-form').waitFor();
    await page.getByTestId('login-email').fill(ADMIN_EMAIL);
    await page.getByTestId('login-password').fill('not the password');
    await page.getByTestId('login-submit').click();
    await expect.poll(() => page.getByRole('alert').first().textContent()).toBeTruthy();
    await page.getByTestId('login-password').fill(ADMIN_PASSWORD);
    await page.getByTestId('login-submit').click();
    await page.locator('.app-shell').waitFor();
    await shot('01-first-login');
  });

  it('loads demo data from the empty dashboard', async () => {
    await page.getByTestId('load-demo-data').click();
    await page.getByTestId('empty-dashboard').waitFor({ state: 'detached', timeout: 150_000 });
    await page.locator('.kpi').first().waitFor();
    await shot('02-dashboard');
    const dashboard = await (await page.request.get(`${server.url}/api/dashboard`)).json();
    expect(dashboard.empty).toBe(false);
    expect(dashboard.overdueCents).toBeGreaterThan(0);
  }, 180_000);

  it('previews today’s run, starts it and approves two proposals', async () => {
    await page.getByTestId('nav-dunning').click();
    await page.getByTestId('preview-run').click();
    await page.getByTestId('run-preview').waitFor({ timeout: 60_000 });
    await page.getByTestId('start-run').click();
    await page.getByTestId('run-result').waitFor({ timeout: 120_000 });
    const boxes = page.locator('[data-testid=notice-table] tbody tr input[type=checkbox]');
    await boxes.first().waitFor();
    await boxes.nth(0).check();
    await boxes.nth(1).check();
    await page.getByTestId('approve-selected').click();
    await page.getByTestId('approve-result').waitFor();
    expect(await page.getByTestId('approve-result').textContent()).toMatch(/2/);
    await shot('03-dunning');
    const approved = await (await page.request.get(`${server.url}/api/notices?status=approved`)).json();
    expect(approved.items).toHaveLength(2);
  }, 180_000);

  let payer: OpenInvoice;

  it('uploads a bank statement and assigns a suggested payment', async () => {
    const open = (
      await (await page.request.get(`${server.url}/api/invoices?status=open&sort=open&limit=20`)).json()
    ).items as OpenInvoice[];
    const [clear, vague] = [
      open[0] as OpenInvoice,
      open.find((i) => i.customerId !== open[0]?.customerId) as OpenInvoice,
    ];
    payer = vague;
    const today = new Date().toISOString().slice(0, 10);
    const statement: BankStatement = {
      id: 'BROWSER-1',
      account: { iban: 'DE89370400440532013000', currency: 'EUR' },
      openingBalanceCents: 0,
      closingBalanceCents: clear.openCents + 77_77,
      entries: [
        entry(today, clear.openCents, clear.customerName, `Rechnung ${clear.number}`),
        // By the customer's name only, with an amount that fits no invoice: a person decides.
        entry(today, 77_77, vague.customerName, 'Abschlag'),
      ],
      sequenceNumber: '1',
      fromDate: today as CalendarDate,
      toDate: today as CalendarDate,
    };
    const file = join(shots, 'kontoauszug.xml');
    writeFileSync(
      file,
      [...writeCamt053(statement, { messageId: 'BROWSER', createdAt: `${today}T18:00:00` })].join(''),
    );
    await page.getByTestId('nav-payments').click();
    await page.getByTestId('statement-file-input').setInputFiles(file);
    await page.getByTestId('statement-result').waitFor({ timeout: 60_000 });
    await shot('04-statement');
    const item = page
      .locator('.review-item')
      .filter({ has: page.getByTestId('assign-suggested') })
      .first();
    await item.waitFor();
    const before = await page.locator('.review-item').count();
    await item.getByTestId('assign-suggested').click();
    await expect.poll(() => page.locator('.review-item').count(), { timeout: 20_000 }).toBe(before - 1);
    await shot('05-review-assigned');
    const booked = await (await page.request.get(`${server.url}/api/invoices/${clear.id}`)).json();
    expect(booked.invoice.status).toBe('paid');
  }, 120_000);

  it('opens the customer’s timeline with the payment on it', async () => {
    await page.goto(`${server.url}/customers/${payer.customerId}`);
    const timeline = page.getByTestId('customer-timeline');
    await timeline.waitFor();
    await expect.poll(() => timeline.locator('li').count()).toBeGreaterThan(1);
    await shot('06-customer-timeline');
    const events = await (
      await page.request.get(`${server.url}/api/customers/${payer.customerId}/timeline`)
    ).json();
    expect(events.items.map((e: { type: string }) => e.type)).toContain('payment.recorded');
  });
});
