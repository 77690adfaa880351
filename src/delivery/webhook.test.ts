import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { eq } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  newTenantContext,
  openTestDatabase,
  TEST_DATABASE_KINDS,
  type TestDatabase,
} from '../../test/support/test-database.ts';
import { outbox, webhookEndpoints } from '../db/schema.ts';
import { createCustomer } from '../services/customer-service.ts';
import { createInvoice } from '../services/invoice-service.ts';
import { recordPayment } from '../services/payment-service.ts';
import { addWebhook, removeWebhook } from '../services/webhook-service.ts';
import { runOutboxPass } from './outbox-worker.ts';
import {
  ALLOW_PRIVATE_WEBHOOKS_ENV,
  isPublicAddress,
  postWebhook,
  type ResolveHost,
  signWebhook,
  verifyWebhookSignature,
  WebhookRejected,
} from './webhook.ts';

interface Hit {
  headers: IncomingMessage['headers'];
  body: string;
}

async function startReceiver(status: () => number, headers: () => Record<string, string> = () => ({})) {
  const hits: Hit[] = [];
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (c: Buffer) => chunks.push(c));
    request.on('end', () => {
      hits.push({ headers: request.headers, body: Buffer.concat(chunks).toString() });
      const code = status();
      // 0: keep the receiver silent, as a hanging one would be.
      if (code !== 0) response.writeHead(code, headers()).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  const url = `http://127.0.0.1:${port}/hook`;
  const close = () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return { hits, url, port, close };
}

/** A resolver that knows only the names it is given, as DNS would answer them. */
function fakeDns(names: Record<string, string[]>): ResolveHost {
  return async (hostname) => {
    const addresses = names[hostname];
    if (!addresses)
      throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND' });
    return addresses.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));
  };
}

async function rejectionOf(promise: Promise<unknown>): Promise<WebhookRejected> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(WebhookRejected);
  return error as WebhookRejected;
}

const AT = new Date('2026-11-24T10:00:00Z');
const SECRET = 'test-secret-0123456789';

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

describe('which addresses webhooks may go to', () => {
  it.each([
    '0.0.0.0',
    '10.1.2.3',
    '100.64.0.1',
    '100.127.255.254',
    '127.0.0.1',
    '127.255.255.255',
    '169.254.169.254',
    '172.16.0.1',
    '172.31.255.255',
    '192.168.1.1',
    '192.0.2.10',
    '198.18.0.1',
    '224.0.0.1',
    '255.255.255.255',
    '::',
    '::1',
    '[::1]',
    '::ffff:127.0.0.1',
    '::ffff:7f00:1',
    '::ffff:a9fe:a9fe',
    '::ffff:0:10.0.0.1',
    '::127.0.0.1',
    '64:ff9b::a00:1',
    '2002:7f00:1::1',
    'fc00::1',
    'fd12:3456:789a::1',
    'fe80::1',
    'fe80::1%eth0',
    'fec0::1',
    'ff02::1',
    '2001:db8::1',
    '2001::1',
    'localhost',
    'not-an-address',
  ])('refuses %s', (address) => {
    expect(isPublicAddress(address)).toBe(false);
  });

  it.each([
    '93.184.215.14',
    '8.8.8.8',
    '100.128.0.1',
    '172.32.0.1',
    '192.169.0.1',
    '11.0.0.1',
    '2606:4700:4700::1111',
    '2a00:1450:4001:80b::200e',
    '::ffff:8.8.8.8',
    '64:ff9b::808:808',
    '2002:808:808::1',
  ])('accepts %s', (address) => {
    expect(isPublicAddress(address)).toBe(true);
  });
});

