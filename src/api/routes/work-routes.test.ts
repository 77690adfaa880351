import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CalendarDate } from '../../domain/calendar-date.ts';
import { createCustomer } from '../../services/customer-service.ts';
import { runDunning } from '../../services/dunning-run-service.ts';
import { createInvoice } from '../../services/invoice-service.ts';
import { approveNotices } from '../../services/notice-service.ts';
import {
  anonymous,
  type ApiCaller,
  newTenantWithCallers,
  openTestApi,
} from '../../../test/support/test-api.ts';
import { openTestDatabase, type TestDatabase } from '../../../test/support/test-database.ts';

const TODAY = '2026-03-16';
const now = () => new Date(`${TODAY}T09:00:00Z`);

interface Seeded {
  customerId: number;
  otherCustomerId: number;
  invoiceIds: number[];
  otherInvoiceId: number;
}

/** Two customers; the first with three overdue invoices (1.190,00 € each), the second with one. */
async function seed(caller: ApiCaller): Promise<Seeded> {
  const ctx = caller.ctx;
  const customer = await createCustomer(ctx, { number: 'K-1', name: 'Müller GmbH', debtorKind: 'business' });
  const other = await createCustomer(ctx, { number: 'K-2', name: 'Schulz KG', debtorKind: 'business' });
  const invoice = (customerNumber: string, number: string, issuedOn: string) =>
    createInvoice(ctx, {
      customerNumber,
      number,
      issuedOn,
      lines: [{ description: 'Beratung', unitPrice: '1000.00' }],
    });
  const invoices = [
    await invoice('K-1', 'RE-1', '2026-01-05'),
    await invoice('K-1', 'RE-2', '2026-01-12'),
    await invoice('K-1', 'RE-3', '2026-01-19'),
  ];
  const otherInvoice = await invoice('K-2', 'RE-9', '2026-01-05');
  return {
    customerId: customer.id,
    otherCustomerId: other.id,
    invoiceIds: invoices.map((i) => i.id),
    otherInvoiceId: otherInvoice.id,
  };
}

function expectProblem(response: LightMyRequestResponse, status: number, code?: string) {
  expect(response.statusCode, response.body).toBe(status);
  expect(response.headers['content-type']).toContain('application/problem+json');
  if (code) expect(response.json().code).toBe(code);
  return response.json() as { code: string; detail: string; errors?: { path: string; message: string }[] };
}

