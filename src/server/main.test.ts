import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../db/database.ts';
import { openTestDatabase } from '../../test/support/test-database.ts';
import { buildServer, outboxIntervalMs, rowLevelSecurityLine } from './main.ts';

/** A stream that keeps what the server logs. */
function capturedLog() {
  let text = '';
  const logStream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      text += chunk.toString();
      done();
    },
  });
  return { logStream, logged: () => text };
}

describe('the server log', () => {
  let database: Database;
  beforeAll(async () => {
    database = await openTestDatabase('pglite');
  }, 60_000);
  afterAll(() => database?.close());

  it('writes an unhandled error with the reference the client got, and no credential', async () => {
    const { logStream, logged } = capturedLog();
    const app = await buildServer(database, { webDist: '/nonexistent', logStream });
    app.post('/test-failure', async () => {
      throw new Error('disk on fire');
    });
    await app.ready();
    const response = await app.inject({
      method: 'POST',
      url: '/test-failure',
      headers: { authorization: 'Bearer secret-token-123', cookie: 'mahnwerk_session=cookie-456' },
      payload: { password: 'hunter2-password' },
    });
    await app.close();
    expect(response.statusCode).toBe(500);
    const reference = /reference ([0-9a-f-]{36})/.exec(response.json<{ detail: string }>().detail)?.[1];
    expect(reference).toBeDefined();
    const lines = logged()
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { level: number; reference?: string; err?: { message: string } });
    const line = lines.find((l) => l.reference === reference);
    expect(line).toMatchObject({ level: 50, err: { message: 'disk on fire' } });
    for (const secret of ['secret-token-123', 'cookie-456', 'hunter2-password']) {
      expect(logged()).not.toContain(secret);
    }
  });

  it('logs nothing for a request that succeeds at the default level', async () => {
    const { logStream, logged } = capturedLog();
    const app = await buildServer(database, { webDist: '/nonexistent', logStream });
    await app.ready();
    expect((await app.inject({ method: 'GET', url: '/health' })).statusCode).toBe(200);
    await app.close();
    expect(logged()).toBe('');
  });
});

describe('the outbox interval from the environment', () => {
  it('is 30 s unless set, and refuses what is no number of milliseconds in range, naming the variable', () => {
    expect(outboxIntervalMs(undefined)).toBe(30_000);
    expect(outboxIntervalMs('')).toBe(30_000);
    expect(outboxIntervalMs('2000')).toBe(2000);
    for (const bad of ['5', 'soon', '1.5', '99999999']) {
      expect(() => outboxIntervalMs(bad)).toThrow(/MAHNWERK_OUTBOX_INTERVAL_MS: expected milliseconds/);
    }
  });
});

describe('the start-up line on row-level security', () => {
  it('warns when a PostgreSQL role passes through the policies, is quiet on the embedded database', () => {
    expect(
      rowLevelSecurityLine({ description: 'postgres://db:5432/mahnwerk', rowLevelSecurity: true }),
    ).toMatch(/row-level security: on/);
    expect(
      rowLevelSecurityLine({ description: 'postgres://db:5432/mahnwerk', rowLevelSecurity: false }),
    ).toMatch(
      /WARNING row-level security is not in effect: the database role is a superuser or has BYPASSRLS/,
    );
    expect(rowLevelSecurityLine({ description: 'pglite:./data', rowLevelSecurity: false })).toBe('');
  });
});
