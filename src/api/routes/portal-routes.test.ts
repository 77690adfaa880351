/**
 * The portal's API: sessions from a link (cookie or bearer), the customer's own data and nothing
 * else — not another customer's, not another company's, no /api route at all — CSRF, rate limits,
 * and no token in the server's log. The company's side: links, settings, proposed plans.
 */
import { Writable } from 'node:stream';
import { and, eq } from 'drizzle-orm';
import Fastify, { type FastifyInstance, type InjectOptions, type LightMyRequestResponse } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { invoices, notices } from '../../db/schema.ts';
import type { CalendarDate } from '../../domain/calendar-date.ts';
import { updateCompanyProfile } from '../../services/company-service.ts';
import { createCustomer, findCustomerOrFail } from '../../services/customer-service.ts';
import { runDunning } from '../../services/dunning-run-service.ts';
import { createInvoice } from '../../services/invoice-service.ts';
import { approveNotices } from '../../services/notice-service.ts';
import { createPortalLink } from '../../services/portal-link-service.ts';
import { createApiToken } from '../../services/auth-service.ts';
import type { ServiceContext } from '../../services/service-context.ts';
import { signIn } from '../../../test/support/test-api.ts';
import {
  newTenantContext,
  openTestDatabase,
  TEST_DATABASE_KINDS,
  type TestDatabase,
} from '../../../test/support/test-database.ts';
import { API_ROUTE_MODULES, registerApi } from '../app.ts';
import { PORTAL_COOKIE, PORTAL_CSRF_HEADER, portalRoutes } from './portal-routes.ts';

const TODAY = '2026-03-16';
const now = () => new Date(`${TODAY}T09:00:00Z`);
const PDF_BASE64 = Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.alloc(1_500_000, 0x20)]).toString(
  'base64',
);

/** The API with the portal routes, logging every request at the most detailed level into `lines`. */
async function openPortalApi(database: TestDatabase, lines: string[]): Promise<FastifyInstance> {
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(chunk.toString());
      done();
    },
  });
  const app = Fastify({ logger: { level: 'trace', stream }, bodyLimit: 1024 * 1024 });
  const deps = { database, now };
  await registerApi(app, deps);
  // Until app.ts lists the module, the test registers it itself.
  if (!(API_ROUTE_MODULES as unknown[]).includes(portalRoutes)) {
    portalRoutes(app.withTypeProvider<ZodTypeProvider>(), deps);
  }
  await app.ready();
  return app;
}

interface PortalSession {
  cookie: string;
  csrf: string;
  request(options: InjectOptions): Promise<LightMyRequestResponse>;
}

