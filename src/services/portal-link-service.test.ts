import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readEventsOf } from '../db/event-store.ts';
import { outbox, portalLinks } from '../db/schema.ts';
import { isPortalMessagePayload } from '../delivery/portal-email.ts';
import {
  newTenantContext,
  openTestDatabase,
  TEST_DATABASE_KINDS,
  type TestDatabase,
} from '../../test/support/test-database.ts';
import { AppError } from './app-error.ts';
import { createCustomer } from './customer-service.ts';
import {
  authenticatePortalSession,
  createPortalLink,
  endPortalSession,
  listPortalLinks,
  openPortalLink,
  PORTAL_CODE_MAX_ATTEMPTS,
  PORTAL_SESSION_MS,
  portalCsrfToken,
  revokePortalLinks,
  samePortalCsrfToken,
} from './portal-link-service.ts';
import { updatePortalSettings } from './portal-settings-service.ts';
import { sha256 } from './auth-service.ts';

const NOW = new Date('2026-03-16T09:00:00Z');
const later = (ms: number) => new Date(NOW.getTime() + ms);
const DAY = 24 * 60 * 60 * 1000;

async function refusal(promise: Promise<unknown>): Promise<{ code: string; reason: string | undefined }> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof AppError) return { code: error.code, reason: error.issues[0]?.message };
    throw error;
  }
  throw new Error('expected a refusal');
}