describe('posting a webhook', () => {
  afterEach(() => {
    vi.unstubAllEnvs();
  });

  it('refuses a host name that resolves to a loopback address, permanently and without connecting', async () => {
    const receiver = await startReceiver(() => 204);
    try {
      const rebound = fakeDns({
        'hooks.example': ['127.0.0.1'],
        'mixed.example': ['93.184.215.14', '10.0.0.7'],
      });
      for (const host of ['hooks.example', 'mixed.example']) {
        const error = await rejectionOf(
          postWebhook(`https://${host}:${receiver.port}/hook`, SECRET, '{}', AT, {
            allowPrivate: false,
            resolve: rebound,
          }),
        );
        expect(error.permanent).toBe(true);
        expect(error.message).toMatch(
          new RegExp(
            `host ${host} resolves to (127\\.0\\.0\\.1|10\\.0\\.0\\.7), which is not a public address`,
          ),
        );
        expect(error.message).toContain(ALLOW_PRIVATE_WEBHOOKS_ENV);
      }
      expect(receiver.hits).toHaveLength(0);
    } finally {
      await receiver.close();
    }
  });

  it('connects to the address its own lookup resolved, when internal receivers are allowed', async () => {
    const receiver = await startReceiver(() => 204);
    try {
      const answer = await postWebhook(
        `http://internal.example:${receiver.port}/hook`,
        SECRET,
        '{"a":1}',
        AT,
        {
          allowPrivate: true,
          resolve: fakeDns({ 'internal.example': ['127.0.0.1'] }),
        },
      );
      expect(answer).toBe('HTTP 204');
      expect(receiver.hits.map((h) => h.body)).toEqual(['{"a":1}']);
      expect(receiver.hits[0]!.headers.host).toBe(`internal.example:${receiver.port}`);
    } finally {
      await receiver.close();
    }
  });

  it('refuses literal private addresses, localhost and plain http without the opt-in, read from the environment', async () => {
    const receiver = await startReceiver(() => 204);
    try {
      vi.stubEnv(ALLOW_PRIVATE_WEBHOOKS_ENV, '');
      for (const url of [
        receiver.url,
        `https://127.0.0.1:${receiver.port}/hook`,
        `https://[::1]:${receiver.port}/hook`,
        `https://[::ffff:127.0.0.1]:${receiver.port}/hook`,
        `https://localhost:${receiver.port}/hook`,
        'http://erp.example/hook',
      ]) {
        const error = await rejectionOf(postWebhook(url, SECRET, '{}', AT));
        expect(error.permanent, url).toBe(true);
        expect(error.message, url).toMatch(/not a public address|expected https, got http:/);
      }
      expect(receiver.hits).toHaveLength(0);
      vi.stubEnv(ALLOW_PRIVATE_WEBHOOKS_ENV, '1');
      expect(await postWebhook(receiver.url, SECRET, '{}', AT)).toBe('HTTP 204');
    } finally {
      await receiver.close();
    }
  });

  it('does not follow a redirect but reports it as a permanent failure', async () => {
    const target = await startReceiver(() => 204);
    const redirecting = await startReceiver(
      () => 307,
      () => ({ location: target.url }),
    );
    try {
      const error = await rejectionOf(postWebhook(redirecting.url, SECRET, '{}', AT, { allowPrivate: true }));
      expect(error.permanent).toBe(true);
      expect(error.message).toBe(
        `http://127.0.0.1:${redirecting.port}: HTTP 307, a redirect, which is not followed; register the URL it points to`,
      );
      expect(redirecting.hits).toHaveLength(1);
      expect(target.hits).toHaveLength(0);
    } finally {
      await redirecting.close();
      await target.close();
    }
  });

  it('gives up on a receiver that does not answer in time, to try again later', async () => {
    const silent = await startReceiver(() => 0);
    try {
      const started = Date.now();
      const error = await rejectionOf(
        postWebhook(silent.url, SECRET, '{}', AT, { allowPrivate: true, timeoutMs: 300 }),
      );
      expect(error.permanent).toBe(false);
      expect(error.message).toBe(`http://127.0.0.1:${silent.port}: no answer within 0.3 s`);
      expect(Date.now() - started).toBeLessThan(5_000);
    } finally {
      await silent.close();
    }
  });

  it('names only the origin in a failure, never the path, the query token or credentials', async () => {
    const failing = await startReceiver(() => 500);
    try {
      const withToken = await rejectionOf(
        postWebhook(`${failing.url}/t0ken-in-path?token=qu3ry-t0ken`, SECRET, '{}', AT, {
          allowPrivate: true,
        }),
      );
      expect(withToken.message).toBe(`http://127.0.0.1:${failing.port}: HTTP 500`);
      expect(withToken.permanent).toBe(false);
      const withCredentials = await rejectionOf(
        postWebhook(`https://erp:pa55w0rd@erp.example/hook`, SECRET, '{}', AT, { allowPrivate: true }),
      );
      expect(withCredentials.permanent).toBe(true);
      expect(withCredentials.message).toMatch(/^https:\/\/erp\.example: must not contain credentials/);
      expect(withCredentials.message).not.toContain('pa55w0rd');
      expect(failing.hits).toHaveLength(1);
    } finally {
      await failing.close();
    }
  });
});

