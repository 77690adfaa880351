/**
 * The per-account slow-down of login (auth-service `login`): attempts sent at once after five
 * failures are let through one at a time, on either database, also from several processes' worth of
 * concurrent requests (the attempt is taken atomically in the database).
 */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../db/database.ts';
import { isAppError } from './app-error.ts';
import { createUser, ensureFirstAdmin, login } from './auth-service.ts';
import { TEST_PASSWORD } from '../../test/support/test-api.ts';
import {
  newTenantContext,
  openTestDatabase,
  TEST_DATABASE_KINDS,
  type TestDatabase,
} from '../../test/support/test-database.ts';

describe.each(TEST_DATABASE_KINDS)('login slow-down per account on %s', (kind) => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await openTestDatabase(kind);
  }, 60_000);
  afterAll(() => database?.close());

  const outcome = (promise: Promise<unknown>) =>
    promise.then(
      () => 'in',
      (error: unknown) => (isAppError(error) ? error.code : `error: ${(error as Error).message}`),
    );

  /** A viewer of a new company, and a login attempt of theirs at a given time. */
  async function newAccount(prefix: string) {
    const ctx = await newTenantContext(database);
    const email = `${prefix}-${ctx.tenantCode}@example.test`;
    await createUser(ctx, { email, name: prefix, role: 'viewer', password: TEST_PASSWORD });
    return (password: string, at: Date) => outcome(login(database.db, { email, password }, at));
  }

  it('lets one of ten attempts sent at once through after five failures, and none before its wait', async () => {
    const attempt = await newAccount('slow');
    const at = new Date('2026-05-04T09:00:00Z');
    for (let i = 0; i < 5; i += 1) expect(await attempt('wrong password', at)).toBe('unauthenticated');
    const later = new Date(at.getTime() + 1000);
    const burst = await Promise.all(Array.from({ length: 10 }, () => attempt('wrong password', later)));
    expect(burst.filter((o) => o === 'unauthenticated')).toHaveLength(1);
    expect(burst.filter((o) => o === 'rate-limited')).toHaveLength(9);
    // Six failures now: the next attempt waits two seconds from the last one, whatever the password.
    expect(await attempt(TEST_PASSWORD, new Date(later.getTime() + 1500))).toBe('rate-limited');
    expect(await attempt(TEST_PASSWORD, new Date(later.getTime() + 3000))).toBe('in');
  });

  it('waits at most a minute, however many failures', async () => {
    const attempt = await newAccount('cap');
    let at = new Date('2026-05-04T10:00:00Z');
    for (let i = 0; i < 20; i += 1) {
      at = new Date(at.getTime() + 61_000);
      expect(await attempt('wrong password', at)).toBe('unauthenticated');
    }
    expect(await attempt(TEST_PASSWORD, new Date(at.getTime() + 59_000))).toBe('rate-limited');
    expect(await attempt(TEST_PASSWORD, new Date(at.getTime() + 60_000))).toBe('in');
  });

  it('makes the first admin once when several servers start at once on a fresh company', async () => {
    const ctx = await newTenantContext(database);
    const options = { email: `first-${ctx.tenantCode}@example.test`, password: TEST_PASSWORD };
    const starts = await Promise.allSettled([1, 2, 3].map(() => ensureFirstAdmin(ctx, options)));
    expect(starts.map((s) => s.status)).toEqual(['fulfilled', 'fulfilled', 'fulfilled']);
    const made = starts.filter((s) => s.status === 'fulfilled' && s.value !== null);
    expect(made).toHaveLength(1);
    const users = await queryRows<{ n: number }>(
      database.db,
      sql`select count(*)::int as n from users where tenant_id = ${ctx.tenantId}`,
    );
    expect(users[0]?.n).toBe(1);
  });
});
