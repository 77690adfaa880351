import { sql } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyAndRecordEventChain } from '../../services/audit-service.ts';
import { openApiWith } from '../../../test/support/api-with-routes.ts';
import { newTenantWithCallers } from '../../../test/support/test-api.ts';
import { openTestDatabase, type TestDatabase } from '../../../test/support/test-database.ts';
import { auditRoutes } from './audit-routes.ts';

const now = () => new Date('2026-03-16T09:00:00Z');

describe('who did what (audit routes)', () => {
  let database: TestDatabase;
  let app: FastifyInstance;
  let company: Awaited<ReturnType<typeof newTenantWithCallers>>;
  let other: Awaited<ReturnType<typeof newTenantWithCallers>>;

  beforeAll(async () => {
    database = await openTestDatabase('pglite');
    app = await openApiWith(database, now, [auditRoutes]);
    company = await newTenantWithCallers(app, database, { now });
    other = await newTenantWithCallers(app, database, { now });
    const created = await company.controller.post('/api/customers', {
      number: 'K-1',
      name: 'Beispiel GmbH',
      debtorKind: 'business',
    });
    expect(created.statusCode).toBe(201);
  }, 60_000);
  afterAll(async () => {
    await app?.close();
    await database?.close();
  });

  it('lists events with actor, time, type and entity, filtered, for admins only', async () => {
    const me = (await company.controller.get('/api/auth/me')).json();
    const actor = `user:${me.user.email}`;
    const response = await company.admin.get(`/api/audit/events?actor=${encodeURIComponent(actor)}`);
    expect(response.statusCode).toBe(200);
    const items = response.json().items;
    expect(items.map((e: { type: string }) => e.type)).toEqual(['customer.created', 'user.logged-in']);
    expect(items[0]).toMatchObject({ actor, entityType: 'customer' });
    expect(items[1]).toMatchObject({ actor, entityType: 'user', at: '2026-03-16T09:00:00.000Z' });
    const customerId = Number(items[0].entityId);
    const byCustomer = (await company.admin.get(`/api/audit/events?customerId=${customerId}`)).json();
    expect(byCustomer.items.map((e: { type: string }) => e.type)).toEqual(['customer.created']);
    const logins = async (query: string) =>
      (await company.admin.get(`/api/audit/events?type=user.logged-in${query}`)).json().items.length;
    expect(await logins('')).toBe(3); // admin, controller, viewer
    expect(await logins('&from=2026-03-17')).toBe(0);
    expect(await logins('&to=2026-03-16')).toBe(0);
    expect(await logins('&from=2026-03-16&to=2026-03-17')).toBe(3);
    expect(await logins('&from=2026-03-16T09:00:00Z&to=2026-03-16T09:00:00.001Z')).toBe(3);
    for (const caller of [company.controller, company.viewer]) {
      expect((await caller.get('/api/audit/events')).statusCode).toBe(403);
    }
    // Another company sees its own events only, never this one's customer.
    const foreign = (await other.admin.get(`/api/audit/events?customerId=${customerId}`)).json();
    expect(foreign.items).toEqual([]);
    const all = JSON.stringify((await other.admin.get('/api/audit/events?limit=200')).json());
    expect(all).not.toContain(company.ctx.tenantCode);
    expect(all).not.toContain('Beispiel GmbH');
  });

  it('pages by cursor without repeating or skipping events', async () => {
    const seen: number[] = [];
    let cursor: string | null = null;
    do {
      const query: string = cursor ? `&cursor=${cursor}` : '';
      const body = (await company.admin.get(`/api/audit/events?limit=2${query}`)).json();
      seen.push(...body.items.map((e: { id: number }) => e.id));
      cursor = body.nextCursor;
    } while (cursor);
    expect(seen).toEqual([...seen].sort((a, b) => b - a));
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen.at(-1)).toBe(1);
    expect((await company.admin.get('/api/audit/events?cursor=nonsense')).statusCode).toBe(400);
  });

  it('shows the last verification of the chain, and an alert when it broke', async () => {
    expect((await company.admin.get('/api/audit/verification')).json()).toEqual({ verification: null });
    await verifyAndRecordEventChain(company.ctx);
    expect((await company.admin.get('/api/audit/verification')).json().verification).toMatchObject({
      ok: true,
    });
    await database.db.execute(
      sql`update events set payload = '{"changed":true}' where tenant_id = ${company.ctx.tenantId} and seq = 2`,
    );
    await verifyAndRecordEventChain(company.ctx);
    expect((await company.admin.get('/api/audit/verification')).json().verification).toMatchObject({
      ok: false,
      firstBroken: { seq: 2 },
    });
    expect((await other.admin.get('/api/audit/verification')).json()).toEqual({ verification: null });
    expect((await company.viewer.get('/api/audit/verification')).statusCode).toBe(403);
  });
});