describe('tasks, promises, disputes and the event log over HTTP', () => {
  let database: TestDatabase;
  let app: FastifyInstance;
  let controller: ApiCaller;
  let viewer: ApiCaller;
  let stranger: ApiCaller;
  let data: Seeded;
  let theirs: Seeded;
  let theirTaskId: number;
  let theirDisputeId: number;

  beforeAll(async () => {
    database = await openTestDatabase('pglite');
    app = await openTestApi(database, { now });
    ({ controller, viewer } = await newTenantWithCallers(app, database, { now }));
    ({ controller: stranger } = await newTenantWithCallers(app, database, { now }));
    data = await seed(controller);
    theirs = await seed(stranger);
    theirTaskId = (
      await stranger.post('/api/tasks', {
        customerId: theirs.customerId,
        kind: 'call',
        title: 'Their call',
        dueOn: TODAY,
      })
    ).json().id;
    theirDisputeId = (
      await stranger.post('/api/disputes', { invoiceId: theirs.invoiceIds[0], reason: 'Their dispute' })
    ).json().id;
  }, 60_000);
  afterAll(async () => {
    await app.close();
    await database.close();
  });

  describe('tasks', () => {
    it('creates tasks by hand and lists them by due date, page by page, filtered', async () => {
      const made = [];
      for (const [dueOn, kind] of [
        ['2026-03-18', 'call'],
        ['2026-03-17', 'call'],
        ['2026-03-17', 'check'],
      ] as const) {
        const response = await controller.post('/api/tasks', {
          customerId: data.customerId,
          kind,
          title: `${kind} Müller`,
          dueOn,
          invoiceId: data.invoiceIds[0],
        });
        expect(response.statusCode, response.body).toBe(201);
        made.push(response.json());
      }
      expect(made[0]).toMatchObject({
        kind: 'call',
        status: 'open',
        customerId: data.customerId,
        customerNumber: 'K-1',
        customerName: 'Müller GmbH',
        invoiceId: data.invoiceIds[0],
        noticeId: null,
        outcome: null,
      });

      const seen: { id: number; dueOn: string }[] = [];
      let cursor: string | null = null;
      do {
        const response = await viewer.get(
          `/api/tasks?customerId=${data.customerId}&limit=2${cursor ? `&cursor=${cursor}` : ''}`,
        );
        expect(response.statusCode).toBe(200);
        seen.push(...response.json().items);
        cursor = response.json().nextCursor;
      } while (cursor);
      expect(seen.map((t) => t.id)).toEqual([made[1].id, made[2].id, made[0].id]);

      const calls = (await viewer.get(`/api/tasks?kind=check&customerId=${data.customerId}`)).json();
      expect(calls.items.map((t: { id: number }) => t.id)).toEqual([made[2].id]);
      // Another company's tasks never show.
      const all = (await viewer.get('/api/tasks?status=all&limit=200')).json();
      expect(all.items.map((t: { id: number }) => t.id)).not.toContain(theirTaskId);
    });

    it('refuses a bad task with the field named, a viewer, no login, and another company’s customer', async () => {
      const bad = expectProblem(
        await controller.post('/api/tasks', {
          customerId: data.customerId,
          kind: 'call',
          title: 'x',
          dueOn: '16.03.2026',
        }),
        400,
        'validation',
      );
      expect(bad.errors?.map((e) => e.path)).toContain('dueOn');
      const badQuery = expectProblem(await viewer.get('/api/tasks?status=late'), 400, 'validation');
      expect(badQuery.errors?.[0]?.path).toBe('querystring.status');

      const task = { customerId: data.customerId, kind: 'call', title: 'Anrufen', dueOn: TODAY };
      expectProblem(await viewer.post('/api/tasks', task), 403, 'forbidden');
      expectProblem(await anonymous(app, controller.ctx).post('/api/tasks', task), 401, 'unauthenticated');
      expectProblem(await anonymous(app, controller.ctx).get('/api/tasks'), 401, 'unauthenticated');
      expectProblem(
        await controller.post('/api/tasks', { ...task, customerId: theirs.customerId }),
        404,
        'not-found',
      );
      // An invoice of another customer (of the same company) is refused as bad input.
      const mismatch = expectProblem(
        await controller.post('/api/tasks', { ...task, invoiceId: data.otherInvoiceId }),
        400,
        'validation',
      );
      expect(mismatch.errors?.[0]?.path).toBe('invoiceId');
    });

    it('completes a call with a promise: on the customer’s timeline, with the follow-up task', async () => {
      const task = (
        await controller.post('/api/tasks', {
          customerId: data.customerId,
          kind: 'call',
          title: 'Nach RE-1 fragen',
          dueOn: TODAY,
        })
      ).json();
      const response = await controller.post(`/api/tasks/${task.id}/complete`, {
        outcome: 'promise',
        note: 'Zahlt bis Monatsende',
        followUpOn: '2026-03-31',
      });
      expect(response.statusCode, response.body).toBe(200);
      const { task: done, followUp } = response.json();
      expect(done).toMatchObject({ id: task.id, status: 'done', outcome: 'promise' });
      expect(done.doneAt).toBe(now().toISOString());
      expect(followUp).toMatchObject({
        status: 'open',
        dueOn: '2026-03-31',
        kind: 'call',
        title: task.title,
      });

      const timeline = (await viewer.get(`/api/customers/${data.customerId}/timeline`)).json().items;
      const completed = timeline.find((e: { type: string }) => e.type === 'task.completed');
      expect(completed).toMatchObject({
        entityType: 'task',
        entityId: String(task.id),
        payload: { outcome: 'promise', note: 'Zahlt bis Monatsende', followUpTaskId: followUp.id },
      });
      expect(completed.actor).toMatch(/^user:controller-/);

      const open = (await viewer.get(`/api/tasks?customerId=${data.customerId}&limit=200`)).json().items;
      expect(open.map((t: { id: number }) => t.id)).toContain(followUp.id);
      expect(open.map((t: { id: number }) => t.id)).not.toContain(task.id);

      // Once done, it cannot be completed again.
      expectProblem(
        await controller.post(`/api/tasks/${task.id}/complete`, { outcome: 'done' }),
        409,
        'conflict',
      );
    });

    it('refuses a bad completion, a viewer, no login and another company’s task', async () => {
      const task = (
        await controller.post('/api/tasks', {
          customerId: data.customerId,
          kind: 'call',
          title: 'x',
          dueOn: TODAY,
        })
      ).json();
      const url = `/api/tasks/${task.id}/complete`;
      const bad = expectProblem(await controller.post(url, { outcome: 'maybe' }), 400, 'validation');
      expect(bad.errors?.[0]?.path).toBe('outcome');
      const past = expectProblem(
        await controller.post(url, { outcome: 'no-answer', followUpOn: '2026-03-01' }),
        400,
        'validation',
      );
      expect(past.errors?.[0]?.path).toBe('followUpOn');
      expectProblem(await viewer.post(url, { outcome: 'done' }), 403, 'forbidden');
      expectProblem(await anonymous(app, controller.ctx).post(url, { outcome: 'done' }), 401);
      expectProblem(
        await controller.post(`/api/tasks/${theirTaskId}/complete`, { outcome: 'done' }),
        404,
        'not-found',
      );
      expect((await controller.post(url, { outcome: 'no-answer' })).statusCode).toBe(200);
    });
  });

  describe('the call list’s script', () => {
    interface ScriptClaim {
      invoiceNumber: string;
      dueDate: string;
      openCents: number;
      daysOverdue: number;
      lastNotice: { stageKey: string; issuedOn: string } | null;
      heldBy: string | null;
    }
    interface Script {
      asOf: string;
      openCents: number;
      overdueCents: number;
      claims: ScriptClaim[];
      moreClaims: number;
      lastNotice: { stageKey: string; issuedOn: string; invoiceNumber: string } | null;
    }
    interface ListedTask {
      id: number;
      customerPhone: string | null;
      customerEmail: string | null;
      script: Script | null;
    }

    it('gives each task the customer’s phone and e-mail and, asked for, the open claims with their last notice and hold', async () => {
      // A company of its own, so that its run and approvals touch nothing else here.
      const { controller: clerk, viewer: reader } = await newTenantWithCallers(app, database, { now });
      const ctx = clerk.ctx;
      const customer = await createCustomer(ctx, {
        number: 'K-7',
        name: 'Anrufbar GmbH',
        debtorKind: 'business',
        phone: '+49 30 1234567',
        email: 'buchhaltung@anrufbar.example',
      });
      const quiet = await createCustomer(ctx, {
        number: 'K-8',
        name: 'Ohne Posten AG',
        debtorKind: 'business',
      });
      const invoices = [];
      for (const [number, issuedOn, price] of [
        ['RE-71', '2026-01-05', '1000.00'],
        ['RE-72', '2026-01-12', '500.00'],
        ['RE-73', '2026-01-19', '250.00'],
        ['RE-74', '2026-03-12', '100.00'],
      ] as const) {
        invoices.push(
          await createInvoice(ctx, {
            customerNumber: 'K-7',
            number,
            issuedOn,
            paymentTerms: { kind: 'net', days: 14 },
            lines: [{ description: 'Beratung', unitPrice: price }],
          }),
        );
      }
      // The notice of a run that went out, and today's run's proposal that has not.
      await runDunning(ctx, database, { date: '2026-02-10' as CalendarDate });
      await approveNotices(ctx, { all: true });
      await runDunning(ctx, database, { date: TODAY as CalendarDate });
      const made = [];
      for (const [customerId, title] of [
        [customer.id, 'Anrufen wegen RE-71'],
        [customer.id, 'Nochmals anrufen'],
        [quiet.id, 'Ohne Posten anrufen'],
      ] as const) {
        made.push((await clerk.post('/api/tasks', { customerId, kind: 'call', title, dueOn: TODAY })).json());
      }
      const listed = async (): Promise<ListedTask[]> => {
        const response = await reader.get('/api/tasks?script=true&limit=10');
        expect(response.statusCode, response.body).toBe(200);
        return response.json().items;
      };

      const [first, second, third] = (await listed()) as [ListedTask, ListedTask, ListedTask];
      expect([first.id, second.id, third.id]).toEqual(made.map((t) => t.id));
      expect(first).toMatchObject({
        customerPhone: '+49 30 1234567',
        customerEmail: 'buchhaltung@anrufbar.example',
      });
      // Both calls to the same customer carry the same script.
      expect(second.script).toEqual(first.script);
      const before = first.script as Script;
      expect(before.asOf).toBe(TODAY);
      expect(before.claims.map((c) => c.invoiceNumber)).toEqual(['RE-71', 'RE-72', 'RE-73', 'RE-74']);

      // The last notice per claim is the one that went out (approved), not today's mere proposal.
      const notices = (await reader.get(`/api/notices?customerId=${customer.id}&limit=50`)).json().items as {
        id: number;
        status: string;
        stageKey: string;
        issuedOn: string;
      }[];
      const approved = notices.filter((n) => n.status === 'approved');
      expect(approved).toHaveLength(1);
      expect(notices.some((n) => n.status === 'proposed' && n.issuedOn === TODAY)).toBe(true);
      const sent = (await reader.get(`/api/notices/${approved[0]?.id}`)).json();
      const noticed = new Set(sent.items.map((i: { invoiceNumber: string }) => i.invoiceNumber));
      expect(noticed.size).toBeGreaterThan(0);
      for (const claim of before.claims) {
        expect(claim.lastNotice, claim.invoiceNumber).toEqual(
          noticed.has(claim.invoiceNumber) ? { stageKey: sent.stageKey, issuedOn: '2026-02-10' } : null,
        );
      }
      expect(before.lastNotice).toMatchObject({ stageKey: sent.stageKey, issuedOn: '2026-02-10' });
      expect(before.claims.map((c) => c.heldBy)).toEqual([null, null, null, null]);

      // What holds a claim back: a handover, a dispute, a promise.
      const handover = await clerk.post('/api/collection-cases', {
        customerId: customer.id,
        invoiceIds: [invoices[0]?.id],
        agencyName: 'Inkasso Nord GmbH',
      });
      expect(handover.statusCode, handover.body).toBe(201);
      const dispute = await clerk.post('/api/disputes', { invoiceId: invoices[1]?.id, reason: 'Mangel' });
      expect(dispute.statusCode, dispute.body).toBe(201);
      const promise = await clerk.post('/api/promises', {
        invoiceIds: [invoices[2]?.id],
        amountCents: 10_000,
        promisedOn: '2026-03-31',
      });
      expect(promise.statusCode, promise.body).toBe(201);
      const [now1, , quietNow] = (await listed()) as [ListedTask, ListedTask, ListedTask];
      const script = now1.script as Script;
      expect(script.claims.map((c) => c.heldBy)).toEqual(['handed-over', 'disputed', 'promise', null]);

      // Each claim's open amount, due date and days overdue as the customer page shows them.
      const detail = (await reader.get(`/api/customers/${customer.id}`)).json();
      type Shown = { number: string; openCents: number; dueDate: string; daysOverdue: number };
      const shown = new Map<string, Shown>(detail.invoices.map((i: Shown) => [i.number, i]));
      for (const claim of script.claims) {
        const { openCents, dueDate, daysOverdue } = shown.get(claim.invoiceNumber) as Shown;
        expect(claim, claim.invoiceNumber).toMatchObject({ openCents, dueDate, daysOverdue });
      }
      expect(script.claims[3]?.daysOverdue).toBe(0);
      expect(script.openCents).toBe(detail.totals.openCents);
      expect(script.overdueCents).toBe(detail.totals.overdueCents);
      expect(script.moreClaims).toBe(0);

      // A customer without open claims gets an empty script; without script=true there is none.
      expect(quietNow.script).toEqual({
        asOf: TODAY,
        openCents: 0,
        overdueCents: 0,
        claims: [],
        moreClaims: 0,
        lastNotice: null,
      });
      expect(quietNow).toMatchObject({ customerPhone: null, customerEmail: null });
      const plain = (await reader.get('/api/tasks?limit=10')).json().items as ListedTask[];
      expect(plain.map((t) => t.script)).toEqual([null, null, null]);
      expect(plain[0]?.customerPhone).toBe('+49 30 1234567');
      const bad = expectProblem(await reader.get('/api/tasks?script=vielleicht'), 400, 'validation');
      expect(bad.errors?.[0]?.path).toBe('querystring.script');
    });
  });

  describe('promises to pay', () => {
    it('records a promise over two invoices, splitting the amount by what is open, and lists it', async () => {
      const response = await controller.post('/api/promises', {
        customerId: data.customerId,
        invoiceIds: [data.invoiceIds[1], data.invoiceIds[2]],
        amountCents: 100_001,
        promisedOn: '2026-03-31',
      });
      expect(response.statusCode, response.body).toBe(201);
      const { items } = response.json();
      expect(items).toHaveLength(2);
      expect(items.map((p: { amountCents: number }) => p.amountCents).sort()).toEqual([50_000, 50_001]);
      expect(items[0]).toMatchObject({
        customerId: data.customerId,
        customerNumber: 'K-1',
        madeOn: TODAY,
        payBy: '2026-03-31',
        status: 'open',
      });

      const listed = (await viewer.get('/api/promises?status=open')).json().items;
      expect(listed.map((p: { id: number }) => p.id)).toEqual(
        expect.arrayContaining(items.map((p: { id: number }) => p.id)),
      );
      expect(listed.every((p: { customerNumber: string }) => p.customerNumber !== undefined)).toBe(true);
      expect((await viewer.get('/api/promises?status=broken')).json().items).toEqual([]);
      const detailResponse = await viewer.get(`/api/customers/${data.customerId}`);
      expect(detailResponse.statusCode, detailResponse.body).toBe(200);
      const detail = detailResponse.json();
      expect(detail.promises.map((p: { id: number }) => p.id).sort()).toEqual(
        items.map((p: { id: number }) => p.id).sort(),
      );
    });

    it('refuses a bad promise with the field named, a viewer, no login and another company’s invoice', async () => {
      const promise = { invoiceIds: [data.invoiceIds[0]], amountCents: 1000, promisedOn: '2026-03-31' };
      const bad = expectProblem(
        await controller.post('/api/promises', { ...promise, promisedOn: 'Ende März' }),
        400,
        'validation',
      );
      expect(bad.errors?.[0]?.path).toBe('promisedOn');
      const before = expectProblem(
        await controller.post('/api/promises', { ...promise, promisedOn: '2026-03-01' }),
        400,
        'validation',
      );
      expect(before.errors?.[0]?.path).toBe('payBy');
      const mixed = expectProblem(
        await controller.post('/api/promises', {
          ...promise,
          invoiceIds: [data.invoiceIds[0], data.otherInvoiceId],
        }),
        400,
        'validation',
      );
      expect(mixed.errors?.[0]?.path).toBe('invoiceIds.1');
      expectProblem(await viewer.post('/api/promises', promise), 403, 'forbidden');
      expectProblem(await anonymous(app, controller.ctx).get('/api/promises'), 401);
      const foreign = expectProblem(
        await controller.post('/api/promises', { ...promise, invoiceIds: [theirs.invoiceIds[0]] }),
        404,
        'not-found',
      );
      expect(foreign.errors?.[0]?.path).toBe('invoiceIds.0');
      expectProblem(
        await controller.post('/api/promises', { ...promise, customerId: theirs.customerId }),
        404,
        'not-found',
      );
    });
  });

  describe('disputes', () => {
    it('holds the claim while a dispute is open and releases it when resolved', async () => {
      const invoiceId = data.otherInvoiceId;
      const dryRun = () =>
        runDunning(controller.ctx, database, { date: TODAY as CalendarDate, dryRun: true });
      const before = await dryRun();

      const opened = await controller.post('/api/disputes', {
        invoiceId,
        reason: 'Leistung nicht erbracht',
        owner: 'Frau Weber',
      });
      expect(opened.statusCode, opened.body).toBe(201);
      const dispute = opened.json();
      expect(dispute).toMatchObject({
        invoiceId,
        invoiceNumber: 'RE-9',
        customerId: data.otherCustomerId,
        openedOn: TODAY,
        resolvedOn: null,
        owner: 'Frau Weber',
      });
      const detail = (await viewer.get(`/api/customers/${data.otherCustomerId}`)).json();
      expect(detail.disputes).toEqual([
        expect.objectContaining({ id: dispute.id, invoiceNumber: 'RE-9', resolvedOn: null }),
      ]);
      const held = await dryRun();
      expect(held.claims).toBe(before.claims - 1);
      expect(Object.values(held.heldBack).reduce((a, b) => a + b, 0)).toBeGreaterThan(
        Object.values(before.heldBack).reduce((a, b) => a + b, 0),
      );
      const open = (await viewer.get('/api/disputes')).json().items;
      expect(open.map((d: { id: number }) => d.id)).toContain(dispute.id);
      expect(open.map((d: { id: number }) => d.id)).not.toContain(theirDisputeId);

      const resolved = await controller.post(`/api/disputes/${dispute.id}/resolve`, {
        resolution: 'rejected',
        note: 'Leistung laut Protokoll erbracht',
      });
      expect(resolved.statusCode, resolved.body).toBe(200);
      expect(resolved.json()).toMatchObject({ id: dispute.id, resolvedOn: TODAY, resolution: 'rejected' });
      expect((await dryRun()).claims).toBe(before.claims);
      const listed = (await viewer.get('/api/disputes?status=resolved')).json().items;
      expect(listed.map((d: { id: number }) => d.id)).toEqual([dispute.id]);
      expect((await viewer.get('/api/disputes')).json().items.map((d: { id: number }) => d.id)).not.toContain(
        dispute.id,
      );
      const timeline = (await viewer.get(`/api/customers/${data.otherCustomerId}/timeline`)).json().items;
      expect(timeline.map((e: { type: string }) => e.type)).toEqual(
        expect.arrayContaining(['dispute.opened', 'dispute.resolved']),
      );
      expectProblem(
        await controller.post(`/api/disputes/${dispute.id}/resolve`, { resolution: 'withdrawn' }),
        409,
        'conflict',
      );
    });

    it('refuses a bad dispute with the field named, a viewer, no login and another company’s ids', async () => {
      const bad = expectProblem(
        await controller.post('/api/disputes', { invoiceId: data.invoiceIds[0], reason: '' }),
        400,
        'validation',
      );
      expect(bad.errors?.[0]?.path).toBe('reason');
      const dispute = { invoiceId: data.invoiceIds[0], reason: 'Falsche Menge' };
      expectProblem(await viewer.post('/api/disputes', dispute), 403, 'forbidden');
      expectProblem(await anonymous(app, controller.ctx).post('/api/disputes', dispute), 401);
      expectProblem(await anonymous(app, controller.ctx).get('/api/disputes'), 401);
      expectProblem(
        await controller.post('/api/disputes', { ...dispute, invoiceId: theirs.invoiceIds[0] }),
        404,
        'not-found',
      );
      const resolve = `/api/disputes/${theirDisputeId}/resolve`;
      expectProblem(await controller.post(resolve, { resolution: 'rejected' }), 404, 'not-found');
      const badResolution = expectProblem(
        await controller.post(resolve, { resolution: 'credited' }),
        400,
        'validation',
      );
      expect(badResolution.errors?.[0]?.path).toBe('resolution');
      expectProblem(await viewer.post(resolve, { resolution: 'rejected' }), 403, 'forbidden');
    });
  });

  describe('the event log', () => {
    it('lists the company’s events newest first, filtered, page by page, never another company’s', async () => {
      const all = (await viewer.get('/api/events?limit=200')).json().items;
      const seqs = all.map((e: { id: number }) => e.id);
      expect(seqs).toEqual([...seqs].sort((a, b) => b - a));
      expect(all.some((e: { payload: { reason?: string } }) => e.payload.reason === 'Their dispute')).toBe(
        false,
      );

      const created = (await viewer.get('/api/events?type=invoice.created&limit=3')).json();
      expect(created.items).toHaveLength(3);
      expect(created.items.every((e: { type: string }) => e.type === 'invoice.created')).toBe(true);
      const next = (
        await viewer.get(`/api/events?type=invoice.created&limit=3&cursor=${created.nextCursor}`)
      ).json();
      expect(next.items).toHaveLength(1);
      expect(next.nextCursor).toBeNull();

      const tasks = (await controller.get('/api/events?entityType=task&limit=200')).json().items;
      expect(tasks.length).toBeGreaterThan(0);
      expect(tasks.every((e: { entityType: string }) => e.entityType === 'task')).toBe(true);
      expect(tasks.every((e: { customerId: number | null }) => e.customerId === data.customerId)).toBe(true);
    });

    it('refuses a bad query with the field named and a caller without login', async () => {
      const bad = expectProblem(await viewer.get('/api/events?limit=500'), 400, 'validation');
      expect(bad.errors?.[0]?.path).toBe('querystring.limit');
      expectProblem(await viewer.get('/api/events?cursor=nonsense'), 400, 'validation');
      expectProblem(await anonymous(app, controller.ctx).get('/api/events'), 401, 'unauthenticated');
    });
  });
});
