import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readEventsOf } from '../db/event-store.ts';
import { notices } from '../db/schema.ts';
import type { CalendarDate } from '../domain/calendar-date.ts';
import { createCustomer } from '../services/customer-service.ts';
import { noticeLetter } from '../services/document-service.ts';
import { runDunning } from '../services/dunning-run-service.ts';
import { createInvoice } from '../services/invoice-service.ts';
import { approveNotices } from '../services/notice-service.ts';
import { openPortalLink, portalLinkForNoticeEmail } from '../services/portal-link-service.ts';
import { updatePortalSettings } from '../services/portal-settings-service.ts';
import { newTenantContext, openTestDatabase, type TestDatabase } from '../../test/support/test-database.ts';
import { composeNoticeEmail } from './notice-email.ts';

const TODAY = '2026-03-16';
const now = () => new Date(`${TODAY}T09:00:00Z`);

describe('the notice e-mail’s portal link', () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await openTestDatabase('pglite');
  }, 60_000);
  afterAll(() => database?.close());

  async function approvedNotice(language: 'de' | 'en') {
    const ctx = { ...(await newTenantContext(database, { now })), actor: 'outbox' };
    const customer = await createCustomer(ctx, {
      name: 'Kunde GmbH',
      debtorKind: 'business',
      language,
      email: 'kunde@example.test',
    });
    await createInvoice(ctx, {
      customerNumber: customer.number,
      issuedOn: '2026-02-01',
      paymentTerms: { kind: 'net', days: 14 },
      lines: [{ description: 'Leistung', unitPrice: '100.00', vatRatePercent: '0' }],
    });
    await runDunning(ctx, database, { date: TODAY as CalendarDate });
    await approveNotices(ctx, { all: true });
    const [notice] = await database.db
      .select({ id: notices.id })
      .from(notices)
      .where(and(eq(notices.tenantId, ctx.tenantId), eq(notices.status, 'approved')));
    if (!notice) throw new Error('expected an approved notice');
    const { document, pdf } = await noticeLetter(ctx, notice.id);
    return { ctx, customer, noticeId: notice.id, document, pdf };
  }

  it('invites the customer to the portal with a link of its own that opens the customer’s portal', async () => {
    const { ctx, customer, noticeId, document, pdf } = await approvedNotice('de');
    await updatePortalSettings(ctx, { publicUrl: 'https://zahlen.firma.example/' });
    const url = await portalLinkForNoticeEmail(ctx, noticeId);
    expect(url).toMatch(/^https:\/\/zahlen\.firma\.example\/portal#[A-Za-z0-9_-]{43}$/);
    const message = composeNoticeEmail(document, 'kunde@example.test', pdf, { portalUrl: url });
    expect(message.text).toContain(
      `In unserem Kundenportal sehen Sie Ihre offenen Rechnungen und Schreiben und können bezahlen, ` +
        `eine bereits geleistete Zahlung melden, einer Rechnung widersprechen oder eine Ratenzahlung vorschlagen:\n${url}\n`,
    );
    expect(message.html).toContain(`<a href="${url}">${url}</a>`);
    // The token in the link opens this customer's portal.
    const opened = await openPortalLink(
      database.db,
      { token: (url as string).split('#')[1] as string },
      now(),
    );
    expect(opened.kind === 'session' && opened.session.caller.customerId).toBe(customer.id);
    // Each e-mail its own link; the event says why it was made and holds no token.
    const again = await portalLinkForNoticeEmail(ctx, noticeId);
    expect(again).not.toBe(url);
    const created = (await readEventsOf(database.db, ctx.tenantId, customer.id)).filter(
      (e) => e.type === 'portal.link-created',
    );
    expect(created.map((e) => [e.actor, e.payload.purpose])).toEqual([
      ['outbox', 'notice-email'],
      ['outbox', 'notice-email'],
    ]);
    expect(JSON.stringify(created)).not.toContain((url as string).split('#')[1]);
  });

  it('names no portal without a link, or when the company turned the links off', async () => {
    const { ctx, noticeId, document, pdf } = await approvedNotice('en');
    const english = composeNoticeEmail(document, 'kunde@example.test', pdf, {
      portalUrl: 'https://x.example/portal#t',
    });
    expect(english.text).toContain('In our customer portal you can see your open invoices');
    expect(english.text).toContain('The link is personal; please do not pass it on.');
    await updatePortalSettings(ctx, { linksInNoticeEmails: false });
    expect(await portalLinkForNoticeEmail(ctx, noticeId)).toBeNull();
    const plain = composeNoticeEmail(document, 'kunde@example.test', pdf);
    expect(plain.text).not.toContain('portal');
    expect(plain.html).not.toContain('portal');
  });
});
