/**
 * Database outage: the server (`node bin/server.js`) talks to PostgreSQL through a TCP proxy in
 * this test; cutting the proxy (open connections destroyed, new ones refused) is PostgreSQL going
 * away without stopping the machine's server, which other tests use. While it is away the API
 * answers 503 application/problem+json with a clear message — quickly, never a hang or a 500 — and
 * when it is back the same process answers again, without a restart. PostgreSQL only. Skipped
 * without TEST_DATABASE_URL, unless MAHNWERK_REQUIRE_SERVICES=1.
 */
import { createServer, type Server, type Socket, connect } from 'node:net';
import { DrizzleQueryError } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isDatabaseUnavailable } from '../../src/api/problem.ts';
import { createApiToken } from '../../src/services/auth-service.ts';
import { createCustomer } from '../../src/services/customer-service.ts';
import { freePort, type ServerProcess, startServerProcess } from '../support/server-process.ts';
import { newTenantContext, openTestDatabase, type TestDatabase } from '../support/test-database.ts';

const hasPostgres = Boolean(process.env.TEST_DATABASE_URL);

/** A TCP proxy to PostgreSQL that can be cut and restored on the same port. */
async function startProxy(target: { host: string; port: number }) {
  const port = await freePort();
  const sockets = new Set<Socket>();
  let server: Server | null = null;
  const listen = () =>
    new Promise<void>((resolve, reject) => {
      server = createServer((client) => {
        const upstream = connect(target.port, target.host);
        sockets.add(client).add(upstream);
        const drop = () => {
          client.destroy();
          upstream.destroy();
          sockets.delete(client);
          sockets.delete(upstream);
        };
        client.on('error', drop).on('close', drop);
        upstream.on('error', drop).on('close', drop);
        client.pipe(upstream).pipe(client);
      });
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => resolve());
    });
  await listen();
  return {
    port,
    /** Refuses new connections and breaks the open ones. */
    cut: async () => {
      const closing = new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
      for (const socket of sockets) socket.destroy();
      sockets.clear();
      await closing;
      server = null;
    },
    restore: listen,
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
    },
  };
}

describe('what counts as the database being unreachable', () => {
  it('finds the driver error inside drizzle’s "Failed query" error', () => {
    const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' });
    expect(isDatabaseUnavailable(new DrizzleQueryError('select 1', [], refused))).toBe(true);
    expect(
      isDatabaseUnavailable(
        new DrizzleQueryError('select 1', [], new Error('Connection terminated unexpectedly')),
      ),
    ).toBe(true);
    expect(isDatabaseUnavailable(new Error('timeout exceeded when trying to connect'))).toBe(true);
    const unique = Object.assign(new Error('duplicate key value'), { code: '23505' });
    expect(isDatabaseUnavailable(new DrizzleQueryError('insert', [], unique))).toBe(false);
    expect(isDatabaseUnavailable(new Error('something else'))).toBe(false);
  });
});

describe.runIf(hasPostgres)('the server while PostgreSQL is unreachable', () => {
  let database: TestDatabase;
  let proxy: Awaited<ReturnType<typeof startProxy>>;
  let server: ServerProcess;

  beforeAll(async () => {
    database = await openTestDatabase('postgres');
    const ctx = await newTenantContext(database);
    await createCustomer(ctx, { number: 'K-1', name: 'Kunde GmbH', debtorKind: 'business' });
    const { token } = await createApiToken(ctx, { name: 'outage', role: 'admin' });
    const target = new URL(database.url as string);
    proxy = await startProxy({ host: target.hostname, port: Number(target.port || 5432) });
    const viaProxy = new URL(database.url as string);
    viaProxy.host = `127.0.0.1:${proxy.port}`;
    server = await startServerProcess({ databaseUrl: viaProxy.toString(), token });
  }, 180_000);
  afterAll(async () => {
    await server?.stop();
    await proxy?.close();
    await database?.close();
  });

  it('answers 503 with a clear problem while PostgreSQL is away, and recovers without a restart', async () => {
    const customers = () => server.request('GET', '/api/customers');
    expect((await customers()).status).toBe(200);

    await proxy.cut();
    // Twice: the first request meets the broken pooled connections, the second a refused connect.
    for (let i = 0; i < 2; i++) {
      const started = Date.now();
      const response = await customers();
      expect(response.status).toBe(503);
      expect(response.headers.get('content-type')).toMatch(/application\/problem\+json/);
      expect(await response.json()).toMatchObject({
        status: 503,
        code: 'database-unavailable',
        detail: 'the database cannot be reached; try again shortly',
      });
      // An answer, not a hang: well within the pool's connection timeout.
      expect(Date.now() - started).toBeLessThan(15_000);
    }
    const health = await server.request('GET', '/health');
    expect(health.status).toBe(503);
    expect(await health.json()).toMatchObject({ status: 'unavailable' });

    await proxy.restore();
    let status = 0;
    for (let i = 0; i < 50 && status !== 200; i++) {
      status = (await customers()).status;
      if (status !== 200) await new Promise((r) => setTimeout(r, 200));
    }
    expect(status).toBe(200);
    const listed = (await (await customers()).json()) as { items: { number: string }[] };
    expect(listed.items.map((c) => c.number)).toEqual(['K-1']);
    expect((await server.request('GET', '/health')).status).toBe(200);
    // The process lived through it.
    expect(server.output()).not.toMatch(/uncaught|unhandled/i);
  }, 120_000);
});
