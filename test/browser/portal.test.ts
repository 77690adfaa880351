/**
 * The customer portal on a phone, against the real server process with a real (test) SMTP server:
 * the company sets up two customers with overdue invoices and the portal's limits through its API,
 * runs dunning and approves the reminders; the server's outbox worker e-mails them, each with a
 * personal portal link. The first customer opens the link from the e-mail at 375 × 812, sees the
 * amount due (as the API says it, and in the GiroCode), and proposes an instalment plan within the
 * limits, which the credit controller then finds in the company's app. The second customer, in
 * English, opens a link that asks for a one-time code (also e-mailed), disputes an invoice with a
 * file and proposes a plan outside the limits, which waits for approval. Neither sees the other's
 * data; a revoked link and an unknown one get a clear page. Screenshots go to $MAHNWERK_SCREENSHOTS
 * (default: a temp folder).
 */
import { mkdirSync, mkdtempSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import jsqrModule from 'jsqr';
import { simpleParser } from 'mailparser';
import type { APIRequestContext, Browser, BrowserContext, Page } from 'playwright-core';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  dayFromToday,
  hasChromium,
  launchChromium,
  logInAsAdmin,
  type RunningServer,
  startServer,
} from '../support/browser.ts';

const jsQR = jsqrModule.default;

/** Intl separates number and currency sign with a no-break space. */
const plain = (text: string | null) => (text ?? '').replace(/\u00a0|\u202f/g, ' ').trim();
const euros = (cents: number, locale: string) =>
  plain(new Intl.NumberFormat(locale, { style: 'currency', currency: 'EUR' }).format(cents / 100));

interface Mail {
  to: string;
  subject: string;
  text: string;
}

