import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDemoData } from '../../services/demo-service.ts';
import { type ApiCaller, newTenantWithCallers, openTestApi } from '../../../test/support/test-api.ts';
import { openTestDatabase, type TestDatabase } from '../../../test/support/test-database.ts';

const TODAY = '2026-03-16';
const now = () => new Date(`${TODAY}T09:00:00Z`);

describe('customers, invoices and the dashboard over HTTP', () => {
  let database: TestDatabase;
  let app: FastifyInstance;
  let controller: ApiCaller;
  let viewer: ApiCaller;
  let admin: ApiCaller;
  let stranger: ApiCaller;
  beforeAll(async () => {
    database = await openTestDatabase('pglite');
    app = await openTestApi(database, { now });
    ({ controller, viewer, admin } = await newTenantWithCallers(app, database, { now }));
    await createDemoData(controller.ctx, { customers: 20, invoices: 120, seed: 1, today: TODAY });
    ({ controller: stranger } = await newTenantWithCallers(app, database, { now }));
  }, 60_000);
  afterAll(async () => {
    await app.close();
    await database.close();
  });

  it('lists customers page by page with the cursor, each exactly once', async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const response = await viewer.get(`/api/customers?limit=7${cursor ? `&cursor=${cursor}` : ''}`);
      expect(response.statusCode).toBe(200);
      const body = response.json();
      seen.push(...body.items.map((c: { number: string }) => c.number));
      cursor = body.nextCursor;
    } while (cursor);
    expect(seen).toHaveLength(20);
    expect(new Set(seen).size).toBe(20);
  });

  it('pages through all invoices by due date and by open amount, each exactly once and in order', async () => {
    for (const sort of ['dueDate', 'open', 'number'] as const) {
      const seen: { number: string; dueDate: string; openCents: number }[] = [];
      let cursor: string | null = null;
      do {
        const url: string = `/api/invoices?sort=${sort}&limit=13${cursor ? `&cursor=${cursor}` : ''}`;
        const body: { items: typeof seen; nextCursor: string | null } = (await viewer.get(url)).json();
        seen.push(...body.items);
        cursor = body.nextCursor;
      } while (cursor);
      expect(seen, sort).toHaveLength(120);
      expect(new Set(seen.map((i) => i.number)).size, sort).toBe(120);
      const keys = seen.map((i) =>
        sort === 'dueDate' ? i.dueDate : sort === 'open' ? -i.openCents : i.number,
      );
      expect(keys, sort).toEqual([...keys].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)));
    }
  });

  it('sorts by overdue amount and filters overdue customers and by search text', async () => {
    const overdue = (await viewer.get('/api/customers?overdue=true&sort=overdue&limit=200')).json().items;
    expect(overdue.length).toBeGreaterThan(0);
    expect(overdue.every((c: { overdueCents: number }) => c.overdueCents > 0)).toBe(true);
    const amounts = overdue.map((c: { overdueCents: number }) => c.overdueCents);
    expect(amounts).toEqual([...amounts].sort((a, b) => b - a));
    const first = overdue[0];
    const found = (await viewer.get(`/api/customers?q=${encodeURIComponent(first.name.slice(0, 6))}`)).json();
    expect(found.items.map((c: { id: number }) => c.id)).toContain(first.id);
  });

  it('answers a bad query and a foreign cursor with a validation problem naming the field', async () => {
    const limit = await viewer.get('/api/customers?limit=0');
    expect(limit.statusCode).toBe(400);
    expect(limit.json().errors[0].path).toBe('querystring.limit');
    const cursor = await viewer.get('/api/customers?cursor=garbage');
    expect(cursor.statusCode).toBe(400);
    expect(cursor.json().errors[0].path).toBe('querystring.cursor');
  });

  it('shows a customer with totals that add up to the open invoices', async () => {
    const [listed] = (await viewer.get('/api/customers?sort=overdue&limit=1')).json().items;
    const response = await viewer.get(`/api/customers/${listed.id}`);
    expect(response.statusCode).toBe(200);
    const body = response.json();
    expect(response.headers.etag).toBe(`"${body.customer.version}"`);
    const open = body.invoices.reduce((sum: number, i: { openCents: number }) => sum + i.openCents, 0);
    expect(body.totals.openCents).toBe(open);
    expect(body.totals.openCents).toBe(listed.openCents);
    expect(body.totals.overdueCents).toBe(listed.overdueCents);
  });

  it('creates and changes a customer; a stale If-Match is refused with 412 and nothing changes', async () => {
    const created = await controller.post('/api/customers', {
      name: 'Neu GmbH',
      debtorKind: 'business',
      email: 'buchhaltung@neu.example',
      language: 'en',
      ibans: ['DE89370400440532013000'],
    });
    expect(created.statusCode).toBe(201);
    const { id, version } = created.json();
    const changed = await controller.patch(
      `/api/customers/${id}`,
      { phone: '030 1234' },
      { 'if-match': `"${version}"` },
    );
    expect(changed.statusCode).toBe(200);
    // What the change did not name stays: no default (language, IBANs) fills it in.
    expect(changed.json()).toMatchObject({
      phone: '030 1234',
      version: version + 1,
      language: 'en',
      ibans: ['DE89370400440532013000'],
    });
    const stale = await controller.patch(
      `/api/customers/${id}`,
      { phone: '040 999' },
      { 'if-match': `"${version}"` },
    );
    expect(stale.statusCode).toBe(412);
    expect(stale.json()).toMatchObject({ code: 'precondition-failed' });
    expect((await viewer.get(`/api/customers/${id}`)).json().customer.phone).toBe('030 1234');
    const invalid = await controller.post('/api/customers', { name: '', debtorKind: 'robot' });
    expect(invalid.statusCode).toBe(400);
    expect(
      invalid
        .json()
        .errors.map((e: { path: string }) => e.path)
        .sort(),
    ).toEqual(['debtorKind', 'name']);
  });

  it('blocks dunning, records a note, and shows both on the timeline newest first', async () => {
    const [customer] = (await viewer.get('/api/customers?limit=1')).json().items;
    const block = await controller.put(`/api/customers/${customer.id}/dunning-block`, {
      reason: 'Klärung mit Einkauf',
      until: '2026-04-30',
    });
    expect(block.statusCode).toBe(200);
    expect(block.json()).toMatchObject({ blockReason: 'Klärung mit Einkauf', blockUntil: '2026-04-30' });
    const note = await controller.post(`/api/customers/${customer.id}/notes`, { text: 'Rückruf vereinbart' });
    expect(note.statusCode).toBe(201);
    const timeline = (await viewer.get(`/api/customers/${customer.id}/timeline?limit=2`)).json();
    expect(timeline.items.map((e: { type: string }) => e.type)).toEqual([
      'customer.note',
      'customer.dunning-blocked',
    ]);
    expect(timeline.items[0]).toMatchObject({ payload: { text: 'Rückruf vereinbart' } });
    expect(timeline.nextCursor).not.toBeNull();
    const lifted = await controller.delete(`/api/customers/${customer.id}/dunning-block`);
    expect(lifted.json()).toMatchObject({ blockReason: null });
  });

  it('adds and removes contact persons, shown with the customer', async () => {
    const [customer] = (await viewer.get('/api/customers?limit=1')).json().items;
    const added = await controller.post(`/api/customers/${customer.id}/contacts`, {
      role: 'dunning',
      name: 'Frau Kaiser',
      email: 'kaiser@example.test',
    });
    expect(added.statusCode).toBe(201);
    expect((await viewer.get(`/api/customers/${customer.id}`)).json().contacts).toMatchObject([
      { role: 'dunning', name: 'Frau Kaiser', email: 'kaiser@example.test' },
    ]);
    const invalid = await controller.post(`/api/customers/${customer.id}/contacts`, {
      name: 'X',
      email: 'nope',
    });
    expect(invalid.json().errors[0].path).toBe('email');
    expect(
      (await controller.delete(`/api/customers/${customer.id}/contacts/${added.json().id}`)).statusCode,
    ).toBe(204);
    expect(
      (await controller.delete(`/api/customers/${customer.id}/contacts/${added.json().id}`)).statusCode,
    ).toBe(404);
    expect((await viewer.get(`/api/customers/${customer.id}`)).json().contacts).toEqual([]);
  });

  it('lists invoices by status, shows one with payments and what is claimed today, and serves its documents', async () => {
    const overdue = (await viewer.get('/api/invoices?status=overdue&sort=open&limit=5')).json().items;
    expect(overdue.length).toBe(5);
    expect(
      overdue.every((i: { daysOverdue: number; openCents: number }) => i.daysOverdue > 0 && i.openCents > 0),
    ).toBe(true);
    const detail = (await viewer.get(`/api/invoices/${overdue[0].id}`)).json();
    expect(detail.invoice.number).toBe(overdue[0].number);
    expect(detail.openPrincipalCents + detail.openCostsCents).toBe(overdue[0].openCents);
    expect(detail.claimedToday.totalCents).toBe(
      detail.claimedToday.openPrincipalCents +
        detail.claimedToday.openCostsCents +
        detail.claimedToday.interestCents -
        detail.claimedToday.interestPaidCents +
        detail.claimedToday.flatFeeCents,
    );
    const lineGross = detail.invoice.lines.reduce(
      (sum: number, l: { grossCents: number }) => sum + l.grossCents,
      0,
    );
    expect(lineGross).toBe(detail.invoice.grossCents);
    const pdf = await viewer.get(`/api/invoices/${overdue[0].id}/pdf`);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    expect(pdf.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
    const paid = (await viewer.get('/api/invoices?status=paid&limit=1')).json().items[0];
    const paidDetail = (await viewer.get(`/api/invoices/${paid.id}`)).json();
    expect(paidDetail.payments.length).toBeGreaterThan(0);
    expect(paidDetail.claimedToday).toBeNull();
    const bad = await viewer.get(`/api/invoices/${paid.id}/einvoice?format=word`);
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors[0].path).toBe('querystring.format');
  });

  it('creates an invoice with its due date from the terms, and refuses a bad line naming it', async () => {
    const [customer] = (await viewer.get('/api/customers?limit=1')).json().items;
    const created = await controller.post('/api/invoices', {
      customerNumber: customer.number,
      issuedOn: '2026-03-02',
      paymentTerms: { kind: 'net', days: 14 },
      lines: [{ description: 'Beratung', quantity: '2,5', unitPrice: '120.00', vatRatePercent: '19' }],
    });
    expect(created.statusCode).toBe(201);
    expect(created.json()).toMatchObject({
      netCents: 30000,
      vatCents: 5700,
      grossCents: 35700,
      dueDate: '2026-03-16',
    });
    const bad = await controller.post('/api/invoices', {
      customerNumber: customer.number,
      issuedOn: '2026-03-02',
      lines: [{ description: 'X', unitPrice: '12,345' }],
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors[0].path).toBe('lines.0.unitPrice');
    expect((await viewer.post('/api/invoices', {})).statusCode).toBe(403);
    const unknown = await controller.post('/api/invoices', {
      customerNumber: 'NOPE',
      issuedOn: '2026-03-02',
      lines: [{ description: 'X', unitPrice: '1.00' }],
    });
    expect(unknown.statusCode).toBe(404);
  });

  it('serves the claim statement as JSON that adds up, and as a letter', async () => {
    const [customer] = (await viewer.get('/api/customers?overdue=true&sort=overdue&limit=1')).json().items;
    const statement = (await viewer.get(`/api/customers/${customer.id}/statement`)).json();
    expect(statement.asOf).toBe(TODAY);
    expect(statement.items.length).toBeGreaterThan(0);
    expect(statement.totalCents).toBe(
      statement.items.reduce((sum: number, i: { totalCents: number }) => sum + i.totalCents, 0),
    );
    const pdf = await viewer.get(`/api/customers/${customer.id}/statement.pdf`);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    expect(pdf.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
    expect(
      (await viewer.get(`/api/customers/${customer.id}/statement?asOf=someday`)).json().errors[0].path,
    ).toBe('querystring.asOf');
  });

  it('breaks the aging report down by customer, adding up to the total', async () => {
    const aging = (await viewer.get('/api/reports/aging?by=customer')).json();
    expect(aging.breakdown.length).toBeGreaterThan(1);
    expect(aging.breakdown.reduce((sum: number, b: { totalCents: number }) => sum + b.totalCents, 0)).toBe(
      aging.total.totalCents,
    );
    expect((await viewer.get('/api/reports/aging?by=planet')).statusCode).toBe(400);
  });

  it('gives the dashboard figures consistent with the aging report', async () => {
    const dashboard = (await viewer.get('/api/dashboard')).json();
    const aging = (await viewer.get('/api/reports/aging')).json();
    expect(dashboard.asOf).toBe(TODAY);
    expect(dashboard.empty).toBe(false);
    expect(dashboard.openCents).toBe(aging.total.totalCents);
    expect(dashboard.aging).toEqual(aging.total.buckets);
    expect(dashboard.overdueCents).toBe(
      aging.total.buckets
        .filter((b: { bucket: string }) => b.bucket !== 'current')
        .reduce((sum: number, b: { cents: number }) => sum + b.cents, 0),
    );
    expect(dashboard.trend).toHaveLength(6);
    expect(dashboard.trend.at(-1).month).toBe('2026-03');
    expect(dashboard.dso).toBeGreaterThan(0);
    expect(dashboard.expected).toHaveLength(4);
    expect(dashboard.topOverdue[0].overdueCents).toBeGreaterThanOrEqual(
      dashboard.topOverdue.at(-1).overdueCents,
    );
    expect(dashboard.attention).toMatchObject({
      promisesDue: expect.any(Number),
      tasksOpen: expect.any(Number),
    });
  });

  it('offers demo data to an empty company, only to admins, and only once', async () => {
    const fresh = await newTenantWithCallers(app, database, { now });
    expect((await fresh.viewer.get('/api/dashboard')).json().empty).toBe(true);
    expect((await fresh.controller.post('/api/demo', {})).statusCode).toBe(403);
    const loaded = await fresh.admin.post('/api/demo', { customers: 5, invoices: 20 });
    expect(loaded.statusCode).toBe(201);
    expect(loaded.json()).toMatchObject({ customers: 5, invoices: 20 });
    expect((await fresh.admin.post('/api/demo', { customers: 5, invoices: 20 })).statusCode).toBe(409);
    expect((await fresh.viewer.get('/api/dashboard')).json().empty).toBe(false);
    expect(admin.role).toBe('admin');
  });

  it('keeps companies apart: another company’s ids are not found, its lists are empty', async () => {
    const [customer] = (await viewer.get('/api/customers?limit=1')).json().items;
    const [invoice] = (await viewer.get('/api/invoices?limit=1')).json().items;
    for (const url of [
      `/api/customers/${customer.id}`,
      `/api/customers/${customer.id}/timeline`,
      `/api/customers/${customer.id}/statement`,
      `/api/invoices/${invoice.id}`,
      `/api/invoices/${invoice.id}/pdf`,
    ]) {
      expect((await stranger.get(url)).statusCode, url).toBe(404);
    }
    expect((await stranger.patch(`/api/customers/${customer.id}`, { phone: 'x' })).statusCode).toBe(404);
    expect((await stranger.get('/api/customers')).json().items).toEqual([]);
    expect((await stranger.get('/api/invoices')).json().items).toEqual([]);
  });
});