describe.each(TEST_DATABASE_KINDS)('webhooks on %s', (kind) => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await openTestDatabase(kind);
  }, 60_000);
  afterAll(() => database?.close());
  afterEach(() => {
    vi.unstubAllEnvs();
  });

  it('announces a booked payment by a signed POST, retries a failing receiver, and stops after removal', async () => {
    // The receiver is on 127.0.0.1: an internal receiver, allowed explicitly.
    vi.stubEnv(ALLOW_PRIVATE_WEBHOOKS_ENV, '1');
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
      await expect(addWebhook(ctx, { url: 'ftp://x', events: [] })).rejects.toThrow(
        /url: expected http or https, got ftp:/,
      );
      await expect(addWebhook(ctx, { url: receiver.url, events: ['invoice.created'] })).rejects.toThrow(
        /unknown invoice\.created/,
      );
    } finally {
      await receiver.close();
    }
  });

  it('fails a delivery for good, with a reason free of tokens and passwords, once internal receivers are no longer allowed', async () => {
    vi.stubEnv(ALLOW_PRIVATE_WEBHOOKS_ENV, '1');
    const ctx = await newTenantContext(database);
    const receiver = await startReceiver(() => 204);
    try {
      await addWebhook(ctx, { url: `${receiver.url}?token=qu3ry-t0ken`, events: ['payment.recorded'] });
      // An endpoint stored before credentials in URLs were refused.
      await ctx.db.insert(webhookEndpoints).values({
        tenantId: ctx.tenantId,
        url: `https://erp:pa55w0rd@erp.example/hook`,
        secret: 'test-secret-0123456789',
        events: ['payment.recorded'],
      });
      await createCustomer(ctx, { number: 'K-1', name: 'Zahler AG', debtorKind: 'business' });
      await createInvoice(ctx, {
        customerNumber: 'K-1',
        number: 'RE-1',
        issuedOn: '2026-11-02',
        lines: [{ description: 'Leistung', unitPrice: '100.00' }],
      });
      await recordPayment(ctx, { customerNumber: 'K-1', receivedOn: '2026-11-20', amount: '119.00' });
      vi.stubEnv(ALLOW_PRIVATE_WEBHOOKS_ENV, '');
      const pass = await runOutboxPass(database, { transport: null, from: '', replyTo: null });
      expect(pass.failed).toBeGreaterThanOrEqual(2);
      const rows = await ctx.db.select().from(outbox).where(eq(outbox.tenantId, ctx.tenantId));
      expect(rows.map((r) => `${r.status} ${r.attempts} ${r.lastError}`).sort()).toEqual([
        `failed 1 http://127.0.0.1:${receiver.port}: expected https, got http: (plain http only with ${ALLOW_PRIVATE_WEBHOOKS_ENV}=1)`,
        `failed 1 https://erp.example: must not contain credentials (user:password@): the receiver checks the Mahnwerk-Signature header, made with the endpoint's secret, instead`,
      ]);
      expect(receiver.hits).toHaveLength(0);
    } finally {
      await receiver.close();
    }
  });
});
