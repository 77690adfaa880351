import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  newTenantContext,
  openTestDatabase,
  TEST_DATABASE_KINDS,
  type TestDatabase,
} from '../../test/support/test-database.ts';
import { outbox } from '../db/schema.ts';
import { createCustomer } from '../services/customer-service.ts';
import { createInvoice } from '../services/invoice-service.ts';
import { recordPayment } from '../services/payment-service.ts';
import { addWebhook, removeWebhook } from '../services/webhook-service.ts';
import { runOutboxPass } from './outbox-worker.ts';
import { signWebhook, verifyWebhookSignature } from './webhook.ts';

interface Hit {
  headers: IncomingMessage['headers'];
  body: string;
}

async function startReceiver(status: () => number) {
  const hits: Hit[] = [];
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (c: Buffer) => chunks.push(c));
    request.on('end', () => {
      hits.push({ headers: request.headers, body: Buffer.concat(chunks).toString() });
      response.writeHead(status()).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
  return { hits, url, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

describe('webhook signatures', () => {
  it('verifies its own signature and refuses a changed body, another secret or an old timestamp', () => {
    const at = new Date('2026-11-24T10:00:00Z');
    const header = signWebhook('s3cret-s3cret-s3cret', '{"a":1}', at);
    expect(verifyWebhookSignature('s3cret-s3cret-s3cret', header, '{"a":1}', at.getTime())).toBe(true);
    expect(verifyWebhookSignature('s3cret-s3cret-s3cret', header, '{"a":2}', at.getTime())).toBe(false);
    expect(verifyWebhookSignature('another-secret-value', header, '{"a":1}', at.getTime())).toBe(false);
    expect(verifyWebhookSignature('s3cret-s3cret-s3cret', header, '{"a":1}', at.getTime() + 600_000)).toBe(
      false,
    );
    expect(verifyWebhookSignature('s3cret-s3cret-s3cret', 'garbage', '{"a":1}', at.getTime())).toBe(false);
  });
});

describe.each(TEST_DATABASE_KINDS)('webhooks on %s', (kind) => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await openTestDatabase(kind);
  }, 60_000);
  afterAll(() => database?.close());

  it('announces a booked payment by a signed POST, retries a failing receiver, and stops after removal', async () => {
    const ctx = await newTenantContext(database);
    let answer = 503;
    const receiver = await startReceiver(() => answer);
    try {
      const endpoint = await addWebhook(ctx, {
        url: receiver.url,
        events: ['payment.recorded'],
        secret: 'test-secret-0123456789',
      });
      await createCustomer(ctx, { number: 'K-1', name: 'Zahler AG', debtorKind: 'business' });
      await createInvoice(ctx, {
        customerNumber: 'K-1',
        number: 'RE-1',
        issuedOn: '2026-11-02',
        lines: [{ description: 'Leistung', unitPrice: '100.00' }],
      });
      await recordPayment(ctx, { customerNumber: 'K-1', receivedOn: '2026-11-20', amount: '119.00' });
      const now = new Date();
      const first = await runOutboxPass(database, {
        transport: null,
        from: '',
        replyTo: null,
        now: () => now,
      });
      expect(first.retried).toBeGreaterThanOrEqual(1);
      answer = 204;
      const later = new Date(now.getTime() + 60 * 60_000);
      await runOutboxPass(database, { transport: null, from: '', replyTo: null, now: () => later });
      const mine = receiver.hits.filter((h) => h.body.includes('"payment.recorded"'));
      expect(mine).toHaveLength(2);
      const hit = mine[1]!;
      const body = JSON.parse(hit.body) as { type: string; payload: { amountCents: number } };
      expect(body).toMatchObject({ type: 'payment.recorded', payload: { amountCents: 119_00 } });
      expect(
        verifyWebhookSignature(
          'test-secret-0123456789',
          hit.headers['mahnwerk-signature'] as string,
          hit.body,
          later.getTime(),
        ),
      ).toBe(true);
      const rows = await ctx.db.select().from(outbox).where(eq(outbox.tenantId, ctx.tenantId));
      expect(rows.map((r) => `${r.kind} ${r.status} ${r.attempts} ${r.messageId}`)).toEqual([
        'webhook sent 2 HTTP 204',
      ]);

      await removeWebhook(ctx, endpoint.id);
      await recordPayment(ctx, { customerNumber: 'K-1', receivedOn: '2026-11-21', amount: '5.00' });
      expect((await ctx.db.select().from(outbox).where(eq(outbox.tenantId, ctx.tenantId))).length).toBe(1);
      await expect(addWebhook(ctx, { url: 'ftp://x', events: [] })).rejects.toThrow(/expected http or https/);
      await expect(addWebhook(ctx, { url: receiver.url, events: ['invoice.created'] })).rejects.toThrow(
        /unknown invoice\.created/,
      );
    } finally {
      await receiver.close();
    }
  });
});
