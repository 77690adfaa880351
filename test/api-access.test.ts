/**
 * Every API route, generically: without credentials 401; with a role below the route's 403 (for
 * a session and for an API token); and with the id of another company's row 404 — the other
 * company has a row of every kind, so a 404 here means "not yours", not "no such row".
 * Success and validation errors are tested per route module, next to it.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../src/db/database.ts';
import { insertTasks } from '../src/db/delivery-repository.ts';
import { writeCamt053 } from '../src/formats/camt-writer.ts';
import { createApiToken, type Role } from '../src/services/auth-service.ts';
import { createDemoData } from '../src/services/demo-service.ts';
import { generateDemoStatement } from '../src/services/demo-statement-service.ts';
import { runDunning } from '../src/services/dunning-run-service.ts';
import { importStatement } from '../src/services/statement-import-service.ts';
import { addWebhook } from '../src/services/webhook-service.ts';
import { handOverClaims } from '../src/services/collection-service.ts';
import { addMandate } from '../src/services/sepa-service.ts';
import { createInstalmentPlan } from '../src/services/instalment-plan-service.ts';
import {
  anonymous,
  type ApiCaller,
  newTenantWithCallers,
  openTestApi,
  withToken,
} from './support/test-api.ts';
import { openTestDatabase, type TestDatabase } from './support/test-database.ts';

const TODAY = '2026-03-16';
const now = () => new Date(`${TODAY}T09:00:00Z`);
const RANK: Record<Role, number> = { viewer: 0, controller: 1, admin: 2 };

/** The table whose ids a route's `:id` names, by the route's path up to `:id`. */
const ID_TABLES: Record<string, string> = {
  '/api/customers/:id': 'customers',
  '/api/invoices/:id': 'invoices',
  '/api/orders/:id': 'orders',
  '/api/notices/:id': 'notices',
  '/api/runs/:id': 'dunning_runs',
  '/api/review-queue/:id': 'bank_transactions',
  '/api/tasks/:id': 'tasks',
  '/api/disputes/:id': 'disputes',
  '/api/promises/:id': 'promises_to_pay',
  '/api/users/:id': 'users',
  '/api/tokens/:id': 'api_tokens',
  '/api/webhooks/:id': 'webhook_endpoints',
  '/api/payments/:id': 'payments',
  '/api/statements/:id': 'statement_imports',
  '/api/plans/:id': 'instalment_plans',
  '/api/collection-cases/:id': 'collection_cases',
  '/api/mandates/:id': 'sepa_mandates',
};

/** Valid bodies for changes by id, so that the other company's request reaches the handler. */
const SAMPLE_BODIES: Record<string, unknown> = {
  'PATCH /api/customers/:id': { phone: '030 1' },
  'PUT /api/customers/:id/dunning-block': { reason: 'test', until: null },
  'POST /api/customers/:id/notes': { text: 'note' },
  'POST /api/customers/:id/contacts': { name: 'Frau Muster', role: 'billing' },
  'POST /api/orders/:id/invoice': { issuedOn: TODAY },
  'POST /api/orders/:id/cancel': { note: 'test' },
  'POST /api/orders/:id/delivery-date': { newDate: TODAY, reason: 'test' },
  'POST /api/orders/:id/deliveries': { deliveredOn: TODAY, lines: 'all' },
  'POST /api/orders/:id/updates': { subject: 'test', text: 'test' },
  'POST /api/notices/:id/cancel': { reason: 'test' },
  'POST /api/review-queue/:id/assign': { invoiceNumbers: ['RE-1'] },
  'POST /api/review-queue/:id/ignore': { reason: 'test' },
  'POST /api/tasks/:id/complete': { outcome: 'reached' },
  'POST /api/disputes/:id/resolve': { resolution: 'rejected', note: 'test' },
  'POST /api/plans/:id/cancel': { reason: 'test' },
  'POST /api/collection-cases/:id/remittances': { collectedCents: 100 },
  'POST /api/collection-cases/:id/close': { outcome: 'returned' },
  'POST /api/customers/:id/write-offs': { reason: 'test' },
  'POST /api/customers/:id/settlements': { invoiceIds: [1], reason: 'test' },
  'POST /api/customers/:id/court-dunning/exports': { format: 'json' },
  'POST /api/customers/:id/mandates': {
    reference: 'M-ACCESS-2',
    signedOn: TODAY,
    iban: 'DE02120300000000202051',
  },
};

