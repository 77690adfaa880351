import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDemoData } from '../../services/demo-service.ts';
import {
  anonymous,
  type ApiCaller,
  newTenantWithCallers,
  openTestApi,
  withToken,
} from '../../../test/support/test-api.ts';
import { openTestDatabase, type TestDatabase } from '../../../test/support/test-database.ts';

const TODAY = '2026-03-16';
const now = () => new Date(`${TODAY}T09:00:00Z`);

interface NoticeSummary {
  id: number;
  runId: number;
  customerId: number;
  customerNumber: string;
  customerName: string;
  stageKey: string;
  channel: string;
  status: string;
  feeCents: number;
  totalCents: number;
  claims: number;
}

describe('dunning runs and notices over HTTP', () => {
  let database: TestDatabase;
  let app: FastifyInstance;
  let controller: ApiCaller;
  let viewer: ApiCaller;
  let stranger: ApiCaller;
  let preview: { notices: number; claims: number; amountCents: number; byStage: Record<string, unknown> };
  let runId: number;
  let proposals: NoticeSummary[];

  beforeAll(async () => {
    database = await openTestDatabase('pglite');
    app = await openTestApi(database, { now });
    ({ controller, viewer } = await newTenantWithCallers(app, database, { now }));
    await createDemoData(controller.ctx, { customers: 20, invoices: 120, seed: 1, today: TODAY });
    ({ controller: stranger } = await newTenantWithCallers(app, database, { now }));
  }, 60_000);
  afterAll(async () => {
    await app.close();
    await database.close();
  });

  it('previews a run for today without storing anything', async () => {
    const response = await controller.post('/api/runs/preview', {});
    expect(response.statusCode).toBe(200);
    preview = response.json();
    expect(preview).toMatchObject({ date: TODAY });
    expect(preview.notices).toBeGreaterThan(0);
    const stages = Object.values(preview.byStage) as { notices: number; amountCents: number }[];
    expect(stages.reduce((sum, s) => sum + s.notices, 0)).toBe(preview.notices);
    expect(stages.reduce((sum, s) => sum + s.amountCents, 0)).toBe(preview.amountCents);
    expect((await viewer.get('/api/runs')).json().items).toEqual([]);
    expect((await viewer.get('/api/notices')).json().items).toEqual([]);
    const dated = await controller.post('/api/runs/preview', { date: '2026-03-20' });
    expect(dated.json().date).toBe('2026-03-20');
  });

  it('refuses a bad date, a viewer and an anonymous caller', async () => {
    const bad = await controller.post('/api/runs/preview', { date: '20.03.2026' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors[0].path).toBe('date');
    expect((await viewer.post('/api/runs/preview', {})).statusCode).toBe(403);
    expect((await viewer.post('/api/runs', {})).statusCode).toBe(403);
    expect((await anonymous(app, controller.ctx).post('/api/runs', {})).statusCode).toBe(401);
    expect((await anonymous(app, controller.ctx).get('/api/notices')).statusCode).toBe(401);
  });

  it('answers 409 run-in-progress while another run holds the lock', async () => {
    const release = await database.tryLock(`dunning-run:${controller.ctx.tenantId}`);
    expect(release).not.toBeNull();
    try {
      const response = await controller.post('/api/runs', {});
      expect(response.statusCode).toBe(409);
      expect(response.json().code).toBe('run-in-progress');
    } finally {
      await release?.();
    }
    expect((await viewer.get('/api/runs')).json().items).toEqual([]);
  });

  it('runs, proposing what the preview showed, and lists the run newest first', async () => {
    const response = await controller.post('/api/runs', {});
    expect(response.statusCode).toBe(201);
    const body = response.json();
    expect(body).toMatchObject({
      date: TODAY,
      notices: preview.notices,
      claims: preview.claims,
      amountCents: preview.amountCents,
    });
    runId = body.runId;
    const runs = (await viewer.get('/api/runs')).json();
    expect(runs.items).toHaveLength(1);
    expect(runs.items[0]).toMatchObject({ id: runId, runOn: TODAY, status: 'finished' });
    const run = await viewer.get(`/api/runs/${runId}`);
    expect(run.statusCode).toBe(200);
    expect(run.json().noticesByStatus.proposed).toBe(preview.notices - body.approvedAutomatically);
    expect((await stranger.get(`/api/runs/${runId}`)).statusCode).toBe(404);
    expect((await stranger.get('/api/runs')).json().items).toEqual([]);
  });

  it('lists the proposals page by page with customer and number of claims', async () => {
    const seen: NoticeSummary[] = [];
    let cursor: string | null = null;
    do {
      const response = await viewer.get(
        `/api/notices?status=proposed&runId=${runId}&limit=3${cursor ? `&cursor=${cursor}` : ''}`,
      );
      expect(response.statusCode).toBe(200);
      const body = response.json();
      seen.push(...body.items);
      cursor = body.nextCursor;
    } while (cursor);
    expect(seen).toHaveLength(preview.notices);
    expect(new Set(seen.map((n) => n.id)).size).toBe(seen.length);
    expect(seen.map((n) => n.id)).toEqual([...seen.map((n) => n.id)].sort((a, b) => b - a));
    expect(seen.reduce((sum, n) => sum + n.claims, 0)).toBe(preview.claims);
    expect(seen.every((n) => n.customerNumber !== '' && n.customerName !== '')).toBe(true);
    proposals = seen;

    const first = seen[0] as NoticeSummary;
    const ofCustomer = (await viewer.get(`/api/notices?customerId=${first.customerId}`)).json().items;
    expect(ofCustomer.every((n: NoticeSummary) => n.customerId === first.customerId)).toBe(true);
    expect(ofCustomer.map((n: NoticeSummary) => n.id)).toContain(first.id);
    const ofStage = (await viewer.get(`/api/notices?stageKey=${first.stageKey}&limit=200`)).json().items;
    expect(ofStage.every((n: NoticeSummary) => n.stageKey === first.stageKey)).toBe(true);
  });

  it('refuses a bad filter and another company’s ids in filters', async () => {
    const bad = await viewer.get('/api/notices?status=lost');
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors[0].path).toBe('querystring.status');
    const first = proposals[0] as NoticeSummary;
    expect((await stranger.get(`/api/notices?customerId=${first.customerId}`)).statusCode).toBe(404);
    expect((await stranger.get(`/api/notices?runId=${runId}`)).statusCode).toBe(404);
  });

  it('shows a notice with its claims and invoice numbers; totals add up', async () => {
    const notice = proposals.find((n) => n.claims > 1) ?? (proposals[0] as NoticeSummary);
    const response = await viewer.get(`/api/notices/${notice.id}`);
    expect(response.statusCode).toBe(200);
    const body = response.json();
    expect(body).toMatchObject({ id: notice.id, customerNumber: notice.customerNumber, status: 'proposed' });
    expect(body.items).toHaveLength(notice.claims);
    expect(body.items.every((i: { invoiceNumber: string }) => i.invoiceNumber.length > 0)).toBe(true);
    const items = body.items.reduce((sum: number, i: { totalCents: number }) => sum + i.totalCents, 0);
    expect(items + body.feeCents).toBe(body.totalCents);
    expect((await stranger.get(`/api/notices/${notice.id}`)).statusCode).toBe(404);
    expect((await viewer.get('/api/notices/abc')).json().errors[0].path).toBe('params.id');
  });

  it('renders a notice as PDF inline with a safe file name', async () => {
    const notice = proposals[0] as NoticeSummary;
    const response = await viewer.get(`/api/notices/${notice.id}/pdf`);
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('application/pdf');
    expect(response.rawPayload.subarray(0, 4).toString('latin1')).toBe('%PDF');
    expect(response.headers['content-disposition']).toMatch(/^inline; filename="[A-Za-z0-9._-]+\.pdf"$/);
    expect((await stranger.get(`/api/notices/${notice.id}/pdf`)).statusCode).toBe(404);
  });

  it('cancels a proposal with a reason, once', async () => {
    const notice = proposals.at(-1) as NoticeSummary;
    const empty = await controller.post(`/api/notices/${notice.id}/cancel`, { reason: '  ' });
    expect(empty.statusCode).toBe(400);
    expect(empty.json().errors[0].path).toBe('reason');
    expect((await viewer.post(`/api/notices/${notice.id}/cancel`, { reason: 'x' })).statusCode).toBe(403);
    expect((await stranger.post(`/api/notices/${notice.id}/cancel`, { reason: 'x' })).statusCode).toBe(404);
    const response = await controller.post(`/api/notices/${notice.id}/cancel`, { reason: 'paid in cash' });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({ status: 'cancelled', cancelReason: 'paid in cash' });
    const again = await controller.post(`/api/notices/${notice.id}/cancel`, { reason: 'paid in cash' });
    expect(again.statusCode).toBe(409);
  });

  it('approves chosen proposals, then all of the run; another company approves nothing', async () => {
    const missing = await controller.post('/api/notices/approve', {});
    expect(missing.statusCode).toBe(400);
    expect(missing.json().errors[0].path).toBe('noticeIds');
    const ids = proposals.slice(0, 2).map((n) => n.id);
    expect((await viewer.post('/api/notices/approve', { noticeIds: ids })).statusCode).toBe(403);
    const foreign = await stranger.post('/api/notices/approve', { noticeIds: ids });
    expect(foreign.json()).toEqual({ approved: 0 });
    expect((await stranger.post('/api/notices/approve', { all: true, runId })).statusCode).toBe(404);

    const chosen = await controller.post('/api/notices/approve', { noticeIds: ids });
    expect(chosen.statusCode).toBe(200);
    expect(chosen.json()).toEqual({ approved: 2 });
    expect((await controller.post('/api/notices/approve', { noticeIds: ids })).json()).toEqual({
      approved: 0,
    });
    const approved = (await viewer.get(`/api/notices?status=approved&runId=${runId}`)).json().items;
    expect(approved.map((n: NoticeSummary) => n.id).sort()).toEqual([...ids].sort());

    const token = await withToken(app, controller.ctx, 'controller');
    const rest = await token.post('/api/notices/approve', { all: true, runId });
    // All but the two approved and the one cancelled.
    expect(rest.json()).toEqual({ approved: proposals.length - 3 });
    expect((await viewer.get(`/api/runs/${runId}`)).json().noticesByStatus).toMatchObject({
      approved: proposals.length - 1,
      cancelled: 1,
    });
  });

  it('prints the letters of a run for the post as one PDF; a run without letters has none', async () => {
    // This run's proposals all go by e-mail: no letters.
    const none = await viewer.get(`/api/runs/${runId}/letters.pdf`);
    expect(none.statusCode).toBe(404);
    expect(none.json().detail).toMatch(/no approved letters/);
    // Claims move one stage per run: later runs, each approved, reach the stages that go by post.
    let letterRun: number | null = null;
    for (const date of ['2026-04-15', '2026-05-15', '2026-06-15']) {
      const run = (await controller.post('/api/runs', { date })).json();
      await controller.post('/api/notices/approve', { all: true, runId: run.runId });
      const notices = (await viewer.get(`/api/notices?runId=${run.runId}&limit=200`)).json().items;
      if (notices.some((n: NoticeSummary) => n.channel.includes('letter'))) {
        letterRun = run.runId;
        break;
      }
    }
    expect(letterRun).not.toBeNull();
    const response = await viewer.get(`/api/runs/${letterRun}/letters.pdf`);
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('application/pdf');
    expect(response.rawPayload.subarray(0, 4).toString('latin1')).toBe('%PDF');
    expect(response.headers['content-disposition']).toBe(`inline; filename="run-${letterRun}-letters.pdf"`);
    expect((await stranger.get(`/api/runs/${letterRun}/letters.pdf`)).statusCode).toBe(404);
    const runs = (await viewer.get('/api/runs?limit=1')).json();
    expect(runs.items[0].id).toBe(letterRun);
    expect(runs.nextCursor).not.toBeNull();
  });
});