describe.each(TEST_DATABASE_KINDS)('the portal API (%s)', (kind) => {
  let database: TestDatabase;
  let app: FastifyInstance;
  const log: string[] = [];
  let owner: Awaited<ReturnType<typeof companyWithCallers>>;
  let stranger: Awaited<ReturnType<typeof companyWithCallers>>;

  /** One after the other: on PostgreSQL, concurrent logins race in the event chain (login appends outside a transaction). */
  async function companyWithCallers() {
    const ctx = await newTenantContext(database, { now });
    const admin = await signIn(app, ctx, 'admin');
    const controller = await signIn(app, ctx, 'controller');
    const viewer = await signIn(app, ctx, 'viewer');
    return { ctx, admin, controller, viewer };
  }
  let ids: { a: number; b: number; a1: number; a2: number; b1: number; strangerInvoice: number };
  const secrets: string[] = [];

  async function seed(ctx: ServiceContext, prefix: string) {
    await updateCompanyProfile(ctx, {
      name: `Firma ${prefix}`,
      bank: { iban: 'DE89370400440532013000', bic: 'COBADEFFXXX', bankName: 'Commerzbank' },
    });
    const a = await createCustomer(ctx, {
      number: `${prefix}-A`,
      name: `Anna ${prefix}`,
      debtorKind: 'business',
      email: 'anna@kunde.example',
    });
    const b = await createCustomer(ctx, {
      number: `${prefix}-B`,
      name: `Bernd ${prefix}`,
      debtorKind: 'business',
    });
    const invoice = (customerNumber: string, number: string, issuedOn: string) =>
      createInvoice(ctx, {
        customerNumber,
        number,
        issuedOn,
        paymentTerms: { kind: 'net', days: 14 },
        lines: [{ description: 'Leistung', unitPrice: '1000.00', vatRatePercent: '0' }],
      });
    const a1 = await invoice(a.number, `${prefix}-RE-A1`, '2026-02-01');
    const a2 = await invoice(a.number, `${prefix}-RE-A2`, '2026-03-10');
    const b1 = await invoice(b.number, `${prefix}-RE-B1`, '2026-02-01');
    return { a, b, a1, a2, b1 };
  }

  /** A link of the customer, made by the company. */
  async function linkOf(ctx: ServiceContext, customerId: number, extra: { validDays?: number } = {}) {
    const created = await createPortalLink(ctx, { customerId, ...extra });
    secrets.push(created.token);
    return created;
  }

  async function open(token: string, remoteAddress = '10.1.0.1'): Promise<PortalSession> {
    const response = await app.inject({
      method: 'POST',
      url: '/portal-api/session',
      payload: { token },
      remoteAddress,
    });
    expect(response.statusCode).toBe(200);
    const cookie = response.cookies.find((c) => c.name === PORTAL_COOKIE);
    if (!cookie) throw new Error('no portal cookie');
    const { csrfToken } = response.json() as { csrfToken: string };
    secrets.push(cookie.value, csrfToken);
    return {
      cookie: cookie.value,
      csrf: csrfToken,
      request: (options) =>
        app.inject({
          remoteAddress,
          ...options,
          headers: {
            cookie: `${PORTAL_COOKIE}=${cookie.value}`,
            [PORTAL_CSRF_HEADER]: csrfToken,
            ...(options.headers as Record<string, string>),
          },
        }),
    };
  }

  beforeAll(async () => {
    database = await openTestDatabase(kind);
    app = await openPortalApi(database, log);
    owner = await companyWithCallers();
    stranger = await companyWithCallers();
    const mine = await seed(owner.ctx, 'O');
    const theirs = await seed(stranger.ctx, 'S');
    // Letters for both customers of the owner.
    await runDunning(owner.ctx, database, { date: TODAY as CalendarDate });
    await approveNotices(owner.ctx, { all: true });
    ids = {
      a: mine.a.id,
      b: mine.b.id,
      a1: mine.a1.id,
      a2: mine.a2.id,
      b1: mine.b1.id,
      strangerInvoice: theirs.a1.id,
    };
  }, 120_000);

  afterAll(async () => {
    await app?.close();
    await database?.close();
  });

  it('makes, lists and revokes links on the company’s side, with the roles of other changes', async () => {
    const created = await owner.controller.post(`/api/customers/${ids.a}/portal-links`, { validDays: 30 });
    expect(created.statusCode).toBe(201);
    const { url, link } = created.json() as { url: string; link: { id: number; expiresAt: string } };
    expect(url).toMatch(/^http:\/\/localhost:3000\/portal#[A-Za-z0-9_-]{43}$/);
    secrets.push(url.split('#')[1] as string);
    expect(link.expiresAt).toBe('2026-04-15T09:00:00.000Z');
    expect((await owner.viewer.post(`/api/customers/${ids.a}/portal-links`, {})).statusCode).toBe(403);
    const listed = await owner.viewer.get(`/api/customers/${ids.a}/portal-links`);
    expect(listed.statusCode).toBe(200);
    expect(JSON.stringify(listed.json())).not.toContain(url.split('#')[1]);
    expect((listed.json() as { id: number }[]).map((l) => l.id)).toContain(link.id);
    // Another company's customer is not found.
    expect((await stranger.controller.post(`/api/customers/${ids.a}/portal-links`, {})).statusCode).toBe(404);
    expect((await stranger.viewer.get(`/api/customers/${ids.a}/portal-links`)).statusCode).toBe(404);
    expect(
      (await stranger.controller.post(`/api/customers/${ids.a}/portal-links/revoke`, {})).statusCode,
    ).toBe(404);
    const revoked = await owner.controller.post(`/api/customers/${ids.a}/portal-links/revoke`, {
      linkId: link.id,
    });
    expect(revoked.json()).toEqual({ revoked: 1 });
    const refused = await app.inject({
      method: 'POST',
      url: '/portal-api/session',
      payload: { token: url.split('#')[1] },
      remoteAddress: '10.1.0.2',
    });
    expect(refused.statusCode).toBe(401);
    expect(refused.json()).toMatchObject({
      code: 'unauthenticated',
      errors: [{ path: 'token', message: 'revoked' }],
    });
  });

  it('opens a session as an HttpOnly, SameSite=Strict cookie for /portal-api only, and shows the overview', async () => {
    const { token } = await linkOf(owner.ctx, ids.a);
    const response = await app.inject({
      method: 'POST',
      url: '/portal-api/session',
      payload: { token },
      remoteAddress: '10.1.0.3',
    });
    expect(response.statusCode).toBe(200);
    const body = response.json() as { status: string; expiresAt: string; sessionToken?: string };
    expect(body).toMatchObject({ status: 'session', expiresAt: '2026-03-16T11:00:00.000Z' });
    expect(body.sessionToken).toBeUndefined();
    const cookie = response.cookies.find((c) => c.name === PORTAL_COOKIE);
    expect(cookie).toMatchObject({ path: '/portal-api', httpOnly: true, sameSite: 'Strict', maxAge: 7200 });
    const session = await open(token, '10.1.0.3');
    const overview = await session.request({ method: 'GET', url: '/portal-api/overview' });
    expect(overview.statusCode).toBe(200);
    expect(overview.headers['cache-control']).toBe('no-store');
    const data = overview.json() as {
      customer: { number: string };
      invoices: { id: number }[];
      documents: { kind: string; href: string }[];
      amountDue: { epcQr: { payload: string } | null };
    };
    expect(data.customer.number).toBe('O-A');
    expect(data.invoices.map((i) => i.id)).toEqual([ids.a1, ids.a2]);
    expect(data.amountDue.epcQr?.payload).toMatch(/^BCD\n002\n1\nSCT\nCOBADEFFXXX\nFirma O\n/);
    // Every document the overview lists can be fetched.
    for (const document of data.documents) {
      const pdf = await session.request({ method: 'GET', url: document.href });
      expect(pdf.statusCode, document.href).toBe(200);
      expect(pdf.headers['content-type']).toBe('application/pdf');
    }
    expect(data.documents.map((d) => d.kind).sort()).toEqual(['invoice', 'invoice', 'notice']);
    // Logging out ends it.
    expect((await session.request({ method: 'DELETE', url: '/portal-api/session' })).statusCode).toBe(204);
    expect((await session.request({ method: 'GET', url: '/portal-api/overview' })).statusCode).toBe(401);
  });

  it('works with a bearer session too, which needs no CSRF header; a cookie change without it is refused', async () => {
    const { token } = await linkOf(owner.ctx, ids.a);
    const opened = await app.inject({
      method: 'POST',
      url: '/portal-api/session',
      payload: { token, mode: 'bearer' },
      remoteAddress: '10.1.0.4',
    });
    const { sessionToken } = opened.json() as { sessionToken: string };
    secrets.push(sessionToken);
    expect(opened.cookies.find((c) => c.name === PORTAL_COOKIE)).toBeUndefined();
    const byBearer = await app.inject({
      method: 'PUT',
      url: '/portal-api/billing-email',
      payload: { email: 'neu@kunde.example' },
      headers: { authorization: `Bearer ${sessionToken}` },
      remoteAddress: '10.1.0.4',
    });
    expect(byBearer.statusCode).toBe(200);
    const session = await open(token, '10.1.0.4');
    const withoutCsrf = await app.inject({
      method: 'PUT',
      url: '/portal-api/billing-email',
      payload: { email: 'boese@example.test' },
      headers: { cookie: `${PORTAL_COOKIE}=${session.cookie}` },
      remoteAddress: '10.1.0.4',
    });
    expect(withoutCsrf.statusCode).toBe(403);
    expect(withoutCsrf.json()).toMatchObject({ code: 'csrf' });
    const wrongCsrf = await session.request({
      method: 'PUT',
      url: '/portal-api/billing-email',
      payload: { email: 'boese@example.test' },
      headers: { [PORTAL_CSRF_HEADER]: 'guess' },
    });
    expect(wrongCsrf.statusCode).toBe(403);
  });

  it('every portal action works over HTTP: paid already, dispute with a 1.5 MB file, promise, plan', async () => {
    const { token } = await linkOf(owner.ctx, ids.a);
    const session = await open(token, '10.1.0.5');
    const paid = await session.request({
      method: 'POST',
      url: '/portal-api/paid-already',
      payload: { invoiceId: ids.a1, paidOn: '2026-03-14', amountCents: 100_000 },
    });
    expect(paid.statusCode).toBe(201);
    expect(paid.json()).toMatchObject({ holdUntil: '2026-03-23' });
    const disputed = await session.request({
      method: 'POST',
      url: '/portal-api/disputes',
      payload: {
        invoiceId: ids.a2,
        reason: 'wrong-amount',
        text: 'Es waren 8 Stunden, nicht 10.',
        file: { name: 'stundenzettel.pdf', contentBase64: PDF_BASE64 },
      },
    });
    expect(disputed.statusCode).toBe(201);
    expect(disputed.json()).toMatchObject({
      attachment: { mimeType: 'application/pdf', sizeBytes: 1_500_009 },
    });
    const invalid = await session.request({
      method: 'POST',
      url: '/portal-api/promises',
      payload: { invoiceIds: [ids.a1], payBy: '2026-12-31' },
    });
    expect(invalid.statusCode).toBe(400);
    expect(invalid.json()).toMatchObject({ code: 'validation', errors: [{ path: 'payBy' }] });
    const promised = await session.request({
      method: 'POST',
      url: '/portal-api/promises',
      payload: { invoiceIds: [ids.a1], payBy: '2026-03-31', amountCents: 50_000 },
    });
    expect(promised.statusCode).toBe(201);
    expect(promised.json()).toEqual({
      payBy: '2026-03-31',
      amountCents: 50_000,
      invoiceNumbers: ['O-RE-A1'],
    });
    // The disputed invoice cannot go into a plan; the other one can, within the limits at once.
    const refused = await session.request({
      method: 'POST',
      url: '/portal-api/plan-proposals',
      payload: { months: 2, invoiceIds: [ids.a2] },
    });
    expect(refused.statusCode).toBe(400);
    const planned = await session.request({
      method: 'POST',
      url: '/portal-api/plan-proposals',
      payload: { months: 2 },
    });
    expect(planned.statusCode).toBe(201);
    expect(planned.json()).toMatchObject({
      outcome: 'accepted',
      plan: { status: 'active', agreedOn: TODAY },
    });
    const overview = (await session.request({ method: 'GET', url: '/portal-api/overview' })).json() as {
      invoices: { number: string; disputed: boolean; reportedPaid: boolean; inInstalmentPlan: boolean }[];
      amountDue: { totalCents: number; epcQr: unknown };
    };
    expect(overview.invoices).toMatchObject([
      { number: 'O-RE-A1', disputed: false, reportedPaid: true, inInstalmentPlan: true },
      { number: 'O-RE-A2', disputed: true, reportedPaid: false, inInstalmentPlan: false },
    ]);
    expect(overview.amountDue).toMatchObject({ totalCents: 0, epcQr: null });
  });

  it('sends a plan outside the limits for approval, which a controller gives', async () => {
    const { token } = await linkOf(stranger.ctx, await customerIdOf(stranger.ctx, 'S-B'));
    const session = await open(token, '10.1.0.6');
    const proposed = await session.request({
      method: 'POST',
      url: '/portal-api/plan-proposals',
      payload: { months: 10, note: 'Saisongeschäft' },
    });
    expect(proposed.statusCode).toBe(201);
    const { proposal } = proposed.json() as { proposal: { id: number; reasons: string[] } };
    expect(proposal.reasons).toEqual(['more than 6 months']);
    const listed = await stranger.viewer.get('/api/plan-proposals');
    expect((listed.json() as { id: number }[]).map((p) => p.id)).toEqual([proposal.id]);
    expect((await stranger.viewer.post(`/api/plans/${proposal.id}/approve`, {})).statusCode).toBe(403);
    expect((await owner.controller.post(`/api/plans/${proposal.id}/approve`, {})).statusCode).toBe(404);
    const approved = await stranger.controller.post(`/api/plans/${proposal.id}/approve`, {});
    expect(approved.statusCode).toBe(201);
    expect(approved.json()).toMatchObject({ status: 'active', agreedOn: TODAY });
    expect((approved.json() as { instalments: unknown[] }).instalments).toHaveLength(10);
  });

  const customerIdOf = async (ctx: ServiceContext, number: string) =>
    (await findCustomerOrFail(ctx.db, ctx.tenantId, number)).id;

  it('a portal session reads and changes only its own customer’s data, even with guessed ids', async () => {
    const { token } = await linkOf(owner.ctx, ids.a);
    const session = await open(token, '10.1.0.7');
    const allInvoices = await database.db
      .select({ id: invoices.id, tenantId: invoices.tenantId })
      .from(invoices);
    const allNotices = await database.db
      .select({ id: notices.id, customerId: notices.customerId })
      .from(notices)
      .where(eq(notices.tenantId, owner.ctx.tenantId));
    const foreignInvoices = allInvoices.filter((i) => i.id !== ids.a1 && i.id !== ids.a2).map((i) => i.id);
    const foreignNotices = allNotices.filter((n) => n.customerId !== ids.a).map((n) => n.id);
    expect(foreignInvoices).toContain(ids.b1);
    expect(foreignInvoices).toContain(ids.strangerInvoice);
    expect(foreignNotices.length).toBeGreaterThan(0);
    const failures: string[] = [];
    const expect404 = async (options: InjectOptions) => {
      const response = await session.request(options);
      if (response.statusCode !== 404)
        failures.push(`${options.method} ${options.url}: ${response.statusCode}`);
    };
    for (const id of [...foreignInvoices, 999_999]) {
      await expect404({ method: 'GET', url: `/portal-api/invoices/${id}/pdf` });
      await expect404({
        method: 'POST',
        url: '/portal-api/paid-already',
        payload: { invoiceId: id, paidOn: TODAY, amountCents: 1 },
      });
      await expect404({
        method: 'POST',
        url: '/portal-api/disputes',
        payload: { invoiceId: id, reason: 'other', text: 'x' },
      });
      await expect404({
        method: 'POST',
        url: '/portal-api/promises',
        payload: { invoiceIds: [id], payBy: TODAY },
      });
      await expect404({
        method: 'POST',
        url: '/portal-api/plan-proposals',
        payload: { months: 2, invoiceIds: [id] },
      });
    }
    for (const id of [...foreignNotices, ...allInvoices.map((i) => i.id)]) {
      if (allNotices.some((n) => n.id === id && n.customerId === ids.a)) continue;
      await expect404({ method: 'GET', url: `/portal-api/notices/${id}/pdf` });
    }
    expect(failures).toEqual([]);
    // Nothing of B's changed: no dispute, report or promise on B's invoice.
    const [b1] = await database.db
      .select({ status: invoices.status })
      .from(invoices)
      .where(and(eq(invoices.tenantId, owner.ctx.tenantId), eq(invoices.id, ids.b1)));
    expect(b1?.status).toBe('open');
  });

  it('a portal session — cookie or bearer — opens no /api route at all', async () => {
    const { token } = await linkOf(owner.ctx, ids.a);
    const session = await open(token, '10.1.0.8');
    const bearer = await app.inject({
      method: 'POST',
      url: '/portal-api/session',
      payload: { token, mode: 'bearer' },
      remoteAddress: '10.1.0.8',
    });
    const { sessionToken } = bearer.json() as { sessionToken: string };
    secrets.push(sessionToken);
    const routes = [...(app.routeAccess as Map<string, string>).entries()]
      .filter(([, access]) => access !== 'public')
      .map(([key]) => key.split(' ') as [string, string]);
    expect(routes.length).toBeGreaterThan(100);
    const failures: string[] = [];
    for (const [method, url] of routes) {
      const concrete = url.replace(/:(\w+)/g, (_, name: string) => (name === 'language' ? 'de' : '1'));
      for (const headers of [
        { cookie: `${PORTAL_COOKIE}=${session.cookie}`, [PORTAL_CSRF_HEADER]: session.csrf },
        // The portal secret where the company's session cookie would be, or as a token.
        { cookie: `mahnwerk_session=${session.cookie}`, 'x-csrf-token': session.csrf },
        { authorization: `Bearer ${sessionToken}` },
      ]) {
        const response = await app.inject({
          method: method as never,
          url: concrete,
          headers,
          ...(method === 'GET' || method === 'DELETE' ? {} : { payload: {} }),
        });
        if (response.statusCode !== 401) failures.push(`${method} ${url}: ${response.statusCode}`);
      }
    }
    expect(failures).toEqual([]);
  });

  it('knows no company login at the portal, and a session of another company shows that company’s customer only', async () => {
    const token = (await createApiToken(owner.ctx, { name: 'erp', role: 'admin' })).token;
    const asAdmin = await owner.admin.get('/portal-api/overview');
    expect(asAdmin.statusCode).toBe(401);
    const asToken = await app.inject({
      method: 'GET',
      url: '/portal-api/overview',
      headers: { authorization: `Bearer ${token}` },
    });
    expect(asToken.statusCode).toBe(401);
    const { token: theirs } = await linkOf(stranger.ctx, await customerIdOf(stranger.ctx, 'S-A'));
    const session = await open(theirs, '10.1.0.9');
    const overview = (await session.request({ method: 'GET', url: '/portal-api/overview' })).json() as {
      customer: { number: string };
      invoices: { number: string }[];
    };
    expect(overview.customer.number).toBe('S-A');
    expect(overview.invoices.map((i) => i.number)).toEqual(['S-RE-A1', 'S-RE-A2']);
    for (const id of [ids.a1, ids.a2, ids.b1]) {
      expect(
        (await session.request({ method: 'GET', url: `/portal-api/invoices/${id}/pdf` })).statusCode,
      ).toBe(404);
    }
  });

  it('refuses an expired link, and ends a session when its link is revoked', async () => {
    const expired = await linkOf(owner.ctx, ids.a, { validDays: 1 });
    const later = await openPortalApiAt(new Date('2026-03-17T09:00:01Z'));
    const refused = await later.inject({
      method: 'POST',
      url: '/portal-api/session',
      payload: { token: expired.token },
    });
    await later.close();
    expect(refused.statusCode).toBe(401);
    expect(refused.json()).toMatchObject({ errors: [{ path: 'token', message: 'expired' }] });
    const live = await linkOf(owner.ctx, ids.b);
    const session = await open(live.token, '10.1.0.10');
    expect((await session.request({ method: 'GET', url: '/portal-api/overview' })).statusCode).toBe(200);
    await owner.controller.post(`/api/customers/${ids.b}/portal-links/revoke`, {});
    const after = await session.request({ method: 'GET', url: '/portal-api/overview' });
    expect(after.statusCode).toBe(401);
  });

  async function openPortalApiAt(at: Date): Promise<FastifyInstance> {
    const other = Fastify({ logger: false });
    const deps = { database, now: () => at };
    await registerApi(other, deps);
    if (!(API_ROUTE_MODULES as unknown[]).includes(portalRoutes)) {
      portalRoutes(other.withTypeProvider<ZodTypeProvider>(), deps);
    }
    await other.ready();
    return other;
  }

  it('limits guessing: the 21st session request of an address within 15 minutes is refused', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 21; i++) {
      const response = await app.inject({
        method: 'POST',
        url: '/portal-api/session',
        payload: { token: `guess-${i}` },
        remoteAddress: '10.9.9.9',
      });
      statuses.push(response.statusCode);
    }
    expect(statuses.slice(0, 20).every((s) => s === 401)).toBe(true);
    expect(statuses[20]).toBe(429);
    // Another address is not affected.
    const other = await app.inject({
      method: 'POST',
      url: '/portal-api/session',
      payload: { token: 'guess' },
      remoteAddress: '10.9.9.8',
    });
    expect(other.statusCode).toBe(401);
  });

  it('lets an admin change the portal settings, validated, and everyone read them', async () => {
    const defaults = await stranger.viewer.get('/api/settings/portal');
    expect(defaults.json()).toEqual({
      linkValidityDays: 60,
      requireCode: false,
      reportedPaymentHoldDays: 7,
      promiseMaxDays: 30,
      maxMonths: 6,
      minInstalmentCents: 5000,
      autoAccept: true,
      linksInNoticeEmails: true,
      notificationEmail: null,
      publicUrl: null,
    });
    expect((await stranger.controller.put('/api/settings/portal', { maxMonths: 12 })).statusCode).toBe(403);
    const invalid = await stranger.admin.put('/api/settings/portal', { maxMonths: 0, publicUrl: 'ftp://x' });
    expect(invalid.statusCode).toBe(400);
    const changed = await stranger.admin.put('/api/settings/portal', {
      maxMonths: 12,
      publicUrl: 'https://zahlen.example',
    });
    expect(changed.json()).toMatchObject({
      maxMonths: 12,
      publicUrl: 'https://zahlen.example',
      promiseMaxDays: 30,
    });
    expect((await stranger.viewer.get('/api/settings/portal')).json()).toMatchObject({ maxMonths: 12 });
    // A change names one setting: the others keep their values, not their defaults.
    await stranger.admin.put('/api/settings/portal', { promiseMaxDays: 7 });
    expect((await stranger.viewer.get('/api/settings/portal')).json()).toMatchObject({
      maxMonths: 12,
      promiseMaxDays: 7,
      publicUrl: 'https://zahlen.example',
    });
    // The owner's settings stay as they were.
    expect((await owner.viewer.get('/api/settings/portal')).json()).toMatchObject({ maxMonths: 6 });
  });

  it('documents the portal routes in the OpenAPI document', async () => {
    const document = (await app.inject({ method: 'GET', url: '/api/openapi.json' })).json() as {
      paths: Record<string, unknown>;
    };
    expect(Object.keys(document.paths)).toEqual(
      expect.arrayContaining([
        '/portal-api/session',
        '/portal-api/overview',
        '/portal-api/invoices/{id}/pdf',
        '/portal-api/paid-already',
        '/portal-api/disputes',
        '/portal-api/promises',
        '/portal-api/plan-proposals',
        '/portal-api/billing-email',
        '/api/customers/{id}/portal-links',
        '/api/settings/portal',
        '/api/plan-proposals',
      ]),
    );
  });

  // Last: the log holds every request made above.
  it('writes no token, session secret or CSRF token to the server log', () => {
    const text = log.join('');
    expect(text).toContain('/portal-api/session');
    expect(text).toContain('/portal-api/overview');
    expect(secrets.length).toBeGreaterThan(10);
    expect(secrets.filter((secret) => text.includes(secret))).toEqual([]);
  });
});
