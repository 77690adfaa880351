import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { Readable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findOpenClaims } from '../../db/payment-repository.ts';
import { loadCustomersForMatching } from '../../db/statement-repository.ts';
import type { CalendarDate } from '../../domain/calendar-date.ts';
import { emptyTransaction, type StatementEntry } from '../../formats/bank-statement.ts';
import { writeCamt053 } from '../../formats/camt-writer.ts';
import { createDemoData } from '../../services/demo-service.ts';
import { generateDemoStatement } from '../../services/demo-statement-service.ts';
import {
  anonymous,
  type ApiCaller,
  newTenantWithCallers,
  openTestApi,
  withToken,
} from '../../../test/support/test-api.ts';
import { openTestDatabase, type TestDatabase } from '../../../test/support/test-database.ts';
import { SpooledUpload, spoolBodyUpTo } from './payment-routes.ts';

const TODAY = '2026-03-16';
const now = () => new Date(`${TODAY}T09:00:00Z`);

interface ReviewItem {
  id: number;
  status: 'review' | 'parked';
  amountCents: number;
  direction: 'credit' | 'debit';
  suggestions: {
    customerNumber: string | null;
    customerName: string | null;
    invoiceNumbers: string[];
    confidence: number;
    evidence: string[];
  }[];
}

function upload(caller: ApiCaller, bytes: Buffer | string, query = '', headers: Record<string, string> = {}) {
  return caller.request({
    method: 'POST',
    url: `/api/statements${query}`,
    payload: typeof bytes === 'string' ? Buffer.from(bytes) : bytes,
    headers: { 'content-type': 'application/octet-stream', 'x-filename': 'auszug-maerz.xml', ...headers },
  });
}

/** Spooled uploads in the temp folder that were not there when the tests began. */
let spooledBefore = new Set<string>();
function credit(cents: number, remittance: string, payerName: string): StatementEntry {
  return {
    bookingDate: TODAY as CalendarDate,
    valueDate: TODAY as CalendarDate,
    amountCents: cents,
    currency: 'EUR',
    direction: 'credit',
    reversal: false,
    status: 'BOOK',
    bankReference: null,
    bankTransactionCode: null,
    bookingText: null,
    transactions: [
      {
        ...emptyTransaction(cents, 'EUR'),
        remittance: [remittance],
        counterparty: { name: payerName, iban: null, bic: null },
      },
    ],
  };
}

const spooledFiles = () =>
  readdirSync(tmpdir()).filter((f) => f.startsWith('mahnwerk-statement-') && !spooledBefore.has(f));

