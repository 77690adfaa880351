import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../db/database.ts';
import { lastVerification } from '../services/audit-service.ts';
import { createUser } from '../services/auth-service.ts';
import { newTenantContext, openTestDatabase, type TestDatabase } from '../../test/support/test-database.ts';
import { runDueWork } from './scheduler.ts';

describe('the daily scheduler', () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await openTestDatabase('pglite');
  }, 60_000);
  afterAll(() => database?.close());

  const count = async (table: 'sessions' | 'idempotency_keys' | 'dunning_runs', tenantId: number) =>
    (
      await queryRows<{ n: number }>(
        database.db,
        sql`select count(*)::int as n from ${sql.identifier(table)} where tenant_id = ${tenantId}`,
      )
    )[0]?.n;

  it('forgets expired sessions, day-old idempotency keys and failed logins, and runs the day once after its time', async () => {
    const ctx = await newTenantContext(database);
    const user = await createUser(ctx, {
      email: 'a@example.test',
      name: 'A',
      role: 'viewer',
      password: 'a long enough password',
    });
    const morning = new Date(2026, 10, 24, 5, 0); // 05:00 local, before the 06:00 run
    await database.db.execute(sql`
      insert into sessions (tenant_id, user_id, token_hash, csrf_token, expires_at) values
        (${ctx.tenantId}, ${user.id}, 'expired', 'c', ${new Date(morning.getTime() - 1000).toISOString()}),
        (${ctx.tenantId}, ${user.id}, 'live', 'c', ${new Date(morning.getTime() + 3_600_000).toISOString()})`);
    await database.db.execute(sql`
      insert into idempotency_keys (tenant_id, key, request_hash, status_code, response, created_at) values
        (${ctx.tenantId}, 'old', 'h', 201, '{}', ${new Date(morning.getTime() - 25 * 3_600_000).toISOString()}),
        (${ctx.tenantId}, 'new', 'h', 201, '{}', ${new Date(morning.getTime() - 3_600_000).toISOString()})`);
    const key = (name: string) => `${ctx.tenantCode}-${name}`;
    await database.db.execute(sql`
      insert into login_attempts (email_key, failures, last_attempt_at) values
        (${key('old')}, 7, ${new Date(morning.getTime() - 25 * 3_600_000).toISOString()}),
        (${key('new')}, 7, ${new Date(morning.getTime() - 3_600_000).toISOString()})`);
    const log: string[] = [];
    const options = { runAfter: '06:00', log: (line: string) => log.push(line) };
    expect(await runDueWork(database, { ...options, now: () => morning })).toBe(0);
    const attempts = await queryRows<{ email_key: string }>(
      database.db,
      sql`select email_key from login_attempts where email_key like ${`${ctx.tenantCode}-%`}`,
    );
    expect(attempts.map((a) => a.email_key)).toEqual([key('new')]);
    expect([await count('sessions', ctx.tenantId), await count('idempotency_keys', ctx.tenantId)]).toEqual([
      1, 1,
    ]);
    expect(await count('dunning_runs', ctx.tenantId)).toBe(0);
    const later = new Date(2026, 10, 24, 6, 30);
    expect(await runDueWork(database, { ...options, now: () => later })).toBeGreaterThanOrEqual(1);
    expect(await count('dunning_runs', ctx.tenantId)).toBe(1);
    await runDueWork(database, { ...options, now: () => later });
    expect(await count('dunning_runs', ctx.tenantId)).toBe(1);
    expect(log.some((line) => line.includes(ctx.tenantCode))).toBe(true);
  });

  it('verifies every company’s event chain once a night and raises an alert when it is broken', async () => {
    const intact = await newTenantContext(database);
    const tampered = await newTenantContext(database);
    await createUser(tampered, {
      email: 'b@example.test',
      name: 'B',
      role: 'viewer',
      password: 'a long enough password',
    });
    // Someone edits a recorded event in the database directly.
    await database.db.execute(
      sql`update events set actor = 'nobody' where tenant_id = ${tampered.tenantId} and seq = 2`,
    );
    const log: string[] = [];
    const night = new Date(2026, 10, 25, 6, 30);
    const options = { runAfter: '06:00', log: (line: string) => log.push(line), now: () => night };
    await runDueWork(database, options);
    expect(log).toContainEqual(`audit verify for ${intact.tenantCode}: event chain intact, 1 events`);
    expect(log).toContainEqual(
      expect.stringMatching(
        new RegExp(
          `^ALERT audit verify for ${tampered.tenantCode}: event chain BROKEN at event 2: .*changed`,
        ),
      ),
    );
    expect(await lastVerification(intact)).toMatchObject({ ok: true, checked: 1, at: night.toISOString() });
    expect(await lastVerification(tampered)).toMatchObject({ ok: false, firstBroken: { seq: 2 } });
    // Once a day: a second pass the same day verifies nothing again.
    log.length = 0;
    await runDueWork(database, options);
    expect(log.filter((line) => line.includes('audit verify'))).toEqual([]);
    const nextNight = new Date(2026, 10, 26, 6, 30);
    await runDueWork(database, { ...options, now: () => nextNight });
    expect(log).toContainEqual(`audit verify for ${intact.tenantCode}: event chain intact, 2 events`);
  });
});