describe.each(TEST_DATABASE_KINDS)('portal links (%s)', (kind) => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await openTestDatabase(kind);
  }, 60_000);
  afterAll(() => database?.close());

  async function setUp(email: string | null = 'buchhaltung@kunde.example') {
    const ctx = await newTenantContext(database, { now: () => NOW });
    const customer = await createCustomer(ctx, { name: 'Kunde GmbH', debtorKind: 'business', email });
    return { ctx: { ...ctx, actor: 'user:chef@firma.example' }, customer };
  }

  it('stores only the hash of the token, puts the token in the fragment, and opens a session with it', async () => {
    const { ctx, customer } = await setUp();
    const created = await createPortalLink(ctx, { customerId: customer.id });
    expect(created.url).toBe(`http://localhost:3000/portal#${created.token}`);
    expect(created.link).toMatchObject({ status: 'active', codeRequired: false, customerId: customer.id });
    expect(created.link.expiresAt).toBe(later(60 * DAY).toISOString());
    const [row] = await database.db.select().from(portalLinks).where(eq(portalLinks.id, created.link.id));
    expect(row?.tokenHash).toBe(sha256(created.token));
    expect(JSON.stringify(row)).not.toContain(created.token);

    const opened = await openPortalLink(database.db, { token: created.token }, later(1000));
    if (opened.kind !== 'session') throw new Error('expected a session');
    expect(opened.session.caller).toEqual({
      tenantId: ctx.tenantId,
      customerId: customer.id,
      linkId: created.link.id,
      actor: `portal-link:${created.link.id}`,
    });
    expect(opened.session.expiresAt).toEqual(later(1000 + PORTAL_SESSION_MS));
    expect(opened.session.csrfToken).toBe(portalCsrfToken(opened.session.token));
    expect(samePortalCsrfToken(opened.session.token, opened.session.csrfToken)).toBe(true);
    expect(samePortalCsrfToken(opened.session.token, portalCsrfToken('other'))).toBe(false);
    expect(await authenticatePortalSession(database.db, opened.session.token, later(2000))).toEqual(
      opened.session.caller,
    );
    // The link's token is no session, and a session's secret is no link.
    expect(await authenticatePortalSession(database.db, created.token, later(2000))).toBeNull();
    expect(await refusal(openPortalLink(database.db, { token: opened.session.token }, later(2000)))).toEqual({
      code: 'unauthenticated',
      reason: 'unknown',
    });
    // The session ends on its own, and on logout.
    expect(
      await authenticatePortalSession(database.db, opened.session.token, later(1000 + PORTAL_SESSION_MS)),
    ).toBeNull();
    await endPortalSession(database.db, opened.session.token, later(3000));
    expect(await authenticatePortalSession(database.db, opened.session.token, later(4000))).toBeNull();

    // The timeline says who made it and that it was opened; no token, no hash.
    const events = await readEventsOf(database.db, ctx.tenantId, customer.id);
    const portalEvents = events.filter((e) => e.type.startsWith('portal.'));
    expect(portalEvents.map((e) => [e.type, e.actor])).toEqual([
      ['portal.link-created', 'user:chef@firma.example'],
      ['portal.link-opened', `portal-link:${created.link.id}`],
    ]);
    const text = JSON.stringify(events);
    expect(text).not.toContain(created.token);
    expect(text).not.toContain(opened.session.token);
    expect(text).not.toContain(sha256(created.token));
    // The list shows links, not sessions.
    expect((await listPortalLinks(ctx, customer.id)).map((l) => l.id)).toEqual([created.link.id]);
  });

  it('refuses an unknown, an expired and a revoked link, each with its reason', async () => {
    const { ctx, customer } = await setUp();
    expect(await refusal(openPortalLink(database.db, { token: 'nonsense' }, NOW))).toEqual({
      code: 'unauthenticated',
      reason: 'unknown',
    });
    const short = await createPortalLink(ctx, { customerId: customer.id, validDays: 1 });
    expect(await refusal(openPortalLink(database.db, { token: short.token }, later(DAY)))).toEqual({
      code: 'unauthenticated',
      reason: 'expired',
    });
    const revoked = await createPortalLink(ctx, { customerId: customer.id });
    const kept = await createPortalLink(ctx, { customerId: customer.id });
    expect(await revokePortalLinks(ctx, customer.id, revoked.link.id)).toBe(1);
    expect(await refusal(openPortalLink(database.db, { token: revoked.token }, NOW))).toEqual({
      code: 'unauthenticated',
      reason: 'revoked',
    });
    expect((await openPortalLink(database.db, { token: kept.token }, NOW)).kind).toBe('session');
    const statuses = Object.fromEntries(
      (await listPortalLinks({ ...ctx, now: () => later(DAY) }, customer.id)).map((l) => [l.id, l.status]),
    );
    expect(statuses).toEqual({
      [short.link.id]: 'expired',
      [revoked.link.id]: 'revoked',
      [kept.link.id]: 'active',
    });
    // Revoking again: nothing live left of that one.
    await expect(revokePortalLinks(ctx, customer.id, revoked.link.id)).rejects.toMatchObject({
      code: 'not-found',
    });
  });

  it('ends the sessions of a link when the link is revoked', async () => {
    const { ctx, customer } = await setUp();
    const created = await createPortalLink(ctx, { customerId: customer.id });
    const opened = await openPortalLink(database.db, { token: created.token }, NOW);
    if (opened.kind !== 'session') throw new Error('expected a session');
    expect(await authenticatePortalSession(database.db, opened.session.token, NOW)).not.toBeNull();
    expect(await revokePortalLinks(ctx, customer.id)).toBe(1);
    expect(await authenticatePortalSession(database.db, opened.session.token, NOW)).toBeNull();
    const types = (await readEventsOf(database.db, ctx.tenantId, customer.id)).map((e) => e.type);
    expect(types).toContain('portal.link-revoked');
  });

  it('never lets a session outlive its link', async () => {
    const { ctx, customer } = await setUp();
    const created = await createPortalLink(ctx, { customerId: customer.id, validDays: 1 });
    const opened = await openPortalLink(database.db, { token: created.token }, later(DAY - 60_000));
    if (opened.kind !== 'session') throw new Error('expected a session');
    expect(opened.session.expiresAt).toEqual(later(DAY));
  });

  it('asks for a one-time code by e-mail: six digits, ten minutes, five tries', async () => {
    const { ctx, customer } = await setUp();
    await updatePortalSettings(ctx, { requireCode: true });
    const created = await createPortalLink(ctx, { customerId: customer.id });
    expect(created.link.codeRequired).toBe(true);
    const first = await openPortalLink(database.db, { token: created.token }, NOW);
    expect(first).toEqual({ kind: 'code-required', sentTo: 'b***@kunde.example' });
    // Asked again within a minute: no second e-mail.
    await openPortalLink(database.db, { token: created.token }, later(30_000));
    const mails = async () =>
      (
        await database.db
          .select()
          .from(outbox)
          .where(and(eq(outbox.tenantId, ctx.tenantId), eq(outbox.kind, 'email')))
      ).map((r) => r.payload);
    const [mail] = await mails();
    expect(await mails()).toHaveLength(1);
    if (!isPortalMessagePayload(mail)) throw new Error('expected a portal message');
    expect(mail.to).toBe('buchhaltung@kunde.example');
    expect(mail.subject).toMatch(/^Ihr Zugangscode für das Kundenportal von /);
    const code = /Ihr Zugangscode lautet: (\d{6})/.exec(mail.text)?.[1] as string;
    expect(code).toMatch(/^\d{6}$/);
    // The stored code is a hash; the event names no code.
    const [row] = await database.db.select().from(portalLinks).where(eq(portalLinks.id, created.link.id));
    expect(row?.codeHash).toBe(sha256(`${created.link.id}:${code}`));
    const events = JSON.stringify(await readEventsOf(database.db, ctx.tenantId, customer.id));
    expect(events).toContain('portal.code-sent');
    expect(events).not.toContain(code);

    const wrong = code === '000000' ? '111111' : '000000';
    expect(await refusal(openPortalLink(database.db, { token: created.token, code: wrong }, NOW))).toEqual({
      code: 'unauthenticated',
      reason: 'wrong',
    });
    const opened = await openPortalLink(database.db, { token: created.token, code }, later(60_000));
    expect(opened.kind).toBe('session');
    // Used once: it cannot open a second session.
    expect(await refusal(openPortalLink(database.db, { token: created.token, code }, later(60_000)))).toEqual(
      {
        code: 'unauthenticated',
        reason: 'no-code',
      },
    );

    // A new code expires after ten minutes …
    await openPortalLink(database.db, { token: created.token }, later(5 * 60_000));
    const second = /(\d{6})/.exec(((await mails())[1] as { text: string }).text)?.[1] as string;
    expect(
      await refusal(openPortalLink(database.db, { token: created.token, code: second }, later(16 * 60_000))),
    ).toEqual({ code: 'unauthenticated', reason: 'expired' });
    // … and is void after five wrong tries, even the right one afterwards.
    await openPortalLink(database.db, { token: created.token }, later(20 * 60_000));
    const third = /(\d{6})/.exec(((await mails())[2] as { text: string }).text)?.[1] as string;
    const bad = third === '000000' ? '111111' : '000000';
    const reasons: (string | undefined)[] = [];
    for (let i = 0; i < PORTAL_CODE_MAX_ATTEMPTS; i++) {
      reasons.push(
        (await refusal(openPortalLink(database.db, { token: created.token, code: bad }, later(20 * 60_000))))
          .reason,
      );
    }
    expect(reasons).toEqual(['wrong', 'wrong', 'wrong', 'wrong', 'too-many-attempts']);
    expect(
      (await refusal(openPortalLink(database.db, { token: created.token, code: third }, later(20 * 60_000))))
        .reason,
    ).toBe('no-code');
  });

  it('cannot send a code to a customer without an e-mail address', async () => {
    const { ctx, customer } = await setUp(null);
    const created = await createPortalLink(ctx, { customerId: customer.id, codeRequired: true });
    await expect(openPortalLink(database.db, { token: created.token }, NOW)).rejects.toMatchObject({
      code: 'conflict',
    });
  });

  it('knows no customer of another company', async () => {
    const { customer } = await setUp();
    const { ctx: other } = await setUp();
    await expect(createPortalLink(other, { customerId: customer.id })).rejects.toMatchObject({
      code: 'not-found',
    });
    await expect(listPortalLinks(other, customer.id)).rejects.toMatchObject({ code: 'not-found' });
    await expect(revokePortalLinks(other, customer.id)).rejects.toMatchObject({ code: 'not-found' });
  });
});