describe('bank statements, the review queue and payments over HTTP', () => {
  let database: TestDatabase;
  let app: FastifyInstance;
  let controller: ApiCaller;
  let viewer: ApiCaller;
  let stranger: ApiCaller;
  let camt: string;
  let entries: number;
  let importId: number;

  beforeAll(async () => {
    spooledBefore = new Set(spooledFiles());
    database = await openTestDatabase('pglite');
    app = await openTestApi(database, { now });
    ({ controller, viewer } = await newTenantWithCallers(app, database, { now }));
    await createDemoData(controller.ctx, { customers: 20, invoices: 120, seed: 1, today: TODAY });
    ({ controller: stranger } = await newTenantWithCallers(app, database, { now }));
    const { statement, truth } = await generateDemoStatement(controller.ctx, {
      date: TODAY as CalendarDate,
      payments: 12,
      seed: 3,
    });
    // Two more credits a person has to look at: one by a customer's name only, one by nobody known.
    const paid = new Set(truth.map((t) => t.customerNumber));
    const customers = await loadCustomersForMatching(controller.ctx.db, controller.ctx.tenantId);
    const open = await findOpenClaims(controller.ctx.db, controller.ctx.tenantId);
    const unpaid = customers.find((c) => !paid.has(c.number) && open.some((o) => o.customerId === c.id));
    if (!unpaid) throw new Error('demo data has no customer with open claims left');
    statement.entries.push(credit(77_77, 'Abschlag', unpaid.name), credit(50_00, 'Abschlag', 'Someone Else'));
    entries = statement.entries.length;
    camt = [...writeCamt053(statement, { messageId: 'API-TEST', createdAt: `${TODAY}T18:00:00` })].join('');
  }, 60_000);
  afterAll(async () => {
    await app.close();
    await database.close();
  });

  it('refuses a broken file with 422 naming the place, and stores nothing', async () => {
    const paymentsBefore = (await viewer.get('/api/payments?limit=200')).json().items.length;
    // The last entry's amount is broken: every entry before it was read, and still nothing is kept.
    const at = camt.lastIndexOf('<Ntry><Amt Ccy="EUR">') + '<Ntry><Amt Ccy="EUR">'.length;
    const broken = `${camt.slice(0, at)}12,5x${camt.slice(camt.indexOf('<', at))}`;
    const response = await upload(controller, broken);
    expect(response.statusCode).toBe(422);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    const problem = response.json();
    expect(problem.code).toBe('import-rejected');
    expect(problem.detail).toMatch(
      /^auszug-maerz\.xml at Document\/BkToCstmrStmt\/Stmt\[1\]\/Ntry\[\d+\]\/Amt: /,
    );
    expect(problem.errors[0].path).toMatch(/Ntry\[\d+\]\/Amt$/);
    expect((await viewer.get('/api/statements')).json().items).toEqual([]);
    expect((await viewer.get('/api/review-queue')).json().items).toEqual([]);
    expect((await viewer.get('/api/payments?limit=200')).json().items).toHaveLength(paymentsBefore);

    const empty = await upload(controller, '');
    expect(empty.statusCode).toBe(422);
    expect(empty.json().detail).toBe('auszug-maerz.xml:1: the file is empty');
    expect(spooledFiles()).toEqual([]);
  });

  it('stops spooling a body that grows past the limit and leaves no file behind', async () => {
    const spool = spoolBodyUpTo(10);
    const small = await spool({} as never, Readable.from([Buffer.from('12345'), Buffer.from('678')]));
    expect(small).toBeInstanceOf(SpooledUpload);
    expect(readFileSync(small.path, 'utf8')).toBe('12345678');
    rmSync(small.path);
    const large = spool({} as never, Readable.from([Buffer.from('123456'), Buffer.from('789012')]));
    await expect(large).rejects.toMatchObject({ statusCode: 413 });
    expect(spooledFiles()).toEqual([]);
  });

  it('refuses a file declared larger than 100 MB before reading it', async () => {
    const response = await controller.request({
      method: 'POST',
      url: '/api/statements',
      payload: 'x',
      headers: { 'content-type': 'application/octet-stream', 'content-length': String(101 * 2 ** 20) },
    });
    expect(response.statusCode).toBe(413);
    expect(response.json().code).toBe('too-large');
  });

  it('refuses uploads without login, from a viewer, with a bad account or as JSON', async () => {
    expect((await upload(anonymous(app, controller.ctx), camt)).statusCode).toBe(401);
    expect((await upload(viewer, camt)).statusCode).toBe(403);
    const account = await upload(controller, camt, '?account=DE00123');
    expect(account.statusCode).toBe(400);
    expect(account.json().errors[0].path).toBe('querystring.account');
    const json = await controller.post('/api/statements', { file: camt });
    expect(json.statusCode).toBe(415);
    expect(spooledFiles()).toEqual([]);
  });

  it('imports a camt.053 statement: books what matches, queues the rest; the same file again adds nothing', async () => {
    const response = await upload(controller, camt, '', { 'x-filename': '..%2F..%2Fetc%2Fausz%C3%BCge.xml' });
    expect(response.statusCode).toBe(201);
    const body = response.json();
    expect(body).toMatchObject({ duplicate: false, entries, newEntries: entries, statements: 1 });
    expect(body.fileName).toBe('auszüge.xml');
    expect(body.booked + body.review + body.parked + body.ignored).toBe(body.transactions);
    expect(body.booked).toBeGreaterThan(0);
    expect(body.review + body.parked).toBeGreaterThan(0);
    importId = body.importId;

    const again = await upload(controller, camt);
    expect(again.statusCode).toBe(200);
    expect(again.json()).toMatchObject({ duplicate: true, importId, newEntries: 0, booked: 0 });

    const list = (await viewer.get('/api/statements')).json();
    expect(list.items).toHaveLength(1);
    expect(list.items[0]).toMatchObject({
      id: importId,
      fileName: 'auszüge.xml',
      format: expect.stringContaining('camt.053'),
      entries,
      booked: body.booked,
      review: body.review,
    });
    expect((await stranger.get('/api/statements')).json().items).toEqual([]);
    const detail = await viewer.get(`/api/statements/${importId}`);
    expect(detail.statusCode).toBe(200);
    expect(detail.json().statements).toHaveLength(1);
    expect(detail.json().statements[0].accountIban).toMatch(/^DE\d{20}$/);
    expect((await stranger.get(`/api/statements/${importId}`)).statusCode).toBe(404);
    expect(spooledFiles()).toEqual([]);
  });

  it('shows the review queue with suggestions naming customer, invoices, confidence and evidence', async () => {
    const queue = (await viewer.get('/api/review-queue?limit=200')).json();
    const items = queue.items as ReviewItem[];
    expect(items.length).toBeGreaterThan(0);
    const suggested = items.filter((i) => i.suggestions.length > 0);
    expect(suggested.length).toBeGreaterThan(0);
    for (const s of suggested.flatMap((i) => i.suggestions)) {
      expect(s.customerNumber).toMatch(/\S/);
      expect(s.customerName).toMatch(/\S/);
      expect(s.confidence).toBeGreaterThanOrEqual(0);
      expect(s.confidence).toBeLessThanOrEqual(100);
      expect(s.evidence.length).toBeGreaterThan(0);
    }
    // Paging: one at a time yields the same items.
    const paged: number[] = [];
    let cursor: string | null = null;
    do {
      const response = await viewer.get(`/api/review-queue?limit=1${cursor ? `&cursor=${cursor}` : ''}`);
      const body: { items: ReviewItem[]; nextCursor: string | null } = response.json();
      paged.push(...body.items.map((i) => i.id));
      cursor = body.nextCursor;
    } while (cursor);
    expect(paged).toEqual(items.map((i) => i.id));
    expect((await stranger.get('/api/review-queue')).json().items).toEqual([]);
    expect((await anonymous(app, viewer.ctx).get('/api/review-queue')).statusCode).toBe(401);
  });

  it('assigns a review item to its suggestion once; a retry with the key replays, a second assign is 409', async () => {
    const items = (await viewer.get('/api/review-queue?limit=200')).json().items as ReviewItem[];
    const item = items.find(
      (i) => i.direction === 'credit' && i.suggestions.some((s) => s.customerNumber !== null),
    ) as ReviewItem;
    const suggestion = item.suggestions.find(
      (s) => s.customerNumber !== null,
    ) as ReviewItem['suggestions'][0];
    const body = { invoiceNumbers: suggestion.invoiceNumbers, customerNumber: suggestion.customerNumber };
    const url = `/api/review-queue/${item.id}/assign`;

    const invalid = await controller.post(url, { invoiceNumbers: 'RE-1' });
    expect(invalid.statusCode).toBe(400);
    expect(invalid.json().errors[0].path).toBe('invoiceNumbers');
    expect((await viewer.post(url, body)).statusCode).toBe(403);
    expect((await stranger.post(url, body)).statusCode).toBe(404);

    const key = { 'idempotency-key': `assign-${item.id}` };
    const first = await controller.post(url, body, key);
    expect(first.statusCode).toBe(200);
    const booked = first.json();
    expect(booked.amountCents).toBe(item.amountCents);
    const allocated = booked.allocations
      .filter((a: { component: string }) => a.component !== 'skonto' && a.component !== 'write-off')
      .reduce((sum: number, a: { amountCents: number }) => sum + a.amountCents, 0);
    expect(allocated).toBe(item.amountCents);

    const replay = await controller.post(url, body, key);
    expect(replay.statusCode).toBe(200);
    expect(replay.headers['idempotent-replayed']).toBe('true');
    expect(replay.json()).toEqual(booked);

    const second = await controller.post(url, body);
    expect(second.statusCode).toBe(409);
    expect(second.json().code).toBe('conflict');
    const queue = (await viewer.get('/api/review-queue?limit=200')).json().items as ReviewItem[];
    expect(queue.map((i) => i.id)).not.toContain(item.id);
    const payments = (await viewer.get(`/api/payments?limit=200`)).json().items;
    expect(payments.filter((p: { id: number }) => p.id === booked.paymentId)).toHaveLength(1);
  });

  it('sets an item aside with a reason, once', async () => {
    const items = (await viewer.get('/api/review-queue?limit=200')).json().items as ReviewItem[];
    const item = items.find((i) => i.status === 'parked') as ReviewItem;
    const url = `/api/review-queue/${item.id}/ignore`;
    const empty = await controller.post(url, { reason: '' });
    expect(empty.statusCode).toBe(400);
    expect(empty.json().errors[0].path).toBe('reason');
    expect((await viewer.post(url, { reason: 'refund' })).statusCode).toBe(403);
    expect((await stranger.post(url, { reason: 'refund' })).statusCode).toBe(404);
    const response = await controller.post(url, { reason: 'refund of a supplier' });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ id: item.id, status: 'ignored' });
    expect((await controller.post(url, { reason: 'again' })).statusCode).toBe(409);
  });

  it('records a manual payment once per Idempotency-Key; the same key with another body is refused', async () => {
    const [claim] = await findOpenClaims(controller.ctx.db, controller.ctx.tenantId);
    if (!claim) throw new Error('demo data has no open claim');
    const customer = (await viewer.get(`/api/customers?limit=200`))
      .json()
      .items.find((c: { id: number }) => c.id === claim.customerId);
    const listOfCustomer = async () =>
      (await viewer.get(`/api/payments?customerId=${claim.customerId}&limit=200`)).json().items as {
        id: number;
        source: string;
        amountCents: number;
      }[];
    const before = await listOfCustomer();
    const body = {
      customerNumber: customer.number,
      amountCents: 1234,
      bookedOn: TODAY,
      invoiceNumbers: [claim.number],
      reference: 'Barzahlung',
    };
    const key = { 'idempotency-key': '3f1c2a9e-5b7d-4e0a-9c1b-2d3e4f5a6b7c' };

    const invalid = await controller.post('/api/payments', { ...body, amountCents: -5 }, key);
    expect(invalid.statusCode).toBe(400);
    expect(invalid.json().errors[0].path).toBe('amountCents');
    expect((await viewer.post('/api/payments', body, key)).statusCode).toBe(403);
    expect((await anonymous(app, viewer.ctx).post('/api/payments', body, key)).statusCode).toBe(401);
    expect((await stranger.post('/api/payments', body)).statusCode).toBe(404);

    const first = await controller.post('/api/payments', body, key);
    expect(first.statusCode).toBe(201);
    const recorded = first.json();
    expect(recorded).toMatchObject({ amountCents: 1234, receivedOn: TODAY, customerId: claim.customerId });
    expect(recorded.allocations[0]).toMatchObject({ invoiceNumber: claim.number });

    const token = await withToken(app, controller.ctx, 'controller');
    const retry = await token.post('/api/payments', body, key);
    expect(retry.statusCode).toBe(201);
    expect(retry.headers['idempotent-replayed']).toBe('true');
    expect(retry.json()).toEqual(recorded);

    const reused = await controller.post('/api/payments', { ...body, amountCents: 999 }, key);
    expect(reused.statusCode).toBe(409);
    expect(reused.json().code).toBe('idempotency-key-reused');

    const detail = await viewer.get(`/api/payments/${recorded.paymentId}`);
    expect(detail.statusCode).toBe(200);
    expect(detail.json()).toMatchObject({
      id: recorded.paymentId,
      customerNumber: customer.number,
      amountCents: 1234,
      reference: 'Barzahlung',
      allocations: recorded.allocations,
    });
    expect((await stranger.get(`/api/payments/${recorded.paymentId}`)).statusCode).toBe(404);

    const after = await listOfCustomer();
    expect(after).toHaveLength(before.length + 1);
    expect(after.filter((p) => p.id === recorded.paymentId)).toMatchObject([
      { source: 'manual', amountCents: 1234 },
    ]);
    expect((await stranger.get(`/api/payments?customerId=${claim.customerId}`)).statusCode).toBe(404);
  });

  it('books once when the same request with the same key arrives twice at the same time', async () => {
    const [claim] = await findOpenClaims(controller.ctx.db, controller.ctx.tenantId);
    if (!claim) throw new Error('demo data has no open claim');
    const customers = (await viewer.get('/api/customers?limit=200')).json().items as {
      id: number;
      number: string;
    }[];
    const customer = customers.find((c) => c.id === claim.customerId) as { number: string };
    const body = { customerNumber: customer.number, amountCents: 500, bookedOn: TODAY };
    const key = { 'idempotency-key': 'simultaneous-1' };
    const responses = await Promise.all([
      controller.post('/api/payments', body, key),
      controller.post('/api/payments', body, key),
    ]);
    expect(responses.map((r) => r.statusCode)).toEqual([201, 201]);
    const ids = responses.map((r) => r.json().paymentId);
    expect(ids[0]).toBe(ids[1]);
    expect(responses.filter((r) => r.headers['idempotent-replayed'] === 'true')).toHaveLength(1);
  });

  it('documents the payment and dunning routes in the OpenAPI document', async () => {
    const response = await anonymous(app, viewer.ctx).get('/api/openapi.json');
    expect(response.statusCode).toBe(200);
    const paths = Object.keys(response.json().paths);
    expect(paths).toEqual(
      expect.arrayContaining([
        '/api/statements',
        '/api/statements/{id}',
        '/api/review-queue',
        '/api/review-queue/{id}/assign',
        '/api/payments',
        '/api/payments/{id}',
        '/api/runs/preview',
        '/api/notices/{id}/pdf',
        '/api/runs/{id}/letters.pdf',
      ]),
    );
  });

  it('lists payments newest first page by page', async () => {
    const all = (await viewer.get('/api/payments?limit=200')).json().items as {
      id: number;
      receivedOn: string;
    }[];
    expect(all.length).toBeGreaterThan(2);
    const days = all.map((p) => p.receivedOn);
    expect(days).toEqual([...days].sort().reverse());
    const paged: number[] = [];
    let cursor: string | null = null;
    do {
      const response = await viewer.get(`/api/payments?limit=7${cursor ? `&cursor=${cursor}` : ''}`);
      const body: { items: { id: number }[]; nextCursor: string | null } = response.json();
      paged.push(...body.items.map((p) => p.id));
      cursor = body.nextCursor;
    } while (cursor);
    expect(paged).toEqual(all.map((p) => p.id));
    const bad = await viewer.get('/api/payments?customerId=x');
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors[0].path).toBe('querystring.customerId');
  });
});