/** A real SMTP server on a free port that keeps every message it is given. */
async function startSmtp() {
  const received: Mail[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, _session, callback) {
      simpleParser(stream)
        .then((mail) => {
          const to = Array.isArray(mail.to) ? mail.to[0] : mail.to;
          received.push({
            to: to?.value[0]?.address ?? '',
            subject: mail.subject ?? '',
            text: mail.text ?? '',
          });
          callback();
        })
        .catch((error: Error) => callback(error));
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.server.address() as AddressInfo).port;
  return { port, received, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

const PHONE = { viewport: { width: 375, height: 812 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 };

describe.skipIf(!hasChromium)('the customer portal on a phone', () => {
  let smtp: Awaited<ReturnType<typeof startSmtp>>;
  let server: RunningServer;
  let browser: Browser;
  let office: Page;
  let anna: BrowserContext;
  let bob: BrowserContext;
  let annaPage: Page;
  let bobPage: Page;
  let api: APIRequestContext;
  let csrfToken = '';
  const ids = { anna: 0, bob: 0 };
  let annaLink = '';
  const shots = process.env.MAHNWERK_SCREENSHOTS ?? mkdtempSync(join(tmpdir(), 'mahnwerk-shots-'));
  const shot = (page: Page, name: string) =>
    page.screenshot({ path: join(shots, `${name}.png`), fullPage: true });

  async function call(
    method: 'post' | 'put',
    path: string,
    data: unknown,
    status = method === 'post' ? 201 : 200,
  ) {
    const response = await api[method](`${server.url}${path}`, {
      headers: { 'x-csrf-token': csrfToken },
      data,
    });
    expect(response.status(), `${method} ${path}: ${await response.text()}`).toBe(status);
    return response.json();
  }

  /** Waits until the test SMTP server holds a message to `to` whose subject matches (the worker sends every 30 s). */
  async function mailTo(to: string, subject: RegExp): Promise<Mail> {
    const deadline = Date.now() + 70_000;
    for (;;) {
      const found = smtp.received.find((m) => m.to === to && subject.test(m.subject));
      if (found) return found;
      if (Date.now() > deadline) {
        const got = smtp.received.map((m) => `${m.to}: ${m.subject}`).join('\n');
        throw new Error(
          `no e-mail to ${to} matching ${subject} within 70 s; received:\n${got}\n${server.output()}`,
        );
      }
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }

  const linkIn = (mail: Mail) => {
    const match = new RegExp(`${server.url.replace(/[.:/]/g, '\\$&')}/portal#[A-Za-z0-9_-]{40,}`).exec(
      mail.text,
    );
    if (!match) throw new Error(`no portal link in the e-mail:\n${mail.text}`);
    return match[0];
  };

  /** No part of the page is wider than the phone: nothing to scroll sideways. */
  const overflow = (page: Page) =>
    page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);

  beforeAll(async () => {
    mkdirSync(shots, { recursive: true });
    smtp = await startSmtp();
    server = await startServer([], {
      MAHNWERK_SMTP_HOST: '127.0.0.1',
      MAHNWERK_SMTP_PORT: String(smtp.port),
      MAHNWERK_SMTP_FROM: 'Werkzeugbau Kranich GmbH <buchhaltung@kranich.example>',
      // The reminders go out within seconds, not at the next 30-second tick.
      MAHNWERK_OUTBOX_INTERVAL_MS: '2000',
    });
    browser = await launchChromium();
    office = await browser.newPage({ viewport: { width: 1366, height: 900 } });
    ({ csrfToken } = await logInAsAdmin(office, server.url));
    api = office.request;

    await call('put', '/api/settings/company', {
      name: 'Werkzeugbau Kranich GmbH',
      email: 'buchhaltung@kranich.example',
      phone: '+49 30 1234567',
      bank: { iban: 'DE89370400440532013000', bic: 'COBADEFFXXX', bankName: 'Commerzbank' },
    });
    // The links in the e-mails point at this server; plans up to 4 months of at least 100 € are agreed at once.
    await call('put', '/api/settings/portal', {
      publicUrl: server.url,
      maxMonths: 4,
      minInstalmentCents: 10_000,
      promiseMaxDays: 21,
    });
    ids.anna = (
      await call('post', '/api/customers', {
        number: 'K-201',
        name: 'Anna Schmidt Haustechnik',
        debtorKind: 'business',
        email: 'anna@schmidt-haustechnik.example',
      })
    ).id;
    ids.bob = (
      await call('post', '/api/customers', {
        number: 'K-202',
        name: 'Bob Miller Ltd',
        debtorKind: 'business',
        email: 'bob@miller.example',
        language: 'en',
      })
    ).id;
    for (const [customerNumber, number, issuedDaysAgo, price] of [
      ['K-201', 'RE-2001', 30, '840.00'],
      ['K-201', 'RE-2002', 26, '450.50'],
      ['K-202', 'RE-3001', 28, '1200.00'],
      ['K-202', 'RE-3002', 25, '300.00'],
    ] as const) {
      await call('post', '/api/invoices', {
        customerNumber,
        number,
        issuedOn: dayFromToday(-issuedDaysAgo),
        paymentTerms: { kind: 'net', days: 14 },
        lines: [{ description: 'Wartung', unitPrice: price }],
      });
    }
    // Bob's link asks for a one-time code; opening it queues the code e-mail, sent with the reminders.
    const bobLink = await call('post', `/api/customers/${ids.bob}/portal-links`, { codeRequired: true });
    bob = await browser.newContext({ ...PHONE, locale: 'en-GB' });
    bobPage = await bob.newPage();
    await bobPage.goto(bobLink.url);
    await bobPage.getByTestId('code-form').waitFor();

    await call('post', '/api/runs', {});
    const approved = await call('post', '/api/notices/approve', { all: true }, 200);
    expect(approved.approved).toBe(2);
    annaLink = linkIn(await mailTo('anna@schmidt-haustechnik.example', /Zahlungserinnerung/));
    anna = await browser.newContext({ ...PHONE, locale: 'de-DE' });
    annaPage = await anna.newPage();
  }, 150_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    await smtp?.close();
  });

  it('opens the link from the reminder e-mail and shows what is due, as the API says and in the GiroCode', async () => {
    expect(annaLink.startsWith(`${server.url}/portal#`)).toBe(true);
    await annaPage.goto(annaLink);
    await annaPage.getByTestId('portal-amount-due').waitFor();
    // The token is out of the address bar at once.
    expect(annaPage.url()).toBe(`${server.url}/portal`);
    const overview = await (await annaPage.request.get(`${server.url}/portal-api/overview`)).json();
    expect(overview.customer).toMatchObject({ number: 'K-201', language: 'de' });
    expect(overview.amountDue.totalCents).toBeGreaterThan(129_050);
    expect(overview.amountDue.invoiceNumbers).toEqual(['RE-2001', 'RE-2002']);
    expect(plain(await annaPage.getByTestId('portal-amount-due').textContent())).toBe(
      euros(overview.amountDue.totalCents, 'de-DE'),
    );
    expect(plain(await annaPage.getByTestId('portal-company').textContent())).toBe(
      'Werkzeugbau Kranich GmbH',
    );
    const card = annaPage.getByTestId('portal-invoice-RE-2001');
    expect(await card.textContent()).toMatch(/Seit \d+ Tagen überfällig/);
    expect(await annaPage.getByTestId('portal-transfer').textContent()).toContain(
      'DE89 3704 0044 0532 0130 00',
    );
    // The GiroCode on the page is the API's payload: this amount, this account.
    const pixels = await annaPage.evaluate(async () => {
      const image = document.querySelector<HTMLImageElement>('[data-testid=portal-qr]');
      if (!image) return null;
      await image.decode();
      const canvas = document.createElement('canvas');
      canvas.width = image.naturalWidth;
      canvas.height = image.naturalHeight;
      const context = canvas.getContext('2d');
      context?.drawImage(image, 0, 0);
      const data = context?.getImageData(0, 0, canvas.width, canvas.height);
      return data ? { width: data.width, height: data.height, rgba: Array.from(data.data) } : null;
    });
    expect(pixels).not.toBeNull();
    const qr = jsQR(Uint8ClampedArray.from(pixels?.rgba ?? []), pixels?.width ?? 0, pixels?.height ?? 0);
    expect(qr?.data).toBe(overview.amountDue.epcQr.payload);
    expect(qr?.data).toContain(`EUR${(overview.amountDue.totalCents / 100).toFixed(2)}`);
    // Nothing of the other customer.
    const text = (await annaPage.locator('body').textContent()) ?? '';
    for (const foreign of ['Bob Miller', 'K-202', 'RE-3001', 'RE-3002']) expect(text).not.toContain(foreign);
    expect(await overflow(annaPage)).toBeLessThanOrEqual(0);
    await shot(annaPage, 'portal-01-overview');
    // The invoice's PDF opens from its link with the session's cookie.
    const pdf = anna.waitForEvent('response', (r) =>
      r.url().endsWith(`/portal-api/invoices/${overview.invoices[0].id}/pdf`),
    );
    await card.getByRole('link', { name: 'Rechnung als PDF' }).click();
    const answer = await pdf;
    expect(answer.status()).toBe(200);
    expect(answer.headers()['content-type']).toBe('application/pdf');
    for (const popup of anna.pages().filter((p) => p !== annaPage)) await popup.close();
    await annaPage.bringToFront();
  });

  it('shows the plan form’s limits and a message at the field, then agrees a plan within the limits', async () => {
    await annaPage.getByTestId('action-plan').locator('summary').click();
    expect(plain(await annaPage.getByTestId('plan-limits').textContent())).toBe(
      'Bis zu 4 Monatsraten mit mindestens 100,00 € je Rate vereinbaren wir sofort. Andere Vorschläge prüfen wir persönlich und melden uns bei Ihnen.',
    );
    await annaPage.getByTestId('plan-months').fill('0');
    await annaPage.getByTestId('plan-submit').click();
    const months = annaPage.getByTestId('plan-months');
    await expect.poll(() => months.getAttribute('aria-invalid')).toBe('true');
    // The keyboard focus moves to the field to change.
    await expect
      .poll(() => annaPage.evaluate(() => document.activeElement?.getAttribute('data-testid')))
      .toBe('plan-months');
    expect(await annaPage.getByTestId('plan-form').locator('.field-error').first().textContent()).toBe(
      'Bitte geben Sie eine ganze Zahl von 1 bis 36 an.',
    );
    await shot(annaPage, 'portal-02-plan-field-error');
    await months.fill('3');
    expect(await annaPage.getByTestId('plan-outside').count()).toBe(0);
    await annaPage.getByTestId('plan-first-due').fill(dayFromToday(20));
    await annaPage.getByTestId('plan-submit').click();
    const done = annaPage.getByTestId('action-plan-done');
    await done.waitFor();
    expect(await done.textContent()).toMatch(/Ihre Ratenzahlung ist vereinbart: 3 Monatsraten/);
    // The overview reloaded: both invoices are in the plan, nothing is due by transfer now.
    await expect.poll(() => annaPage.getByTestId('portal-amount-due').textContent()).toMatch(/^0,00/);
    expect(await annaPage.getByTestId('portal-invoice-RE-2002').textContent()).toContain('In Ratenzahlung');
    await annaPage.getByTestId('agreement-plan').waitFor();
    expect(await overflow(annaPage)).toBeLessThanOrEqual(0);
    await shot(annaPage, 'portal-03-plan-agreed');
  });

  it('changes the billing e-mail address, refusing one that is none at the field', async () => {
    await annaPage.getByTestId('action-email').locator('summary').click();
    await annaPage.getByTestId('email-input').fill('rechnung@');
    await annaPage.getByTestId('email-submit').click();
    await expect.poll(() => annaPage.getByTestId('email-input').getAttribute('aria-invalid')).toBe('true');
    await annaPage.getByTestId('email-input').fill('rechnung@schmidt-haustechnik.example');
    await annaPage.getByTestId('email-submit').click();
    await annaPage.getByTestId('action-email-done').waitFor();
    expect(await annaPage.getByTestId('action-email-done').textContent()).toBe(
      'Gespeichert. Rechnungen und Erinnerungen senden wir ab jetzt an rechnung@schmidt-haustechnik.example.',
    );
    const customer = await (await api.get(`${server.url}/api/customers/${ids.anna}`)).json();
    expect(JSON.stringify(customer)).toContain('rechnung@schmidt-haustechnik.example');
  });

  it('shows the credit controller the plan the customer agreed', async () => {
    const plans = await (await api.get(`${server.url}/api/plans?customerId=${ids.anna}`)).json();
    expect(plans.items).toHaveLength(1);
    const plan = plans.items[0];
    expect(plan).toMatchObject({ status: 'active' });
    await office.goto(`${server.url}/plans`);
    await office.getByTestId(`plan-row-${plan.id}`).waitFor();
    expect(await office.getByTestId(`plan-row-${plan.id}`).textContent()).toContain(
      'Anna Schmidt Haustechnik',
    );
    await shot(office, 'portal-04-controller-plans');
  });

  it('asks the second customer for the e-mailed code, in English, and shows only that customer’s data', async () => {
    const mail = await mailTo('bob@miller.example', /access code/);
    const code = /(\d{6})/.exec(mail.text)?.[1] as string;
    expect(await bobPage.locator('h1').textContent()).toBe('Enter your access code');
    await shot(bobPage, 'portal-05-code');
    await bobPage.getByTestId('code-input').fill(code === '000000' ? '111111' : '000000');
    await bobPage.getByTestId('code-submit').click();
    await expect
      .poll(() => bobPage.getByTestId('code-form').locator('.field-error').textContent())
      .toBe('This code is not right. Please check the digits.');
    await bobPage.getByTestId('code-input').fill(code);
    await bobPage.getByTestId('code-submit').click();
    await bobPage.getByTestId('portal-amount-due').waitFor();
    expect(await bobPage.getByTestId('portal-customer').textContent()).toBe(
      'Bob Miller Ltd · customer number K-202',
    );
    expect(await bobPage.locator('#invoices-title').textContent()).toBe('Open invoices');
    const text = (await bobPage.locator('body').textContent()) ?? '';
    for (const foreign of ['Anna Schmidt', 'K-201', 'RE-2001', 'RE-2002'])
      expect(text).not.toContain(foreign);
    // Bob's reminder e-mail was sent too, in English, with a link of its own.
    const reminder = await mailTo('bob@miller.example', /reminder/i);
    expect(linkIn(reminder)).not.toBe(annaLink);
  });

  it('shows the server’s refusal at the field: a promise past a limit the company lowered meanwhile', async () => {
    // Every value the test relies on: a PUT of some fields resets the others to their defaults today
    // (the route's body schema, portalSettingsSchema.partial(), fills in each missing field's default).
    await call(
      'put',
      '/api/settings/portal',
      { publicUrl: server.url, maxMonths: 4, minInstalmentCents: 10_000, promiseMaxDays: 7 },
      200,
    );
    await bobPage.getByTestId('action-promise').locator('summary').click();
    // The page still knows the old limit of 21 days; the server checks the new one.
    await bobPage.getByTestId('promise-pay-by').fill(dayFromToday(14));
    await bobPage.getByTestId('promise-submit').click();
    const payBy = bobPage.getByTestId('promise-pay-by');
    await expect.poll(() => payBy.getAttribute('aria-invalid')).toBe('true');
    const until = dayFromToday(7).split('-').reverse().join('/');
    expect(await bobPage.getByTestId('promise-form').locator('.field-error').textContent()).toBe(
      `Please choose a day from ${dayFromToday(0).split('-').reverse().join('/')} to ${until}.`,
    );
    expect(await bobPage.getByTestId('promise-form').getByRole('alert').textContent()).toBe(
      'Please check the marked entries.',
    );
    await shot(bobPage, 'portal-06-promise-server-error');
    await payBy.fill(dayFromToday(5));
    await bobPage.getByTestId('promise-submit').click();
    await bobPage.getByTestId('action-promise-done').waitFor();
    expect(await bobPage.getByTestId('action-promise-done').textContent()).toMatch(
      /^Thank you! We have noted your promise: €[\d,.]+ by \d\d\/\d\d\/\d{4} for RE-3001, RE-3002\.$/,
    );
    await expect
      .poll(() => bobPage.getByTestId('portal-invoice-RE-3001').textContent())
      .toContain('Payment promised');
  });

  it('disputes an invoice with a file and sends a plan outside the limits for approval', async () => {
    await bobPage.getByTestId('action-dispute').locator('summary').click();
    const form = bobPage.getByTestId('dispute-form');
    // Oldest due first: RE-3001, RE-3002.
    await form.locator('select').first().selectOption({ index: 1 });
    await bobPage.getByTestId('dispute-text').fill('We were charged for a visit that never took place.');
    await bobPage.getByTestId('dispute-file').setInputFiles({
      name: 'visit-log.pdf',
      mimeType: 'application/pdf',
      buffer: Buffer.from('%PDF-1.4\n% visit log\n'),
    });
    await bobPage.getByTestId('dispute-submit').click();
    // The reason was not chosen: said at its field, nothing sent.
    await expect.poll(() => bobPage.getByTestId('dispute-reason').getAttribute('aria-invalid')).toBe('true');
    await bobPage.getByTestId('dispute-reason').selectOption('not-received');
    await bobPage.getByTestId('dispute-submit').click();
    await bobPage.getByTestId('action-dispute-done').waitFor();
    expect(await bobPage.getByTestId('action-dispute-done').textContent()).toBe(
      'We have received your dispute of invoice RE-3002 with the file “visit-log.pdf”. We will review it and get back to you; until then we send no reminders for this invoice.',
    );
    await expect
      .poll(() => bobPage.getByTestId('portal-invoice-RE-3002').textContent())
      .toContain('Disputed');

    await bobPage.getByTestId('action-plan').locator('summary').click();
    await bobPage.getByTestId('plan-months').fill('6');
    await bobPage.getByTestId('plan-outside').waitFor();
    expect(await bobPage.getByTestId('plan-outside').textContent()).toContain('more than 4 instalments');
    await shot(bobPage, 'portal-07-plan-outside-limits');
    await bobPage.getByTestId('plan-submit').click();
    await bobPage.getByTestId('action-plan-done').waitFor();
    expect(await bobPage.getByTestId('action-plan-done').textContent()).toMatch(
      /^Thank you! We have received your proposal \(6 monthly instalments of about €[\d,.]+\)\. We will review it/,
    );
    await bobPage.getByTestId('agreement-proposal').waitFor();
    const proposals = await (await api.get(`${server.url}/api/plan-proposals?customerId=${ids.bob}`)).json();
    expect(proposals).toMatchObject([{ customerId: ids.bob, months: 6, invoiceNumbers: ['RE-3001'] }]);
    expect(proposals[0].reasons).toContain('more than 4 months');
    // Anna's company sees no proposal of hers: hers was agreed at once.
    expect(await (await api.get(`${server.url}/api/plan-proposals?customerId=${ids.anna}`)).json()).toEqual(
      [],
    );
    expect(await overflow(bobPage)).toBeLessThanOrEqual(0);
    await shot(bobPage, 'portal-08-proposal-sent');
  });

  it('tells the customer what to do when the link was revoked or is not known', async () => {
    await call('post', `/api/customers/${ids.anna}/portal-links/revoke`, {}, 200);
    // The open session ends with the link: a reload says so.
    await annaPage.reload();
    await annaPage.getByTestId('portal-stop').waitFor();
    expect(await annaPage.getByTestId('portal-stop').getAttribute('data-reason')).toBe('ended');
    await annaPage.goto(annaLink);
    await expect.poll(() => annaPage.getByTestId('portal-stop').getAttribute('data-reason')).toBe('revoked');
    expect(await annaPage.locator('h1').textContent()).toBe('Dieser Link gilt nicht mehr');
    expect(await annaPage.getByTestId('portal-stop').textContent()).toMatch(
      /antworten Sie bitte auf die E-Mail/,
    );
    await shot(annaPage, 'portal-09-revoked');
    await annaPage.goto(`${server.url}/portal#${'x'.repeat(43)}`);
    await expect.poll(() => annaPage.getByTestId('portal-stop').getAttribute('data-reason')).toBe('unknown');
    const text = (await annaPage.locator('body').textContent()) ?? '';
    expect(text).not.toMatch(/Error|at \w+ \(|unauthenticated|401/);
  });
});