interface Route {
  method: string;
  url: string;
  access: string;
}

function concrete(url: string, id: number | string): string {
  return url
    .replace(/:id\b/, String(id))
    .replace(/:contactId\b/, '1')
    .replace(/:key\b/, 'business')
    .replace(/:language\b/, 'de');
}

describe('access to every API route', () => {
  let database: TestDatabase;
  let app: FastifyInstance;
  let routes: Route[];
  let owner: Awaited<ReturnType<typeof newTenantWithCallers>>;
  let stranger: Awaited<ReturnType<typeof newTenantWithCallers>>;
  let dir: string;

  beforeAll(async () => {
    database = await openTestDatabase('pglite');
    app = await openTestApi(database, { now });
    routes = [...app.routeAccess.entries()].map(([key, access]) => {
      const [method = '', url = ''] = key.split(' ');
      return { method, url, access };
    });
    owner = await newTenantWithCallers(app, database, { now });
    stranger = await newTenantWithCallers(app, database, { now });
    const ctx = owner.ctx;
    // A row of every kind in the owner's company.
    await createDemoData(ctx, { customers: 20, invoices: 120, seed: 3, today: TODAY });
    await runDunning(ctx, database, { date: TODAY as never });
    dir = mkdtempSync(join(tmpdir(), 'mahnwerk-access-'));
    const { statement } = await generateDemoStatement(ctx, { date: TODAY as never, payments: 30, seed: 3 });
    const path = join(dir, 'statement.xml');
    writeFileSync(
      path,
      [...writeCamt053(statement, { messageId: 'ACCESS', createdAt: `${TODAY}T18:00:00` })].join(''),
    );
    await importStatement(ctx, { path });
    await addWebhook(ctx, { url: 'https://erp.example/hook' });
    await createApiToken(ctx, { name: 'erp', role: 'viewer' });
    const [customer] = await queryRows<{ id: number }>(
      database.db,
      sql`select id from customers where tenant_id = ${ctx.tenantId} limit 1`,
    );
    await addMandate(ctx, {
      customerId: Number(customer?.id),
      reference: 'M-ACCESS-1',
      signedOn: TODAY,
      iban: 'DE02120300000000202051',
    });
    await insertTasks(database.db, [
      {
        tenantId: ctx.tenantId,
        customerId: Number(customer?.id),
        kind: 'call',
        title: 'Anrufen',
        dueOn: TODAY,
      },
    ]);
    // An instalment plan and a collection case: a case takes a claim that is due, a plan any open one.
    const open = await queryRows<{ number: string; customer: string; overdue: boolean }>(
      database.db,
      sql`select i.number, c.number as customer, i.due_date < ${TODAY}::date as overdue
            from invoices i join customers c on c.tenant_id = i.tenant_id and c.id = i.customer_id
           where i.tenant_id = ${ctx.tenantId} and i.status = 'open'
             and not exists (select 1 from disputes d where d.tenant_id = i.tenant_id and d.invoice_id = i.id)
           order by i.id`,
    );
    const forCase = open.find((r) => r.overdue) as (typeof open)[number];
    const forPlan = open.find((r) => r.customer !== forCase.customer) as (typeof open)[number];
    await handOverClaims(ctx, {
      customerNumber: forCase.customer,
      invoiceNumbers: [forCase.number],
      handedOverOn: TODAY,
      agencyName: 'Inkasso Test',
    });
    await createInstalmentPlan(ctx, {
      customerNumber: forPlan.customer,
      invoiceNumbers: [forPlan.number],
      agreedOn: TODAY,
      count: 3,
      firstDueDate: '2026-04-01',
      rhythm: { months: 1 },
    });
    await owner.controller.post('/api/orders', {
      customerNumber: (await owner.viewer.get('/api/customers?limit=1')).json().items[0].number,
      orderedOn: TODAY,
      lines: [{ description: 'x', unitPrice: '1.00' }],
    });
  }, 120_000);

  afterAll(async () => {
    await app.close();
    await database.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('knows the routes it checks', () => {
    expect(routes.length).toBeGreaterThan(30);
    expect(routes.filter((r) => r.access === 'public').map((r) => `${r.method} ${r.url}`)).toEqual(
      expect.arrayContaining(['POST /api/auth/login', 'GET /api/interest', 'GET /api/openapi.json']),
    );
  });

  it('answers 401 without credentials on every route that is not public', async () => {
    const anon = anonymous(app, owner.ctx);
    const failures: string[] = [];
    for (const route of routes.filter((r) => r.access !== 'public')) {
      const response = await anon.request({
        method: route.method as never,
        url: concrete(route.url, 1),
        payload: {},
      });
      if (response.statusCode !== 401 || response.json().code !== 'unauthenticated') {
        failures.push(`${route.method} ${route.url}: ${response.statusCode}`);
      }
    }
    expect(failures).toEqual([]);
  });

  it('answers 403 to a role below the route’s, by session and by token alike', async () => {
    const callers: ApiCaller[] = [
      owner.viewer,
      owner.controller,
      await withToken(app, owner.ctx, 'viewer'),
      await withToken(app, owner.ctx, 'controller'),
    ];
    const failures: string[] = [];
    for (const route of routes.filter((r) => r.access !== 'public')) {
      for (const caller of callers.filter((c) => RANK[c.role] < RANK[route.access as Role])) {
        const response = await caller.request({
          method: route.method as never,
          url: concrete(route.url, 1),
          payload: {},
        });
        if (response.statusCode !== 403 || response.json().code !== 'forbidden') {
          failures.push(`${caller.role} ${route.method} ${route.url}: ${response.statusCode}`);
        }
      }
    }
    expect(failures).toEqual([]);
  });

  it('answers 404 to another company for every route that takes an id, and changes nothing', async () => {
    const failures: string[] = [];
    const checked: string[] = [];
    const before = await queryRows<{ n: number }>(
      database.db,
      sql`select count(*)::int as n from events where tenant_id = ${owner.ctx.tenantId}`,
    );
    for (const route of routes.filter((r) => r.url.includes(':id'))) {
      const prefix = route.url.slice(0, route.url.indexOf(':id') + 3);
      const table = ID_TABLES[prefix];
      if (!table) {
        failures.push(`${route.method} ${route.url}: add its table to ID_TABLES`);
        continue;
      }
      const [row] = await queryRows<{ id: number | null }>(
        database.db,
        sql`select min(id) as id from ${sql.identifier(table)} where tenant_id = ${owner.ctx.tenantId}`,
      );
      if (row?.id === null || row?.id === undefined) {
        failures.push(`${route.method} ${route.url}: the owner has no row in ${table}; extend the setup`);
        continue;
      }
      const caller = stranger[route.access === 'admin' ? 'admin' : 'controller'];
      const key = `${route.method} ${route.url}`;
      const response = await caller.request({
        method: route.method as never,
        url: concrete(route.url, Number(row.id)),
        ...(route.method === 'GET' || route.method === 'DELETE'
          ? {}
          : { payload: (SAMPLE_BODIES[key] ?? {}) as object }),
      });
      checked.push(key);
      if (response.statusCode !== 404) {
        failures.push(
          `${key}: ${response.statusCode} ${response.statusCode === 400 ? '(add a valid body to SAMPLE_BODIES)' : ''}`,
        );
      }
    }
    expect(failures).toEqual([]);
    expect(checked.length).toBeGreaterThan(10);
    const after = await queryRows<{ n: number }>(
      database.db,
      sql`select count(*)::int as n from events where tenant_id = ${owner.ctx.tenantId}`,
    );
    expect(after[0]?.n).toBe(before[0]?.n);
  });
});
